package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/reliability"
)

// withOutputs gives q1 an output per iteration (one with markup, one of an
// iteration outside the series) and cy's rating of q1 a comment with
// markup.
func withOutputs(in Input) Input {
	in.Project.Items[0].Outputs = []project.Output{
		{Iteration: "v1", Text: "Use the reset link."},
		{Iteration: "v2", Text: "Use the <b>reset</b> link now."},
		{Iteration: "v3", Text: "<script>alert(2)</script> link."},
		{Iteration: "ghost", Text: "Boo."},
	}
	rs := in.Project.Dimensions[0].Ratings.Slice()
	rs[0].Comment = "<script>alert(3)</script>\nToo terse."
	in.Project.Dimensions[0].Ratings = project.RatingsOf(rs)
	return in
}

// TestItemOutputs: the item page shows each iteration's output side by
// side, marked against the baseline's output (a timeline) or the
// reference system's (a project of systems), every text escaped; and the
// raters' comments beside their ratings.
func TestItemOutputs(t *testing.T) {
	files := renderTest(t, withOutputs(testInput()))
	page := string(files["items/q1.html"])
	for _, want := range []string{
		`<h2 id="outputs">Outputs</h2>`,
		// v1 has nothing to be compared with.
		`<h3><a href="../iterations/v1.html">v1</a></h3>
<p class="muted small">4 words</p>
<pre class="text diff">Use the reset link.</pre>`,
		// v2 against its baseline v1.
		`<h3><a href="../iterations/v2.html">v2</a></h3>
<p class="muted small">5 words; against v1: <span class="del-count">−2</span> <span class="ins-count">+3</span></p>
<pre class="text diff">Use the <del>reset link.</del><ins>&lt;b&gt;reset&lt;/b&gt; link now.</ins></pre>`,
		// v3 against its baseline v1, the script escaped.
		`<pre class="text diff"><del>Use the reset</del><ins>&lt;script&gt;alert(2)&lt;/script&gt;</ins> link.</pre>`,
		// An iteration outside the series: no link, no diff.
		`<h3>ghost</h3>
<p class="muted small">1 word</p>`,
		// The comment: a numbered link in the cell, the text below, escaped.
		`<td>5 <a class="cmark" href="#ratings-helpfulness-c1" aria-label="comment 1">1</a></td>`,
		`<ol class="comments">
<li id="ratings-helpfulness-c1" value="1"><span class="muted">cy, v3:</span> <span class="comment">&lt;script&gt;alert(3)&lt;/script&gt;
Too terse.</span></li>
</ol>`,
		"a number after a rating links to the rater's comment",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("items/q1.html lacks\n%s", want)
		}
	}
	for _, bad := range []string{"<script>alert(2)", "<script>alert(3)"} {
		if strings.Contains(page, bad) {
			t.Errorf("items/q1.html has %q unescaped", bad)
		}
	}
	if n := strings.Count(page, `<section class="output">`); n != 4 {
		t.Errorf("%d outputs on the page; want 4", n)
	}
	if q2 := string(files["items/q2.html"]); strings.Contains(q2, `id="outputs"`) || strings.Contains(q2, "links to the rater's comment") {
		t.Error("items/q2.html, which has no outputs or comments, shows them")
	}

	// An output equal to its base says so.
	in := testInput()
	in.Project.Items[0].Outputs = []project.Output{{Iteration: "v1", Text: "Same."}, {Iteration: "v2", Text: "Same."}}
	if page := string(renderTest(t, in)["items/q1.html"]); !strings.Contains(page, `<p class="muted small">1 word; the same as v1</p>`) {
		t.Error("items/q1.html does not say v2's output is v1's")
	}

	// A project of systems: every output against the reference, v2.
	in = withOutputs(testInput())
	if err := in.Project.SetShape("systems", "v2"); err != nil {
		t.Fatal(err)
	}
	files = renderTest(t, in)
	page = string(files["items/q1.html"])
	for _, want := range []string{
		`<h3><a href="../iterations/v2.html">v2</a> <span class="tag">reference</span></h3>
<p class="muted small">5 words</p>`,
		`<p class="muted small">4 words; against v2: <span class="del-count">−3</span> <span class="ins-count">+2</span></p>
<pre class="text diff">Use the <del>&lt;b&gt;reset&lt;/b&gt; link now.</del><ins>reset link.</ins></pre>`,
		"marked against the reference system of its project",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("systems: items/q1.html lacks\n%s", want)
		}
	}
}

// TestItemOutputFold: a long output is folded into a scroll box; texts
// over textdiff's caps are shown whole, unmarked, with a note.
func TestItemOutputFold(t *testing.T) {
	in := testInput()
	long := strings.Repeat("word ", 6000)
	in.Project.Items[0].Outputs = []project.Output{{Iteration: "v1", Text: long}, {Iteration: "v2", Text: long + "end"}}
	page := string(renderTest(t, in)["items/q1.html"])
	for _, want := range []string{
		`6001 words; too long to diff against v1</p>`,
		`<pre class="text diff fold" tabindex="0" role="region" aria-label="Output of v2">word word`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("items/q1.html lacks %q", want)
		}
	}
}

// TestRaterGroups: a dimension page shows a table per rater attribute and
// the groups' comparison, and api/raters.json has every figure.
func TestRaterGroups(t *testing.T) {
	in := testInput()
	in.Project.Raters = []project.Rater{{ID: "ann", Attrs: map[string]string{"group": "<crowd>"}}}
	d := &in.Reliability.Dimensions[0]
	d.Groups = []reliability.Group{
		{Dimension: "helpfulness", Attribute: "group", Group: "<crowd>", NRaters: 2, NRatings: 40, NItems: 18, Mean: f(3.1), Alpha: f(0.71)},
		{Dimension: "helpfulness", Attribute: "group", Group: "experts", NRaters: 2, NRatings: 40, NItems: 19, Mean: f(3.9), Alpha: f(0.82)},
	}
	d.GroupDiffs = []reliability.GroupDiff{{Dimension: "helpfulness", Attribute: "group", GroupA: "<crowd>", GroupB: "experts",
		N: 17, Diff: f(-0.8), CILow: f(-1.1), CIHigh: f(-0.5), Limit: 0.5, Flagged: true}}
	files := renderTest(t, in)
	page := string(files["dimensions/helpfulness.html"])
	for _, want := range []string{
		`<h2 id="groups">Rater groups</h2>`,
		`<h3 id="groups-group">By group</h3>`,
		`<tr><th scope="row">&lt;crowd&gt;</th><td class="num">2</td><td class="num">40</td><td class="num">3.10</td><td class="num">0.710</td><td class="num">18</td></tr>`,
		`<tr><th scope="row">&lt;crowd&gt; − experts</th><td class="num">17</td><td class="num">-0.800</td><td class="num nowrap">[-1.10, -0.500]</td><td><span class="status status-tentative">judge differently</span></td></tr>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("dimensions/helpfulness.html lacks\n%s", want)
		}
	}
	var api struct {
		Attributes []struct {
			Rater      string            `json:"rater"`
			Attributes map[string]string `json:"attributes"`
		} `json:"attributes"`
		Groups     []reliability.Group     `json:"groups"`
		GroupDiffs []reliability.GroupDiff `json:"group_diffs"`
	}
	if err := json.Unmarshal(files["api/raters.json"], &api); err != nil {
		t.Fatal(err)
	}
	if len(api.Attributes) != 1 || api.Attributes[0].Attributes["group"] != "<crowd>" || len(api.Groups) != 2 ||
		len(api.GroupDiffs) != 1 || !api.GroupDiffs[0].Flagged || *api.GroupDiffs[0].CILow != -1.1 {
		t.Errorf("api/raters.json: %+v", api)
	}
	if bytes.Contains(files["dimensions/tone.html"], []byte(`id="groups"`)) {
		t.Error("dimensions/tone.html, without groups, has a groups section")
	}
}
