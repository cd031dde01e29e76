package stats

import (
	"math"
	"math/rand/v2"
)

// IndexDrawer draws integers uniformly from [0, n) by Lemire's
// multiply-and-reject method ("Fast random integer generation in an
// interval", ACM Transactions on Modeling and Computer Simulation 29(1),
// 2019). A w-bit uniform v maps to ⌊v n / 2^w⌋; v is rejected when the low
// w bits of v n are below 2^w mod n, which makes every index equally likely.
// Each 64-bit output of the generator is split into four 16-bit lanes when
// n ≤ 2^16 and into two 32-bit lanes otherwise.
//
// Every bootstrap in evalbook draws its resamples through an IndexDrawer,
// so the same seed gives the same resamples wherever they are drawn.
type IndexDrawer struct {
	rng    *rand.Rand
	n      uint64
	thresh uint64 // 2^w mod n
	wide   bool   // 32-bit lanes
}

// NewIndexDrawer returns a drawer of indexes in [0, n) from rng.
func NewIndexDrawer(rng *rand.Rand, n int) IndexDrawer {
	if n < 1 || uint64(n) > math.MaxUint32 {
		panic("stats: index range out of bounds")
	}
	if n > 1<<16 {
		return IndexDrawer{rng: rng, n: uint64(n), thresh: (1 << 32) % uint64(n), wide: true}
	}
	return IndexDrawer{rng: rng, n: uint64(n), thresh: (1 << 16) % uint64(n)}
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

func (d *IndexDrawer) fill16(idx []uint32) {
	n, t := uint32(d.n), uint32(d.thresh)
	k := 0
	for k+4 <= len(idx) {
		r := d.rng.Uint64()
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
		r := d.rng.Uint64()
		for lane := 0; lane < 4 && k < len(idx); lane++ {
			m := uint32(r&0xffff) * n
			r >>= 16
			if m&0xffff >= t {
				idx[k] = uint32(m >> 16)
				k++
			}
		}
	}
}

func (d *IndexDrawer) fill32(idx []uint32) {
	n, t := d.n, d.thresh
	for k := 0; k < len(idx); {
		r := d.rng.Uint64()
		for lane := 0; lane < 2 && k < len(idx); lane++ {
			m := (r & math.MaxUint32) * n
			r >>= 32
			if m&math.MaxUint32 >= t {
				idx[k] = uint32(m >> 32)
				k++
			}
		}
	}
}

// Count draws k indexes as Fill(idx) with len(idx) = k would, and adds one
// to counts[i] for each index i drawn instead of storing it: the same
// draws from the same state, leaving the generator where Fill leaves it.
// counts must have at least n elements.
func (d *IndexDrawer) Count(counts []uint32, k int) {
	if d.wide {
		d.count32(counts, k)
	} else {
		d.count16(counts, k)
	}
}

func (d *IndexDrawer) count16(counts []uint32, want int) {
	n, t := uint32(d.n), uint32(d.thresh)
	counts = counts[:d.n]
	k := 0
	for k+4 <= want {
		r := d.rng.Uint64()
		m0 := uint32(r&0xffff) * n
		m1 := uint32(r>>16&0xffff) * n
		m2 := uint32(r>>32&0xffff) * n
		m3 := uint32(r>>48) * n
		if m0&0xffff < t || m1&0xffff < t || m2&0xffff < t || m3&0xffff < t {
			for _, m := range [4]uint32{m0, m1, m2, m3} {
				if m&0xffff >= t {
					counts[m>>16]++
					k++
				}
			}
			continue
		}
		counts[m0>>16]++
		counts[m1>>16]++
		counts[m2>>16]++
		counts[m3>>16]++
		k += 4
	}
	for k < want {
		r := d.rng.Uint64()
		for lane := 0; lane < 4 && k < want; lane++ {
			m := uint32(r&0xffff) * n
			r >>= 16
			if m&0xffff >= t {
				counts[m>>16]++
				k++
			}
		}
	}
}

func (d *IndexDrawer) count32(counts []uint32, want int) {
	n, t := d.n, d.thresh
	counts = counts[:n]
	for k := 0; k < want; {
		r := d.rng.Uint64()
		for lane := 0; lane < 2 && k < want; lane++ {
			m := (r & math.MaxUint32) * n
			r >>= 32
			if m&math.MaxUint32 >= t {
				counts[m>>32]++
				k++
			}
		}
	}
}
