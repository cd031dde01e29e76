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

// Adjust returns p adjusted by the named correction: Holm, Benjamini-
// Hochberg, or a copy of p for "none". It returns an error for any other
// name.
func Adjust(c Correction, p []float64) ([]float64, error) {
	switch c {
	case CorrectionHolm:
		return Holm(p), nil
	case CorrectionBH:
		return BenjaminiHochberg(p), nil
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
// becomes 0.03, 0.06, 0.06, 0.02.
//
// The result is in the order of p, which is not modified. NaN entries (no
// test) stay NaN and do not count in m.
func Holm(p []float64) []float64 {
	adj, order := adjustSetup(p)
	m := float64(len(order))
	running := 0.0
	for i, k := range order {
		running = math.Max(running, math.Min(1, (m-float64(i))*p[k]))
		adj[k] = running
	}
	return adj
}

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
// becomes 0.02, 0.04, 0.04, 0.02.
//
// The result is in the order of p, which is not modified. NaN entries stay
// NaN and do not count in m.
func BenjaminiHochberg(p []float64) []float64 {
	adj, order := adjustSetup(p)
	m := float64(len(order))
	running := 1.0
	for i := len(order) - 1; i >= 0; i-- {
		k := order[i]
		running = math.Min(running, p[k]*(m/float64(i+1))) // factor ≥ 1 exactly, so p̃ ≥ p
		adj[k] = running
	}
	return adj
}

// adjustSetup returns a result slice with NaN where p is NaN, and the
// indexes of the other p-values in ascending order of p (ties by index, so
// the result does not depend on the sort).
func adjustSetup(p []float64) (adj []float64, order []int) {
	adj = make([]float64, len(p))
	for i, v := range p {
		if math.IsNaN(v) {
			adj[i] = math.NaN()
			continue
		}
		order = append(order, i)
	}
	slices.SortStableFunc(order, func(i, j int) int {
		if p[i] < p[j] {
			return -1
		}
		if p[i] > p[j] {
			return 1
		}
		return 0
	})
	return adj, order
}
