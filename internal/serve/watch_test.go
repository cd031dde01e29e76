package serve

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/evalbook/evalbook/internal/config"
)

func TestIgnored(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{".grounding.md.swp", true},
		{".grounding.md.swo", true},
		{".grounding.md.swx", true},
		{"grounding.md~", true},
		{".#grounding.md", true},
		{"#grounding.md#", true},
		{"4913", true},
		{"items.csv___jb_tmp___", true},
		{"items.csv.tmp", true},
		{".DS_Store", true},
		{"grounding.md", false},
		{"items.csv", false},
		{"49130.csv", false},
		{"#", false},
		{"style.css", false},
		{".gitkeep", false},
	}
	for _, tt := range tests {
		if got := ignored(tt.name); got != tt.want {
			t.Errorf("ignored(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestRelevant(t *testing.T) {
	roots := []Root{
		{Path: "/p/config.toml"},
		{Path: "/p/data/raters.csv"},
		{Path: "/p/data/metrics", Tree: true},
		{Path: "/p/casestudies", Tree: true},
	}
	tests := []struct {
		path string
		want bool
	}{
		{"/p/config.toml", true},
		{"/p/data/metrics/items.csv", true},
		{"/p/data/metrics/new/deep/x.csv", true},
		{"/p/data/metrics", true},    // the root itself, removed or created
		{"/p/data", true},            // a folder that holds roots
		{"/p/data/raters.tsv", true}, // a sibling of a watched file
		{"/p/data/notes.txt", false}, // data/ holds roots but is no tree
		{"/p/casestudies/a.md", true},
		{"/p/casestudies/.a.md.swp", false},
		{"/p/casestudies/a.md~", false},
		{"/p/casestudies/.git/index", false}, // hidden folders are skipped
		{"/p/site/index.html", false},        // the output is no input
		{"/p/config.toml~", false},
		{"/p/README.md", false},
		{"/p/casestudiesx/a.md", false},
	}
	for _, tt := range tests {
		if got := relevant(tt.path, roots); got != tt.want {
			t.Errorf("relevant(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
}

func TestRoots(t *testing.T) {
	cfg := config.Default()
	cfg.Root = "/p"
	cfg.Paths.CaseStudies = "notes/cases"
	got, err := Roots(cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{
		"/p/config.toml": false, "/p/notes/cases": true, "/p/content": true, "/p/templates": true,
		"/p/data/metrics": true, "/p/data/annotations": true,
	}
	have := map[string]bool{}
	for _, r := range got {
		have[r.Path] = r.Tree
		if strings.HasPrefix(r.Path, "/p/site") {
			t.Errorf("the output folder %s is watched", r.Path)
		}
	}
	for p, tree := range want {
		if gotTree, ok := have[p]; !ok || gotTree != tree {
			t.Errorf("root %s: watched %v as tree %v, want tree %v (roots %v)", p, ok, gotTree, tree, got)
		}
	}
}

// changes collects what a watcher reports until it reports the file
// sentinel, which the caller wrote after its changes: the kernel queues
// the events of one watcher in order, so every event of the changes comes
// before it. Paths of sentinels (data/metrics/sentinel-*) are left out.
func changes(t *testing.T, w *watcher, sentinel string) []string {
	t.Helper()
	var got []string
	deadline := time.After(10 * time.Second)
	for {
		select {
		case c := <-w.out:
			if c.path == sentinel {
				slices.Sort(got)
				return slices.Compact(got)
			}
			if !strings.HasPrefix(c.path, "data/metrics/sentinel-") {
				got = append(got, c.path)
			}
		case <-deadline:
			t.Fatalf("the watcher never reported %s; so far %q", sentinel, got)
		}
	}
}

// TestWatcher edits a real project folder the ways editors and people do
// and checks what the watcher reports.
func TestWatcher(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("config.toml", "title = \"T\"\n")
	write("casestudies/a.md", "A")
	write("data/metrics/m.csv", "iteration,metric,value\n")
	cfg := config.Default()
	cfg.Root = dir
	roots, err := Roots(cfg)
	if err != nil {
		t.Fatal(err)
	}
	w, err := newWatcher(dir, roots)
	if err != nil {
		t.Fatal(err)
	}
	defer w.close()
	done := make(chan struct{})
	defer close(done)
	go w.run(done)

	steps := []struct {
		name string
		do   func()
		want []string
	}{
		{"a write", func() { write("casestudies/a.md", "A2") }, []string{"casestudies/a.md"}},
		{"swap and backup files only", func() {
			write("casestudies/.a.md.swp", "x")
			write("casestudies/a.md~", "x")
			write("casestudies/4913", "")
			os.Remove(filepath.Join(dir, "casestudies/4913"))
			write("casestudies/.#a.md", "x")
		}, nil},
		{"a chmod", func() { os.Chmod(filepath.Join(dir, "casestudies/a.md"), 0o600) }, nil},
		{"a file outside the inputs", func() { write("site/index.html", "x"); write("notes.txt", "x") }, nil},
		{"a save by rename", func() {
			write("casestudies/a.md.new", "A3")
			if err := os.Rename(filepath.Join(dir, "casestudies/a.md.new"), filepath.Join(dir, "casestudies/a.md")); err != nil {
				t.Fatal(err)
			}
		}, []string{"casestudies/a.md", "casestudies/a.md.new"}},
		{"a save by delete and create", func() {
			os.Remove(filepath.Join(dir, "casestudies/a.md"))
			write("casestudies/a.md", "A4")
		}, []string{"casestudies/a.md"}},
		{"a new folder", func() { write("data/metrics/new/x.csv", "x") }, []string{"data/metrics/new", "data/metrics/new/x.csv"}},
		{"a file in the new folder", func() { write("data/metrics/new/x.csv", "y") }, []string{"data/metrics/new/x.csv"}},
		{"the config", func() { write("config.toml", "title = \"U\"\n") }, []string{"config.toml"}},
		{"a folder deleted", func() { os.RemoveAll(filepath.Join(dir, "casestudies")) }, []string{"casestudies", "casestudies/a.md"}},
		{"the folder created again", func() { os.Mkdir(filepath.Join(dir, "casestudies"), 0o755) }, []string{"casestudies"}},
		{"a file in the folder created again", func() { write("casestudies/b.md", "B") }, []string{"casestudies/b.md"}},
		{"content/ created for the first time", func() { write("content/about.md", "x") }, []string{"content", "content/about.md"}},
		{"a file in it", func() { write("content/about.md", "y") }, []string{"content/about.md"}},
	}
	for i, s := range steps {
		s.do()
		sentinel := fmt.Sprintf("data/metrics/sentinel-%d.csv", i)
		write(sentinel, "")
		got := changes(t, w, sentinel)
		if !slices.Equal(got, s.want) {
			t.Errorf("%s: reported %q, want %q", s.name, got, s.want)
		}
	}
	// Nothing comes late: the events of the last step came before its
	// sentinel, and nothing but sentinels came since.
	write("data/metrics/sentinel-end.csv", "")
	if got := changes(t, w, "data/metrics/sentinel-end.csv"); got != nil {
		t.Errorf("reported %q after the last step", got)
	}
}
