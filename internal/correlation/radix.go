package correlation

import (
	"cmp"
	"math"
	"slices"
)

// sortIndexes sorts idx, which must be in ascending order of index, by
// x[idx[i]] ascending; values that tie keep their order of index. All the
// values must be finite.
//
// Slices of radixSmall or more are sorted by a least-significant-digit
// radix sort on the digits of the values' bit patterns mapped to unsigned
// integers that sort in the same order as the values (Knuth, TAOCP vol. 3,
// §5.2.5): 16-bit digits from radixMin on, 8-bit digits below, where a
// table of 65,536 counts per pass would cost more than the slice. It is
// stable, so ties stay in order of index, and it skips the digits that all
// keys share. It is several times faster than a comparison sort here,
// where it is run once for each of up to thousands of samples. Keys and
// indexes are a total order, so every way gives the same result.
func sortIndexes(idx []int32, x []float64) {
	switch {
	case len(idx) < radixSmall:
		compareSort(idx, x)
	case len(idx) < radixMin:
		var count [1 << 8]int32
		radixSort(idx, x, count[:])
	default:
		var count [1 << 16]int32
		radixSort(idx, x, count[:])
	}
}

// radixSort is sortIndexes by a radix sort on digits of log2(len(count))
// bits (8 or 16); count is its table of counts.
func radixSort(idx []int32, x []float64, count []int32) {
	n, orig := len(idx), idx
	keys, keys2 := make([]uint64, n), make([]uint64, n)
	idx2 := make([]int32, n)
	for k, i := range idx {
		keys[k] = sortKey(x[i])
	}
	mask := uint64(len(count) - 1)
	bits := uint(0)
	for 1<<bits < len(count) {
		bits++
	}
	for shift := uint(0); shift < 64; shift += bits {
		clear(count)
		for _, key := range keys {
			count[key>>shift&mask]++
		}
		if count[keys[0]>>shift&mask] == int32(n) {
			continue // every key has this digit
		}
		var sum int32
		for d, c := range count {
			count[d] = sum
			sum += c
		}
		for k, key := range keys {
			d := key >> shift & mask
			p := count[d]
			count[d]++
			keys2[p], idx2[p] = key, idx[k]
		}
		keys, keys2 = keys2, keys
		idx, idx2 = idx2, idx
	}
	if &idx[0] != &orig[0] { // an odd number of passes ended in the scratch slice
		copy(orig, idx)
	}
}

// radixMin is the shortest slice sortIndexes radix-sorts on 16-bit digits:
// each pass clears and scans a table of 65,536 counts, which only pays off
// on long slices. radixSmall is the shortest it radix-sorts at all, on
// 8-bit digits (up to eight passes of 256 counts).
const (
	radixMin   = 1 << 13
	radixSmall = 1 << 8
)

// compareSort is sortIndexes by comparisons, for short slices. It compares
// the values' sort keys (integers: cheaper than cmp.Compare of floats,
// which orders NaNs too); keys and indexes together are a total order, so
// the result is the one order sortIndexes defines.
func compareSort(idx []int32, x []float64) {
	type kv struct {
		k uint64
		i int32
	}
	s := make([]kv, len(idx))
	for k, i := range idx {
		s[k] = kv{sortKey(x[i]), i}
	}
	slices.SortFunc(s, func(a, b kv) int {
		if a.k != b.k {
			if a.k < b.k {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.i, b.i)
	})
	for k := range s {
		idx[k] = s[k].i
	}
}

// sortKey maps a finite float64 to a uint64 that sorts in the same order:
// the sign bit is set for positive values and all bits are inverted for
// negative ones. Negative zero is first made positive, so it ties with 0.
func sortKey(v float64) uint64 {
	b := math.Float64bits(v + 0)
	if b>>63 != 0 {
		return ^b
	}
	return b | 1<<63
}
