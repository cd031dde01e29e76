package build

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/evalbook/evalbook/internal/synth"
)

// maxPage is the largest a page of the site may be: a page beyond it
// loads slowly and may not render at all in a browser.
const maxPage = 1 << 20

// TestManyRaters builds the crowd corpus (synth.Crowd: 300 raters, about
// 100,000 ratings) and checks that raters.json has every rater and that no
// HTML page is larger than 1 MB: dimension pages summarise the raters and
// their pairs instead of listing them. It logs the build time and the
// largest pages (BENCHMARKS.md records them).
func TestManyRaters(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 100,000-rating project; skipped with -short")
	}
	proj := t.TempDir()
	if err := synth.Write(proj, synth.Crowd()); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(proj, "site")
	start := time.Now()
	res, err := Build(Options{Source: proj, Output: out})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("built %d pages in %v", res.Pages, time.Since(start).Round(time.Millisecond))

	var rt struct {
		Raters []struct{ Rater, Dimension, Iteration string }
		Pairs  []struct{ Dimension string }
	}
	body, err := os.ReadFile(filepath.Join(out, "api", "raters.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(body, &rt); err != nil {
		t.Fatal(err)
	}
	pooled := 0
	for _, r := range rt.Raters {
		if r.Dimension == "helpfulness" && r.Iteration == "" {
			pooled++
		}
	}
	if pooled != 300 || len(rt.Pairs) < 10000 {
		t.Errorf("raters.json has %d helpfulness raters and %d pairs; want all 300 and their pairs", pooled, len(rt.Pairs))
	}

	type page struct {
		path string
		size int64
	}
	var pages []page
	err = filepath.WalkDir(out, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || filepath.Ext(path) != ".html" {
			return err
		}
		info, err := e.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, path)
		pages = append(pages, page{filepath.ToSlash(rel), info.Size()})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(pages, func(a, b page) int { return int(b.size - a.size) })
	for i, p := range pages {
		if p.size > maxPage {
			t.Errorf("%s is %d bytes; want at most %d", p.path, p.size, maxPage)
		}
		if i < 5 || p.path == "dimensions/helpfulness.html" || p.path == "dimensions/penalty.html" {
			t.Logf("%8d bytes  %s", p.size, p.path)
		}
	}
}
