package ingest

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"testing"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/cputime"
	"github.com/parquet-go/parquet-go"
)

// Sizes of the benchmarks of evalbook's own forms (issue 13): 1,000,000
// metric values or ratings each, in the shapes synth and scale.sh write
// (short names, numbers with a few digits), so tens of MB of text.
const (
	benchRIters   = 20     // iterations
	benchRItems   = 5_000  // items per iteration
	benchRMetrics = 10     // metrics: 20 x 5,000 x 10 = 1,000,000 values
	benchRRaters  = 10     // raters
	benchRDims    = 10     // dimensions
	benchRRated   = 10_000 // items rated: 10,000 x 10 raters x 10 dimensions = 1,000,000 ratings
	benchRValues  = benchRIters * benchRItems * benchRMetrics
	benchRRatings = benchRRated * benchRRaters * benchRDims
)

var benchSlices = [...]string{"en", "de", "fr", "es"}

// writeMetricsLong writes 1,000,000 metric values in the long form.
func writeMetricsLong(w *bufio.Writer) {
	w.WriteString("iteration,item,slice,metric,value\n")
	for i := range benchRIters {
		for j := range benchRItems {
			for m := range benchRMetrics {
				fmt.Fprintf(w, "v%02d,item-%05d,%s,metric_%d,0.%04d\n", i, j, benchSlices[j%4], m, (i*31+j*7+m*13)%10000)
			}
		}
	}
}

// writeMetricsWide writes the same values in the wide form: a column per metric.
func writeMetricsWide(w *bufio.Writer) {
	w.WriteString("iteration,item,slice")
	for m := range benchRMetrics {
		fmt.Fprintf(w, ",metric_%d", m)
	}
	w.WriteByte('\n')
	for i := range benchRIters {
		for j := range benchRItems {
			fmt.Fprintf(w, "v%02d,item-%05d,%s", i, j, benchSlices[j%4])
			for m := range benchRMetrics {
				fmt.Fprintf(w, ",0.%04d", (i*31+j*7+m*13)%10000)
			}
			w.WriteByte('\n')
		}
	}
}

// writeMetricsJSONL writes the same values as metrics-jsonl: an object per item.
func writeMetricsJSONL(w *bufio.Writer) {
	for i := range benchRIters {
		for j := range benchRItems {
			fmt.Fprintf(w, `{"iteration":"v%02d","item":"item-%05d","slice":"%s"`, i, j, benchSlices[j%4])
			for m := range benchRMetrics {
				fmt.Fprintf(w, `,"metric_%d":0.%04d`, m, (i*31+j*7+m*13)%10000)
			}
			w.WriteString("}\n")
		}
	}
}

// writeMetricsParquet writes the long form as Parquet (snappy, parquet-go's defaults).
func writeMetricsParquet(w *bufio.Writer) {
	schema := parquet.NewSchema("metrics", parquet.Group{
		"iteration": parquet.String(), "item": parquet.String(), "slice": parquet.String(),
		"metric": parquet.String(), "value": parquet.Leaf(parquet.DoubleType),
	})
	pw := parquet.NewWriter(w, schema, parquet.Compression(&parquet.Snappy), parquet.MaxRowsPerRowGroup(128<<10))
	rows := make([]parquet.Row, 0, 4096)
	flush := func() {
		if _, err := pw.WriteRows(rows); err != nil {
			panic(err)
		}
		rows = rows[:0]
	}
	for i := range benchRIters {
		for j := range benchRItems {
			for m := range benchRMetrics {
				// Columns in the schema's (sorted) order: item, iteration, metric, slice, value.
				rows = append(rows, parquet.Row{
					parquet.ValueOf(fmt.Sprintf("item-%05d", j)).Level(0, 0, 0),
					parquet.ValueOf(fmt.Sprintf("v%02d", i)).Level(0, 0, 1),
					parquet.ValueOf(fmt.Sprintf("metric_%d", m)).Level(0, 0, 2),
					parquet.ValueOf(benchSlices[j%4]).Level(0, 0, 3),
					parquet.ValueOf(float64((i*31+j*7+m*13)%10000)/1e4).Level(0, 0, 4),
				})
				if len(rows) == cap(rows) {
					flush()
				}
			}
		}
	}
	flush()
	if err := pw.Close(); err != nil {
		panic(err)
	}
}

// writeRatingsLong writes 1,000,000 ratings in the long annotation form,
// as scale.sh does (about 44 bytes a rating).
func writeRatingsLong(w *bufio.Writer) {
	w.WriteString("item,rater,dimension,value,iteration\n")
	for j := range benchRRated {
		for d := range benchRDims {
			for r := range benchRRaters {
				fmt.Fprintf(w, "item-%05d,rater-%02d,dim_%d,%d,v%02d\n", j, r, d, 1+(j*7+r*3+d)%5, j%benchRIters)
			}
		}
	}
}

// writeRatingsWide writes the same ratings in the wide form: a column per
// dimension, a row per item and rater.
func writeRatingsWide(w *bufio.Writer) {
	w.WriteString("item,rater,iteration")
	for d := range benchRDims {
		fmt.Fprintf(w, ",dim_%d", d)
	}
	w.WriteByte('\n')
	for j := range benchRRated {
		for r := range benchRRaters {
			fmt.Fprintf(w, "item-%05d,rater-%02d,v%02d", j, r, j%benchRIters)
			for d := range benchRDims {
				fmt.Fprintf(w, ",%d", 1+(j*7+r*3+d)%5)
			}
			w.WriteByte('\n')
		}
	}
}

// writeRatingsJSONL writes the same ratings as JSON Lines, a rating a line.
func writeRatingsJSONL(w *bufio.Writer) {
	for j := range benchRRated {
		for d := range benchRDims {
			for r := range benchRRaters {
				fmt.Fprintf(w, `{"item":"item-%05d","rater":"rater-%02d","dimension":"dim_%d","value":%d,"iteration":"v%02d"}`+"\n", j, r, d, 1+(j*7+r*3+d)%5, j%benchRIters)
			}
		}
	}
}

// benchReadKind times one read of a file of kind (the sniff and the
// streaming read into the per-file result, without the merge) and checks
// that it held want values or ratings. It reports MB per CPU second, the
// one-core figure with -cpu 1 whatever else the machine runs.
func benchReadKind(b *testing.B, name, kind string, spec config.Source, fill func(*bufio.Writer), want int) {
	dir := b.TempDir()
	size := writeFile(b, dir, name, fill)
	cfg := config.Default()
	cfg.Root = dir
	fsys := os.DirFS(dir)
	b.SetBytes(size)
	b.ReportAllocs()
	runtime.GC()
	cpu0, n := cputime.Process(), 0
	var sf *sourceFile
	for b.Loop() {
		n++
		l := &loader{cfg: cfg, fsys: fsys, cols: columnsOf(cfg), lim: limitsOf(cfg)}
		sf = l.newSourceFile(name, kind, spec)
		l.readSource(sf, l.fsys)
		if err := sf.err(); err != nil {
			b.Fatal(err)
		}
		got := 0
		if sf.metric != nil {
			for _, v := range sf.metric.values {
				got += v.Len()
			}
		} else {
			got = sf.annot.ratings.Len()
		}
		if got != want {
			b.Fatalf("read %d values; want %d", got, want)
		}
	}
	if cpu := cputime.Process() - cpu0; cpu > 0 {
		// Throughput per CPU second, GC included: with -cpu 1 this is the
		// one-core figure, whatever else the machine is running.
		b.ReportMetric(float64(size)*float64(n)/cpu.Seconds()/1e6, "MB/cpu-s")
	}
	b.ReportMetric(float64(size)/1e6, "file-MB")
	// What the read keeps: the values or ratings as columns, the interned
	// names and the items' text; the file itself is never held.
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapAlloc)/1e6, "live-MB")
	runtime.KeepAlive(sf)
}

func BenchmarkReadMetricsLong(b *testing.B) {
	benchReadKind(b, "data/metrics/long.csv", kindMetrics, config.Source{}, writeMetricsLong, benchRValues)
}

func BenchmarkReadMetricsWide(b *testing.B) {
	benchReadKind(b, "data/metrics/wide.csv", kindMetrics, config.Source{}, writeMetricsWide, benchRValues)
}

func BenchmarkReadMetricsJSONL(b *testing.B) {
	benchReadKind(b, "data/metrics/values.jsonl", kindMetrics, config.Source{}, writeMetricsJSONL, benchRValues)
}

func BenchmarkReadMetricsParquet(b *testing.B) {
	benchReadKind(b, "data/metrics/long.parquet", kindMetrics, config.Source{}, writeMetricsParquet, benchRValues)
}

func BenchmarkReadRatingsLong(b *testing.B) {
	benchReadKind(b, "data/annotations/long.csv", kindAnnotations, config.Source{}, writeRatingsLong, benchRRatings)
}

func BenchmarkReadRatingsWide(b *testing.B) {
	benchReadKind(b, "data/annotations/wide.csv", kindAnnotations, config.Source{Format: "wide"}, writeRatingsWide, benchRRatings)
}

func BenchmarkReadRatingsJSONL(b *testing.B) {
	benchReadKind(b, "data/annotations/ratings.jsonl", kindAnnotations, config.Source{}, writeRatingsJSONL, benchRRatings)
}
