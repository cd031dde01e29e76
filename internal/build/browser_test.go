package build

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// browser returns a chromedp context for headless Debian chromium, or skips
// the test when no chromium is installed (.ci/run installs it).
func browser(t *testing.T) context.Context {
	t.Helper()
	path := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		t.Skip("no chromium on this machine: install Debian's chromium to run the browser tests")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("allow-file-access-from-files", true),
		chromedp.WindowSize(1280, 1000),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancel3)
	return ctx
}

// TestPagesDrawInBrowser opens the built example from the file system in
// headless chromium and checks that every page runs without script errors
// and that every chart container holds a drawn canvas.
func TestPagesDrawInBrowser(t *testing.T) {
	ctx := browser(t)
	out := filepath.Join(t.TempDir(), "site")
	buildExample(t, out)

	var mu sync.Mutex
	var errs []string
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*runtime.EventExceptionThrown); ok {
			mu.Lock()
			d := e.ExceptionDetails
			msg := d.Text
			if d.Exception != nil && d.Exception.Description != "" {
				msg = d.Exception.Description
			}
			errs = append(errs, fmt.Sprintf("%s:%d: %s", d.URL, d.LineNumber+1, msg))
			mu.Unlock()
		}
	})
	if err != nil {
		t.Fatalf("listening to page events: %v", err)
	}
	pages := pagesToOpen(t, out)
	for _, page := range pages {
		url := "file://" + filepath.Join(out, filepath.FromSlash(page))
		if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
			t.Fatalf("%s: %v", page, err)
		}
		charts, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("[_echarts_instance_]").length`))
		if err != nil {
			t.Fatalf("%s: %v", page, err)
		}
		drawn, err := chromedp.Run(ctx, chromedp.Evaluate[int](`Array.from(document.querySelectorAll("[_echarts_instance_] canvas")).filter(c => c.width > 0 && c.height > 0).length`))
		if err != nil {
			t.Fatalf("%s: %v", page, err)
		}
		mu.Lock()
		if len(errs) > 0 {
			t.Errorf("%s: script errors: %s", page, strings.Join(errs, "; "))
			errs = nil
		}
		mu.Unlock()
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
	return pages
}

// expectsChart reports whether a page must show at least one chart.
func expectsChart(page string) bool {
	switch {
	case page == "index.html":
		return true
	case strings.HasPrefix(page, "metrics/") && !strings.HasSuffix(page, "index.html"):
		return true
	case strings.HasPrefix(page, "dimensions/") && !strings.HasSuffix(page, "index.html"):
		return true
	}
	return false
}
