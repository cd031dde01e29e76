package stats

import (
	"crypto/md5"
	"math"
	"strconv"
)

// PoissonThresholds are the cut points of PoissonWeight: a 24-bit hash h
// gives weight k for the smallest k with h < PoissonThresholds[k], and
// len(PoissonThresholds) when there is none. PoissonThresholds[k] is
// round(2^24 P(X ≤ k)) for X ~ Poisson(1), so weight k comes with
// probability P(X = k) to within 2^-24. sql/aggregates.sql writes the same
// numbers as literals (a test keeps the two equal).
var PoissonThresholds = poissonThresholds()

func poissonThresholds() []uint32 {
	var out []uint32
	cdf, term := 0.0, math.Exp(-1)
	for k := 1; ; k++ {
		cdf += term
		t := uint32(math.Round(cdf * (1 << 24)))
		if t >= 1<<24 {
			return out
		}
		out = append(out, t)
		term /= float64(k)
	}
}

// PoissonWeight returns the weight of the unit named key in replicate r of
// a Poisson bootstrap: how many times the unit is drawn, an independent
// Poisson(1) count instead of the multinomial counts of drawing n of n
// with replacement (Hanley and MacGibbon, "Creating non-parametric
// bootstrap samples using Poisson frequencies", Computer Methods and
// Programs in Biomedicine 83(1), 2006). Because each unit's weight depends
// on the unit and the replicate only, an engine that holds the rows can
// compute replicate sums Σ w·x and Σ w in one pass, in parallel, with no
// coordination (Chamandy et al., "Estimating uncertainty for massive data
// streams", Google, 2012), and every statistic drawn over the same units
// shares the same weights.
//
// The weight is a pure function of its inputs, so that SQL can compute it
// too: h is the number the first six hexadecimal digits of
// MD5(key + ":" + decimal r) spell (24 bits), and the weight is the
// smallest k with h < PoissonThresholds[k] (len(PoissonThresholds) when
// none is).
func PoissonWeight(key string, r int) int {
	sum := md5.Sum([]byte(key + ":" + strconv.Itoa(r)))
	h := uint32(sum[0])<<16 | uint32(sum[1])<<8 | uint32(sum[2])
	for k, t := range PoissonThresholds {
		if h < t {
			return k
		}
	}
	return len(PoissonThresholds)
}

// ReplicateMeansCI returns the percentile interval at level of the
// replicate means sums[i]/counts[i] of a Poisson bootstrap (PoissonWeight):
// the replicates' weighted sums Σ w·x and weight totals Σ w. Replicates
// whose weights are all zero have no mean and are left out; with fewer
// than two means left, low and high are NaN. It reads sums and counts
// only.
func ReplicateMeansCI(sums, counts []float64, level float64) (low, high float64) {
	means := make([]float64, 0, len(sums))
	for i, s := range sums {
		if counts[i] > 0 {
			means = append(means, s/counts[i])
		}
	}
	if len(means) < 2 {
		return math.NaN(), math.NaN()
	}
	return PercentileInterval(means, level)
}
