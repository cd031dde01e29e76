package ingest

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/evalbook/evalbook/internal/config"
)

// Sizes of the benchmark project.
const (
	benchIterations = 200
	benchItems      = 500 // metric rows: iterations x items = 100,000
	benchRated      = 50  // items rated per iteration
	benchRaters     = 5   // ratings: iterations x rated x raters x 2 dimensions = 100,000
	benchFiles      = 4   // metric and annotation CSVs, split by iteration
	benchPerFile    = benchIterations / benchFiles
)

// writeBenchProject writes a deterministic project of 200 iterations,
// 100,000 metric rows (wide, two metrics each) and 100,000 ratings (half CSV,
// half JSONL) to dir.
func writeBenchProject(b *testing.B, dir string) {
	b.Helper()
	write := func(name string, fill func(w *bufio.Writer)) {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			b.Fatal(err)
		}
		f, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		w := bufio.NewWriter(f)
		fill(w)
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
		if err := f.Close(); err != nil {
			b.Fatal(err)
		}
	}
	write("data/iterations.toml", func(w *bufio.Writer) {
		for i := range benchIterations {
			fmt.Fprintf(w, "[[iteration]]\nid = \"it%03d\"\ndate = 2026-01-01T%02d:%02d:00Z\n", i, i/60, i%60)
			if i > 0 {
				fmt.Fprintf(w, "baseline = \"it%03d\"\n", i-1)
			}
		}
	})
	write("data/items.jsonl", func(w *bufio.Writer) {
		for j := range benchItems {
			fmt.Fprintf(w, "{\"id\":\"item%04d\",\"input\":\"question %d\",\"output\":\"answer %d\",\"language\":\"%s\"}\n", j, j, j, lang(j))
		}
	})
	for f := range benchFiles {
		write(fmt.Sprintf("data/metrics/run%d.csv", f), func(w *bufio.Writer) {
			w.WriteString("iteration,item,slice,accuracy,latency\n")
			for i := f * benchPerFile; i < (f+1)*benchPerFile; i++ {
				for j := range benchItems {
					fmt.Fprintf(w, "it%03d,item%04d,%s,%d,%d.%d\n", i, j, lang(j), (i+j)%2, 100+(i*j)%400, j%10)
				}
			}
		})
		write(fmt.Sprintf("data/annotations/help%d.csv", f), func(w *bufio.Writer) {
			w.WriteString("item,rater,dimension,value,iteration\n")
			for i := f * benchPerFile; i < (f+1)*benchPerFile; i++ {
				for j := range benchRated {
					for r := range benchRaters {
						fmt.Fprintf(w, "item%04d,rater%d,helpfulness,%d,it%03d\n", j, r, 1+(i+j+r)%5, i)
					}
				}
			}
		})
		write(fmt.Sprintf("data/annotations/tone%d.jsonl", f), func(w *bufio.Writer) {
			tones := []string{"rude", "neutral", "polite"}
			for i := f * benchPerFile; i < (f+1)*benchPerFile; i++ {
				for j := range benchRated {
					for r := range benchRaters {
						fmt.Fprintf(w, "{\"item\":\"item%04d\",\"rater\":\"rater%d\",\"dimension\":\"tone\",\"value\":%q,\"iteration\":\"it%03d\"}\n", j, r, tones[(i+j*r)%3], i)
					}
				}
			}
		})
	}
}

func lang(j int) string { return [...]string{"en", "de", "fr"}[j%3] }

func BenchmarkLoad(b *testing.B) {
	dir := b.TempDir()
	writeBenchProject(b, dir)
	cfg := config.Default()
	cfg.Root = dir
	fsys := os.DirFS(dir)
	b.ReportAllocs()
	for b.Loop() {
		p, _, err := Load(cfg, fsys)
		if err != nil {
			b.Fatal(err)
		}
		if len(p.Iterations) != benchIterations || p.Metrics[0].Values.Len() != benchIterations*benchItems ||
			p.Dimensions[0].Ratings.Len()+p.Dimensions[1].Ratings.Len() != 100_000 {
			b.Fatalf("loaded %d iterations, %d values, %d+%d ratings", len(p.Iterations), p.Metrics[0].Values.Len(),
				p.Dimensions[0].Ratings.Len(), p.Dimensions[1].Ratings.Len())
		}
	}
}
