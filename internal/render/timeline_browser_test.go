package render

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/evalbook/evalbook/internal/browsertest"
	"github.com/evalbook/evalbook/internal/route"
	"github.com/evalbook/evalbook/templates"
)

// TestTimelineAtScaleInBrowser renders the test project with 300 more case
// studies to a folder and opens it from the file system at 390 px in dark
// mode, under the pages' Content-Security-Policy: the timeline's chart
// draws its months of case studies, the tooltip of a month names the month
// and the count, and the timeline's further page and a tag's further page
// fit the screen, all without a policy violation, console message or
// script error.
func TestTimelineAtScaleInBrowser(t *testing.T) {
	b := browsertest.New(t, 390, 900, 90*time.Second)
	if err := b.WatchViolations(); err != nil {
		t.Fatal(err)
	}
	in, _ := withStudies(300)
	in.Templates = templates.FS // the real echarts
	dir := t.TempDir()
	for name, body := range renderTest(t, in) {
		file := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dark := func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		if _, err := cdp.Call(ctx, tg, emulation.SetDeviceMetricsOverride,
			emulation.SetDeviceMetricsOverrideParams{Width: 390, Height: 900, DeviceScaleFactor: 1}); err != nil {
			return chromedp.Void{}, err
		}
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}}})
		return chromedp.Void{}, err
	}
	if err := chromedp.Do(b.Ctx, chromedp.Action[chromedp.Void](dark)); err != nil {
		t.Fatal(err)
	}
	for _, page := range []string{route.Timeline, route.TimelinePage(2), route.TermPage(route.TaxTags, "common", 2)} {
		if err := b.Open("file://" + filepath.Join(dir, filepath.FromSlash(page))); err != nil {
			t.Fatalf("%s: %v", page, err)
		}
		width, err := browsertest.Eval[int](b, `document.documentElement.scrollWidth`)
		if err != nil {
			t.Fatal(err)
		}
		if width > 390 {
			t.Errorf("%s is %d px wide at 390 px", page, width)
		}
		if page == route.Timeline {
			type state struct {
				Drawn  bool   `json:"drawn"`
				Points int    `json:"points"`
				Tip    string `json:"tip"`
				Dark   bool   `json:"dark"`
			}
			s, err := browsertest.Eval[state](b, `(function () {
				var el = document.querySelector('.chart-canvas'), c = echarts.getInstanceByDom(el);
				var all = c.getOption().series;
				var i = all.findIndex(function (x) { return x.name === 'Case studies'; }), s = all[i];
				c.dispatchAction({type: 'showTip', seriesIndex: i, dataIndex: 0});
				var canvas = el.querySelector('canvas');
				var bg = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
				return {drawn: !!canvas && canvas.width > 0 && canvas.height > 0, points: s.data.length,
					dark: bg[0] + bg[1] + bg[2] < 200};
			})()`)
			if err != nil {
				t.Fatal(err)
			}
			if !s.Drawn || s.Points == 0 || s.Points > 24 || !s.Dark {
				t.Errorf("timeline chart drawn %v with %d case-study points, dark page %v; want drawn, one point a month, dark", s.Drawn, s.Points, s.Dark)
			}
			// The tooltip is drawn on a later frame.
			for i := 0; i < 30 && !strings.Contains(s.Tip, "case studies"); i++ {
				time.Sleep(100 * time.Millisecond)
				if s.Tip, err = browsertest.Eval[string](b, `document.querySelector('.chart-canvas').textContent`); err != nil {
					t.Fatal(err)
				}
			}
			if !strings.Contains(s.Tip, "January 2025") || !strings.Contains(s.Tip, "case studies") {
				t.Errorf("tooltip of the first month %q; want the month and the count of case studies", s.Tip)
			}
		}
		violations, err := b.Violations()
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range violations {
			t.Errorf("%s: policy violation: %s", page, v)
		}
		for _, m := range b.Console() {
			t.Errorf("%s: console: %s", page, m)
		}
		for _, e := range b.Errors() {
			t.Errorf("%s: script error: %s", page, e)
		}
	}
}
