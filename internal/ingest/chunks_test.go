package ingest

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/project"
)

// readParts reads data as the annotation file data/annotations/a.csv in n
// chunks (n = 1: one stream) and returns what the read gave, with the
// strings of every id table in id order, and whether it was read in chunks.
func readParts(t testing.TB, data string, n int, lenient bool) (got map[string]any, chunked bool) {
	return readPartsAs(t, "data/annotations/a.csv", kindAnnotations, data, n, lenient)
}

// readPartsAs is readParts for a file name of kind.
func readPartsAs(t testing.TB, name, kind, data string, n int, lenient bool) (got map[string]any, chunked bool) {
	t.Helper()
	oldMin, oldParts := chunkMin, chunkParts
	chunkMin, chunkParts = 0, func(*sourceFile) int { return n }
	defer func() { chunkMin, chunkParts = oldMin, oldParts }()
	cfg := config.Default()
	cfg.Lenient = lenient
	fsys := fstest.MapFS{name: {Data: []byte(data)}}
	l := &loader{cfg: cfg, fsys: fsys, cols: columnsOf(cfg), lim: limitsOf(cfg)}
	sf := l.newSourceFile(name, kind, config.Source{})
	l.readSource(sf, fsys)
	got = map[string]any{"report": sf.report}
	if err := sf.err(); err != nil {
		got["err"] = err.Error()
	}
	if a := sf.annot; a != nil && a.err == nil {
		rs := &a.ratings
		var ratings []rawRating
		for i := range rs.Len() {
			ratings = append(ratings, rs.at(i))
		}
		got["ratings"] = ratings
		got["gold"] = a.gold
		got["warnings"] = a.warnings
		if rs.Len() > 0 {
			got["ids"] = [][]string{rs.Items.Names(), rs.Raters.Names(), rs.Iterations.Names(), rs.Labels.Names(), rs.Files.Names(), rs.Comments.Names(), rs.dims.Names()}
		}
		var seen []any
		for _, id := range a.seen.order {
			seen = append(seen, id, *a.seen.info[id])
		}
		got["seen"] = seen
	}
	if m := sf.metric; m != nil && m.err == nil {
		got["names"], got["warnings"] = m.names, m.warnings
		if m.tabs.Items != nil {
			got["ids"] = [][]string{m.tabs.Items.Names(), m.tabs.Iterations.Names(), m.tabs.Slices.Names(), m.tabs.Files.Names()}
		}
		values := map[string][]project.MetricValue{}
		for name, v := range m.values {
			for i := range v.Len() {
				values[name] = append(values[name], v.At(i))
			}
		}
		got["values"] = values
		var seen []any
		for _, id := range m.seen.order {
			seen = append(seen, id, *m.seen.info[id])
		}
		got["seen"] = seen
	}
	return got, sf.chunks > 1
}

// sameAsOneStream checks that data reads the same in 2 to 5 chunks as in
// one stream, and returns whether some read was in chunks.
func sameAsOneStream(t *testing.T, data string, lenient bool) bool {
	t.Helper()
	want, _ := readParts(t, data, 1, lenient)
	any := false
	for n := 2; n <= 5; n++ {
		got, chunked := readParts(t, data, n, lenient)
		any = any || chunked
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%d chunks read %q as\n%+v\nwant (one stream)\n%+v", n, data, got, want)
		}
	}
	return any
}

// genRatings writes an annotation file of rows ratings with what rng picks
// of a BOM, CRLF line ends, a timestamp, gold and comment column, blank
// lines, labels, missing cells, a row with an error and a final line
// without a newline.
func genRatings(rng *rand.Rand, rows int) string {
	var b strings.Builder
	nl := "\n"
	if rng.IntN(4) == 0 {
		nl = "\r\n"
	}
	if rng.IntN(4) == 0 {
		b.WriteString(bom)
	}
	b.WriteString("item,rater,dimension,value,iteration,timestamp,gold,comment" + nl)
	bad := -1
	if rng.IntN(3) == 0 {
		bad = rng.IntN(rows)
	}
	for i := range rows {
		if rng.IntN(20) == 0 {
			b.WriteString(nl) // a blank line
		}
		item, rater := fmt.Sprintf("q%d", rng.IntN(rows/3+1)), fmt.Sprintf("r%d", rng.IntN(4))
		value := fmt.Sprint(1 + rng.IntN(5))
		switch rng.IntN(10) {
		case 0:
			value = []string{"good", "bad", "1.5e0", "-0", ""}[rng.IntN(5)]
		case 1:
			item = "" // missing: an error, or a skip when lenient
		}
		ts, gold, comment := "", "", ""
		if rng.IntN(3) == 0 {
			ts = fmt.Sprintf("2025-07-%02dT10:00:00Z", 1+rng.IntN(28))
		}
		if rng.IntN(8) == 0 {
			gold = fmt.Sprint(1 + rng.IntN(5))
		}
		if rng.IntN(8) == 0 {
			comment = "ok " + fmt.Sprint(i)
		}
		row := fmt.Sprintf("%s,%s,dim%d,%s,it%d,%s,%s,%s", item, rater, rng.IntN(3), value, i*3/rows, ts, gold, comment)
		if i == bad {
			row = []string{"x,y", "q1,r1,dim1,notatime,it1,yesterday,,", "q1,r1,dim1,3,it1,,,,extra"}[rng.IntN(3)]
		}
		b.WriteString(row)
		if i < rows-1 || rng.IntN(2) == 0 {
			b.WriteString(nl)
		}
	}
	return b.String()
}

// TestChunksReadAsOneStream checks that reading an annotation file in
// chunks gives what one stream gives: the same ratings in the same order,
// ids in order of first appearance, the same line numbers, report, skips
// and errors, over generated files of every shape genRatings makes.
func TestChunksReadAsOneStream(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 10))
	chunked := 0
	for i := range 300 {
		data := genRatings(rng, 1+rng.IntN(60))
		if sameAsOneStream(t, data, i%2 == 0) {
			chunked++
		}
	}
	if chunked < 50 {
		t.Errorf("only %d of 300 files were read in chunks", chunked)
	}
}

// TestChunksErrorLine checks an error in a later chunk: it names the line
// of the whole file, whatever the number of chunks.
func TestChunksErrorLine(t *testing.T) {
	var b strings.Builder
	b.WriteString("item,rater,dimension,value\n")
	for i := range 100 {
		if i == 90 {
			b.WriteString("q90,r1,dim1\n") // line 92
			continue
		}
		fmt.Fprintf(&b, "q%d,r1,dim1,%d\n", i, 1+i%5)
	}
	for n := 1; n <= 4; n++ {
		got, _ := readParts(t, b.String(), n, false)
		want := "data/annotations/a.csv:92:1: wrong number of fields: the row has 3, the header 4"
		if got["err"] != want {
			t.Errorf("%d chunks: error %v; want %q", n, got["err"], want)
		}
	}
}

// TestChunksQuotedNewline checks that a file with a quoted field that
// holds a newline is never split (it reads as one stream), and that a
// file without a quote is.
func TestChunksQuotedNewline(t *testing.T) {
	rows := strings.Repeat("q1,r1,dim1,3,it1,,,ok\n", 40)
	quoted := "item,rater,dimension,value,iteration,timestamp,gold,comment\n" + rows + "q2,r2,dim1,4,it1,,,\"two\nlines\"\n" + rows
	if sameAsOneStream(t, quoted, false) {
		t.Error("a file with a quoted newline was read in chunks")
	}
	if !sameAsOneStream(t, "item,rater,dimension,value,iteration,timestamp,gold,comment\n"+rows+rows, false) {
		t.Error("a file without quotes was not read in chunks")
	}
}

// TestPlanChunks checks the split points: at line starts after the
// header, increasing, with each chunk's first line number.
func TestPlanChunks(t *testing.T) {
	data := "h,v\n" + strings.Repeat("a,1\n", 10) + "b,2"
	plan, ok := planChunks(strings.NewReader(data), int64(len(data)), 3)
	if !ok {
		t.Fatal("no plan")
	}
	if string(plan.header) != "h,v\n" {
		t.Errorf("header %q", plan.header)
	}
	for k, s := range plan.starts {
		if s > 0 && data[s-1] != '\n' {
			t.Errorf("chunk %d starts at %d, not after a newline", k, s)
		}
		if want := 1 + strings.Count(data[:s], "\n"); plan.lines[k] != want {
			t.Errorf("chunk %d: line %d; want %d", k, plan.lines[k], want)
		}
	}
	if len(plan.starts) != 3 {
		t.Errorf("%d chunks; want 3", len(plan.starts))
	}
	for _, bad := range []string{"\nh,v\na,1\nb,2\n", "h,v\n\"a\",1\nb,2\n", "h,v\n"} {
		if _, ok := planChunks(strings.NewReader(bad), int64(len(bad)), 2); ok {
			t.Errorf("%q was split", bad)
		}
	}
}

// FuzzChunks checks that any annotation file reads the same in chunks as
// in one stream.
func FuzzChunks(f *testing.F) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 8 {
		f.Add(genRatings(rng, 20), false)
	}
	f.Add("item,rater,dimension,value\nq1,r1,d,1\r\nq2,r1,d,\"2\n\"\nq3,r2,d,3", true)
	f.Fuzz(func(t *testing.T, data string, lenient bool) {
		sameAsOneStream(t, data, lenient)
	})
}

// genMetrics writes a metric file of rows rows, long or wide, with what
// rng picks of a BOM, CRLF line ends, timestamps, slices, empty cells,
// blank lines, a row with an error and a final line without a newline.
func genMetrics(rng *rand.Rand, rows int) string {
	var b strings.Builder
	nl := "\n"
	if rng.IntN(4) == 0 {
		nl = "\r\n"
	}
	if rng.IntN(4) == 0 {
		b.WriteString(bom)
	}
	long := rng.IntN(2) == 0
	if long {
		b.WriteString("iteration,item,slice,metric,value,timestamp" + nl)
	} else {
		b.WriteString("iteration,item,slice,m1,m2,m3" + nl)
	}
	bad := -1
	if rng.IntN(3) == 0 {
		bad = rng.IntN(rows)
	}
	cellOf := func() string {
		if rng.IntN(8) == 0 {
			return ""
		}
		return fmt.Sprintf("0.%d", rng.IntN(1000))
	}
	for i := range rows {
		if rng.IntN(20) == 0 {
			b.WriteString(nl)
		}
		iter, item, slice := fmt.Sprintf("it%d", i*3/rows), fmt.Sprintf("q%d", rng.IntN(rows/3+1)), []string{"", "en", "de"}[rng.IntN(3)]
		var row string
		if long {
			ts := ""
			if rng.IntN(3) == 0 {
				ts = fmt.Sprintf("2025-07-%02d", 1+rng.IntN(28))
			}
			row = fmt.Sprintf("%s,%s,%s,m%d,%s,%s", iter, item, slice, rng.IntN(4), cellOf(), ts)
		} else {
			row = fmt.Sprintf("%s,%s,%s,%s,%s,%s", iter, item, slice, cellOf(), cellOf(), cellOf())
		}
		if i == bad {
			row = []string{",q1,,m1,1,", "it1,q1,en,m1,x,", "it1,q1"}[rng.IntN(3)]
		}
		b.WriteString(row)
		if i < rows-1 || rng.IntN(2) == 0 {
			b.WriteString(nl)
		}
	}
	return b.String()
}

// TestChunksMetricsReadAsOneStream is TestChunksReadAsOneStream for metric
// files, long and wide: the same metrics in the same order, values, ids,
// positions, report and errors.
func TestChunksMetricsReadAsOneStream(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 11))
	chunked := 0
	for range 300 {
		data := genMetrics(rng, 1+rng.IntN(60))
		want, _ := readPartsAs(t, "data/metrics/m.csv", kindMetrics, data, 1, false)
		for n := 2; n <= 4; n++ {
			got, ok := readPartsAs(t, "data/metrics/m.csv", kindMetrics, data, n, false)
			if ok {
				chunked++
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%d chunks read %q as\n%+v\nwant (one stream)\n%+v", n, data, got, want)
			}
		}
	}
	if chunked < 100 {
		t.Errorf("only %d of 900 reads were in chunks", chunked)
	}
}

// TestChunksMetricIDs checks that the names a later chunk brings are
// numbered in the order of their rows, not metric by metric.
func TestChunksMetricIDs(t *testing.T) {
	rows := strings.Repeat("it1,q0,,0.1,0.2\n", 30)
	data := "iteration,item,slice,m1,m2\n" + rows + "it1,qA,,,0.1\nit1,qB,,0.2,\n"
	want, _ := readPartsAs(t, "data/metrics/m.csv", kindMetrics, data, 1, false)
	got, chunked := readPartsAs(t, "data/metrics/m.csv", kindMetrics, data, 2, false)
	if !chunked {
		t.Fatal("not read in chunks")
	}
	if !reflect.DeepEqual(got["ids"], want["ids"]) {
		t.Errorf("ids %v; want %v", got["ids"], want["ids"])
	}
}

// TestShareCores checks each file's share of the cores: by size, at least
// one, all of them for a file alone.
func TestShareCores(t *testing.T) {
	n := runtime.GOMAXPROCS(0)
	fsys := fstest.MapFS{"big": {Data: make([]byte, 1000)}, "small": {Data: make([]byte, 10)}}
	alone := []*sourceFile{{path: "big"}}
	shareCores(alone, fsys)
	both := []*sourceFile{{path: "big"}, {path: "small"}}
	shareCores(both, fsys)
	if alone[0].parts != n || both[0].parts != max(1, n*1000/1010) || both[1].parts != 1 {
		t.Errorf("parts %d alone, %d and %d side by side (%d cores)", alone[0].parts, both[0].parts, both[1].parts, n)
	}
}
