package discrepancy

import (
	"github.com/evalbook/evalbook/internal/correlation"
	"github.com/evalbook/evalbook/internal/stats"
)

// pairRecords returns the records of one joined pair, in the order the
// package documentation gives.
func pairRecords(metric, dim string, j joined, opt Options) []Record {
	rec := func(iteration, level string, p correlation.Pair) Record {
		return Record{Metric: metric, Dimension: dim, Iteration: iteration, Level: level, Coefficients: coefficients(p)}
	}
	pooled := rec("", ItemLevel, itemPair(metric, dim, "", j.metric, j.consensus, opt))
	if opt.Partial {
		c := coefficients(correlation.Partial(j.metric, j.consensus, j.group, opt.Confidence))
		pooled.Partial = &c
	}
	out := []Record{pooled}
	meanX := make([]float64, len(j.iterations))
	meanY := make([]float64, len(j.iterations))
	start := 0
	for g, it := range j.iterations {
		end := start
		for end < len(j.group) && j.group[end] == g {
			end++
		}
		x, y := j.metric[start:end], j.consensus[start:end]
		out = append(out, rec(it, ItemLevel, itemPair(metric, dim, it, x, y, opt)))
		meanX[g], meanY[g] = stats.ExactMean(x), stats.ExactMean(y)
		start = end
	}
	return append(out, rec("", IterationLevel, correlation.All(meanX, meanY, opt.Confidence)))
}

// itemPair returns the coefficients of an item-level sample, with bootstrap
// intervals when opt asks for them.
func itemPair(metric, dim, iteration string, x, y []float64, opt Options) correlation.Pair {
	p := correlation.All(x, y, opt.Confidence)
	if opt.Resamples <= 0 {
		return p
	}
	for _, ce := range []struct {
		c correlation.Coefficient
		e *correlation.Estimate
	}{{correlation.R, &p.Pearson}, {correlation.Rho, &p.Spearman}, {correlation.TauB, &p.Kendall}} {
		c, e := ce.c, ce.e
		if !e.OK {
			continue
		}
		rng := stats.NewRand(stats.Seed(opt.Seed, "discrepancy", metric, dim, iteration, c.String()))
		e.Low, e.High, e.CIOK = correlation.Bootstrap(x, y, c, opt.Resamples, opt.Confidence, rng)
	}
	return p
}
