package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/synth"
)

func TestIsBenchConfig(t *testing.T) {
	bench := synth.Bench().Config
	tests := []struct {
		name string
		data string
		want bool
	}{
		{"the corpus config", bench, true},
		{"older corpus with a comment first", "# generated\n\n" + strings.SplitN(bench, "\n", 2)[0] + "\n", true},
		{"title line with other settings", strings.SplitN(bench, "\n", 2)[0] + "\nbaseURL = \"x\"\n", true},
		{"another title", "title = \"Support assistant\"\n", false},
		{"title not first", "description = \"x\"\n" + bench, false},
		{"empty", "", false},
		{"only comments", "# nothing\n", false},
	}
	for _, tt := range tests {
		if got := isBenchConfig([]byte(tt.data), bench); got != tt.want {
			t.Errorf("%s: isBenchConfig = %v, want %v", tt.name, got, tt.want)
		}
	}
	if isBenchConfig([]byte(bench), "") {
		t.Error("an empty bench config matched")
	}
}

func TestCheckBenchDir(t *testing.T) {
	bench := synth.Bench().Config
	tests := []struct {
		name    string
		files   map[string]string // relative path -> contents; "" with a trailing / is a folder
		wantErr string
	}{
		{"empty folder", nil, ""},
		{"other files only", map[string]string{"notes.txt": "x", "site/": ""}, ""},
		{"earlier corpus", map[string]string{"config.toml": bench, "data/items.jsonl": "{}"}, ""},
		{"another project", map[string]string{"config.toml": "title = \"Support\"\n"}, "not the config of a benchmark corpus"},
		{"data without config", map[string]string{"data/metrics/a.csv": "metric,value\n"}, "holds data/ but no config.toml"},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		writeTree(t, dir, tt.files)
		err := checkBenchDir(dir, bench)
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("%s: unexpected error %v", tt.name, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("%s: error %v, want one containing %q", tt.name, err, tt.wantErr)
		}
	}
	if err := checkBenchDir(filepath.Join(t.TempDir(), "new", "corpus"), bench); err != nil {
		t.Errorf("missing folder: %v", err)
	}
}

// TestRunBenchRefusesExample checks that the repository root, the example
// project, is refused and left untouched.
func TestRunBenchRefusesExample(t *testing.T) {
	root := filepath.Join("..", "..")
	before, err := os.ReadFile(filepath.Join(root, "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := runBench(root, synth.Bench()); err == nil || !strings.Contains(err.Error(), "refusing") {
		t.Fatalf("runBench(repository root) = %v, want a refusal", err)
	}
	after, err := os.ReadFile(filepath.Join(root, "config.toml"))
	if err != nil || string(after) != string(before) {
		t.Fatalf("config.toml changed (%v)", err)
	}
}

// TestRunBench writes the corpus into a folder and counts its rows (see
// checkBenchRows), writes it again over a stale file, and compares the
// result with synth.Files.
func TestRunBench(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "corpus")
	if err := runBench(dir, synth.Bench()); err != nil {
		t.Fatal(err)
	}
	checkBenchRows(t, dir)
	stale := filepath.Join(dir, "data", "annotations", "it999.csv")
	writeTree(t, dir, map[string]string{"data/annotations/it999.csv": "item,rater,dimension,value\n"})
	if err := runBench(dir, synth.Bench()); err != nil {
		t.Fatalf("second run over a corpus: %v", err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale %s not removed (%v)", stale, err)
	}
	files, err := synth.Files(synth.Bench())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, f := range files {
		want[f.Path] = true
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
		if err != nil {
			t.Errorf("%s: %v", f.Path, err)
		} else if string(got) != string(f.Data) {
			t.Errorf("%s differs from synth.Files", f.Path)
		}
	}
	if !want["config.toml"] || !want["data/metrics/items-long.csv"] || !want["data/annotations/it200.csv"] {
		t.Errorf("corpus lacks config.toml, long metrics or 200 annotation files: %d files", len(files))
	}
	var n int
	err = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return err
	})
	if err != nil || n != len(files) {
		t.Errorf("folder holds %d files, want %d (%v)", n, len(files), err)
	}
}

// checkBenchRows counts the rows of the corpus written under dir
// independently of synth: 100,000 metric rows and 100,000 ratings.
func checkBenchRows(t *testing.T, dir string) {
	t.Helper()
	metrics := lines(t, filepath.Join(dir, "data", "metrics", "items-long.csv")) - 1
	ratings := 0
	anns, err := filepath.Glob(filepath.Join(dir, "data", "annotations", "*.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range anns {
		ratings += lines(t, a) - 1
	}
	if len(anns) != 200 || metrics != 100_000 || ratings != 100_000 {
		t.Errorf("%d annotation files, %d metric rows, %d ratings; want 200, 100000, 100000", len(anns), metrics, ratings)
	}
}

// lines counts the newline-terminated lines of a file.
func lines(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Count(string(b), "\n")
}

// writeTree creates files under dir; a path ending in / is a folder.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for rel, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if strings.HasSuffix(rel, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
