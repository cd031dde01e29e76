package agreement

import (
	"cmp"
	"math"
	"slices"
)

// FromColumns computes the coincidence data of the ratings given as two
// columns: the i-th rating has unit units[i] and value values[i]. It returns
// exactly what New returns for the same ratings (the rater plays no part in
// alpha), without allocations per unit or rating beyond a few columns of
// the input's length.
//
// FromColumns is fastest when the ratings of a unit are adjacent and the
// units ascend (the order a per-unit sort or an export grouped by item
// gives); otherwise it first groups the ratings by unit with a stable sort.
// Values that are integers over a range not much wider than the number of
// ratings (Likert points, label codes) are indexed by a table; others by a
// hash map over the distinct values. Units are non-negative; FromColumns
// panics on a negative unit or on columns of different lengths.
func FromColumns(units []int32, values []float64) *Reliability {
	if len(units) != len(values) {
		panic("agreement: unit and value columns differ in length")
	}
	if !ascending(units) {
		units, values = groupColumns(units, values)
	}
	return fromColumns(units, values, func() []float64 { return values })
}

// FromLabels is FromColumns for label ids: labels[i] is the code of the
// i-th rating's label, whose numeric order is the category order at the
// ordinal level. It returns what FromColumns returns for the codes as
// float64 values, without making that column when there are at most eight
// distinct codes.
func FromLabels(units, labels []int32) *Reliability {
	if len(units) != len(labels) {
		panic("agreement: unit and label columns differ in length")
	}
	if !ascending(units) {
		units, labels = groupColumns(units, labels)
	}
	return fromColumns(units, labels, func() []float64 {
		v := make([]float64, len(labels))
		for i, l := range labels {
			v[i] = float64(l)
		}
		return v
	})
}

// fromColumns builds the Reliability of ratings in ascending units with
// values of type T; asFloat returns the values as float64 when the packed
// path does not take them.
func fromColumns[T int32 | float64](units []int32, values []T, asFloat func() []float64) *Reliability {
	r := &Reliability{start: []int32{0}}
	var seen []bool
	var raw []float64
	if lo, hi := intRange(values); len(values) > 0 && int64(hi)-int64(lo) < packedValues {
		raw = make([]float64, int(hi-lo)+1)
		for k := range raw {
			raw[k] = float64(lo) + float64(k)
		}
		seen = addUnitsPacked(r, units, values, lo)
		if seen == nil { // a fraction, a NaN or a big unit after all
			r = &Reliability{start: []int32{0}}
		}
	}
	if seen == nil {
		var ids []int32
		var off int32
		ids, off, raw = rawIDs(asFloat())
		seen = r.addUnits(units, ids, off, len(raw))
	}
	r.rankValues(raw, seen)
	r.precompute()
	return r
}

// packedValues is the most distinct numbers addUnitsPacked takes: a unit's
// counts, one byte each, fill a uint64.
const packedValues = 8

// intRange returns the smallest and largest of the values converted to
// int32; it says nothing of whether they are integers.
func intRange[T int32 | float64](values []T) (lo, hi int32) {
	lo, hi = math.MaxInt32, math.MinInt32
	for _, v := range values {
		k := int32(v)
		lo, hi = min(lo, k), max(hi, k)
	}
	return lo, hi
}

// addUnitsPacked is r.addUnits for integer values from lo to lo+7 in units of
// fewer than 256 ratings, the common case of Likert points and a few labels,
// in one pass without the ids column: a unit's counts, packed one byte per
// number into a uint64, identify its profile exactly. It returns nil, with
// r partly filled, on a value that does not qualify (a fraction, NaN, out
// of range) or a unit of 256 ratings or more.
func addUnitsPacked[T int32 | float64](r *Reliability, units []int32, values []T, lo int32) (seen []bool) {
	var one [packedValues]uint64
	for k := range one {
		one[k] = 1 << (8 * k)
	}
	t := packedTable{slots: make([]int32, 64)}
	for i := range t.slots {
		t.slots[i] = -1
	}
	var all uint64 // OR of every unit's counts: the numbers rated anywhere
	for i := 0; i < len(units); {
		u := units[i]
		var key uint64
		j := i
		for ; j < len(units) && units[j] == u; j++ {
			v := values[j]
			k := int32(v)
			if T(k) != v || uint32(k-lo) >= packedValues {
				return nil
			}
			key += one[k-lo]
		}
		m := j - i
		if m >= 256 {
			return nil
		}
		all |= key
		i = j
		if m < 2 {
			continue
		}
		p := t.find(key)
		if p < 0 {
			for k := range packedValues {
				if c := key >> (8 * k) & 0xff; c > 0 {
					r.val = append(r.val, int32(k))
					r.cnt = append(r.cnt, float64(c))
				}
			}
			r.start = append(r.start, int32(len(r.val)))
			r.m = append(r.m, float64(m))
			r.mult = append(r.mult, 0)
			p = int32(len(r.m) - 1)
			t.add(p, key)
		}
		r.mult[p]++
		r.unitProfile = append(r.unitProfile, p)
		r.n += float64(m)
	}
	seen = make([]bool, packedValues)
	for k := range seen {
		seen[k] = all>>(8*k)&0xff != 0
	}
	return seen
}

// packedTable finds profiles by their packed counts: open addressing with
// linear probing, at most half full.
type packedTable struct {
	slots []int32  // profile indexes, -1 for empty
	keys  []uint64 // per profile
}

func (t *packedTable) find(key uint64) int32 {
	mask := uint64(len(t.slots) - 1)
	for s := splitmix(key) & mask; ; s = (s + 1) & mask {
		p := t.slots[s]
		if p < 0 || t.keys[p] == key {
			return p
		}
	}
}

func (t *packedTable) add(p int32, key uint64) {
	t.keys = append(t.keys, key)
	if 2*len(t.keys) > len(t.slots) {
		t.slots = make([]int32, 2*len(t.slots))
		for i := range t.slots {
			t.slots[i] = -1
		}
		for q := range t.keys {
			t.put(int32(q))
		}
		return
	}
	t.put(p)
}

func (t *packedTable) put(p int32) {
	mask := uint64(len(t.slots) - 1)
	s := splitmix(t.keys[p]) & mask
	for t.slots[s] >= 0 {
		s = (s + 1) & mask
	}
	t.slots[s] = p
}

// ascending reports whether units never decrease, and panics on a negative
// unit.
func ascending(units []int32) bool {
	if len(units) > 0 && units[0] < 0 {
		panic("agreement: negative unit index")
	}
	for i := 1; i < len(units); i++ {
		if units[i] < units[i-1] {
			return false
		}
	}
	return true
}

// groupColumns returns copies of the columns stably sorted by unit.
func groupColumns[T int32 | float64](units []int32, values []T) ([]int32, []T) {
	order := make([]int32, len(units))
	for i := range order {
		if units[i] < 0 {
			panic("agreement: negative unit index")
		}
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return cmp.Compare(units[a], units[b]) })
	u, v := make([]int32, len(units)), make([]T, len(values))
	for k, i := range order {
		u[k], v[k] = units[i], values[i]
	}
	return u, v
}

// rawIDs numbers the distinct non-NaN values: value v has number
// ids[i] - off (negative for NaN), and raw[number] is the value. The
// numbers are not in value order; rankValues sorts them.
//
// Integers in the int32 range without NaN, the common case of Likert points
// and label codes, take one pass: the id is the value itself, and off the
// smallest. Other integers over a narrow range take two; the rest a hash
// map.
func rawIDs(values []float64) (ids []int32, off int32, raw []float64) {
	ids = make([]int32, len(values))
	exact := true
	lo, hi := int32(math.MaxInt32), int32(math.MinInt32)
	for i, v := range values {
		k := int32(v)
		ids[i] = k
		if float64(k) != v { // a fraction, NaN, or beyond int32
			exact = false
		}
		lo, hi = min(lo, k), max(hi, k)
	}
	if exact && len(values) > 0 && int64(hi)-int64(lo) < int64(max(1024, 2*len(values))) {
		raw = make([]float64, int(hi-lo)+1)
		for k := range raw {
			raw[k] = float64(lo) + float64(k)
		}
		return ids, lo, raw
	}
	ids, raw = rawIDsSlow(ids, values)
	return ids, 0, raw
}

// rawIDsSlow is rawIDs for values with NaN, fractions or a wide range, in
// ids (which it overwrites).
func rawIDsSlow(ids []int32, values []float64) ([]int32, []float64) {
	var raw []float64
	lo, hi := math.Inf(1), math.Inf(-1)
	integral := true
	for _, v := range values {
		if v != v {
			continue
		}
		lo, hi = min(lo, v), max(hi, v)
		integral = integral && v == math.Trunc(v)
	}
	if lo > hi { // no value at all
		for i := range ids {
			ids[i] = -1
		}
		return ids, nil
	}
	if width := hi - lo; integral && width < float64(max(1024, 2*len(values))) {
		// Integers over a narrow range: the id is the offset from lo.
		raw = make([]float64, int(width)+1)
		for k := range raw {
			raw[k] = lo + float64(k)
		}
		for i, v := range values {
			if v != v {
				ids[i] = -1
			} else {
				ids[i] = int32(v - lo)
			}
		}
		return ids, raw
	}
	seen := make(map[float64]int32)
	for i, v := range values {
		if v != v {
			ids[i] = -1
			continue
		}
		id, ok := seen[v]
		if !ok {
			id = int32(len(raw))
			seen[v] = id
			raw = append(raw, v)
		}
		ids[i] = id
	}
	return ids, raw
}

// addUnits walks the runs of equal units, counts each run's values by raw
// number (ids[i] - off, negative for NaN), and files each pairable unit under its profile: an existing one with
// the same counts, found through a hash table keyed by an order-free hash of
// the unit's ids, or a new one.
func (r *Reliability) addUnits(units, ids []int32, off int32, nraw int) (seen []bool) {
	cnt := make([]int32, nraw)
	seen = make([]bool, nraw) // the ids of values rated anywhere
	mix := make([]uint64, nraw)
	for k := range mix {
		mix[k] = splitmix(uint64(k))
	}
	t := profileTable{slots: make([]int32, 64)}
	for i := range t.slots {
		t.slots[i] = -1
	}
	for i := 0; i < len(units); {
		u := units[i]
		var h uint64
		m, d := 0, 0
		j := i
		for ; j < len(units) && units[j] == u; j++ {
			k := ids[j] - off
			if k < 0 {
				continue
			}
			if cnt[k] == 0 {
				d++
			}
			cnt[k]++
			h += mix[k]
			m++
		}
		if m >= 2 {
			p := t.find(r, h, d, cnt)
			if p < 0 {
				p = r.newProfile(ids[i:j], off, cnt, m)
				t.add(r, p, h)
			}
			r.mult[p]++
			r.unitProfile = append(r.unitProfile, p)
			r.n += float64(m)
		}
		for _, k := range ids[i:j] {
			if k -= off; k >= 0 {
				cnt[k] = 0
				seen[k] = true
			}
		}
		i = j
	}
	return seen
}

// newProfile stores the counts cnt of the ids of one unit as a new profile,
// in order of first appearance (rankValues sorts them), and returns its
// index. It negates the counts it has stored; the caller clears them.
func (r *Reliability) newProfile(ids []int32, off int32, cnt []int32, m int) int32 {
	for _, k := range ids {
		if k -= off; k >= 0 && cnt[k] > 0 {
			r.val = append(r.val, k)
			r.cnt = append(r.cnt, float64(cnt[k]))
			cnt[k] = -cnt[k]
		}
	}
	r.start = append(r.start, int32(len(r.val)))
	r.m = append(r.m, float64(m))
	r.mult = append(r.mult, 0)
	return int32(len(r.m) - 1)
}

// rankValues keeps the raw values seen (rated anywhere), ascending, as r.values,
// renumbers the profiles' ids to positions in it, and sorts each profile's
// entries by value.
func (r *Reliability) rankValues(raw []float64, seen []bool) {
	var orderBuf, rankBuf [16]int32 // few values: no allocation
	order, rank := orderBuf[:0], rankBuf[:]
	if len(raw) > len(orderBuf) {
		order, rank = make([]int32, 0, len(raw)), make([]int32, len(raw))
	}
	rank = rank[:len(raw)]
	for k, ok := range seen {
		if ok {
			order = append(order, int32(k))
		}
	}
	slices.SortFunc(order, func(a, b int32) int { return cmpFloat(raw[a], raw[b]) })
	if r.values == nil || cap(r.values) < len(order) {
		r.values = make([]float64, len(order))
	}
	r.values = r.values[:len(order)]
	for pos, k := range order {
		rank[k] = int32(pos)
		r.values[pos] = raw[k]
	}
	for i, k := range r.val {
		r.val[i] = rank[k]
	}
	for p := range r.m {
		a, b := r.start[p], r.start[p+1]
		sortEntries(r.val[a:b], r.cnt[a:b])
	}
	if len(r.values) > 0 {
		r.centre = r.values[0]/2 + r.values[len(r.values)-1]/2
	}
}

// sortEntries sorts a profile's (value, count) entries by value with an
// insertion sort: profiles have a handful of entries.
func sortEntries(val []int32, cnt []float64) {
	for i := 1; i < len(val); i++ {
		for j := i; j > 0 && val[j] < val[j-1]; j-- {
			val[j], val[j-1] = val[j-1], val[j]
			cnt[j], cnt[j-1] = cnt[j-1], cnt[j]
		}
	}
}

// profileTable finds profiles by the hash of their ids: open addressing
// with linear probing over a power-of-two number of slots holding profile
// indexes (-1 for empty), kept at most half full.
type profileTable struct {
	slots  []int32
	hashes []uint64 // per profile
}

// find returns the profile whose counts are cnt (d distinct ids, hash h),
// or -1.
func (t *profileTable) find(r *Reliability, h uint64, d int, cnt []int32) int32 {
	mask := uint64(len(t.slots) - 1)
	for s := h & mask; ; s = (s + 1) & mask {
		p := t.slots[s]
		if p < 0 {
			return -1
		}
		if t.hashes[p] == h && r.sameCounts(p, d, cnt) {
			return p
		}
	}
}

// sameCounts reports whether profile p has the d distinct ids with counts
// cnt.
func (r *Reliability) sameCounts(p int32, d int, cnt []int32) bool {
	a, b := r.start[p], r.start[p+1]
	if int(b-a) != d {
		return false
	}
	for e := a; e < b; e++ {
		if float64(cnt[r.val[e]]) != r.cnt[e] {
			return false
		}
	}
	return true
}

// add files profile p (the next one) under hash h.
func (t *profileTable) add(r *Reliability, p int32, h uint64) {
	t.hashes = append(t.hashes, h)
	if 2*len(t.hashes) > len(t.slots) {
		t.slots = make([]int32, 2*len(t.slots))
		for i := range t.slots {
			t.slots[i] = -1
		}
		for q, hq := range t.hashes {
			t.put(int32(q), hq)
		}
		return
	}
	t.put(p, h)
}

func (t *profileTable) put(p int32, h uint64) {
	mask := uint64(len(t.slots) - 1)
	s := h & mask
	for t.slots[s] >= 0 {
		s = (s + 1) & mask
	}
	t.slots[s] = p
}

// splitmix is the SplitMix64 finaliser: a fixed, well-mixed 64-bit code
// for each id, summed into an order-free hash of a unit's ids.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}
