package reliability

import (
	"fmt"
	"math"
	"strconv"

	"github.com/evalbook/evalbook/internal/alert"
)

// Alert kinds.
const (
	KindReliability = "reliability"
	KindCalibration = "calibration"
)

// recordAlerts returns a reliability alert for each record of d whose alpha
// is below opt.Warn. label is the dimension's display name, which opens
// the message.
func recordAlerts(d *Dimension, label string, opt Options) []alert.Alert {
	var out []alert.Alert
	for _, rec := range append([]Record{d.Pooled}, d.Iterations...) {
		if rec.Alpha == nil || *rec.Alpha >= opt.Warn {
			continue
		}
		sev, threshold, verdict := alert.Warning, opt.Warn, "conclusions are tentative"
		if *rec.Alpha < opt.Alert {
			sev, threshold, verdict = alert.Error, opt.Alert, "no conclusions"
		}
		nums := map[string]float64{"alpha": *rec.Alpha, "threshold": threshold, "n_items": float64(rec.NItems)}
		ci := ""
		if rec.AlphaCILow != nil && rec.AlphaCIHigh != nil {
			nums["ci_low"], nums["ci_high"] = *rec.AlphaCILow, *rec.AlphaCIHigh
			ci = fmt.Sprintf(" [%.2f, %.2f]", *rec.AlphaCILow, *rec.AlphaCIHigh)
		}
		out = append(out, alert.Alert{
			Kind:      KindReliability,
			Severity:  sev,
			Subject:   alert.Dimension(d.Dimension),
			Iteration: rec.Iteration,
			Message: fmt.Sprintf("%s: alpha %s%s %s is below %s: %s",
				label, below(*rec.Alpha, threshold), ci, where(rec.Iteration, opt.Systems), number(threshold), verdict),
			Numbers: nums,
			Link:    alert.Dimension(d.Dimension).Page(),
		})
	}
	return out
}

// minDriftRatings is the number of ratings a rater needs in an iteration
// for its agreement there to count towards drift: with fewer, agreement
// moves by chance as much as by calibration.
const minDriftRatings = 20

// calibrationAlerts returns the drift and offset alerts of the raters of d,
// whose messages open with label, the dimension's display name. Drift is
// measured from the rater's best earlier iteration, not only the previous
// one, so a slow slide is caught as well as a sudden fall.
func calibrationAlerts(d *Dimension, label string, opt Options) []alert.Alert {
	var out []alert.Alert
	trend := d.RaterTrend
	if len(d.Iterations) == 0 {
		trend = d.Raters // no iterations: judge the offset over all ratings
	}
	var best *Rater
	for i, x := range trend {
		if i == 0 || trend[i-1].Rater != x.Rater {
			best = nil
		}
		if x.Offset != nil && math.Abs(*x.Offset) > d.MaxOffset {
			out = append(out, offsetAlert(d.Dimension, label, x, d.MaxOffset, d.Lower, opt.Systems))
		}
		if x.Iteration == "" || x.Agreement == nil || x.NRatings < minDriftRatings {
			continue
		}
		if best != nil && *best.Agreement-*x.Agreement > opt.DriftDrop {
			out = append(out, driftAlert(d.Dimension, label, *best, x, opt.DriftDrop))
		}
		if best == nil || *x.Agreement > *best.Agreement {
			best = &trend[i]
		}
	}
	return out
}

// offsetAlert is the alert of a rater whose mean sits beyond limit from the
// others' on the dimension dim, labelled label: lenient above the others
// and severe below, or the other way round where lower is better.
func offsetAlert(dim, label string, x Rater, limit float64, lower, systems bool) alert.Alert {
	side, reading := "above", "lenient"
	if *x.Offset < 0 {
		side, reading = "below", "severe"
	}
	if lower {
		reading = map[string]string{"lenient": "severe", "severe": "lenient"}[reading]
	}
	return alert.Alert{
		Kind:      KindCalibration,
		Severity:  alert.Warning,
		Subject:   alert.Rater(x.Rater, dim),
		Iteration: x.Iteration,
		Message: fmt.Sprintf("%s: rater %s rates %s scale points %s the others %s (%s; the limit is %s)",
			label, x.Rater, above(math.Abs(*x.Offset), limit), side, where(x.Iteration, systems), reading, number(roundLimit(limit))),
		Numbers: map[string]float64{"offset": *x.Offset, "threshold": limit, "n_ratings": float64(x.NRatings)},
		Link:    alert.Rater(x.Rater, dim).Page(),
	}
}

// driftAlert is the alert of a rater whose agreement on the dimension dim,
// labelled label, fell from prev to x.
func driftAlert(dim, label string, prev, x Rater, limit float64) alert.Alert {
	return alert.Alert{
		Kind:      KindCalibration,
		Severity:  alert.Warning,
		Subject:   alert.Rater(x.Rater, dim),
		Iteration: x.Iteration,
		Message: fmt.Sprintf("%s: agreement of rater %s with the others fell from %.2f (its best, in %s) to %.2f in %s",
			label, x.Rater, *prev.Agreement, prev.Iteration, *x.Agreement, x.Iteration),
		Numbers: map[string]float64{
			"agreement": *x.Agreement, "best": *prev.Agreement,
			"drop": *prev.Agreement - *x.Agreement, "threshold": limit,
		},
		Link: alert.Rater(x.Rater, dim).Page(),
	}
}

// where names a record's iteration in a sentence; pooled records are
// "over all systems" when the iterations are unordered systems.
func where(iteration string, systems bool) string {
	switch {
	case iteration != "":
		return "in " + iteration
	case systems:
		return "over all systems"
	}
	return "over all iterations"
}

// below formats x, which is below limit, with two decimals, or three when
// two would round it up to the limit.
func below(x, limit float64) string {
	s := strconv.FormatFloat(x, 'f', 2, 64)
	if v, _ := strconv.ParseFloat(s, 64); v >= limit {
		s = strconv.FormatFloat(x, 'f', 3, 64)
	}
	return s
}

// above formats x, which is above limit, with one decimal, or two when one
// would round it down to the limit.
func above(x, limit float64) string {
	s := strconv.FormatFloat(x, 'f', 1, 64)
	if v, _ := strconv.ParseFloat(s, 64); v <= limit {
		s = strconv.FormatFloat(x, 'f', 2, 64)
	}
	return s
}

// roundLimit rounds a limit computed from a range (0.125 × 4 is exact, a
// fraction of an observed range need not be) to 3 significant digits.
func roundLimit(x float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 3, 64), 64)
	return v
}

// number formats a threshold as short as it goes.
func number(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
