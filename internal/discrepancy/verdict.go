package discrepancy

import (
	"math"
	"slices"

	"github.com/evalbook/evalbook/internal/agreement"
	"github.com/evalbook/evalbook/internal/stats"
	"gonum.org/v1/gonum/stat/distuv"
)

// passes reports whether v (and, for a label dimension, label) passes p.
func (p Pass) passes(v float64, label string, isLabel bool) bool {
	switch {
	case isLabel:
		return slices.Contains(p.Labels, label)
	case p.Lower:
		return v <= p.Value
	}
	return v >= p.Value
}

// verdicts returns the verdict agreement of one joined pair, pooled and
// then per iteration in series order.
func verdicts(metric, dim string, j joined, mp, dp Pass, confidence float64) []Verdict {
	out := []Verdict{{Metric: metric, Dimension: dim}}
	for _, it := range j.iterations {
		out = append(out, Verdict{Metric: metric, Dimension: dim, Iteration: it})
	}
	for i := range j.Len() {
		label := ""
		if j.labels != nil {
			label = j.labels[i]
		}
		m := mp.passes(j.metric[i], "", false)
		h := dp.passes(j.consensus[i], label, j.labels != nil)
		out[0].count(m, h)
		out[1+j.group[i]].count(m, h)
	}
	for i := range out {
		out[i].finish(confidence)
	}
	return out
}

// count adds one unit with the metric's verdict m and the humans' h.
func (v *Verdict) count(m, h bool) {
	v.N++
	switch {
	case m && h:
		v.BothPass++
	case m:
		v.MetricOnly++
	case h:
		v.HumansOnly++
	default:
		v.NeitherPass++
	}
}

// finish computes the agreement and kappa of the counted units.
func (v *Verdict) finish(confidence float64) {
	if v.N == 0 {
		return
	}
	v.Agreement = stats.Finite(float64(v.BothPass+v.NeitherPass) / float64(v.N))
	table := [][]float64{
		{float64(v.BothPass), float64(v.MetricOnly)},
		{float64(v.HumansOnly), float64(v.NeitherPass)},
	}
	kappa, err := agreement.CohenKappa(table, agreement.Unweighted)
	if err != nil {
		return
	}
	v.Kappa = stats.Finite(kappa)
	se, err := agreement.CohenKappaSE(table)
	if err != nil {
		return
	}
	z := distuv.UnitNormal.Quantile(0.5 + confidence/2)
	v.KappaLow = stats.Finite(math.Max(-1, kappa-z*se))
	v.KappaHigh = stats.Finite(math.Min(1, kappa+z*se))
}
