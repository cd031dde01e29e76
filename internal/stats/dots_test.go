package stats

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
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

// TestPairDotsIsGemv: PairDots gives blas64.Gemv's products of each of
// two vectors with rows taken in blocks of four (the last block
// overlapping the one before, as compare takes them), for every length
// and one to seventeen rows (passes of eight and the rest): equal as numbers (Gemv's 1·sum + 0·y turns a sum
// of -0 into +0, which compare's sums, started at +0, do as well).
func TestPairDotsIsGemv(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range dotLengths() {
		for m := 1; m <= 17; m++ {
			stride := n + rng.IntN(3)
			rows := max(m, 4)
			a := roughValues(rng, rows*stride)
			x0, x1 := roughValues(rng, n), roughValues(rng, n)
			got0, got1 := make([]float64, m), make([]float64, m)
			if !PairDots(got0, got1, a, stride, x0, x1) {
				if dotsFour && dotsAVX2 {
					t.Fatal("PairDots not available with AVX2")
				}
				return
			}
			if n == 0 {
				continue
			}
			for xi, x := range [][]float64{x0, x1} {
				got := [][]float64{got0, got1}[xi]
				var out4 [4]float64
				for r0 := 0; r0 < m; r0 += 4 {
					lo := min(r0, rows-4)
					g := blas64.General{Rows: 4, Cols: n, Stride: stride, Data: a[lo*stride:]}
					blas64.Gemv(blas.NoTrans, 1, g, blas64.Vector{N: n, Inc: 1, Data: x}, 0, blas64.Vector{N: 4, Inc: 1, Data: out4[:]})
					for j := r0; j < min(r0+4, m); j++ {
						if got[j] != out4[j-lo] {
							t.Fatalf("n %d, x%d, row %d of %d: %v; Gemv %v", n, xi, j, m, got[j], out4[j-lo])
						}
					}
				}
			}
		}
	}
}

// TestPairDotsPlainIsLoop: PairDotsPlain gives the sums of a plain loop
// with two running sums (the last product of an odd length added to the
// even one) bit for bit, for every length and one to seventeen rows, and
// the test is sharp: PairDots' order differs from it on these values.
func TestPairDotsPlainIsLoop(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	differ := 0
	for _, n := range dotLengths() {
		for m := 1; m <= 17; m++ {
			stride := n + rng.IntN(3)
			a := roughValues(rng, m*stride)
			x0, x1 := roughValues(rng, n), roughValues(rng, n)
			got0, got1 := make([]float64, m), make([]float64, m)
			gem0, gem1 := make([]float64, m), make([]float64, m)
			if !PairDotsPlain(got0, got1, a, stride, x0, x1) {
				if dotsFour && dotsAVX2 {
					t.Fatal("PairDotsPlain not available with AVX2")
				}
				return
			}
			PairDots(gem0, gem1, a, stride, x0, x1)
			for xi, x := range [][]float64{x0, x1} {
				got, gem := [][]float64{got0, got1}[xi], [][]float64{gem0, gem1}[xi]
				for j := range m {
					y := a[j*stride : j*stride+n]
					var s0, s1 float64
					i := 0
					for ; i+2 <= n; i += 2 {
						s0 += x[i] * y[i]
						s1 += x[i+1] * y[i+1]
					}
					if i < n {
						s0 += x[i] * y[i]
					}
					want := s0 + s1
					if math.Float64bits(got[j]) != math.Float64bits(want) {
						t.Fatalf("n %d, x%d, row %d of %d: %v; plain loop %v", n, xi, j, m, got[j], want)
					}
					if gem[j] != want {
						differ++
					}
				}
			}
		}
	}
	if differ == 0 {
		t.Error("PairDots' sums never differ from the plain loop's: the values do not test the order")
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

func BenchmarkPairDots(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	const m, n = 12, 512
	a, x0, x1 := roughValues(rng, m*n), roughValues(rng, n), roughValues(rng, n)
	d0, d1 := make([]float64, m), make([]float64, m)
	b.Run("Gemv", func(b *testing.B) {
		var out4 [4]float64
		for b.Loop() {
			for _, x := range [][]float64{x0, x1} {
				for r0 := 0; r0 < m; r0 += 4 {
					g := blas64.General{Rows: 4, Cols: n, Stride: n, Data: a[r0*n:]}
					blas64.Gemv(blas.NoTrans, 1, g, blas64.Vector{N: n, Inc: 1, Data: x}, 0, blas64.Vector{N: 4, Inc: 1, Data: out4[:]})
					copy(d0[r0:], out4[:])
				}
			}
		}
	})
	b.Run("PairDots", func(b *testing.B) {
		for b.Loop() {
			PairDots(d0, d1, a, n, x0, x1)
		}
	})
}
