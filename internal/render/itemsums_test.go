package render

import (
	"maps"
	"slices"
	"testing"

	"github.com/evalbook/evalbook/internal/discrepancy"
	"github.com/evalbook/evalbook/internal/fingerprint"
	"github.com/evalbook/evalbook/internal/project"
)

// TestItemDataSumsKept checks that the ItemData fingerprints and counts of
// a render made with the last render's sums are those of a render made
// without: after edits of one rating, one value, a rating added to an
// item, a rating removed, and with the disagreement lists recomputed
// after each, so that items move in them.
func TestItemDataSumsKept(t *testing.T) {
	edits := []struct {
		name string
		edit func(p *project.Project)
	}{
		{"nothing", func(*project.Project) {}},
		{"one rating", func(p *project.Project) {
			rs := p.Dimensions[0].Ratings.Slice()
			rs[0].Value++
			p.Dimensions[0].Ratings = project.RatingsOf(rs)
		}},
		{"one value", func(p *project.Project) {
			vs := p.Metrics[0].Values.Rows()
			vs[len(vs)-1].Value += 0.5
			p.Metrics[0].Values = project.ValuesOf(vs)
		}},
		{"a rating added", func(p *project.Project) {
			rs := p.Dimensions[len(p.Dimensions)-1].Ratings.Slice()
			r := rs[0]
			r.Rater = "late"
			p.Dimensions[len(p.Dimensions)-1].Ratings = project.RatingsOf(append(rs, r))
		}},
		{"a rating removed", func(p *project.Project) {
			rs := p.Dimensions[0].Ratings.Slice()
			p.Dimensions[0].Ratings = project.RatingsOf(rs[1:])
		}},
	}
	sums := func(in Input, last *dataSums) (*inputSums, *renderer) {
		r, err := newRenderer(in)
		if err != nil {
			t.Fatal(err)
		}
		return newInputSums(r, in, fingerprint.Sum{}, last, true), r
	}
	first, _ := sums(testInput(), nil)
	last := first.data
	for _, e := range edits {
		in := testInput()
		p := *in.Project
		p.Metrics, p.Dimensions = slices.Clone(p.Metrics), slices.Clone(p.Dimensions)
		e.edit(&p)
		in.Project = &p
		in.Discrepancy = discrepancy.Analyse(&p, testDiscOptions())
		kept, rk := sums(in, &last)
		clean, rc := sums(in, nil)
		if !maps.Equal(kept.itemData, clean.itemData) {
			for id, s := range clean.itemData {
				if kept.itemData[id] != s {
					t.Errorf("%s: item %s: ItemData differs from a render without the last sums", e.name, id)
				}
			}
		}
		for n, v := range rc.items {
			if w := rk.items[n]; w.ID != v.ID || w.NValues != v.NValues || w.NRatings != v.NRatings {
				t.Errorf("%s: item %s: counts %d, %d; want %d, %d", e.name, v.ID, w.NValues, w.NRatings, v.NValues, v.NRatings)
			}
		}
		last = kept.data
	}
}
