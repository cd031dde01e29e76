package stats

import (
	"math"
	"slices"
)

// PercentileInterval returns the percentile interval of level (0.95 for a
// 95% interval) of the values x, such as bootstrap replicates: the type 7
// quantiles at (1-level)/2 and (1+level)/2. It finds them by selection in
// O(n) time instead of sorting (see quantileSelect), and may reorder x in
// doing so. Both are NaN when x is empty or holds a NaN.
func PercentileInterval(x []float64, level float64) (low, high float64) {
	tail := (1 - level) / 2
	return PercentileRange(x, tail, 1-tail)
}

// PercentileRange returns the type 7 quantiles of x at the probabilities
// pLow and pHigh, as PercentileInterval does for the tails of a level: it
// serves intervals whose tails are not (1-level)/2, such as the expanded
// percentile interval of package compare. It may reorder x. Both are NaN
// when x is empty or holds a NaN; it panics when a probability is outside
// [0, 1].
func PercentileRange(x []float64, pLow, pHigh float64) (low, high float64) {
	if !(pLow >= 0 && pLow <= 1 && pHigh >= 0 && pHigh <= 1) {
		panic("stats: quantile probability outside [0, 1]")
	}
	if len(x) == 0 {
		return math.NaN(), math.NaN()
	}
	n := len(x)
	jLo, gLo := rank(n, pLow)
	jHi, gHi := rank(n, pHigh)
	if kLo, kHi := jLo+2, n-jHi; kLo <= n/tailShare && kHi <= n/tailShare && jHi+2 > n/tailShare {
		// quantileOf would keep a heap of the smallest values for pLow
		// and one of the largest for pHigh: both in one pass. tailsOf
		// looks for a NaN itself, when it must.
		lastLo, nextLo, lastHi, nextHi, ok := tailsOf(x, kLo, kHi)
		if !ok {
			return math.NaN(), math.NaN()
		}
		return interpolate(nextLo, lastLo, gLo), interpolate(lastHi, nextHi, gHi)
	}
	if hasNaN(x) {
		return math.NaN(), math.NaN()
	}
	return quantileOf(x, pLow), quantileOf(x, pHigh)
}

// hasNaN reports whether x holds a NaN: a plain loop, which the compiler
// keeps inline, where slices.ContainsFunc(x, math.IsNaN) calls a function
// per value (a bootstrap interval's check of its 1,000 means cost as
// much as one of its tails).
func hasNaN(x []float64) bool {
	for _, v := range x {
		if v != v {
			return true
		}
	}
	return false
}

// rank returns the index j of the order statistic the type 7 quantile at
// p of n values starts from, and the weight g of the next one.
func rank(n int, p float64) (j int, g float64) {
	h := float64(n-1) * p
	j = int(h)
	return j, h - float64(j)
}

// quantileSelect returns Quantile(sorted x, p) without sorting x: it finds
// the two order statistics the type 7 definition interpolates between, and
// may reorder x in doing so. It returns NaN when x is empty or holds a NaN.
//
// Near either end, as for the bounds of a 95% interval, the few order
// statistics needed are kept in a heap in one pass (tail); elsewhere they
// are found by quickselect (selectRank), in expected O(n) time but with
// several passes of unpredictable branches.
func quantileSelect(x []float64, p float64) float64 {
	if len(x) == 0 || hasNaN(x) {
		return math.NaN()
	}
	return quantileOf(x, p)
}

// quantileOf is quantileSelect of a non-empty x without NaN.
func quantileOf(x []float64, p float64) float64 {
	n := len(x)
	j, g := rank(n, p)
	if k := j + 2; k <= n/tailShare {
		// The k smallest in ascending order s: s[j+1] is the largest of
		// them, s[j] the next.
		last, next := tail(x, k, false)
		return interpolate(next, last, g)
	}
	if k := n - j; k <= n/tailShare {
		// The k largest in descending order s: s[k-1] is the smallest of
		// them, s[k-2] (s[0] when k is 1) the next.
		last, next := tail(x, k, true)
		return interpolate(last, next, g)
	}
	lo := selectRank(x, j)
	if g == 0 || j+1 >= n {
		return lo
	}
	// selectRank left every element above index j no smaller than x[j], so
	// the next order statistic is their minimum.
	return interpolate(lo, slices.Min(x[j+1:]), g)
}

// tailShare sets where quantileSelect keeps a heap: when the order
// statistics it needs lie among the n/tailShare smallest or largest values.
const tailShare = 16

// interpolate returns lo + g(hi - lo), or lo itself when g is 0, as type 7
// does.
func interpolate(lo, hi, g float64) float64 {
	if g == 0 {
		return lo
	}
	return lo + g*(hi-lo)
}

// tail returns, of the k smallest values of x (1 <= k <= len(x)), the
// largest (last) and the one before it in ascending order (next; last
// itself when k is 1); with largest, of the k largest values, the
// smallest and the one before it in descending order. It keeps the k
// values in a max-heap of sign*v whose root is the kept value furthest
// from the end being collected, so a value that does not pass the root
// costs one comparison; last is the root and next the larger of its
// children.
func tail(x []float64, k int, largest bool) (last, next float64) {
	var buf [64]float64
	hp := buf[:0]
	if k > len(buf) {
		hp = make([]float64, 0, k)
	}
	sign := 1.0
	if largest {
		sign = -1
	}
	for _, v := range x[:k] {
		hp = append(hp, sign*v)
		siftUp(hp, len(hp)-1)
	}
	root := hp[0]
	for _, v := range x[k:] {
		if v *= sign; v < root {
			hp[0] = v
			siftDown(hp, 0)
			root = hp[0]
		}
	}
	next = root
	if k > 1 {
		next = hp[1]
		if k > 2 && hp[2] > next {
			next = hp[2]
		}
	}
	return sign * root, sign * next
}

// tails is tail(x, kLo, false) and tail(x, kHi, true) in one pass over
// x: each value is loaded once and compared with the roots of both heaps.
// Each heap sees the very operations it sees in tail, so the results are
// tail's, bit for bit.
func tails(x []float64, kLo, kHi int) (lastLo, nextLo, lastHi, nextHi float64) {
	var bufLo, bufHi [64]float64
	lo, hi := bufLo[:0], bufHi[:0]
	if kLo > len(bufLo) {
		lo = make([]float64, 0, kLo)
	}
	if kHi > len(bufHi) {
		hi = make([]float64, 0, kHi)
	}
	k := max(kLo, kHi)
	for i, v := range x[:k] {
		if i < kLo {
			lo = append(lo, v)
			siftUp(lo, i)
		} else if v < lo[0] {
			lo[0] = v
			siftDown(lo, 0)
		}
		if i < kHi {
			hi = append(hi, -v)
			siftUp(hi, i)
		} else if -v < hi[0] {
			hi[0] = -v
			siftDown(hi, 0)
		}
	}
	rootLo, rootHi := lo[0], hi[0]
	for _, v := range x[k:] {
		if v < rootLo {
			lo[0] = v
			siftDown(lo, 0)
			rootLo = lo[0]
		}
		if w := -v; w < rootHi {
			hi[0] = w
			siftDown(hi, 0)
			rootHi = hi[0]
		}
	}
	lastLo, nextLo = heapEnds(lo)
	lastHi, nextHi = heapEnds(hi)
	return lastLo, nextLo, -lastHi, -nextHi
}

// tailsOf is tails(x, kLo, kHi), bit for bit, found by filteredTails or,
// when that declines, sortedTails when both tails are short; ok is false,
// and nothing is returned, when x holds a NaN. filteredTails and
// sortedTails select the same values as tails' heaps (the kLo smallest
// and kHi largest of x), so their four results equal tails' in value; two
// equal floats differ in their bits only when they are zeros of opposite
// signs, whose choice depends on which of the equal values each method
// kept, so a zero result is taken from tails instead. filteredTails
// answers only for x without NaN (a NaN makes its thresholds NaN, which
// no value passes), so x is scanned for one only when it declines.
// Neither method changes x.
func tailsOf(x []float64, kLo, kHi int) (lastLo, nextLo, lastHi, nextHi float64, ok bool) {
	short := kLo <= sortedTailMax && kHi <= sortedTailMax
	filtered := false
	if short {
		lastLo, nextLo, lastHi, nextHi, filtered = filteredTails(x, kLo, kHi)
	}
	if !filtered {
		if hasNaN(x) {
			return 0, 0, 0, 0, false
		}
		if !short {
			lastLo, nextLo, lastHi, nextHi = tails(x, kLo, kHi)
			return lastLo, nextLo, lastHi, nextHi, true
		}
		lastLo, nextLo, lastHi, nextHi = sortedTails(x, kLo, kHi)
	}
	if lastLo == 0 || nextLo == 0 || lastHi == 0 || nextHi == 0 {
		lastLo, nextLo, lastHi, nextHi = tails(x, kLo, kHi)
	}
	return lastLo, nextLo, lastHi, nextHi, true
}

// filterCap is the most candidates filteredTails keeps for a tail.
const filterCap = 256

// filteredTails returns what sortedTails does, through one threshold per
// tail: values such as bootstrap replicates are about normal, so from
// their mean and standard deviation a threshold is set that some more
// than the tail's values pass (kLo + 3 sqrt(kLo) + 4 expected, for a
// normal sample), the values past it are collected in a branch-free pass,
// and the tail is selected among them. When at least k values are
// strictly past a threshold, the k furthest values of x are all among
// them, whatever the data's shape, so the tail selected is x's; ok is
// false, and nothing is returned, when a threshold kept fewer than k
// values, or filterCap or more (data far from normal, many ties,
// infinities, a sample too short for the tails): the pass writes every
// value into the slot after the last candidate, so a full array would
// wrap round and lose its first.
//
// Where the heaps and sorted arrays take each value that passes the
// bound as it comes, with a mispredicted branch (about k ln(n/k) of them,
// 95 for the 26 of a 95% interval of 1,000 values) and an insertion,
// here the pass has no data-dependent branch and only the candidates are
// sorted.
func filteredTails(x []float64, kLo, kHi int) (lastLo, nextLo, lastHi, nextHi float64, ok bool) {
	n := len(x)
	if kLo > filterCap/2 || kHi > filterCap/2 {
		return 0, 0, 0, 0, false
	}
	// The moments about x[0] in one pass: rounding only moves the
	// thresholds, which need not be precise (see above).
	c := x[0]
	var s0, s1, q0, q1 float64
	y := x
	for len(y) >= 2 {
		d0, d1 := y[0]-c, y[1]-c
		s0, s1 = s0+d0, s1+d1
		q0, q1 = q0+d0*d0, q1+d1*d1
		y = y[2:]
	}
	if len(y) == 1 {
		d := y[0] - c
		s0, q0 = s0+d, q0+d*d
	}
	m := (s0 + s1) / float64(n)
	mean, sd := c+m, math.Sqrt(max((q0+q1)/float64(n)-m*m, 0))
	tLo := mean - sd*tailZ(kLo, n)
	tHi := mean + sd*tailZ(kHi, n)
	var lo, hi [filterCap]float64
	var cl, ch uint
	for _, v := range x {
		lo[cl%filterCap] = v
		hi[ch%filterCap] = v
		if v < tLo {
			cl++
		}
		if v > tHi {
			ch++
		}
	}
	if cl < uint(kLo) || ch < uint(kHi) || cl >= filterCap || ch >= filterCap {
		return 0, 0, 0, 0, false
	}
	lastLo, nextLo = lowTail(lo[:cl], kLo)
	lastHi, nextHi = highTail(hi[:ch], kHi)
	return lastLo, nextLo, lastHi, nextHi, true
}

// tailZ returns how many standard deviations from the mean of n normal
// values the threshold of a tail of k values lies for k + 3 sqrt(k) + 4
// of them to pass it, in expectation; 0 when that is half of them or
// more.
func tailZ(k, n int) float64 {
	q := (float64(k) + 3*math.Sqrt(float64(k)) + 4) / float64(n)
	if q >= 0.5 {
		return 0
	}
	return -math.Sqrt2 * math.Erfinv(2*q-1)
}

// lowTail returns, of the k smallest values of c (1 <= k <= len(c),
// sortedTailMax at most), the largest and the one below it (the largest
// itself when k is 1), in value: sortedTails' lo tail.
func lowTail(c []float64, k int) (last, next float64) {
	var buf [sortedTailMax]float64
	s := buf[:k]
	copy(s, c[:k])
	insertionSort(s, false)
	bound := s[k-1]
	for _, v := range c[k:] {
		if v < bound {
			insertLow(s, v)
			bound = s[k-1]
		}
	}
	return s[k-1], s[max(k-2, 0)]
}

// highTail is lowTail of the largest values: of the k largest, the
// smallest and the one above it.
func highTail(c []float64, k int) (last, next float64) {
	var buf [sortedTailMax]float64
	s := buf[:k]
	copy(s, c[:k])
	insertionSort(s, true)
	bound := s[k-1]
	for _, v := range c[k:] {
		if v > bound {
			insertHigh(s, v)
			bound = s[k-1]
		}
	}
	return s[k-1], s[max(k-2, 0)]
}

// sortedTailMax is the longest tail sortedTails keeps: an insertion moves
// half a tail on average, which beats a heap's sift (log2 k levels of
// two unpredictable comparisons each) only while tails are short, as for
// the 95% interval of 1,000 or 2,000 bootstrap replicates (26 and 51).
const sortedTailMax = 64

// sortedTails returns what tails does, up to the signs of zeros: of the kLo
// smallest values of x, the largest (lastLo) and the one below it (nextLo;
// lastLo when kLo is 1), and of the kHi largest the smallest and the one
// above it. It keeps each tail as a sorted array (lo ascending, hi
// descending) whose last element is the bound a value must pass; a value
// that passes is put in place by insertion, moving the elements past it
// one step and dropping the last. 1 <= kLo, kHi <= min(len(x),
// sortedTailMax).
func sortedTails(x []float64, kLo, kHi int) (lastLo, nextLo, lastHi, nextHi float64) {
	var bufLo, bufHi [sortedTailMax]float64
	lo, hi := bufLo[:kLo], bufHi[:kHi]
	copy(lo, x[:kLo])
	insertionSort(lo, false)
	copy(hi, x[:kHi])
	insertionSort(hi, true)
	// The values x[kLo:] (x[kHi:]) are yet to be offered to lo (hi); both
	// tails take the values from max(kLo, kHi) on in one pass.
	k := max(kLo, kHi)
	for _, v := range x[kLo:k] {
		insertLow(lo, v)
	}
	for _, v := range x[kHi:k] {
		insertHigh(hi, v)
	}
	boundLo, boundHi := lo[kLo-1], hi[kHi-1]
	for _, v := range x[k:] {
		if v < boundLo {
			insertLow(lo, v)
			boundLo = lo[kLo-1]
		}
		if v > boundHi {
			insertHigh(hi, v)
			boundHi = hi[kHi-1]
		}
	}
	return lo[kLo-1], lo[max(kLo-2, 0)], hi[kHi-1], hi[max(kHi-2, 0)]
}

// insertionSort sorts the short s ascending, or descending when down.
func insertionSort(s []float64, down bool) {
	for i := 1; i < len(s); i++ {
		v, j := s[i], i
		if down {
			for j > 0 && s[j-1] < v {
				s[j] = s[j-1]
				j--
			}
		} else {
			for j > 0 && s[j-1] > v {
				s[j] = s[j-1]
				j--
			}
		}
		s[j] = v
	}
}

// insertLow puts v into the ascending s in place of its last element when
// v is below it: the elements above v move one step up.
func insertLow(s []float64, v float64) {
	i := len(s) - 1
	if !(v < s[i]) {
		return
	}
	for i > 0 && s[i-1] > v {
		s[i] = s[i-1]
		i--
	}
	s[i] = v
}

// insertHigh puts v into the descending s in place of its last element
// when v is above it: the elements below v move one step down.
func insertHigh(s []float64, v float64) {
	i := len(s) - 1
	if !(v > s[i]) {
		return
	}
	for i > 0 && s[i-1] < v {
		s[i] = s[i-1]
		i--
	}
	s[i] = v
}

// heapEnds returns the root of the max-heap h and the larger of its
// children (the root itself when it has none).
func heapEnds(h []float64) (root, next float64) {
	root, next = h[0], h[0]
	if len(h) > 1 {
		next = h[1]
		if len(h) > 2 && h[2] > next {
			next = h[2]
		}
	}
	return root, next
}

// siftUp restores the max-heap order of h after h[i] was added.
func siftUp(h []float64, i int) {
	for i > 0 {
		parent := (i - 1) / 2
		if h[parent] >= h[i] {
			return
		}
		h[parent], h[i] = h[i], h[parent]
		i = parent
	}
}

// siftDown restores the max-heap order of h after h[i] was lowered.
func siftDown(h []float64, i int) {
	for {
		c := 2*i + 1
		if c >= len(h) {
			return
		}
		if c+1 < len(h) && h[c+1] > h[c] {
			c++
		}
		if h[i] >= h[c] {
			return
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
}

// selectRank reorders x so that x[k] is its k-th smallest element (0-based),
// no element before k is larger and none after it smaller, and returns
// x[k]. It is quickselect (Hoare, "Algorithm 65: Find", CACM 4(7), 1961)
// with a median-of-three pivot and a three-way partition, so that many
// equal values, common among bootstrap means of small samples, keep it
// linear. x must not hold NaN.
func selectRank(x []float64, k int) float64 {
	lo, hi := 0, len(x) // the k-th smallest lies in x[lo:hi]
	for hi-lo > 1 {
		pivot := median3(x[lo], x[lo+(hi-lo)/2], x[hi-1])
		// Partition x[lo:hi] into < pivot [lo, lt), == pivot [lt, i),
		// > pivot [gt, hi).
		lt, i, gt := lo, lo, hi
		for i < gt {
			switch v := x[i]; {
			case v < pivot:
				x[lt], x[i] = x[i], x[lt]
				lt++
				i++
			case v > pivot:
				gt--
				x[gt], x[i] = x[i], x[gt]
			default:
				i++
			}
		}
		switch {
		case k < lt:
			hi = lt
		case k >= gt:
			lo = gt
		default:
			return x[k]
		}
	}
	return x[k]
}

func median3(a, b, c float64) float64 {
	if a > b {
		a, b = b, a
	}
	if b > c {
		b = c
	}
	return max(a, b)
}
