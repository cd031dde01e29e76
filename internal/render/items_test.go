package render

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

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
	files := renderTest(t, testInput())
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
