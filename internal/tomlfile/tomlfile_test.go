package tomlfile

import (
	"slices"
	"testing"

	"github.com/BurntSushi/toml"
)

type doc struct {
	Title string `toml:"title"`
	Paths struct {
		Output string `toml:"output"`
	} `toml:"paths"`
	Metrics map[string]struct {
		Direction string `toml:"direction"`
	} `toml:"metrics"`
	Iteration []struct {
		ID string `toml:"id"`
	} `toml:"iteration"`
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		firstLine int
		want      string
	}{
		{"unknown top-level key", "title = \"x\"\ntitel = \"y\"\n", 1, `cfg.toml:2: unknown key "titel"`},
		{"unknown key in a table", "[paths]\noutput = \"site\"\noutptu = \"x\"\n", 1, `cfg.toml:3: unknown key "paths.outptu"`},
		{"unknown key under a map entry", "[metrics.accuracy]\ndirection = \"higher\"\ndirecton = \"lower\"\n", 1, `cfg.toml:3: unknown key "metrics.accuracy.directon"`},
		{"unknown key in an array of tables", "[[iteration]]\nid = \"v1\"\n[[iteration]]\nid = \"v2\"\nbasline = \"v1\"\n", 1, `cfg.toml:5: unknown key "iteration.basline"`},
		{"dotted key", "paths.outptu = \"x\"\n", 1, `cfg.toml:1: unknown key "paths.outptu"`},
		{"syntax error", "title = \"x\"\n\ntitle2 = = 3\n", 1, "cfg.toml:3:"},
		{"syntax error with offset", "title = \"x\"\n\ntitle2 = = 3\n", 5, "cfg.toml:7:"},
		{"unknown key with offset", "title = \"x\"\nfoo = 1\n", 3, `cfg.toml:4: unknown key "foo"`},
		{"wrong type", "title = \"x\"\n[paths]\noutput = 3\n", 1, "cfg.toml:3: incompatible types"},
		{"wrong type with offset", "title = 3\n", 4, "cfg.toml:4: incompatible types"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d doc
			_, err := Decode(tt.src, "cfg.toml", tt.firstLine, &d)
			if err == nil {
				t.Fatalf("Decode succeeded; want an error starting %q", tt.want)
			}
			if got := err.Error(); len(got) < len(tt.want) || got[:len(tt.want)] != tt.want {
				t.Errorf("error = %q; want it to start with %q", got, tt.want)
			}
		})
	}
}

func TestDecodeValid(t *testing.T) {
	var d doc
	src := "title = \"Report\"\n[paths]\noutput = \"public\"\n[metrics.\"rouge-l\"]\ndirection = \"higher\"\n"
	if _, err := Decode(src, "cfg.toml", 1, &d); err != nil {
		t.Fatal(err)
	}
	if d.Title != "Report" || d.Paths.Output != "public" || d.Metrics["rouge-l"].Direction != "higher" {
		t.Errorf("decoded %+v", d)
	}
}

func TestKeyLine(t *testing.T) {
	src := "a = 1\n# comment with b = 2\n[t]  # trailing comment\nb = 2\n[\"q.x\"]\nc = 3\n"
	tests := []struct {
		key  toml.Key
		want int
	}{
		{toml.Key{"a"}, 1},
		{toml.Key{"t"}, 3},
		{toml.Key{"t", "b"}, 4},
		{toml.Key{"q.x", "c"}, 6},
		{toml.Key{"missing"}, 0},
	}
	for _, tt := range tests {
		if got := KeyLine(src, tt.key); got != tt.want {
			t.Errorf("KeyLine(%v) = %d; want %d", tt.key, got, tt.want)
		}
	}
	var keys []toml.Key
	var want []int
	for _, tt := range tests {
		keys, want = append(keys, tt.key), append(want, tt.want)
	}
	if got := KeyLines(src, keys...); !slices.Equal(got, want) {
		t.Errorf("KeyLines(%v) = %v; want %v", keys, got, want)
	}
	if got := KeyLines(src, toml.Key{"t", "b"}, toml.Key{"a"}); !slices.Equal(got, []int{4, 1}) {
		t.Errorf("KeyLines(t.b, a) = %v; want [4 1]", got)
	}
}

// TestKeyLinesBare checks KeyLines on blocks of bare keys, which it reads
// without copying key paths, and on the blocks around them that take its
// general reading: a table, a quoted, dotted or spaced key, a line of an
// array that holds a "=".
func TestKeyLinesBare(t *testing.T) {
	keys := []toml.Key{{"iterations"}, {"metrics"}, {"primary"}}
	for _, tc := range []struct {
		name, block string
		lines       []int
	}{
		{"plain", "title = \"T\"\niterations = [\"v1\"]\nmetrics = [\"m\"]\nprimary = \"m\"\n", []int{2, 3, 4}},
		{"comments and blanks", "# metrics = 1\n\n  metrics=[]\n\tprimary =\"x\"\n", []int{0, 3, 4}},
		{"twice", "metrics = 1\nmetrics = 2\n", []int{0, 1, 0}},
		{"in a value", "summary = \"metrics = 3\"\nmetrics = []\n", []int{0, 2, 0}},
		{"table after the last", "iterations = []\nmetrics = []\nprimary = \"m\"\n[extra]\nmetrics = 1\n", []int{1, 2, 3}},
		{"table before", "iterations = []\n[[discrepancies]]\nmetrics = \"m\"\n", []int{1, 0, 0}},
		{"quoted", "\"metrics\" = []\n", []int{0, 1, 0}},
		{"dotted", "metrics.x = 1\n", []int{0, 0, 0}},
		{"spaced", "pri mary = 1\n", []int{0, 0, 1}},
		{"array line", "iterations = [\n  \"metrics = 1\",\n]\n", []int{1, 2, 0}},
		{"empty key", "= 1\nmetrics = 2\n", []int{0, 2, 0}},
		{"empty", "", []int{0, 0, 0}},
	} {
		if got := KeyLines(tc.block, keys...); !slices.Equal(got, tc.lines) {
			t.Errorf("%s: KeyLines = %v; want %v", tc.name, got, tc.lines)
		}
	}
}
