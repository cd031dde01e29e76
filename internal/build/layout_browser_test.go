package build

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/evalbook/evalbook/internal/browsertest"
)

// phoneWidth is the width, in CSS pixels, that no page may exceed.
const phoneWidth = 390

// viewport sets the page's viewport to width x height CSS pixels.
func viewport(width, height int64) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, t, emulation.SetDeviceMetricsOverride,
			emulation.SetDeviceMetricsOverrideParams{Width: width, Height: height, DeviceScaleFactor: 1})
		return chromedp.Void{}, err
	}
}

// media emulates a CSS media type ("" for screen, "print") and colour
// scheme ("light" or "dark").
func media(typ, scheme string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Media: typ, Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		return chromedp.Void{}, err
	}
}

// sitePages lists the pages of a built site to open: every page but the
// items, and every fiftieth item.
func sitePages(t *testing.T, site string) []string {
	t.Helper()
	var pages, items []string
	err := filepath.WalkDir(site, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, _ := filepath.Rel(site, p)
		rel = filepath.ToSlash(rel)
		if strings.HasPrefix(rel, "items/") && rel != "items/index.html" {
			items = append(items, rel)
		} else {
			pages = append(pages, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(items)
	for i := 0; i < len(items); i += 50 {
		pages = append(pages, items[i])
	}
	slices.Sort(pages)
	return pages
}

// TestPagesFitPhoneInDark opens every page of the example (a sample of the
// item pages) at a phone's width in dark mode, and checks that no page is
// wider than the screen, that every chart draws a canvas without script
// errors, and that the charts take the dark colours of the page.
func TestPagesFitPhoneInDark(t *testing.T) {
	b := browsertest.New(t, phoneWidth, 900, 120*time.Second)
	out := sharedBuild(t).dir // read only
	if err := chromedp.Do(b.Ctx, viewport(phoneWidth, 900), media("", "dark")); err != nil {
		t.Fatal(err)
	}
	pages := sitePages(t, out)
	darkCharts := 0
	for _, page := range pages {
		if err := b.Open("file://" + filepath.Join(out, filepath.FromSlash(page))); err != nil {
			t.Fatalf("%s: %v", page, err)
		}
		type state struct {
			ScrollWidth int      `json:"scrollWidth"`
			InnerWidth  int      `json:"innerWidth"`
			Charts      int      `json:"charts"`
			Drawn       int      `json:"drawn"`
			AxisColors  []string `json:"axisColors"`
			Text        string   `json:"text"`
		}
		s, err := browsertest.Eval[state](b, `(function () {
			var els = Array.from(document.querySelectorAll('.chart-canvas'));
			var colors = [];
			els.forEach(function (el) {
				var c = echarts.getInstanceByDom(el);
				var o = c && c.getOption();
				if (o && o.xAxis && o.xAxis[0] && o.xAxis[0].axisLabel) { colors.push(String(o.xAxis[0].axisLabel.color)); }
			});
			return {
				scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
				charts: els.length,
				drawn: els.filter(function (el) { var c = el.querySelector('canvas'); return c && c.width > 0 && c.height > 0; }).length,
				axisColors: colors,
				text: getComputedStyle(document.documentElement).getPropertyValue('--chart-text').trim()
			};
		})()`)
		if err != nil {
			t.Fatalf("%s: %v", page, err)
		}
		if s.InnerWidth != phoneWidth {
			t.Fatalf("%s: window is %d px wide, want %d", page, s.InnerWidth, phoneWidth)
		}
		if s.ScrollWidth > s.InnerWidth {
			t.Errorf("%s: page is %d px wide on a %d px screen", page, s.ScrollWidth, s.InnerWidth)
		}
		if s.Drawn < s.Charts {
			t.Errorf("%s: %d charts but only %d drew a canvas in dark mode", page, s.Charts, s.Drawn)
		}
		for _, c := range s.AxisColors {
			darkCharts++
			if c != s.Text || c == "#333333" {
				t.Errorf("%s: a chart's axis labels are %q in dark mode, want the page's --chart-text %q", page, c, s.Text)
				break
			}
		}
		if page == "index.html" || page == "metrics/index.html" {
			// Sparklines are SVG: these pages load no echarts.
			light, err := browsertest.Eval[bool](b, `typeof echarts === 'undefined' && document.querySelectorAll('svg.spark[role=img] title').length > 0`)
			if err != nil || !light {
				t.Errorf("%s: want SVG sparklines and no echarts (%v)", page, err)
			}
		}
		if errs := b.Errors(); len(errs) > 0 {
			t.Errorf("%s: script errors: %s", page, strings.Join(errs, "; "))
		}
	}
	if darkCharts == 0 {
		t.Error("no chart with axes was checked in dark mode")
	}
	// A change of the colour scheme redraws the charts in the new colours.
	if err := b.Open("file://" + filepath.Join(out, "metrics", "answer_accuracy.html")); err != nil {
		t.Fatal(err)
	}
	const axisJS = `echarts.getInstanceByDom(document.querySelector('.chart-canvas')).getOption().xAxis[0].axisLabel.color + ' ' + getComputedStyle(document.documentElement).getPropertyValue('--chart-text').trim()`
	before, err := browsertest.Eval[string](b, axisJS)
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(b.Ctx, media("", "light")); err != nil {
		t.Fatal(err)
	}
	// The change event is asynchronous: wait for the redraw.
	chromedp.Run(b.Ctx, chromedp.Poll[bool](`(function (s) { var p = s.split(' '); return p[0] === p[1]; })(`+axisJS+`)`, chromedp.WithPollingTimeout(3*time.Second)))
	after, err := browsertest.Eval[string](b, axisJS)
	if err != nil {
		t.Fatal(err)
	}
	if a, b, _ := strings.Cut(after, " "); a != b || after == before {
		t.Errorf("after switching to light the axis labels and --chart-text are %q (in dark: %q); want them equal and changed", after, before)
	}
	t.Logf("%d pages fit %d px", len(pages), phoneWidth)
}

// artifactDir returns the folder for test artefacts: $EVALBOOK_ARTIFACTS,
// else a temporary folder of the test.
func artifactDir(t *testing.T) string {
	dir := os.Getenv("EVALBOOK_ARTIFACTS")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", dir)
	return dir
}

// TestScreenshots takes full-page screenshots of the dashboard and an
// iteration page at a phone's and a laptop's width, light, dark and as
// printed, into artifactDir, for people to look at; it checks that each
// is taken and that the printed page shows no navigation.
func TestScreenshots(t *testing.T) {
	b := browsertest.New(t, 1280, 900, 120*time.Second)
	out := sharedBuild(t).dir // read only
	dir := artifactDir(t)
	for _, page := range []string{"index.html", "iterations/v6.html"} {
		for _, width := range []int64{phoneWidth, 1280} {
			for _, mode := range []struct{ name, typ, scheme string }{{"light", "", "light"}, {"dark", "", "dark"}, {"print", "print", "light"}} {
				err := chromedp.Do(b.Ctx, viewport(width, 900), media(mode.typ, mode.scheme),
					chromedp.Navigate("file://"+filepath.Join(out, filepath.FromSlash(page))))
				if err != nil {
					t.Fatalf("%s: %v", page, err)
				}
				if mode.typ == "print" {
					shown, err := browsertest.Eval[bool](b, `getComputedStyle(document.querySelector('header.site nav')).display !== 'none'`)
					if err != nil || shown {
						t.Errorf("%s printed at %d px: navigation shown (%v)", page, width, err)
					}
				}
				png, err := chromedp.Run(b.Ctx, chromedp.FullScreenshot(100))
				if err != nil {
					t.Fatalf("%s: screenshot: %v", page, err)
				}
				name := strings.NewReplacer("/", "-", ".html", "").Replace(page) + "-" + mode.name + "-" + strconv.FormatInt(width, 10) + ".png"
				if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	if errs := b.Errors(); len(errs) > 0 {
		t.Errorf("script errors: %s", strings.Join(errs, "; "))
	}
}

// TestNotFoundFindsRoot serves the example site under a random subpath,
// the way GitHub Pages serves a project site, asks for a missing page some
// folders deep, and checks that the 404 page the server answers with loads
// its style sheet and links to the dashboard at the site's root.
func TestNotFoundFindsRoot(t *testing.T) {
	b := browsertest.New(t, 1280, 900, 60*time.Second)
	out := sharedBuild(t).dir // read only
	var rnd [6]byte
	rand.Read(rnd[:])
	prefix := "/" + hex.EncodeToString(rnd[:]) + "/"
	notFound, err := os.ReadFile(filepath.Join(out, "404.html"))
	if err != nil {
		t.Fatal(err)
	}
	files := http.FileServer(http.Dir(out))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rel, ok := strings.CutPrefix(r.URL.Path, prefix)
		if ok {
			if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(path.Clean("/"+rel)))); err == nil {
				r.URL.Path = "/" + rel
				files.ServeHTTP(w, r)
				return
			} else if !errors.Is(err, fs.ErrNotExist) {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		w.Write(notFound)
	}))
	defer srv.Close()

	if err := b.WatchViolations(); err != nil {
		t.Fatal(err)
	}
	if err := b.Open(srv.URL + prefix + "sub/path/that/does/not/exist"); err != nil {
		t.Fatal(err)
	}
	root, err := chromedp.Run(b.Ctx, chromedp.Poll[string](`document.documentElement.getAttribute('data-root')`, chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil {
		t.Fatalf("the 404 page did not find the site root: %v", err)
	}
	// Its inline script ran under the page's policy, allowed by its hash.
	if v, err := b.Violations(); err != nil || len(v) > 0 {
		t.Errorf("Content-Security-Policy violations on the 404 page: %q (%v)", v, err)
	}
	if root != prefix {
		t.Errorf("404 page found the root %q, want %q", root, prefix)
	}
	styled, err := chromedp.Run(b.Ctx, chromedp.Poll[bool](`getComputedStyle(document.querySelector('main')).maxWidth !== 'none'`, chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil || !styled {
		t.Errorf("the 404 page's style sheet did not load: %v", err)
	}
	dashboard, err := browsertest.Eval[string](b, `document.querySelector('main a').href`)
	if err != nil {
		t.Fatal(err)
	}
	if want := srv.URL + prefix + "index.html"; dashboard != want {
		t.Errorf("dashboard link is %q, want %q", dashboard, want)
	}
	res, err := http.Get(dashboard)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("dashboard link %s answers %s", dashboard, res.Status)
	}
	if errs := b.Errors(); len(errs) > 0 {
		t.Errorf("script errors: %s", strings.Join(errs, "; "))
	}
}
