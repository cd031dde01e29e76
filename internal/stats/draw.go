package stats

import "math"

// IndexDrawer draws integers uniformly from [0, n) by Lemire's
// multiply-and-reject method ("Fast random integer generation in an
// interval", ACM Transactions on Modeling and Computer Simulation 29(1),
// 2019). A w-bit uniform v maps to ⌊v n / 2^w⌋; v is rejected when the low
// w bits of v n are below 2^w mod n, which makes every index equally likely.
// Each 64-bit output of the generator is split into four 16-bit lanes when
// n ≤ 2^16 and into two 32-bit lanes otherwise.
//
// Every bootstrap in evalbook draws its resamples through an IndexDrawer
// (alpha's through a ClassDrawer, which draws the units of its small classes
// with one), so the same seed gives the same resamples wherever they are
// drawn.
type IndexDrawer struct {
	src    *pcg
	n      uint64
	thresh uint64 // 2^w mod n
	wide   bool   // 32-bit lanes
}

// NewIndexDrawerSeed returns a drawer of indexes in [0, n) from a
// generator of its own, NewRand(seed)'s: each draw takes the generator's
// outputs from its state held in registers (pcg), not through a
// *rand.Rand. Over makes drawers that share the generator.
func NewIndexDrawerSeed(seed uint64, n int) IndexDrawer {
	p := newPCG(seed)
	return newIndexDrawer(&p, n)
}

// Over returns a drawer of indexes in [0, n) that draws from d's
// generator: each draw of either goes on where the last one left it.
func (d *IndexDrawer) Over(n int) IndexDrawer {
	return newIndexDrawer(d.src, n)
}

func newIndexDrawer(src *pcg, n int) IndexDrawer {
	if n < 1 || uint64(n) > math.MaxUint32 {
		panic("stats: index range out of bounds")
	}
	if n > 1<<16 {
		return IndexDrawer{src: src, n: uint64(n), thresh: (1 << 32) % uint64(n), wide: true}
	}
	return IndexDrawer{src: src, n: uint64(n), thresh: (1 << 16) % uint64(n)}
}

// Fill sets every element of idx to an independent uniform draw from
// [0, n). Lanes left over after the last element are discarded.
func (d *IndexDrawer) Fill(idx []uint32) {
	if d.wide {
		d.fill32(idx)
	} else {
		d.fill16(idx)
	}
}

// Each draw below copies the generator's state into a local variable for
// the call, and back at its end.

func (d *IndexDrawer) fill16(idx []uint32) {
	g := *d.src
	n, t := uint32(d.n), uint32(d.thresh)
	k := 0
	for k+4 <= len(idx) {
		r := g.Uint64()
		m0 := uint32(r&0xffff) * n
		m1 := uint32(r>>16&0xffff) * n
		m2 := uint32(r>>32&0xffff) * n
		m3 := uint32(r>>48) * n
		if m0&0xffff < t || m1&0xffff < t || m2&0xffff < t || m3&0xffff < t {
			// Some lane is rejected (rarely): keep the others in order.
			for _, m := range [4]uint32{m0, m1, m2, m3} {
				if m&0xffff >= t {
					idx[k] = uint32(m >> 16)
					k++
				}
			}
			continue
		}
		idx[k] = uint32(m0 >> 16)
		idx[k+1] = uint32(m1 >> 16)
		idx[k+2] = uint32(m2 >> 16)
		idx[k+3] = uint32(m3 >> 16)
		k += 4
	}
	for k < len(idx) {
		r := g.Uint64()
		for lane := 0; lane < 4 && k < len(idx); lane++ {
			m := uint32(r&0xffff) * n
			r >>= 16
			if m&0xffff >= t {
				idx[k] = uint32(m >> 16)
				k++
			}
		}
	}
	*d.src = g
}

func (d *IndexDrawer) fill32(idx []uint32) {
	g := *d.src
	n, t := d.n, d.thresh
	for k := 0; k < len(idx); {
		r := g.Uint64()
		for lane := 0; lane < 2 && k < len(idx); lane++ {
			m := (r & math.MaxUint32) * n
			r >>= 32
			if m&math.MaxUint32 >= t {
				idx[k] = uint32(m >> 32)
				k++
			}
		}
	}
	*d.src = g
}

// Count draws k indexes as Fill(idx) with len(idx) = k would, and adds one
// to counts[i] for each index i drawn instead of storing it: the same
// draws from the same state, leaving the generator where Fill leaves it.
// counts must have at least n elements.
func (d *IndexDrawer) Count(counts []uint32, k int) {
	if d.wide {
		count32(d, counts, k)
	} else {
		count16(d, counts, k)
	}
}

// Count16 is Count into 16-bit counts: the same draws, in half the memory,
// so that a bootstrap row of a few hundred thousand items stays in the
// processor's second-level cache while it is drawn. An index drawn 65,536
// times or more would wrap its count: Count16 panics then (with k draws
// over n ≥ 65,536 indexes, a count has the Poisson(k/n) distribution, so
// for a bootstrap row, k = n, this never happens in practice). Each count
// is checked as it is incremented (a wrapped count is 0 after its
// increment), not by a second pass over the row.
func (d *IndexDrawer) Count16(counts []uint16, k int) {
	var wrapped bool
	if d.wide {
		wrapped = count32(d, counts, k)
	} else {
		wrapped = count16(d, counts, k)
	}
	if wrapped {
		panic("stats: an index drawn 65,536 times overflows Count16")
	}
}

// counter is the element type of counts.
type counter interface{ ~uint16 | ~uint32 }

// inc adds one to counts[i] and reports whether the count wrapped to 0.
func inc[T counter](counts []T, i uint32) bool {
	c := counts[i] + 1
	counts[i] = c
	return c == 0
}

// count16 and count32 report whether a count wrapped.
func count16[T counter](d *IndexDrawer, counts []T, want int) (wrapped bool) {
	g := *d.src
	n, t := uint32(d.n), uint32(d.thresh)
	counts = counts[:d.n]
	// Four lanes at a time without a branch on rejection (as countBy16):
	// a rejected lane adds 0 to the count its index would have had. An
	// increment wraps when its count becomes 0 from an accepted lane, when
	// uint64(count) - accepted borrows: the borrows are or-ed into wrap.
	var wrap uint64
	k := 0
	for k+4 <= want {
		r := g.Uint64()
		m0 := uint32(r&0xffff) * n
		m1 := uint32(r>>16&0xffff) * n
		m2 := uint32(r>>32&0xffff) * n
		m3 := uint32(r>>48) * n
		a0, a1, a2, a3 := accept(m0&0xffff, t), accept(m1&0xffff, t), accept(m2&0xffff, t), accept(m3&0xffff, t)
		c0 := counts[m0>>16] + T(a0)
		counts[m0>>16] = c0
		c1 := counts[m1>>16] + T(a1)
		counts[m1>>16] = c1
		c2 := counts[m2>>16] + T(a2)
		counts[m2>>16] = c2
		c3 := counts[m3>>16] + T(a3)
		counts[m3>>16] = c3
		wrap |= (uint64(c0) - uint64(a0)) | (uint64(c1) - uint64(a1)) | (uint64(c2) - uint64(a2)) | (uint64(c3) - uint64(a3))
		k += int(a0 + a1 + a2 + a3)
	}
	wrapped = wrap>>63 != 0
	for k < want {
		r := g.Uint64()
		for lane := 0; lane < 4 && k < want; lane++ {
			m := uint32(r&0xffff) * n
			r >>= 16
			if m&0xffff >= t {
				wrapped = inc(counts, m>>16) || wrapped
				k++
			}
		}
	}
	*d.src = g
	return wrapped
}

// count32 takes both lanes of an output at once while two or more draws
// are wanted; a rejected lane (rare: 2^32 mod n of 2^32 values) falls
// back to the lane-by-lane order, so the draws are those of Fill.
func count32[T counter](d *IndexDrawer, counts []T, want int) (wrapped bool) {
	g := *d.src
	n, t := d.n, d.thresh
	counts = counts[:n]
	k := 0
	for k+2 <= want {
		r := g.Uint64()
		m0 := (r & math.MaxUint32) * n
		m1 := (r >> 32) * n
		if m0&math.MaxUint32 < t || m1&math.MaxUint32 < t {
			for _, m := range [2]uint64{m0, m1} {
				if m&math.MaxUint32 >= t {
					wrapped = inc(counts, uint32(m>>32)) || wrapped
					k++
				}
			}
			continue
		}
		w0 := inc(counts, uint32(m0>>32))
		w1 := inc(counts, uint32(m1>>32))
		wrapped = wrapped || w0 || w1
		k += 2
	}
	for k < want {
		r := g.Uint64()
		for lane := 0; lane < 2 && k < want; lane++ {
			m := (r & math.MaxUint32) * n
			r >>= 32
			if m&math.MaxUint32 >= t {
				wrapped = inc(counts, uint32(m>>32)) || wrapped
				k++
			}
		}
	}
	*d.src = g
	return wrapped
}

// CountBy draws k indexes as Fill(idx) with len(idx) = k would, and adds
// one to counts[class[i]] for each index i drawn: the same draws from the
// same state, leaving the generator where Fill leaves it, tallied by class
// (a bootstrap of units tallies the profiles of the units drawn). class
// must have n elements, each a valid index of counts.
func (d *IndexDrawer) CountBy(counts []uint32, class []int32, k int) {
	class = class[:d.n]
	if d.wide {
		d.countBy32(counts, class, k)
	} else {
		d.countBy16(counts, class, k)
	}
}

// countBy16 takes four lanes at a time without a branch on rejection: a
// rejected lane adds 0 (one in three groups of four has one when n is
// near 2^16 / 2, a branch the processor cannot predict).
func (d *IndexDrawer) countBy16(counts []uint32, class []int32, want int) {
	g := *d.src
	n, t := uint32(d.n), uint32(d.thresh)
	k := 0
	for k+4 <= want {
		r := g.Uint64()
		m0 := uint32(r&0xffff) * n
		m1 := uint32(r>>16&0xffff) * n
		m2 := uint32(r>>32&0xffff) * n
		m3 := uint32(r>>48) * n
		a0, a1, a2, a3 := accept(m0&0xffff, t), accept(m1&0xffff, t), accept(m2&0xffff, t), accept(m3&0xffff, t)
		counts[class[m0>>16]] += a0
		counts[class[m1>>16]] += a1
		counts[class[m2>>16]] += a2
		counts[class[m3>>16]] += a3
		k += int(a0 + a1 + a2 + a3)
	}
	for k < want {
		r := g.Uint64()
		for lane := 0; lane < 4 && k < want; lane++ {
			m := uint32(r&0xffff) * n
			r >>= 16
			if m&0xffff >= t {
				counts[class[m>>16]]++
				k++
			}
		}
	}
	*d.src = g
}

func (d *IndexDrawer) countBy32(counts []uint32, class []int32, want int) {
	g := *d.src
	n, t := d.n, d.thresh
	for k := 0; k < want; {
		r := g.Uint64()
		for lane := 0; lane < 2 && k < want; lane++ {
			m := (r & math.MaxUint32) * n
			r >>= 32
			if m&math.MaxUint32 >= t {
				counts[class[m>>32]]++
				k++
			}
		}
	}
	*d.src = g
}

// accept is 1 when a lane's low bits are at least the threshold, else 0.
func accept(low, thresh uint32) uint32 {
	if low >= thresh {
		return 1
	}
	return 0
}

// sum16 draws as countBy16 does (the same lanes of the same outputs,
// four at a time while four or more draws are wanted, then lane by lane)
// and adds rows[i] to acc for each index i drawn; rows has n+1 elements,
// the last zero: a rejected lane adds it, so the four lanes take no
// branch.
func (d *IndexDrawer) sum16(acc *Row, rows []Row, want int) {
	g := *d.src
	n, t := uint32(d.n), uint32(d.thresh)
	rows = rows[:n+1]
	s0, s1 := acc[0], acc[1]
	k := 0
	for k+4 <= want {
		r := g.Uint64()
		i0, a0 := lane16(uint32(r&0xffff)*n, t, n)
		i1, a1 := lane16(uint32(r>>16&0xffff)*n, t, n)
		i2, a2 := lane16(uint32(r>>32&0xffff)*n, t, n)
		i3, a3 := lane16(uint32(r>>48)*n, t, n)
		r0, r1, r2, r3 := &rows[i0], &rows[i1], &rows[i2], &rows[i3]
		s0 += r0[0] + r1[0] + r2[0] + r3[0]
		s1 += r0[1] + r1[1] + r2[1] + r3[1]
		k += int(a0 + a1 + a2 + a3)
	}
	for k < want {
		r := g.Uint64()
		for lane := 0; lane < 4 && k < want; lane++ {
			m := uint32(r&0xffff) * n
			r >>= 16
			if m&0xffff >= t {
				row := &rows[m>>16]
				s0, s1 = s0+row[0], s1+row[1]
				k++
			}
		}
	}
	acc[0], acc[1] = s0, s1
	*d.src = g
}

// lane16 returns the index a 16-bit lane's product m draws and 1, or, when
// the lane is rejected, zero (the index of sum16's zero row) and 0.
func lane16(m, thresh, zero uint32) (uint32, uint32) {
	i, a := m>>16, accept(m&0xffff, thresh)
	if a == 0 {
		i = zero
	}
	return i, a
}

// sum32 is sum16 for n > 2^16, drawing as countBy32 does.
func (d *IndexDrawer) sum32(acc *Row, rows []Row, want int) {
	g := *d.src
	n, t := d.n, d.thresh
	rows = rows[:n]
	s0, s1 := acc[0], acc[1]
	for k := 0; k < want; {
		r := g.Uint64()
		for lane := 0; lane < 2 && k < want; lane++ {
			m := (r & math.MaxUint32) * n
			r >>= 32
			if m&math.MaxUint32 >= t {
				row := &rows[m>>32]
				s0, s1 = s0+row[0], s1+row[1]
				k++
			}
		}
	}
	acc[0], acc[1] = s0, s1
	*d.src = g
}
