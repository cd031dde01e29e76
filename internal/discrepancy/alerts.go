package discrepancy

import (
	"fmt"
	"math"

	"github.com/evalbook/evalbook/internal/project"
)

// validityFindings checks the per-iteration item-level records of one pair
// (recs as pairRecords returns them) against the floor and the drop.
func validityFindings(m *project.Metric, dim string, recs []Record, opt Options) []Finding {
	sign := 1.0
	if m.Direction == project.LowerIsBetter {
		sign = -1
	}
	var out []Finding
	best, seen := math.Inf(-1), false
	for _, r := range recs {
		if r.Level != ItemLevel || r.Iteration == "" || r.Spearman == nil || r.SpearmanLow == nil || r.N < opt.MinN {
			continue
		}
		rho, high := sign**r.Spearman, *r.SpearmanHigh
		if sign < 0 {
			high = -*r.SpearmanLow
		}
		if seen {
			if f, ok := validityFinding(m.Name, dim, r, rho, high, best, opt); ok {
				out = append(out, f)
			}
		}
		best, seen = max(best, rho), true
	}
	return out
}

// validityFinding returns the finding for one iteration's oriented rho,
// the upper bound of its interval and the best earlier rho, if there is one.
func validityFinding(metric, dim string, r Record, rho, high, best float64, opt Options) (Finding, bool) {
	if best < opt.Floor {
		return Finding{}, false // the metric never tracked humans here
	}
	below, fell := high < opt.Floor, best-high > opt.Drop
	if !below && !fell {
		return Finding{}, false
	}
	var why string
	switch {
	case below && fell:
		why = fmt.Sprintf("below the floor %.2f and under its best earlier %.2f by more than %.2f", opt.Floor, best, opt.Drop)
	case below:
		why = fmt.Sprintf("below the floor %.2f (best earlier %.2f)", opt.Floor, best)
	default:
		why = fmt.Sprintf("under its best earlier %.2f by more than %.2f", best, opt.Drop)
	}
	return Finding{
		Metric: metric, Dimension: dim, Iteration: r.Iteration, N: r.N, Spearman: rho, High: high, BestEarlier: best,
		Message: fmt.Sprintf("%s tracks %s with Spearman %.2f (interval up to %.2f) over %d items in %s, %s: the metric may no longer measure what humans judge.",
			metric, dim, rho, high, r.N, r.Iteration, why),
	}, true
}
