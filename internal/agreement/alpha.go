// Package agreement measures how far raters agree: Krippendorff's alpha at
// four levels of measurement with bootstrap confidence intervals, Fleiss'
// kappa, Cohen's kappa (unweighted, linear and quadratic weights) and raw
// percent agreement. The functions are pure: no I/O, no project types.
//
// # Krippendorff's alpha
//
// Following Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability",
// the ratings are reduced to a coincidence matrix. A unit u with m_u >= 2
// ratings, n_uc of them with value c, contributes
//
//	o_ck(u) = n_uc (n_uk - [c = k]) / (m_u - 1)
//
// and units with a single rating are not pairable and drop out. With the
// marginals n_c = sum_k o_ck and n = sum_c n_c,
//
//	alpha = 1 - (n - 1) * sum_ck o_ck d_ck / sum_ck n_c n_k d_ck
//
// where d_ck is the squared difference function of the level:
//
//	nominal   d_ck = [c != k]
//	ordinal   d_ck = (sum_{g=c..k} n_g - (n_c + n_k)/2)^2
//	interval  d_ck = (c - k)^2
//	ratio     d_ck = ((c - k) / (c + k))^2
//
// Alpha is 1 for perfect agreement, 0 when agreement is what chance gives,
// and undefined when there is no pairable value or no variation at all.
//
// # Bootstrap
//
// Reliability keeps each pairable unit's contribution (its value counts and,
// for the levels whose d does not depend on the data, its observed
// disagreement) so that a resample of units is a weighted sum: with w_u the
// number of times unit u is drawn, o_ck = sum_u w_u o_ck(u) and
// n_c = sum_u w_u n_uc. A resample costs one draw per unit and a few
// additions, with no allocation, instead of rebuilding the matrix from the
// ratings; interval data need only four running sums.
package agreement

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/evalbook/evalbook/internal/stats"
)

// Level is a level of measurement.
type Level int

const (
	Nominal Level = iota
	Ordinal
	Interval
	Ratio
)

var levelNames = [...]string{"nominal", "ordinal", "interval", "ratio"}

func (l Level) String() string {
	if l < Nominal || l > Ratio {
		return fmt.Sprintf("level(%d)", int(l))
	}
	return levelNames[l]
}

// ParseLevel reads "nominal", "ordinal", "interval" or "ratio".
func ParseLevel(s string) (Level, error) {
	for i, n := range levelNames {
		if n == s {
			return Level(i), nil
		}
	}
	return 0, fmt.Errorf("unknown level of measurement %q; want nominal, ordinal, interval or ratio", s)
}

// Rating is one value given by one rater to one unit (item). Units and
// raters are dense indexes 0..n-1 chosen by the caller. Value is a number for
// interval and ratio data; for nominal and ordinal data a category code
// whose numeric order is the category order (ordinal) or arbitrary
// (nominal).
type Rating struct {
	Unit, Rater int
	Value       float64
}

// count is how many ratings of one unit had the value values[v].
type count struct {
	v int32
	n float64
}

// Reliability holds the coincidence matrix of a data set and each unit's
// contribution to it, from which alpha at every level and bootstrap
// intervals follow cheaply. It is safe for concurrent use.
type Reliability struct {
	values []float64 // distinct values, ascending
	start  []int32   // unit u's counts are counts[start[u]:start[u+1]]
	counts []count
	m      []float64    // m_u, ratings of each pairable unit
	obs    [4][]float64 // per unit sum_ck o_ck(u) d_ck for nominal, -, interval, ratio
	s1, s2 []float64    // per unit sum and sum of squares of (value - centre)
	centre float64      // mean of the distinct values, for accurate interval sums
	o      []float64    // coincidence matrix, V x V
	nc     []float64    // marginals n_c
	n      float64
}

// New builds the coincidence matrix of ratings. Only the unit and value of a
// rating matter; units with fewer than two ratings are dropped.
func New(ratings []Rating) *Reliability {
	r := &Reliability{}
	r.values = distinctValues(ratings)
	byUnit := slices.Clone(ratings)
	slices.SortFunc(byUnit, func(a, b Rating) int {
		return cmp.Or(cmp.Compare(a.Unit, b.Unit), cmp.Compare(a.Value, b.Value))
	})
	r.start = []int32{0}
	for i := 0; i < len(byUnit); {
		j := i
		for j < len(byUnit) && byUnit[j].Unit == byUnit[i].Unit {
			j++
		}
		if j-i >= 2 {
			r.addUnit(byUnit[i:j])
		}
		i = j
	}
	r.build()
	return r
}

func distinctValues(ratings []Rating) []float64 {
	v := make([]float64, len(ratings))
	for i, x := range ratings {
		v[i] = x.Value
	}
	slices.Sort(v)
	return slices.Compact(v)
}

// addUnit appends one pairable unit's value counts; unit is sorted by value.
func (r *Reliability) addUnit(unit []Rating) {
	for i := 0; i < len(unit); {
		j := i
		for j < len(unit) && unit[j].Value == unit[i].Value {
			j++
		}
		v, _ := slices.BinarySearch(r.values, unit[i].Value)
		r.counts = append(r.counts, count{int32(v), float64(j - i)})
		i = j
	}
	r.start = append(r.start, int32(len(r.counts)))
	r.m = append(r.m, float64(len(unit)))
}

// build computes the coincidence matrix, the marginals and each unit's
// observed disagreement at the levels whose d is fixed.
func (r *Reliability) build() {
	V := len(r.values)
	r.o = make([]float64, V*V)
	r.nc = make([]float64, V)
	for _, l := range []Level{Nominal, Interval, Ratio} {
		r.obs[l] = make([]float64, len(r.m))
	}
	if V > 0 {
		r.centre = (r.values[0] + r.values[V-1]) / 2
	}
	r.s1 = make([]float64, len(r.m))
	r.s2 = make([]float64, len(r.m))
	for u := range r.m {
		cs := r.unit(u)
		inv := 1 / (r.m[u] - 1)
		for _, a := range cs {
			x := r.values[a.v] - r.centre
			r.s1[u] += a.n * x
			r.s2[u] += a.n * x * x
		}
		for _, a := range cs {
			r.nc[a.v] += a.n
			for _, b := range cs {
				same := 0.0
				if a.v == b.v {
					same = 1
				}
				w := a.n * (b.n - same) * inv
				r.o[int(a.v)*V+int(b.v)] += w
				if a.v != b.v {
					x, y := r.values[a.v], r.values[b.v]
					r.obs[Nominal][u] += w
					r.obs[Interval][u] += w * (x - y) * (x - y)
					r.obs[Ratio][u] += w * ratioD(x, y)
				}
			}
		}
		r.n += r.m[u]
	}
}

func (r *Reliability) unit(u int) []count { return r.counts[r.start[u]:r.start[u+1]] }

func ratioD(x, y float64) float64 {
	if x+y == 0 {
		return 0
	}
	d := (x - y) / (x + y)
	return d * d
}

// Pairable returns the number of pairable values n.
func (r *Reliability) Pairable() int { return int(r.n) }

// Units returns the number of pairable units.
func (r *Reliability) Units() int { return len(r.m) }

// Alpha returns Krippendorff's alpha at level l, and false when it is
// undefined: no pairable values, or no expected disagreement (every value
// the same).
func (r *Reliability) Alpha(l Level) (float64, bool) {
	if r.n < 2 {
		return 0, false
	}
	var do float64
	if l == Ordinal {
		d := ordinalD(r.nc, nil)
		do = dot(r.o, d)
	} else {
		do = sum(r.obs[l])
	}
	return alphaFrom(l, do, r.nc, r.n, r.values)
}

// alphaFrom finishes alpha from the observed disagreement sum_ck o_ck d_ck,
// the marginals and n.
func alphaFrom(l Level, do float64, nc []float64, n float64, values []float64) (float64, bool) {
	de := expected(l, nc, values)
	if de <= 0 || n < 2 {
		return 0, false
	}
	return 1 - (n-1)*do/de, true
}

// expected returns sum_ck n_c n_k d_ck.
func expected(l Level, nc, values []float64) float64 {
	switch l {
	case Nominal:
		var n, sq float64
		for _, x := range nc {
			n += x
			sq += x * x
		}
		return n*n - sq
	case Interval:
		// sum_ck n_c n_k (x_c - x_k)^2 = 2 (n sum n_c x_c^2 - (sum n_c x_c)^2),
		// with values centred for accuracy.
		var n, s float64
		for c, x := range nc {
			n += x
			s += x * values[c]
		}
		mean := s / n
		var ss float64
		for c, x := range nc {
			d := values[c] - mean
			ss += x * d * d
		}
		return 2 * n * ss
	case Ratio:
		var e float64
		for c, a := range nc {
			for k := c + 1; k < len(nc); k++ {
				e += 2 * a * nc[k] * ratioD(values[c], values[k])
			}
		}
		return e
	}
	d := ordinalD(nc, nil)
	var e float64
	V := len(nc)
	for c := range nc {
		for k := range nc {
			e += nc[c] * nc[k] * d[c*V+k]
		}
	}
	return e
}

// ordinalD returns the V x V matrix of ordinal squared differences for the
// marginals nc, reusing buf when it is large enough.
func ordinalD(nc, buf []float64) []float64 {
	V := len(nc)
	if cap(buf) < V*V {
		buf = make([]float64, V*V)
	}
	d := buf[:V*V]
	for c := 0; c < V; c++ {
		d[c*V+c] = 0
		run := nc[c]
		for k := c + 1; k < V; k++ {
			run += nc[k]
			x := run - (nc[c]+nc[k])/2
			d[c*V+k] = x * x
			d[k*V+c] = x * x
		}
	}
	return d
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func sum(a []float64) float64 {
	var s float64
	for _, x := range a {
		s += x
	}
	return s
}

// Bootstrap returns the percentile interval at confidence level `level` of
// alpha at level l, over `resamples` resamples of the pairable units drawn
// with replacement by a generator seeded with seed. ok is false when alpha
// is undefined for the data or for too many resamples to give an interval.
func (r *Reliability) Bootstrap(l Level, resamples int, level float64, seed uint64) (low, high float64, ok bool) {
	U := len(r.m)
	if _, defined := r.Alpha(l); !defined || U < 2 || resamples < 1 {
		return 0, 0, false
	}
	rng := stats.NewRand(seed)
	nc := make([]float64, len(r.values))
	var o, dbuf []float64
	if l == Ordinal {
		o = make([]float64, len(r.o))
	}
	alphas := make([]float64, 0, resamples)
	for range resamples {
		var a float64
		var defined bool
		if l == Interval {
			a, defined = r.resampleInterval(rng)
		} else {
			a, defined = r.resample(l, rng, nc, o, &dbuf)
		}
		if defined {
			alphas = append(alphas, a)
		}
	}
	if len(alphas) < resamples/2 {
		return 0, 0, false
	}
	slices.Sort(alphas)
	tail := (1 - level) / 2
	return stats.Quantile(alphas, tail), stats.Quantile(alphas, 1-tail), true
}

// resampleInterval draws one resample of the units and returns its interval
// alpha. Interval data need only four sums per unit: with values centred,
// sum_ck n_c n_k (x_c - x_k)^2 = 2 (n S2 - S1^2).
func (r *Reliability) resampleInterval(rng *rand.Rand) (float64, bool) {
	U := len(r.m)
	obs := r.obs[Interval]
	var n, do, s1, s2 float64
	for range U {
		u := rng.IntN(U)
		n += r.m[u]
		do += obs[u]
		s1 += r.s1[u]
		s2 += r.s2[u]
	}
	de := 2 * (n*s2 - s1*s1)
	if de <= 0 || n < 2 {
		return 0, false
	}
	return 1 - (n-1)*do/de, true
}

// resample draws one resample of the units and returns its alpha at level
// l. nc and o (ordinal only) are scratch space of the right sizes.
func (r *Reliability) resample(l Level, rng *rand.Rand, nc, o []float64, dbuf *[]float64) (float64, bool) {
	clear(nc)
	clear(o)
	U, V := len(r.m), len(nc)
	var n, do float64
	for range U {
		u := rng.IntN(U)
		n += r.m[u]
		cs := r.unit(u)
		for _, c := range cs {
			nc[c.v] += c.n
		}
		if l != Ordinal {
			do += r.obs[l][u]
			continue
		}
		inv := 1 / (r.m[u] - 1)
		for _, a := range cs {
			for _, b := range cs {
				if a.v != b.v {
					o[int(a.v)*V+int(b.v)] += a.n * b.n * inv
				}
			}
		}
	}
	if l == Ordinal {
		*dbuf = ordinalD(nc, *dbuf)
		do = dot(o, *dbuf)
	}
	return alphaFrom(l, do, nc, n, r.values)
}

// PercentAgreement returns the share of agreeing pairs of values within
// units, over all pairable units: sum_u sum_c n_uc (n_uc - 1) divided by
// sum_u m_u (m_u - 1). It is false when no unit has two ratings.
func PercentAgreement(ratings []Rating) (float64, bool) {
	r := New(ratings)
	var agree, pairs float64
	for u, m := range r.m {
		pairs += m * (m - 1)
		for _, c := range r.unit(u) {
			agree += c.n * (c.n - 1)
		}
	}
	if pairs == 0 {
		return 0, false
	}
	return agree / pairs, true
}

// ErrUnequalRaters says Fleiss' kappa does not apply: its items must all
// have the same number of ratings.
var ErrUnequalRaters = errors.New("Fleiss' kappa needs the same number of ratings for every item")

// FleissKappa returns Fleiss' (1971) kappa from counts[i][k], the number of
// raters who put item i in category k. Every item must have the same number
// n >= 2 of ratings (else ErrUnequalRaters). With N items,
//
//	P_i = (sum_k n_ik^2 - n) / (n (n - 1)),   p_k = sum_i n_ik / (N n),
//	kappa = (mean P_i - sum p_k^2) / (1 - sum p_k^2).
func FleissKappa(counts [][]int) (float64, error) {
	if len(counts) == 0 {
		return 0, errors.New("Fleiss' kappa needs at least one item")
	}
	n := 0
	for _, c := range counts[0] {
		n += c
	}
	if n < 2 {
		return 0, ErrUnequalRaters
	}
	p := make([]float64, len(counts[0]))
	var pBar float64
	for _, row := range counts {
		if len(row) != len(p) {
			return 0, errors.New("Fleiss' kappa: rows have different numbers of categories")
		}
		m, sq := 0, 0
		for k, c := range row {
			m += c
			sq += c * c
			p[k] += float64(c)
		}
		if m != n {
			return 0, ErrUnequalRaters
		}
		pBar += float64(sq-n) / float64(n*(n-1))
	}
	N := float64(len(counts))
	pBar /= N
	var pe float64
	for _, x := range p {
		x /= N * float64(n)
		pe += x * x
	}
	if pe == 1 {
		return 0, errors.New("Fleiss' kappa is undefined: every rating is in one category")
	}
	return (pBar - pe) / (1 - pe), nil
}

// Weighting of disagreements for Cohen's kappa.
type Weighting int

const (
	Unweighted Weighting = iota // credit only for exact agreement
	Linear                      // credit 1 - |i-j|/(k-1)  (Cicchetti and Allison 1971)
	Quadratic                   // credit 1 - ((i-j)/(k-1))^2  (Fleiss and Cohen 1973)
)

// CohenKappa returns Cohen's kappa (1960; weighted, 1968) of a square
// contingency table: table[i][j] counts the items rater A put in category i
// and rater B in category j, categories in their order. With p_ij the table
// divided by its total and agreement weights w_ij,
//
//	p_o = sum w_ij p_ij,   p_e = sum w_ij p_i. p_.j,   kappa = (p_o - p_e) / (1 - p_e).
func CohenKappa(table [][]float64, w Weighting) (float64, error) {
	k := len(table)
	if k < 2 {
		return 0, errors.New("Cohen's kappa needs at least two categories")
	}
	var total float64
	rows, cols := make([]float64, k), make([]float64, k)
	for i, row := range table {
		if len(row) != k {
			return 0, errors.New("Cohen's kappa needs a square table")
		}
		for j, x := range row {
			total += x
			rows[i] += x
			cols[j] += x
		}
	}
	if total == 0 {
		return 0, errors.New("Cohen's kappa needs at least one rated item")
	}
	var po, pe float64
	for i := range table {
		for j := range table {
			wt := weight(i, j, k, w)
			po += wt * table[i][j] / total
			pe += wt * rows[i] * cols[j] / (total * total)
		}
	}
	if pe == 1 {
		return 0, errors.New("Cohen's kappa is undefined: chance agreement is 1")
	}
	return (po - pe) / (1 - pe), nil
}

func weight(i, j, k int, w Weighting) float64 {
	d := math.Abs(float64(i-j)) / float64(k-1)
	switch w {
	case Linear:
		return 1 - d
	case Quadratic:
		return 1 - d*d
	}
	if i == j {
		return 1
	}
	return 0
}
