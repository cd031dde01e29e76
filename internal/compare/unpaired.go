package compare

import (
	"math"

	"github.com/evalbook/evalbook/internal/stats"
)

// Unpaired compares candidate values a with baseline values b measured on
// different items, the fallback when the two iterations share no items.
//
// Diff is the difference of the means, ā - b̄.
//
// CI is the expanded percentile bootstrap interval of ā - b̄ with each
// group resampled on its own (Efron and Tibshirani, 1993, §8.3): every
// resample draws len(a) values from a and len(b) values from b with
// replacement. Its tails are those of Hesterberg's expanded interval with
// the two-sample factor and Welch's degrees of freedom (see unpairedTail).
// It is NaN when either group has fewer than two values.
//
// P is the two-sided p-value of the permutation test of the group labels
// (Good, 2005, §3.5): under the hypothesis that the two groups come from
// one distribution, every split of the pooled values into groups of the
// original sizes is equally likely. It draws opt.Resamples random splits,
// counts those c whose |ā* - b̄*| is at least the observed |ā - b̄|, and is
// (c+1)/(Resamples+1) (Phipson and Smyth, 2010) when c ≥ MinExceedances,
// else Welch's t test's p-value (WelchT), which has no floor; PMethod says
// which. It is NaN when either group is empty.
//
// Effect is Hedges' g, the standardised mean difference with the small
// sample correction (Hedges and Olkin, "Statistical Methods for
// Meta-Analysis", 1985, ch. 5, eq. 10):
//
//	g = J(ν) (ā - b̄) / s_p,   s_p² = ((n_a-1) s_a² + (n_b-1) s_b²) / ν,
//	J(ν) = Γ(ν/2) / (√(ν/2) Γ((ν-1)/2)),   ν = n_a + n_b - 2.
//
// It is NaN when either group has fewer than two values or s_p = 0.
//
// Unpaired panics when opt is invalid.
func Unpaired(a, b []float64, opt Options) Result {
	opt.check()
	r := nanResult(MethodUnpaired, false, len(a), len(b))
	if len(a) == 0 || len(b) == 0 || hasNaN(a) || hasNaN(b) {
		return r
	}
	ma, mb := stats.Mean(a), stats.Mean(b)
	r.Diff = ma - mb
	r.Effect = hedgesG(a, b, ma, mb)
	if len(a) >= 2 && len(b) >= 2 {
		r.CI = bootstrapUnpaired(a, b, opt)
	}
	count := permutationCount(a, b, ma-mb, opt)
	r.P, r.PMethod = floorP(count, opt.Resamples, pPermutation(opt.Resamples), PWelchTFloor, func() float64 {
		_, _, p := WelchT(a, b)
		return p
	})
	return r
}

func hedgesG(a, b []float64, ma, mb float64) float64 {
	na, nb := float64(len(a)), float64(len(b))
	if na < 2 || nb < 2 {
		return math.NaN()
	}
	nu := na + nb - 2
	sp := math.Sqrt(((na-1)*stats.Variance(a) + (nb-1)*stats.Variance(b)) / nu)
	if !(sp > 0) {
		return math.NaN()
	}
	return hedgesJ(nu) * (ma - mb) / sp
}

// hedgesJ returns the exact small-sample correction factor J(ν) of Hedges'
// g, computed through log-gamma so that it does not overflow for large ν.
func hedgesJ(nu float64) float64 {
	l1, _ := math.Lgamma(nu / 2)
	l2, _ := math.Lgamma((nu - 1) / 2)
	return math.Exp(l1-l2) / math.Sqrt(nu/2)
}

func bootstrapUnpaired(a, b []float64, opt Options) Interval {
	da := stats.NewIndexDrawerSeed(stats.Seed(opt.Seed, streamBootstrap), len(a))
	db := da.Over(len(b)) // one stream: a's draws, then b's, resample by resample
	ia, ib := make([]uint32, len(a)), make([]uint32, len(b))
	diffs := make([]float64, opt.Resamples)
	for k := range diffs {
		da.Fill(ia)
		db.Fill(ib)
		diffs[k] = indexedMean(a, ia) - indexedMean(b, ib)
	}
	return expanded(diffs, unpairedTail(opt.Level, a, b))
}

func indexedMean(x []float64, idx []uint32) float64 {
	var s float64
	for _, i := range idx {
		s += x[i]
	}
	return s / float64(len(idx))
}

// permutationCount returns how many of opt.Resamples random splits of the
// values of a and b into groups of their sizes have a mean difference at
// least as large in size as the observed obs.
//
// Since the pooled total T is fixed, a split is determined by the sum S of
// the smaller group, and ā* - b̄* follows from S; each draw therefore picks
// a random subset of the smaller group's size by a partial Fisher-Yates
// shuffle (Knuth, TAOCP vol. 2, 3rd ed., Algorithm 3.4.2P), in time
// proportional to that size.
func permutationCount(a, b []float64, obs float64, opt Options) int {
	rng := stats.NewRand(stats.Seed(opt.Seed, streamPermutation))
	pool := append(append(make([]float64, 0, len(a)+len(b)), a...), b...)
	na, nb := float64(len(a)), float64(len(b))
	total := sum(pool)
	k := min(len(a), len(b))
	diff := func(s float64) float64 { // ā* - b̄* when the chosen k values sum to s
		if len(a) == k {
			return s/na - (total-s)/nb
		}
		return (total-s)/na - s/nb
	}
	tol := sumTolerance(pool, 1) * (1/na + 1/nb)
	limit := math.Abs(obs) - tol
	count := 0
	for range opt.Resamples {
		var s float64
		for i := range k {
			j := i + rng.IntN(len(pool)-i)
			pool[i], pool[j] = pool[j], pool[i]
			s += pool[i]
		}
		if math.Abs(diff(s)) >= limit {
			count++
		}
	}
	return count
}
