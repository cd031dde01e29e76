package agreement

import (
	"math"
	"slices"
)

// Reliability holds the coincidence data of a set of ratings and each
// unit's contribution to it, computed once by New, from which alpha at every
// level and bootstrap intervals follow cheaply. The units are kept grouped by
// profile: units with the same counts of the same values contribute the same
// amounts and are stored once, with their multiplicity. A Reliability is
// read-only after New and safe for concurrent use.
type Reliability struct {
	values []float64 // the V distinct values, ascending
	centre float64   // midrange of values, subtracted from values in sum1, sum2

	// Profile p has the values val[start[p]:start[p+1]] (indexes into
	// values, ascending) with the counts cnt[start[p]:start[p+1]].
	start []int32
	val   []int32
	cnt   []float64
	m     []float64 // ratings in a unit of the profile, m_u >= 2
	mult  []float64 // units with the profile

	// Per profile, D(u) = sum_ck n_uc n_uk d_ck / (m_u - 1) at the levels
	// whose d does not depend on the data, and sum_c n_uc (x_c - centre)^k
	// for k = 1, 2.
	dNominal, dInterval, dRatio []float64
	sum1, sum2                  []float64

	unitProfile []int32 // profile of each pairable unit, in unit order
	n           float64 // pairable values
}

// New computes the coincidence data of ratings. Ratings with a NaN value
// are ignored; units with fewer than two remaining ratings are not pairable
// and drop out. Units are indexes, not necessarily dense; New panics on a
// negative unit. It is FromColumns on the ratings' units and values.
func New(ratings []Rating) *Reliability {
	units, values := make([]int32, len(ratings)), make([]float64, len(ratings))
	wide := false
	for i, x := range ratings {
		if x.Unit < 0 {
			panic("agreement: negative unit index")
		}
		wide = wide || x.Unit > math.MaxInt32
		units[i], values[i] = int32(x.Unit), x.Value
	}
	if wide { // rank the units among themselves, keeping their order
		ids := make([]int, len(ratings))
		for i, x := range ratings {
			ids[i] = x.Unit
		}
		slices.Sort(ids)
		ids = slices.Compact(ids)
		for i, x := range ratings {
			k, _ := slices.BinarySearch(ids, x.Unit)
			units[i] = int32(k)
		}
	}
	return FromColumns(units, values)
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// precompute fills the per-profile disagreements and sums.
func (r *Reliability) precompute() {
	P := len(r.m)
	if r.dNominal == nil || cap(r.dNominal) < P || cap(r.dInterval) < P || cap(r.dRatio) < P || cap(r.sum1) < P || cap(r.sum2) < P {
		// One array for the five.
		all := make([]float64, 5*P)
		r.dNominal, r.dInterval, r.dRatio = all[:0:P], all[P:P:2*P], all[2*P:2*P:3*P]
		r.sum1, r.sum2 = all[3*P:3*P:4*P], all[4*P:4*P:5*P]
	}
	r.dNominal, r.dInterval, r.dRatio = zeros(r.dNominal, P), zeros(r.dInterval, P), zeros(r.dRatio, P)
	r.sum1, r.sum2 = zeros(r.sum1, P), zeros(r.sum2, P)
	x := make([]float64, 0, 16)
	for p := range P {
		val, cnt, m := r.profile(p)
		x = x[:0]
		for _, v := range val {
			x = append(x, r.values[v])
		}
		var sq float64
		for i, c := range cnt {
			sq += c * c
			d := x[i] - r.centre
			r.sum1[p] += c * d
			r.sum2[p] += c * d * d
		}
		r.dNominal[p] = (m*m - sq) / (m - 1)
		r.dInterval[p] = 2 * m * centredSquares(x, cnt, m) / (m - 1)
		var rat float64
		for i := range cnt {
			for k := i + 1; k < len(cnt); k++ {
				rat += 2 * cnt[i] * cnt[k] * ratioD(x[i], x[k])
			}
		}
		r.dRatio[p] = rat / (m - 1)
	}
}

// zeros returns s resliced to n zeros; s must have a capacity of n or
// more, or it is replaced by a new array.
func zeros(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// profile returns profile p's value indexes, counts and number of ratings.
func (r *Reliability) profile(p int) (val []int32, cnt []float64, m float64) {
	a, b := r.start[p], r.start[p+1]
	return r.val[a:b], r.cnt[a:b], r.m[p]
}

// centredSquares returns sum_i n_i (x_i - mean)^2 for the values x with
// counts n summing to m. With it, sum_ik n_i n_k (x_i - x_k)^2 =
// 2 m centredSquares.
func centredSquares(x, n []float64, m float64) float64 {
	var s float64
	for i, c := range n {
		s += c * x[i]
	}
	mean := s / m
	var ss float64
	for i, c := range n {
		d := x[i] - mean
		ss += c * d * d
	}
	return ss
}

// ratioD is the ratio squared difference ((x - y) / (x + y))^2, taken as 0
// when x + y = 0.
func ratioD(x, y float64) float64 {
	if x+y == 0 {
		return 0
	}
	d := (x - y) / (x + y)
	return d * d
}

// Pairable returns the number of pairable values n: the ratings in units
// with at least two ratings.
func (r *Reliability) Pairable() int { return int(r.n) }

// Units returns the number of pairable units.
func (r *Reliability) Units() int { return len(r.unitProfile) }

// Alpha returns Krippendorff's alpha at level l (see the package
// documentation for the formula). It is false when alpha is undefined: no
// pairable values, or no expected disagreement because every pairable value
// is the same, or l is not a level.
func (r *Reliability) Alpha(l Level) (float64, bool) {
	s := r.newScratch()
	return r.alpha(l, r.mult, &s)
}

// scratch is working space for computing alpha from profile weights.
type scratch struct {
	nc, g []float64 // marginals and ordinal mid-ranks, length V
}

func (r *Reliability) newScratch() scratch {
	V := len(r.values)
	return scratch{nc: make([]float64, V), g: make([]float64, V)}
}

// alpha returns alpha at level l for the data in which profile p occurs
// w[p] times. It does not allocate.
func (r *Reliability) alpha(l Level, w []float64, s *scratch) (float64, bool) {
	var n, do, de float64
	switch l {
	case Nominal:
		n = r.marginals(w, s.nc)
		do = weighted(w, r.dNominal)
		de = n * n
		for _, c := range s.nc {
			de -= c * c
		}
	case Ordinal:
		n = r.marginals(w, s.nc)
		midRanks(s.g, s.nc)
		do = r.ordinalObserved(w, s.g)
		de = 2 * n * centredSquares(s.g, s.nc, n)
	case Interval:
		var s1, s2 float64
		for p, wp := range w {
			if wp != 0 {
				n += wp * r.m[p]
				do += wp * r.dInterval[p]
				s1 += wp * r.sum1[p]
				s2 += wp * r.sum2[p]
			}
		}
		// 2 (n S2 - S1^2), with S1 and S2 centred at r.centre; a result
		// within rounding of 0 means no variation.
		de = 2 * (n*s2 - s1*s1)
		if de <= 1e-12*n*s2 {
			de = 0
		}
	case Ratio:
		n = r.marginals(w, s.nc)
		do = weighted(w, r.dRatio)
		de = r.ratioExpected(s.nc)
	default:
		return 0, false
	}
	if n < 2 || !(de > 0) {
		return 0, false
	}
	return 1 - (n-1)*do/de, true
}

// marginals sets nc to the value counts of the weighted profiles and
// returns their total n.
func (r *Reliability) marginals(w, nc []float64) float64 {
	clear(nc)
	var n float64
	for p, wp := range w {
		if wp == 0 {
			continue
		}
		val, cnt, m := r.profile(p)
		for i, v := range val {
			nc[v] += wp * cnt[i]
		}
		n += wp * m
	}
	return n
}

// weighted returns sum_p w[p] d[p].
func weighted(w, d []float64) float64 {
	var s float64
	for p, wp := range w {
		if wp != 0 {
			s += wp * d[p]
		}
	}
	return s
}

// midRanks sets g[c] = sum_{k<c} nc[k] + nc[c]/2, the mid-rank of value c
// among the values counted by nc.
func midRanks(g, nc []float64) {
	var below float64
	for c, n := range nc {
		g[c] = below + n/2
		below += n
	}
}

// ordinalObserved returns sum_p w[p] D(p) with the ordinal difference
// d_ck = (g_c - g_k)^2, using D(p) = 2 m_p sum_c n_pc (g_c - mean_p)^2 /
// (m_p - 1).
func (r *Reliability) ordinalObserved(w, g []float64) float64 {
	var do float64
	for p, wp := range w {
		if wp == 0 || r.start[p+1]-r.start[p] < 2 {
			continue
		}
		val, cnt, m := r.profile(p)
		var s float64
		for i, v := range val {
			s += cnt[i] * g[v]
		}
		mean := s / m
		var ss float64
		for i, v := range val {
			d := g[v] - mean
			ss += cnt[i] * d * d
		}
		do += wp * 2 * m * ss / (m - 1)
	}
	return do
}

// ratioExpected returns sum_ck n_c n_k ((x_c - x_k)/(x_c + x_k))^2, in
// O(V^2) time.
func (r *Reliability) ratioExpected(nc []float64) float64 {
	var e float64
	for c, a := range nc {
		if a == 0 {
			continue
		}
		x := r.values[c]
		for k := c + 1; k < len(nc); k++ {
			if nc[k] != 0 {
				e += a * nc[k] * ratioD(x, r.values[k])
			}
		}
	}
	return 2 * e
}
