package render

import (
	"cmp"
	"html/template"
	"slices"
	"strings"

	"github.com/evalbook/evalbook/internal/project"
)

// itemView is an item with its page: its texts from items.jsonl (when it
// is there), its gold answers, and every rating and metric value of it,
// one row per iteration.
type itemView struct {
	ID       string
	Path     string
	Item     *project.Item // nil for an item that only a disagreement names
	Gold     []itemGold
	Rows     []itemRow // by iteration, in series order; ratings without an iteration first
	NRatings int
	NValues  int
	Slices   []sliceValue
	// Discrepancies are the disagreement lists of metrics and ratings the
	// item appears in, in the order of the report.
	Discrepancies []itemDisRef
}

// sliceValue is one slice of an item, such as language = de.
type sliceValue struct{ Name, Value string }

// itemGold is the known answer of an item on one dimension.
type itemGold struct {
	Dim   *dimView
	Value string
}

// itemRow is one iteration of an item: its value of every metric and its
// ratings on every dimension, formatted, in the order of the site's metrics
// and dimensions ("" where there is none). A table of these stays small
// however many iterations, metrics and raters a project has.
type itemRow struct {
	Iteration string
	Iter      *iterView // nil for no iteration or one outside the series
	Metrics   []string
	Ratings   []string // "ann 4 · bob 5", raters sorted
	order     int
}

// Cells returns the row's table cells, the metrics' values and then the
// ratings, escaped. An item page has a row per iteration and a cell per
// metric and dimension, thousands on a long series; written here they cost
// a fraction of a template action each.
func (x itemRow) Cells() template.HTML {
	var b strings.Builder
	for _, v := range x.Metrics {
		b.WriteString(`<td class="num">`)
		b.WriteString(template.HTMLEscapeString(v))
		b.WriteString("</td>")
	}
	for _, v := range x.Ratings {
		b.WriteString("<td>")
		b.WriteString(template.HTMLEscapeString(v))
		b.WriteString("</td>")
	}
	return template.HTML(b.String())
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
	for _, id := range discItems(r.discRep) {
		add(id)
	}
	slices.SortFunc(r.items, func(a, b *itemView) int { return strings.Compare(a.ID, b.ID) })
	r.gatherRows()
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

// row returns v's row for an iteration, creating it.
func (r *renderer) row(v *itemView, rows map[*itemView]map[string]*itemRow, iteration string) *itemRow {
	byIter := rows[v]
	if byIter == nil {
		byIter = map[string]*itemRow{}
		rows[v] = byIter
	}
	if x := byIter[iteration]; x != nil {
		return x
	}
	it, order := r.iterOrder(iteration)
	x := &itemRow{Iteration: iteration, Iter: it, order: order,
		Metrics: make([]string, len(r.itemMetrics)), Ratings: make([]string, len(r.dims))}
	byIter[iteration] = x
	return x
}

// gatherRows files every metric value, rating and gold answer under its
// item's page, one row per iteration, in one pass over the data.
func (r *renderer) gatherRows() {
	r.itemColumns()
	rows := map[*itemView]map[string]*itemRow{}
	for i, m := range r.p.Metrics {
		unit, col := r.metrics[i].Unit, r.itemColumn[i]
		for _, x := range m.Values {
			if v := r.item[x.Item]; x.Item != "" && v != nil {
				r.row(v, rows, x.Iteration).Metrics[col] = formatNum(x.Value, unit)
				v.NValues++
			}
		}
	}
	for i, d := range r.p.Dimensions {
		byCell := map[*itemRow][]string{}
		var cells []*itemRow
		for _, rt := range d.Ratings {
			v := r.item[rt.Item]
			if v == nil {
				continue
			}
			x := r.row(v, rows, rt.Iteration)
			if byCell[x] == nil {
				cells = append(cells, x)
			}
			byCell[x] = append(byCell[x], rt.Rater+" "+rt.Label)
			v.NRatings++
		}
		for _, x := range cells {
			rs := byCell[x]
			slices.Sort(rs)
			x.Ratings[i] = strings.Join(rs, " · ")
		}
		for id, g := range d.Gold { // one answer per item: the order is the dimensions'
			if v := r.item[id]; v != nil {
				v.Gold = append(v.Gold, itemGold{r.dims[i], g})
			}
		}
	}
	for v, byIter := range rows {
		for _, x := range byIter {
			v.Rows = append(v.Rows, *x)
		}
		slices.SortFunc(v.Rows, func(a, b itemRow) int {
			return cmp.Or(cmp.Compare(a.order, b.order), strings.Compare(a.Iteration, b.Iteration))
		})
	}
}

// itemColumns picks the metrics with per-item values as the columns of
// the item tables.
func (r *renderer) itemColumns() {
	r.itemColumn = make([]int, len(r.p.Metrics))
	for i, m := range r.p.Metrics {
		r.itemColumn[i] = -1
		if slices.ContainsFunc(m.Values, func(x project.MetricValue) bool { return x.Item != "" }) {
			r.itemColumn[i] = len(r.itemMetrics)
			r.itemMetrics = append(r.itemMetrics, r.metrics[i])
		}
	}
}

// itemsData is the data of the item index.
type itemsData struct {
	Items []itemIndexRow
}

// itemIndexRow is one item in the item index.
type itemIndexRow struct {
	*itemView
	Input string // excerpt
}

// itemIndex builds items/index.html.
func (r *renderer) itemIndex(p string) (*page, error) {
	d := &itemsData{}
	for _, v := range r.items {
		row := itemIndexRow{itemView: v}
		if v.Item != nil {
			row.Input = excerpt(v.Item.Input, excerptRunes)
		}
		d.Items = append(d.Items, row)
	}
	return r.newPage(p, "Items", "items", d), nil
}

// itemData is the data of an item's page.
type itemData struct {
	Item    *itemView
	Metrics []*metricView // the columns of the item's table
	Dims    []*dimView
}

// itemPage builds the page of one item.
func (r *renderer) itemPage(v *itemView) *page {
	return r.newPage(v.Path, "Item "+v.ID, "items", &itemData{v, r.itemMetrics, r.dims})
}
