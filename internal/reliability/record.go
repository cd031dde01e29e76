package reliability

import (
	"math"
	"slices"

	"github.com/evalbook/evalbook/internal/agreement"
	"github.com/evalbook/evalbook/internal/stats"
)

// Statuses of a record.
const (
	Reliable      = "reliable"
	Tentative     = "tentative"
	Unreliable    = "unreliable"
	NotComputable = "not computable"
)

// Reasons a record has no alpha.
const (
	ReasonFewRaters   = "fewer than two raters"
	ReasonNoPairs     = "no item was rated by two raters"
	ReasonNoVariation = "no variation: every rating is the same"
	ReasonUndefined   = "alpha is undefined at this level of measurement for these values"
)

// record computes the agreement record of the ratings all (sorted by unit
// and rater) of one iteration, or of all iterations when iteration is "",
// and the figures of each rater in it; cols is all as columns (columnsOf).
func (in *dimInput) record(iteration string, all []obs, cols columns, opt Options) (Record, []Rater) {
	rec := Record{Dimension: in.name, Iteration: iteration, Level: string(in.scale), NRatings: len(all)}
	present := raterSet(all)
	rec.NRaters = len(present)
	rel := agreement.FromColumns(cols.units, cols.values)
	rec.NItems = rel.Units()
	alphas := map[agreement.Level]*float64{}
	for _, l := range in.levels {
		alphas[l] = finite(rel.Alpha(l))
	}
	rec.AlphaNominal = alphas[agreement.Nominal]
	rec.AlphaOrdinal = alphas[agreement.Ordinal]
	rec.AlphaInterval = alphas[agreement.Interval]
	rec.AlphaRatio = alphas[agreement.Ratio]
	rec.Alpha = alphas[in.level]
	if rec.Alpha != nil && opt.Resamples > 0 && opt.Confidence > 0 && opt.Confidence < 1 {
		seed := stats.Seed(opt.Seed, "alpha", in.name, iteration)
		if lo, hi, ok := rel.Bootstrap(in.level, opt.Resamples, opt.Confidence, seed); ok {
			rec.AlphaCILow, rec.AlphaCIHigh = finite(lo, true), finite(hi, true)
		}
	}
	rec.FleissKappa = fleiss(all)
	if len(present) == 2 {
		rec.CohenKappa, rec.CohenKappaLinear, rec.CohenKappaQuadratic = cohen(all)
	}
	rec.PercentAgreement = finite(rel.PercentAgreement())
	rec.Status, rec.Reason = status(rec, all, opt)
	return rec, in.raterFigures(iteration, all, present, rec.Alpha, cols)
}

// status classifies rec and says why it has no alpha.
func status(rec Record, all []obs, opt Options) (string, string) {
	switch {
	case rec.NRaters < 2:
		return NotComputable, ReasonFewRaters
	case rec.NItems == 0:
		return NotComputable, ReasonNoPairs
	case rec.Alpha == nil && constant(all):
		return NotComputable, ReasonNoVariation
	case rec.Alpha == nil:
		return NotComputable, ReasonUndefined
	case *rec.Alpha < opt.Alert:
		return Unreliable, ""
	case *rec.Alpha < opt.Warn:
		return Tentative, ""
	}
	return Reliable, ""
}

// constant reports whether every pairable rating has the same value.
func constant(all []obs) bool {
	first, seen, same := 0.0, false, true
	spans(all, func(us []obs) {
		if len(us) < 2 {
			return
		}
		for _, o := range us {
			if !seen {
				first, seen = o.value, true
			}
			same = same && o.value == first
		}
	})
	return same
}

// raterSet returns the sorted indexes of the raters in all.
func raterSet(all []obs) []int {
	n := 0
	for _, o := range all {
		n = max(n, int(o.rater)+1)
	}
	seen := make([]bool, n) // by rater index
	for _, o := range all {
		seen[o.rater] = true
	}
	var out []int
	for r, ok := range seen {
		if ok {
			out = append(out, r)
		}
	}
	return out
}

// values returns the distinct values of all, ascending: what sorting
// them all and dropping repeats gives (slices.Sort, slices.Compact), found
// without a sort of them all. A rating scale has a few values, so each is
// looked for among those already met, the last one met first; from
// manyValues on a map holds them. Only the distinct values are sorted.
func values(all []obs) []float64 {
	var out []float64
	var seen map[float64]bool
	last := 0
	for _, o := range all {
		v := o.value
		if len(out) > 0 && out[last] == v {
			continue
		}
		if v != v { // NaN: equal to no value, and sorted first
			return sortedValues(all)
		}
		if seen != nil {
			if !seen[v] {
				seen[v] = true
				out = append(out, v)
			}
			continue
		}
		at := slices.Index(out, v)
		if at < 0 {
			at = len(out)
			out = append(out, v)
			if len(out) == manyValues {
				seen = make(map[float64]bool, 2*manyValues)
				for _, x := range out {
					seen[x] = true
				}
			}
		}
		last = at
	}
	slices.Sort(out)
	return out
}

// manyValues is the number of distinct values from which values keeps
// them in a map.
const manyValues = 32

// sortedValues returns the distinct values of all, ascending, by sorting
// them all.
func sortedValues(all []obs) []float64 {
	out := make([]float64, len(all))
	for i, o := range all {
		out[i] = o.value
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// intIndex returns, when the categories cats (ascending, distinct) are
// integers spanning fewer than 256, the index in cats of each integer
// from cats[0] on, at its offset from cats[0]: what a binary search of
// cats finds for a value that is one of them. Otherwise it returns nil.
func intIndex(cats []float64) []int32 {
	if len(cats) == 0 || !(cats[len(cats)-1]-cats[0] < 256) {
		return nil
	}
	for _, c := range cats {
		if c != math.Trunc(c) {
			return nil
		}
	}
	index := make([]int32, int(cats[len(cats)-1]-cats[0])+1)
	for k, c := range cats {
		index[int(c-cats[0])] = int32(k)
	}
	return index
}

// fleiss returns Fleiss' kappa over the pairable units of all, every
// distinct value a category; nil unless every pairable unit has the same
// number of ratings.
func fleiss(all []obs) *float64 {
	cats := values(all) // a category no pairable unit has adds nothing
	pairable := 0
	spans(all, func(us []obs) {
		if len(us) >= 2 {
			pairable++
		}
	})
	// The rows share one array rather than each being allocated.
	flat := make([]int, pairable*len(cats))
	counts := make([][]int, 0, pairable)
	index := intIndex(cats)
	spans(all, func(us []obs) {
		if len(us) < 2 {
			return
		}
		row := flat[:len(cats):len(cats)]
		flat = flat[len(cats):]
		for _, o := range us {
			var k int
			if index != nil {
				k = int(index[int(o.value-cats[0])])
			} else {
				k, _ = slices.BinarySearch(cats, o.value)
			}
			row[k]++
		}
		counts = append(counts, row)
	})
	if len(counts) == 0 {
		return nil
	}
	k, err := agreement.FleissKappa(counts)
	return finite(k, err == nil)
}

// cohen returns Cohen's kappa, unweighted and with linear and quadratic
// weights, over the units both raters of all rated; all has ratings from
// exactly two raters.
func cohen(all []obs) (plain, linear, quadratic *float64) {
	var both []obs
	spans(all, func(us []obs) {
		if len(us) == 2 {
			both = append(both, us...)
		}
	})
	cats := values(both)
	table := make([][]float64, len(cats))
	for i := range table {
		table[i] = make([]float64, len(cats))
	}
	for i := 0; i < len(both); i += 2 {
		a, _ := slices.BinarySearch(cats, both[i].value) // the rater with the lower index
		b, _ := slices.BinarySearch(cats, both[i+1].value)
		table[a][b]++
	}
	kappa := func(w agreement.Weighting) *float64 {
		k, err := agreement.CohenKappa(table, w)
		return finite(k, err == nil)
	}
	return kappa(agreement.Unweighted), kappa(agreement.Linear), kappa(agreement.Quadratic)
}

// finite returns a pointer to x when ok and x is a finite number, else nil.
func finite(x float64, ok bool) *float64 {
	if !ok {
		return nil
	}
	return stats.Finite(x)
}
