package render

import (
	"cmp"
	"fmt"
	"html/template"
	"io/fs"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/discrepancy"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/reliability"
	"github.com/evalbook/evalbook/internal/route"
	"github.com/evalbook/evalbook/internal/textdiff"
)

// itemView is an item with its page: its texts from items.jsonl (when it
// is there), its gold answers, its metric values (one row per iteration)
// and its ratings (a grid of raters by iterations per dimension).
type itemView struct {
	ID   string
	Path string
	Item *project.Item // nil for an item that only a disagreement names
	// Outputs are the item's per-iteration outputs with their diffs (see
	// outputViews), in series order.
	Outputs  []outputView
	Gold     []itemGold
	Rows     []itemRow    // metric values by iteration, in series order; values without an iteration first
	Grids    []ratingGrid // one per dimension that has ratings of the item, in the site's order
	NRatings int
	NValues  int
	Slices   []sliceValue
	// Discrepancies are the disagreement lists of metrics and ratings the
	// item appears in, in the order of the report.
	Discrepancies []itemDisRef
}

// HasComments reports whether a rating of the item has a comment.
func (v *itemView) HasComments() bool {
	for _, g := range v.Grids {
		if len(g.Comments) > 0 {
			return true
		}
	}
	return false
}

// sliceValue is one slice of an item, such as language = de.
type sliceValue struct{ Name, Value string }

// itemGold is the known answer of an item on one dimension.
type itemGold struct {
	Dim   *dimView
	Value string
}

// itemRow is one iteration of an item: its value of every metric, in the
// order of the site's metrics (blank where there is none). A table of
// these stays small however many iterations and metrics a project has.
type itemRow struct {
	Iteration string
	Iter      *iterView // nil for no iteration or one outside the series
	th        string    // the row's start on a page at "../" (rowKey.th), "" to write it
	// values are the row's figures by column, set says which the item
	// has, and units are the columns' units as a cell writes them after
	// its figure (unitsHTML).
	values []float64
	set    []bool
	units  []string
}

// Cells returns the row's table cells, the metrics' values, escaped. An
// item page has a row per iteration and a cell per metric, thousands on a
// long series; written here they cost a fraction of a template action
// each.
func (x itemRow) Cells() template.HTML {
	var b pageBuf
	x.writeCells(&b)
	return template.HTML(b.String())
}

// writeCells writes Cells' HTML to b: each figure as formatNum writes it
// with its column's unit, escaped, formatted into b without a string of
// its own.
func (x *itemRow) writeCells(b *pageBuf) {
	var num [32]byte
	for j, v := range x.values {
		b.WriteString(`<td class="num">`)
		switch {
		case !x.set[j]:
		case math.IsNaN(v) || math.IsInf(v, 0):
			b.WriteString(na)
		default:
			b.Write(appendFloat(num[:0], v))
			b.WriteString(x.units[j])
		}
		b.WriteString("</td>")
	}
}

// unitsHTML returns what an item table's cell writes after a figure of
// each of metrics: its unit as withUnit appends it, escaped.
func unitsHTML(metrics []*metricView) []string {
	out := make([]string, len(metrics))
	for i, m := range metrics {
		out[i] = template.HTMLEscapeString(withUnit("", m.Unit))
	}
	return out
}

// ratingGrid is an item's ratings on one dimension: a row per rater, a
// column per iteration, and the consensus of each column.
type ratingGrid struct {
	Dim       *dimView
	Anchor    string      // the grid's id on the item page: "ratings-" and the dimension's slug
	Cols      []gridCol   // in series order; ratings without an iteration first
	Raters    []gridRater // sorted by name
	Consensus []string    // one per column: the consensus, "tie" or ""
	Rule      string      // how the consensus combines the ratings: "mean", "median" or "majority"
	// Comments are the raters' comments on their ratings of the grid,
	// numbered from 1 in the order of the rows, then the columns; a cell
	// links to its comments by number.
	Comments []gridComment
	// HTML is the grid as the default item page shows it (fragment), from
	// the heading to the comments, with a newline before.
	HTML template.HTML
}

// fragment writes the grid as pages/item.html wrote it from the grid's
// fields, for a page whose root (the path to the site from it) is root:
// an item page has a grid per dimension rated and a cell per rater and
// iteration, tens of thousands of template actions on a page otherwise.
func (g *ratingGrid) fragment(root string) template.HTML {
	var b pageBuf
	b.WriteString("\n<h3 id=\"")
	escText(&b, g.Anchor)
	b.WriteString("\"><a href=\"")
	escRel(&b, root, g.Dim.Path)
	b.WriteString("\">")
	writeGridTop(&b, g.Dim.Label)
	for _, c := range g.Cols {
		writeGridCol(&b, c, root)
	}
	b.WriteString("</tr></thead>\n<tbody>")
	for _, rt := range g.Raters {
		b.WriteString("\n<tr><th scope=\"row\"><a href=\"")
		escRel(&b, root, rt.Link)
		b.WriteString("\">")
		escText(&b, rt.Name)
		b.WriteString("</a></th>")
		rt.writeRow(&b)
		b.WriteString("</tr>")
	}
	writeConsensus(&b, g.Rule, g.Consensus)
	if len(g.Comments) > 0 {
		b.WriteString("\n<ol class=\"comments\">")
		for _, c := range g.Comments {
			b.WriteString("\n<li id=\"")
			escText(&b, c.ID)
			b.WriteString("\" value=\"")
			b.WriteString(strconv.Itoa(c.N))
			b.WriteString("\"><span class=\"muted\">")
			escText(&b, c.Rater)
			if c.Iteration != "" {
				b.WriteString(", ")
				escText(&b, c.Iteration)
			}
			b.WriteString(":</span> <span class=\"comment\">")
			escText(&b, c.Text)
			b.WriteString("</span></li>")
		}
		b.WriteString("\n</ol>")
	}
	return template.HTML(b.String())
}

// writeGridTop writes the end of a grid's heading, its dimension's label
// and the closing tags, and the opening of its table up to the first
// column's head. The scroll box has the attributes scrollRegions would
// give it, named by that heading (gridBoxOpen).
func writeGridTop(b *pageBuf, label string) {
	var l pageBuf
	escText(&l, label)
	b.WriteString(l.String())
	b.WriteString("</a></h3>\n")
	b.WriteString(gridBoxOpen(l.String()))
	b.WriteString("\n<table class=\"rating-grid\">\n<thead><tr><th scope=\"col\">Rater</th>")
}

// writeGridCol writes the head of a grid's column c.
func writeGridCol(b *pageBuf, c gridCol, root string) {
	b.WriteString(`<th scope="col">`)
	switch {
	case c.Iter != nil:
		b.WriteString(`<a href="`)
		escRel(b, root, c.Iter.Path)
		b.WriteString(`">`)
		escText(b, c.Iter.ID)
		b.WriteString("</a>")
	case c.ID != "":
		escText(b, c.ID)
	default:
		b.WriteString("(no iteration)")
	}
	b.WriteString("</th>")
}

// writeConsensus writes the end of a grid's body and its footer, the
// consensus of each column by rule, and closes the table.
func writeConsensus(b *pageBuf, rule string, cons []string) {
	b.WriteString("\n</tbody>\n<tfoot><tr class=\"consensus\"><th scope=\"row\">Consensus <span class=\"muted small\">")
	escText(b, rule)
	b.WriteString("</span></th>")
	for _, c := range cons {
		b.WriteString("<td>")
		escText(b, c)
		b.WriteString("</td>")
	}
	b.WriteString(gridEnd)
}

// gridEnd ends a grid's HTML: the end of its footer, gridFoot, then
// gridTail, the end of its table and its scroll box.
const (
	gridEnd  = gridFoot + gridTail
	gridFoot = "</tr></tfoot>"
	gridTail = "\n</table>\n</div>"
)

// relTo is page.Rel for a page whose root is root.
func relTo(root, p string) string {
	if p == "" || strings.Contains(p, "://") {
		return p
	}
	return root + p
}

// gridComment is one rater's comment beside a rating of a grid.
type gridComment struct {
	N         int
	ID        string // the comment's id on the page: the grid's anchor, "-c" and N
	Rater     string
	Iteration string
	Text      string
}

// gridCol is one iteration of a rating grid.
type gridCol struct {
	ID    string    // "" for ratings that name no iteration
	Iter  *iterView // nil for no iteration or one outside the series
	order int
	id    int32 // in the ratings' Iterations
}

// gridRater is one rater's row of a rating grid.
type gridRater struct {
	Name string
	// Link is the site path of the rater's figures: their row of the
	// dimension page's rater table (raterAnchor), or the dimension page
	// when it has no row for them.
	Link  string
	Cells []string // one per column: the ratings as written, ", " between several
	Notes [][]int  // one per column: the numbers of the cell's comments
	grid  string   // the grid's anchor, for the comments' ids
}

// Row returns the rater's cells, escaped, for the same reason as
// itemRow.Cells; a cell with comments links to each.
func (x gridRater) Row() template.HTML {
	var b pageBuf
	x.writeRow(&b)
	return template.HTML(b.String())
}

// writeRow writes the rater's cells to b (Row).
func (x *gridRater) writeRow(b *pageBuf) {
	for j, v := range x.Cells {
		if v == "" {
			b.WriteString(`<td class="empty"></td>`)
			continue
		}
		b.WriteString("<td>")
		b.WriteString(template.HTMLEscapeString(v))
		if j >= len(x.Notes) {
			b.WriteString("</td>")
			continue
		}
		for _, n := range x.Notes[j] {
			id := x.grid + "-c" + strconv.Itoa(n)
			fmt.Fprintf(b, ` <a class="cmark" href="#%s" aria-label="comment %d">%d</a>`, template.HTMLEscapeString(id), n, n)
		}
		b.WriteString("</td>")
	}
}

// raterAnchor is the id of a rater's row in a dimension page's rater
// table, which item pages link to.
func raterAnchor(rater string) string { return "rater-" + Slug(rater) }

// itemSite is the item pages' views, with what building their rows and
// grids reads.
type itemSite struct {
	items []*itemView          // item pages, sorted by ID
	item  map[string]*itemView // by item ID
	// itemMetrics are the metrics with per-item values, the columns of the
	// item pages' tables (a metric measured per iteration has no column);
	// itemColumn maps a metric's index in p.Metrics to its column, or -1.
	itemMetrics []*metricView
	itemColumn  []int
	// rowKeys are the rows an item's table of metric values can have, one
	// per iteration that a metric with a column has values in, in the
	// table's order (rowOrder); slots maps, per metric as metricData, the
	// metric's iteration ids to their row in rowKeys (-1 for a metric
	// without a column), so that an item's values find their row by an
	// index. units are the columns' units (unitsHTML) and rowsHead the
	// table's head on an item page (root "../"), written once.
	rowKeys  []rowKey
	slots    [][]int32
	units    []string
	rowsHead string
	// at finds each item's values and ratings in the data columns
	// (indexData), made the first time an item page needs it: a render
	// that redoes no item page never walks the data for them.
	indexed sync.Once
	at      dataIndex
	// counts counts every view's values and ratings for the item index
	// (countAll), once, unless counted says the counts are set already
	// (by itemDataSums).
	counts  sync.Once
	counted bool
	// gridsApart says the item page is the default one, which shows a
	// grid's HTML alone (gridsApart, found by index).
	gridsApart bool
	in         itemInputs
	// last is set by a cached render while it renders pages: grids of
	// its item pages are copied from their last bytes (lastGrid).
	last *lastGrids
}

// itemInputs is what the item views read: the data (metric values,
// ratings and gold answers), the consensus rules, the project's shape and
// the iteration, metric and dimension views.
type itemInputs struct {
	metricData []project.Metric
	dimData    []project.Dimension
	cfg        *config.Config
	unordered  bool
	iters      []*iterView
	iterBy     iterIndex
	metrics    []*metricView // as metricData
	dims       []*dimView    // as dimData
	templates  fs.FS         // the templates, which decide how grids are made (gridsApart)
}

// newItemSite makes a page for every item of ids (route.Site.Items: every
// item of items.jsonl and every item a disagreement list names) with the
// texts and outputs of items; their rows and grids are gathered later
// (details).
func newItemSite(ids []string, items []project.Item, in itemInputs) *itemSite {
	s := &itemSite{item: map[string]*itemView{}, in: in}
	for _, id := range ids {
		v := &itemView{ID: id, Path: route.Item(id)}
		s.item[id] = v
		s.items = append(s.items, v)
	}
	series := outputSeries{in.iters, in.iterBy, in.unordered}
	for i := range items {
		v := s.item[items[i].ID]
		v.Item = &items[i]
		v.Slices = sortedSlices(v.Item.Slices)
		v.Outputs = series.outputViews(v.Item.Outputs)
	}
	return s
}

// itemIDs returns the items with a page, sorted: every item of p.Items and
// every item a disagreement list names (the reliability of a dimension of
// p, or the discrepancy report).
func itemIDs(p *project.Project, rel []reliability.Dimension, disc *discrepancy.Report) []string {
	seen := map[string]bool{}
	var out []string
	add := func(id string) {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	for i := range p.Items {
		add(p.Items[i].ID)
	}
	known := map[string]bool{}
	for _, d := range p.Dimensions {
		known[d.Name] = true
	}
	for _, d := range rel {
		if known[d.Dimension] {
			for _, x := range d.Disagreements {
				add(x.Item)
			}
		}
	}
	for _, id := range discItems(disc) {
		add(id)
	}
	slices.Sort(out)
	return out
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
func (r itemInputs) iterOrder(id string) (*iterView, int) {
	if id == "" {
		return nil, -1
	}
	if it := r.iterBy[id]; it != nil {
		return it, it.Order
	}
	return nil, len(r.iters)
}

// itemColumns picks the metrics with per-item values as the columns of
// the item tables.
func (r *itemSite) itemColumns() {
	r.itemColumn = make([]int, len(r.in.metricData))
	for i, m := range r.in.metricData {
		r.itemColumn[i] = -1
		none, hasNone := m.Values.Items.Lookup("")
		if slices.ContainsFunc(m.Values.Item, func(id int32) bool { return !hasNone || id != none }) {
			r.itemColumn[i] = len(r.itemMetrics)
			r.itemMetrics = append(r.itemMetrics, r.in.metrics[i])
		}
	}
}

// itemsData is the data of the item index: its rows, made when a
// template asks for them (Items); while pages/items.html is the default
// one Go writes the page from the views (writeContent), without a row or
// a string a row held: the index of a large project has hundreds of
// thousands.
type itemsData struct {
	site     *itemSite
	root     string
	rowsOnce sync.Once
	rows     []itemIndexRow
}

// Items returns the index's rows, one per item page, in order.
func (d *itemsData) Items() []itemIndexRow {
	d.rowsOnce.Do(func() {
		var b pageBuf
		for _, v := range d.site.items {
			row := itemIndexRow{itemView: v}
			if v.Item != nil {
				row.Input = excerpt(v.Item.Input, excerptRunes)
			}
			b.Reset()
			row.fragment(&b, d.root)
			row.HTML = template.HTML(b.String())
			d.rows = append(d.rows, row)
		}
	})
	return d.rows
}

// rowKey is a row an item's table of metric values can have: an
// iteration with its view and place in the series (itemInputs.iterOrder).
type rowKey struct {
	name  string
	iter  *iterView
	order int
	th    string // the row's start on a page at "../" (writeRowHead)
}

// slotTable fills rowKeys, slots, units and rowsHead from the metrics
// with a column (itemColumns).
func (r *itemSite) slotTable() {
	row := map[string]int32{}
	for i := range r.in.metricData {
		if r.itemColumn[i] < 0 {
			continue
		}
		for _, name := range r.in.metricData[i].Values.Iterations.Names() {
			if _, ok := row[name]; !ok {
				row[name] = 0
				it, order := r.in.iterOrder(name)
				r.rowKeys = append(r.rowKeys, rowKey{name: name, iter: it, order: order})
			}
		}
	}
	slices.SortFunc(r.rowKeys, rowOrder)
	for k, x := range r.rowKeys {
		row[x.name] = int32(k)
		var th pageBuf
		writeRowHead(&th, "../", x.name, x.iter)
		r.rowKeys[k].th = th.String()
	}
	r.slots = make([][]int32, len(r.in.metricData))
	for i := range r.in.metricData {
		if r.itemColumn[i] < 0 {
			continue
		}
		names := r.in.metricData[i].Values.Iterations.Names()
		r.slots[i] = make([]int32, len(names))
		for id, name := range names {
			r.slots[i][id] = row[name]
		}
	}
	r.units = unitsHTML(r.itemMetrics)
	r.rowsHead = itemRowsHead("../", r.itemMetrics)
}

// rowOrder orders an item table's rows: by place in the series, values
// without an iteration first, then by name.
func rowOrder(a, b rowKey) int {
	return cmp.Or(cmp.Compare(a.order, b.order), strings.Compare(a.name, b.name))
}

// itemIndexRow is one item in the item index.
type itemIndexRow struct {
	*itemView
	Input string // excerpt
	// HTML is the row as the default pages/items.html shows it (with a
	// newline before): the index has a row per item, tens of thousands.
	HTML template.HTML
}

// fragment writes the row as pages/items.html wrote it from the row's
// fields, on a page whose root is root.
func (x *itemIndexRow) fragment(b *pageBuf, root string) {
	writeIndexRow(b, root, x.itemView, x.Input)
}

// writeIndexRow writes the row of the item index of the view v, whose
// input's excerpt is input, as itemIndexRow.fragment.
func writeIndexRow(b *pageBuf, root string, x *itemView, input string) {
	b.WriteString("\n<tr><th scope=\"row\"><a href=\"")
	escRel(b, root, x.Path)
	b.WriteString("\">")
	escText(b, x.ID)
	b.WriteString("</a></th><td class=\"num\">")
	b.WriteString(strconv.Itoa(x.NRatings))
	b.WriteString("</td><td class=\"num\">")
	b.WriteString(strconv.Itoa(x.NValues))
	b.WriteString("</td><td>")
	for i, s := range x.Slices {
		if i > 0 {
			b.WriteString(", ")
		}
		escText(b, s.Name)
		b.WriteString(": ")
		escText(b, s.Value)
	}
	b.WriteString("</td><td class=\"excerpt\">")
	escText(b, input)
	b.WriteString("</td></tr>")
}

// itemIndexPage builds items/index.html from the item views (Deps: the
// items, and their share of the data, ItemData, which they count).
func itemIndexPage(f frame, p string, s *itemSite) *page {
	s.countAll() // the index shows the counts only
	return f.newPage(p, "Items", "items", &itemsData{site: s, root: strings.Repeat("../", strings.Count(p, "/"))})
}

// itemData is the data of an item's page.
type itemData struct {
	Item    *itemView
	Metrics []*metricView // the columns of the item's table of metric values
	// Rounds is set in a project of rounds; DiffCap and EditCap are
	// textdiff's caps in words, for the note under the outputs.
	Rounds           bool
	DiffCap, EditCap int
	// rowsHead is the head of the table of metric values on the page
	// (itemRowsHead), "" to have writeRows write it.
	rowsHead string
	// scratch holds Item.Rows (rowsIn) until the page is written.
	scratch *rowScratch
}

// itemPage builds the page of item id from its view (Deps: the item and
// its share of the data, ItemData).
func itemPage(f frame, s *itemSite, id string, shape project.Shape) *page {
	sc := rowScratches.Get().(*rowScratch)
	v := s.detailsIn(id, sc)
	head := s.rowsHead
	if root := strings.Repeat("../", strings.Count(v.Path, "/")); root != "../" {
		head = itemRowsHead(root, s.itemMetrics)
	}
	return f.newPage(v.Path, "Item "+v.ID, "items", &itemData{
		Item: v, Metrics: s.itemMetrics, rowsHead: head, Rounds: shape == project.ShapeRounds,
		DiffCap: textdiff.MaxTokens / 2, EditCap: textdiff.MaxEdits / 2, scratch: sc,
	})
}

// release gives back the memory of the page's rows once the page is
// written (execute); the data is not read after.
func (d *itemData) release() {
	if sc := d.scratch; sc != nil {
		d.scratch, d.Item.Rows = nil, nil
		rowScratches.Put(sc)
	}
}
