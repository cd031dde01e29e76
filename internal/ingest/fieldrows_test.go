package ingest

import (
	"bytes"
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/config"
)

// loadBothPaths loads files with cfg twice, reading delimited records as
// bytes (fieldsOf) and as strings only, and wants the same project,
// warnings and error.
func loadBothPaths(t *testing.T, cfg *config.Config, f files) {
	t.Helper()
	p1, w1, err1 := Load(cfg, f.fs())
	stringRowsOnly = true
	p2, w2, err2 := Load(cfg, f.fs())
	stringRowsOnly = false
	if fmt.Sprint(err1) != fmt.Sprint(err2) {
		t.Fatalf("%q: error as bytes %v; as strings %v", f, err1, err2)
	}
	if !reflect.DeepEqual(w1, w2) {
		t.Fatalf("%q: warnings as bytes %q; as strings %q", f, w1, w2)
	}
	if !reflect.DeepEqual(p1, p2) {
		t.Fatalf("%q: projects differ:\nbytes   %+v\nstrings %+v", f, p1, p2)
	}
}

// annotCases are annotation files that take each turn of the bytes path
// (plainRow) and of the fall-back to strings.
var annotCases = []string{
	"item,rater,dimension,value,iteration,timestamp\nq1,r1,help,4,v1,2026-01-12\nq1,r2,help,3.5,v1,\nq2,r1,help,2,v2,2026-01-12T09:30:00Z\n",
	"item,rater,dimension,value\nq1,r1,tone,rude\nq1,r2,tone,\"polite, mostly\"\nq1,r3,tone, rude \n",
	"\ufeffitem,rater,dimension,value\r\nq1,r1,help,4\r\nq1,r1,help,5\r\n",
	"item,rater,dimension,value\nq1,\"r1,help,4\n",
	"item,rater,dimension,value,gold\nq1,r1,help,3,4\nq1,r2,help,4,4.0\nq1,r3,help,,5\nq2,r1,help,2,good\n",
	"item,rater,dimension,value,gold\nq1,r1,help,3,\nq2,r1,help,4,\nq3,r1,help,n/a,\n",
	"item,rater,dimension,value,comment\nq1,r1,help,3,fine\nq2,r1,help,4,\n",
	"item,rater,dimension,value\nq1,r1,help,1e400\n",
	"item,rater,dimension,value\nq1,r1,help,1e-3\nq1,r2,help,0.12345678901234567\n",
	"item,rater,dimension,value,timestamp\nq1,r1,help,3,yesterday\n",
	"item,rater,dimension,value\n,r1,help,3\n",
	"item,rater,dimension,value\nq1,,help,3\nq1,r1,,3\nq1,r1,help,\n",
	"item,rater,dimension,value\nq1,r1,help,3\nq1,r1,help,3,4\n",
	"item,rater,dimension,value,iteration\nq1,r1,help,NA,v1\nq1,r2,help,None,\nq2,r1,help,2,v1\n",
	"item\trater\tdimension\tvalue\nq1\tr1\thelp\t4\nq\"2\tr1\thelp\t3\n",
	"item;rater;dimension;value\nq1;r1;help;4\n",
}

// TestFieldRowsSameAsStrings checks that reading annotations from the
// records' bytes gives what reading them as strings gives: ratings,
// gold answers, reports, warnings and errors, for default sources and
// for sources with fixed values, missing tokens and lenience.
func TestFieldRowsSameAsStrings(t *testing.T) {
	lenient := true
	specs := []config.Source{
		{},
		{Path: "data/annotations/a.csv", RaterValue: "fixed", DimensionValue: "dim", IterationValue: "it", Missing: []string{"NA", "None"}, Lenient: &lenient},
	}
	for _, text := range annotCases {
		for _, spec := range specs {
			cfg := config.Default()
			if spec.Path != "" {
				cfg.Sources = []config.Source{spec}
			}
			loadBothPaths(t, cfg, files{"data/annotations/a.csv": text})
		}
	}
	// A file of many records, with repeated and new names.
	var b strings.Builder
	b.WriteString("item,rater,dimension,value,iteration,timestamp\n")
	for i := range 3000 {
		fmt.Fprintf(&b, "q%d,r%d,d%d,%d,v%d,2026-01-%02dT10:00:00Z\n", i/10, i%7, i%3, i%5, i/1000, 1+i%28)
	}
	loadBothPaths(t, config.Default(), files{"data/annotations/a.csv": b.String()})
}

// TestCellBytes checks cellBytes against bytes.TrimSpace, whose result
// it must give, on fields with and without spaces, ASCII and not.
func TestCellBytes(t *testing.T) {
	for _, s := range []string{"", " ", "a", " a", "a ", "\ta\r", "q0001", "\u00a0x", "x\u0085", "\u2003x\u2003", "é", "xé", "\vx\f", "a b"} {
		got := cellBytes([][]byte{[]byte(s)}, 0)
		if want := bytes.TrimSpace([]byte(s)); string(got) != string(want) {
			t.Errorf("cellBytes(%q) = %q; want %q", s, got, want)
		}
	}
	if cellBytes(nil, -1) != nil {
		t.Error("cellBytes of column -1 is not nil")
	}
}

// TestLongNameFirstRow checks that a name over limits.name_bytes is
// reported at the first row that has it, in a rating's rater, item and
// iteration and in a metric value's item, after rows whose names fit.
func TestLongNameFirstRow(t *testing.T) {
	long := strings.Repeat("n", 30)
	for _, tc := range []struct {
		name, data, want string
	}{
		{"data/annotations/a.csv", "item,rater,dimension,value\nq1,r1,help,3\nq2,r2,help,4\nq3," + long + ",help,2\nq4," + long + ",help,1\n",
			"data/annotations/a.csv:4: a rater name of 30 bytes"},
		{"data/annotations/a.csv", "item,rater,dimension,value,iteration\nq1,r1,help,3,v1\nq1,r2,help,4," + long + "\n",
			"data/annotations/a.csv:3: an iteration name of 30 bytes"},
		{"data/annotations/a.csv", "item,rater,dimension,value\nq1,r1,help,3\n" + long + ",r2,help,4\n",
			"data/annotations/a.csv:3: an item ID of 30 bytes"},
		{"data/metrics/m.csv", "iteration,metric,value,item\nv1,acc,0.5,q1\nv1,acc,0.5," + long + "\n",
			"data/metrics/m.csv:3: an item ID of 30 bytes"},
	} {
		cfg := config.Default()
		cfg.Limits.NameBytes = 20
		_, _, err := Load(cfg, files{tc.name: tc.data}.fs())
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q: error %v; want it to start with %q", tc.data, err, tc.want)
		}
	}
	cfg := config.Default()
	cfg.Limits.NameBytes = 20
	if _, _, err := Load(cfg, files{"data/annotations/a.csv": "item,rater,dimension,value\nq1,r1,help,3\n"}.fs()); err != nil {
		t.Errorf("names within the limit: %v", err)
	}
}

// TestPipeHelps checks when the loader keeps the pipe: while fewer files
// of pipeMin or more than cores are read.
func TestPipeHelps(t *testing.T) {
	big, small := pipeMin, pipeMin-1
	for _, tc := range []struct {
		sizes []int64
		procs int
		want  bool
	}{
		{nil, 2, true},
		{[]int64{big}, 2, true},
		{[]int64{big, small, small}, 2, true},
		{[]int64{big, big}, 2, false},
		{[]int64{big, big, big}, 4, true},
		{[]int64{big, big, big, big, big, big, big, big, big, big}, 2, false},
		{[]int64{big}, 1, false},
	} {
		if got := pipeHelps(tc.sizes, tc.procs); got != tc.want {
			t.Errorf("pipeHelps(%v, %d) = %v; want %v", tc.sizes, tc.procs, got, tc.want)
		}
	}
}

// TestLoadSameWithoutPipe checks that a project of several large
// annotation files loads the same whether the loader pipes them or not.
func TestLoadSameWithoutPipe(t *testing.T) {
	f := files{}
	for k := range 3 {
		var b strings.Builder
		b.WriteString("item,rater,dimension,value,iteration\n")
		for i := range 2000 {
			fmt.Fprintf(&b, "q%d,r%d,d%d,%d,v%d\n", i/10, i%7, i%3, (i+k)%5, k)
		}
		f[fmt.Sprintf("data/annotations/a%d.csv", k)] = b.String()
	}
	defer func(n int64) { pipeMin = n }(pipeMin)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	pipeMin = 1 << 10 // every file is large
	runtime.GOMAXPROCS(2)
	p1, _, err1 := Load(config.Default(), f.fs()) // three files on two cores: none piped
	runtime.GOMAXPROCS(8)
	p2, _, err2 := Load(config.Default(), f.fs()) // on eight: each piped
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if !reflect.DeepEqual(p1, p2) {
		t.Error("the project differs with and without the pipe")
	}
}
