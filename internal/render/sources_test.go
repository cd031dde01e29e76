package render

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/evalbook/evalbook/internal/project"
)

// TestSourcesPage: a project with source reports gets the data-quality page,
// its nav entry, the dashboard's note about skipped input and
// api/sources.json with every figure; reasons from the data are escaped.
func TestSourcesPage(t *testing.T) {
	in := testInput()
	in.Project.Sources = []project.SourceReport{
		{Path: "data/annotations/export.json", Kind: "annotations", Format: "label-studio", Records: 5, Read: 3, Values: 9, Comments: 2, Items: 4,
			Skipped: []project.Skip{
				{Reason: "cancelled annotation (was_cancelled)", N: 2, Example: project.Pos{File: "data/annotations/export.json", Line: 40}},
				{Reason: "result of type <rectanglelabels> (not a rating)", N: 1, Part: true, Example: project.Pos{File: "data/annotations/export.json", Line: 12}},
			}},
		{Path: "data/metrics/results.json", Kind: "metrics", NotRead: "no reader takes this file as metrics; tried csv: a .json file is not delimited text"},
		{Path: "data/metrics/header.csv", Kind: "metrics", Format: "csv", Empty: "no records"},
	}
	files := renderTest(t, in)
	page := files["sources.html"]
	for _, want := range []string{
		`<p class="lead">3 data files: 5 records, 3 read, 2 skipped; 1 files no reader took; 1 files gave no record.</p>`,
		`<p class="bad">Nothing read: no records.</p>`,
		`<tr><th scope="row"><code>data/annotations/export.json</code></th><td>annotations</td><td>label-studio</td><td class="num">5</td><td class="num">3</td><td class="num bad">2</td><td class="num">9</td><td class="num">0</td><td class="num">2</td><td class="num">4</td></tr>`,
		`<tr><th scope="row"><code>data/metrics/results.json</code></th><td>metrics</td><td><span class="bad">not read</span></td>`,
		`<tr><td>result of type &lt;rectanglelabels&gt; (not a rating)</td><td class="num">1</td><td>parts of read records</td><td><code>data/annotations/export.json:12</code></td></tr>`,
		`<p class="bad">Not read: no reader takes this file as metrics; tried csv: a .json file is not delimited text</p>`,
		`<a href="api/sources.json">api/sources.json</a>`,
	} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("sources.html lacks %q", want)
		}
	}
	for _, want := range []string{
		`<p class="note">Some input was skipped: 2 records and 1 parts of records, and 1 files no reader took. See <a href="sources.html">data quality</a>.</p>`,
		`<a href="sources.html"`,
	} {
		if !bytes.Contains(files["index.html"], []byte(want)) {
			t.Errorf("index.html lacks %q", want)
		}
	}
	var api struct {
		Sources []apiSource `json:"sources"`
	}
	if err := json.Unmarshal(files["api/sources.json"], &api); err != nil {
		t.Fatal(err)
	}
	want := []apiSource{
		{Path: "data/annotations/export.json", Kind: "annotations", Format: "label-studio", Records: 5, Read: 3, Skipped: 2, Values: 9, Comments: 2, Items: 4, Skips: []apiSkip{
			{Reason: "cancelled annotation (was_cancelled)", N: 2, Example: "data/annotations/export.json:40"},
			{Reason: "result of type <rectanglelabels> (not a rating)", N: 1, Part: true, Example: "data/annotations/export.json:12"},
		}},
		{Path: "data/metrics/results.json", Kind: "metrics", NotRead: "no reader takes this file as metrics; tried csv: a .json file is not delimited text", Skips: []apiSkip{}},
		{Path: "data/metrics/header.csv", Kind: "metrics", Format: "csv", Empty: "no records", Skips: []apiSkip{}},
	}
	if !reflect.DeepEqual(api.Sources, want) {
		t.Errorf("api/sources.json\n got: %+v\nwant: %+v", api.Sources, want)
	}
}

// TestNoSourcesPage: a project read from no data file has no data-quality
// page and no note.
func TestNoSourcesPage(t *testing.T) {
	files := testSite(t)
	if _, ok := files["sources.html"]; ok {
		t.Error("sources.html written without sources")
	}
	if _, ok := files["api/sources.json"]; ok {
		t.Error("api/sources.json written without sources")
	}
}
