package discrepancy

import (
	"cmp"
	"fmt"

	"github.com/evalbook/evalbook/internal/project"
)

// validityFindings checks the per-iteration item-level records of one pair
// (recs as pairRecords returns them) against the floor and the drop.
func validityFindings(m *project.Metric, d *project.Dimension, recs []Record, opt Options) []Finding {
	var out []Finding
	var ref oriented // the earlier iteration whose interval lies highest
	for _, r := range recs {
		if r.Level != ItemLevel || r.Iteration == "" || r.Spearman == nil || r.SpearmanLow == nil || r.N < opt.MinN {
			continue
		}
		o := orient(r, m.Direction)
		if ref.rec != nil {
			if f, ok := validityFinding(m, d, o, ref, opt); ok {
				out = append(out, f)
			}
		}
		if ref.rec == nil || o.low > ref.low {
			ref = o
		}
	}
	return out
}

// oriented is a record's Spearman rho and interval read in the metric's
// good direction: for a lower-is-better metric, negated and swapped.
type oriented struct {
	rec            *Record
	rho, low, high float64
}

func orient(r Record, d project.Direction) oriented {
	if d == project.LowerIsBetter {
		return oriented{&r, -*r.Spearman, -*r.SpearmanHigh, -*r.SpearmanLow}
	}
	return oriented{&r, *r.Spearman, *r.SpearmanLow, *r.SpearmanHigh}
}

// validityFinding returns the finding for one iteration given the
// reference iteration, if there is one. Its message names the metric and
// the dimension by their display labels.
func validityFinding(m *project.Metric, d *project.Dimension, o, ref oriented, opt Options) (Finding, bool) {
	if ref.low < opt.Floor {
		return Finding{}, false // no earlier iteration shows the metric tracking humans
	}
	below, fell := o.high < opt.Floor, ref.low-o.high > opt.Drop
	if !below && !fell {
		return Finding{}, false
	}
	var why string
	switch {
	case below && fell:
		why = fmt.Sprintf("below the floor %.2f and more than %.2f below", opt.Floor, opt.Drop)
	case below:
		why = fmt.Sprintf("below the floor %.2f and below", opt.Floor)
	default:
		why = fmt.Sprintf("more than %.2f below", opt.Drop)
	}
	r := o.rec
	return Finding{
		Metric: m.Name, Dimension: d.Name, Iteration: r.Iteration, N: r.N, Spearman: o.rho, High: o.high,
		Reference: ref.low, ReferenceIteration: ref.rec.Iteration,
		Message: fmt.Sprintf("%s tracks %s with Spearman %.2f (interval up to %.2f) over %d items in %s, %s its interval in %s (from %.2f up): the metric may no longer measure what humans judge.",
			cmp.Or(m.Label, m.Name), cmp.Or(d.Label, d.Name), o.rho, o.high, r.N, r.Iteration, why, ref.rec.Iteration, ref.low),
	}, true
}
