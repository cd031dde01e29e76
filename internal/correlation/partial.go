package correlation

import (
	"slices"

	"github.com/evalbook/evalbook/internal/stats"
)

// Residuals returns x with the mean of each group subtracted, r_i = x_i -
// mean{x_j : group_j = group_i}: the residuals of the least-squares
// regression of x on the indicator (one-hot) variables of the groups.
// Missing values stay NaN and are left out of their group's mean. A group
// whose values are all equal gets residuals of exactly zero. It panics when
// x and group differ in length.
func Residuals(x []float64, group []int) []float64 {
	if len(x) != len(group) {
		panic("correlation: samples of different lengths")
	}
	r := make([]float64, len(x))
	for i, v := range x {
		r[i] = v // missing values stay as they are
	}
	vals := make([]float64, 0, len(x))
	subtract := func(idx func(yield func(int) bool)) {
		vals = vals[:0]
		for i := range idx {
			vals = append(vals, x[i])
		}
		m := stats.Mean(vals)
		if isConstant(vals) {
			m = vals[0]
		}
		for i := range idx {
			r[i] = x[i] - m
		}
	}
	if slices.IsSorted(group) {
		forEachRun(x, group, func(lo, hi int) { subtract(finiteIn(x, lo, hi)) })
		return r
	}
	for _, idx := range groupMembers(x, group) {
		subtract(slices.Values(idx))
	}
	return r
}

// forEachRun calls f(lo, hi) for each run group[lo:hi] of one group that
// holds a finite value of x, in order; when group does not decrease, these
// are its groups, each with its members in index order, as groupMembers
// gives them, without a map.
func forEachRun(x []float64, group []int, f func(lo, hi int)) {
	for lo := 0; lo < len(group); {
		hi, some := lo, false
		for ; hi < len(group) && group[hi] == group[lo]; hi++ {
			some = some || finite(x[hi])
		}
		if some {
			f(lo, hi)
		}
		lo = hi
	}
}

// finiteIn yields the indexes i in [lo, hi) where x[i] is finite.
func finiteIn(x []float64, lo, hi int) func(yield func(int) bool) {
	return func(yield func(int) bool) {
		for i := lo; i < hi; i++ {
			if finite(x[i]) && !yield(i) {
				return
			}
		}
	}
}

// groupCount returns the number of groups with a finite value of x.
func groupCount(x []float64, group []int) int {
	if !slices.IsSorted(group) {
		return len(groupMembers(x, group))
	}
	k := 0
	forEachRun(x, group, func(int, int) { k++ })
	return k
}

// groupMembers returns the indexes of x's non-missing values grouped by
// group, the groups in order of first appearance.
func groupMembers(x []float64, group []int) [][]int {
	pos := make(map[int]int)
	var members [][]int
	for i, g := range group {
		if !finite(x[i]) {
			continue
		}
		k, ok := pos[g]
		if !ok {
			k = len(members)
			pos[g] = k
			members = append(members, nil)
		}
		members[k] = append(members[k], i)
	}
	return members
}

// Partial returns the three coefficients of x and y controlling for a
// grouping variable, such as the system or iteration that produced each
// item: each is computed on the residuals of x and of y after subtracting
// their group means (see Residuals), over the complete pairs. For Pearson's
// r this is the partial correlation given the groups' indicator variables
// (Cohen, Cohen, West and Aiken, "Applied Multiple Regression/Correlation
// Analysis", 3rd ed., 2003, §3.3). Spearman's rho and Kendall's tau-b are
// computed on the ranks of the residuals, as the FRANK benchmark does
// (Pagnoni, Balachandran and Tsvetkov, NAACL 2021, and its evaluate.py);
// residualising the ranks instead gives Pearson .197 where FRANK reports
// .304 for FactCC, so that variant is not offered.
//
// Removing g group means spends g - 1 degrees of freedom, so the intervals
// use n - (g - 1) in place of n in the standard errors of Pearson, Spearman
// and KendallTauB (for Pearson's r that is the exact partial-correlation
// result, se = 1/sqrt(n - 3 - k) for k covariates). A coefficient is
// undefined when a residual variable is constant, as when every group holds
// one item. It panics when x, y and group differ in length.
func Partial(x, y []float64, group []int, level float64) Pair {
	checkLen(x, y)
	if len(group) != len(x) {
		panic("correlation: samples of different lengths")
	}
	cx, cy, cg := completeGrouped(x, y, group)
	return partial(NewVariable(Residuals(cx, cg)), NewVariable(Residuals(cy, cg)), groupCount(cx, cg)-1, normalQuantile(level))
}

// partial returns the coefficients of the residual variables rx and ry of
// complete samples from k+1 groups.
func partial(rx, ry *Variable, k int, q float64) Pair {
	n := rx.n
	if n < minPairs || rx.constant || ry.constant {
		u := undefined(n)
		return Pair{u, u, u}
	}
	var b kendallBuffers
	tau, _ := kendallTauB(rx, ry, &b)
	return Pair{
		Pearson:  pearsonEstimate(dot(rx.z, ry.z), n, k, q),
		Spearman: spearmanEstimate(dot(rx.zr, ry.zr), n, k, q),
		Kendall:  kendallEstimate(tau, n, k, q),
	}
}

// Grouped is a sample and its groups with its residuals prepared
// (Residuals, NewVariable), for the partial correlations of many samples
// with it (PartialWith). Like a Variable it keeps references to its data,
// which must not be modified while it is in use.
type Grouped struct {
	y     []float64
	group []int
	r     *Variable // the residuals; nil when y has a missing value
	k     int       // the number of groups less one
}

// NewGrouped prepares y, grouped by group, for PartialWith. It panics when
// y and group differ in length.
func NewGrouped(y []float64, group []int) *Grouped {
	if len(group) != len(y) {
		panic("correlation: samples of different lengths")
	}
	g := &Grouped{y: y, group: group}
	if !slices.ContainsFunc(y, func(v float64) bool { return !finite(v) }) {
		g.r, g.k = NewVariable(Residuals(y, group)), groupCount(y, group)-1
	}
	return g
}

// PartialWith returns Partial(x, y's sample, y's groups, level), preparing
// only x's residuals when neither sample has a missing value.
func PartialWith(x []float64, y *Grouped, level float64) Pair {
	checkLen(x, y.y)
	if y.r == nil || slices.ContainsFunc(x, func(v float64) bool { return !finite(v) }) {
		return Partial(x, y.y, y.group, level)
	}
	return partial(NewVariable(Residuals(x, y.group)), y.r, y.k, normalQuantile(level))
}

// PartialGrouped returns Partial(x's sample, y's sample, y's groups,
// level) of two samples prepared with the same groups: when neither has a
// missing value it reads the residuals both have prepared, so a sample
// correlated with many others is prepared once. It panics when the samples
// differ in length.
func PartialGrouped(x, y *Grouped, level float64) Pair {
	checkLen(x.y, y.y)
	if x.r == nil || y.r == nil {
		return Partial(x.y, y.y, y.group, level)
	}
	return partial(x.r, y.r, y.k, normalQuantile(level))
}

// completeGrouped returns the pairs of x and y with both values finite, with
// their groups: x, y and group themselves when every pair is complete.
func completeGrouped(x, y []float64, group []int) (cx, cy []float64, cg []int) {
	n := 0
	for i := range x {
		if finite(x[i]) && finite(y[i]) {
			n++
		}
	}
	if n == len(x) {
		return x, y, group
	}
	cx, cy, cg = make([]float64, 0, n), make([]float64, 0, n), make([]int, 0, n)
	for i := range x {
		if finite(x[i]) && finite(y[i]) {
			cx, cy, cg = append(cx, x[i]), append(cy, y[i]), append(cg, group[i])
		}
	}
	return cx, cy, cg
}
