package render

import (
	"html/template"
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/markdown"
	"github.com/evalbook/evalbook/internal/project"
)

// withShortcodes gives the first case study of in (casestudies/retrieval)
// a body of the shortcodes codes, each in its own paragraph.
func withShortcodes(in Input, codes ...project.Shortcode) Input {
	p := *in.Project
	p.CaseStudies = append([]project.Document(nil), p.CaseStudies...)
	d := &p.CaseStudies[0]
	var b pageBuf
	for i := range codes {
		codes[i].Line, codes[i].Col = 10+i, 3
		if codes[i].Name == project.ShortcodeChart {
			b.WriteString(markdown.Placeholder(i) + "\n")
		} else {
			b.WriteString("<p>" + markdown.Placeholder(i) + "</p>\n")
		}
	}
	d.HTML, d.Shortcodes = template.HTML(b.String()), codes
	in.Project = &p
	return in
}

func sc(name string, args ...string) project.Shortcode {
	return project.Shortcode{Name: name, Args: args}
}

func TestShortcodeFigures(t *testing.T) {
	t.Parallel() // renders of its own inputs only
	tests := []struct {
		code project.Shortcode
		want string
	}{
		{sc("metric", "accuracy", "v3"), `<p><span class="fig" data-fig="metric" data-subject="accuracy" data-iteration="v3" title="Accuracy in v3: mean 0.700, 95% CI [0.620, 0.780], n 4">0.700 <span class="fig-ci">[0.620, 0.780]</span></span></p>`},
		// A label with markup is escaped; a value without an interval shows none.
		{sc("metric", "latency p95", "v3"), `<p><span class="fig" data-fig="metric" data-subject="latency p95" data-iteration="v3" title="Latency &lt;p95&gt; in v3: mean 1264 ms, 95% CI n/a, n 1">1264 ms</span></p>`},
		{sc("metric", "helpfulness", "v3"), `<p><span class="fig" data-fig="metric" data-subject="helpfulness" data-iteration="v3" title="Helpfulness in v3: mean rating 4.00, 95% CI [3.50, 4.50]">4.00 <span class="fig-ci">[3.50, 4.50]</span></span></p>`},
		{sc("delta", "accuracy", "v2"), `<p><span class="fig delta bad" data-fig="delta" data-subject="accuracy" data-iteration="v2" title="Accuracy in v2 against baseline v1: change -0.0500, 95% CI [-0.0900, -0.0100], worse">-0.0500 <span class="fig-ci">[-0.0900, -0.0100] vs v1</span></span></p>`},
		{sc("delta", "accuracy", "v3"), `class="fig delta good"`},
		{sc("alpha", "helpfulness", "v1"), `<p><span class="fig" data-fig="alpha" data-subject="helpfulness" data-iteration="v1" title="Helpfulness in v1: Krippendorff&#39;s alpha (ordinal) 0.900, 95% CI [0.850, 0.950], reliable">α 0.900 <span class="fig-ci">[0.850, 0.950]</span></span></p>`},
		{sc("alpha", "helpfulness", "v3"), `>α 0.700</span>`},
		{sc("verdict"), `<p><span class="fig outcome outcome-supported" data-fig="verdict" title="Verdict of this case study&#39;s experiment: supported">supported</span></p>`},
		{sc("chart", "metric", "accuracy"), `<div class="fig-chart" data-fig="chart"><div class="chart">
    <div class="chart-canvas" id="chart_trend_accuracy" role="img"`},
		{sc("chart", "dimension", "tone"), `<div class="fig-chart" data-fig="chart"><div class="chart">
    <div class="chart-canvas" id="chart_dist_tone" role="img"`},
	}
	for _, tt := range tests {
		t.Run(tt.code.Name+" "+strings.Join(tt.code.Args, " "), func(t *testing.T) {
			files := renderTest(t, withShortcodes(testInput(), tt.code))
			page := string(files["casestudies/retrieval.html"])
			if !strings.Contains(page, tt.want) {
				i := strings.Index(page, `<article class="prose">`)
				t.Errorf("page lacks\n%s\nprose:\n%.600s", tt.want, page[max(i, 0):])
			}
			if strings.Contains(page, "\x00") {
				t.Error("a placeholder is left in the page")
			}
			loadsCharts := strings.Contains(page, "echarts")
			if want := tt.code.Name == project.ShortcodeChart; loadsCharts != want {
				t.Errorf("page loads echarts: %v, want %v", loadsCharts, want)
			}
		})
	}
}

func TestShortcodeFigureErrors(t *testing.T) {
	tests := []struct {
		codes []project.Shortcode
		want  string
	}{
		{[]project.Shortcode{sc("metric", "accuracy", "v2"), sc("metric", "latency p95", "v2")},
			"casestudies/retrieval.md:11:3: shortcode metric: metric latency p95 has no value in iteration v2"},
		{[]project.Shortcode{sc("metric", "tone", "v2")}, "casestudies/retrieval.md:10:3: shortcode metric: dimension tone has no mean rating in iteration v2"},
		{[]project.Shortcode{sc("delta", "accuracy", "v1")}, "shortcode delta: iteration v1 has no comparison on accuracy"},
		{[]project.Shortcode{sc("alpha", "tone", "v2")}, "shortcode alpha: alpha of tone in iteration v2 cannot be shown"},
		{[]project.Shortcode{sc("chart", "metric", "accuracy"), sc("chart", "metric", "accuracy")}, "casestudies/retrieval.md:11:3: shortcode chart: chart: ID \"trend_accuracy\" is used twice"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			_, err := Render(withShortcodes(testInput(), tt.codes...))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}
