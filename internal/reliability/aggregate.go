package reliability

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/evalbook/evalbook/internal/agreement"
	"github.com/evalbook/evalbook/internal/project"
)

// MethodAggregate marks a record computed from a coincidence matrix and
// rater moments (project.Dimension.Aggregated) instead of ratings.
const MethodAggregate = "aggregate"

// UnavailableAggregate says what a record from aggregates lacks.
const UnavailableAggregate = "bootstrap interval, Fleiss' kappa, percent agreement, pairable items, rater agreement and offsets, groups and disagreements need per-item rows; Cohen's kappas and rater pairs need the rater_pairs table"

// aggregated returns the reliability of a dimension given as aggregates:
// per iteration with a coincidence matrix (in series order, then others
// by ID) and pooled over all of them (the sum of the matrices, since a
// unit is an item in one iteration), alpha at each level from the matrix
// (agreement.Coincidences.Alpha), the status from it, and the numbers of
// ratings and raters from the rater moments. Raters lists each rater's
// number of ratings. With the contingency tables of rater pairs
// (project.RaterPair), Pairs has every pair's shared units, agreement and
// alpha, and a record with exactly two raters Cohen's kappas. Everything
// else needs the rows and is nil.
func aggregated(d *project.Dimension, series []project.Iteration, opt Options) Dimension {
	scale := scaleOf(d)
	levels, level := levelsOf(scale, d.Numeric)
	codes := aggCodes(d)
	out := Dimension{Dimension: d.Name, Level: string(scale), Lower: opt.Dimensions[d.Name].Lower}
	record := func(iter string, all bool) Record {
		c := coincidences(d, iter, all, codes)
		rec := Record{Dimension: d.Name, Iteration: iter, Level: string(scale), Method: MethodAggregate, Unavailable: UnavailableAggregate}
		raters := map[string]float64{}
		for _, r := range d.RaterMoments {
			if all || r.Iteration == iter {
				raters[r.Rater] += r.N
			}
		}
		for _, n := range raters {
			rec.NRatings += int(n)
			if n > 0 {
				rec.NRaters++
			}
		}
		alphas := map[agreement.Level]*float64{}
		for _, l := range levels {
			alphas[l] = finite(c.Alpha(l))
		}
		pairable := c.Pairable()
		if len(d.AlphaMoments) > 0 { // continuous ratings: interval alpha only
			var m agreement.IntervalMoments
			for _, am := range d.AlphaMoments {
				if all || am.Iteration == iter {
					m.N, m.Sum, m.SumSq, m.Within = m.N+am.N, m.Sum+am.Sum, m.SumSq+am.SumSq, m.Within+am.Within
				}
			}
			alphas = map[agreement.Level]*float64{agreement.Interval: finite(m.Alpha())}
			pairable = m.N
		}
		rec.AlphaNominal, rec.AlphaOrdinal = alphas[agreement.Nominal], alphas[agreement.Ordinal]
		rec.AlphaInterval, rec.AlphaRatio = alphas[agreement.Interval], alphas[agreement.Ratio]
		rec.Alpha = alphas[level]
		if rec.NRaters == 2 && len(d.RaterPairs) > 0 {
			rec.CohenKappa, rec.CohenKappaLinear, rec.CohenKappaQuadratic = aggregateCohen(d, iter, all, codes)
		}
		switch {
		case len(d.RaterMoments) > 0 && rec.NRaters < 2:
			rec.Status, rec.Reason = NotComputable, ReasonFewRaters
		case pairable == 0:
			rec.Status, rec.Reason = NotComputable, ReasonNoPairs
		case rec.Alpha == nil && len(c.Values) < 2 && len(d.AlphaMoments) == 0:
			rec.Status, rec.Reason = NotComputable, ReasonNoVariation
		case rec.Alpha == nil:
			rec.Status, rec.Reason = NotComputable, ReasonUndefined
		case *rec.Alpha < opt.Alert:
			rec.Status = Unreliable
		case *rec.Alpha < opt.Warn:
			rec.Status = Tentative
		default:
			rec.Status = Reliable
		}
		return rec
	}
	out.Pooled = record("", true)
	if d.Numeric {
		// The observed range is that of the paired values: the matrix has
		// no others (alpha moments have no range: the configured one, or 0).
		var observed float64
		if v := coincidences(d, "", true, codes).Values; len(v) > 0 {
			observed = v[len(v)-1] - v[0]
		}
		if len(d.AlphaMoments) > 0 {
			lo, hi := d.AlphaMoments[0].Min, d.AlphaMoments[0].Max
			for _, m := range d.AlphaMoments {
				lo, hi = min(lo, m.Min), max(hi, m.Max)
			}
			observed = hi - lo
		}
		out.MaxOffset = opt.offsetLimit(d.Name, observed)
	}
	seen := map[string]bool{}
	for _, c := range d.Coincidences {
		if c.Iteration != "" {
			seen[c.Iteration] = true
		}
	}
	for _, m := range d.AlphaMoments {
		if m.Iteration != "" {
			seen[m.Iteration] = true
		}
	}
	for _, it := range series {
		if seen[it.ID] {
			out.Iterations = append(out.Iterations, record(it.ID, false))
			delete(seen, it.ID)
		}
	}
	for _, id := range sortedSet(seen) {
		out.Iterations = append(out.Iterations, record(id, false))
	}
	pooled := map[string]int{}
	for _, r := range d.RaterMoments {
		pooled[r.Rater] += int(r.N)
		if r.Iteration != "" {
			out.RaterTrend = append(out.RaterTrend, Rater{Rater: r.Rater, Dimension: d.Name, Iteration: r.Iteration, NRatings: int(r.N)})
		}
	}
	for _, id := range sortedSet(pooled) {
		out.Raters = append(out.Raters, Rater{Rater: id, Dimension: d.Name, NRatings: pooled[id]})
	}
	if len(d.RaterPairs) > 0 {
		out.Pairs = aggregatePairs(d, sortedSet(pooled), level, codes)
	}
	order := map[string]int{}
	for i, it := range series {
		order[it.ID] = i
	}
	slices.SortStableFunc(out.RaterTrend, func(a, b Rater) int {
		return cmp.Or(cmp.Compare(a.Rater, b.Rater), cmp.Compare(order[a.Iteration], order[b.Iteration]), cmp.Compare(a.Iteration, b.Iteration))
	})
	return out
}

func sortedSet[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// aggCodes codes the values of d's coincidences as prepare codes ratings:
// numbers as themselves, labels by their position in d.Labels, then in
// order of first appearance.
func aggCodes(d *project.Dimension) func(string) float64 {
	if d.Numeric {
		return func(s string) float64 { v, _ := strconv.ParseFloat(s, 64); return v }
	}
	codes := map[string]int{}
	for i, l := range d.Labels {
		if _, ok := codes[l]; !ok {
			codes[l] = i
		}
	}
	next := len(d.Labels)
	for _, c := range d.Coincidences {
		for _, v := range []string{c.A, c.B} {
			if _, ok := codes[v]; !ok {
				codes[v] = next
				next++
			}
		}
	}
	return func(s string) float64 { return float64(codes[s]) }
}

// coincidences returns d's coincidence matrix in iteration iter, or summed
// over every iteration when all is set, its values coded by code.
func coincidences(d *project.Dimension, iter string, all bool, code func(string) float64) agreement.Coincidences {
	idx := map[float64]int{}
	var vals []float64
	for _, c := range d.Coincidences {
		if !all && c.Iteration != iter {
			continue
		}
		for _, v := range []float64{code(c.A), code(c.B)} {
			if _, ok := idx[v]; !ok {
				idx[v] = 0
				vals = append(vals, v)
			}
		}
	}
	slices.Sort(vals)
	for i, v := range vals {
		idx[v] = i
	}
	out := agreement.Coincidences{Values: vals, O: make([][]float64, len(vals))}
	for i := range out.O {
		out.O[i] = make([]float64, len(vals))
	}
	for _, c := range d.Coincidences {
		if all || c.Iteration == iter {
			out.O[idx[code(c.A)]][idx[code(c.B)]] += c.Count
		}
	}
	return out
}

// aggregatePairs returns the pooled agreement of every pair of the raters
// (sorted) from the contingency tables of rater pairs: the units both
// rated, the share with equal values, and alpha of the two at level, from
// the coincidence matrix their shared units give (each unit adds 1 to
// o(a, b) and to o(b, a)).
func aggregatePairs(d *project.Dimension, raters []string, level agreement.Level, code func(string) float64) []Pair {
	type key struct{ a, b string }
	cells := map[key][]project.RaterPair{}
	for _, c := range d.RaterPairs {
		k := key{c.RaterA, c.RaterB}
		cells[k] = append(cells[k], c)
	}
	var out []Pair
	for i, a := range raters {
		for _, b := range raters[i+1:] {
			p := Pair{RaterA: a, RaterB: b}
			var equal float64
			var coin []project.Coincidence
			for _, c := range cells[key{a, b}] {
				p.NItems += int(c.Count)
				if code(c.A) == code(c.B) {
					equal += c.Count
				}
				coin = append(coin, project.Coincidence{A: c.A, B: c.B, Count: c.Count}, project.Coincidence{A: c.B, B: c.A, Count: c.Count})
			}
			if p.NItems > 0 {
				p.Agreement = finite(equal/float64(p.NItems), true)
				two := &project.Dimension{Coincidences: coin}
				p.Alpha = finite(coincidences(two, "", true, code).Alpha(level))
			}
			out = append(out, p)
		}
	}
	return out
}

// aggregateCohen returns Cohen's kappa, unweighted and with linear and
// quadratic weights (agreement.CohenKappa), of the contingency table of the
// two raters of a record: iteration iter, or every iteration when all is
// set. The categories are the values in the table, in code order.
func aggregateCohen(d *project.Dimension, iter string, all bool, code func(string) float64) (plain, linear, quadratic *float64) {
	var cells []project.RaterPair
	var cats []float64
	for _, c := range d.RaterPairs {
		if all || c.Iteration == iter {
			cells = append(cells, c)
			cats = append(cats, code(c.A), code(c.B))
		}
	}
	slices.Sort(cats)
	cats = slices.Compact(cats)
	table := make([][]float64, len(cats))
	for i := range table {
		table[i] = make([]float64, len(cats))
	}
	for _, c := range cells {
		a, _ := slices.BinarySearch(cats, code(c.A))
		b, _ := slices.BinarySearch(cats, code(c.B))
		table[a][b] += c.Count
	}
	kappa := func(w agreement.Weighting) *float64 {
		k, err := agreement.CohenKappa(table, w)
		return finite(k, err == nil)
	}
	return kappa(agreement.Unweighted), kappa(agreement.Linear), kappa(agreement.Quadratic)
}
