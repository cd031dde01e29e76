package build

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/evalbook/evalbook/internal/render"
	"github.com/evalbook/evalbook/internal/synth"
	"github.com/evalbook/evalbook/templates"
)

// goPages are the page files whose pages Go writes while they and the
// partials they call are the default ones (render's goContents), with the
// folder of their pages.
var goPages = map[string]string{
	"pages/iteration.html": "iterations/",
	"pages/metric.html":    "metrics/",
	"pages/dimension.html": "dimensions/",
}

// TestGoPagesEqualTemplates renders whole projects twice, with the
// default templates (Go writes the pages of goPages) and with each of
// goPages changed by a trailing newline outside its templates (so the
// templates write them, to the same bytes), and checks that every file of
// the two sites is the same: the example project, the benchmark corpus
// (not with -short), a project of systems and one of rounds, and the
// example projects on public data whose data sets are present.
func TestGoPagesEqualTemplates(t *testing.T) {
	t.Parallel()
	projects := map[string]string{
		"example": repoRoot,
		"systems": systemsFixture(t, "[project]\nshape = \"systems\"\n"),
		"rounds":  systemsFixture(t, "[project]\nshape = \"rounds\"\n"),
	}
	// The projects other tests build too: their clean site in memory,
	// shared, is the site with the default templates.
	shared := map[string]bool{"example": true}
	if err := os.WriteFile(filepath.Join(projects["rounds"], "data", "iterations.toml"), []byte(roundsIterations), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"alpaca_eval", "hanna"} {
		if _, err := os.Stat(filepath.Join(sharedData, name)); err == nil {
			projects[name] = filepath.Join(repoRoot, "examples", name)
			shared[name] = true
		}
	}
	if !testing.Short() {
		bench := t.TempDir()
		if err := synth.Write(bench, synth.Bench()); err != nil {
			t.Fatal(err)
		}
		projects["benchmark corpus"] = bench
	}
	changed := fstest.MapFS{}
	for p := range goPages {
		b, err := fs.ReadFile(templates.FS, p)
		if err != nil {
			t.Fatal(err)
		}
		changed[p] = &fstest.MapFile{Data: append(b, '\n')}
	}
	pages := map[string]int{} // compared, by folder
	for name, src := range projects {
		var byGo render.Files
		var a *Analysed
		if shared[name] {
			byGo, a = sharedSite(t, src)
		} else {
			var err error
			if byGo, a, err = Site(Options{Source: src}); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
		in, err := renderInput(a)
		if err != nil {
			t.Fatal(err)
		}
		in.Templates = render.Overlay(changed, in.Templates)
		byTemplates, err := render.Render(in)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		compareSites(t, name, byGo, byTemplates, pages)
	}
	for _, dir := range goPages {
		if pages[dir] == 0 {
			t.Errorf("no page under %s in any project", dir)
		}
	}
}

// compareSites reports every file that differs between the sites and
// counts the pages of each folder of goPages in pages.
func compareSites(t *testing.T, name string, byGo, byTemplates render.Files, pages map[string]int) {
	t.Helper()
	if len(byGo) != len(byTemplates) {
		t.Errorf("%s: %d files by Go, %d by the templates", name, len(byGo), len(byTemplates))
	}
	for p, b := range byGo {
		if !bytes.Equal(b, byTemplates[p]) {
			t.Errorf("%s: %s differs:\n%s", name, p, diffAt(b, byTemplates[p]))
		}
		for _, dir := range goPages {
			if strings.HasPrefix(p, dir) && !strings.HasSuffix(p, "index.html") {
				pages[dir]++
			}
		}
	}
}

// diffAt shows the two texts from a little before where they part.
func diffAt(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-150)
	cut := func(s []byte) string { return string(s[from:min(len(s), i+250)]) }
	return "Go:        " + cut(a) + "\ntemplates: " + cut(b)
}
