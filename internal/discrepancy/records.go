package discrepancy

import (
	"github.com/evalbook/evalbook/internal/correlation"
	"github.com/evalbook/evalbook/internal/stats"
)

// pairRecords returns the records of one joined pair, in the order the
// package documentation gives; side is j's consensus side, ms its metric
// side.
func pairRecords(metric, dim string, j joined, side *consensusSide, ms *metricSide, opt Options) []Record {
	rec := func(iteration, level string, p correlation.Pair) Record {
		return Record{Metric: metric, Dimension: dim, Iteration: iteration, Level: level, Coefficients: coefficients(p)}
	}
	pooled := rec("", ItemLevel, itemPair(metric, dim, "", j.metric, j.consensus, ms.pooled, side.pooled, opt))
	if opt.Partial {
		c := coefficients(correlation.PartialGrouped(ms.partial, side.partial, opt.Confidence))
		pooled.Partial = &c
	}
	out := []Record{pooled}
	meanX := make([]float64, len(j.iterations))
	meanY := make([]float64, len(j.iterations))
	for g, it := range j.iterations {
		gs := side.groups[g]
		x, y := j.metric[gs.start:gs.end], j.consensus[gs.start:gs.end]
		out = append(out, rec(it, ItemLevel, itemPair(metric, dim, it, x, y, ms.groups[g], gs.y, opt)))
		meanX[g], meanY[g] = ms.means[g], gs.mean
	}
	return append(out, rec("", IterationLevel, correlation.All(meanX, meanY, opt.Confidence)))
}

// itemPair returns the coefficients of an item-level sample, x prepared as
// xv and y as yv, with bootstrap intervals when opt asks for them.
func itemPair(metric, dim, iteration string, x, y []float64, xv, yv *correlation.Variable, opt Options) correlation.Pair {
	p := correlation.Correlate(xv, yv, opt.Confidence)
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
