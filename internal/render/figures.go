package render

import (
	"fmt"
	"html/template"
	"strings"
	"sync"

	"github.com/evalbook/evalbook/internal/chart"
	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/markdown"
	"github.com/evalbook/evalbook/internal/project"
)

// Live figures: a document's shortcodes (project.Shortcode) are resolved
// here, on the document's own page, from the analyses. Ingest has checked
// that every name and iteration exists; what only the analyses know (a
// metric without a value in that iteration, an iteration without a
// comparison, a dimension whose alpha cannot be computed) is an error here,
// at the shortcode's file:line:col, so a figure is never silently missing.
//
// Every figure is a <span class="fig"> carrying data-fig (the shortcode),
// data-subject and data-iteration, with a title that words it in full, so
// tests and readers can tell what it shows; every text in it is escaped.

// figureError is the error of a shortcode that cannot be resolved.
func figureError(d *project.Document, sc project.Shortcode, format string, args ...any) error {
	return fmt.Errorf("%s:%d:%d: shortcode %s: %s", d.Source, sc.Line, sc.Col, sc.Name, fmt.Sprintf(format, args...))
}

// figureInputs is what a document's figures read (DocDeps: the metrics
// and dimensions its shortcodes cite, and the comparisons for delta and
// verdict figures): the subjects' views, the comparisons by iteration, the
// alerts that trend charts mark, the settings and the interval's name.
type figureInputs struct {
	metric   metricIndex
	dim      dimIndex
	compIter map[string][]*compView
	alerts   alertIndex
	cfg      *config.Config
	ci       string // site.CI
	// memo keeps the inline figures made in this render (metric, delta,
	// alpha: the same HTML wherever the same shortcode is cited), by
	// figureKey; nil: none kept.
	memo *sync.Map
}

// figureInputsOf picks the figures' inputs out of the model.
func figureInputsOf(r *renderer) figureInputs {
	return figureInputs{metric: r.metric, dim: r.dim, compIter: r.compIter, alerts: r.alertIndex, cfg: r.cfg, ci: r.site.CI, memo: r.figs}
}

// figureKey is the key of an inline figure in figureInputs.memo: the
// shortcode's name and its two arguments (metric, delta and alpha take
// two), compared as they are, with no string built a shortcode.
type figureKey struct{ name, a, b string }

// keyOf returns the key of sc's figure, and false for a figure that
// depends on its document (verdict) or draws a chart.
func keyOf(sc project.Shortcode) (figureKey, bool) {
	switch sc.Name {
	case project.ShortcodeMetric, project.ShortcodeDelta, project.ShortcodeAlpha:
		if len(sc.Args) == 2 {
			return figureKey{sc.Name, sc.Args[0], sc.Args[1]}, true
		}
	}
	return figureKey{}, false
}

// memoFigure is figure, from r.memo when the same shortcode was resolved
// before in this render.
func (r figureInputs) memoFigure(v *docView, sc project.Shortcode, cp *chart.Page) (template.HTML, bool, error) {
	k, ok := keyOf(sc)
	if r.memo == nil || !ok {
		return r.figure(v, sc, cp)
	}
	if h, ok := r.memo.Load(k); ok {
		return h.(template.HTML), false, nil
	}
	h, isChart, err := r.figure(v, sc, cp)
	if err == nil {
		r.memo.Store(k, h)
	}
	return h, isChart, err
}

// bodyBufs keeps the buffers of bodies with figures (figureInputs.body)
// whose pages were written (docData.release), for the next pages' bodies:
// 5,000 case studies' bodies were 20 MB a render.
var bodyBufs = sync.Pool{New: func() any { return new(pageBuf) }}

// body returns the HTML of v's body with its shortcodes replaced by their
// figures, and whether a figure is an ECharts chart. Charts are drawn on
// cp, the page's chart set. The HTML is the bytes of buf, a buffer of
// bodyBufs, when it is not nil: the caller may give it back (bodyBufs.Put)
// once the HTML is no longer read.
func (r figureInputs) body(v *docView, cp *chart.Page) (h template.HTML, charts bool, buf *pageBuf, err error) {
	if len(v.Shortcodes) == 0 {
		return v.HTML, false, nil, nil
	}
	b := bodyBufs.Get().(*pageBuf)
	b.buf = b.buf[:0]
	b.Grow(len(v.HTML) + 512*len(v.Shortcodes))
	var ferr error
	err = markdown.SplitPlaceholders(string(v.HTML), func(s string) { b.WriteString(s) }, func(i int) {
		if ferr != nil {
			return
		}
		if i >= len(v.Shortcodes) {
			ferr = fmt.Errorf("%s: placeholder %d of %d shortcodes", v.Source, i, len(v.Shortcodes))
			return
		}
		h, isChart, err := r.memoFigure(v, v.Shortcodes[i], cp)
		if err != nil {
			ferr = err
			return
		}
		charts = charts || isChart
		b.WriteString(string(h))
	})
	if err == nil {
		err = ferr
	}
	if err != nil {
		bodyBufs.Put(b)
		return "", false, nil, err
	}
	return template.HTML(b.String()), charts, b, nil
}

// figure resolves one shortcode of v.
func (r figureInputs) figure(v *docView, sc project.Shortcode, cp *chart.Page) (template.HTML, bool, error) {
	d := v.Document
	switch sc.Name {
	case project.ShortcodeMetric:
		name, it := sc.Args[0], sc.Args[1]
		if m := r.metric[name]; m != nil {
			pt := m.At(it)
			if pt == nil {
				return "", false, figureError(d, sc, "metric %s has no value in iteration %s", name, it)
			}
			return figSpan(sc, name, it, "",
				fmt.Sprintf("%s in %s: mean %s, %s %s, n %d", m.Label, it, formatNum(pt.Mean, m.Unit), r.ci, formatCI(pt.CI, m.Unit), pt.N),
				formatNum(pt.Mean, m.Unit), formatCI(pt.CI, m.Unit)), false, nil
		}
		dm := r.dim[name]
		pt := dm.At(it)
		if !dm.Numeric || pt == nil || pt.Mean == nil {
			return "", false, figureError(d, sc, "dimension %s has no mean rating in iteration %s", name, it)
		}
		return figSpan(sc, name, it, "",
			fmt.Sprintf("%s in %s: mean rating %s, %s %s", dm.Label, it, formatNum(*pt.Mean, ""), r.ci, formatCI(pt.CI, "")),
			formatNum(*pt.Mean, ""), formatCI(pt.CI, "")), false, nil
	case project.ShortcodeDelta:
		name, it := sc.Args[0], sc.Args[1]
		var c *compView
		for _, x := range r.compIter[it] {
			if x.Subject == name {
				c = x
				break
			}
		}
		if c == nil {
			return "", false, figureError(d, sc, "iteration %s has no comparison on %s", it, name)
		}
		return figSpan(sc, name, it, "delta "+verdictClass(c.Verdict),
			fmt.Sprintf("%s in %s against %s: change %s, %s %s, %s", c.Label, it, c.TargetText(), deltaText(c.Delta, c.Unit), r.ci, formatCI(c.CI, c.Unit), c.Verdict),
			deltaText(c.Delta, c.Unit), strings.TrimPrefix(orEmpty(formatCI(c.CI, c.Unit))+" vs "+c.Against, " ")), false, nil
	case project.ShortcodeAlpha:
		name, it := sc.Args[0], sc.Args[1]
		rec := iterationRecord(r.dim[name].Rel, it)
		if rec == nil || rec.Alpha == nil {
			reason := "no agreement record"
			if rec != nil && rec.Reason != "" {
				reason = rec.Reason
			}
			return "", false, figureError(d, sc, "alpha of %s in iteration %s cannot be shown: %s", name, it, reason)
		}
		ci := na
		if rec.AlphaCILow != nil && rec.AlphaCIHigh != nil {
			ci = formatSpan(*rec.AlphaCILow, *rec.AlphaCIHigh, "")
		}
		return figSpan(sc, name, it, "",
			fmt.Sprintf("%s in %s: Krippendorff's alpha (%s) %s, %s %s, %s", r.dim[name].Label, it, rec.Level, formatNum(*rec.Alpha, ""), r.ci, ci, rec.Status),
			"α "+formatNum(*rec.Alpha, ""), ci), false, nil
	case project.ShortcodeVerdict:
		vd := v.Verdict
		if vd == nil {
			return "", false, figureError(d, sc, "the experiment of %s has no verdict", d.Slug)
		}
		text := cmp0(vd.Outcome, "invalid")
		return template.HTML(fmt.Sprintf(`<span class="fig outcome %s" data-fig="verdict" title="%s">%s</span>`,
			vd.OutcomeClass(), template.HTMLEscapeString("Verdict of this case study's experiment: "+text), template.HTMLEscapeString(text))), false, nil
	case project.ShortcodeChart:
		var h template.HTML
		var err error
		if sc.Args[0] == "metric" {
			m := r.metric[sc.Args[1]]
			if len(m.Trend.Points) == 0 {
				return "", false, figureError(d, sc, "metric %s has no values to draw", m.Name)
			}
			h, err = metricChart(cp, m, r.cfg.Analysis.Confidence, thresholdLines(r.cfg.Metric(m.Name).Thresholds), marks(r.alerts.alertsAbout(kindMetric, m.Name)))
		} else {
			dm := r.dim[sc.Args[1]]
			h, err = dimMeanChart(cp, dm, r.cfg.Analysis.Confidence, thresholdLines(r.cfg.Dimension(dm.Name).Thresholds()), marks(r.alerts.alertsAbout(kindDimension, dm.Name)))
			if err == nil && h == "" {
				h, err = dimDistChart(cp, dm)
			}
			if err == nil && h == "" {
				return "", false, figureError(d, sc, "dimension %s has no ratings to draw", dm.Name)
			}
		}
		if err != nil {
			return "", false, figureError(d, sc, "%v", err)
		}
		return `<div class="fig-chart" data-fig="chart">` + h + `</div>`, true, nil
	}
	return "", false, figureError(d, sc, "unknown shortcode")
}

// orEmpty returns s, or "" for "n/a": a figure without an interval (an
// iteration-level value) shows none in prose; its title still says n/a.
func orEmpty(s string) string {
	if s == na {
		return ""
	}
	return s
}

// figSpan writes an inline figure: its value, then its interval (if any)
// in a smaller type; title words it in full. Every text is escaped.
func figSpan(sc project.Shortcode, subject, iteration, class, title, value, interval string) template.HTML {
	e := template.HTMLEscapeString
	cls := "fig"
	if class != "" {
		cls += " " + class
	}
	ci := ""
	if interval = orEmpty(interval); interval != "" {
		ci = ` <span class="fig-ci">` + e(interval) + `</span>`
	}
	return template.HTML(fmt.Sprintf(`<span class="%s" data-fig="%s" data-subject="%s" data-iteration="%s" title="%s">%s%s</span>`,
		e(cls), e(sc.Name), e(subject), e(iteration), e(title), e(value), ci))
}

// cmp0 returns s, or def when s is empty.
func cmp0(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
