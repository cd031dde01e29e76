package stats

import "math/bits"

// pcg is math/rand/v2's PCG generator (128-bit LCG state, DXSM output)
// as a plain value: the same outputs from the same state as the *rand.Rand
// of NewRand with the same seed, but its Uint64 is inlined into the draw
// loops and its state can live in registers there, where a *rand.Rand's
// is an indirect call through rand.Source and a load and a store of the
// state in memory for every output.
type pcg struct{ hi, lo uint64 }

// newPCG returns the generator of NewRand(seed) in its initial state.
func newPCG(seed uint64) pcg { return pcg{seed, splitmix64(seed)} }

// Uint64 returns the next output, as rand.PCG.Uint64 does.
func (p *pcg) Uint64() uint64 {
	const (
		mulHi = 2549297995355413924
		mulLo = 4865540595714422341
		incHi = 6364136223846793005
		incLo = 1442695040888963407
	)
	hi, lo := bits.Mul64(p.lo, mulLo)
	hi += p.hi*mulLo + p.lo*mulHi
	lo, c := bits.Add64(lo, incLo, 0)
	hi, _ = bits.Add64(hi, incHi, c)
	p.lo, p.hi = lo, hi
	const cheapMul = 0xda942042e4dd58b5
	hi ^= hi >> 32
	hi *= cheapMul
	hi ^= hi >> 48
	hi *= lo | 1
	return hi
}
