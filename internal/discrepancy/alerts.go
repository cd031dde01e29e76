package discrepancy

import (
	"fmt"
	"math"

	"github.com/evalbook/evalbook/internal/alert"
	"github.com/evalbook/evalbook/internal/project"
)

// validityAlerts checks the per-iteration item-level records of one pair
// (recs as pairRecords returns them) against the floor and the drop.
func validityAlerts(m *project.Metric, dim string, recs []Record, opt Options) []alert.Alert {
	sign := 1.0
	if m.Direction == project.LowerIsBetter {
		sign = -1
	}
	var out []alert.Alert
	best, seen := math.Inf(-1), false
	for _, r := range recs {
		if r.Level != ItemLevel || r.Iteration == "" || r.Spearman == nil {
			continue
		}
		rho := sign * *r.Spearman
		if seen {
			if a, ok := validityAlert(m.Name, dim, r, rho, best, opt); ok {
				out = append(out, a)
			}
		}
		best, seen = max(best, rho), true
	}
	return out
}

// validityAlert returns the alert for one iteration's oriented rho given the
// best earlier one, if it raises any.
func validityAlert(metric, dim string, r Record, rho, best float64, opt Options) (alert.Alert, bool) {
	if best < opt.Floor {
		return alert.Alert{}, false // the metric never tracked humans here
	}
	below, fell := rho < opt.Floor, best-rho > opt.Drop
	if !below && !fell {
		return alert.Alert{}, false
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
	return alert.Alert{
		Kind:      "validity",
		Severity:  alert.Warning,
		Subject:   fmt.Sprintf("metric %s vs dimension %s", metric, dim),
		Iteration: r.Iteration,
		Message: fmt.Sprintf("%s tracks %s with Spearman %.2f in %s, %s: the metric may no longer measure what humans judge",
			metric, dim, rho, r.Iteration, why),
		Numbers: map[string]float64{
			"spearman": rho, "best_earlier": best, "floor": opt.Floor, "drop": opt.Drop, "n": float64(r.N),
		},
	}, true
}
