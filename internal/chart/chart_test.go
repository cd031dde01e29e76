package chart

import (
	"encoding/json"
	"flag"
	"fmt"
	"html/template"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/go-echarts/go-echarts/v2/charts"

	"github.com/evalbook/evalbook/internal/golden"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var nan = math.NaN()

// cases are the charts of the golden tests, one file each in testdata.
var cases = []struct {
	name  string
	chart Chart
}{
	{"band", Band{
		Summary: "A summary.", ID: "trend_accuracy", Title: "Accuracy", YName: "mean accuracy",
		X:     []string{"v1", "v2", "v3", "v4"},
		Y:     []float64{0.71, 0.74, 0.78, 0.77},
		Low:   []float64{0.69, 0.715, 0.76, 0.745},
		High:  []float64{0.73, 0.765, 0.8, 0.79},
		Lines: []RefLine{{Name: "threshold", Value: 0.75}},
	}},
	{"band_negative_gap", Band{
		Summary: "A summary.", ID: "trend_delta", Title: "Delta", YName: "mean delta", BandName: "95% CI",
		X:     []string{"v1", "v2", "v3", "v4", "v5"},
		Y:     []float64{-0.2, -0.1, nan, 0.1, 0.3},
		Low:   []float64{-0.4, -0.25, nan, -0.05, nan},
		High:  []float64{0, 0.05, nan, 0.25, nan},
		Lines: []RefLine{{Name: "target", Value: 0.8}, {Name: "floor", Value: -0.3}},
	}},
	{"band_marks", Band{
		Summary: "A summary.", ID: "trend_latency", YName: "mean (ms)", BandName: "95% CI",
		X:     []string{"v1", "v2", "v3", "v4", "v5"},
		Y:     []float64{1200, 1250, nan, 1300, 2100},
		Low:   []float64{1150, 1200, nan, 1240, 2000},
		High:  []float64{1250, 1300, nan, 1360, 2200},
		Lines: []RefLine{{Name: "ceiling", Value: 2000}, {Name: "floor", Value: 900}},
		Marks: []Mark{{X: "v5", Label: "threshold: above 2000"}, {X: "v3", Label: "no value, not drawn"},
			{X: "v5", Label: "regression"}, {X: "v9", Label: "unknown"}},
	}},
	{"band_changes", Band{
		Summary: "A summary.", ID: "alpha_help", YName: "alpha",
		X:       []string{"v1", "v2", "v3"},
		Y:       []float64{0.7, 0.75, 0.8},
		Changes: []Mark{{X: "v2", Label: "guidelines 1.1"}, {X: "v9", Label: "not drawn"}},
	}},
	{"band_plain", Band{Summary: "A summary.", ID: "plain", X: []string{"a", "b", "c"}, Y: []float64{3, 1, 2}, Height: "200px"}},
	{"spark", Spark{Summary: "A summary.", ID: "spark_accuracy", Y: []float64{0.71, 0.74, nan, 0.77, nan}}},
	{"bars", Bars{Summary: "A summary.", ID: "ratings", Title: "Ratings", YName: "ratings", X: []string{"v1", "v2"},
		Series: []Series{{Name: "n", Y: []float64{120, 98}}}}},
	{"bars_stacked", Bars{Summary: "A summary.", ID: "dist_helpfulness", Title: "Helpfulness", YName: "% of ratings", Stacked: true, Height: "320px",
		X: []string{"v1", "v2", "(no iteration)"},
		Series: []Series{
			{Name: "1", Y: []float64{10, 5, 50}},
			{Name: "2", Y: []float64{60, 45, 50}},
			{Name: "3", Y: []float64{30, 50, nan}},
		}}},
	{"lines", Lines{Summary: "A summary.", ID: "drift_helpfulness", Title: "Agreement", YName: "r", X: []string{"v1", "v2", "v3"},
		Series: []Series{
			{Name: "r1", Y: []float64{0.8, 0.82, 0.79}},
			{Name: "r2", Y: []float64{0.75, nan, 0.7}},
			{Name: "r4", Y: []float64{0.81, 0.6, 0.4}},
		},
		Lines: []RefLine{{Name: "floor", Value: 0.5}}}},
	{"lines_single", Lines{Summary: "A summary.", ID: "one", X: []string{"a", "b"}, Series: []Series{{Name: "x", Y: []float64{1, 2}}}, Height: "200px"}},
	{"heatmap", Heatmap{Summary: "A summary.", ID: "pairs_helpfulness", Title: "Pairs", X: []string{"ann", "bob", "cy"}, Y: []string{"ann", "bob", "cy"},
		Values: [][]float64{{nan, 0.8, 0.456}, {0.8, nan, 1}, {0.456, 1, nan}}}},
	{"heatmap_diverging", Heatmap{Summary: "A summary.", ID: "matrix", X: []string{"factuality", "helpfulness"}, Y: []string{"accuracy", "rouge_l", "latency"},
		Values:  [][]float64{{0.58, 0.47}, {0.39, nan}, {-0.12, -0.92}},
		Links:   [][]string{{"accuracy/factuality.html", "accuracy/helpfulness.html"}, {"rouge_l/factuality.html", ""}, {"latency/factuality.html", ""}},
		Tips:    [][]string{{"", ""}, {"", ""}, {"", "ρ 0.92 <oriented>"}},
		MinText: "disagrees", MaxText: "agrees",
		Diverging: true}},
	{"scatter", Scatter{Summary: "A summary.", ID: "scatter_rouge", Title: "ROUGE-L vs helpfulness", XName: "ROUGE-L", YName: "helpfulness",
		Groups: []ScatterGroup{
			{Name: "v1", X: []float64{0.31, 0.42, 0.28}, Y: []float64{3.4, 4.2, 2.8},
				Labels: []string{"q1", "<q2>", "q3"}, Links: []string{"../../items/q1.html", "../../items/q2.html", ""}},
			{Name: "v2", X: []float64{0.5, nan, 0.45}, Y: []float64{2.2, 3, 4.6}},
		}}},
}

func TestGolden(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.chart.HTML()
			if err != nil {
				t.Fatal(err)
			}
			again, err := tc.chart.HTML()
			if err != nil {
				t.Fatal(err)
			}
			if got != again {
				t.Fatal("two renders of the same chart differ")
			}
			path := filepath.Join("testdata", tc.name+".golden.html")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if d := golden.Diff(want, []byte(got)); d != "" {
				t.Errorf("output differs from %s (go test -update rewrites it): %s", path, d)
			}
		})
	}
}

// TestSnippetShape checks what every snippet promises a page: its element
// id, an image role labelled with the summary, the full width, its options
// as one JSON block that names the element (never an executable script),
// that parses as JSON and that nothing inside can close early; no
// animation, no remote address, no NaN. A Spark is inline SVG and has no
// script at all.
func TestSnippetShape(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h, err := tc.chart.HTML()
			if err != nil {
				t.Fatal(err)
			}
			s := string(h)
			id := tc.chart.chartID()
			if !strings.Contains(s, `role="img" aria-label="A summary."`) {
				t.Error("snippet lacks the image role and its summary")
			}
			for _, bad := range []string{"http://", "https://", "NaN", "<script src", "text/javascript", "__f__", "function"} {
				if strings.Contains(s, bad) {
					t.Errorf("snippet contains %q", bad)
				}
			}
			if _, ok := tc.chart.(Spark); ok {
				if strings.Contains(s, "<script") || !strings.HasPrefix(s, `<svg class="spark"`) || !strings.Contains(s, "<title>A summary.</title>") {
					t.Errorf("spark is not a titled inline SVG without script: %s", s)
				}
				return
			}
			for _, want := range []string{
				`id="chart_` + id + `"`,
				`<script type="application/json" data-chart="chart_` + id + `">` + "\n{",
				`"animation":false`,
				"width:100%;",
			} {
				if !strings.Contains(s, want) {
					t.Errorf("snippet lacks %s", want)
				}
			}
			if n := strings.Count(s, "<script"); n != 1 {
				t.Errorf("snippet has %d script tags, want 1", n)
			}
			body := optionsBlock(t, s)
			if strings.Contains(body, "<") {
				t.Errorf("options block contains '<': %s", body)
			}
			var v map[string]any
			if err := json.Unmarshal([]byte(body), &v); err != nil {
				t.Errorf("options block is not JSON: %v\n%s", err, body)
			}
		})
	}
}

// TestSummaryRequired checks that a chart without a summary is an error:
// screen readers would announce nothing.
func TestSummaryRequired(t *testing.T) {
	for _, c := range []Chart{
		Band{ID: "a", X: []string{"a"}, Y: []float64{1}},
		Spark{ID: "a", Y: []float64{1}, Summary: " "},
		Bars{ID: "a", X: []string{"a"}, Series: []Series{{"s", []float64{1}}}},
		Lines{ID: "a", X: []string{"a"}, Series: []Series{{"s", []float64{1}}}},
		Heatmap{ID: "a", X: []string{"a"}, Y: []string{"b"}, Values: [][]float64{{1}}},
		Scatter{ID: "a", Groups: []ScatterGroup{{Name: "g", X: []float64{1}, Y: []float64{2}}}},
	} {
		if _, err := c.HTML(); err == nil || !strings.Contains(err.Error(), "Summary is empty") {
			t.Errorf("%T without summary: error = %v", c, err)
		}
	}
}

// TestChartLinks checks the list of links after a chart whose cells or
// points open pages: each page once, named by its cell or point, escaped,
// in the order of the data; and no list for a chart without links.
func TestChartLinks(t *testing.T) {
	tests := []struct {
		name  string
		chart Chart
		want  string
	}{
		{"heatmap", Heatmap{Summary: "s", ID: "h", X: []string{"f", "<g>"}, Y: []string{"a"}, Values: [][]float64{{0.5, 0.2}},
			Links: [][]string{{"x/f.html", "x/g.html"}}},
			"<details class=\"chart-links\"><summary>Links in this chart (2)</summary>\n<ul>\n" +
				"<li><a href=\"x/f.html\">a × f</a></li>\n<li><a href=\"x/g.html\">a × &lt;g&gt;</a></li>\n</ul>\n</details>\n"},
		{"scatter", Scatter{Summary: "s", ID: "p", Groups: []ScatterGroup{
			{Name: "v1", X: []float64{1, 2, 3}, Y: []float64{1, 2, 3}, Labels: []string{"q1", "", "q1"}, Links: []string{"i/q1.html", "i/q2.html", "i/q1.html"}},
			{Name: "v2", X: []float64{4}, Y: []float64{nan}, Labels: []string{"q9"}, Links: []string{"i/q9.html"}},
		}},
			"<summary>Links in this chart (2)</summary>\n<ul>\n" +
				"<li><a href=\"i/q1.html\">q1 (v1)</a></li>\n<li><a href=\"i/q2.html\">2, 2 (v1)</a></li>\n</ul>"},
		{"none", Heatmap{Summary: "s", ID: "n", X: []string{"f"}, Y: []string{"a"}, Values: [][]float64{{0.5}}, Links: [][]string{{""}}}, ""},
	}
	for _, tt := range tests {
		h, err := tt.chart.HTML()
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		s := string(h)
		if tt.want == "" {
			if strings.Contains(s, "chart-links") {
				t.Errorf("%s: a list of links without links: %s", tt.name, s)
			}
			continue
		}
		if !strings.Contains(s, tt.want) {
			t.Errorf("%s: snippet lacks\n%s\ngot:\n%s", tt.name, tt.want, s)
		}
	}
}

// TestSparkSVG checks the geometry of a Spark: x spread over the viewBox,
// the lowest value at the bottom and the highest at the top (inside the
// padding), gaps bridged, the dot on the last value, and a Spark of one
// value or of equal values drawn in the middle.
func TestSparkSVG(t *testing.T) {
	tests := []struct {
		y         []float64
		line, dot string
	}{
		{[]float64{1, 3, nan, 2, nan}, `points="3,29 31.5,3 88.5,16"`, `d="M88.5 16h0"`},
		{[]float64{5}, `points="60,16"`, `d="M60 16h0"`},
		{[]float64{2, 2}, `points="3,16 117,16"`, `d="M117 16h0"`},
	}
	for _, tt := range tests {
		h, err := Spark{ID: "s", Summary: "s", Y: tt.y}.HTML()
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range []string{tt.line, tt.dot, `viewBox="0 0 120 32"`, `style="width:120px;height:32px"`} {
			if !strings.Contains(string(h), w) {
				t.Errorf("Spark %v lacks %s: %s", tt.y, w, h)
			}
		}
	}
	h, err := Spark{ID: "s", Summary: "s", Y: []float64{nan}}.HTML()
	if err != nil || strings.Contains(string(h), "polyline") {
		t.Errorf("Spark of no values = %s, %v; want an empty SVG", h, err)
	}
}

// TestHostileText checks that names from data cannot break out of the
// script: "</script>" in a title stays inside the string.
func TestHostileText(t *testing.T) {
	h, err := Band{Summary: "A summary.", ID: "x", Title: `</script><script>alert(1)</script><!--`, X: []string{"</script>"}, Y: []float64{1}, YName: "a\"b'c"}.HTML()
	if err != nil {
		t.Fatal(err)
	}
	s := string(h)
	if n := strings.Count(s, "</script>"); n != 1 {
		t.Errorf("%d </script> in snippet, want 1:\n%s", n, s)
	}
	if !strings.Contains(s, `"\u003c/script>\u003cscript>alert(1)\u003c/script>\u003c!--"`) {
		t.Errorf("title not escaped as expected:\n%s", s)
	}
}

// TestFormattersDefined checks that charts.js defines every formatter
// the package names in options: a name it lacks would stay a string,
// which ECharts would print as the tooltip.
func TestFormattersDefined(t *testing.T) {
	js, err := os.ReadFile("../../templates/assets/charts.js")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range formatters {
		if !strings.Contains(string(js), "'"+name+"': ") {
			t.Errorf("charts.js defines no formatter %q", name)
		}
	}
}

func TestData(t *testing.T) {
	got := data([]float64{1.5, nan, 0, -2})
	want := []any{1.5, "-", 0.0, -2.0}
	if len(got) != len(want) {
		t.Fatalf("len %d, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("data[%d] = %#v, want %#v", i, got[i], want[i])
		}
	}
}

// TestGaps checks that NaN values reach ECharts as "-" in each series.
func TestGaps(t *testing.T) {
	tests := []struct {
		name  string
		chart Chart
		want  []string
	}{
		{"band value", Band{Summary: "A summary.", ID: "a", X: []string{"1", "2", "3"}, Y: []float64{-0.2, nan, 0.1}},
			[]string{`"data":[-0.2,"-",0.1]`}},
		{"band interval", Band{Summary: "A summary.", ID: "a", X: []string{"1", "2", "3", "4", "5"}, Y: []float64{1, 2, 3, 4, 5},
			Low: []float64{0.5, 1, nan, 2, 2.5}, High: []float64{1.5, 2, 3, 4, 3.5}},
			[]string{`"data":[0.5,1,"-",2,2.5]`, `"data":[1,1,"-",2,1]`, `"data":[1,2,3,4,5]`}},
		{"bars", Bars{Summary: "A summary.", ID: "a", X: []string{"1", "2"}, Series: []Series{{"s", []float64{nan, 4}}}},
			[]string{`"data":["-",4]`}},
		{"lines", Lines{Summary: "A summary.", ID: "a", X: []string{"1", "2"}, Series: []Series{{"s", []float64{3, nan}}, {"t", []float64{nan, 1}}}},
			[]string{`"data":[3,"-"]`, `"data":["-",1]`}},
		// A blank cell of a Heatmap is no cell at all.
		{"heatmap", Heatmap{Summary: "A summary.", ID: "a", X: []string{"p", "q"}, Y: []string{"r"}, Values: [][]float64{{nan, 0.5}}},
			[]string{`"data":[{"value":[1,0,0.5],"x":"q","y":"r"}]`}},
	}
	for _, tt := range tests {
		h, err := tt.chart.HTML()
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		for _, w := range tt.want {
			if !strings.Contains(string(h), w) {
				t.Errorf("%s: snippet lacks %s", tt.name, w)
			}
		}
		if strings.Contains(string(h), "NaN") {
			t.Errorf("%s: snippet contains NaN", tt.name)
		}
	}
}

func TestValidID(t *testing.T) {
	tests := []struct {
		id string
		ok bool
	}{
		{"trend_accuracy", true},
		{"_x", true},
		{"$x1", true},
		{"A9", true},
		{"", false},
		{"trend-accuracy", false},
		{"9lives", false},
		{"a b", false},
		{"a.b", false},
		{"a'b", false},
		{"é", false},
	}
	for _, tt := range tests {
		err := ValidID(tt.id)
		if (err == nil) != tt.ok {
			t.Errorf("ValidID(%q) = %v, want ok %v", tt.id, err, tt.ok)
		}
		charts := []Chart{
			Band{Summary: "A summary.", ID: tt.id, X: []string{"a"}, Y: []float64{1}},
			Spark{Summary: "A summary.", ID: tt.id, Y: []float64{1}},
			Bars{Summary: "A summary.", ID: tt.id, X: []string{"a"}, Series: []Series{{"s", []float64{1}}}},
			Lines{Summary: "A summary.", ID: tt.id, X: []string{"a"}, Series: []Series{{"s", []float64{1}}}},
			Heatmap{Summary: "A summary.", ID: tt.id, X: []string{"a"}, Y: []string{"b"}, Values: [][]float64{{1}}},
			Scatter{Summary: "A summary.", ID: tt.id, Groups: []ScatterGroup{{Name: "g", X: []float64{1}, Y: []float64{2}}}},
		}
		for _, c := range charts {
			_, err := c.HTML()
			if (err == nil) != tt.ok {
				t.Errorf("%T{ID: %q}.HTML() error = %v, want ok %v", c, tt.id, err, tt.ok)
			}
		}
	}
}

func TestNewID(t *testing.T) {
	names := []string{"accuracy", "a-b", "a_b", "a b", "", "é", "rouge.l", "ROUGE_L", "rouge_l"}
	seen := map[string]string{}
	for _, name := range names {
		id := NewID("trend", name)
		if err := ValidID(id); err != nil {
			t.Errorf("NewID(%q) = %q: %v", name, id, err)
		}
		if !strings.HasPrefix(id, "trend_") {
			t.Errorf("NewID(%q) = %q lacks the prefix", name, id)
		}
		if other, ok := seen[id]; ok {
			t.Errorf("NewID(%q) = NewID(%q) = %q", name, other, id)
		}
		seen[id] = name
		if NewID("trend", name) != id {
			t.Errorf("NewID(%q) is not deterministic", name)
		}
	}
	if got := NewID("trend", "accuracy"); got != "trend_accuracy" {
		t.Errorf(`NewID("trend", "accuracy") = %q, want "trend_accuracy"`, got)
	}
	if got := NewID("trend", "a-b"); !strings.HasPrefix(got, "trend_a_b_") || len(got) != len("trend_a_b_")+8 {
		t.Errorf(`NewID("trend", "a-b") = %q, want trend_a_b_ and 8 hex digits`, got)
	}
}

func TestPageRefusesRepeatedID(t *testing.T) {
	var p Page
	if _, err := p.HTML(Spark{Summary: "A summary.", ID: "a", Y: []float64{1}}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.HTML(Bars{Summary: "A summary.", ID: "b"}); err != nil {
		t.Fatal(err)
	}
	_, err := p.HTML(Band{Summary: "A summary.", ID: "a", X: []string{"x"}, Y: []float64{1}})
	if err == nil || !strings.Contains(err.Error(), `"a" is used twice`) {
		t.Errorf("repeated ID: error = %v", err)
	}
	// A chart that fails does not use up its ID.
	if _, err := p.HTML(Spark{Summary: "A summary.", ID: "c", Y: []float64{math.Inf(1)}}); err == nil {
		t.Fatal("infinite value: no error")
	}
	if _, err := p.HTML(Spark{Summary: "A summary.", ID: "c", Y: []float64{1}}); err != nil {
		t.Errorf("ID of a failed chart is refused: %v", err)
	}
	var q Page
	if _, err := q.HTML(Spark{Summary: "A summary.", ID: "a", Y: []float64{1}}); err != nil {
		t.Errorf("another page refuses an ID: %v", err)
	}
}

func TestInvalidInput(t *testing.T) {
	x3 := []string{"a", "b", "c"}
	tests := []struct {
		name  string
		chart Chart
		want  string
	}{
		{"band Y length", Band{Summary: "A summary.", ID: "a", X: x3, Y: []float64{1, 2}}, "Y has 2 values for 3 categories"},
		{"band Low alone", Band{Summary: "A summary.", ID: "a", X: x3, Y: []float64{1, 2, 3}, Low: []float64{0, 1, 2}}, "Low and High must be given together"},
		{"band High length", Band{Summary: "A summary.", ID: "a", X: x3, Y: []float64{1, 2, 3}, Low: []float64{0, 1, 2}, High: []float64{2, 3}}, "High has 2 values"},
		{"band High below Low", Band{Summary: "A summary.", ID: "a", X: x3, Y: []float64{1, 2, 3}, Low: []float64{0, 1, 2}, High: []float64{2, 0.5, 4}}, "High[1] = 0.5 is below Low[1] = 1"},
		{"band infinity", Band{Summary: "A summary.", ID: "a", X: x3, Y: []float64{1, math.Inf(-1), 3}}, "Y[1] is -Inf"},
		{"band line NaN", Band{Summary: "A summary.", ID: "a", X: x3, Y: []float64{1, 2, 3}, Lines: []RefLine{{"t", nan}}}, `reference line 0 ("t") has value NaN`},
		{"band height", Band{Summary: "A summary.", ID: "a", X: x3, Y: []float64{1, 2, 3}, Height: "360px;color:red"}, `height "360px;color:red" is not a CSS length`},
		{"spark width", Spark{Summary: "A summary.", ID: "a", Width: "wide"}, `height "wide" is not a CSS length`},
		{"spark infinity", Spark{Summary: "A summary.", ID: "a", Y: []float64{math.Inf(1)}}, "Y[0] is +Inf"},
		{"bars length", Bars{Summary: "A summary.", ID: "a", X: x3, Series: []Series{{"s", []float64{1}}}}, "series s has 1 values for 3 categories"},
		{"bars infinity", Bars{Summary: "A summary.", ID: "a", X: x3, Series: []Series{{"s", []float64{1, 2, math.Inf(1)}}}}, "series s[2] is +Inf"},
		{"lines length", Lines{Summary: "A summary.", ID: "a", X: x3, Series: []Series{{"s", []float64{1}}}}, "series s has 1 values for 3 categories"},
		{"lines infinity", Lines{Summary: "A summary.", ID: "a", X: x3, Series: []Series{{"s", []float64{1, math.Inf(-1), 3}}}}, "series s[1] is -Inf"},
		{"lines line NaN", Lines{Summary: "A summary.", ID: "a", X: x3, Lines: []RefLine{{"t", nan}}}, `reference line 0 ("t") has value NaN`},
		{"heatmap rows", Heatmap{Summary: "A summary.", ID: "a", X: x3, Y: []string{"r"}}, "Values has 0 rows for 1 Y categories"},
		{"heatmap row length", Heatmap{Summary: "A summary.", ID: "a", X: x3, Y: []string{"r"}, Values: [][]float64{{1, 2}}}, "Values[0] has 2 values for 3 categories"},
		{"heatmap infinity", Heatmap{Summary: "A summary.", ID: "a", X: []string{"c"}, Y: []string{"r"}, Values: [][]float64{{math.Inf(1)}}}, "Values[0][0] is +Inf"},
		{"heatmap range", Heatmap{Summary: "A summary.", ID: "a", Min: 1, Max: 0}, "range 1..0 is not a finite range"},
		{"heatmap links rows", Heatmap{Summary: "A summary.", ID: "a", X: x3, Y: []string{"r"}, Values: [][]float64{{1, 2, 3}}, Links: [][]string{}}, "Links has 0 rows for 1 rows"},
		{"heatmap links length", Heatmap{Summary: "A summary.", ID: "a", X: x3, Y: []string{"r"}, Values: [][]float64{{1, 2, 3}}, Links: [][]string{{"a.html"}}}, "Links[0] has 1 links for 3 values"},
		{"heatmap tips rows", Heatmap{Summary: "A summary.", ID: "a", X: x3, Y: []string{"r"}, Values: [][]float64{{1, 2, 3}}, Tips: [][]string{}}, "Tips has 0 rows for 1 rows"},
		{"heatmap tips length", Heatmap{Summary: "A summary.", ID: "a", X: x3, Y: []string{"r"}, Values: [][]float64{{1, 2, 3}}, Tips: [][]string{{"x"}}}, "Tips[0] has 1 texts for 3 values"},
		{"heatmap javascript link", Heatmap{Summary: "A summary.", ID: "a", X: []string{"c"}, Y: []string{"r"}, Values: [][]float64{{1}}, Links: [][]string{{" javascript:alert(1)"}}}, "has a scheme"},
		{"scatter Y length", Scatter{Summary: "A summary.", ID: "a", Groups: []ScatterGroup{{Name: "g", X: []float64{1, 2}, Y: []float64{1}}}}, "group g Y has 1 values for 2 categories"},
		{"scatter infinity", Scatter{Summary: "A summary.", ID: "a", Groups: []ScatterGroup{{Name: "g", X: []float64{math.Inf(1)}, Y: []float64{1}}}}, "group g X[0] is +Inf"},
		{"scatter labels", Scatter{Summary: "A summary.", ID: "a", Groups: []ScatterGroup{{Name: "g", X: []float64{1}, Y: []float64{1}, Labels: []string{}}}}, "has 0 labels for 1 points"},
		{"scatter links", Scatter{Summary: "A summary.", ID: "a", Groups: []ScatterGroup{{Name: "g", X: []float64{1}, Y: []float64{1}, Links: []string{"a", "b"}}}}, "has 2 links for 1 points"},
		{"scatter remote link", Scatter{Summary: "A summary.", ID: "a", Groups: []ScatterGroup{{Name: "g", X: []float64{1}, Y: []float64{1}, Links: []string{"https://example.org/"}}}}, "has a scheme"},
		{"scatter data link", Scatter{Summary: "A summary.", ID: "a", Groups: []ScatterGroup{{Name: "g", X: []float64{1}, Y: []float64{1}, Links: []string{"data:text/html,x"}}}}, "has a scheme"},
		{"scatter protocol-relative link", Scatter{Summary: "A summary.", ID: "a", Groups: []ScatterGroup{{Name: "g", X: []float64{1}, Y: []float64{1}, Links: []string{"//evil/x"}}}}, "not a relative path"},
		{"scatter ID", Scatter{Summary: "A summary.", ID: "a-b"}, "is not a JavaScript identifier"},
	}
	for _, tt := range tests {
		_, err := tt.chart.HTML()
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error = %v, want it to contain %q", tt.name, err, tt.want)
		}
	}
}

// panicky is a chart that fails the way go-echarts does on bad options.
type panicky struct{}

func (panicky) Validate()                     { panic("series: bad") }
func (panicky) JSONNotEscaped() template.HTML { return "" }

func TestRenderPanicBecomesError(t *testing.T) {
	h, err := renderSnippet("x", panicky{}, &charts.BaseConfiguration{}, "s", nil)
	if err == nil || !strings.Contains(err.Error(), "chart x: rendering failed: series: bad") {
		t.Errorf("error = %v", err)
	}
	if h != template.HTML("") {
		t.Errorf("snippet = %q, want empty", h)
	}
}

// TestDownsampledCharts checks that long series reach ECharts with
// MaxPoints values, the first and last kept.
func TestDownsampledCharts(t *testing.T) {
	const n = 2000
	b := Band{Summary: "A summary.", ID: "long"}
	s := Spark{Summary: "A summary.", ID: "long"}
	bars := Bars{Summary: "A summary.", ID: "long", Series: []Series{{"s", nil}}}
	for i := range n {
		v := float64(i%7) + 1000
		b.X = append(b.X, "c"+strings.Repeat("x", i%3))
		b.Y = append(b.Y, v)
		b.Low = append(b.Low, v-1)
		b.High = append(b.High, v+1)
		s.Y = append(s.Y, v)
		bars.X = append(bars.X, "c")
		bars.Series[0].Y = append(bars.Series[0].Y, v)
	}
	b.X[0], b.X[n-1] = "first", "last"
	b.Y[n-1] = 5
	d := b.downsampled()
	if len(d.X) != MaxPoints || len(d.Y) != MaxPoints || len(d.Low) != MaxPoints || len(d.High) != MaxPoints {
		t.Fatalf("downsampled lengths %d %d %d %d, want %d", len(d.X), len(d.Y), len(d.Low), len(d.High), MaxPoints)
	}
	if d.X[0] != "first" || d.X[MaxPoints-1] != "last" || d.Y[MaxPoints-1] != 5 {
		t.Errorf("first or last point lost: %q %q %v", d.X[0], d.X[MaxPoints-1], d.Y[MaxPoints-1])
	}
	for i := range d.Y {
		if d.High[i]-d.Y[i] != 1 && i != MaxPoints-1 {
			t.Fatalf("point %d: value %v and high %v come from different categories", i, d.Y[i], d.High[i])
		}
	}
	h, err := s.HTML()
	if err != nil {
		t.Fatal(err)
	}
	if pts := regexp.MustCompile(`points="([^"]*)"`).FindStringSubmatch(string(h)); pts == nil || len(strings.Fields(pts[1])) != MaxPoints {
		t.Errorf("Spark: polyline does not have %d points: %s", MaxPoints, h)
	}
	for _, c := range []Chart{b, bars} {
		h, err := c.HTML()
		if err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(`"data":\[[^\]]*\]`).FindAllString(string(h), -1)
		if len(m) == 0 {
			t.Fatalf("%T: no data in snippet", c)
		}
		for _, d := range m {
			d = regexp.MustCompile(`\{[^}]*\}`).ReplaceAllString(d, "0")
			if got := strings.Count(d, ",") + 1; got != MaxPoints {
				t.Errorf("%T: a data array has %d values, want %d", c, got, MaxPoints)
			}
		}
	}
}

// TestMarkItems checks where marks are drawn: at the value of a known
// category, labels of one category joined, none at a gap or an unknown
// category, and no series at all when nothing can be drawn.
func TestMarkItems(t *testing.T) {
	x := []string{"v1", "v2", "v3"}
	y := []float64{1, nan, 3}
	got := markItems(x, y, []Mark{{"v3", "a"}, {"v2", "gap"}, {"v3", "b"}, {"v7", "unknown"}})
	if len(got) != 3 || got[0] != "-" || got[1] != "-" {
		t.Fatalf("markItems = %#v; want marks only at v3", got)
	}
	m, ok := got[2].(markItem)
	if !ok || m.Value != 3 || m.Mark != "a; b" {
		t.Errorf("mark at v3 = %#v; want value 3, label \"a; b\"", got[2])
	}
	if got := markItems(x, y, []Mark{{"v2", "gap"}}); got != nil {
		t.Errorf("only a mark at a gap: %#v; want no series", got)
	}
	if got := markItems(x, y, nil); got != nil {
		t.Errorf("no marks: %#v; want no series", got)
	}
	h, err := Band{Summary: "A summary.", ID: "a", X: x, Y: y}.HTML()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(h), `"id":"marks"`) {
		t.Error("a band without marks has a marks series")
	}
}

// TestDownsamplingKeepsMarks checks that a marked category survives
// downsampling even where its value is unremarkable.
func TestDownsamplingKeepsMarks(t *testing.T) {
	const n = 1000
	b := Band{Summary: "A summary.", ID: "long", Marks: []Mark{{X: "c501", Label: "alert"}}}
	for i := range n {
		b.X = append(b.X, fmt.Sprintf("c%d", i))
		b.Y = append(b.Y, float64(i%2))
	}
	d := b.downsampled()
	if !slices.Contains(d.X, "c501") {
		t.Fatal("the marked category was dropped")
	}
	if len(d.X) > MaxPoints+1 || !slices.IsSorted(indices(d.X)) {
		t.Errorf("downsampled to %d categories, want at most %d in order", len(d.X), MaxPoints+1)
	}
}

// indices reads the numbers of categories named c<i>.
func indices(x []string) []int {
	out := make([]int, len(x))
	for i, c := range x {
		fmt.Sscanf(c, "c%d", &out[i])
	}
	return out
}

// TestBandCaps checks that an interval standing alone, which would be an
// area of no width, gets caps, and that intervals with a neighbour do not.
func TestBandCaps(t *testing.T) {
	v := []float64{1, nan, 2, 3, nan, 4}
	got := bandItems(v)
	for i, want := range []bool{true, false, false, false, false, true} {
		_, isCap := got[i].(capItem)
		if isCap != want {
			t.Errorf("item %d = %#v, want cap %v", i, got[i], want)
		}
	}
	if c, ok := bandItems([]float64{0.5})[0].(capItem); !ok || c.Value != 0.5 {
		t.Errorf("single interval: %#v, want a cap at 0.5", bandItems([]float64{0.5})[0])
	}
}

// TestScatterPoints: NaN points are left out, labels and links stay with
// their points, and above MaxScatterPoints every group keeps every k-th.
func TestScatterPoints(t *testing.T) {
	s := Scatter{Summary: "A summary.", ID: "s", Groups: []ScatterGroup{
		{Name: "a", X: []float64{1, nan, 3}, Y: []float64{1, 2, nan}, Labels: []string{"p", "q", "r"}, Links: []string{"p.html", "q.html", ""}},
	}}
	got := s.points()
	if len(got) != 1 || len(got[0]) != 1 || got[0][0] != (scatterPoint{Value: [2]float64{1, 1}, Label: "p", Link: "p.html"}) {
		t.Errorf("points %+v; want only the complete first point with its label and link", got)
	}
	big := Scatter{Summary: "A summary.", ID: "big"}
	for g := range 3 {
		n := 4000 * (g + 1)
		x := make([]float64, n)
		for i := range x {
			x[i] = float64(i)
		}
		big.Groups = append(big.Groups, ScatterGroup{Name: fmt.Sprint(g), X: x, Y: x})
	}
	total := 0
	for g, pts := range big.points() {
		total += len(pts)
		// 24,000 points in all: step 5, so group g keeps 800 * (g + 1).
		if len(pts) != 800*(g+1) || pts[1].Value[0] != 5 {
			t.Errorf("group %d keeps %d points, the second at %v; want %d, every 5th", g, len(pts), pts[1].Value, 800*(g+1))
		}
	}
	if total > MaxScatterPoints {
		t.Errorf("%d points drawn; the cap is %d", total, MaxScatterPoints)
	}
	h, err := big.HTML()
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(h), `{"value":[`); n != 800+1600+2400 {
		t.Errorf("big scatter writes %d points, want %d (under the cap of %d)", n, 800+1600+2400, MaxScatterPoints)
	}
	if strings.Contains(string(h), "NaN") || strings.Contains(string(h), "http") {
		t.Error("big scatter contains NaN or http")
	}
}

// TestTextIsNeverCode checks that text from the data reaches the page as
// a string in every place a chart writes text, even text that carries
// go-echarts' function markers or reads like code: the options are a JSON
// block that parses, so none of it can run.
func TestTextIsNeverCode(t *testing.T) {
	const evil = "__f__alert(1)__f__"
	x := []string{evil, "b"}
	for _, c := range []Chart{
		Band{Summary: "A summary.", ID: "a", Title: evil, YName: evil, BandName: evil, X: x, Y: []float64{1, 2}, Low: []float64{0, 1}, High: []float64{2, 3},
			Lines: []RefLine{{evil, 1}}, Marks: []Mark{{evil, evil}}},
		Spark{Summary: "A summary.", ID: "a", Y: []float64{1, 2}},
		Bars{Summary: "A summary.", ID: "a", Title: evil, YName: evil, X: x, Series: []Series{{evil, []float64{1, 2}}}},
		Lines{Summary: "A summary.", ID: "a", Title: evil, YName: evil, X: x, Series: []Series{{evil, []float64{1, 2}}}, Lines: []RefLine{{evil, 1}}},
		Heatmap{Summary: "A summary.", ID: "a", Title: evil, X: x, Y: []string{evil}, Values: [][]float64{{1, 2}}},
		Scatter{Summary: "A summary.", ID: "a", Title: evil, XName: evil, YName: evil, Groups: []ScatterGroup{
			{Name: evil, X: []float64{1}, Y: []float64{2}, Labels: []string{evil}}}},
	} {
		h, err := c.HTML()
		if err != nil {
			t.Fatalf("%T: %v", c, err)
		}
		if _, ok := c.(Spark); ok {
			continue
		}
		body := optionsBlock(t, string(h))
		var v any
		if err := json.Unmarshal([]byte(body), &v); err != nil {
			t.Errorf("%T: options are not JSON: %v\n%s", c, err, body)
		}
		if !strings.Contains(body, `"`+evil+`"`) {
			t.Errorf("%T: the text is not written as a string:\n%s", c, h)
		}
	}
}

func TestCheckLink(t *testing.T) {
	tests := []struct {
		link string
		want string // part of the error; "" for none
	}{
		{"", ""},
		{"../../items/q1.html", ""},
		{"v2.html#top", ""},
		{"a.html?at=1:2", ""},
		{"/site/a.html", ""},
		{"javascript:alert(1)", "has a scheme"},
		{"JavaScript:alert(1)", "has a scheme"},
		{" javascript:alert(1)", "has a scheme"},
		{"java\nscript:alert(1)", "has a scheme"},
		{"https://example.org/", "has a scheme"},
		{"data:text/html,x", "has a scheme"},
		{"a/b?u=https://example.org", "has a scheme"},
		{"//example.org/x", "not a relative path"},
		{`\\example.org/x`, "not a relative path"},
		{`/\example.org/x`, "not a relative path"},
		{" //example.org/x", "not a relative path"},
		{"\t//example.org/x", "not a relative path"},
		{"/\t/example.org/x", "not a relative path"},
		{"a\x00.html", "not a relative path"},
	}
	for _, tt := range tests {
		err := checkLink("c", tt.link)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("checkLink(%q) = %v, want no error", tt.link, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("checkLink(%q) = %v, want an error with %q", tt.link, err, tt.want)
		}
	}
}

// TestHeatmapRange checks the visual map's range: the defaults, a range as
// given, and a diverging range made symmetric about zero, so that zero is
// its near-white middle.
func TestHeatmapRange(t *testing.T) {
	tests := []struct {
		h      Heatmap
		lo, hi float64
	}{
		{Heatmap{}, 0, 1},
		{Heatmap{Diverging: true}, -1, 1},
		{Heatmap{Min: 0.2, Max: 0.9}, 0.2, 0.9},
		{Heatmap{Min: -0.4, Max: 0.8, Diverging: true}, -0.8, 0.8},
		{Heatmap{Min: -0.5, Max: 0.1, Diverging: true}, -0.5, 0.5},
		{Heatmap{Min: 0.2, Max: 0.3, Diverging: true}, -0.3, 0.3},
		{Heatmap{Min: -1, Max: 1, Diverging: true}, -1, 1},
	}
	for _, tt := range tests {
		lo, hi := tt.h.scaleRange()
		if lo != tt.lo || hi != tt.hi {
			t.Errorf("Heatmap{Min: %v, Max: %v, Diverging: %v} range %v..%v, want %v..%v",
				tt.h.Min, tt.h.Max, tt.h.Diverging, lo, hi, tt.lo, tt.hi)
		}
	}
	h, err := Heatmap{Summary: "A summary.", ID: "a", Min: -0.4, Max: 0.8, Diverging: true}.HTML()
	if err != nil {
		t.Fatal(err)
	}
	if want := `"min":-0.8,"max":0.8`; !strings.Contains(string(h), want) {
		t.Errorf("snippet lacks %s", want)
	}
}

// optionsBlock returns the content of the one options block of snippet s.
func optionsBlock(t *testing.T, s string) string {
	t.Helper()
	open := strings.Index(s, `<script type="application/json" data-chart="`)
	if open < 0 {
		t.Fatalf("no options block in %s", s)
		return ""
	}
	body := s[open:]
	body = body[strings.IndexByte(body, '>')+1:]
	end := strings.Index(body, scriptClose)
	if end < 0 {
		t.Fatalf("options block not closed in %s", s)
	}
	return strings.TrimSpace(body[:end])
}
