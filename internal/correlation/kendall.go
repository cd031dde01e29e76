package correlation

import "math"

// kendallBuffers holds the scratch space of Knight's algorithm, reused from
// one pair to the next by a worker.
type kendallBuffers struct {
	seq, tmp []int32 // the second variable's dense ranks in (x, y) order
	runs     []int32 // boundaries of the sorted runs of seq
	next     []int32 // counting-sort cursors, one per value of x
	table    []int32 // the contingency table of x and y (tableCounts)
	earlier  []int32 // tableCounts' column totals of the rows before
}

// grow returns s with length n, reusing its storage when it is large enough.
func grow(s []int32, n int) []int32 {
	if cap(s) < n {
		return make([]int32, n)
	}
	return s[:n]
}

// kendallTauB returns Kendall's tau-b of two prepared variables without
// missing values,
//
//	tau_b = (n0 - n1 - n2 + n3 - 2 S) / sqrt((n0 - n1)(n0 - n2)),
//
// where n0 = n(n-1)/2 is the number of pairs of items, n1 and n2 the pairs
// tied in x and in y, n3 the pairs tied in both, and S the number of
// discordant pairs (Kendall 1945, "The treatment of ties in ranking
// problems", Biometrika 33(3)). It follows Knight (1966, "A computer method
// for calculating Kendall's tau with ungrouped data", JASA 61(314)): order
// the items by x and then by y, count the joint ties in that order, and
// count S as the swaps a merge sort by y needs, since a pair is discordant
// exactly when it is out of order in y after the sort by (x, y).
//
// Both variables' dense ranks and sort orders are prepared once, so the
// sort by (x, y) is one counting-sort pass: visiting items in order of y
// and dropping each into the bucket of its x value leaves every bucket
// sorted by y. Taking as x the variable with fewer distinct values (a
// human rating scale, say) leaves few sorted runs, and a natural merge sort
// needs only log2 of their number passes. The cost is O(n log n) time in
// general and O(n) space in b.
//
// When both variables have few distinct values (kx ky at most tableMax n
// for kx and ky of them), n3 and S come instead from their contingency
// table in O(n + kx ky) time (tableCounts): the same integers.
func kendallTauB(x, y *Variable, b *kendallBuffers) (tau float64, ok bool) {
	if x.constant || y.constant {
		return 0, false
	}
	if len(y.sizes) < len(x.sizes) {
		x, y = y, x
	}
	n := x.n
	var n3, s int64
	if len(x.sizes)*len(y.sizes) <= tableMax*n {
		n3, s = b.tableCounts(x, y)
	} else {
		n3, s = b.mergeCounts(x, y)
	}
	n0 := int64(n) * int64(n-1) / 2
	num := float64(n0-x.ties-y.ties+n3) - 2*float64(s)
	den := math.Sqrt(float64(n0-x.ties) * float64(n0-y.ties))
	return num / den, true
}

// tableMax bounds the contingency table of tableCounts: at most tableMax
// cells per item, where a pass over the table costs less than the merge
// passes it saves and it takes no more memory than their buffers.
const tableMax = 4

// mergeCounts returns the pairs tied in both x and y (n3) and the
// discordant pairs (s) by Knight's method, for x with no more distinct
// values than y.
func (b *kendallBuffers) mergeCounts(x, y *Variable) (n3, s int64) {
	n := x.n
	b.seq = grow(b.seq, n)
	b.tmp = grow(b.tmp, n)
	b.next = grow(b.next, len(x.sizes))
	var off int32
	for k, s := range x.sizes {
		b.next[k] = off
		off += s
	}
	for _, i := range y.order {
		d := x.dense[i]
		b.seq[b.next[d]] = y.dense[i]
		b.next[d]++
	}
	return jointTies(b.seq, x.sizes), b.inversions(n)
}

// tableCounts returns what mergeCounts does from the contingency table of
// the dense ranks, in O(n + kx ky) time for kx and ky distinct values: an
// item in row a (its x) and column j (its y) is discordant with each item
// of an earlier row in a later column, and tied in both with the others
// of its cell. It is for variables with few distinct values each (a
// rating scale's consensus against a metric of a few hundred values),
// where the table is small and Knight's merge sort would take several
// passes.
func (b *kendallBuffers) tableCounts(x, y *Variable) (n3, s int64) {
	kx, ky := len(x.sizes), len(y.sizes)
	b.table = grow(b.table, kx*ky)
	clear(b.table)
	for i, a := range x.dense {
		b.table[int(a)*ky+int(y.dense[i])]++
	}
	b.earlier = grow(b.earlier, ky)
	clear(b.earlier)
	for a := range kx {
		row := b.table[a*ky : (a+1)*ky]
		var later int64 // the items of earlier rows in columns after j
		for j := ky - 1; j >= 0; j-- {
			t := int64(row[j])
			s += t * later
			n3 += t * (t - 1) / 2
			later += int64(b.earlier[j])
		}
		for j, t := range row {
			b.earlier[j] += t
		}
	}
	return n3, s
}

// jointTies returns Σ t(t-1)/2 over runs of t equal values of seq within
// each block of the given sizes: the pairs tied in both variables.
func jointTies(seq []int32, sizes []int32) int64 {
	var n3 int64
	lo := 0
	for _, sz := range sizes {
		hi := lo + int(sz)
		run := int64(1)
		for i := lo + 1; i < hi; i++ {
			if seq[i] == seq[i-1] {
				run++
				continue
			}
			n3 += run * (run - 1) / 2
			run = 1
		}
		n3 += run * (run - 1) / 2
		lo = hi
	}
	return n3
}

// inversions returns the number of pairs i < j with seq[i] > seq[j] in
// b.seq[:n], sorting it (a natural bottom-up merge sort: the ascending runs
// already present are merged pairwise until one remains).
func (b *kendallBuffers) inversions(n int) int64 {
	seq, tmp := b.seq[:n], b.tmp[:n]
	runs := b.runs[:0]
	runs = append(runs, 0)
	for i := 1; i < n; i++ {
		if seq[i] < seq[i-1] {
			runs = append(runs, int32(i))
		}
	}
	runs = append(runs, int32(n))
	var inv int64
	for len(runs) > 2 {
		w := 1
		for r := 0; r+1 < len(runs); r += 2 {
			lo := runs[r]
			if r+2 >= len(runs) { // an odd run out: carry it over
				copy(tmp[lo:], seq[lo:])
				runs[w] = int32(n)
				w++
				break
			}
			mid, hi := runs[r+1], runs[r+2]
			inv += merge(tmp[lo:hi], seq[lo:mid], seq[mid:hi])
			runs[w] = hi
			w++
		}
		runs = runs[:w]
		seq, tmp = tmp, seq
	}
	b.runs = runs
	return inv
}

// merge merges the sorted slices a and b into dst and returns the number of
// pairs (a_i, b_j) with a_i > b_j: the swaps that bring b's elements past
// a's.
func merge(dst, a, b []int32) int64 {
	var inv int64
	i, j, k := 0, 0, 0
	for i < len(a) && j < len(b) {
		// Written without a data-dependent branch (the compiler emits
		// conditional moves): on unordered data the branch would be
		// mispredicted half the time.
		av, bv := a[i], b[j]
		c, v := 0, av
		if bv < av {
			c, v = 1, bv
		}
		dst[k] = v
		inv += int64(c * (len(a) - i))
		i += 1 - c
		j += c
		k++
	}
	k += copy(dst[k:], a[i:])
	copy(dst[k:], b[j:])
	return inv
}
