package render

import (
	"bytes"
	"cmp"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"github.com/evalbook/evalbook/internal/discrepancy"
	"github.com/evalbook/evalbook/internal/project"
)

// An item page shows the item's share of the data: its metric values, a
// row per iteration, and its ratings, a grid per dimension. Each page
// builds them for itself when it renders, from the data columns and an
// index of where each item's records are (dataIndex, 4 bytes a record),
// so no page's rows or grids are held beyond its render and no render
// walks the data for them. With the default item page, a grid whose
// ratings have no comment is written as HTML straight from the columns
// (gridHTML); otherwise it is built whole (grid) and written by
// ratingGrid.fragment, which gridHTML must equal (TestGridHTML).

// dataIndex lists, for each metric and each dimension, where each item's
// values or ratings are in the subject's columns.
type dataIndex struct {
	metrics, dims []columnIndex // as itemInputs.metricData, dimData
	// links are, per dimension, its raters' links (raterLinks), and
	// labels its labels escaped, by label id.
	links, labels [][]string
	// heads are, per dimension, its grids' heads on an item page (root
	// "../"; headsOf).
	heads []*gridHeads
}

// columnIndex groups the positions of a data column by item: the
// positions of the item numbered id in the column's item table are
// pos[start[id]:start[id+1]], in data order. It takes 4 bytes a record,
// so that an item page finds its records without a walk over the data and
// no page's rows are kept beyond its render.
type columnIndex struct {
	start, pos []int32
}

// indexColumn indexes a column of item ids numbered below n.
func indexColumn(item []int32, n int) columnIndex {
	x := columnIndex{start: make([]int32, n+1), pos: make([]int32, len(item))}
	for _, id := range item {
		x.start[id+1]++
	}
	for id := range n {
		x.start[id+1] += x.start[id]
	}
	next := slices.Clone(x.start[:n])
	for i, id := range item {
		x.pos[next[id]] = int32(i)
		next[id]++
	}
	return x
}

// of returns the positions of the records of the item name, whose ids are
// in items.
func (x columnIndex) of(items *project.Intern, name string) []int32 {
	id, ok := items.Lookup(name)
	return x.ofID(id, ok && name != "")
}

// ofID is of with the item's id looked up (ok false: not there).
func (x columnIndex) ofID(id int32, ok bool) []int32 {
	if !ok {
		return nil
	}
	return x.pos[x.start[id]:x.start[id+1]]
}

// index picks the item tables' columns and indexes every metric's values
// and dimension's ratings by item, once per render. Safe for concurrent
// use.
func (r *itemSite) index() {
	r.indexed.Do(func() {
		r.gridsApart = r.in.templates != nil && gridsApart(r.in.templates)
		r.itemColumns()
		r.slotTable()
		r.at.metrics = make([]columnIndex, len(r.in.metricData))
		r.at.dims = make([]columnIndex, len(r.in.dimData))
		for i := range r.in.metricData {
			vs := &r.in.metricData[i].Values
			r.at.metrics[i] = indexColumn(vs.Item, vs.Items.Len())
		}
		r.at.links = make([][]string, len(r.in.dimData))
		r.at.labels = make([][]string, len(r.in.dimData))
		r.at.heads = make([]*gridHeads, len(r.in.dimData))
		for k := range r.in.dimData {
			rs := &r.in.dimData[k].Ratings
			r.at.dims[k] = indexColumn(rs.Item, rs.Items.Len())
			r.at.links[k] = raterLinks(&r.in.dimData[k], r.in.dims[k])
			r.at.labels[k] = make([]string, rs.Labels.Len())
			for id, l := range rs.Labels.Names() {
				r.at.labels[k][id] = template.HTMLEscapeString(l)
			}
			r.at.heads[k] = r.headsOf(k, "../")
		}
	})
}

// countAll sets every view's counts of values and ratings, which the item
// index shows, unless they are set already. Safe for concurrent use.
func (r *itemSite) countAll() {
	r.counts.Do(func() {
		if r.counted {
			return
		}
		r.index()
		views := map[*project.Intern][]*itemView{} // by item table: the metrics of one file share theirs
		for i := range r.in.metricData {
			r.countColumn(r.at.metrics[i], r.in.metricData[i].Values.Items, views, func(v *itemView, n int) { v.NValues += n })
		}
		for k := range r.in.dimData {
			r.countColumn(r.at.dims[k], r.in.dimData[k].Ratings.Items, views, func(v *itemView, n int) { v.NRatings += n })
		}
		r.counted = true
	})
}

// countColumn adds each item's count of records in the column indexed by
// x, whose item table is items, to its view; views keeps the views of
// each item table's ids (nil for an item without one), found once a table.
func (r *itemSite) countColumn(x columnIndex, items *project.Intern, views map[*project.Intern][]*itemView, add func(*itemView, int)) {
	vs, ok := views[items]
	if !ok {
		vs = make([]*itemView, items.Len())
		for id, name := range items.Names() {
			if name != "" {
				vs[id] = r.item[name]
			}
		}
		views[items] = vs
	}
	for id, v := range vs {
		if v != nil {
			add(v, int(x.start[id+1]-x.start[id]))
		}
	}
}

// details returns the view of item id with its rows, grids and gold
// answers, made for its page alone from the data columns. The shared view
// is not changed, so nothing of a page outlives its render.
func (r *itemSite) details(id string) *itemView { return r.detailsIn(id, &rowScratch{}) }

// detailsIn is details with the rows built in sc (rowsIn).
func (r *itemSite) detailsIn(id string, sc *rowScratch) *itemView {
	r.index()
	v := *r.item[id]
	v.Rows = r.rowsIn(v.ID, sc)
	root := strings.Repeat("../", strings.Count(v.Path, "/"))
	rest := r.last.page(v.Path)
	for k := range r.in.dimData {
		d, dm := &r.in.dimData[k], r.in.dims[k]
		if at := r.at.dims[k].of(d.Ratings.Items, v.ID); len(at) > 0 {
			v.Grids = append(v.Grids, r.ratingGrid(k, at, root, &rest))
		}
		if g, ok := d.Gold[v.ID]; ok {
			v.Gold = append(v.Gold, itemGold{dm, g})
		}
	}
	return &v
}

// rows returns the rows of item id's metric values, one per iteration, in
// series order; values without an iteration first. Each value finds its
// row through the slot table (slotTable): a first pass over the item's
// values marks the rows it has, a second sets their cells.
func (r *itemSite) rows(id string) []itemRow { return r.rowsIn(id, &rowScratch{}) }

// rowScratch is the memory rowsIn builds an item's rows in: an item page
// takes one from rowScratches and gives it back once written
// (itemData.release), so that 200,000 item pages do not allocate their
// rows (1.6 KB an item of 5 metrics in 10 iterations) page by page.
type rowScratch struct {
	at     [][]int32
	row    []int32
	out    []itemRow
	values []float64
	set    []bool
}

// rowScratches are the rowScratch not in use.
var rowScratches = sync.Pool{New: func() any { return new(rowScratch) }}

// grown returns s emptied, with room for n elements.
func grown[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// rowsIn is rows built in the memory of sc, which the rows use until sc is
// given back.
func (r *itemSite) rowsIn(id string, sc *rowScratch) []itemRow {
	sc.at = grown(sc.at, len(r.in.metricData))
	sc.row = grown(sc.row, len(r.rowKeys)) // 1 + the row's index in the result; 0 for none
	at, row := sc.at, sc.row
	// The metrics of one file share their table of items: the item is
	// looked up once a table.
	var items *project.Intern
	var item int32
	var has bool
	for i := range r.in.metricData {
		if r.itemColumn[i] < 0 {
			continue
		}
		vs := &r.in.metricData[i].Values
		if vs.Items != items || items == nil {
			items = vs.Items
			item, has = items.Lookup(id)
			has = has && id != ""
		}
		at[i] = r.at.metrics[i].ofID(item, has)
		for _, x := range at[i] {
			row[r.slots[i][vs.Iteration[x]]] = 1
		}
	}
	n := 0
	for k, mark := range row {
		if mark != 0 {
			n++
			row[k] = int32(n)
		}
	}
	if n == 0 {
		return nil
	}
	nc := len(r.itemMetrics)
	out := grown(sc.out, n)[:0]
	sc.values, sc.set = grown(sc.values, n*nc), grown(sc.set, n*nc)
	values, set := sc.values, sc.set
	for k, j := range row {
		if j != 0 {
			x := &r.rowKeys[k]
			c := (int(j) - 1) * nc
			out = append(out, itemRow{Iteration: x.name, Iter: x.iter, th: x.th, values: values[c : c+nc : c+nc], set: set[c : c+nc : c+nc], units: r.units})
		}
	}
	for i, xs := range at {
		vs, col := &r.in.metricData[i].Values, r.itemColumn[i]
		for _, x := range xs { // a later value of one iteration wins, as in data order
			c := (int(row[r.slots[i][vs.Iteration[x]]])-1)*nc + col
			values[c], set[c] = vs.Value[x], true
		}
	}
	sc.out = out
	return out
}

// anchoredRaters returns the raters with a row in the rater table of d's
// page.
func anchoredRaters(d *dimView) map[string]bool {
	anchored := map[string]bool{}
	if d.Rel != nil {
		for _, rt := range d.Rel.Raters {
			anchored[rt.Rater] = true
		}
	}
	return anchored
}

// raterLinks returns the site path of the figures of each rater of d's
// ratings, by rater id: their row of the rater table of its page
// (raterAnchor), or the page when it has no row for them.
func raterLinks(d *project.Dimension, dm *dimView) []string {
	anchored := anchoredRaters(dm)
	links := make([]string, d.Ratings.Raters.Len())
	for id, name := range d.Ratings.Raters.Names() {
		links[id] = dm.Path
		if anchored[name] {
			links[id] += "#" + raterAnchor(name)
		}
	}
	return links
}

// ratingGrid returns the grid of the ratings of dimension k at
// positions at (one item's, in data order) with its HTML for a page whose
// root is root: only its HTML when the item page is the default one
// (gridsApart) and the HTML can be copied from the page's last bytes, the
// part of them after the grids before it, rest (lastGrid), or written
// straight from the columns.
func (r *itemSite) ratingGrid(k int, at []int32, root string, rest *[]byte) ratingGrid {
	d, dm := &r.in.dimData[k], r.in.dims[k]
	rule := r.in.cfg.Dimension(d.Name).Consensus
	if r.gridsApart {
		if html, ok := r.lastGrid(k, at, root, rest); ok {
			return ratingGrid{Dim: dm, Anchor: gridAnchor(d), HTML: html}
		}
		if html, ok := r.gridHTML(k, at, rule, root); ok {
			return ratingGrid{Dim: dm, Anchor: gridAnchor(d), HTML: html}
		}
	}
	g := r.grid(d, dm, at, rule, r.at.links[k])
	g.HTML = g.fragment(root)
	return g
}

// gridAnchor is the id of the grid of d on an item page.
func gridAnchor(d *project.Dimension) string { return "ratings-" + Slug(d.Name) }

// gridShape is how one item's ratings on a dimension lie in its grid: the
// columns (iterations) in series order, ratings without an iteration
// first, the rows (raters' ids) by name, and each rating's row and
// column.
type gridShape struct {
	cols     []gridCol
	raters   []int32
	row, col []int // by rating, as at
}

// shapeOf lays out the ratings of rs at positions at.
func (r *itemSite) shapeOf(rs *project.Ratings, at []int32) gridShape {
	iters, raters := firstIDs(rs.Iteration, at), firstIDs(rs.Rater, at)
	sh := gridShape{cols: make([]gridCol, len(iters)), raters: raters, row: make([]int, len(at)), col: make([]int, len(at))}
	for j, id := range iters {
		name := rs.Iterations.Name(id)
		it, order := r.in.iterOrder(name)
		sh.cols[j] = gridCol{ID: name, Iter: it, order: order, id: id}
	}
	slices.SortFunc(sh.cols, func(a, b gridCol) int {
		return cmp.Or(cmp.Compare(a.order, b.order), strings.Compare(a.ID, b.ID))
	})
	for j := range sh.cols {
		iters[j] = sh.cols[j].id
	}
	slices.SortFunc(raters, func(a, b int32) int { return strings.Compare(rs.Raters.Name(a), rs.Raters.Name(b)) })
	row, col := idIndex(raters), idIndex(iters)
	for k, x := range at {
		sh.row[k], sh.col[k] = row(rs.Rater[x]), col(rs.Iteration[x])
	}
	return sh
}

// shortIDs is how many ids firstIDs and idIndex look through in a list
// before they keep a map: an item has a handful of raters and iterations
// in most projects, but one rated in every one of 200 iterations has 200.
const shortIDs = 16

// firstIDs returns the distinct ids of ids at positions at, in order of
// first occurrence.
func firstIDs(ids, at []int32) []int32 {
	var out []int32
	var seen map[int32]bool
	for _, i := range at {
		id := ids[i]
		if seen != nil {
			if seen[id] {
				continue
			}
			seen[id] = true
		} else if slices.Contains(out, id) {
			continue
		}
		out = append(out, id)
		if seen == nil && len(out) > shortIDs {
			seen = make(map[int32]bool, 2*len(out))
			for _, x := range out {
				seen[x] = true
			}
		}
	}
	return out
}

// idIndex returns what finds an id's position in the distinct ids.
func idIndex(ids []int32) func(int32) int {
	if len(ids) <= shortIDs {
		return func(id int32) int { return slices.Index(ids, id) }
	}
	at := make(map[int32]int, len(ids))
	for j, id := range ids {
		at[id] = j
	}
	return func(id int32) int { return at[id] }
}

// consensus returns the rule a grid of d names (the consensus rule of d,
// or the one d's kind implies) and each column's consensus of the ratings
// at positions at: its value or label, or "tie".
func consensus(d *project.Dimension, at []int32, sh *gridShape, rule string) (string, []string) {
	rs := &d.Ratings
	start := make([]int, len(sh.cols)+1)
	for _, j := range sh.col {
		start[j+1]++
	}
	for j := range sh.cols {
		start[j+1] += start[j]
	}
	// The values (numeric d) or labels of each column's ratings together,
	// in input order: what the consensus reads.
	var values []float64
	var labels []string
	if d.Numeric {
		values = make([]float64, len(at))
	} else {
		labels = make([]string, len(at))
	}
	next := slices.Clone(start[:len(sh.cols)])
	for k, x := range at {
		j := sh.col[k]
		if d.Numeric {
			values[next[j]] = rs.Value[x]
		} else {
			labels[next[j]] = rs.Labels.Name(rs.Label[x])
		}
		next[j]++
	}
	out := make([]string, len(sh.cols))
	for j := range sh.cols {
		var vs []float64
		var ls []string
		if d.Numeric {
			vs = values[start[j]:start[j+1]]
		} else {
			ls = labels[start[j]:start[j+1]]
		}
		v, label, ok := discrepancy.CombineValues(d, vs, ls, rule)
		switch {
		case !ok:
			out[j] = "tie"
		case !d.Numeric:
			out[j] = label
		default:
			out[j] = formatNum(v, "")
		}
	}
	switch {
	case !d.Numeric:
		rule = discrepancy.Majority
	case rule == "":
		rule = discrepancy.Mean
	}
	return rule, out
}

// grid lays out one item's ratings on d, those at positions at of its
// columns, as raters by iterations. links are the raters' links
// (raterLinks).
func (r *itemSite) grid(d *project.Dimension, dm *dimView, at []int32, rule string, links []string) ratingGrid {
	rs := &d.Ratings
	sh := r.shapeOf(rs, at)
	g := ratingGrid{Dim: dm, Anchor: gridAnchor(d), Cols: sh.cols}
	nc := len(g.Cols)
	g.Raters = make([]gridRater, len(sh.raters))
	cells, notes := make([]string, len(sh.raters)*nc), make([][]int, len(sh.raters)*nc)
	for i, id := range sh.raters {
		g.Raters[i] = gridRater{Name: rs.Raters.Name(id), Link: links[id], Cells: cells[i*nc : (i+1)*nc : (i+1)*nc],
			Notes: notes[i*nc : (i+1)*nc : (i+1)*nc], grid: g.Anchor}
	}
	var comments [][][]string // rater -> column -> distinct comments
	for k, x := range at {    // several ratings of one cell stay in input order
		i, j := sh.row[k], sh.col[k]
		cell := &g.Raters[i].Cells[j]
		if *cell != "" {
			*cell += ", "
		}
		*cell += rs.Labels.Name(rs.Label[x])
		if rs.Comment == nil {
			continue
		}
		if c := rs.Comments.Name(rs.Comment[x]); c != "" {
			if comments == nil {
				comments = make([][][]string, len(sh.raters))
			}
			if comments[i] == nil {
				comments[i] = make([][]string, nc)
			}
			if !slices.Contains(comments[i][j], c) {
				comments[i][j] = append(comments[i][j], c)
			}
		}
	}
	for i, byCol := range comments {
		for j, cs := range byCol {
			for _, c := range cs {
				n := len(g.Comments) + 1
				g.Comments = append(g.Comments, gridComment{N: n, ID: g.Anchor + "-c" + strconv.Itoa(n), Rater: g.Raters[i].Name, Iteration: g.Cols[j].ID, Text: c})
				g.Raters[i].Notes[j] = append(g.Raters[i].Notes[j], n)
			}
		}
	}
	g.Rule, g.Consensus = consensus(d, at, &sh, rule)
	return g
}

// gridHeads are the parts of a dimension's grids that are the same on
// every item page at one depth (root): the heading and the table's
// opening, each column's head (by iteration id) and each row's head (by
// rater id), as ratingGrid.fragment writes them.
type gridHeads struct {
	root       string
	top        string
	cols, rows []string
}

// headsOf returns the heads of dimension k's grids on a page whose root
// is root.
func (r *itemSite) headsOf(k int, root string) *gridHeads {
	d, dm := &r.in.dimData[k], r.in.dims[k]
	rs := &d.Ratings
	h := &gridHeads{root: root, cols: make([]string, rs.Iterations.Len()), rows: make([]string, rs.Raters.Len())}
	var b pageBuf
	b.WriteString("\n<h3 id=\"")
	escText(&b, gridAnchor(d))
	b.WriteString("\"><a href=\"")
	escRel(&b, root, dm.Path)
	b.WriteString("\">")
	writeGridTop(&b, dm.Label)
	h.top = b.String()
	for id, name := range rs.Iterations.Names() {
		it, _ := r.in.iterOrder(name)
		b.Reset()
		writeGridCol(&b, gridCol{ID: name, Iter: it}, root)
		h.cols[id] = b.String()
	}
	for id, name := range rs.Raters.Names() {
		b.Reset()
		b.WriteString("\n<tr><th scope=\"row\"><a href=\"")
		escRel(&b, root, r.at.links[k][id])
		b.WriteString("\">")
		escText(&b, name)
		b.WriteString("</a></th>")
		h.rows[id] = b.String()
	}
	return h
}

// heads returns the heads of dimension k's grids on a page whose root is
// root.
func (r *itemSite) heads(k int, root string) *gridHeads {
	if h := r.at.heads[k]; h.root == root {
		return h
	}
	return r.headsOf(k, root)
}

// hasComment reports whether a rating of rs at positions at has a comment.
func hasComment(rs *project.Ratings, at []int32) bool {
	if rs.Comment == nil {
		return false
	}
	for _, x := range at {
		if rs.Comments.Name(rs.Comment[x]) != "" {
			return true
		}
	}
	return false
}

// lastGrids is what a cached render tells the item pages it renders again
// of the last render: its pages' bytes and which dimensions' grids are as
// they were then (sameGrids).
type lastGrids struct {
	pages map[string]cachedPage
	same  []bool // by dimension, as itemInputs.dimData
}

// page returns the bytes the page at path was last rendered with, nil for
// none: a splice since may show another nav in place of the body's own
// (navPlace.now), which the grids do not hold.
func (l *lastGrids) page(path string) []byte {
	if l == nil {
		return nil
	}
	return l.pages[path].body
}

// lastGrid returns grid k of an item page as the page's last render wrote
// it, when dimension k's grids are as they were then and this one has no
// comment (so gridHTML wrote it, with no tag inside a cell): from its head
// (gridHeads.top, which holds the grid's id, once on a page) to the first
// gridEnd after it, in rest, the last bytes after the grids found before;
// rest then starts after it. Nothing of the page around the grids (its
// nav, which a splice moves) is read.
func (r *itemSite) lastGrid(k int, at []int32, root string, rest *[]byte) (template.HTML, bool) {
	if r.last == nil || !r.last.same[k] || len(*rest) == 0 || hasComment(&r.in.dimData[k].Ratings, at) {
		return "", false
	}
	top := r.heads(k, root).top
	i := bytes.Index(*rest, []byte(top))
	if i < 0 {
		return "", false
	}
	body := (*rest)[i+len(top):]
	n := bytes.Index(body, []byte(gridTail)) // the line break it starts with is rare in a grid, '<' is not
	if n < 0 || !bytes.HasSuffix(body[:n], []byte(gridFoot)) {
		return "", false
	}
	end := i + len(top) + n + len(gridTail)
	// The grid is read in place, not copied (1,000 item pages rendered
	// again copied 28 MB of grids): a page's bytes, once rendered, are
	// never changed (Files), and the grid is written into the new page
	// before that page's render returns.
	grid := (*rest)[i:end]
	html := template.HTML(unsafe.String(unsafe.SliceData(grid), len(grid)))
	*rest = (*rest)[end:]
	return html, true
}

// gridHTML writes the grid of the ratings of dimension k at positions at
// as ratingGrid.fragment writes it, straight from the columns, without
// building the grid; ok is false, and nothing written, when a rating has
// a comment (a grid with comments is built whole).
func (r *itemSite) gridHTML(k int, at []int32, rule, root string) (html template.HTML, ok bool) {
	d := &r.in.dimData[k]
	rs := &d.Ratings
	if hasComment(rs, at) {
		return "", false
	}
	sh := r.shapeOf(rs, at)
	nc := len(sh.cols)
	cells := make([]string, len(sh.raters)*nc) // escaped, ", " between several
	labels := r.at.labels[k]
	for n, x := range at {
		cell := &cells[sh.row[n]*nc+sh.col[n]]
		if *cell != "" {
			*cell += ", "
		}
		*cell += labels[rs.Label[x]]
	}
	rule, cons := consensus(d, at, &sh, rule)
	h := r.heads(k, root)
	var b pageBuf
	b.Grow(len(h.top) + 256 + 96*len(sh.raters) + 24*len(cells))
	b.WriteString(h.top)
	for _, c := range sh.cols {
		b.WriteString(h.cols[c.id])
	}
	b.WriteString("</tr></thead>\n<tbody>")
	for i, id := range sh.raters {
		b.WriteString(h.rows[id])
		for _, v := range cells[i*nc : (i+1)*nc] {
			if v == "" {
				b.WriteString(`<td class="empty"></td>`)
				continue
			}
			b.WriteString("<td>")
			b.WriteString(v)
			b.WriteString("</td>")
		}
		b.WriteString("</tr>")
	}
	writeConsensus(&b, rule, cons)
	return template.HTML(b.String()), true
}
