package compare

import (
	"fmt"
	"math"
	"slices"
)

// Correction names a multiple-comparison adjustment of p-values. Its
// values are those of the experiments.correction key of config.toml.
type Correction string

// The corrections Adjust knows.
const (
	CorrectionHolm Correction = "holm"
	CorrectionBH   Correction = "bh"
	CorrectionNone Correction = "none"
)

// Adjust returns p adjusted by the named correction with the weights w
// (nil for equal weights): WeightedHolm, WeightedBH, or a copy of p for
// "none", which ignores w. It returns an error for any other name.
func Adjust(c Correction, p, w []float64) ([]float64, error) {
	switch c {
	case CorrectionHolm:
		return WeightedHolm(p, w), nil
	case CorrectionBH:
		return WeightedBH(p, w), nil
	case CorrectionNone:
		return slices.Clone(p), nil
	}
	return nil, fmt.Errorf("compare: unknown correction %q (want holm, bh or none)", c)
}

// Holm returns Holm's step-down adjusted p-values, which control the
// family-wise error rate (the chance of any false rejection) under any
// dependence between the tests (Holm, "A simple sequentially rejective
// multiple test procedure", Scandinavian Journal of Statistics 6, 1979).
// With the m p-values sorted ascending, p₍₁₎ ≤ … ≤ p₍ₘ₎,
//
//	p̃₍ᵢ₎ = min(1, max_{j ≤ i} (m - j + 1) p₍ⱼ₎),
//
// and rejecting the tests with p̃ ≤ α is Holm's procedure at level α. This
// is R's p.adjust(p, "holm"). For example p = 0.01, 0.04, 0.03, 0.005
// becomes 0.03, 0.06, 0.06, 0.02. It is WeightedHolm with equal weights.
//
// The result is in the order of p, which is not modified. NaN entries (no
// test) stay NaN and do not count in m.
func Holm(p []float64) []float64 { return WeightedHolm(p, nil) }

// BenjaminiHochberg returns the Benjamini-Hochberg adjusted p-values
// ("q-values" of the step-up procedure), which control the false discovery
// rate (the expected share of false rejections among the rejections) for
// independent or positively dependent tests (Benjamini and Hochberg,
// "Controlling the false discovery rate", JRSS B 57(1), 1995). With the m
// p-values sorted ascending,
//
//	p̃₍ᵢ₎ = min(1, min_{j ≥ i} m p₍ⱼ₎ / j).
//
// This is R's p.adjust(p, "BH"). For example p = 0.01, 0.04, 0.03, 0.005
// becomes 0.02, 0.04, 0.04, 0.02. It is WeightedBH with equal weights.
//
// The result is in the order of p, which is not modified. NaN entries stay
// NaN and do not count in m.
func BenjaminiHochberg(p []float64) []float64 { return WeightedBH(p, nil) }

// WeightedHolm returns the adjusted p-values of Holm's weighted step-down
// procedure (Holm 1979, section 4; Benjamini and Hochberg, "Multiple
// hypotheses testing with weights", Scandinavian Journal of Statistics 24,
// 1997), which controls the family-wise error rate under any dependence
// between the tests, whatever the weights, while giving the tests with
// more weight more of the error budget.
//
// Test i has weight w[i] ≥ 0; only the ratios of the weights matter. Rank
// the tests by p/w ascending (a test of weight 0 last), and let W₍ⱼ₎ be
// the total weight of the tests ranked j and after. The procedure at level
// α rejects the tests in rank order while p₍ⱼ₎ ≤ α w₍ⱼ₎ / W₍ⱼ₎ and stops at
// the first that fails. The adjusted p-value of a test is the smallest α
// at which the procedure rejects it:
//
//	p̃₍ᵢ₎ = min(1, max_{j ≤ i} p₍ⱼ₎ W₍ⱼ₎ / w₍ⱼ₎),
//
// and 1 for a test of weight 0, which is never rejected. Equal weights
// give Holm exactly: W₍ⱼ₎ / w₍ⱼ₎ = m - j + 1. For example p = 0.01, 0.04,
// 0.03, 0.005 with weights 3, 3, 1, 1 ranks the tests 1st, 3rd, 4th, 2nd
// (p/w = 0.0033, 0.0133, 0.03, 0.005), with W = 8, 5, 4, 1 in rank order,
// so the adjusted p-values are 0.01·8/3 = 0.0267, max(0.0267, 0.04·4/3) =
// 0.0533, max(0.0533, 0.03·1/1) = 0.0533 and max(0.0267, 0.005·5/1) =
// 0.0267.
//
// w nil means equal weights. The result is in the order of p, which is not
// modified. NaN entries of p stay NaN and their weights do not count. It
// panics when w is not nil and its length differs from p's, or a weight is
// negative or not finite.
func WeightedHolm(p, w []float64) []float64 {
	adj, order, w := weightedSetup(p, w)
	rest := make([]float64, len(order)) // W₍ⱼ₎, summed from the last rank
	sum := 0.0
	for j := len(order) - 1; j >= 0; j-- {
		sum += w[order[j]]
		rest[j] = sum
	}
	running := 0.0
	for j, k := range order {
		if w[k] == 0 {
			running = 1
		} else {
			running = math.Max(running, math.Min(1, p[k]*(rest[j]/w[k])))
		}
		adj[k] = running
	}
	return adj
}

// WeightedBH returns the adjusted p-values of the weighted Benjamini-
// Hochberg procedure of Genovese, Roeder and Wasserman ("False discovery
// control with p-value weighting", Biometrika 93(3), 2006): the step-up
// procedure applied to p/w with the weights scaled to mean 1, which
// controls the false discovery rate at α for independent tests whatever
// the weights.
//
// Test i has weight w[i] ≥ 0; only the ratios of the weights matter. With
// the m tests ranked by p/w ascending (weight 0 last) and W the total
// weight, the procedure at level α rejects the tests ranked 1 to the
// largest j with p₍ⱼ₎ / w₍ⱼ₎ ≤ j α / W. The adjusted p-value of a test is
// the smallest α at which the procedure rejects it:
//
//	p̃₍ᵢ₎ = min(1, min_{j ≥ i} p₍ⱼ₎ W / (j w₍ⱼ₎)),
//
// and 1 for a test of weight 0. Equal weights give BenjaminiHochberg
// exactly: W / w₍ⱼ₎ = m. For example p = 0.01, 0.04, 0.03, 0.005 with
// weights 3, 3, 1, 1 (W = 8) ranks the tests 1st, 3rd, 4th, 2nd; in rank
// order p W / (j w) is 0.0267, 0.02, 0.0356, 0.06, and the minimum from
// the top gives 0.02, 0.0356, 0.06, 0.02 in the order of p.
//
// w nil means equal weights. The result is in the order of p, which is not
// modified. NaN entries of p stay NaN and their weights do not count. It
// panics as WeightedHolm.
func WeightedBH(p, w []float64) []float64 {
	adj, order, w := weightedSetup(p, w)
	total := 0.0
	for _, k := range order {
		total += w[k]
	}
	running := 1.0
	for i := len(order) - 1; i >= 0; i-- {
		k := order[i]
		if w[k] > 0 {
			running = math.Min(running, p[k]*(total/(float64(i+1)*w[k])))
		}
		adj[k] = running
	}
	return adj
}

// weightedSetup returns a result slice with NaN where p is NaN; the
// indexes of the other p-values ranked by p/w ascending, weight 0 last
// (ties by index, so the result does not depend on the sort); and the
// weights divided by the largest weight of those tests, so that equal
// weights become exactly 1 and give the unweighted figures bit for bit.
func weightedSetup(p, w []float64) (adj []float64, order []int, scaled []float64) {
	if w != nil && len(w) != len(p) {
		panic(fmt.Sprintf("compare: %d weights for %d p-values", len(w), len(p)))
	}
	adj = make([]float64, len(p))
	scaled = make([]float64, len(p))
	top := 0.0
	for i, v := range p {
		if math.IsNaN(v) {
			adj[i] = math.NaN()
			continue
		}
		scaled[i] = 1
		if w != nil {
			if !(w[i] >= 0) || math.IsInf(w[i], 1) {
				panic(fmt.Sprintf("compare: weight %v of test %d is not a finite number at least 0", w[i], i))
			}
			scaled[i] = w[i]
		}
		top = math.Max(top, scaled[i])
		order = append(order, i)
	}
	key := make([]float64, len(p))
	for _, i := range order {
		if top > 0 {
			scaled[i] /= top
		}
		key[i] = math.Inf(1)
		if scaled[i] > 0 {
			key[i] = p[i] / scaled[i]
		}
	}
	slices.SortStableFunc(order, func(i, j int) int {
		if key[i] < key[j] {
			return -1
		}
		if key[i] > key[j] {
			return 1
		}
		return 0
	})
	return adj, order, scaled
}
