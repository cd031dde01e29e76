package render

import (
	"bytes"
	"fmt"
	"html/template"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/evalbook/evalbook/internal/cputime"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/route"
)

// kbInput is the render tests' project with n more case studies, each
// about iterations, a metric and three tags, as the knowledge-base
// benchmark's (scripts/bench/kbgen) are, dated over 2025 as theirs are.
func kbInput(n int) Input {
	in := testInput()
	p := *in.Project
	p.CaseStudies = slices.Clone(p.CaseStudies)
	for i := range n {
		p.CaseStudies = append(p.CaseStudies, project.Document{Kind: project.CaseStudy,
			Source: fmt.Sprintf("casestudies/k%04d.md", i), Slug: fmt.Sprintf("casestudies/k%04d", i),
			Meta: project.FrontMatter{Title: fmt.Sprintf("Study %04d", i), Date: day("2025-01-01").AddDate(0, 0, i*365/n), Summary: "What was tried.",
				Iterations: []string{"v2", "v3"}, Metrics: []string{"accuracy"}, Status: "done",
				Tags: []string{fmt.Sprintf("t%02d", i%40), fmt.Sprintf("t%02d", (i+7)%40), "common"}},
			HTML: template.HTML("<p>" + strings.Repeat("Some prose about the study. ", 70) + "</p>\n")})
	}
	in.Project = &p
	return in
}

// benchPages executes the pages of in whose route kind is kind, once per
// iteration with a fresh parts cache over the templates, as one render
// does (runTo).
func benchPages(b *testing.B, in Input, keep func(route.Page) bool) {
	r, err := newRenderer(in)
	if err != nil {
		b.Fatal(err)
	}
	src := sourceOf(in)
	sets, err := parseSets(src)
	if err != nil {
		b.Fatal(err)
	}
	var jobs []job
	for _, pg := range r.pages {
		if keep(pg) {
			jobs = append(jobs, r.job(pg))
		}
	}
	if len(jobs) == 0 {
		b.Fatal("no page to render")
	}
	b.ReportAllocs()
	var buf bytes.Buffer
	size := 0
	cpu := cputime.Process()
	for b.Loop() {
		r.timeline = sync.OnceValue(func() *timelineSet { return newTimelineSet(r.site, r.p, r.alerts) }) // made once per render
		pc := newParts(sets)
		pc.fsys = src.fsys // as runTo's: the page types Go writes whole are written so
		size = 0
		for _, j := range jobs {
			pg, err := execute(j, sets, src, pc, &buf, nil)
			if err != nil {
				b.Fatal(err)
			}
			size += len(pg.body)
		}
	}
	cputime.ReportPerOp(b, cputime.Process()-cpu, b.N)
	b.ReportMetric(float64(len(jobs)), "pages")
	b.ReportMetric(float64(size)/float64(len(jobs)), "B/page")
}

// BenchmarkCaseStudyPages renders the pages of 1,000 case studies.
func BenchmarkCaseStudyPages(b *testing.B) {
	benchPages(b, kbInput(1000), func(pg route.Page) bool {
		return pg.Kind == route.KindDoc && strings.HasPrefix(pg.Name, "casestudies/k")
	})
}

// BenchmarkCaseStudyIndex renders every page of the index of 1,000 case
// studies.
func BenchmarkCaseStudyIndex(b *testing.B) {
	benchPages(b, kbInput(1000), func(pg route.Page) bool { return pg.Kind == route.KindCaseStudies })
}

// BenchmarkTermPages renders the tag pages of 1,000 case studies (40 tags
// of 75 and one of all).
func BenchmarkTermPages(b *testing.B) {
	benchPages(b, kbInput(1000), func(pg route.Page) bool { return pg.Kind == route.KindTerm && pg.Name == route.TaxTags })
}

// BenchmarkTimeline renders the timeline of 5,000 case studies (every
// page of it).
func BenchmarkTimeline(b *testing.B) {
	benchPages(b, kbInput(5000), func(pg route.Page) bool { return pg.Kind == route.KindTimeline })
}

// BenchmarkIterationPages renders the iteration pages of the test
// project (their comparison tables, documents and figures).
func BenchmarkIterationPages(b *testing.B) {
	benchPages(b, testInput(), func(pg route.Page) bool { return pg.Kind == route.KindIteration })
}

// BenchmarkIterationPagesLarge renders the iteration pages of the
// benchmark input of 200 iterations and 10 metrics with slices.
func BenchmarkIterationPagesLarge(b *testing.B) {
	benchPages(b, benchInput(200, 10), func(pg route.Page) bool { return pg.Kind == route.KindIteration })
}

// BenchmarkMetricPages renders the metric pages of the test project.
func BenchmarkMetricPages(b *testing.B) {
	benchPages(b, testInput(), func(pg route.Page) bool { return pg.Kind == route.KindMetric })
}

// BenchmarkMetricPagesLarge renders the pages of the 10 metrics of the
// benchmark input, each a row per iteration of 200 and a slice table.
func BenchmarkMetricPagesLarge(b *testing.B) {
	benchPages(b, benchInput(200, 10), func(pg route.Page) bool { return pg.Kind == route.KindMetric })
}

// BenchmarkDimensionPages renders the dimension pages of the test project
// (their reliability panels, rater tables and charts).
func BenchmarkDimensionPages(b *testing.B) {
	benchPages(b, testInput(), func(pg route.Page) bool { return pg.Kind == route.KindDimension })
}
