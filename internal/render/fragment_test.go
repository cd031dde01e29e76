package render

import (
	"bytes"
	"html/template"
	"io/fs"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/evalbook/evalbook/internal/alert"
	"github.com/evalbook/evalbook/internal/experiment"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/reliability"
	"github.com/evalbook/evalbook/templates"
)

// gridTemplate is the rating grid as pages/item.html wrote it before the
// grids became fragments: the fragment must write the same bytes.
const gridTemplate = `{{range .Grids}}
<h3 id="{{.Anchor}}"><a href="{{$.Rel .Dim.Path}}">{{.Dim.Label}}</a></h3>
<div class="scroll">
<table class="rating-grid">
<thead><tr><th scope="col">Rater</th>
{{- range .Cols}}<th scope="col">{{with .Iter}}<a href="{{$.Rel .Path}}">{{.ID}}</a>{{else}}{{with .ID}}{{.}}{{else}}(no iteration){{end}}{{end}}</th>{{end -}}
</tr></thead>
<tbody>
{{- range .Raters}}
<tr><th scope="row"><a href="{{$.Rel .Link}}">{{.Name}}</a></th>{{.Row}}</tr>
{{- end}}
</tbody>
<tfoot><tr class="consensus"><th scope="row">Consensus <span class="muted small">{{.Rule}}</span></th>{{range .Consensus}}<td>{{.}}</td>{{end}}</tr></tfoot>
</table>
</div>
{{- with .Comments}}
<ol class="comments">
{{- range .}}
<li id="{{.ID}}" value="{{.N}}"><span class="muted">{{.Rater}}{{with .Iteration}}, {{.}}{{end}}:</span> <span class="comment">{{.Text}}</span></li>
{{- end}}
</ol>
{{- end}}
{{- end}}`

// TestGridFragment checks ratingGrid.fragment against the template it
// replaces, after scrollRegions, on plain and hostile names, labels, iterations, links and
// comments.
func TestGridFragment(t *testing.T) {
	tmpl := template.Must(template.New("grid").Parse(gridTemplate))
	it := &iterView{Iteration: project.Iteration{ID: "it01"}, Path: "iterations/it01.html"}
	odd := &iterView{Iteration: project.Iteration{ID: `v<2>&"'+`}, Path: "iterations/v 2 é?x=1&y.html"}
	tests := []struct {
		name string
		root string
		g    ratingGrid
	}{
		{"plain", "../", ratingGrid{
			Dim: &dimView{Label: "Helpfulness", Path: "dimensions/helpfulness.html"}, Anchor: "ratings-helpfulness",
			Cols:      []gridCol{{ID: "it01", Iter: it}, {ID: "x9"}, {ID: ""}},
			Raters:    []gridRater{{Name: "ann", Link: "dimensions/helpfulness.html#rater-ann", Cells: []string{"4", "", "3, 5"}, Notes: [][]int{{1}, nil, {2, 3}}, grid: "ratings-helpfulness"}},
			Consensus: []string{"4", "tie", ""}, Rule: "mean",
			Comments: []gridComment{{N: 1, ID: "ratings-helpfulness-c1", Rater: "ann", Iteration: "it01", Text: "fine"}, {N: 2, ID: "ratings-helpfulness-c2", Rater: "ann", Text: "no iteration"}},
		}},
		{"hostile", "../../", ratingGrid{
			Dim: &dimView{Label: `<script>"a"&'b'+c</script>`, Path: "dimensions/x y.html"}, Anchor: `ratings-"q"`,
			Cols:      []gridCol{{ID: odd.ID, Iter: odd}, {ID: "<none>+"}},
			Raters:    []gridRater{{Name: "<b>bob</b> + 'x' \x00", Link: "javascript:alert(1)", Cells: []string{"<i>", "a&b"}, grid: "g"}, {Name: "é ☃", Link: "https://example.com/a b?c=<d>", Cells: []string{"", "1"}}},
			Consensus: []string{"<tie>", "a+b"}, Rule: `"majority"`,
			Comments: []gridComment{{N: 1, ID: `c"1`, Rater: "<r>", Iteration: "i&t", Text: "</li><script>x</script> + \x00"}},
		}},
		{"empty", "", ratingGrid{Dim: &dimView{}, Anchor: "ratings-"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var want pageBuf
			pg := &page{Root: tc.root}
			data := struct {
				*page
				Grids []ratingGrid
			}{pg, []ratingGrid{tc.g}}
			if err := tmpl.Execute(&want, data); err != nil {
				t.Fatal(err)
			}
			// The fragment's scroll box has scrollRegions' attributes
			// already: it equals the template's grid once scrollRegions
			// has labelled that grid's box, and scrollRegions leaves it be.
			w := string(scrollRegions([]byte(want.String())))
			if got := string(tc.g.fragment(tc.root)); got != w || string(scrollRegions([]byte(got))) != got {
				t.Errorf("fragment:\n%s\ntemplate:\n%s", got, w)
			}
		})
	}
}

// TestRenderCachedGrids renders the fixture through one Cache after edits
// that touch the item pages' rating grids, which each item page builds
// from the rating columns (itemSite.details), and checks after each that
// the files are those of a full Render.
func TestRenderCachedGrids(t *testing.T) {
	t.Parallel() // renders of its own inputs only
	var c Cache
	comment := func(in *Input) {
		d := &in.Project.Dimensions[0]
		d.Ratings = project.RatingsOf(append(d.Ratings.Slice(),
			project.Rating{Item: "q1", Rater: "dee <x>", Iteration: "v2", Value: 3, Label: "3", Comment: "a comment + more"}))
	}
	label := func(in *Input) { in.Project.Dimensions[1].Label = "Tone <new>" }
	rule := func(in *Input) {
		d := in.Config.Dimensions["helpfulness"]
		d.Consensus = "median"
		in.Config.Dimensions["helpfulness"] = d
	}
	custom := func(in *Input) {
		in.Templates = Overlay(fstest.MapFS{"pages/item.html": {Data: []byte(
			`{{define "content"}}{{range .Data.Item.Grids}}<p>{{.Dim.Label}}: {{len .Raters}} raters</p>{{end}}{{end}}`)}}, in.Templates)
	}
	steps := []struct {
		name  string
		edits []func(*Input)
	}{
		{"first render", nil},
		{"nothing changed", nil},
		{"a rating with a comment on helpfulness", []func(*Input){comment}},
		{"tone's label", []func(*Input){comment, label}},
		{"helpfulness's consensus rule", []func(*Input){comment, label, rule}},
		{"a rating removed again", []func(*Input){label, rule}},
		{"an item page that reads the grids' raters", []func(*Input){label, rule, custom}},
		{"the default item page again", []func(*Input){label}},
	}
	for _, st := range steps {
		in := testInput()
		for _, e := range st.edits {
			e(&in)
		}
		got, err := RenderCached(in, &c)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		want := renderTest(t, in)
		for _, name := range slices.Sorted(maps.Keys(want)) {
			if !bytes.Equal(got[name], want[name]) {
				t.Errorf("%s: %s differs from a full render", st.name, name)
			}
		}
	}
}

// TestEscText compares escText with html/template on text with every
// character its escaper replaces, invalid UTF-8 and characters beyond
// ASCII.
func TestEscText(t *testing.T) {
	tmpl := template.Must(template.New("t").Parse(`<p title="{{.}}">{{.}}</p>`))
	for _, s := range []string{"", "plain text", `<a href="x">'q' & "r" + s</a>`, "nul \x00 here", "bad \xff\xfe utf-8 <", "é ☃ \u202e +1", "\ufdd0\uffff"} {
		var want, got pageBuf
		if err := tmpl.Execute(&want, s); err != nil {
			t.Fatal(err)
		}
		var e pageBuf
		escText(&e, s)
		got.WriteString(`<p title="` + e.String() + `">` + e.String() + `</p>`)
		if got.String() != want.String() {
			t.Errorf("escText(%q) = %q; html/template writes %q", s, got.String(), want.String())
		}
	}
}

// TestEscHref compares escHref with html/template on links its fast path
// writes as they are (unreserved characters, '/' and '#'), and on links
// it hands to the template.
func TestEscHref(t *testing.T) {
	tmpl := template.Must(template.New("t").Parse(`<a href="{{.}}">`))
	for _, s := range []string{"", "../metrics/answer_accuracy.html", "a-b.c~d/e_f.html#g_h", "A_Z09.html",
		"q 2é.html", "x?y=1&z=<2>", "javascript:alert(1)", "a+b'c\"d", "https://example.com/a_b",
		"https://example.org:8080/proj/items/b00000.html", "http://x/a:b", "HTTPS://x/y", "https:x", "ftp://x/y", "data:text/html,x", "/a:b", "a%20b"} {
		var want pageBuf
		if err := tmpl.Execute(&want, s); err != nil {
			t.Fatal(err)
		}
		var got pageBuf
		escHref(&got, s)
		if w := strings.TrimSuffix(strings.TrimPrefix(want.String(), `<a href="`), `">`); got.String() != w {
			t.Errorf("escHref(%q) = %q; html/template writes %q", s, got.String(), w)
		}
	}
}

// TestEscRel compares escRel with escHref of the joined link.
func TestEscRel(t *testing.T) {
	for _, root := range []string{"", "../", "../../", "a b/", "x:/"} {
		for _, p := range []string{"", "items/index.html", "metrics/a_b.html#x", "q 2é.html", "https://example.org/a", "a:b"} {
			var got, want pageBuf
			escRel(&got, root, p)
			escHref(&want, relTo(root, p))
			if got.String() != want.String() {
				t.Errorf("escRel(%q, %q) = %q; want %q", root, p, got.String(), want.String())
			}
		}
	}
}

// rowTemplate is a row of the item index as pages/items.html wrote it
// before the rows became fragments.
const rowTemplate = `{{range .Items}}
<tr><th scope="row"><a href="{{$.Rel .Path}}">{{.ID}}</a></th><td class="num">{{.NRatings}}</td><td class="num">{{.NValues}}</td><td>{{range $i, $s := .Slices}}{{if $i}}, {{end}}{{$s.Name}}: {{$s.Value}}{{end}}</td><td class="excerpt">{{.Input}}</td></tr>
{{- end}}`

// TestItemIndexFragment checks itemIndexRow.fragment against the template
// it replaces, on plain and hostile items.
func TestItemIndexFragment(t *testing.T) {
	tmpl := template.Must(template.New("rows").Parse(rowTemplate))
	rows := []itemIndexRow{
		{itemView: &itemView{ID: "q1", Path: "items/q1.html", NRatings: 12, NValues: 3, Slices: []sliceValue{{"domain", "account"}, {"language", "en"}}}, Input: "How do I reset my password?"},
		{itemView: &itemView{ID: `<q2>&"'+`, Path: "items/q 2é.html"}, Input: "<script>alert(1)</script> \x00 \xff"},
		{itemView: &itemView{ID: "q3", Path: "items/q3.html", Slices: []sliceValue{{"<k>", "v+w"}}}},
	}
	var want, got pageBuf
	if err := tmpl.Execute(&want, struct {
		*page
		Items []itemIndexRow
	}{&page{Root: "../"}, rows}); err != nil {
		t.Fatal(err)
	}
	for i := range rows {
		rows[i].fragment(&got, "../")
	}
	if got.String() != want.String() {
		t.Errorf("fragments:\n%s\ntemplate:\n%s", got.String(), want.String())
	}
}

// TestDocRowFragment checks docRow against the default templates' docrow
// partial (executed through page.Row's template path) for every page
// type, on plain and hostile titles, dates, tags, outcomes, summaries and
// links, and that docRowsApart sees an override of either template.
func TestDocRowFragment(t *testing.T) {
	sets, err := parseSets(templateSource{fsys: templates.FS})
	if err != nil {
		t.Fatal(err)
	}
	date := time.Date(2026, 3, 4, 23, 30, 0, 0, time.FixedZone("x", -5*3600))
	docs := []*docView{
		{Document: &project.Document{Meta: project.FrontMatter{Title: "Plain"}}, Path: "casestudies/plain.html"},
		{Document: &project.Document{Meta: project.FrontMatter{Title: "All", Date: date, Decision: "adopt", Status: "done", Summary: "A summary."}},
			Path: "decisions/all.html", Verdict: &verdictView{Verdict: experiment.Verdict{Outcome: "supported"}}},
		{Document: &project.Document{Meta: project.FrontMatter{Title: `<script>"a"&'b'+c</script>`, Decision: "<x>", Status: "a&b", Summary: "</li>\x00+"}},
			Path: "casestudies/x y é?.html", Verdict: &verdictView{}},
		{Document: &project.Document{Meta: project.FrontMatter{Title: "odd outcome"}}, Path: "https://example.com/a b?c=<d>",
			Verdict: &verdictView{Verdict: experiment.Verdict{Outcome: `"bad"<`}}},
		{Document: &project.Document{}, Path: "javascript:alert(1)"},
		nil,
	}
	for _, kind := range pageTypes {
		for _, root := range []string{"", "../", "../../"} {
			for i, d := range docs {
				var want pageBuf
				if err := sets[kind].ExecuteTemplate(&want, "docrow", argPack{&page{Root: root}, []any{d}}); err != nil {
					t.Fatal(err)
				}
				if got := string(docRow(root, d)); got != want.String() {
					t.Errorf("%s, root %q, doc %d:\nfragment: %s\ntemplate: %s", kind, root, i, got, want.String())
				}
			}
		}
	}
	figures, _ := fs.ReadFile(templates.FS, "partials/figures.html")
	for _, tc := range []struct {
		name  string
		files fstest.MapFS
		want  bool
	}{
		{"default", nil, true},
		{"figures changed", fstest.MapFS{"partials/figures.html": {Data: append(slices.Clip(figures), '\n')}}, false},
		{"outcome redefined", fstest.MapFS{"pages/casestudy.html": {Data: []byte(`{{define "content"}}{{end}}{{ define  "outcome"}}x{{end}}`)}}, false},
		{"docrow as a block", fstest.MapFS{"partials/mine.html": {Data: []byte(`{{block "docrow" .}}x{{end}}`)}}, false},
		{"outcome called only", fstest.MapFS{"pages/x.html": {Data: []byte(`{{template "outcome" .}}`)}}, true},
	} {
		fsys := fstest.MapFS{}
		for _, p := range []string{"partials/figures.html", "pages/casestudy.html", "layout/base.html"} {
			b, _ := fs.ReadFile(templates.FS, p)
			fsys[p] = &fstest.MapFile{Data: b}
		}
		maps.Copy(fsys, tc.files)
		if got := docRowsApart(fsys); got != tc.want {
			t.Errorf("%s: docRowsApart = %v, want %v", tc.name, got, tc.want)
		}
	}
	if docRowsApart(fstest.MapFS{"pages/x.html": {Data: []byte("x")}}) {
		t.Error("docRowsApart holds without partials/figures.html")
	}
}

// defaultSet parses the default templates of one page type.
func defaultSet(t *testing.T, kind string) *template.Template {
	t.Helper()
	sets, err := parseSets(templateSource{fsys: templates.FS})
	if err != nil {
		t.Fatal(err)
	}
	return sets[kind]
}

// TestSpanFuncs checks the template functions changeSpan and verdictSpan
// against the "change" and "verdict" partials they replace in the default
// pages, on every tone, missing and non-finite figures, units, and
// hostile verdicts.
func TestSpanFuncs(t *testing.T) {
	set := defaultSet(t, "iteration")
	exec := func(name string, v ...any) string {
		var b pageBuf
		if err := set.ExecuteTemplate(&b, name, argPack{&page{}, v}); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	x, zero, tiny := 0.25, 0.0, 1e-12
	var none *float64
	for _, v := range []any{0.5, -0.5, 0.0, 1e-12, -3.5e7, math.NaN(), math.Inf(1), 3, &x, &zero, &tiny, none, nil, "x"} {
		for _, unit := range []string{"", "%", "ms", `<u>&"'`} {
			for _, dir := range []string{"higher", "lower", ""} {
				if got, want := string(changeSpan(v, unit, dir)), exec("change", v, unit, dir); got != want {
					t.Errorf("changeSpan(%v, %q, %q) = %s, partial %s", v, unit, dir, got, want)
				}
			}
		}
	}
	for _, v := range []string{"better", "worse", "possibly better", "possibly worse", "no change", "no test", "", `<b>"x"&'+`} {
		for _, sig := range []bool{false, true} {
			if got, want := string(verdictSpan(v, sig)), exec("verdict", v, sig); got != want {
				t.Errorf("verdictSpan(%q, %v) = %s, partial %s", v, sig, got, want)
			}
		}
	}
}

// TestCompCells checks compView.cells against the partials compn,
// pairing, verdict and compflags, on paired and unpaired comparisons with
// and without a method, significant or not, and with hostile alerts.
func TestCompCells(t *testing.T) {
	set := defaultSet(t, "iteration")
	exec := func(name string, data any) string {
		var b pageBuf
		if err := set.ExecuteTemplate(&b, name, data); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	alerts := []alertView{
		{Alert: alert.Alert{Kind: "reliability", Severity: alert.Warning, Message: "alpha fell"}},
		{Alert: alert.Alert{Kind: `<k>&"`, Severity: alert.Severity(2), Message: "a \"quoted\" <message> & 'more'+\x00"}},
	}
	for _, c := range []experiment.Comparison{
		{N: 40, NAgainst: 40, Paired: true, Method: "paired bootstrap, sign-flip test", Verdict: "better", Significant: true},
		{N: 12, NAgainst: 30, Method: "unpaired bootstrap", Verdict: "possibly worse"},
		{N: 0, Paired: true, Verdict: "no test"},
		{N: 3, NAgainst: 0, Method: `<m title="x">&'+`, Verdict: `<v>`, Significant: true},
	} {
		for _, as := range [][]alertView{nil, alerts} {
			v := &compView{Comparison: c, Alerts: as}
			v.cells()
			for _, cell := range []struct {
				name string
				got  template.HTML
				want string
			}{
				{"compn", v.Fmt.N, exec("compn", v)},
				{"pairing", v.Fmt.Pairing, exec("pairing", v)},
				{"verdict", v.Fmt.Verdict, exec("verdict", argPack{&page{}, []any{c.Verdict, c.Significant}})},
				{"compflags", v.Fmt.Flags, exec("compflags", v)},
			} {
				if string(cell.got) != cell.want {
					t.Errorf("%+v, %d alerts: %s cell %s, partial %s", c, len(as), cell.name, cell.got, cell.want)
				}
			}
		}
	}
}

// sliceRowsTemplate is the rows of a table by slice as pages/iteration.html
// wrote them before compView.SliceRows.
const sliceRowsTemplate = `{{$c := .}}{{- range .Slices}}
<tr{{if .Reversal}} class="reversal"{{end}}><th scope="row">{{.Slice}}</th><td class="num">{{.N}}</td><td class="num nowrap">{{delta .Delta $c.Unit}}</td><td class="num nowrap">{{ci .CI $c.Unit}}</td><td class="num nowrap">{{pval .P}}</td><td class="num nowrap">{{pval .PAdjusted}}</td><td>{{verdictSpan .Verdict .Significant}}{{if .Reversal}} <span class="flag">slice regression hidden by the aggregate</span>{{else if .PossibleReversal}} <span class="hint">possible slice regression</span>{{end}}</td></tr>
{{- end}}`

// TestSliceRows checks compView.SliceRows against the template it
// replaces: reversals, possible reversals, missing p-values and
// intervals, units, and hostile slice names and verdicts.
func TestSliceRows(t *testing.T) {
	tmpl := template.Must(template.New("rows").Funcs(funcs()).Parse(sliceRowsTemplate))
	p, padj := 0.0123, 0.2
	slices := []experiment.SliceComparison{
		{Slice: "math", N: 40, Delta: 0.031, CI: &experiment.Interval{Low: 0.01, High: 0.05}, P: &p, PAdjusted: &padj, Verdict: "possibly better"},
		{Slice: "code", N: 12, Delta: -0.2, CI: &experiment.Interval{Low: -0.3, High: -0.1}, P: &p, PAdjusted: &p, Verdict: "worse", Significant: true, Reversal: true},
		{Slice: "long", N: 3, Delta: -0.01, Verdict: "no change", PossibleReversal: true},
		{Slice: `<s>"x"&'y'+`, Delta: math.NaN(), Verdict: `<v>`},
	}
	for _, unit := range []string{"", "%", `<u>`} {
		for _, ss := range [][]experiment.SliceComparison{nil, slices} {
			c := &compView{Comparison: experiment.Comparison{Slices: ss}, Unit: unit}
			var want pageBuf
			if err := tmpl.Execute(&want, c); err != nil {
				t.Fatal(err)
			}
			if got := string(c.SliceRows()); got != want.String() {
				t.Errorf("unit %q, %d slices:\nSliceRows: %s\ntemplate:  %s", unit, len(ss), got, want.String())
			}
		}
	}
}

// TestPanelRowHTML checks panelRow.HTML against the "verdictrow" partial:
// compared and not compared subjects, with and without an agreement
// record, a label, a link, and hostile names.
func TestPanelRowHTML(t *testing.T) {
	set := defaultSet(t, "iteration")
	alpha := 0.71
	p := 0.01
	comp := &compView{Comparison: experiment.Comparison{Delta: -0.05, Direction: "lower", CI: &experiment.Interval{Low: -0.08, High: -0.02}, P: &p, Verdict: "better", Significant: true}, Unit: "ms"}
	odd := &compView{Comparison: experiment.Comparison{Delta: 0.0, Verdict: `<v>&"`}, Unit: `<u>`}
	rows := []panelRow{
		{Kind: "metric", Name: "latency", Label: "Latency", Path: "metrics/latency.html", Comp: comp, Forest: `<svg class="forest"><line x1="0"/></svg>`},
		{Kind: "dimension", Name: "help", Label: "Helpfulness", Path: "dimensions/help.html", Comp: comp, Human: true,
			Rel: &reliability.Record{Dimension: "help", Alpha: &alpha, Status: "unreliable"}},
		{Kind: "dimension", Name: "tone", Label: "Tone", Rel: &reliability.Record{Dimension: `t"<x>`, Status: "not computable"}, Top: `"friendly" & <warm>`},
		{Kind: `<k>`, Name: `n"&'+`, Label: `<script>x</script>`, Path: "javascript:alert(1)", Comp: odd},
		{Kind: "pairwise", Name: "pref", Label: "Preference", Path: "pairwise/a b?.html"},
	}
	for _, root := range []string{"", "../"} {
		for i, r := range rows {
			var want pageBuf
			if err := set.ExecuteTemplate(&want, "verdictrow", argPack{&page{Root: root}, []any{r}}); err != nil {
				t.Fatal(err)
			}
			if got := string(r.HTML(root)); got != want.String() {
				t.Errorf("root %q, row %d:\nHTML:    %s\npartial: %s", root, i, got, want.String())
			}
		}
	}
}

// iterRowTemplate is a row of an iteration's table of every comparison as
// pages/iteration.html wrote it before compView.IterRow ($d.Comparisons
// stands for the table, .C for the row's comparison).
const iterRowTemplate = `{{$d := .}}{{with .C}}
<tr><th scope="row">{{if .Path}}<a href="{{$.Rel .Path}}">{{.Label}}</a>{{else}}{{.Label}}{{end}}{{if eq .Kind "dimension"}} <span class="muted small">human</span>{{else if eq .Kind "pairwise"}} <span class="muted small">win rate</span>{{end}}</th><td class="num nowrap">{{.Fmt.Mean}}</td><td class="num nowrap">{{.Fmt.Against}}{{if gt (len $d.Comparisons.Targets) 1}} <span class="muted small">{{.Against}}</span>{{end}}</td><td class="num nowrap">{{.Fmt.Delta}}</td><td class="num nowrap">{{.Fmt.CI}}</td><td class="num nowrap">{{.Fmt.P}}</td><td class="num nowrap">{{.Fmt.PAdjusted}}</td><td class="num">{{.Fmt.Effect}}</td><td class="num nowrap">{{.Fmt.N}}</td><td>{{.Fmt.Pairing}}</td><td class="verdict-cell">{{.Fmt.Verdict}}{{.Fmt.Flags}}{{if .Reversals}} <a class="flag" href="#slices">slice regression</a>{{else if .PossibleReversals}} <a class="hint" href="#slices">possible slice regression</a>{{end}}</td></tr>
{{- end}}`

// TestIterRow checks compView.IterRow against the template it replaces:
// every kind, one and two targets, reversals, alerts and hostile labels,
// made by newCompView as the renderer makes them.
func TestIterRow(t *testing.T) {
	tmpl := template.Must(template.New("row").Funcs(funcs()).Parse(iterRowTemplate))
	p, eff := 0.004, 0.52
	ci := &experiment.Interval{Low: 0.01, High: 0.2}
	comps := []*compView{
		{Comparison: experiment.Comparison{Kind: "metric", Against: "v1", Mean: 0.8, MeanAgainst: 0.7, Delta: 0.1, CI: ci, P: &p, PAdjusted: &p, Effect: &eff, N: 40, NAgainst: 40, Paired: true, Method: "paired bootstrap", Verdict: "better", Significant: true},
			Label: "Accuracy", Path: "metrics/accuracy.html", Unit: "%",
			Reversals: []experiment.SliceComparison{{Slice: "math"}}, Alerts: []alertView{{Alert: alert.Alert{Kind: "slice-x", Message: "m"}}}},
		{Comparison: experiment.Comparison{Kind: "dimension", Against: `<v0>&"`, Mean: math.NaN(), Verdict: "possibly worse", N: 3, NAgainst: 9},
			Label: `<script>"h"</script>`, PossibleReversals: []experiment.SliceComparison{{Slice: "x"}}},
		{Comparison: experiment.Comparison{Kind: "pairwise", Against: "v2", Mean: 0.6, MeanAgainst: 0.5, Delta: 0.1, Verdict: "no change"},
			Label: "Preference", Path: "pairwise/pref x?.html"},
		{Comparison: experiment.Comparison{Kind: `<k>`}, Label: "odd", Path: "https://example.com/a?b=<c>&d"},
	}
	for _, c := range comps {
		c.cells()
	}
	for _, root := range []string{"", "../"} {
		for _, targets := range []int{1, 2} {
			for i, c := range comps {
				data := struct {
					*page
					Comparisons struct{ Targets []target }
					C           *compView
				}{page: &page{Root: root}, C: c}
				data.Comparisons.Targets = make([]target, targets)
				var want pageBuf
				if err := tmpl.Execute(&want, data); err != nil {
					t.Fatal(err)
				}
				if got := string(c.IterRow(root, targets)); got != want.String() {
					t.Errorf("root %q, %d targets, row %d:\nIterRow:  %s\ntemplate: %s", root, targets, i, got, want.String())
				}
			}
		}
	}
}
