package render

import (
	"cmp"
	"slices"
	"strings"

	"github.com/evalbook/evalbook/internal/project"
)

// itemView is an item with its page: its texts from items.jsonl (when it
// is there), its gold answers, and every rating and metric value of it.
type itemView struct {
	ID      string
	Path    string
	Item    *project.Item // nil for an item that only a disagreement names
	Gold    []itemGold
	Ratings []itemRating
	Values  []itemValue
	Slices  []sliceValue
}

// sliceValue is one slice of an item, such as language = de.
type sliceValue struct{ Name, Value string }

// itemGold is the known answer of an item on one dimension.
type itemGold struct {
	Dim   *dimView
	Value string
}

// itemRating is one rating of an item.
type itemRating struct {
	Iteration string
	Iter      *iterView // nil for no iteration or one outside the series
	Dim       *dimView
	Rater     string
	Value     string // as written in the input
	order     int    // the iteration's position in the series, for sorting
}

// itemValue is one metric value of an item.
type itemValue struct {
	Iteration string
	Iter      *iterView
	Metric    *metricView
	Slice     string
	Value     float64
	order     int
}

// buildItems makes a page for every item of items.jsonl and every item a
// disagreement list names, and gathers their ratings and metric values in
// one pass over each.
func (r *renderer) buildItems() {
	r.item = map[string]*itemView{}
	add := func(id string) *itemView {
		if v := r.item[id]; v != nil {
			return v
		}
		v := &itemView{ID: id, Path: "items/" + Slug(id) + ".html"}
		r.item[id] = v
		r.items = append(r.items, v)
		return v
	}
	for i := range r.p.Items {
		v := add(r.p.Items[i].ID)
		v.Item = &r.p.Items[i]
		v.Slices = sortedSlices(v.Item.Slices)
	}
	for _, d := range r.dims {
		if d.Rel != nil {
			for _, x := range d.Rel.Disagreements {
				add(x.Item)
			}
		}
	}
	slices.SortFunc(r.items, func(a, b *itemView) int { return strings.Compare(a.ID, b.ID) })
	r.gatherRatings()
	r.gatherValues()
}

// sortedSlices returns an item's slices sorted by name.
func sortedSlices(m map[string]string) []sliceValue {
	out := make([]sliceValue, 0, len(m))
	for k, v := range m {
		out = append(out, sliceValue{k, v})
	}
	slices.SortFunc(out, func(a, b sliceValue) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// iterOrder is the position of an iteration for sorting: its series order,
// -1 for none and len(series) for one outside the series.
func (r *renderer) iterOrder(id string) (*iterView, int) {
	if id == "" {
		return nil, -1
	}
	if it := r.iterBy[id]; it != nil {
		return it, it.Order
	}
	return nil, len(r.iters)
}

// gatherRatings files every rating and gold answer under its item's page,
// sorted by iteration, dimension and rater.
func (r *renderer) gatherRatings() {
	for i, d := range r.p.Dimensions {
		dv := r.dims[i]
		for _, rt := range d.Ratings {
			v := r.item[rt.Item]
			if v == nil {
				continue
			}
			it, order := r.iterOrder(rt.Iteration)
			v.Ratings = append(v.Ratings, itemRating{rt.Iteration, it, dv, rt.Rater, rt.Label, order})
		}
		for id, g := range d.Gold { // one answer per item: the order is the dimensions'
			if v := r.item[id]; v != nil {
				v.Gold = append(v.Gold, itemGold{dv, g})
			}
		}
	}
	for _, v := range r.items {
		slices.SortStableFunc(v.Ratings, func(a, b itemRating) int {
			return cmp.Or(cmp.Compare(a.order, b.order), strings.Compare(a.Iteration, b.Iteration),
				strings.Compare(a.Dim.Name, b.Dim.Name), strings.Compare(a.Rater, b.Rater))
		})
	}
}

// gatherValues files every metric value under its item's page, sorted by
// iteration and metric.
func (r *renderer) gatherValues() {
	for i, m := range r.p.Metrics {
		mv := r.metrics[i]
		for _, x := range m.Values {
			v := r.item[x.Item]
			if x.Item == "" || v == nil {
				continue
			}
			it, order := r.iterOrder(x.Iteration)
			v.Values = append(v.Values, itemValue{x.Iteration, it, mv, x.Slice, x.Value, order})
		}
	}
	for _, v := range r.items {
		slices.SortStableFunc(v.Values, func(a, b itemValue) int {
			return cmp.Or(cmp.Compare(a.order, b.order), strings.Compare(a.Iteration, b.Iteration),
				strings.Compare(a.Metric.Name, b.Metric.Name))
		})
	}
}

// itemsData is the data of the item index.
type itemsData struct {
	Items []itemRow
}

// itemRow is one item in the item index.
type itemRow struct {
	*itemView
	Input string // excerpt
}

// itemIndex builds items/index.html.
func (r *renderer) itemIndex(p string) (*page, error) {
	d := &itemsData{}
	for _, v := range r.items {
		row := itemRow{itemView: v}
		if v.Item != nil {
			row.Input = excerpt(v.Item.Input, excerptRunes)
		}
		d.Items = append(d.Items, row)
	}
	return r.newPage(p, "Items", "items", d), nil
}

// itemData is the data of an item's page.
type itemData struct {
	Item *itemView
}

// itemPage builds the page of one item.
func (r *renderer) itemPage(v *itemView) *page {
	return r.newPage(v.Path, "Item "+v.ID, "items", &itemData{v})
}
