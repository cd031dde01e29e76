package stats

import (
	"math"
	"testing"
)

// binomialPMF returns P(X = k) for X ~ Binomial(n, p).
func binomialPMF(n, k int, p float64) float64 {
	lg := func(x int) float64 { v, _ := math.Lgamma(float64(x) + 1); return v }
	return math.Exp(lg(n) - lg(k) - lg(n-k) + float64(k)*math.Log(p) + float64(n-k)*math.Log1p(-p))
}

// TestBinomialDistribution draws 200,000 times from each binomial (both
// samplers, both sides of p = 1/2, small and huge n) and compares the
// frequencies with the probabilities by Pearson's chi-square, outcomes of
// expected count below 20 pooled with their neighbours; the statistic
// must stay below df + 6 sqrt(2 df), far in the tail of its distribution
// (the draws are seeded, so the test is deterministic). Under -short it
// draws 50,000 times.
func TestBinomialDistribution(t *testing.T) {
	t.Parallel()
	draws := 200000.0
	if testing.Short() {
		draws = 50000
	}
	for i, tt := range []struct {
		n int
		p float64
	}{
		{1, 0.3}, {5, 0.3}, {40, 0.1}, {19, 0.5}, {20, 0.5}, {100, 0.4},
		{1000, 0.03}, {200, 0.9}, {33, 0.97}, {5000, 0.5}, {1000000, 0.001}, {100000, 0.3},
	} {
		rng := NewRand(uint64(i + 1))
		freq := map[int]int{}
		var sum, sq float64
		for range int(draws) {
			k := Binomial(rng, tt.n, tt.p)
			if k < 0 || k > tt.n {
				t.Fatalf("Binomial(%d, %v) = %d", tt.n, tt.p, k)
			}
			freq[k]++
			sum += float64(k)
			sq += float64(k) * float64(k)
		}
		chi, df := 0.0, -1
		var obs, exp float64
		for k := 0; k <= tt.n; k++ {
			obs += float64(freq[k])
			exp += draws * binomialPMF(tt.n, k, tt.p)
			if exp >= 20 || k == tt.n {
				chi += (obs - exp) * (obs - exp) / max(exp, 1e-300)
				df++
				obs, exp = 0, 0
			}
		}
		if limit := float64(df) + 6*math.Sqrt(2*float64(max(df, 1))); chi > limit {
			t.Errorf("Binomial(%d, %v): chi-square %.1f on %d df, above %.1f", tt.n, tt.p, chi, df, limit)
		}
		mean, want := sum/draws, float64(tt.n)*tt.p
		sd := math.Sqrt(want * (1 - tt.p))
		if math.Abs(mean-want) > 5*sd/math.Sqrt(draws) {
			t.Errorf("Binomial(%d, %v): mean %v, want %v", tt.n, tt.p, mean, want)
		}
		if v := sq/draws - mean*mean; math.Abs(v-sd*sd) > 0.03*sd*sd {
			t.Errorf("Binomial(%d, %v): variance %v, want %v", tt.n, tt.p, v, sd*sd)
		}
	}
}

func TestBinomialEdges(t *testing.T) {
	rng := NewRand(1)
	for _, tt := range []struct {
		n    int
		p    float64
		want int
	}{
		{0, 0.5, 0}, {-3, 0.5, 0}, {10, 0, 0}, {10, -1, 0}, {10, math.NaN(), 0}, {10, 1, 10}, {10, 2, 10},
	} {
		if got := Binomial(rng, tt.n, tt.p); got != tt.want {
			t.Errorf("Binomial(%d, %v) = %d; want %d", tt.n, tt.p, got, tt.want)
		}
	}
}

// BenchmarkBinomial times one binomial draw of mean 32 (bigClass), to set
// against BenchmarkIndexDrawer's cost per index.
func BenchmarkBinomial(b *testing.B) {
	rng := NewRand(1)
	for b.Loop() {
		Binomial(rng, 10000, 32.0/10000)
	}
}
