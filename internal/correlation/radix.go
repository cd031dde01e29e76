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
// Long slices are sorted by a least-significant-digit radix sort on 16-bit
// digits of the values' bit patterns mapped to unsigned integers that sort
// in the same order as the values (Knuth, TAOCP vol. 3, §5.2.5); it is
// stable, so ties stay in order of index, and it skips the digits that all
// keys share. It is several times faster than a comparison sort here,
// where it is run once for each of up to thousands of long samples.
func sortIndexes(idx []int32, x []float64) {
	if len(idx) < radixMin {
		compareSort(idx, x)
		return
	}
	n, orig := len(idx), idx
	keys, keys2 := make([]uint64, n), make([]uint64, n)
	idx2 := make([]int32, n)
	for k, i := range idx {
		keys[k] = sortKey(x[i])
	}
	var count [1 << 16]int32
	for shift := uint(0); shift < 64; shift += 16 {
		clear(count[:])
		for _, key := range keys {
			count[key>>shift&0xffff]++
		}
		if count[keys[0]>>shift&0xffff] == int32(n) {
			continue // every key has this digit
		}
		var sum int32
		for d, c := range count {
			count[d] = sum
			sum += c
		}
		for k, key := range keys {
			d := key >> shift & 0xffff
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

// radixMin is the shortest slice sortIndexes radix-sorts: each pass clears
// and scans a table of 65,536 counts, which only pays off on long slices.
const radixMin = 1 << 13

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
