package stats

import (
	"encoding/binary"
	"math/rand/v2"
)

const (
	fnvOffset64 = 14695981039346656037
	fnvPrime64  = 1099511628211
)

// Seed derives a seed for one stream of random numbers from a base seed (the
// project's configured seed) and the names that identify the stream, such as
// a metric and an iteration. It is the 64-bit FNV-1a hash (Fowler, Noll and
// Vo; see IETF draft-eastlake-fnv) of the base seed's eight little-endian
// bytes followed, for each part, by the part's length as eight little-endian
// bytes and the part's bytes. The length prefix keeps ("ab", "c") and ("a",
// "bc") apart.
//
// Because every (metric, iteration) pair draws from its own stream, a
// bootstrap result depends only on the base seed, the names and the data,
// never on the order in which results are computed or on parallelism.
func Seed(base uint64, parts ...string) uint64 {
	var b [8]byte
	h := uint64(fnvOffset64)
	h = fnvBytes(h, binary.LittleEndian.AppendUint64(b[:0], base))
	for _, p := range parts {
		h = fnvBytes(h, binary.LittleEndian.AppendUint64(b[:0], uint64(len(p))))
		for i := 0; i < len(p); i++ {
			h = (h ^ uint64(p[i])) * fnvPrime64
		}
	}
	return h
}

func fnvBytes(h uint64, b []byte) uint64 {
	for _, c := range b {
		h = (h ^ uint64(c)) * fnvPrime64
	}
	return h
}

// NewRand returns a generator for the stream identified by seed, typically a
// value from Seed. It is a PCG generator (math/rand/v2's PCG, O'Neill 2014)
// whose 128-bit state is the seed and the seed passed through the SplitMix64
// finaliser (Steele, Lea and Flood, "Fast splittable pseudorandom number
// generators", OOPSLA 2014), so that both halves of the state depend on
// every bit of the seed.
func NewRand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, splitmix64(seed)))
}

func splitmix64(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
