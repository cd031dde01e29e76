package reliability

import (
	"fmt"
	"math"
	"slices"

	"github.com/evalbook/evalbook/internal/agreement"
	"github.com/evalbook/evalbook/internal/alert"
	"github.com/evalbook/evalbook/internal/compare"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/stats"
)

// KindGroups is the kind of the alert raised when two groups of raters
// judge the same items differently.
const KindGroups = "groups"

// Group is the ratings on one dimension of the raters who share a value of
// one attribute (project.Rater.Attrs), pooled over iterations.
type Group struct {
	Dimension string `json:"dimension"`
	Attribute string `json:"attribute"`
	Group     string `json:"group"` // the attribute's value
	NRaters   int    `json:"n_raters"`
	NRatings  int    `json:"n_ratings"`
	// NItems counts the units (item, iteration) two or more of the group's
	// raters rated, which Alpha is measured on.
	NItems int `json:"n_items"`
	// Mean is the mean of the group's ratings (numeric dimensions; nil for
	// labels).
	Mean *float64 `json:"mean"`
	// Alpha is Krippendorff's alpha at the dimension's level among the
	// group's raters alone.
	Alpha *float64 `json:"alpha"`
}

// GroupDiff compares the consensus of two groups of one attribute on the
// units raters of both rated (numeric dimensions).
type GroupDiff struct {
	Dimension string `json:"dimension"`
	Attribute string `json:"attribute"`
	GroupA    string `json:"group_a"` // GroupA < GroupB
	GroupB    string `json:"group_b"`
	N         int    `json:"n"` // units rated by both groups
	// Diff is the mean over those units of (mean rating of group A - mean
	// rating of group B), with its paired bootstrap interval.
	Diff   *float64 `json:"diff"`
	CILow  *float64 `json:"ci_low"`
	CIHigh *float64 `json:"ci_high"`
	// Limit is the dimension's calibration limit (Dimension.MaxOffset);
	// Flagged is set when the interval excludes zero and |Diff| > Limit.
	Limit   float64 `json:"limit"`
	Flagged bool    `json:"flagged"`
}

// groups computes the groups and group differences of the dimension in
// for every rater attribute with two or more groups among its raters, in
// attribute order, then group order. limit is the dimension's calibration
// limit.
func (in *dimInput) groups(raters []project.Rater, limit float64, opt Options) ([]Group, []GroupDiff) {
	byID := make(map[string]map[string]string, len(raters))
	var attrs []string
	for _, r := range raters {
		byID[r.ID] = r.Attrs
		for k := range r.Attrs {
			if !slices.Contains(attrs, k) {
				attrs = append(attrs, k)
			}
		}
	}
	slices.Sort(attrs)
	var gs []Group
	var ds []GroupDiff
	for _, attr := range attrs {
		of := make([]int, len(in.raters)) // rater -> group index, -1 for none
		var names []string
		for i, name := range in.raters {
			v, ok := byID[name][attr]
			if !ok {
				of[i] = -1
				continue
			}
			if !slices.Contains(names, v) {
				names = append(names, v)
			}
		}
		if len(names) < 2 {
			continue
		}
		slices.Sort(names)
		for i, name := range in.raters {
			if v, ok := byID[name][attr]; ok {
				of[i] = slices.Index(names, v)
			}
		}
		for g, name := range names {
			gs = append(gs, in.group(attr, name, func(r int) bool { return of[r] == g }))
		}
		if !in.numeric {
			continue
		}
		cons := in.groupConsensus(of, len(names))
		for a := range names {
			for b := a + 1; b < len(names); b++ {
				ds = append(ds, in.groupDiff(attr, names[a], names[b], cons[a], cons[b], limit, opt))
			}
		}
	}
	return gs, ds
}

// group returns the figures of the raters for which in reports true.
func (in *dimInput) group(attr, name string, member func(rater int) bool) Group {
	g := Group{Dimension: in.name, Attribute: attr, Group: name}
	var mine []obs
	for _, o := range in.obs {
		if member(int(o.rater)) {
			mine = append(mine, o)
		}
	}
	g.NRatings, g.NRaters = len(mine), len(raterSet(mine))
	if in.numeric && len(mine) > 0 {
		xs := make([]float64, len(mine))
		for i, o := range mine {
			xs[i] = o.value
		}
		g.Mean = stats.Finite(stats.Mean(xs))
	}
	cols := columnsOf(mine)
	rel := agreement.FromColumns(cols.units, cols.values)
	g.NItems = rel.Units()
	if g.NRaters >= 2 {
		g.Alpha = finite(rel.Alpha(in.level))
	}
	return g
}

// groupConsensus returns, per group, the mean rating of the group's raters
// of each unit (NaN where none of them rated it).
func (in *dimInput) groupConsensus(of []int, n int) [][]float64 {
	sum := make([][]float64, n)
	cnt := make([][]int, n)
	for g := range n {
		sum[g], cnt[g] = make([]float64, len(in.units)), make([]int, len(in.units))
	}
	for _, o := range in.obs {
		if g := of[o.rater]; g >= 0 {
			sum[g][o.unit] += o.value
			cnt[g][o.unit]++
		}
	}
	for g := range n {
		for u := range sum[g] {
			if cnt[g][u] == 0 {
				sum[g][u] = math.NaN()
			} else {
				sum[g][u] /= float64(cnt[g][u])
			}
		}
	}
	return sum
}

// groupDiff compares the consensus a of group ga with b of group gb on the
// units both rated.
func (in *dimInput) groupDiff(attr, ga, gb string, a, b []float64, limit float64, opt Options) GroupDiff {
	d := GroupDiff{Dimension: in.name, Attribute: attr, GroupA: ga, GroupB: gb, Limit: limit}
	var diffs []float64
	for u := range a {
		if !math.IsNaN(a[u]) && !math.IsNaN(b[u]) {
			diffs = append(diffs, a[u]-b[u])
		}
	}
	d.N = len(diffs)
	if d.N == 0 {
		return d
	}
	d.Diff = stats.Finite(stats.Mean(diffs))
	if opt.Resamples < 1 || !(opt.Confidence > 0 && opt.Confidence < 1) {
		return d
	}
	r := compare.PairedDiffs(diffs, compare.Options{
		Level: opt.Confidence, Resamples: opt.Resamples,
		Seed: stats.Seed(opt.Seed, "groups", in.name, attr, ga, gb),
	})
	d.CILow, d.CIHigh = stats.Finite(r.CI.Low), stats.Finite(r.CI.High)
	d.Flagged = d.Diff != nil && d.CILow != nil && d.CIHigh != nil &&
		(*d.CILow > 0 || *d.CIHigh < 0) && math.Abs(*d.Diff) > limit
	return d
}

// groupAlerts returns a warning for every flagged group difference of d,
// whose messages open with label, the dimension's display name.
func groupAlerts(d *Dimension, label string) []alert.Alert {
	var out []alert.Alert
	for _, x := range d.GroupDiffs {
		if !x.Flagged {
			continue
		}
		side := "above"
		if *x.Diff < 0 {
			side = "below"
		}
		out = append(out, alert.Alert{
			Kind:     KindGroups,
			Severity: alert.Warning,
			Subject:  alert.Raters(x.Attribute, d.Dimension),
			Message: fmt.Sprintf("%s: raters with %s %q rate %s [%s, %s] scale points %s those with %s %q on the %d items both rated (the limit is %s)",
				label, x.Attribute, x.GroupA, above(math.Abs(*x.Diff), x.Limit), signed(*x.CILow), signed(*x.CIHigh),
				side, x.Attribute, x.GroupB, x.N, number(roundLimit(x.Limit))),
			Numbers: map[string]float64{"diff": *x.Diff, "ci_low": *x.CILow, "ci_high": *x.CIHigh, "threshold": x.Limit, "n_items": float64(x.N)},
			Link:    alert.Raters(x.Attribute, d.Dimension).Page(),
		})
	}
	return out
}

// signed formats an interval end with two decimals.
func signed(x float64) string { return fmt.Sprintf("%.2f", x) }
