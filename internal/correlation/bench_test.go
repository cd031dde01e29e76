package correlation

import (
	"bufio"
	"encoding/binary"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

var benchData = flag.String("benchdata", "", "TestWriteBenchData writes the benchmark data and evalbook's results into this folder")

// The benchmark size: 50 metrics x 10 dimensions over 200,000 items.
const benchItems, benchMetrics, benchDims = 200_000, 50, 10

// benchSamples makes metrics and dimensions shaped like evalbook's: each
// dimension is the consensus (mean) of three 1..5 ratings of a latent
// quality, so it takes 13 values and ties heavily; each metric is a noisy
// reading of one dimension's quality, continuous for most metrics, rounded
// to two decimals (some ties) for every fifth and to a 0/1 pass for every
// tenth. scripts/bench/scipy_corr.py reads the same data written out by
// TestWriteBenchData.
func benchSamples(items, metrics, dims int, seed uint64) (m, d [][]float64) {
	rng := rand.New(rand.NewPCG(seed, 1))
	quality := make([][]float64, dims)
	d = make([][]float64, dims)
	for j := range d {
		quality[j], d[j] = make([]float64, items), make([]float64, items)
		for i := range items {
			q := rng.NormFloat64()
			quality[j][i] = q
			var s float64
			for range 3 {
				s += math.Max(1, math.Min(5, math.Round(3+q+rng.NormFloat64())))
			}
			d[j][i] = s / 3
		}
	}
	m = make([][]float64, metrics)
	for k := range m {
		m[k] = make([]float64, items)
		q, w := quality[k%dims], 0.2+0.6*float64(k)/float64(metrics)
		for i := range items {
			v := w*q[i] + rng.NormFloat64()
			switch {
			case k%10 == 9:
				v = math.Max(0, math.Copysign(1, v))
			case k%5 == 4:
				v = math.Round(v*100) / 100
			}
			m[k][i] = v
		}
	}
	return m, d
}

// BenchmarkMatrix is the target: all three coefficients with their
// 95 % intervals for 50 metrics x 10 dimensions over 200,000 items, in
// under 5 s on 2 cores. Run it with -benchtime 1x.
func BenchmarkMatrix(b *testing.B) {
	m, d := benchSamples(benchItems, benchMetrics, benchDims, 1)
	b.ReportAllocs()
	for b.Loop() {
		Matrix(m, d, 0.95)
	}
}

// BenchmarkNewVariable prepares one sample of 200,000 continuous values.
func BenchmarkNewVariable(b *testing.B) {
	m, _ := benchSamples(benchItems, 1, 1, 2)
	b.ReportAllocs()
	for b.Loop() {
		NewVariable(m[0])
	}
}

// BenchmarkKendall times Kendall's tau-b on prepared samples of 200,000
// items: a tied dimension against a continuous metric (the common case),
// two continuous samples (the worst case, about 18 merge passes), and a
// tied dimension against a metric of two decimals on 10,000 items (an
// iteration of the scale project's: a contingency table of 13 x 682).
func BenchmarkKendall(b *testing.B) {
	m, d := benchSamples(benchItems, 5, 1, 3)
	cont := NewVariable(m[0])
	few := NewVariable(m[4][:10_000])
	for _, c := range []struct {
		name string
		x, y *Variable
	}{{"tied", NewVariable(d[0]), cont}, {"continuous", NewVariable(m[1]), cont}, {"tied-rounded", NewVariable(d[0][:10_000]), few}} {
		b.Run(c.name, func(b *testing.B) {
			var buf kendallBuffers
			for b.Loop() {
				kendallTauB(c.x, c.y, &buf)
			}
		})
	}
}

// BenchmarkBootstrap is a 1,000-resample interval of each coefficient on
// 1,000 pairs.
func BenchmarkBootstrap(b *testing.B) {
	m, d := benchSamples(1000, 1, 1, 4)
	for _, c := range []Coefficient{R, Rho, TauB} {
		b.Run(c.String(), func(b *testing.B) {
			for b.Loop() {
				Bootstrap(m[0], d[0], c, 1000, 0.95, rand.New(rand.NewPCG(1, 1)))
			}
		})
	}
}

// TestWriteBenchData writes BenchmarkMatrix's data for
// scripts/bench/scipy_corr.py when -benchdata names a folder: data.bin holds
// the 50 metrics and then the 10 dimensions, each as 200,000 little-endian
// float64 values; results.csv holds evalbook's three coefficients and
// intervals for every pair, so the script can check scipy's against them.
func TestWriteBenchData(t *testing.T) {
	if *benchData == "" {
		t.Skip("no -benchdata folder given")
	}
	m, d := benchSamples(benchItems, benchMetrics, benchDims, 1)
	if err := os.MkdirAll(*benchData, 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(*benchData, "data.bin"))
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	for _, s := range append(append([][]float64(nil), m...), d...) {
		if err := binary.Write(w, binary.LittleEndian, s); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	res, err := os.Create(filepath.Join(*benchData, "results.csv"))
	if err != nil {
		t.Fatal(err)
	}
	w = bufio.NewWriter(res)
	fmt.Fprintf(w, "items,metrics,dims\n%d,%d,%d\n", benchItems, benchMetrics, benchDims)
	fmt.Fprintln(w, "metric,dim,pearson,pearson_low,pearson_high,spearman,spearman_low,spearman_high,kendall,kendall_low,kendall_high")
	for i, row := range Matrix(m, d, 0.95) {
		for j, p := range row {
			fmt.Fprintf(w, "%d,%d", i, j)
			for _, e := range []Estimate{p.Pearson, p.Spearman, p.Kendall} {
				fmt.Fprintf(w, ",%.17g,%.17g,%.17g", e.Coef, e.Low, e.High)
			}
			fmt.Fprintln(w)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := res.Close(); err != nil {
		t.Fatal(err)
	}
}
