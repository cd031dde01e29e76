package render

import (
	"bytes"
	"html/template"
	"io/fs"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/evalbook/evalbook/templates"
)

// parsedAfresh returns the template sets of fsys parsed file by file with
// html/template's own Parse, as parseTemplates did before the built-in
// files were parsed once per process: the reference the sets are compared
// with.
func parsedAfresh(t *testing.T, fsys fs.FS) map[string]*template.Template {
	t.Helper()
	partials, err := fs.Glob(fsys, "partials/*.html")
	if err != nil {
		t.Fatal(err)
	}
	sets := map[string]*template.Template{}
	for _, kind := range pageTypes {
		set := template.New(kind).Funcs(funcs())
		for _, f := range append(append([]string{"layout/base.html"}, partials...), "pages/"+kind+".html") {
			b, err := fs.ReadFile(fsys, f)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := set.New(f).Parse(string(b)); err != nil {
				t.Fatal(err)
			}
		}
		sets[kind] = set
	}
	return sets
}

// treesOf returns the text of every template of set with a tree, by name.
func treesOf(set *template.Template) map[string]string {
	out := map[string]string{}
	for _, c := range set.Templates() {
		if c.Tree != nil {
			out[c.Name()] = c.Tree.Root.String()
		}
	}
	return out
}

// sameSets fails t unless got holds the templates of want, set by set.
func sameSets(t *testing.T, got, want map[string]*template.Template) {
	t.Helper()
	for _, kind := range pageTypes {
		g, w := treesOf(got[kind]), treesOf(want[kind])
		if len(g) != len(w) {
			t.Errorf("set %s: %d templates, want %d", kind, len(g), len(w))
		}
		for name, text := range w {
			if g[name] != text {
				t.Errorf("set %s: template %q differs from the one parsed afresh:\n got %.200q\nwant %.200q", kind, name, g[name], text)
			}
		}
	}
}

// TestParseTemplatesAsParsedAfresh checks that sets made from the trees
// parsed once per process hold what parsing every file again gave: with
// the built-in templates, and with a project that overrides a partial and
// a page file and adds a partial (which the overrides' own text decides).
func TestParseTemplatesAsParsedAfresh(t *testing.T) {
	for _, c := range []struct {
		name string
		fsys fs.FS
	}{
		{"built-in", templates.FS},
		{"overrides", Overlay(fstest.MapFS{
			"partials/footer.html": {Data: []byte(`{{define "footer"}}<footer>project footer {{.Site.Title}}</footer>{{end}}`)},
			"pages/page.html":      {Data: []byte(`{{define "title"}}T{{end}}{{define "content"}}<p>project page</p>{{end}}`)},
			"partials/zz.html":     {Data: []byte(`{{define "zz"}}added{{end}}`)},
		}, templates.FS)},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := parseTemplates(templateSource{fsys: c.fsys})
			if err != nil {
				t.Fatal(err)
			}
			sameSets(t, got, parsedAfresh(t, c.fsys))
			if c.name == "overrides" {
				if text := treesOf(got["page"])["footer"]; !strings.Contains(text, "project footer") {
					t.Errorf("the page set's footer is %.100q, not the project's", text)
				}
			}
		})
	}
}

// TestDefaultTreesStayUnexecuted checks that a render leaves the trees
// parsed once per process as parsed: html/template rewrites the trees it
// executes (escaping), so a render must execute copies of them only.
func TestDefaultTreesStayUnexecuted(t *testing.T) {
	renderTest(t, testInput())
	fm := funcs()
	for p, f := range defaultTrees() {
		if f.err != nil {
			t.Errorf("%s: %v", p, f.err)
			continue
		}
		fresh, err := template.New(p).Funcs(fm).Parse(f.text)
		if err != nil {
			t.Fatal(err)
		}
		want := treesOf(fresh)
		if len(f.trees) != len(want) {
			t.Errorf("%s: %d trees, want %d", p, len(f.trees), len(want))
		}
		for _, tr := range f.trees {
			if got := tr.Root.String(); got != want[tr.Name] {
				t.Errorf("%s: template %q changed after a render:\n got %.200q\nwant %.200q", p, tr.Name, got, want[tr.Name])
			}
		}
	}
}

// TestBuiltIn checks which template folders share the sets made once per
// process: those whose templates are byte for byte the built-in ones.
func TestBuiltIn(t *testing.T) {
	footer, err := fs.ReadFile(templates.FS, "partials/footer.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		fsys fs.FS
		want bool
	}{
		{"templates.FS", templates.FS, true},
		{"an asset overridden", testTemplates(), true},
		{"a partial overridden with its own text", Overlay(fstest.MapFS{"partials/footer.html": {Data: footer}}, templates.FS), true},
		{"a partial overridden", Overlay(fstest.MapFS{"partials/footer.html": {Data: append(footer, ' ')}}, templates.FS), false},
		{"a partial added", Overlay(fstest.MapFS{"partials/zz.html": {Data: []byte(`{{define "zz"}}{{end}}`)}}, templates.FS), false},
		{"a template outside the folders read", Overlay(fstest.MapFS{"extra.html": {Data: []byte(`x`)}}, templates.FS), false},
		{"a page file missing", fstest.MapFS{"layout/base.html": {Data: []byte(defaultTrees()["layout/base.html"].text)}}, false},
		{"none", nil, false},
		{"a partial overridden in a folder", Overlay(fstest.MapFS{"partials/footer.html": {Data: []byte(`x`)}}, defaultFiles(t)), false},
		{"a copy of the built-in templates", Overlay(fstest.MapFS{"assets/x.css": {Data: []byte(`x`)}}, defaultFiles(t)), true},
		{"a folder named as a template", Overlay(fstest.MapFS{"partials/x.html/a": {Data: []byte(`x`)}}, templates.FS), false},
	} {
		if got := builtIn(c.fsys); got != c.want {
			t.Errorf("%s: builtIn = %v, want %v", c.name, got, c.want)
		}
	}
}

// TestParseSetsShared checks that renders of the built-in templates share
// one process's sets, and that a project overriding a template gets sets
// of its own holding its override.
func TestParseSetsShared(t *testing.T) {
	a, err := parseSets(templateSource{fsys: templates.FS})
	if err != nil {
		t.Fatal(err)
	}
	b, err := parseSets(templateSource{fsys: testTemplates()})
	if err != nil {
		t.Fatal(err)
	}
	if a["page"] != b["page"] {
		t.Error("two renders of the built-in templates made two sets")
	}
	own, err := parseSets(templateSource{fsys: Overlay(fstest.MapFS{
		"partials/footer.html": {Data: []byte(`{{define "footer"}}<footer>own</footer>{{end}}`)},
	}, templates.FS)})
	if err != nil {
		t.Fatal(err)
	}
	if own["page"] == a["page"] {
		t.Fatal("a project's override got the built-in sets")
	}
	if text := treesOf(own["page"])["footer"]; text != "<footer>own</footer>" {
		t.Errorf("the override's footer is %q", text)
	}
}

// TestRendersShareSetsConcurrently renders the test project twice at
// once, on the shared sets of the built-in templates (the first
// executions escape them), and checks both sites are the one a render on
// sets of its own gives. Run with -race, it checks the sharing is safe.
func TestRendersShareSetsConcurrently(t *testing.T) {
	own := Overlay(fstest.MapFS{"partials/zz.html": {Data: []byte(`{{define "zz-unused"}}{{end}}`)}}, testTemplates())
	in := testInput()
	in.Templates = own
	want := renderTest(t, in)
	var sites [2]Files
	var errs [2]error
	var wg sync.WaitGroup
	for i := range sites {
		wg.Go(func() { sites[i], errs[i] = Render(testInput()) })
	}
	wg.Wait()
	for i, got := range sites {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if len(got) != len(want) {
			t.Errorf("render %d: %d files, want %d", i, len(got), len(want))
		}
		for name, b := range want {
			if !bytes.Equal(got[name], b) {
				t.Errorf("render %d: %s differs from the render on sets of its own", i, name)
			}
		}
	}
}
