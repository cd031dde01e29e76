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
	band := Band{
		ID: "neg", Title: "Delta", YName: "mean delta", BandName: "95% CI",
		X:     []string{"v1", "v2", "v3", "v4"},
		Y:     []float64{-0.2, -0.1, nan, 0.1},
		Low:   []float64{-0.4, -0.25, nan, -0.05},
		High:  []float64{0, 0.05, nan, 0.25},
		Lines: []RefLine{{Name: "target", Value: 0.8}},
		Marks: []Mark{{X: "v4", Label: "threshold: <above> target"}},
	}
	var page Page
	var b strings.Builder
	b.WriteString(`<!doctype html><html><head><meta charset="utf-8"><script src="file://` + echartsJS + `"></script></head><body>`)
	for _, c := range []Chart{
		band,
		Spark{ID: "spark", Y: []float64{1, 3, nan, 2}},
		Bars{ID: "bars", Stacked: true, X: []string{"a", "b"}, Series: []Series{{"x", []float64{1, -2}}, {"y", []float64{2, 1}}}},
		Lines{ID: "lines", X: []string{"v1", "v2", "v3"}, YName: "agreement",
			Series: []Series{{"r1", []float64{0.8, 0.82, 0.79}}, {"r4", []float64{0.81, nan, 0.4}}},
			Lines:  []RefLine{{Name: "floor", Value: -0.5}}},
		Heatmap{ID: "heat", X: []string{"ann", "bob"}, Y: []string{"ann", "bob"}, Values: [][]float64{{nan, 0.25}, {0.25, nan}}},
		Heatmap{ID: "div", Diverging: true, X: []string{"f", "h"}, Y: []string{"a", "b"}, Values: [][]float64{{0.6, -0.4}, {nan, 0.1}},
			Links: [][]string{{"a.html", "b.html"}, {"", "c.html"}}},
		Scatter{ID: "scat", XName: "metric", YName: "consensus", Groups: []ScatterGroup{
			{Name: "v1", X: []float64{0.2, 0.4}, Y: []float64{3, 4}, Labels: []string{"<q1>", "q2"}, Links: []string{"q1.html", ""}},
			{Name: "v2", X: []float64{0.5, nan}, Y: []float64{2, 1}},
		}},
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
	eval(`[document.getElementById('chart_spark').clientWidth, document.getElementById('chart_spark').clientHeight]`, &sparkSize)
	eval(`goecharts_chart_neg.getModel().getComponent('yAxis', 0).axis.scale.getExtent()`, &extent)
	// A quarter of the way from v1 to v2 the band spans about -0.36 to
	// 0.01 and the line sits near -0.18: -0.3 is inside the band, 0.3
	// above it. Neither is on a grid line.
	const quarter = `0.25 * (goecharts_chart_neg.convertToPixel({xAxisIndex: 0}, 'v2') - goecharts_chart_neg.convertToPixel({xAxisIndex: 0}, 'v1'))`
	eval(pixelJS+`(goecharts_chart_neg, 'v1', -0.3, `+quarter+`)`, &inside)
	eval(pixelJS+`(goecharts_chart_neg, 'v1', 0.3, `+quarter+`)`, &above)
	eval(`goecharts_chart_neg.dispatchAction({type: 'showTip', seriesIndex: 2, dataIndex: 1}); document.getElementById('chart_neg').innerText`, &tip)
	// The mark at v4 is drawn (one symbol in the marks series) and its
	// label, escaped, is in v4's tooltip; v2 has no mark.
	var marks int
	var markTip string
	eval(`(function () { var d = goecharts_chart_neg.getModel().getSeriesByIndex(3).getData(), n = 0; for (var i = 0; i < d.count(); i++) { if (d.getItemGraphicEl(i)) { n++; } } return n; })()`, &marks)
	eval(`goecharts_chart_neg.dispatchAction({type: 'showTip', seriesIndex: 2, dataIndex: 3}); document.getElementById('chart_neg').innerText`, &markTip)
	var linesExtent []float64
	var linesTip, heatTip string
	var heatRange []float64
	var cellLabels int
	eval(`goecharts_chart_lines.getModel().getComponent('yAxis', 0).axis.scale.getExtent()`, &linesExtent)
	eval(`goecharts_chart_lines.dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: 1}); document.getElementById('chart_lines').innerText`, &linesTip)
	eval(`goecharts_chart_heat.getModel().getComponent('visualMap', 0).getExtent()`, &heatRange)
	eval(`goecharts_chart_heat.dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: 0}); document.getElementById('chart_heat').innerText`, &heatTip)
	eval(`goecharts_chart_heat.getModel().getSeriesByIndex(0).getData().count()`, &cellLabels)

	var divRange []float64
	var scatterCounts []int
	var scatterTip, divLink string
	eval(`goecharts_chart_div.getModel().getComponent('visualMap', 0).getExtent()`, &divRange)
	eval(`goecharts_chart_div.getModel().getSeriesByIndex(0).getData().getRawDataItem(1).link`, &divLink)
	eval(`[goecharts_chart_scat.getModel().getSeriesByIndex(0).getData().count(), goecharts_chart_scat.getModel().getSeriesByIndex(1).getData().count()]`, &scatterCounts)
	eval(`goecharts_chart_scat.dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: 0}); document.getElementById('chart_scat').innerText`, &scatterTip)

	for _, e := range br.Errors() {
		t.Errorf("script error: %s", e)
	}
	if drawn != 7 {
		t.Errorf("%d charts drew a canvas, want 7", drawn)
	}
	if len(divRange) != 2 || divRange[0] != -1 || divRange[1] != 1 || divLink != "b.html" {
		t.Errorf("diverging heat map spans %v with second cell link %q; want [-1 1] and b.html", divRange, divLink)
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
