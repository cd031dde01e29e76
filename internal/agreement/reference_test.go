package agreement

import (
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// referenceNew is New as it was before FromColumns: a map from each value
// to its index, a counting sort of the ratings by unit, and a map from each
// unit's run-length encoded values to its profile. FromColumns must build
// exactly the same Reliability.
// referenceNew computes the coincidence data of ratings. Ratings with a NaN value
// are ignored; units with fewer than two remaining ratings are not pairable
// and drop out. Units are indexes, not necessarily dense (see groupByUnit);
// New panics on a negative unit.
func referenceNew(ratings []Rating) *Reliability {
	r := &Reliability{start: []int32{0}}
	vidx := r.refIndexValues(ratings)
	off, slots := refGroupByUnit(ratings, vidx)
	profiles := make(map[string]int32)
	var key []byte
	for u := 0; u+1 < len(off); u++ {
		unit := slots[off[u]:off[u+1]]
		if len(unit) < 2 {
			continue
		}
		slices.Sort(unit)
		key = refProfileKey(key[:0], unit)
		p, ok := profiles[string(key)]
		if !ok {
			p = r.refAddProfile(unit)
			profiles[string(key)] = p
		}
		r.mult[p]++
		r.unitProfile = append(r.unitProfile, p)
		r.n += float64(len(unit))
	}
	r.precompute()
	return r
}

// indexValues sets r.values to the distinct non-NaN values, ascending, and
// returns the index of each rating's value in it, -1 for NaN.
func (r *Reliability) refIndexValues(ratings []Rating) []int32 {
	ids := make(map[float64]int32)
	vidx := make([]int32, len(ratings))
	for i, x := range ratings {
		if math.IsNaN(x.Value) {
			vidx[i] = -1
			continue
		}
		id, ok := ids[x.Value]
		if !ok {
			id = int32(len(r.values))
			ids[x.Value] = id
			r.values = append(r.values, x.Value)
		}
		vidx[i] = id
	}
	order := make([]int32, len(r.values)) // order[k]: first-seen id of the k-th smallest value
	for k := range order {
		order[k] = int32(k)
	}
	slices.SortFunc(order, func(a, b int32) int { return cmpFloat(r.values[a], r.values[b]) })
	rank := make([]int32, len(order))
	sorted := make([]float64, len(order))
	for k, id := range order {
		rank[id] = int32(k)
		sorted[k] = r.values[id]
	}
	r.values = sorted
	for i, id := range vidx {
		if id >= 0 {
			vidx[i] = rank[id]
		}
	}
	if len(sorted) > 0 {
		r.centre = sorted[0]/2 + sorted[len(sorted)-1]/2
	}
	return vidx
}

// groupByUnit sorts the value indexes of the rated (non-NaN) ratings by
// unit with a counting sort, keeping the units in index order: the u-th
// rated unit has the values slots[off[u]:off[u+1]]. When the unit indexes
// are spread much wider than there are ratings (one iteration's units in a
// numbering of all iterations'), they are first ranked among themselves, so
// a subset costs what the subset does.
func refGroupByUnit(ratings []Rating, vidx []int32) (off []int32, slots []int32) {
	hi := -1
	for i, x := range ratings {
		if x.Unit < 0 {
			panic("agreement: negative unit index")
		}
		if vidx[i] >= 0 {
			hi = max(hi, x.Unit)
		}
	}
	index := func(u int) int { return u }
	units := hi + 1
	if units > 2*len(ratings)+64 {
		ids := make([]int, 0, len(ratings))
		for i, x := range ratings {
			if vidx[i] >= 0 {
				ids = append(ids, x.Unit)
			}
		}
		slices.Sort(ids)
		ids = slices.Compact(ids)
		units = len(ids)
		index = func(u int) int { k, _ := slices.BinarySearch(ids, u); return k }
	}
	dense := make([]int32, len(ratings))
	off = make([]int32, units+1)
	for i, x := range ratings {
		if vidx[i] >= 0 {
			dense[i] = int32(index(x.Unit))
			off[dense[i]+1]++
		}
	}
	for u := range units {
		off[u+1] += off[u]
	}
	slots = make([]int32, off[units])
	next := slices.Clone(off[:units])
	for i := range ratings {
		if vidx[i] >= 0 {
			slots[next[dense[i]]] = vidx[i]
			next[dense[i]]++
		}
	}
	return off, slots
}

// profileKey appends to key the run-length encoding of the sorted value
// indexes of one unit: (value, count) pairs as little-endian 32-bit words.
func refProfileKey(key []byte, unit []int32) []byte {
	for i := 0; i < len(unit); {
		j := i + 1
		for j < len(unit) && unit[j] == unit[i] {
			j++
		}
		key = refAppendWord(key, uint32(unit[i]))
		key = refAppendWord(key, uint32(j-i))
		i = j
	}
	return key
}

func refAppendWord(b []byte, w uint32) []byte {
	return append(b, byte(w), byte(w>>8), byte(w>>16), byte(w>>24))
}

// addProfile stores the value counts of one unit (value indexes sorted) as
// a new profile and returns its index.
func (r *Reliability) refAddProfile(unit []int32) int32 {
	for i := 0; i < len(unit); {
		j := i + 1
		for j < len(unit) && unit[j] == unit[i] {
			j++
		}
		r.val = append(r.val, unit[i])
		r.cnt = append(r.cnt, float64(j-i))
		i = j
	}
	r.start = append(r.start, int32(len(r.val)))
	r.m = append(r.m, float64(len(unit)))
	r.mult = append(r.mult, 0)
	return int32(len(r.m) - 1)
}

// spreadBeyond moves the units past the int32 range, keeping their order.
func spreadBeyond(rs []Rating) []Rating {
	out := slices.Clone(rs)
	for i := range out {
		out[i].Unit = 1<<40 + 3*out[i].Unit
	}
	return out
}

// columns splits ratings into FromColumns' unit and value columns.
func columns(rs []Rating) ([]int32, []float64) {
	units, values := make([]int32, len(rs)), make([]float64, len(rs))
	for i, x := range rs {
		units[i], values[i] = int32(x.Unit), x.Value
	}
	return units, values
}

// labelCodes returns values as int32 label codes, false if one is not an
// int32.
func labelCodes(values []float64) ([]int32, bool) {
	labels := make([]int32, len(values))
	for i, v := range values {
		if float64(int32(v)) != v {
			return nil, false
		}
		labels[i] = int32(v)
	}
	return labels, true
}

// TestFromColumnsMatchesReference: FromColumns and New build the same
// Reliability, field for field, as the map-based reference does, on Likert,
// binary, continuous and label-coded data, with missing ratings, units in
// any order and spread wide, wide integer ranges, big units, and no data;
// and FromLabels does on the data whose values are int32 codes.
func TestFromColumnsMatchesReference(t *testing.T) {
	shuffled := func(rs []Rating) []Rating {
		rs = slices.Clone(rs)
		rand.New(rand.NewPCG(5, 5)).Shuffle(len(rs), func(i, j int) { rs[i], rs[j] = rs[j], rs[i] })
		return rs
	}
	spread := func(rs []Rating) []Rating {
		out := slices.Clone(rs)
		for i := range out {
			out[i].Unit = 7 + 100003*out[i].Unit
		}
		return out
	}
	withNaN := func(rs []Rating) []Rating {
		out := slices.Clone(rs)
		for i := range out {
			if i%7 == 3 {
				out[i].Value = nan
			}
		}
		return out
	}
	wide := func(rng *rand.Rand) float64 { return float64(rng.IntN(3) * 1_000_000_007) }
	negative := func(rng *rand.Rand) float64 { return float64(rng.IntN(9) - 4) }
	cases := []struct {
		name string
		rs   []Rating
	}{
		{"likert", randomRatings(1, 300, 6, 0.2, likert)},
		{"likert shuffled", shuffled(randomRatings(2, 300, 6, 0.2, likert))},
		{"likert spread", spread(randomRatings(3, 100, 4, 0.1, likert))},
		{"likert NaN", withNaN(randomRatings(4, 100, 5, 0, likert))},
		{"continuous", randomRatings(5, 200, 4, 0.3, continuous)},
		{"continuous shuffled", shuffled(randomRatings(6, 200, 3, 0, continuous))},
		{"binary", randomRatings(7, 100, 3, 0.1, func(r *rand.Rand) float64 { return float64(r.IntN(2)) })},
		{"wide integers", randomRatings(8, 50, 3, 0, wide)},
		{"negative integers", randomRatings(9, 80, 4, 0.2, negative)},
		{"Krippendorff 2011", matrixRatings(krippendorff2011)},
		{"units beyond int32", spreadBeyond(randomRatings(10, 60, 3, 0.2, likert))},
		{"a unit of 300 ratings", append(randomRatings(11, 300, 1, 0, likert), randomRatings(12, 1, 300, 0, likert)...)},
		{"one fraction among integers", append(randomRatings(13, 40, 3, 0, likert), Rating{40, 0, 2.5}, Rating{40, 1, 3})},
		{"eight labels", randomRatings(14, 200, 4, 0.1, func(r *rand.Rand) float64 { return float64(r.IntN(8)) })},
		{"nine labels", randomRatings(15, 200, 4, 0.1, func(r *rand.Rand) float64 { return float64(r.IntN(9)) })},
		{"singletons", []Rating{{0, 0, 1}, {1, 0, 2}, {2, 1, 3}}},
		{"all missing", []Rating{{0, 0, nan}, {0, 1, nan}}},
		{"empty", nil},
	}
	for _, tt := range cases {
		want := referenceNew(tt.rs)
		if got := New(tt.rs); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: New differs from the reference:\n got %+v\nwant %+v", tt.name, got, want)
		}
		if tt.name == "units beyond int32" {
			continue // not representable as int32 columns
		}
		units, values := columns(tt.rs)
		if got := FromColumns(units, values); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: FromColumns differs from the reference:\n got %+v\nwant %+v", tt.name, got, want)
		}
		if labels, ok := labelCodes(values); ok {
			if got := FromLabels(units, labels); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: FromLabels differs from the reference:\n got %+v\nwant %+v", tt.name, got, want)
			}
		}
	}
}

func TestFromColumnsPanics(t *testing.T) {
	t.Run("labels", func(t *testing.T) {
		defer func() {
			if recover() == nil {
				t.Error("FromLabels took columns of different lengths")
			}
		}()
		FromLabels([]int32{0, 1}, []int32{1})
	})
	for _, tt := range []struct {
		name   string
		units  []int32
		values []float64
	}{
		{"negative unit first", []int32{-1, 0}, []float64{1, 2}},
		{"negative unit later", []int32{3, -1}, []float64{1, 2}},
		{"lengths differ", []int32{0, 0}, []float64{1}},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: FromColumns did not panic", tt.name)
				}
			}()
			FromColumns(tt.units, tt.values)
		}()
	}
}
