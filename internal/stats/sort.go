package stats

import (
	"math"
	"slices"
	"sync"
	"unsafe"
)

// radixMin is the length from which SortFloats sorts by radix: below it
// slices.Sort's comparisons cost less than the radix sort's passes. A
// variable for tests.
var radixMin = 2048

// Radix digits: six passes of 11 bits cover the 64 bits of a key.
const (
	radixBits   = 11
	radixPasses = (64 + radixBits - 1) / radixBits
	radixSize   = 1 << radixBits
)

// radixBufs holds the second array of a radix sort between calls.
var radixBufs = sync.Pool{New: func() any { return new([]uint64) }}

// SortFloats sorts x in increasing order, with the result of
// slices.Sort(x), bit for bit. Long x without NaN and without -0 (where
// slices.Sort's order of 0 and -0, which compare equal, is its own) are
// sorted by a least-significant-digit radix sort of their bits mapped to
// keys in the values' order (the sign bit flipped for positive values,
// every bit for negative ones): a few linear passes instead of n log n
// comparisons, the passes in which every key has the same digit skipped.
// Values that compare equal have the same bits there, so any sorted order
// is slices.Sort's. Anything else goes to slices.Sort.
func SortFloats(x []float64) {
	n := len(x)
	if n < radixMin {
		slices.Sort(x)
		return
	}
	// The keys are x's own words, mapped in place and back.
	keys := unsafe.Slice((*uint64)(unsafe.Pointer(&x[0])), n)
	var counts [radixPasses][radixSize]int
	for i, v := range x {
		b := math.Float64bits(v)
		if v != v || b == 1<<63 { // NaN, -0
			unmapKeys(keys[:i])
			slices.Sort(x)
			return
		}
		k := b ^ (uint64(int64(b)>>63) | 1<<63)
		keys[i] = k
		for p := range radixPasses {
			counts[p][k>>(p*radixBits)&(radixSize-1)]++
		}
	}
	bp := radixBufs.Get().(*[]uint64)
	if cap(*bp) < n {
		*bp = make([]uint64, n)
	}
	src, dst := keys, (*bp)[:n]
	for p := range radixPasses {
		c := &counts[p]
		shift := uint(p * radixBits)
		if c[src[0]>>shift&(radixSize-1)] == n {
			continue // one digit: the order stands
		}
		at := 0
		for d, k := range c {
			c[d] = at
			at += k
		}
		for _, k := range src {
			d := k >> shift & (radixSize - 1)
			dst[c[d]] = k
			c[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &keys[0] {
		copy(keys, src)
	}
	radixBufs.Put(bp)
	unmapKeys(keys)
}

// unmapKeys turns radix keys back into the bits of their values.
func unmapKeys(keys []uint64) {
	for i, k := range keys {
		keys[i] = k ^ (uint64(int64(^k)>>63) | 1<<63)
	}
}
