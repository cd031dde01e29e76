package chart

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/evalbook/evalbook/internal/browsertest"
)

// pixelJS returns the red, green, blue and alpha of the canvas pixel of a
// chart at category x and value y, shifted dx CSS pixels to the right.
const pixelJS = `(function (chart, x, y, dx) {
	var p = chart.convertToPixel({xAxisIndex: 0, yAxisIndex: 0}, [x, y]);
	var c = chart.getDom().querySelector('canvas');
	var k = c.width / c.clientWidth;
	var d = c.getContext('2d').getImageData(Math.round((p[0] + dx) * k), Math.round(p[1] * k), 1, 1).data;
	return [d[0], d[1], d[2], d[3]];
})`

// clickJS presses and releases the mouse at pixel p of a chart, and
// returns the page's location hash after the click.
const clickJS = `(function (chart, p) {
	var dom = chart.getDom();
	dom.scrollIntoView();
	var r = dom.getBoundingClientRect();
	var target = dom.querySelector('canvas') || dom;
	['mousemove', 'mousedown', 'mouseup', 'click'].forEach(function (type) {
		target.dispatchEvent(new MouseEvent(type, {bubbles: true, cancelable: true, clientX: r.left + p[0], clientY: r.top + p[1], button: 0}));
	});
	return location.hash;
})`

// TestChartsDrawInBrowser loads the vendored ECharts and one chart of each
// type into headless chromium, and checks that they draw without script
// errors, that a band with negative bounds is shaded between its bounds
// (not from zero), that the value axis reaches a reference line outside
// the data, and what the tooltip says.
func TestChartsDrawInBrowser(t *testing.T) {
	br := browsertest.New(t, 1000, 1200, 60*time.Second)
	echartsJS, err := filepath.Abs("../../templates/assets/vendor/echarts.min.js")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(echartsJS); err != nil {
		t.Fatalf("vendored echarts missing (run scripts/update-echarts.sh): %v", err)
	}
	chartsJS, err := filepath.Abs("../../templates/assets/charts.js")
	if err != nil {
		t.Fatal(err)
	}
	styleCSS, err := filepath.Abs("../../templates/assets/style.css")
	if err != nil {
		t.Fatal(err)
	}
	band := Band{
		Summary: "A summary.", ID: "neg", Title: "Delta", YName: "mean delta", BandName: "95% CI",
		X:     []string{"v1", "v2", "v3", "v4"},
		Y:     []float64{-0.2, -0.1, nan, 0.1},
		Low:   []float64{-0.4, -0.25, nan, -0.05},
		High:  []float64{0, 0.05, nan, 0.25},
		Lines: []RefLine{{Name: "target", Value: 0.8}},
		Marks: []Mark{{X: "v4", Label: "threshold: <above> target"}},
	}
	var page Page
	var b strings.Builder
	b.WriteString(`<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="file://` + styleCSS + `"><script defer src="file://` + echartsJS + `"></script><script defer src="file://` + chartsJS + `"></script></head><body>`)
	for _, c := range []Chart{
		band,
		Spark{Summary: "A summary.", ID: "spark", Y: []float64{1, 3, nan, 2}},
		Bars{Summary: "A summary.", ID: "bars", Stacked: true, X: []string{"a", "b"}, Series: []Series{{"x", []float64{1, -2}}, {"y", []float64{2, 1}}}},
		Lines{Summary: "A summary.", ID: "lines", X: []string{"v1", "v2", "v3"}, YName: "agreement",
			Series: []Series{{"r1", []float64{0.8, 0.82, 0.79}}, {"r4", []float64{0.81, nan, 0.4}}},
			Lines:  []RefLine{{Name: "floor", Value: -0.5}}},
		Heatmap{Summary: "A summary.", ID: "heat", X: []string{"ann", "bob"}, Y: []string{"ann", "bob"}, Values: [][]float64{{nan, 0.25}, {0.25, nan}}},
		Heatmap{Summary: "A summary.", ID: "div", Diverging: true, X: []string{"f", "h", "k"}, Y: []string{"a", "b"},
			Values: [][]float64{{0.6, -0.6, 0}, {nan, 0.95, -0.95}},
			Links:  [][]string{{"a.html", "#cell-b", ""}, {"", "c.html", ""}}},
		Heatmap{Summary: "A summary.", ID: "div2", Diverging: true, Min: -0.4, Max: 0.8, X: []string{"f"}, Y: []string{"a"}, Values: [][]float64{{0.5}}},
		Scatter{Summary: "A summary.", ID: "scat", XName: "metric", YName: "consensus", Groups: []ScatterGroup{
			{Name: "v1", X: []float64{0.2, 0.4}, Y: []float64{3, 4}, Labels: []string{"<q1>", "q2"}, Links: []string{"#point-q1", ""}},
			{Name: "v2", X: []float64{0.5, nan}, Y: []float64{2, 1}},
		}},
		Timeline{Summary: "A summary.", ID: "time", Lanes: []string{"Decisions", "Case studies"}, Events: []TimelineEvent{
			{Date: time.Date(2026, 1, 20, 0, 0, 0, 0, time.UTC), Lane: 0, Label: "Hold <v2>", Link: "#decision"},
			{Date: time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC), Lane: 1, Label: "412 case studies", Link: "#m2026-01", Count: 412, Period: "January <2026>"}}},
	} {
		h, err := page.HTML(c)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(string(h))
	}
	b.WriteString(`</body></html>`)
	file := filepath.Join(t.TempDir(), "page.html")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}

	if err := br.Open("file://" + file); err != nil {
		t.Fatal(err)
	}
	eval := func(expr string, out any) {
		t.Helper()
		raw, err := browsertest.Eval[[]byte](br, expr)
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("%s: result %s: %v", expr, raw, err)
		}
	}
	var drawn int
	var sparkSize, extent []float64
	var inside, above []int
	var tip string
	eval(`Array.from(document.querySelectorAll('[_echarts_instance_] canvas')).filter(c => c.width > 0 && c.height > 0).length`, &drawn)
	eval(`[document.querySelector('svg.spark').clientWidth, document.querySelector('svg.spark').clientHeight]`, &sparkSize)
	eval(`echarts.getInstanceByDom(document.getElementById('chart_neg')).getModel().getComponent('yAxis', 0).axis.scale.getExtent()`, &extent)
	// A quarter of the way from v1 to v2 the band spans about -0.36 to
	// 0.01 and the line sits near -0.18: -0.3 is inside the band, 0.3
	// above it. Neither is on a grid line.
	const quarter = `0.25 * (echarts.getInstanceByDom(document.getElementById('chart_neg')).convertToPixel({xAxisIndex: 0}, 'v2') - echarts.getInstanceByDom(document.getElementById('chart_neg')).convertToPixel({xAxisIndex: 0}, 'v1'))`
	eval(pixelJS+`(echarts.getInstanceByDom(document.getElementById('chart_neg')), 'v1', -0.3, `+quarter+`)`, &inside)
	eval(pixelJS+`(echarts.getInstanceByDom(document.getElementById('chart_neg')), 'v1', 0.3, `+quarter+`)`, &above)
	eval(`echarts.getInstanceByDom(document.getElementById('chart_neg')).dispatchAction({type: 'showTip', seriesIndex: 2, dataIndex: 1}); document.getElementById('chart_neg').innerText`, &tip)
	// The mark at v4 is drawn (one symbol in the marks series) and its
	// label, escaped, is in v4's tooltip; v2 has no mark.
	var marks int
	var markTip string
	eval(`(function () { var d = echarts.getInstanceByDom(document.getElementById('chart_neg')).getModel().getSeriesByIndex(3).getData(), n = 0; for (var i = 0; i < d.count(); i++) { if (d.getItemGraphicEl(i)) { n++; } } return n; })()`, &marks)
	eval(`echarts.getInstanceByDom(document.getElementById('chart_neg')).dispatchAction({type: 'showTip', seriesIndex: 2, dataIndex: 3}); document.getElementById('chart_neg').innerText`, &markTip)
	var linesExtent []float64
	var linesTip, heatTip string
	var heatRange []float64
	var cellLabels int
	eval(`echarts.getInstanceByDom(document.getElementById('chart_lines')).getModel().getComponent('yAxis', 0).axis.scale.getExtent()`, &linesExtent)
	eval(`echarts.getInstanceByDom(document.getElementById('chart_lines')).dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: 1}); document.getElementById('chart_lines').innerText`, &linesTip)
	eval(`echarts.getInstanceByDom(document.getElementById('chart_heat')).getModel().getComponent('visualMap', 0).getExtent()`, &heatRange)
	eval(`echarts.getInstanceByDom(document.getElementById('chart_heat')).dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: 0}); document.getElementById('chart_heat').innerText`, &heatTip)
	eval(`echarts.getInstanceByDom(document.getElementById('chart_heat')).getModel().getSeriesByIndex(0).getData().count()`, &cellLabels)

	var divRange []float64
	var scatterCounts []int
	var scatterTip, divLink string
	eval(`echarts.getInstanceByDom(document.getElementById('chart_div')).getModel().getComponent('visualMap', 0).getExtent()`, &divRange)
	eval(`echarts.getInstanceByDom(document.getElementById('chart_div')).getModel().getSeriesByIndex(0).getData().getRawDataItem(1).link`, &divLink)
	eval(`[echarts.getInstanceByDom(document.getElementById('chart_scat')).getModel().getSeriesByIndex(0).getData().count(), echarts.getInstanceByDom(document.getElementById('chart_scat')).getModel().getSeriesByIndex(1).getData().count()]`, &scatterCounts)
	eval(`echarts.getInstanceByDom(document.getElementById('chart_scat')).dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: 0}); document.getElementById('chart_scat').innerText`, &scatterTip)

	var timeTip string
	eval(`echarts.getInstanceByDom(document.getElementById('chart_time')).dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: 0}); document.getElementById('chart_time').innerText`, &timeTip)
	if !strings.Contains(timeTip, "2026-01-20") || !strings.Contains(timeTip, "Hold <v2>") || strings.Contains(timeTip, "function") {
		t.Errorf("timeline tooltip %q; want the date and the escaped label", timeTip)
	}
	// A point standing for a month of events names the month, not its
	// middle day, and is drawn larger than a single event's.
	var monthTip string
	eval(`echarts.getInstanceByDom(document.getElementById('chart_time')).dispatchAction({type: 'showTip', seriesIndex: 1, dataIndex: 0}); document.getElementById('chart_time').innerText`, &monthTip)
	if !strings.Contains(monthTip, "January <2026>") || !strings.Contains(monthTip, "412 case studies") || strings.Contains(monthTip, "2026-01-15") {
		t.Errorf("timeline tooltip of a month %q; want the month and the count", monthTip)
	}
	var sizes []float64
	eval(`(function () { var m = echarts.getInstanceByDom(document.getElementById('chart_time')).getModel(); return [0, 1].map(function (i) { var s = m.getSeriesByIndex(i).getData().getItemVisual(0, 'symbolSize'); return Array.isArray(s) ? s[0] : s; }); })()`, &sizes)
	if len(sizes) != 2 || sizes[0] != 14 || sizes[1] != 22 {
		t.Errorf("timeline point sizes %v; want 14 for one event and 22 for 412 (14 + 3 log10 412)", sizes)
	}

	// Colours of a diverging scale, sampled beside the label: blue for
	// 0.6, red for -0.6, near-white for 0; labels white on the two darkest
	// cells and dark elsewhere.
	type rgba [4]int
	var pos, neg, zero rgba
	var labelFills []string
	const cellDX = `0.35 * (echarts.getInstanceByDom(document.getElementById('chart_div')).convertToPixel({xAxisIndex: 0}, 'h') - echarts.getInstanceByDom(document.getElementById('chart_div')).convertToPixel({xAxisIndex: 0}, 'f'))`
	eval(pixelJS+`(echarts.getInstanceByDom(document.getElementById('chart_div')), 'f', 'a', `+cellDX+`)`, &pos)
	eval(pixelJS+`(echarts.getInstanceByDom(document.getElementById('chart_div')), 'h', 'a', `+cellDX+`)`, &neg)
	eval(pixelJS+`(echarts.getInstanceByDom(document.getElementById('chart_div')), 'k', 'a', `+cellDX+`)`, &zero)
	eval(`(function () { var d = echarts.getInstanceByDom(document.getElementById('chart_div')).getModel().getSeriesByIndex(0).getData(), out = []; for (var i = 0; i < d.count(); i++) { out.push(d.getItemGraphicEl(i).getTextContent().style.fill); } return out; })()`, &labelFills)
	var div2Range []float64
	eval(`echarts.getInstanceByDom(document.getElementById('chart_div2')).getModel().getComponent('visualMap', 0).getExtent()`, &div2Range)
	// Clicks on a linked point and a linked cell, as a reader's mouse
	// makes them, follow the links (same-page links, so the test page
	// stays open).
	var pointHash, cellHash string
	eval(clickJS+`(echarts.getInstanceByDom(document.getElementById('chart_scat')), echarts.getInstanceByDom(document.getElementById('chart_scat')).convertToPixel({seriesIndex: 0}, [0.2, 3]))`, &pointHash)
	eval(clickJS+`(echarts.getInstanceByDom(document.getElementById('chart_div')), echarts.getInstanceByDom(document.getElementById('chart_div')).convertToPixel({xAxisIndex: 0, yAxisIndex: 0}, ['h', 'a']))`, &cellHash)

	if pos[2] <= pos[0]+40 || neg[0] <= neg[2]+40 || zero[0] < 235 || zero[1] < 235 || zero[2] < 235 {
		t.Errorf("diverging cells 0.6, -0.6 and 0 are %v, %v and %v; want blue, red and near-white", pos, neg, zero)
	}
	white := func(c string) bool { return c == "#ffffff" || c == "#fff" || c == "rgb(255,255,255)" }
	if len(labelFills) != 5 || white(labelFills[0]) || white(labelFills[1]) || white(labelFills[2]) || !white(labelFills[3]) || !white(labelFills[4]) {
		t.Errorf("diverging cell labels are %v; want dark on 0.6, -0.6, 0 and white on 0.95, -0.95", labelFills)
	}
	if len(div2Range) != 2 || div2Range[0] != -0.8 || div2Range[1] != 0.8 {
		t.Errorf("diverging heat map of -0.4..0.8 spans %v; want [-0.8 0.8], symmetric about zero", div2Range)
	}
	if pointHash != "#point-q1" || cellHash != "#cell-b" {
		t.Errorf("clicks led to %q and %q; want #point-q1 and #cell-b", pointHash, cellHash)
	}

	for _, e := range br.Errors() {
		t.Errorf("script error: %s", e)
	}
	if drawn != 8 {
		t.Errorf("%d charts drew a canvas, want 8 (the spark is SVG)", drawn)
	}
	if len(divRange) != 2 || divRange[0] != -1 || divRange[1] != 1 || divLink != "#cell-b" {
		t.Errorf("diverging heat map spans %v with second cell link %q; want [-1 1] and #cell-b", divRange, divLink)
	}
	if len(scatterCounts) != 2 || scatterCounts[0] != 2 || scatterCounts[1] != 1 {
		t.Errorf("scatter groups hold %v points; want [2 1] (the NaN point left out)", scatterCounts)
	}
	for _, want := range []string{"v1", "<q1>", "x: 0.2", "y: 3"} {
		if !strings.Contains(scatterTip, want) {
			t.Errorf("scatter tooltip %q lacks %q", scatterTip, want)
		}
	}
	if len(linesExtent) != 2 || linesExtent[0] > -0.5 || linesExtent[1] < 0.82 {
		t.Errorf("lines value axis spans %v; want it to reach the line at -0.5 and the data's 0.82", linesExtent)
	}
	// The tooltip of the gap names r4 without a value and leaves out the
	// reference lines' carrier.
	for _, want := range []string{"v2", "r1: 0.82", "r4: -"} {
		if !strings.Contains(linesTip, want) {
			t.Errorf("lines tooltip %q lacks %q", linesTip, want)
		}
	}
	if strings.Contains(linesTip, "reference") {
		t.Errorf("lines tooltip %q shows the reference lines' carrier", linesTip)
	}
	if len(heatRange) != 2 || heatRange[0] != 0 || heatRange[1] != 1 {
		t.Errorf("heatmap visual map spans %v, want [0 1]", heatRange)
	}
	if cellLabels != 2 {
		t.Errorf("heatmap has %d cells, want 2 (blank diagonal)", cellLabels)
	}
	if !strings.Contains(heatTip, "ann × bob: 0.25") {
		t.Errorf("heatmap tooltip %q lacks %q", heatTip, "ann × bob: 0.25")
	}
	if len(sparkSize) != 2 || sparkSize[0] != 120 || sparkSize[1] != 32 {
		t.Errorf("spark is %v CSS pixels, want 120x32", sparkSize)
	}
	if len(extent) != 2 || extent[0] > -0.4 || extent[1] < 0.8 {
		t.Errorf("value axis spans %v; want it to reach the band's -0.4 and the line at 0.8", extent)
	}
	// The tint over a transparent canvas: blue dominant, partly opaque.
	if len(inside) != 4 || inside[3] == 0 || inside[2] <= inside[0] {
		t.Errorf("pixel inside the negative band is %v, want the band's tint", inside)
	}
	if len(above) != 4 || above[3] != 0 {
		t.Errorf("pixel above the band is %v, want nothing drawn", above)
	}
	if marks != 1 {
		t.Errorf("marks series has %d drawn marks, want 1", marks)
	}
	if !strings.Contains(markTip, "threshold: <above> target") {
		t.Errorf("tooltip at the mark %q lacks its label", markTip)
	}
	if strings.Contains(tip, "threshold") {
		t.Errorf("tooltip at v2 %q shows a mark", tip)
	}
	for _, want := range []string{"v2", "mean delta: -0.1", "95% CI: -0.25 to 0.05"} {
		if !strings.Contains(tip, want) {
			t.Errorf("tooltip %q lacks %q", tip, want)
		}
	}
}
