package stats

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats"
)

// dotLengths are the lengths the kernels are checked on: every tail of
// the unrolled loops, and long rows.
func dotLengths() []int {
	var ns []int
	for n := range 68 {
		ns = append(ns, n)
	}
	return append(ns, 511, 512, 1000, 4099)
}

// roughValues returns n values of widely different magnitudes and signs,
// so that adding them in another order changes the last bits.
func roughValues(rng *rand.Rand, n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = (rng.Float64() - 0.3) * math.Pow(10, float64(rng.IntN(12)-6))
	}
	return x
}

// TestDotsIsFloatsDot: Dots gives floats.Dot's sums bit for bit, added to
// what dst held, for one to five rows of every length, and the test is
// sharp: a plain loop's sums differ from floats.Dot's on these values.
func TestDotsIsFloatsDot(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	differ := 0
	for _, n := range dotLengths() {
		for rows := 1; rows <= 13; rows++ {
			stride := n + rng.IntN(3)
			w := roughValues(rng, rows*stride+n)
			x := roughValues(rng, n)
			start := roughValues(rng, rows)
			got := append([]float64(nil), start...)
			Dots(got, w, stride, x)
			for q := range rows {
				want := start[q] + floats.Dot(w[q*stride:q*stride+n], x)
				if math.Float64bits(got[q]) != math.Float64bits(want) {
					t.Fatalf("n %d, row %d of %d: %v; floats.Dot %v", n, q, rows, got[q], want)
				}
				var plain float64
				for i := range n {
					plain += float64(w[q*stride+i] * x[i])
				}
				if plain != floats.Dot(w[q*stride:q*stride+n], x) {
					differ++
				}
			}
		}
	}
	if dotsFour && differ == 0 {
		t.Error("no plain loop's sum differs from floats.Dot's: the values do not test the order")
	}
}

func TestDotsPanicsOutOfRange(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic for rows past the end of w")
		}
	}()
	Dots(make([]float64, 3), make([]float64, 10), 4, make([]float64, 4))
}

func BenchmarkDots(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	const rows, n = 32, 512
	w, x := roughValues(rng, rows*n), roughValues(rng, n)
	dst := make([]float64, rows)
	b.Run("floats.Dot", func(b *testing.B) {
		for b.Loop() {
			for q := range rows {
				dst[q] += floats.Dot(w[q*n:q*n+n], x)
			}
		}
	})
	b.Run("Dots", func(b *testing.B) {
		for b.Loop() {
			Dots(dst, w, n, x)
		}
	})
}
