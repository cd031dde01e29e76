package compare

import (
	"math"
	"math/rand/v2"
)

// indexDrawer draws integers uniformly from [0, n) by Lemire's
// multiply-and-reject method ("Fast random integer generation in an
// interval", ACM Transactions on Modeling and Computer Simulation 29(1),
// 2019). A w-bit uniform v maps to ⌊v n / 2^w⌋; v is rejected when the low
// w bits of v n are below 2^w mod n, which makes every index equally likely.
// Each 64-bit output of the generator is split into four 16-bit lanes when
// n ≤ 2^16 and into two 32-bit lanes otherwise.
//
// Paired and PairedBatch both draw their resamples through fill, so the
// same seed gives them the same resamples.
type indexDrawer struct {
	rng    *rand.Rand
	n      uint64
	thresh uint64 // 2^w mod n
	wide   bool   // 32-bit lanes
}

func newIndexDrawer(rng *rand.Rand, n int) indexDrawer {
	if n < 1 || uint64(n) > math.MaxUint32 {
		panic("compare: resample size out of range")
	}
	if n > 1<<16 {
		return indexDrawer{rng: rng, n: uint64(n), thresh: (1 << 32) % uint64(n), wide: true}
	}
	return indexDrawer{rng: rng, n: uint64(n), thresh: (1 << 16) % uint64(n)}
}

// fill sets every element of idx to an independent uniform draw from
// [0, n). Lanes left over after the last element are discarded.
func (d *indexDrawer) fill(idx []int32) {
	lanes, bits := 4, uint(16)
	if d.wide {
		lanes, bits = 2, 32
	}
	mask := uint64(1)<<bits - 1
	for k := 0; k < len(idx); {
		r := d.rng.Uint64()
		for lane := 0; lane < lanes && k < len(idx); lane++ {
			m := (r & mask) * d.n
			r >>= bits
			if m&mask >= d.thresh {
				idx[k] = int32(m >> bits)
				k++
			}
		}
	}
}

// fillSigns sets bit i of the words of signs to an independent fair coin
// for i in [0, n): a set bit flips the sign of difference i. It uses
// ⌈n/64⌉ outputs of rng.
func fillSigns(rng *rand.Rand, signs []uint64) {
	for w := range signs {
		signs[w] = rng.Uint64()
	}
}

// flipped reports whether bit i of signs is set.
func flipped(signs []uint64, i int) bool {
	return signs[i>>6]>>(uint(i)&63)&1 == 1
}
