package stats

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"
)

// thirds returns k/3 for each k: the consensus of three integer ratings
// that sum to k.
func thirds(ks ...int) []float64 {
	out := make([]float64, len(ks))
	for i, k := range ks {
		out[i] = float64(k) / 3
	}
	return out
}

// naiveMean is the left-to-right float sum divided by n.
func naiveMean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

func TestExactMean(t *testing.T) {
	// Two systems whose consensus values (k/3) sum to 62/3 each: equal
	// means in exact arithmetic, 31/9, but the naive float sums differ in
	// the last bit, as HANNA's equal complexity means did.
	a, b := thirds(15, 11, 4, 15, 13, 4), thirds(11, 3, 12, 13, 11, 12)
	if naiveMean(a) == naiveMean(b) {
		t.Fatalf("the case no longer shows the problem: naive means %v and %v are equal", naiveMean(a), naiveMean(b))
	}
	for _, tc := range []struct {
		name string
		x    []float64
		want float64
	}{
		{"thirds a", a, 31.0 / 9},
		{"thirds b", b, 31.0 / 9},
		{"thirds b reversed", []float64{b[5], b[4], b[3], b[2], b[1], b[0]}, 31.0 / 9},
		{"integers", []float64{1, 2, 2, 5}, 2.5},
		// 0.1, 0.2 and 0.3 are read as tenths: their exact mean is 0.2,
		// while the float sum 0.1+0.2+0.3 is 0.6000000000000001.
		{"tenths", []float64{0.1, 0.2, 0.3}, 0.2},
		{"sevenths", []float64{1.0 / 7, 2.0 / 7, 4.0 / 7}, 1.0 / 3},
		// A value that is no small fraction keeps its exact binary value.
		{"irrational", []float64{math.Pi, math.Pi, math.Pi}, math.Pi},
		{"large", []float64{1e300, 1e300}, 1e300},
		{"negative", []float64{-1.0 / 3, -2.0 / 3}, -0.5},
		// 0.1+0.2 in float64, one unit in the last place above 0.3, is read
		// as the 3/10 it stands for.
		{"rounded sum", []float64{0.30000000000000004}, 0.3},
		{"near a fraction but not within 4 ulp", []float64{0.3 + 1e-12}, 0.3 + 1e-12},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ExactMean(tc.x); got != tc.want {
				t.Errorf("ExactMean = %.17g, want %.17g", got, tc.want)
			}
		})
	}
	if got := ExactMean(nil); !math.IsNaN(got) {
		t.Errorf("ExactMean(nil) = %v, want NaN", got)
	}
	if got := ExactMean([]float64{1, math.Inf(1)}); !math.IsInf(got, 1) {
		t.Errorf("ExactMean with +Inf = %v, want +Inf", got)
	}
}

// ratMean is ExactMean as it was first written, one rational addition per
// distinct value: the reference the integer sums must match bit for bit.
func ratMean(x []float64) float64 {
	counts := make(map[float64]int64)
	for _, v := range x {
		counts[v]++
	}
	sum, term, c := new(big.Rat), new(big.Rat), new(big.Rat)
	for v, k := range counts {
		if p, q, ok := fraction64(v); ok {
			term.SetFrac64(p, q)
		} else {
			term.SetFloat64(v)
		}
		sum.Add(sum, term.Mul(term, c.SetInt64(k)))
	}
	sum.Quo(sum, c.SetInt64(int64(len(x))))
	m, _ := sum.Float64()
	return m
}

// TestExactMeanMatchesRationalSum checks ExactMean's integer sums against
// a rational addition per value on samples of every kind it meets:
// continuous metric values, consensus fractions, integers, mixtures, wide
// exponent ranges, negatives and subnormals.
func TestExactMeanMatchesRationalSum(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	reps := 20
	if testing.Short() {
		reps = 3
	}
	kinds := []struct {
		name string
		draw func() float64
	}{
		{"uniform", func() float64 { return r.Float64() }},
		{"normal", func() float64 { return 50 + 20*r.NormFloat64() }},
		{"thirds", func() float64 { return float64(r.IntN(15)) / 3 }},
		{"sevenths and halves", func() float64 { return float64(r.IntN(30)-10) / float64([]int{7, 2, 1}[r.IntN(3)]) }},
		{"mixed", func() float64 {
			if r.IntN(2) == 0 {
				return float64(r.IntN(10)) / 3
			}
			return r.NormFloat64()
		}},
		{"wide exponents", func() float64 { return math.Ldexp(r.Float64()-0.5, r.IntN(400)-200) }},
		{"huge and tiny", func() float64 {
			return []float64{1e300, -1e300, 5e-324, 1e-310, 3, 1 << 40}[r.IntN(6)] * float64(1+r.IntN(3))
		}},
		{"zeros", func() float64 { return float64(r.IntN(2)) * r.Float64() }},
	}
	for _, k := range kinds {
		for _, n := range []int{1, 2, 7, 100, 1000} {
			for rep := range reps {
				x := make([]float64, n)
				for i := range x {
					x[i] = k.draw()
				}
				if got, want := ExactMean(x), ratMean(x); got != want && !(math.IsNaN(got) && math.IsNaN(want)) {
					t.Fatalf("%s, n=%d, sample %d: ExactMean = %.17g, rational sum %.17g", k.name, n, rep, got, want)
				}
			}
		}
	}
}

func BenchmarkExactMean(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	cont, thirds := make([]float64, 500), make([]float64, 500)
	for i := range cont {
		cont[i], thirds[i] = r.Float64(), float64(r.IntN(15))/3
	}
	b.Run("continuous", func(b *testing.B) {
		for b.Loop() {
			ExactMean(cont)
		}
	})
	b.Run("thirds", func(b *testing.B) {
		for b.Loop() {
			ExactMean(thirds)
		}
	})
}

// TestExactMeanRuns: runs of equal values, added once as a multiple, give
// the mean one rational addition per value gives, bit for bit: fractions,
// binary values of many exponents, zeros of both signs, and runs longer
// than a fraction's int64 holds before it folds.
func TestExactMeanRuns(t *testing.T) {
	perValue := func(x []float64) float64 { // a rational addition per value
		sum := new(big.Rat)
		for _, v := range x {
			if p, q, ok := fraction64(v); ok {
				sum.Add(sum, big.NewRat(p, q))
			} else {
				sum.Add(sum, new(big.Rat).SetFloat64(v))
			}
		}
		sum.Quo(sum, new(big.Rat).SetInt64(int64(len(x))))
		m, _ := sum.Float64()
		return m
	}
	rng := rand.New(rand.NewPCG(5, 6))
	long := slices.Repeat([]float64{7.0 / 3}, 2*foldEvery+5)
	long = append(long, slices.Repeat([]float64{0.0141}, foldEvery+3)...)
	// (2·2^20+5)·7/3 + (2^20+3)·0.0141 as read, over 3·2^20+8 values.
	sum := new(big.Rat).Mul(big.NewRat(7, 3), big.NewRat(2*foldEvery+5, 1))
	sum.Add(sum, new(big.Rat).Mul(new(big.Rat).SetFloat64(0.0141), big.NewRat(foldEvery+3, 1)))
	want, _ := sum.Quo(sum, big.NewRat(3*foldEvery+8, 1)).Float64()
	if got := ExactMean(long); math.Float64bits(got) != math.Float64bits(want) {
		t.Errorf("long runs: %v; want %v", got, want)
	}
	tests := map[string][]float64{}
	for k := range 6 {
		var x []float64
		for range 500 {
			var v float64
			switch rng.IntN(5) {
			case 0:
				v = float64(rng.IntN(300)) / 1000 // 3 decimals: fractions
			case 1:
				v = float64(rng.IntN(90)) / 10000 // 4 decimals: binary
			case 2:
				v = float64(rng.IntN(3)) * math.Pow(2, float64(rng.IntN(80)-40))
			case 3:
				v = math.Copysign(0, rng.Float64()-0.5)
			default:
				v = float64(rng.IntN(200) - 50)
			}
			for range 1 + rng.IntN(20) {
				x = append(x, v)
			}
		}
		if k%2 == 1 {
			slices.Sort(x)
		}
		tests[fmt.Sprintf("mixed %d", k)] = x
	}
	for name, x := range tests {
		if got, want := ExactMean(x), perValue(x); math.Float64bits(got) != math.Float64bits(want) {
			t.Errorf("%s: %v; one addition per value %v", name, got, want)
		}
	}
}

// TestExactMean64 checks the int64 route of ExactMean against the
// rational sum bit for bit, and that it takes the samples it is for: metric
// values of a few decimals, integers, consensus fractions, binary
// fractions and their mixtures, of both signs and near its limits (sums
// and denominators that overflow go to the general sum, which must then
// give the same figure as the rational sum too).
func TestExactMean64(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(7, 8))
	reps := 20
	if testing.Short() {
		reps = 3
	}
	kinds := []struct {
		name string
		draw func() float64
		fast bool // exactMean64 must take every sample
	}{
		{"3 decimals", func() float64 { return float64(r.IntN(2001)-1000) / 1000 }, true},
		{"0 or 1", func() float64 { return float64(r.IntN(2)) }, true},
		{"tokens", func() float64 { return float64(r.IntN(4000)) }, true},
		{"consensus", func() float64 { return float64(r.IntN(25)+5) / float64(1+r.IntN(7)) }, true},
		{"quarters", func() float64 { return float64(r.IntN(400)-200) / 4 }, true},
		{"4 decimals", func() float64 { return float64(r.IntN(90)) / 10000 }, true},
		{"mixed", func() float64 {
			switch r.IntN(4) {
			case 0:
				return float64(r.IntN(300)) / 1000
			case 1:
				return float64(r.IntN(10)) / 3
			case 2:
				return math.Ldexp(float64(r.IntN(1000)), -r.IntN(30))
			}
			return float64(r.IntN(1<<20) - 1<<19)
		}, true},
		{"large integers", func() float64 { return float64(r.Int64N(1<<53) - 1<<52) }, false},
		{"continuous", r.Float64, true},
		{"normal", func() float64 { return 50 + 20*r.NormFloat64() }, true},
		{"wide exponents", func() float64 { return math.Ldexp(r.Float64()-0.5, r.IntN(400)-200) }, false},
		{"zeros", func() float64 { return math.Copysign(0, r.Float64()-0.5) }, true},
	}
	for _, k := range kinds {
		for _, n := range []int{1, 2, 3, 100, 1000, 5000} {
			for rep := range reps {
				x := make([]float64, n)
				for i := range x {
					x[i] = k.draw()
				}
				slices.Sort(x)
				want := ratMean(x)
				got, ok := exactMean64(x)
				if k.fast && !ok {
					t.Fatalf("%s, n=%d, sample %d: not taken by the int64 route", k.name, n, rep)
				}
				if ok && math.Float64bits(got) != math.Float64bits(want) {
					t.Fatalf("%s, n=%d, sample %d: int64 route %.17g, rational sum %.17g", k.name, n, rep, got, want)
				}
				if got := ExactMean(x); math.Float64bits(got) != math.Float64bits(want) {
					t.Fatalf("%s, n=%d, sample %d: ExactMean %.17g, rational sum %.17g", k.name, n, rep, got, want)
				}
			}
		}
	}
	// Ties of the rounding: 1/2^54 over one value rounds to even.
	for _, x := range [][]float64{
		{1, math.Ldexp(1, -53)}, {1, math.Ldexp(3, -53)}, {-1, -math.Ldexp(3, -53)}, {0.25, math.Ldexp(5, -56)},
		{3, 1 << 53, -(1 << 53)}, {math.MaxInt32, 1e15}, {1 << 60, 1 << 60, 3}, {0.1, 1 << 55, 1},
	} {
		got, want := ExactMean(x), ratMean(x)
		if math.Float64bits(got) != math.Float64bits(want) {
			t.Errorf("%v: ExactMean %.17g, rational sum %.17g", x, got, want)
		}
	}
}
