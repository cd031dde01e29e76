package render

import (
	"cmp"
	"fmt"
	"html/template"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/evalbook/evalbook/internal/chart"
	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/reliability"
	"github.com/evalbook/evalbook/internal/stats"
)

// Chart ID prefixes of the reliability charts of a dimension page.
const (
	alphaPrefix  = "alpha"
	agreePrefix  = "agree"
	offsetPrefix = "offset"
	pairsPrefix  = "pairs"
)

// excerptRunes bounds the item texts quoted in the disagreement table.
const excerptRunes = 160

// relPanel is the reliability part of a dimension's page.
type relPanel struct {
	Pooled     reliability.Record
	Computable bool   // Pooled has an alpha
	Reason     string // the sentence shown when it has none
	Alert      float64
	Warn       float64
	MaxOffset  float64
	// Lower is set when lower ratings are better on the dimension, so a
	// positive offset is severe rather than lenient.
	Lower bool
	// Relative is set when MaxOffset is agreement.max_offset_rel of the
	// scale's range (RelOffset), not an absolute agreement.max_offset.
	Relative   bool
	RelOffset  float64
	Iterations []recRow
	// Raters has every rater by name when there are at most manyRaters;
	// beyond that it is empty, Least lists the raters least in agreement,
	// Prolific the most prolific, and All every rater, folded (nil beyond
	// foldRaters, when only api/raters.json lists them all).
	Raters   []raterRow
	Least    []raterRow
	Prolific []raterRow
	All      []raterRow
	NRaters  int  // raters with pooled figures
	Gold     bool // some rater rated gold items
	// Pairs are every pair of raters, for the heat map and its table, when
	// there are at most manyRaters raters; beyond that PairSummary
	// describes them and WorstPairs lists the least agreeing.
	Pairs       []reliability.Pair
	PairSummary *pairSummary
	WorstPairs  []reliability.Pair
	Disagree    []disRow
	// Groups has a table per rater attribute with two or more groups.
	Groups []groupTable

	AlphaChart  template.HTML
	AgreeChart  template.HTML
	OffsetChart template.HTML
	PairChart   template.HTML
}

// hasCharts reports whether the panel draws a chart; false for nil.
func (p *relPanel) hasCharts() bool {
	return p != nil && (p.AlphaChart != "" || p.AgreeChart != "" || p.OffsetChart != "" || p.PairChart != "")
}

// recRow is one iteration's agreement record.
type recRow struct {
	Iteration *iterView // nil for an iteration outside the series
	Rec       reliability.Record
}

// Limits of the rater tables and pair charts: with more raters than
// manyRaters a dimension page summarises them (topRaters least agreeing,
// topRaters/2 most prolific, the worstPairs least agreeing pairs) instead
// of listing every rater and pair, and folds the full rater table only up
// to foldRaters; api/raters.json always has every figure.
const (
	manyRaters = 30
	topRaters  = 20
	worstPairs = 20
	foldRaters = 1000
	// minPairItems is how many items a pair must share to be among the
	// worst pairs: fewer say little about the two.
	minPairItems = 5
)

// pairSummary describes the agreement of many pairs of raters: how many
// there are and share an item, and the quantiles of their agreement.
type pairSummary struct {
	Pairs, Shared         int // pairs, and pairs that share at least minPairItems items
	Min, Q10, Median, Q90 float64
	Max                   float64
	MinItems              int
	// Alpha is set when the figures are the pairs' alphas (numeric
	// dimensions, where an exact match of two ratings says little on a
	// long scale), else they are the shares of matching ratings.
	Alpha bool
}

// raterRow is a rater's pooled figures with a reading of the offset.
type raterRow struct {
	reliability.Rater
	Anchor    string // the row's id, which item pages link to (raterAnchor)
	Hint      string // "lenient", "severe" or ""
	HintClass string // "bad" when the offset is beyond max_offset, else "flat"
}

// disRow is one item of the disagreement table.
type disRow struct {
	reliability.Disagreement
	Item      *itemView // the item's page
	Iteration *iterView // nil for an iteration outside the series
	Input     string    // excerpts of the item's texts, "" when unknown
	Output    string
}

// Sentences of the reliability panel.
const (
	notComputable = "Agreement cannot be computed"
	noReason      = "no item was rated by two raters"
)

// reasonSentence explains a record without an alpha.
func reasonSentence(reason string) string {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		reason = noReason
	}
	if !strings.HasSuffix(reason, ".") {
		reason += "."
	}
	return notComputable + ": " + reason
}

// statusText is the status of a record as the panel words it.
func statusText(status string) string {
	if status == "unreliable" {
		return "unreliable: no conclusions"
	}
	return status
}

// statusClass is the CSS class of a record's status.
func statusClass(status string) string {
	switch status {
	case "reliable", "tentative", "unreliable":
		return "status-" + status
	}
	return "status-none"
}

// relInputs is what a dimension's reliability panel reads besides the
// dimension's view: the agreement and analysis settings, the iterations,
// the item pages and texts its disagreements link and quote, and the
// guidelines whose changes its alpha chart marks.
type relInputs struct {
	cfg    *config.Config
	iters  []*iterView
	iterBy iterIndex
	item   map[string]*itemView
	items  []project.Item // sorted by ID
	guides guideIndex
}

// newRelPanel builds the reliability part of a dimension's page and
// draws its charts on cp; nil when the dimension has no reliability.
func newRelPanel(cp *chart.Page, dm *dimView, r relInputs) (*relPanel, error) {
	rel := dm.Rel
	if rel == nil {
		return nil, nil
	}
	a := r.cfg.Agreement
	p := &relPanel{
		Pooled: rel.Pooled, Computable: finite(rel.Pooled.Alpha) != nil,
		Alert: a.Alert, Warn: a.Warn, MaxOffset: rel.MaxOffset,
		Relative: a.MaxOffset <= 0, RelOffset: a.MaxOffsetRel,
		Lower: r.cfg.Dimension(dm.Name).Direction == "lower",
	}
	if !p.Computable {
		p.Reason = reasonSentence(rel.Pooled.Reason)
	}
	for _, rec := range rel.Iterations {
		p.Iterations = append(p.Iterations, recRow{r.iterBy[rec.Iteration], rec})
	}
	var rows []raterRow
	for _, rt := range rel.Raters {
		rows = append(rows, newRaterRow(rt, rel.MaxOffset, p.Lower))
		p.Gold = p.Gold || rt.GoldN > 0
	}
	slices.SortStableFunc(rows, func(x, y raterRow) int { return strings.Compare(x.Rater.Rater, y.Rater.Rater) })
	p.NRaters = len(rows)
	shown := rel.RaterTrend // the raters the drift charts draw
	if len(rows) <= manyRaters {
		p.Raters, p.Pairs = rows, rel.Pairs
	} else {
		p.Least, p.Prolific = leastAgreeing(rows, topRaters), mostProlific(rows, topRaters/2)
		if len(rows) <= foldRaters {
			p.All = rows
		}
		p.PairSummary, p.WorstPairs = summarisePairs(rel.Pairs, dm.Numeric)
		keep := map[string]bool{}
		for _, x := range p.Least {
			keep[x.Rater.Rater] = true
		}
		shown = nil
		for _, x := range rel.RaterTrend {
			if keep[x.Rater] {
				shown = append(shown, x)
			}
		}
	}
	for _, d := range rel.Disagreements {
		p.Disagree = append(p.Disagree, r.disRow(d))
	}
	p.Groups = groupTables(rel)
	var err error
	if p.AlphaChart, err = r.alphaChart(cp, dm, rel); err != nil {
		return nil, err
	}
	if p.AgreeChart, err = r.driftChart(cp, agreePrefix, dm.Name, "agreement", shown, agreementOf, nil); err != nil {
		return nil, err
	}
	if dm.Numeric {
		lines := []chart.RefLine{{Name: "max offset", Value: rel.MaxOffset}, {Name: "max offset", Value: -rel.MaxOffset}}
		if p.OffsetChart, err = r.driftChart(cp, offsetPrefix, dm.Name, "offset", shown, offsetOf, lines); err != nil {
			return nil, err
		}
	}
	if p.PairChart, err = pairChart(cp, dm.Name, p.Pairs); err != nil {
		return nil, err
	}
	return p, nil
}

// leastAgreeing returns the n raters with the lowest agreement (those
// without one last), ties by name; rows are sorted by name.
func leastAgreeing(rows []raterRow, n int) []raterRow {
	out := slices.Clone(rows)
	slices.SortStableFunc(out, func(x, y raterRow) int {
		a, b := finite(x.Agreement), finite(y.Agreement)
		switch {
		case a == nil && b == nil:
			return 0
		case a == nil:
			return 1
		case b == nil:
			return -1
		}
		return cmp.Compare(*a, *b)
	})
	return out[:min(n, len(out))]
}

// mostProlific returns the n raters with the most ratings, ties by name;
// rows are sorted by name.
func mostProlific(rows []raterRow, n int) []raterRow {
	out := slices.Clone(rows)
	slices.SortStableFunc(out, func(x, y raterRow) int { return cmp.Compare(y.NRatings, x.NRatings) })
	return out[:min(n, len(out))]
}

// summarisePairs describes the pairs of many raters: the quantiles of
// their alpha (byAlpha, for numeric dimensions) or share of matching
// ratings over the pairs that share at least minPairItems items, and the
// worstPairs lowest of those (ties by items shared, more first).
func summarisePairs(pairs []reliability.Pair, byAlpha bool) (*pairSummary, []reliability.Pair) {
	s := &pairSummary{Pairs: len(pairs), MinItems: minPairItems, Alpha: byAlpha}
	fig := func(p reliability.Pair) *float64 { return finite(p.Agreement) }
	if byAlpha {
		fig = func(p reliability.Pair) *float64 { return finite(p.Alpha) }
	}
	var vals []float64
	var shared []reliability.Pair
	for _, p := range pairs {
		if v := fig(p); v != nil && p.NItems >= minPairItems {
			vals = append(vals, *v)
			shared = append(shared, p)
		}
	}
	s.Shared = len(shared)
	if len(vals) == 0 {
		return s, nil
	}
	slices.Sort(vals)
	s.Min, s.Max = vals[0], vals[len(vals)-1]
	s.Q10, s.Median, s.Q90 = stats.Quantile(vals, 0.1), stats.Quantile(vals, 0.5), stats.Quantile(vals, 0.9)
	slices.SortStableFunc(shared, func(x, y reliability.Pair) int {
		return cmp.Or(cmp.Compare(*fig(x), *fig(y)), cmp.Compare(y.NItems, x.NItems))
	})
	return s, shared[:min(worstPairs, len(shared))]
}

// newRaterRow reads a rater's offset: a hint names its direction once it
// reaches half of max_offset, and is marked bad beyond max_offset, the
// limit of the calibration alerts. The direction is read in the
// dimension's: rating above the others is lenient where higher is better,
// and severe where lower is better (lower, for example a count of errors
// or a severity of harm), since it then gives the item a worse mark.
func newRaterRow(rt reliability.Rater, limit float64, lower bool) raterRow {
	row := raterRow{Rater: rt, Anchor: raterAnchor(rt.Rater), HintClass: "flat"}
	off := finite(rt.Offset)
	if off == nil || limit <= 0 {
		return row
	}
	above, below := "lenient", "severe"
	if lower {
		above, below = below, above
	}
	switch {
	case *off >= limit/2:
		row.Hint = above
	case *off <= -limit/2:
		row.Hint = below
	}
	if math.Abs(*off) > limit {
		row.HintClass = "bad"
	}
	return row
}

// disRow links a disagreement to its item and quotes the item's texts.
func (r relInputs) disRow(d reliability.Disagreement) disRow {
	row := disRow{Disagreement: d, Item: r.item[d.Item], Iteration: r.iterBy[d.Iteration]}
	if it := projectItem(r.items, d.Item); it != nil {
		row.Input, row.Output = excerpt(it.Input, excerptRunes), excerpt(it.Output, excerptRunes)
	}
	return row
}

// excerpt returns s with runs of white space made single spaces, cut to at
// most n runes with an ellipsis.
func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	runes := []rune(s)
	return strings.TrimRight(string(runes[:n-1]), " ") + "…"
}

// finite returns p, or nil when p is nil or points at NaN or an infinity.
func finite(p *float64) *float64 {
	if p == nil || math.IsNaN(*p) || math.IsInf(*p, 0) {
		return nil
	}
	return p
}

// value returns *p, or NaN (a gap in a chart) for no figure.
func value(p *float64) float64 {
	if p = finite(p); p == nil {
		return math.NaN()
	}
	return *p
}

// alphaChart draws alpha per iteration with its interval and the alert and
// warn thresholds, and a dashed line where the rating guidelines for the
// dimension changed; "" when no iteration has an alpha.
func (r relInputs) alphaChart(cp *chart.Page, dm *dimView, rel *reliability.Dimension) (template.HTML, error) {
	a := r.cfg.Agreement
	b := chart.Band{
		ID: chart.NewID(alphaPrefix, dm.Name), YName: "alpha",
		BandName: bandName(r.cfg.Analysis.Confidence), Height: trendHeight,
		Lines: []chart.RefLine{{Name: "tentative below", Value: a.Warn}, {Name: "no conclusions below", Value: a.Alert}},
	}
	drawn := false
	for _, rec := range rel.Iterations {
		y, lo, hi := value(rec.Alpha), value(rec.AlphaCILow), value(rec.AlphaCIHigh)
		if math.IsNaN(lo) || math.IsNaN(hi) || hi < lo {
			lo, hi = math.NaN(), math.NaN()
		}
		drawn = drawn || !math.IsNaN(y)
		b.X = append(b.X, iterLabel(rec.Iteration))
		b.Y, b.Low, b.High = append(b.Y, y), append(b.Low, lo), append(b.High, hi)
	}
	if !drawn {
		return "", nil
	}
	b.Summary = bandSummary(dm.Label+", Krippendorff's alpha", "", b)
	for _, c := range guideChanges(r.guides.guideRuns(dm.Name, b.X)) {
		b.Changes = append(b.Changes, chart.Mark{X: c.Iteration, Label: "guidelines " + c.Version})
		b.Summary += fmt.Sprintf(" The rating guidelines changed to version %s at %s.", c.Version, c.Iteration)
	}
	return cp.HTML(b)
}

// agreementOf and offsetOf pick a figure of a rater.
func agreementOf(rt reliability.Rater) *float64 { return rt.Agreement }
func offsetOf(rt reliability.Rater) *float64    { return rt.Offset }

// driftChart draws one figure of every rater per iteration, one line per
// rater, from a dimension's RaterTrend; "" when no rater has the figure in
// any iteration.
func (r relInputs) driftChart(cp *chart.Page, prefix, name, yName string, trend []reliability.Rater,
	fig func(reliability.Rater) *float64, lines []chart.RefLine) (template.HTML, error) {
	var iters, raters []string
	for _, rt := range trend {
		if !slices.Contains(iters, rt.Iteration) {
			iters = append(iters, rt.Iteration)
		}
		if !slices.Contains(raters, rt.Rater) {
			raters = append(raters, rt.Rater)
		}
	}
	slices.Sort(raters)
	iters = seriesOrder(r.iters, iters)
	l := chart.Lines{ID: chart.NewID(prefix, name), YName: yName, Lines: lines, Height: trendHeight}
	for _, id := range iters {
		l.X = append(l.X, iterLabel(id))
	}
	col := indexOf(iters)
	row := indexOf(raters)
	l.Series = make([]chart.Series, len(raters))
	for i, rater := range raters {
		l.Series[i] = chart.Series{Name: rater, Y: nans(len(iters))}
	}
	drawn := false
	for _, rt := range trend {
		if v := value(fig(rt)); !math.IsNaN(v) {
			l.Series[row[rt.Rater]].Y[col[rt.Iteration]] = v
			drawn = true
		}
	}
	if !drawn {
		return "", nil
	}
	l.Summary = linesSummary(name+", rater "+yName, l)
	return cp.HTML(l)
}

// seriesOrder returns the iterations in ids in series order, then those
// outside the series in the order given.
func seriesOrder(iters []*iterView, ids []string) []string {
	out := make([]string, 0, len(ids))
	in := make(map[string]bool, len(iters))
	for _, it := range iters {
		in[it.ID] = true
		if slices.Contains(ids, it.ID) {
			out = append(out, it.ID)
		}
	}
	for _, id := range ids {
		if !in[id] {
			out = append(out, id)
		}
	}
	return out
}

// indexOf maps each string of s to its position.
func indexOf(s []string) map[string]int {
	m := make(map[string]int, len(s))
	for i, x := range s {
		m[x] = i
	}
	return m
}

// nans returns n NaNs.
func nans(n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = math.NaN()
	}
	return v
}

// pairChart draws the agreement of every pair of raters as a symmetric
// heat map with a blank diagonal; "" when there are no pairs.
func pairChart(cp *chart.Page, name string, pairs []reliability.Pair) (template.HTML, error) {
	var raters []string
	for _, p := range pairs {
		raters = append(raters, p.RaterA, p.RaterB)
	}
	slices.Sort(raters)
	raters = slices.Compact(raters)
	if len(raters) == 0 {
		return "", nil
	}
	at := indexOf(raters)
	h := chart.Heatmap{ID: chart.NewID(pairsPrefix, name), X: raters, Y: raters, Min: 0, Max: 1}
	h.Values = make([][]float64, len(raters))
	for i := range h.Values {
		h.Values[i] = nans(len(raters))
	}
	for _, p := range pairs {
		v := value(p.Agreement)
		i, j := at[p.RaterA], at[p.RaterB]
		h.Values[i][j], h.Values[j][i] = v, v
	}
	h.Summary = heatSummary(name+", agreement of every pair of raters", h)
	return cp.HTML(h)
}

// groupTable is one rater attribute's groups on a dimension page: each
// group's figures and the comparison of every pair of groups.
type groupTable struct {
	Attribute string
	Anchor    string // "groups-" and the attribute's slug
	Groups    []reliability.Group
	Diffs     []reliability.GroupDiff
	Flagged   int // diffs flagged
}

// groupTables splits a dimension's rater groups by attribute, in the
// report's order (attribute, then group).
func groupTables(rel *reliability.Dimension) []groupTable {
	var out []groupTable
	at := map[string]int{}
	for _, g := range rel.Groups {
		i, ok := at[g.Attribute]
		if !ok {
			i = len(out)
			at[g.Attribute] = i
			out = append(out, groupTable{Attribute: g.Attribute, Anchor: "groups-" + Slug(g.Attribute)})
		}
		out[i].Groups = append(out[i].Groups, g)
	}
	for _, d := range rel.GroupDiffs {
		if i, ok := at[d.Attribute]; ok {
			out[i].Diffs = append(out[i].Diffs, d)
			if d.Flagged {
				out[i].Flagged++
			}
		}
	}
	return out
}
