package agreement

// Alpha is alpha of one subset of the ratings; OK is false when it is
// undefined.
type Alpha struct {
	Value float64
	OK    bool
}

// AlphasWithout returns, for each group g < groups, alpha at level l of
// the ratings given as columns (units, values, and group[i] the group of
// the i-th rating: its rater) with g's ratings left out. out[g] is exactly
// what FromColumns of the columns without the ratings of g gives at l.
//
// When the units ascend and the values are integers spanning at most eight
// numbers (Likert points, a few labels), it takes one pass over the
// columns: a unit's profile without g is its packed counts less g's, so
// every group's profiles are counted as the unit is read, in the order
// FromColumns would find them. Otherwise it calls FromColumns once per
// group.
func AlphasWithout(units []int32, values []float64, group []int32, groups int, l Level) []Alpha {
	rated := ratedGroups(group, groups)
	var some []Alpha // by rated group, then with nothing left out
	if some = packedWithout(units, values, group, rated, l); some == nil {
		sub := subsetter{units: units, values: values, group: group, keep: make([]bool, groups)}
		for _, g := range append(rated, -1) {
			for h := range sub.keep {
				sub.keep[h] = h != int(g)
			}
			some = append(some, sub.alpha(l))
		}
	}
	out := make([]Alpha, groups)
	for g := range out {
		out[g] = some[len(rated)] // a group without ratings leaves out nothing
	}
	for i, g := range rated {
		out[g] = some[i]
	}
	return out
}

// ratedGroups returns the groups with ratings, ascending.
func ratedGroups(group []int32, groups int) []int32 {
	has := make([]bool, groups)
	for _, g := range group {
		has[g] = true
	}
	var rated []int32
	for g, ok := range has {
		if ok {
			rated = append(rated, int32(g))
		}
	}
	return rated
}

// PairAlphas returns alpha at level l of the ratings of every pair of
// groups a < b alone, at out[a*groups+b]: exactly what FromColumns of
// their ratings gives. A pair whose groups share no unit (and rate no unit
// twice) has no pairable value, so its alpha is undefined. With ascending
// units, integer values spanning at most eight numbers and no group rating
// a unit twice it takes one pass over the columns; otherwise it calls
// FromColumns once per pair that may have a pairable value.
func PairAlphas(units []int32, values []float64, group []int32, groups int, l Level) []Alpha {
	if out := packedPairs(units, values, group, groups, l); out != nil {
		return out
	}
	out := make([]Alpha, groups*groups)
	paired := make([]bool, groups*groups) // a < b: some unit may be pairable in their ratings
	byUnit := units
	if !ascending(units) { // the runs are not the units: try every pair
		for ab := range paired {
			paired[ab] = ab/groups < ab%groups
		}
		byUnit = nil
	}
	runs(byUnit, func(i, j int) {
		for x := i; x < j; x++ {
			for y := x + 1; y < j; y++ {
				a, b := group[x], group[y]
				if a == b { // a rates the unit twice: pairable with any group
					for c := range groups {
						if c != int(a) {
							paired[min(int(a), c)*groups+max(int(a), c)] = true
						}
					}
					continue
				}
				paired[int(min(a, b))*groups+int(max(a, b))] = true
			}
		}
	})
	sub := subsetter{units: units, values: values, group: group, keep: make([]bool, groups)}
	for ab, ok := range paired {
		if ok {
			a, b := ab/groups, ab%groups
			sub.keep[a], sub.keep[b] = true, true
			out[ab] = sub.alpha(l)
			sub.keep[a], sub.keep[b] = false, false
		}
	}
	return out
}

// subsetter computes alphas of subsets of the columns by FromColumns,
// reusing its space.
type subsetter struct {
	units, group []int32
	values       []float64
	keep         []bool // by group
	u            []int32
	v            []float64
}

// alpha is alpha at l of FromColumns of the ratings of the groups kept.
func (s *subsetter) alpha(l Level) Alpha {
	s.u, s.v = s.u[:0], s.v[:0]
	for i, g := range s.group {
		if s.keep[g] {
			s.u, s.v = append(s.u, s.units[i]), append(s.v, s.values[i])
		}
	}
	a, ok := FromColumns(s.u, s.v).Alpha(l)
	return Alpha{a, ok}
}

// runs calls f(i, j) for each run units[i:j] of equal units.
func runs(units []int32, f func(i, j int)) {
	for i := 0; i < len(units); {
		j := i + 1
		for j < len(units) && units[j] == units[i] {
			j++
		}
		f(i, j)
		i = j
	}
}

// packing is what the one-pass subsets need of the columns: each value's
// number k in 0..7 (the value less lo).
type packing struct {
	lo int32
	k  []uint8
}

// packColumns returns the packing of values, or false when the one-pass
// form does not apply: units not ascending, a value that is not an integer
// (or NaN), more than eight numbers, or a unit of 256 ratings or more.
func packColumns(units []int32, values []float64) (packing, bool) {
	if len(values) == 0 || !ascending(units) {
		return packing{}, false
	}
	lo, hi := intRange(values)
	if int64(hi)-int64(lo) >= packedValues {
		return packing{}, false
	}
	p := packing{lo: lo, k: make([]uint8, len(values))}
	for i, v := range values {
		k := int32(v)
		if float64(k) != v || uint32(k-lo) >= packedValues {
			return packing{}, false
		}
		p.k[i] = uint8(k - lo)
	}
	big := false
	runs(units, func(i, j int) { big = big || j-i >= 256 })
	return p, !big
}

// subsetProfiles collects one subset's profiles in order of first
// appearance, with their multiplicities.
type subsetProfiles struct {
	t    packedTable // t.keys: the profiles' packed counts
	mult []float64
}

func newSubsetProfiles(slots int) subsetProfiles {
	s := subsetProfiles{t: packedTable{slots: make([]int32, slots)}}
	for i := range s.t.slots {
		s.t.slots[i] = -1
	}
	return s
}

// add counts one unit with the packed counts key.
func (s *subsetProfiles) add(key uint64) {
	p := s.t.find(key)
	if p < 0 {
		p = int32(len(s.mult))
		s.t.add(p, key)
		s.mult = append(s.mult, 0)
	}
	s.mult[p]++
}

// alpha is alpha at l of the subset whose rated numbers are seen (bit k
// for number k). Its Reliability is a fresh one, as FromColumns makes, on
// the arrays of ar, which one subset's alpha after another reuses.
func (s *subsetProfiles) alpha(lo int32, seen uint8, l Level, ar *subsetArena) Alpha {
	r := &Reliability{start: append(ar.start[:0], 0), val: ar.val[:0], cnt: ar.cnt[:0], m: ar.m[:0], mult: s.mult,
		values: ar.values[:0]}
	r.dNominal, r.dInterval, r.dRatio, r.sum1, r.sum2 = ar.dNominal, ar.dInterval, ar.dRatio, ar.sum1, ar.sum2
	for p, key := range s.t.keys {
		m := r.appendPacked(key)
		r.n += s.mult[p] * m
	}
	var raw [packedValues]float64
	var was [packedValues]bool
	for k := range raw {
		raw[k] = float64(lo) + float64(k)
		was[k] = seen>>k&1 != 0
	}
	r.rankValues(raw[:], was[:])
	r.precompute()
	V := len(r.values)
	ar.nc, ar.g = zeros(ar.nc, V), zeros(ar.g, V)
	sc := scratch{nc: ar.nc, g: ar.g}
	a, ok := r.alpha(l, r.mult, &sc)
	ar.start, ar.val, ar.cnt, ar.m, ar.values = r.start, r.val, r.cnt, r.m, r.values
	ar.dNominal, ar.dInterval, ar.dRatio, ar.sum1, ar.sum2 = r.dNominal, r.dInterval, r.dRatio, r.sum1, r.sum2
	return Alpha{a, ok}
}

// subsetArena holds the arrays of the subsets' Reliabilities, the last
// one's, for the next to reuse.
type subsetArena struct {
	start, val                              []int32
	cnt, m, values                          []float64
	dNominal, dInterval, dRatio, sum1, sum2 []float64
	nc, g                                   []float64
}

// appendPacked appends the profile with the packed counts key (one byte
// per number, ascending) and returns its number of ratings.
func (r *Reliability) appendPacked(key uint64) float64 {
	var m float64
	for k := range packedValues {
		if c := key >> (8 * k) & 0xff; c > 0 {
			r.val = append(r.val, int32(k))
			r.cnt = append(r.cnt, float64(c))
			m += float64(c)
		}
	}
	r.start = append(r.start, int32(len(r.val)))
	r.m = append(r.m, m)
	return m
}

// unitGroups holds, for the unit being read, each group's packed counts
// and number of ratings, and the groups present in it.
type unitGroups struct {
	key     []uint64
	m       []int
	present []int32
}

// read sets the groups' counts of the ratings i..j-1 of one unit and
// returns the unit's packed counts and its number of ratings.
func (u *unitGroups) read(pk packing, group []int32, i, j int) (uint64, int) {
	for _, g := range u.present {
		u.key[g], u.m[g] = 0, 0
	}
	u.present = u.present[:0]
	var key uint64
	for x := i; x < j; x++ {
		g, one := group[x], uint64(1)<<(8*pk.k[x])
		if u.m[g] == 0 {
			u.present = append(u.present, g)
		}
		u.key[g] += one
		u.m[g]++
		key += one
	}
	return key, j - i
}

// seenBy returns, for each group, the numbers it rated anywhere (bit k for
// number k).
func seenBy(pk packing, group []int32, groups int) []uint8 {
	seen := make([]uint8, groups)
	for i, k := range pk.k {
		seen[group[i]] |= 1 << k
	}
	return seen
}

// packedWithout is AlphasWithout in one pass for the groups rated, then
// with nothing left out, or nil when it does not apply.
func packedWithout(units []int32, values []float64, group []int32, rated []int32, l Level) []Alpha {
	pk, ok := packColumns(units, values)
	if !ok {
		return nil
	}
	groups := 0
	if len(rated) > 0 {
		groups = int(rated[len(rated)-1]) + 1
	}
	// A subset has at most one profile a unit: its profiles' keys and
	// multiplicities take their share of two arrays, which never grow.
	subs := make([]subsetProfiles, len(rated)+1)
	nu := 0
	runs(units, func(int, int) { nu++ })
	keys, mult := make([]uint64, len(subs)*nu), make([]float64, len(subs)*nu)
	for s := range subs {
		subs[s] = newSubsetProfiles(64)
		subs[s].t.keys = keys[s*nu : s*nu : (s+1)*nu]
		subs[s].mult = mult[s*nu : s*nu : (s+1)*nu]
	}
	u := unitGroups{key: make([]uint64, groups), m: make([]int, groups)}
	runs(units, func(i, j int) {
		key, m := u.read(pk, group, i, j)
		for s, g := range rated {
			if m-u.m[g] >= 2 {
				subs[s].add(key - u.key[g])
			}
		}
		if m >= 2 {
			subs[len(rated)].add(key)
		}
	})
	// A number is rated without g when some rating of it is not g's.
	var count [packedValues]int
	byGroup := make([]int, (groups+1)*packedValues) // the last: no group's
	for i, k := range pk.k {
		count[k]++
		byGroup[int(group[i])*packedValues+int(k)]++
	}
	out := make([]Alpha, len(subs))
	var ar subsetArena
	for s := range subs {
		g := groups
		if s < len(rated) {
			g = int(rated[s])
		}
		var seen uint8
		for k, c := range count {
			if c > byGroup[g*packedValues+k] {
				seen |= 1 << k
			}
		}
		out[s] = subs[s].alpha(pk.lo, seen, l, &ar)
	}
	return out
}

// packedPairs is PairAlphas in one pass, or nil when it does not apply
// (also when a group rates a unit twice). A pair's profile in a unit is
// then one rating of each group, so it is known by the two numbers rated
// (the lower x, the higher y: slot x*packedValues + y), and each pair's
// profiles are counted by slot, in the order they are first met, with no
// hashing.
func packedPairs(units []int32, values []float64, group []int32, groups int, l Level) []Alpha {
	pk, ok := packColumns(units, values)
	if !ok {
		return nil
	}
	type pairProfiles struct {
		slot [packedValues * packedValues]int32 // 1 + the profile's index; 0 before it is met
		keys []uint64                           // the profiles' packed counts
		mult []float64
	}
	at := make([]*pairProfiles, groups*groups) // a*groups+b -> the pair's profiles
	k := make([]uint8, groups)                 // the number each group rated in the unit
	rated := make([]int32, groups)             // 1 + the last unit each group rated
	var present []int32
	for i := 0; i < len(units); {
		j := i + 1
		for j < len(units) && units[j] == units[i] {
			j++
		}
		present = present[:0]
		for x := i; x < j; x++ {
			g := group[x]
			if rated[g] == units[i]+1 {
				return nil // g rates the unit twice: not this form
			}
			rated[g] = units[i] + 1
			k[g] = pk.k[x]
			present = append(present, g)
		}
		for x, a := range present {
			for _, b := range present[x+1:] {
				ab := int(min(a, b))*groups + int(max(a, b))
				p := at[ab]
				if p == nil {
					p = new(pairProfiles)
					at[ab] = p
				}
				lo, hi := min(k[a], k[b]), max(k[a], k[b])
				slot := &p.slot[int(lo)*packedValues+int(hi)]
				if *slot == 0 {
					p.keys = append(p.keys, 1<<(8*lo)+1<<(8*hi))
					p.mult = append(p.mult, 0)
					*slot = int32(len(p.keys))
				}
				p.mult[*slot-1]++
			}
		}
		i = j
	}
	seen := seenBy(pk, group, groups)
	out := make([]Alpha, groups*groups)
	var ar subsetArena
	for ab, p := range at {
		if p != nil {
			s := subsetProfiles{t: packedTable{keys: p.keys}, mult: p.mult}
			out[ab] = s.alpha(pk.lo, seen[ab/groups]|seen[ab%groups], l, &ar)
		}
	}
	return out
}
