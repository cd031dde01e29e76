package pairwise

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/evalbook/evalbook/internal/stats"
)

// The size of the performance target.
const (
	benchJudgements = 1_000_000
	benchSystems    = 50
	benchItems      = 20_000
	benchResamples  = 1000
)

// benchData returns n judgements of k systems with log-strengths drawn
// from N(0, 1) on items items (n/items per item, random pairs, random
// order, 10% ties, ten raters).
func benchData(n, k, items int) []Judgement {
	rng := stats.NewRand(2024)
	theta := make([]float64, k)
	for i := range theta {
		theta[i] = rng.NormFloat64()
	}
	js := make([]Judgement, n)
	for i := range js {
		a := rng.IntN(k)
		b := rng.IntN(k - 1)
		if b >= a {
			b++
		}
		p := BWins
		switch u := rng.Float64(); {
		case u < 0.1:
			p = Tie
		case rng.Float64() > sigmoid(theta[b]-theta[a]):
			p = AWins
		}
		js[i] = Judgement{Item: int32(i * items / n), Rater: int32(rng.IntN(10)), A: int32(a), B: int32(b), P: p, Order: Order(1 + rng.IntN(2))}
	}
	return js
}

// BenchmarkPairwise measures the target: the win-rate matrix with
// intervals and Bradley-Terry strengths with 1,000 bootstrap resamples of
// the items, for 1,000,000 judgements of 50 systems on 20,000 items.
func BenchmarkPairwise(b *testing.B) {
	js := benchData(benchJudgements, benchSystems, benchItems)
	for b.Loop() {
		WinRates(js, 0.95)
		BradleyTerry(js, BTOptions{Resamples: benchResamples, Seed: 1})
	}
}

// BenchmarkWinRates measures the win-rate matrix alone.
func BenchmarkWinRates(b *testing.B) {
	js := benchData(benchJudgements, benchSystems, benchItems)
	for b.Loop() {
		WinRates(js, 0.95)
	}
}

// TestWriteBenchData writes the judgements of BenchmarkPairwise and
// evalbook's win rates and strengths for scripts/bench/pairwise_reference.py
// into the folder PAIRWISE_BENCH_DIR names; it is skipped without it.
// PAIRWISE_BENCH_SIZE=small writes a tenth of the items and judgements.
func TestWriteBenchData(t *testing.T) {
	dir := os.Getenv("PAIRWISE_BENCH_DIR")
	if dir == "" {
		t.Skip("PAIRWISE_BENCH_DIR not set")
	}
	n, items := benchJudgements, benchItems
	if os.Getenv("PAIRWISE_BENCH_SIZE") == "small" {
		n, items = n/10, items/10
	}
	js := benchData(n, benchSystems, items)
	buf := make([]byte, 0, 24*len(js))
	for _, j := range js {
		for _, v := range []int32{j.Item, j.Rater, j.A, j.B} {
			buf = binary.LittleEndian.AppendUint32(buf, uint32(v))
		}
		buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(j.P))
	}
	if err := os.WriteFile(filepath.Join(dir, "judgements.bin"), buf, 0o644); err != nil {
		t.Fatal(err)
	}
	out := "kind,a,b,n,wins_a,wins_b,ties,win_rate_b,standard_error,strength\n"
	for _, w := range WinRates(js, 0.95).Rates {
		out += fmt.Sprintf("pair,%d,%d,%d,%d,%d,%d,%s,%s,\n", w.A, w.B, w.N, w.WinsA, w.WinsB, w.Ties,
			strconv.FormatFloat(w.WinRateB, 'g', -1, 64), strconv.FormatFloat(w.StandardError, 'g', -1, 64))
	}
	for _, s := range BradleyTerry(js, BTOptions{Resamples: -1}).Strengths {
		out += fmt.Sprintf("strength,%d,,,,,,,,%s\n", s.System, strconv.FormatFloat(s.Strength, 'g', -1, 64))
	}
	if err := os.WriteFile(filepath.Join(dir, "go_results.csv"), []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
}
