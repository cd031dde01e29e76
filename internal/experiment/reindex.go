package experiment

import (
	"slices"

	"github.com/evalbook/evalbook/internal/project"
)

// A rebuild after new ratings of one dimension indexes every subject
// again, though only one changed: 0.06 s on the live corpus, and as much
// again to fingerprint their values (Plan.valueSums). NewPlanFrom takes
// from the last plan every subject made from the very same data array,
// with its values' fingerprints, while the index is as it was then at
// that subject: items are numbered on first use, subject after subject,
// and metrics set the items' slices, so a subject is the same only when
// every item it numbered got the same number and every slice it set was
// set the same way. A subject made anew that numbers and sets exactly
// what it did last time (new ratings of items already rated) leaves the
// index as it was, and the subjects after it are reused too.

// source is the data array a subject is made from: a metric's values or
// a dimension's ratings, with what else of it the subject reads. A zero
// source is never reused (an aggregated metric, a pairwise dimension).
type source struct {
	name    string
	dir     project.Direction
	values  project.Values
	ratings project.Ratings
	ok      bool
}

// metricSource is the source of metric m's subject.
func metricSource(m *project.Metric) source {
	return source{name: m.Name, dir: m.Direction, values: m.Values, ok: m.Values.Len() > 0}
}

// dimensionSource is the source of dimension d's subject.
func dimensionSource(d *project.Dimension) source {
	return source{name: "dimension " + d.Name, ratings: d.Ratings, ok: d.Ratings.Len() > 0}
}

// same reports whether s and o are the same data array (never changed
// once loaded) with the same name and direction.
func (s *source) same(o *source) bool {
	return s.ok && o.ok && s.name == o.name && s.dir == o.dir &&
		s.values.Same(&o.values) && s.ratings.Same(&o.ratings)
}

// made is how one subject of an index was made: its source, the items it
// numbered (index.items[from:to]) and the items whose slices it set
// (index.sliced[slicedFrom:slicedTo]).
type made struct {
	src                  source
	from, to             int
	slicedFrom, slicedTo int
	reused               bool // taken from the last index
}

// reindex adds the subjects of one index, taking them from the last index
// while it can.
type reindex struct {
	x, last *index
	// inStep says that x is, so far, exactly as last was at the same
	// subject: the same items numbered, the same slices set.
	inStep bool
}

// newReindex returns a reindex of x from last (nil: none, nothing reused).
func newReindex(x, last *index) *reindex {
	return &reindex{x: x, last: last, inStep: last != nil && maps2Equal(x.iterID, last.iterID)}
}

// maps2Equal reports whether two iteration numberings are equal.
func maps2Equal(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// add adds the next subject: the last index's when it was made from the
// same source and the index is in step, else make's.
func (r *reindex) add(src source, make func() *subject) {
	x, n := r.x, len(r.x.subjects)
	m := made{src: src, from: len(x.items), slicedFrom: len(x.sliced)}
	var old *made
	if r.inStep && n < len(r.last.made) {
		old = &r.last.made[n]
	}
	if old != nil && src.same(&old.src) {
		r.replay(old)
		x.subjects = append(x.subjects, r.last.subjects[n])
		m.reused = true
	} else {
		x.subjects = append(x.subjects, make())
	}
	m.to, m.slicedTo = len(x.items), len(x.sliced)
	x.made = append(x.made, m)
	r.inStep = old != nil && r.sameEffect(&m, old)
}

// replay numbers the items old numbered and sets the slices it set, as
// making its subject again would.
func (r *reindex) replay(old *made) {
	x, last := r.x, r.last
	for _, id := range last.items[old.from:old.to] {
		x.item(id)
	}
	for _, it := range last.sliced[old.slicedFrom:old.slicedTo] {
		x.itemSlice[it] = last.itemSlice[it]
		x.sliced = append(x.sliced, it)
	}
}

// sameEffect reports whether the subject just made (m) numbered the same
// items and set the same slices as old did in the last index.
func (r *reindex) sameEffect(m, old *made) bool {
	x, last := r.x, r.last
	return m.from == old.from && m.to == old.to && m.slicedFrom == old.slicedFrom && m.slicedTo == old.slicedTo &&
		slices.Equal(x.items[m.from:m.to], last.items[old.from:old.to]) &&
		slices.Equal(x.sliced[m.slicedFrom:m.slicedTo], last.sliced[old.slicedFrom:old.slicedTo]) &&
		sameSlices(x, last, x.sliced[m.slicedFrom:m.slicedTo])
}

// sameSlices reports whether the items its have the same slice in x and
// last.
func sameSlices(x, last *index, its []int32) bool {
	for _, it := range its {
		if x.itemSlice[it] != last.itemSlice[it] {
			return false
		}
	}
	return true
}
