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
		if r.Level != ItemLevel || r.Iteration == "" || r.Spearman == nil || r.N < opt.MinN {
			continue
		}
		rho := sign * *r.Spearman
		if seen {
			if f, ok := validityFinding(m.Name, dim, r, rho, best, opt); ok {
				out = append(out, f)
			}
		}
		best, seen = max(best, rho), true
	}
	return out
}

// validityFinding returns the finding for one iteration's oriented rho
// given the best earlier one, if there is one.
func validityFinding(metric, dim string, r Record, rho, best float64, opt Options) (Finding, bool) {
	if best < opt.Floor {
		return Finding{}, false // the metric never tracked humans here
	}
	below, fell := rho < opt.Floor, best-rho > opt.Drop
	if !below && !fell {
		return Finding{}, false
	}
	var why string
	switch {
	case below && fell:
		why = fmt.Sprintf("below the floor %.2f and %.2f under its best earlier %.2f", opt.Floor, best-rho, best)
	case below:
		why = fmt.Sprintf("below the floor %.2f (best earlier %.2f)", opt.Floor, best)
	default:
		why = fmt.Sprintf("%.2f under its best earlier %.2f", best-rho, best)
	}
	return Finding{
		Metric: metric, Dimension: dim, Iteration: r.Iteration, N: r.N, Spearman: rho, BestEarlier: best,
		Message: fmt.Sprintf("%s tracks %s with Spearman %.2f over %d items in %s, %s: the metric may no longer measure what humans judge.",
			metric, dim, rho, r.N, r.Iteration, why),
	}, true
}
