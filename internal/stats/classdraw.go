package stats

import (
	"cmp"
	"math/rand/v2"
	"slices"
)

// bigClass is the fewest units a class needs for ClassDrawer to draw its
// count as one binomial: a binomial costs about as much as this many
// single draws (BenchmarkClassDrawer).
const bigClass = 32

// ClassDrawer draws a bootstrap resample of n units, each in a class, and
// tallies it by class without drawing each unit: the counts of a resample
// (n units drawn with replacement, uniformly) follow the multinomial
// distribution of n trials over the classes with probabilities size/n, and
// ClassDrawer draws that distribution directly. A class of at least
// bigClass units has its count drawn as a binomial conditional on the
// classes before it (largest first):
//
//	count_j ~ Binomial(n - drawn so far, size_j / units not yet in a class)
//
// and the units of the smaller classes, pooled, are drawn one by one by an
// IndexDrawer for the trials left. The cost of a resample is one binomial
// per large class plus one draw per unit of the small ones, instead of n
// draws; the resamples are other resamples than IndexDrawer.CountBy's
// from the same generator, from the same distribution.
type ClassDrawer struct {
	rng       *rand.Rand
	n         int
	big       []int32     // classes drawn as binomials, largest first
	size      []float64   // their units
	rest      IndexDrawer // over the units of the other classes
	restClass []int32     // the class of each of those units
}

// NewClassDrawerSeed returns a drawer of resamples of the units whose
// classes are class (each in [0, classes)), from a generator of its own,
// NewRand(seed)'s: the units of the small classes are drawn from the
// generator's state in registers (an IndexDrawer), the binomials through
// a *rand.Rand over the same state.
func NewClassDrawerSeed(seed uint64, class []int32, classes int) *ClassDrawer {
	p := new(pcg)
	*p = newPCG(seed)
	size := make([]int, classes)
	for _, c := range class {
		size[c]++
	}
	d := &ClassDrawer{rng: rand.New(p), n: len(class)}
	for c, s := range size {
		if s >= bigClass {
			d.big = append(d.big, int32(c))
		}
	}
	slices.SortStableFunc(d.big, func(a, b int32) int { return cmp.Compare(size[b], size[a]) })
	for _, c := range d.big {
		d.size = append(d.size, float64(size[c]))
	}
	d.restClass = class // read only
	if len(d.big) > 0 {
		d.restClass = nil
		for _, c := range class {
			if size[c] < bigClass {
				d.restClass = append(d.restClass, c)
			}
		}
	}
	if len(d.restClass) > 0 {
		d.rest = newIndexDrawer(p, len(d.restClass))
	}
	return d
}

// Draw sets counts[c] to the number of units of class c in one resample;
// counts has one element per class.
func (d *ClassDrawer) Draw(counts []uint32) {
	clear(counts)
	left, units := d.n, float64(d.n)
	for i, c := range d.big {
		k := Binomial(d.rng, left, d.size[i]/units)
		counts[c] = uint32(k)
		left -= k
		units -= d.size[i]
	}
	if left > 0 {
		d.rest.CountBy(counts, d.restClass, left)
	}
}

// Row is one class's packed figures for a RowDrawer: two 64-bit words,
// each holding lanes (say eight 8-bit or four 16-bit integers) that add
// without carrying into one another as long as no lane's sum overflows.
type Row = [2]uint64

// RowDrawer draws the resamples of a ClassDrawer and sums, instead of
// counting them, the rows of the drawn units' classes.
type RowDrawer struct {
	d    *ClassDrawer
	big  []Row // the rows of d.big's classes, in their order
	unit []Row // the row of each unit of the small classes, then a zero row
}

// Rows returns a RowDrawer that draws d's resamples (the same draws from
// the same generator: a draw of either goes on where the last one of
// either left it) and sums the rows of their units' classes; rows has one
// element per class and is copied.
func (d *ClassDrawer) Rows(rows []Row) *RowDrawer {
	s := &RowDrawer{d: d}
	for _, c := range d.big {
		s.big = append(s.big, rows[c])
	}
	if len(d.restClass) > 0 {
		s.unit = make([]Row, d.rest.n+1)
		for i, c := range d.restClass[:d.rest.n] {
			s.unit[i] = rows[c]
		}
	}
	return s
}

// Draw draws one resample as ClassDrawer.Draw does and sets acc to the sum
// of the rows of its units' classes, word by word modulo 2^64:
//
//	acc[w] = sum_c counts[c] rows[c][w]
//
// for the counts ClassDrawer.Draw would have set. A caller that packs small
// integers into a row's words gets, in each lane, the sum of that figure
// over the resample's units, provided that no lane's sum overflows its
// width (the caller bounds it: n units times the lane's largest value).
//
// The units of the small classes are added as they are drawn: no counts
// to clear, tally and read back, which for a resample of a few dozen units
// in about as many classes was most of its cost.
func (s *RowDrawer) Draw(acc *Row) {
	d := s.d
	*acc = Row{}
	left, units := d.n, float64(d.n)
	for i := range d.big {
		k := Binomial(d.rng, left, d.size[i]/units)
		r, m := &s.big[i], uint64(k)
		acc[0] += m * r[0]
		acc[1] += m * r[1]
		left -= k
		units -= d.size[i]
	}
	if left > 0 {
		if d.rest.wide {
			d.rest.sum32(acc, s.unit, left)
		} else {
			d.rest.sum16(acc, s.unit, left)
		}
	}
}
