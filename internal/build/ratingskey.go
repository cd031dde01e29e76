package build

import (
	"sync"

	"github.com/evalbook/evalbook/internal/fingerprint"
	"github.com/evalbook/evalbook/internal/project"
)

// ratingsKey fingerprints what the dimension units of trend, reliability
// and discrepancy read of a dimension's ratings: each rating's item,
// rater, iteration, value and label. It hashes the columns (ids and
// values) and the names of the ids used, not each rating's strings, so
// two ratings columns with the same key hold the same records. Columns
// that hold the same records interned in another order have other keys,
// which errs on the side of recomputing.
func ratingsKey(rs *project.Ratings) fingerprint.Sum {
	h := fingerprint.New("ratings key").Int(rs.Len())
	for _, col := range []struct {
		ids   []int32
		names *project.Intern
	}{{rs.Item, rs.Items}, {rs.Rater, rs.Raters}, {rs.Iteration, rs.Iterations}, {rs.Label, rs.Labels}} {
		idsKey(h, col.ids, col.names)
	}
	for _, v := range rs.Value {
		h.Float(v)
	}
	return h.Done()
}

// idsKey writes a column of ids, then the names of the ids it uses, in
// id order, each with its id: a table shared with other columns (and
// grown by them) adds nothing of theirs.
func idsKey(h *fingerprint.Hash, ids []int32, names *project.Intern) {
	if len(ids) == 0 {
		h.Int(0)
		return
	}
	used := make([]bool, names.Len())
	for _, id := range ids {
		h.Uint(uint64(uint32(id)))
		used[id] = true
	}
	for id, u := range used {
		if u {
			h.Int(id).String(names.Name(int32(id)))
		}
	}
	h.Int(-1)
}

// dimKeys holds the ratingsKey of each dimension of one project, made
// once, when a unit first asks for it (trend, reliability and
// discrepancy ask side by side): each of the three hashed the ratings of
// a changed dimension on its own, 110,000 ratings on the live corpus.
type dimKeys []func() fingerprint.Sum

// newDimKeys returns the keys of p's dimensions, none made yet.
func newDimKeys(p *project.Project) dimKeys {
	keys := make(dimKeys, len(p.Dimensions))
	for k := range p.Dimensions {
		keys[k] = sync.OnceValue(func() fingerprint.Sum { return ratingsKey(&p.Dimensions[k].Ratings) })
	}
	return keys
}

// unitSum is the fingerprint of an analysis unit (kind) of dimension k:
// rest, which covers everything the unit reads but the dimension's
// ratings (unitRest), and the ratings' key.
func (keys dimKeys) unitSum(kind string, rest fingerprint.Sum, k int) fingerprint.Sum {
	return fingerprint.New(kind).Sum(rest).Sum(keys[k]()).Done()
}
