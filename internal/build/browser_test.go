package build

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/evalbook/evalbook/internal/browsertest"
)

// TestPagesDrawInBrowser opens the built example from the file system in
// headless chromium and checks that every page runs without script errors
// and that every chart container holds a drawn canvas.
func TestPagesDrawInBrowser(t *testing.T) {
	b := browsertest.New(t, 1280, 1000, 90*time.Second)
	out := sharedBuild(t).dir // read only
	pages := pagesToOpen(t, out)
	for _, page := range pages {
		url := "file://" + filepath.Join(out, filepath.FromSlash(page))
		if err := b.Open(url); err != nil {
			t.Fatalf("%s: %v", page, err)
		}
		charts, err := browsertest.Eval[int](b, `document.querySelectorAll("[_echarts_instance_]").length`)
		if err != nil {
			t.Fatalf("%s: %v", page, err)
		}
		drawn, err := browsertest.Eval[int](b, `Array.from(document.querySelectorAll("[_echarts_instance_] canvas")).filter(c => c.width > 0 && c.height > 0).length`)
		if err != nil {
			t.Fatalf("%s: %v", page, err)
		}
		if errs := b.Errors(); len(errs) > 0 {
			t.Errorf("%s: script errors: %s", page, strings.Join(errs, "; "))
		}
		if expectsChart(page) && charts == 0 {
			t.Errorf("%s: no chart was initialised", page)
		}
		if drawn < charts {
			t.Errorf("%s: %d charts but only %d drew a canvas", page, charts, drawn)
		}
	}
}

// pagesToOpen picks the dashboard, the first page of each section and the
// indexes.
func pagesToOpen(t *testing.T, site string) []string {
	t.Helper()
	pages := []string{"index.html"}
	for _, dir := range []string{"iterations", "metrics", "dimensions", "casestudies"} {
		entries, err := os.ReadDir(filepath.Join(site, dir))
		if err != nil {
			t.Fatalf("site has no %s/: %v", dir, err)
		}
		var names []string
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".html") {
				names = append(names, e.Name())
			}
		}
		sort.Strings(names)
		for _, n := range names {
			if n != "index.html" {
				pages = append(pages, dir+"/"+n)
				break
			}
		}
		pages = append(pages, dir+"/index.html")
	}
	// The discrepancy overview, one iteration's matrix, the system level and
	// the pair the example's story is about (heat maps, a band, a scatter).
	return append(pages, "discrepancy/index.html", "discrepancy/v4/index.html", "discrepancy/system.html",
		"discrepancy/rouge_l/helpfulness.html", "discrepancy/answer_accuracy/factuality.html", "discrepancy/answer_accuracy/tone.html")
}

// expectsChart reports whether a page must show at least one chart.
func expectsChart(page string) bool {
	switch {
	case strings.HasPrefix(page, "metrics/") && !strings.HasSuffix(page, "index.html"):
		return true
	case strings.HasPrefix(page, "dimensions/") && !strings.HasSuffix(page, "index.html"):
		return true
	case strings.HasPrefix(page, "discrepancy/") && !strings.HasSuffix(page, "/tone.html"): // a nominal pair has a table only
		return true
	}
	return false
}

// TestItemPageFitsPhone opens the item page with the widest rating grids
// at 390 CSS pixels and checks that no page content is wider than the
// screen: the grids scroll inside their own boxes, with the rater column
// sticky.
func TestItemPageFitsPhone(t *testing.T) {
	const width = 390
	b := browsertest.New(t, width, 900, 60*time.Second)
	out := sharedBuild(t).dir // read only
	page := widestItem(t, out)
	// A headless window is at least 500 pixels wide: emulate the phone.
	if err := chromedp.Do(b.Ctx, chromedp.EmulateViewport(width, 900)); err != nil {
		t.Fatal(err)
	}
	if err := b.Open("file://" + filepath.Join(out, "items", page)); err != nil {
		t.Fatalf("%s: %v", page, err)
	}
	for _, c := range []struct {
		what, expr string
		want       int
	}{
		{"the viewport width", `window.innerWidth`, width},
		{"the page's scroll width", `document.documentElement.scrollWidth`, width},
		{"rating grids", `document.querySelectorAll(".scroll > table.rating-grid").length`, 3},
		{"grids that scroll in their box", `Array.from(document.querySelectorAll(".scroll > table.rating-grid")).filter(t => t.parentElement.scrollWidth > t.parentElement.clientWidth).length`, 3},
		{"boxes wider than the screen", `Array.from(document.querySelectorAll(".scroll")).filter(d => d.getBoundingClientRect().right > window.innerWidth).length`, 0},
		{"rater cells that are not sticky", `Array.from(document.querySelectorAll("table.rating-grid tbody th")).filter(th => getComputedStyle(th).position !== "sticky").length`, 0},
	} {
		got, err := browsertest.Eval[int](b, c.expr)
		if err != nil {
			t.Fatalf("%s: %v", c.what, err)
		}
		if got != c.want {
			t.Errorf("%s at %d px: %s is %d, want %d", page, width, c.what, got, c.want)
		}
	}
	if errs := b.Errors(); len(errs) > 0 {
		t.Errorf("%s: script errors: %s", page, strings.Join(errs, "; "))
	}
}

// widestItem returns the file name of the item page with the most
// iteration columns in its rating grids.
func widestItem(t *testing.T, site string) string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(site, "items"))
	if err != nil {
		t.Fatal(err)
	}
	best, most := "", -1
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(site, "items", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(string(b), `<th scope="col"><a href="../iterations/`); n > most {
			best, most = e.Name(), n
		}
	}
	return best
}
