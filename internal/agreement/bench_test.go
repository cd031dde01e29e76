package agreement

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/cputime"
)

// benchRatings makes units x raters integer ratings 1..5 with moderate
// agreement: each unit has a true value 1..5 and each rater gives it, one
// below or one above, clamped to the scale. scripts/bench/nltk_alpha.py
// reads the same data written out by TestWriteBenchData.
func benchRatings(units, raters int, seed uint64) []Rating {
	rng := rand.New(rand.NewPCG(seed, 1))
	rs := make([]Rating, 0, units*raters)
	for u := range units {
		truth := 1 + rng.IntN(5)
		for r := range raters {
			v := truth + rng.IntN(3) - 1
			rs = append(rs, Rating{u, r, float64(min(5, max(1, v)))})
		}
	}
	return rs
}

// BenchmarkNew builds the coincidence data of 10,000 units x 10 raters.
func BenchmarkNew(b *testing.B) {
	rs := benchRatings(10000, 10, 1)
	b.ReportAllocs()
	for b.Loop() {
		New(rs)
	}
}

// BenchmarkAlphaAll is New and the four alphas on 10,000 units x 10 raters.
func BenchmarkAlphaAll(b *testing.B) {
	rs := benchRatings(10000, 10, 1)
	b.ReportAllocs()
	for b.Loop() {
		r := New(rs)
		for l := Nominal; l <= Ratio; l++ {
			r.Alpha(l)
		}
	}
}

// BenchmarkAlphaInterval is New and interval alpha alone, the figure set
// beside nltk's in scripts/bench/nltk_alpha.py.
func BenchmarkAlphaInterval(b *testing.B) {
	rs := benchRatings(10000, 10, 1)
	b.ReportAllocs()
	for b.Loop() {
		New(rs).Alpha(Interval)
	}
}

// BenchmarkBootstrap is a 1,000-resample interval at each level on 10,000
// units x 10 raters, and at all four levels from one set of resamples.
func BenchmarkBootstrap(b *testing.B) {
	r := New(benchRatings(10000, 10, 1))
	for l := Nominal; l <= Ratio; l++ {
		b.Run(l.String(), func(b *testing.B) {
			cpuLoop(b, func() { r.Bootstrap(l, 1000, 0.95, 1) })
		})
	}
	b.Run("all", func(b *testing.B) {
		cpuLoop(b, func() { r.BootstrapAll(1000, 0.95, 1) })
	})
}

// BenchmarkTarget is the performance target: 10 dimensions of
// 10,000 items x 10 raters (1,000,000 ratings), each with New, the four
// alphas and a 1,000-resample interval, in one goroutine. The target is 2 s
// on 2 cores; "interval" takes the interval at the interval level, "all" at
// all four levels.
func BenchmarkTarget(b *testing.B) {
	dims := make([][]Rating, 10)
	for d := range dims {
		dims[d] = benchRatings(10000, 10, uint64(d))
	}
	for _, all := range []bool{false, true} {
		name := "interval"
		if all {
			name = "all"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, rs := range dims {
					r := New(rs)
					for l := Nominal; l <= Ratio; l++ {
						r.Alpha(l)
					}
					if all {
						r.BootstrapAll(1000, 0.95, uint64(len(rs)))
					} else {
						r.Bootstrap(Interval, 1000, 0.95, uint64(len(rs)))
					}
				}
			}
		})
	}
}

var benchData = flag.String("benchdata", "", "write the 10,000 x 10 benchmark ratings and their interval alpha to this directory (for scripts/bench/nltk_alpha.py)")

// TestWriteBenchData writes the ratings of BenchmarkAlphaInterval as
// ratings.csv (coder,item,value) and their interval alpha as alpha.txt, when
// -benchdata names a directory; otherwise it is skipped.
func TestWriteBenchData(t *testing.T) {
	if *benchData == "" {
		t.Skip("-benchdata not set; nothing to write")
	}
	rs := benchRatings(10000, 10, 1)
	var b strings.Builder
	b.WriteString("coder,item,value\n")
	for _, x := range rs {
		fmt.Fprintf(&b, "r%d,u%d,%g\n", x.Rater, x.Unit, x.Value)
	}
	a, ok := New(rs).Alpha(Interval)
	if !ok {
		t.Fatal("interval alpha of the benchmark data is undefined")
	}
	files := map[string]string{
		"ratings.csv": b.String(),
		"alpha.txt":   strconv.FormatFloat(a, 'g', 17, 64) + "\n",
	}
	for _, name := range []string{"ratings.csv", "alpha.txt"} {
		if err := os.WriteFile(filepath.Join(*benchData, name), []byte(files[name]), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// BenchmarkContinuous is New with the four alphas, and a 1,000-resample
// interval at the interval and ordinal levels, on 10,000 units x 10 raters
// with continuous values (two decimals, thousands of distinct values), where
// every unit is a profile of its own. Ratio alpha costs O(V^2) in the number
// V of distinct values here.
func BenchmarkContinuous(b *testing.B) {
	rs := randomRatings(1, 10000, 10, 0, continuous)
	b.Run("alphas", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			r := New(rs)
			for l := Nominal; l <= Ratio; l++ {
				r.Alpha(l)
			}
		}
	})
	r := New(rs)
	b.Logf("%d distinct values, %d profiles", len(r.values), len(r.m))
	for _, l := range []Level{Interval, Ordinal} {
		b.Run("bootstrap/"+l.String(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r.Bootstrap(l, 1000, 0.95, 1)
			}
		})
	}
}

// BenchmarkBootstrapSmall is a 1,000-resample ordinal interval on 25 units
// x 5 raters, the size of an iteration record of the benchmark corpus (which
// has 1,600 such records).
func BenchmarkBootstrapSmall(b *testing.B) {
	r := New(benchRatings(25, 5, 1))
	cpuLoop(b, func() { r.Bootstrap(Ordinal, 1000, 0.95, 1) })
}

// cpuLoop runs f b.N times and reports, besides allocations, the process's
// CPU time per run (cpu-us/op), the figure a loaded machine disturbs less
// than wall time.
func cpuLoop(b *testing.B, f func()) {
	b.ReportAllocs()
	start := cputime.Process()
	for b.Loop() {
		f()
	}
	if cpu := cputime.Process() - start; cpu > 0 {
		b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-us/op")
	}
}
