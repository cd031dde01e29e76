package render

import (
	"bytes"
	"cmp"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/discrepancy"
	"github.com/evalbook/evalbook/internal/project"
)

// TestItemRatingGrid: an item's ratings are a grid per dimension, raters
// by iterations, with the consensus of each iteration at the bottom.
func TestItemRatingGrid(t *testing.T) {
	in := testInput()
	dims := in.Project.Dimensions
	// ann rates q1 in v1 twice; dee, whom the reliability report does not
	// know, rates it once; two raters split on q2's tone in v2.
	dims[0].Ratings = project.RatingsOf(append(dims[0].Ratings.Slice(),
		project.Rating{Item: "q1", Rater: "ann", Iteration: "v1", Value: 5, Label: "5"},
		project.Rating{Item: "q1", Rater: "dee <x>", Iteration: "v3", Value: 3, Label: "3"}))
	dims[1].Ratings = project.RatingsOf(append(dims[1].Ratings.Slice(), project.Rating{Item: "q2", Rater: "cy", Iteration: "v2", Label: "too_formal"}))
	files := renderTest(t, in)
	for _, c := range []struct{ page, want string }{
		// Columns in series order; several ratings of one cell listed in
		// input order; blank cells empty; the consensus the mean.
		{"items/q1.html", `<h3 id="ratings-helpfulness"><a href="../dimensions/helpfulness.html">Helpfulness</a></h3>
<div class="scroll" tabindex="0" role="region" aria-label="Table: Helpfulness">
<table class="rating-grid">
<thead><tr><th scope="col">Rater</th><th scope="col"><a href="../iterations/v1.html">v1</a></th><th scope="col"><a href="../iterations/v3.html">v3</a></th></tr></thead>
<tbody>
<tr><th scope="row"><a href="../dimensions/helpfulness.html#rater-ann">ann</a></th><td>4, 5</td><td class="empty"></td></tr>
<tr><th scope="row"><a href="../dimensions/helpfulness.html#rater-bob">bob</a></th><td class="empty"></td><td>2</td></tr>
<tr><th scope="row"><a href="../dimensions/helpfulness.html#rater-cy">cy</a></th><td class="empty"></td><td>5</td></tr>
<tr><th scope="row"><a href="../dimensions/helpfulness.html">dee &lt;x&gt;</a></th><td class="empty"></td><td>3</td></tr>
</tbody>
<tfoot><tr class="consensus"><th scope="row">Consensus <span class="muted small">mean</span></th><td>4.50</td><td>3.33</td></tr></tfoot>`},
		// Ratings without an iteration are a column of their own; a label
		// dimension's consensus is the majority label.
		{"items/q1.html", `<thead><tr><th scope="col">Rater</th><th scope="col">(no iteration)</th></tr></thead>
<tbody>
<tr><th scope="row"><a href="../dimensions/tone.html#rater-bob">bob</a></th><td>too_formal</td></tr>
</tbody>
<tfoot><tr class="consensus"><th scope="row">Consensus <span class="muted small">majority</span></th><td>too_formal</td></tr></tfoot>`},
		// No single most frequent label: a tie.
		{"items/q2.html", `<th scope="row">Consensus <span class="muted small">majority</span></th><td>tie</td></tr></tfoot>`},
		// The metric values keep their table.
		{"items/q4.html", `<tr><th scope="row"><a href="../iterations/v1.html">v1</a></th><td class="num">0.200</td><td class="num">900 ms</td></tr>`},
	} {
		if !bytes.Contains(files[c.page], []byte(c.want)) {
			t.Errorf("%s lacks %q", c.page, c.want)
		}
	}
	// The grids follow the site's order of dimensions.
	q1 := string(files["items/q1.html"])
	if strings.Index(q1, `id="ratings-helpfulness"`) > strings.Index(q1, `id="ratings-tone"`) {
		t.Error("q1's tone grid comes before its helpfulness grid")
	}
}

// raterLink finds the links of the rating grids to rater rows.
var raterLink = regexp.MustCompile(`href="\.\./(dimensions/[^"#]+)#([^"]+)"`)

// TestItemRaterLinksResolve: every rater link of every item page names an
// anchor that the dimension page has, and every rater row has one.
func TestItemRaterLinksResolve(t *testing.T) {
	files := testSite(t)
	n := 0
	for name, body := range files {
		if !strings.HasPrefix(name, "items/") {
			continue
		}
		for _, m := range raterLink.FindAllSubmatch(body, -1) {
			page, id := string(m[1]), string(m[2])
			n++
			if !bytes.Contains(files[page], []byte(`<tr id="`+id+`">`)) {
				t.Errorf("%s links to %s#%s, which has no such row", name, page, id)
			}
		}
	}
	if n < 5 {
		t.Errorf("found %d rater links on the item pages; want every rated item's raters", n)
	}
	for _, want := range []string{`<tr id="rater-ann">`, `<tr id="rater-bob">`, `<tr id="rater-cy">`} {
		if !bytes.Contains(files["dimensions/helpfulness.html"], []byte(want)) {
			t.Errorf("the helpfulness page lacks %s", want)
		}
	}
}

// TestIndexColumn checks that indexColumn lists each item's positions in
// data order, against grouping by hand, on columns with repeated, absent
// and out-of-order items.
func TestIndexColumn(t *testing.T) {
	tests := []struct {
		name string
		item []int32
		n    int
	}{
		{"empty", nil, 0},
		{"no records of a known item", nil, 3},
		{"one run each", []int32{0, 0, 1, 1, 1, 2}, 3},
		{"interleaved", []int32{2, 0, 2, 1, 0, 2}, 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x := indexColumn(tc.item, tc.n)
			for id := range tc.n {
				var want []int32
				for i, it := range tc.item {
					if int(it) == id {
						want = append(want, int32(i))
					}
				}
				if got := x.pos[x.start[id]:x.start[id+1]]; !slices.Equal(got, want) {
					t.Errorf("item %d: positions %v; want %v", id, got, want)
				}
			}
		})
	}
}

// TestGridFromColumns compares itemSite.grid, which reads the rating
// columns, with the grid built from the ratings as rows (rowGrid), field
// by field and as HTML, on every item of the fixture and on ratings with
// comments (repeated, hostile), several ratings of one cell, no iteration,
// an iteration outside the series and a tie.
func TestGridFromColumns(t *testing.T) {
	in := testInput()
	extra := []project.Rating{
		{Item: "q1", Rater: "zed", Iteration: "v2", Value: 3, Label: "3", Comment: "<b>too</b> & \"long\""},
		{Item: "q1", Rater: "zed", Iteration: "v2", Value: 5, Label: "5", Comment: "<b>too</b> & \"long\""},
		{Item: "q1", Rater: "zed", Iteration: "v2", Value: 4, Label: "4", Comment: "second"},
		{Item: "q1", Rater: "amy", Iteration: "", Value: 1, Label: "1"},
		{Item: "q1", Rater: "amy", Iteration: "v99", Value: 2, Label: "2", Comment: "outside"},
		{Item: "q1", Rater: "bob", Iteration: "v99", Value: 4, Label: "4"},
	}
	for k := range in.Project.Dimensions {
		d := &in.Project.Dimensions[k]
		d.Ratings = project.RatingsOf(append(d.Ratings.Slice(), extra...))
	}
	r, err := newRenderer(in)
	if err != nil {
		t.Fatal(err)
	}
	r.index()
	for k := range r.in.dimData {
		d, dm := &r.in.dimData[k], r.in.dims[k]
		for _, rule := range []string{"", "mean", "median", "majority"} {
			for id, name := range d.Ratings.Items.Names() {
				at := r.at.dims[k].of(d.Ratings.Items, name)
				rows := make([]project.Rating, len(at))
				for n, i := range at {
					rows[n] = d.Ratings.At(int(i))
				}
				want := r.rowGrid(d, dm, rows, rule, anchoredRaters(dm))
				got := r.grid(d, dm, at, rule, r.at.links[k])
				for j := range got.Cols {
					got.Cols[j].id = 0
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s, item %d %s, rule %q: grid\n%+v\nwant\n%+v", d.Name, id, name, rule, got, want)
				}
				if g, w := got.fragment("../"), want.fragment("../"); g != w {
					t.Errorf("%s, item %s, rule %q: HTML\n%s\nwant\n%s", d.Name, name, rule, g, w)
				}
			}
		}
	}
}

// TestGridHTML compares itemSite.gridHTML, which writes a grid's HTML
// straight from the rating columns, with the grid built whole and written
// by ratingGrid.fragment, on every item and dimension of the fixture with
// hostile raters, labels and iterations added (no comments: a grid with
// one is built whole), under every consensus rule and at three depths.
func TestGridHTML(t *testing.T) {
	in := testInput()
	extra := []project.Rating{
		{Item: "q1", Rater: `<zed & "co">`, Iteration: "v2", Value: 3, Label: "3"},
		{Item: "q1", Rater: `<zed & "co">`, Iteration: "v2", Value: 5, Label: "<5>"},
		{Item: "q1", Rater: "amy", Iteration: "", Value: 1, Label: ""},
		{Item: "q1", Rater: "amy", Iteration: "", Value: 2, Label: "2"},
		{Item: "q1", Rater: "amy", Iteration: "v<99>", Value: 2, Label: "'2'"},
		{Item: "q1", Rater: "bob é", Iteration: "v<99>", Value: 4, Label: "4"},
	}
	for k := range in.Project.Dimensions {
		d := &in.Project.Dimensions[k]
		d.Ratings = project.RatingsOf(append(d.Ratings.Slice(), extra...))
	}
	r, err := newRenderer(in)
	if err != nil {
		t.Fatal(err)
	}
	r.index()
	if !r.gridsApart {
		t.Fatal("the default templates do not let grids be their HTML alone")
	}
	n := 0
	for k := range r.in.dimData {
		d, dm := &r.in.dimData[k], r.in.dims[k]
		for _, rule := range []string{"", "mean", "median", "majority"} {
			for _, name := range d.Ratings.Items.Names() {
				at := r.at.dims[k].of(d.Ratings.Items, name)
				for _, root := range []string{"", "../", "../../"} {
					got, ok := r.gridHTML(k, at, rule, root)
					if !ok {
						t.Fatalf("%s, item %s: gridHTML declined a grid with no comments", d.Name, name)
					}
					g := r.grid(d, dm, at, rule, r.at.links[k])
					if want := g.fragment(root); got != want {
						t.Errorf("%s, item %s, rule %q, root %q: HTML\n%s\nwant\n%s", d.Name, name, rule, root, got, want)
					}
					n++
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no grids compared")
	}
}

// rowGrid is itemSite.grid as it was before it read the rating columns:
// from one item's ratings rs, as rows. TestGridFromColumns compares the two.
func (r *itemSite) rowGrid(d *project.Dimension, dm *dimView, rs []project.Rating, rule string, anchored map[string]bool) ratingGrid {
	g := ratingGrid{Dim: dm, Anchor: "ratings-" + Slug(d.Name)}
	var iters, raters []string
	for _, rt := range rs {
		if !slices.Contains(iters, rt.Iteration) {
			iters = append(iters, rt.Iteration)
		}
		if !slices.Contains(raters, rt.Rater) {
			raters = append(raters, rt.Rater)
		}
	}
	for _, id := range iters {
		it, order := r.in.iterOrder(id)
		g.Cols = append(g.Cols, gridCol{ID: id, Iter: it, order: order})
	}
	slices.SortFunc(g.Cols, func(a, b gridCol) int {
		return cmp.Or(cmp.Compare(a.order, b.order), strings.Compare(a.ID, b.ID))
	})
	col := map[string]int{}
	for j, c := range g.Cols {
		col[c.ID] = j
	}
	slices.Sort(raters)
	row := indexOf(raters)
	g.Raters = make([]gridRater, len(raters))
	for i, name := range raters {
		link := dm.Path
		if anchored[name] {
			link += "#" + raterAnchor(name)
		}
		g.Raters[i] = gridRater{Name: name, Link: link, Cells: make([]string, len(g.Cols)), Notes: make([][]int, len(g.Cols)), grid: g.Anchor}
	}
	byCol := make([][]project.Rating, len(g.Cols))
	comments := make([][][]string, len(raters)) // rater -> column -> distinct comments
	for _, rt := range rs {                     // several ratings of one cell stay in input order
		i, j := row[rt.Rater], col[rt.Iteration]
		cell := &g.Raters[i].Cells[j]
		if *cell != "" {
			*cell += ", "
		}
		*cell += rt.Label
		byCol[j] = append(byCol[j], rt)
		if rt.Comment != "" {
			if comments[i] == nil {
				comments[i] = make([][]string, len(g.Cols))
			}
			if !slices.Contains(comments[i][j], rt.Comment) {
				comments[i][j] = append(comments[i][j], rt.Comment)
			}
		}
	}
	for i, byCol := range comments {
		for j, cs := range byCol {
			for _, c := range cs {
				n := len(g.Comments) + 1
				g.Comments = append(g.Comments, gridComment{N: n, ID: g.Anchor + "-c" + strconv.Itoa(n), Rater: raters[i], Iteration: g.Cols[j].ID, Text: c})
				g.Raters[i].Notes[j] = append(g.Raters[i].Notes[j], n)
			}
		}
	}
	g.Rule = rule
	if !d.Numeric {
		g.Rule = discrepancy.Majority
	} else if rule == "" {
		g.Rule = discrepancy.Mean
	}
	for _, cs := range byCol {
		v, label, ok := discrepancy.Combine(d, cs, rule)
		switch {
		case !ok:
			g.Consensus = append(g.Consensus, "tie")
		case !d.Numeric:
			g.Consensus = append(g.Consensus, label)
		default:
			g.Consensus = append(g.Consensus, formatNum(v, ""))
		}
	}
	return g
}
