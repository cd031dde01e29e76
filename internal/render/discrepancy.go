package render

import (
	"cmp"
	"fmt"
	"html/template"
	"math"
	"slices"
	"strings"

	"github.com/evalbook/evalbook/internal/chart"
	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/discrepancy"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/route"
)

// Chart ID prefixes of the discrepancy pages.
const (
	matrixPrefix   = "matrix"
	validityPrefix = "validity"
	scatterPrefix  = "scatter"
)

// maxScatter bounds the points of a pair's scatter plot; a pair with more
// joined units is thinned evenly, so the page stays small.
const maxScatter = 2000

// Directions of a disagreement list, as the item pages word them. The
// analysis ranks the metric in its better direction, so "high" is better
// whichever way the metric runs.
const (
	metricHigh = "metric rates it better than the raters"
	metricLow  = "metric rates it worse than the raters"
)

// discSite holds the views of the discrepancy analysis; nil when the report
// has no pairs, and the site then has no discrepancy pages.
type discSite struct {
	rep        *discrepancy.Report
	pairs      []*discPair // in report order
	pair       map[[2]string]*discPair
	byMetric   map[string][]*discPair // in dimension order
	byDim      map[string][]*discPair // in metric order
	findings   []*findingView         // in report order
	invs       []*invView             // in report order
	byDoc      map[string][]*invView
	iterations []string // iterations with item-level records, in series order
	rows       []string // metrics of the matrix, in the site's order
	cols       []string // correlated dimensions of the matrix, in the site's order
}

// discPair is one metric and one dimension with their page and figures.
type discPair struct {
	Name      string // "metric vs dimension", for chart IDs and titles
	Metric    ref
	Dim       ref
	Direction string // the metric's: "higher" or "lower"
	DimDir    string // the dimension's: "higher" or "lower"
	// Sign orients the pair's coefficients: +1 when the metric and the
	// dimension run the same way (both higher or both lower is better), -1
	// otherwise, so that Sign × ρ is positive when the metric agrees with
	// the humans.
	Sign       int
	Unit       string // the metric's unit
	Path       string
	Correlated bool
	// Aggregate is set when the pair's records come from Pearson sums
	// (docs/aggregates.md), not from joined units.
	Aggregate  bool
	Reason     string // why a dimension is not correlated
	Consensus  string // the dimension's consensus rule
	Pooled     *coefRow
	Partial    *coefRow
	System     *coefRow
	Iterations []coefRow   // per-iteration item-level records, in series order
	Slices     []sliceCoef // pooled item-level records per slice, by slice name
	Verdict    *verdictRow
	Verdicts   []verdictRow // per iteration
	High, Low  []disItemRow
	Findings   []*findingView
	Invs       []*invView
	Units      int // joined units

	metric, dim string
	pooledRec   *discrepancy.Record
	units       discrepancy.Units
}

// coefRow is one correlation record with its figures formatted.
type coefRow struct {
	Iteration string
	Iter      *iterView // nil for pooled records and iterations outside the series
	N         int
	Pearson   estimate
	Spearman  estimate
	Kendall   estimate
	// Agreement reads the oriented Spearman ρ (see discPair.Sign).
	Agreement agreement
	Finding   *findingView // the finding of this iteration, nil when none
	oriented  string       // Agreement.Oriented as text, for the matrix's tooltips
	rec       *discrepancy.Record
	coef      discrepancy.Coefficients
}

// sliceCoef is a pair's pooled item-level record over the units of one
// slice, with its partial correlation when the analysis computes it.
type sliceCoef struct {
	Slice   string
	Row     coefRow
	Partial *coefRow
}

// agreement is a Spearman ρ read in the pair's orientation: Word is
// "agrees" when the oriented ρ is at or above the validity floor,
// "disagrees" at or below minus the floor, "weak" between them and "" when
// there is no ρ; Class is good, bad or flat. Oriented is the oriented ρ,
// formatted, when the orientation flips the sign ("" otherwise, since it
// is then the ρ shown).
type agreement struct {
	Word     string
	Class    string
	Oriented template.HTML // escaped by formatDelta
}

// orient reads the Spearman ρ of row in the orientation sign against the
// floor.
func (row *coefRow) orient(sign int, floor float64) {
	rho := finite(row.coef.Spearman)
	if rho == nil {
		return
	}
	o := *rho * float64(sign)
	a := agreement{Word: "weak", Class: "flat"}
	switch {
	case o >= floor:
		a = agreement{Word: "agrees", Class: "good"}
	case o <= -floor:
		a = agreement{Word: "disagrees", Class: "bad"}
	}
	if sign < 0 {
		a.Oriented, row.oriented = formatDelta(o, ""), deltaText(o, "")
	}
	row.Agreement = a
}

// tip is the tooltip of a matrix cell: the ρ as computed, the oriented ρ
// when it differs, and the reading.
func (row *coefRow) tip() string {
	t := "ρ " + row.Spearman.Value
	if row.oriented != "" {
		t += ", oriented " + row.oriented
	}
	if row.Agreement.Word != "" {
		t += ": " + row.Agreement.Word
	}
	return t
}

// estimate is one coefficient with its interval, formatted: "n/a" where
// there is none.
type estimate struct {
	Value string
	CI    string
}

// newEstimate formats a coefficient and its bounds.
func newEstimate(v, lo, hi *float64) estimate {
	e := estimate{Value: formatNum(v, ""), CI: na}
	if finite(lo) != nil && finite(hi) != nil {
		e.CI = fmt.Sprintf("[%s, %s]", fmtFloat(*lo), fmtFloat(*hi))
	}
	return e
}

// newCoefRow formats the coefficients of one record.
func (in discInputs) newCoefRow(iteration string, c discrepancy.Coefficients) coefRow {
	return coefRow{
		Iteration: iteration, Iter: in.iterBy[iteration], N: c.N, coef: c,
		Pearson:  newEstimate(c.Pearson, c.PearsonLow, c.PearsonHigh),
		Spearman: newEstimate(c.Spearman, c.SpearmanLow, c.SpearmanHigh),
		Kendall:  newEstimate(c.KendallTauB, c.KendallTauBLow, c.KendallTauBHigh),
	}
}

// verdictRow is the verdict agreement of a pair in one iteration, or
// pooled.
type verdictRow struct {
	discrepancy.Verdict
	Iter      *iterView
	Agreement string
	Kappa     estimate
}

// disItemRow is one unit of a disagreement list.
type disItemRow struct {
	discrepancy.Disagreement
	Item      *itemView // the item's page
	Iter      *iterView // nil for an iteration outside the series
	Value     string    // the metric's value with its unit
	Consensus string    // the consensus label, or its value
	Input     string    // excerpts of the item's texts, "" when unknown
	Output    string
	FullInput string // the whole text when the excerpt cuts it, else ""
	FullOut   string
	Examined  []*docView // the investigations that examined the item
}

// findingView is a finding with its pair, iteration and investigations.
type findingView struct {
	discrepancy.Finding
	Pair *discPair
	Iter *iterView
	Docs []*docView // the documents that explain it
}

// invView is one discrepancy a document investigates.
type invView struct {
	discrepancy.Investigation
	Doc    *docView  // nil when the document is unknown
	Pair   *discPair // nil when the site has no page for the pair
	Metric ref
	Dim    ref
	Iters  []ref
}

// itemDisRef is one appearance of an item in a disagreement list.
type itemDisRef struct {
	Pair      *discPair
	Direction string
	Iteration string
	Iter      *iterView
	Gap       float64
}

// discInputs is what the discrepancy views and pages read besides the
// analysis's own views (discSite): the analysis, the discrepancy and
// direction settings, and the views of the iterations, subjects,
// documents and items they link.
type discInputs struct {
	rep     *discrepancy.Report
	cfg     *config.Config
	iters   []*iterView
	iterBy  iterIndex
	metrics []*metricView
	metric  metricIndex
	dims    []*dimView
	dim     dimIndex
	docs    map[string]*docView
	item    map[string]*itemView
	items   []project.Item // sorted by ID
}

// discInputsOf picks the discrepancy views' inputs out of the model.
func discInputsOf(r *renderer) discInputs {
	return discInputs{rep: r.discRep, cfg: r.cfg, iters: r.iters, iterBy: r.iterBy, metrics: r.metrics, metric: r.metric,
		dims: r.dims, dim: r.dim, docs: r.docs, item: r.item, items: r.p.Items}
}

// newDiscSite makes the views of the discrepancy analysis; nil when the
// site has no discrepancy pages. It tells each item view listed in a
// disagreement list where it appears (itemView.Discrepancies).
func newDiscSite(in discInputs) *discSite {
	rep := in.rep
	if rep == nil || len(rep.Pairs) == 0 {
		return nil
	}
	s := &discSite{
		rep: rep, pair: map[[2]string]*discPair{}, byMetric: map[string][]*discPair{},
		byDim: map[string][]*discPair{}, byDoc: map[string][]*invView{},
	}
	dims := map[string]discrepancy.Dimension{}
	for _, d := range rep.Dimensions {
		dims[d.Dimension] = d
	}
	for _, p := range rep.Pairs {
		v := in.newPair(p, dims[p.Dimension])
		s.pairs = append(s.pairs, v)
		s.pair[[2]string{p.Metric, p.Dimension}] = v
	}
	in.attachRecords(s)
	in.attachVerdicts(s)
	in.attachInvestigations(s)
	in.attachFindings(s)
	in.attachDisagreements(s)
	in.orderPairs(s)
	return s
}

// newPair makes the view of one pair.
func (in discInputs) newPair(p discrepancy.Pair, d discrepancy.Dimension) *discPair {
	v := &discPair{
		Name: p.Metric + " vs " + p.Dimension, Metric: in.metric.ref(p.Metric), Dim: in.dim.ref(p.Dimension),
		Direction: "higher", DimDir: in.cfg.Dimension(p.Dimension).Direction,
		Path: route.DiscrepancyPair(p.Metric, p.Dimension), Correlated: p.Correlated,
		Reason: d.Reason, Consensus: d.Consensus, Units: p.Units.Len(),
		metric: p.Metric, dim: p.Dimension, units: p.Units,
	}
	if m := in.metric[p.Metric]; m != nil {
		v.Direction, v.Unit = m.Direction, m.Unit
	}
	v.Sign = in.orientation(p.Metric, p.Dimension)
	return v
}

// orientation is the sign that orients the coefficients of a metric and a
// dimension (discPair.Sign): -1 when exactly one of them is
// lower-is-better, else 1.
func (in discInputs) orientation(metric, dim string) int {
	mdir := in.cfg.Metric(metric).Direction
	if m := in.metric[metric]; m != nil {
		mdir = m.Direction // the project's, as every page shows it
	}
	if (mdir == "lower") != (in.cfg.Dimension(dim).Direction == "lower") {
		return -1
	}
	return 1
}

// attachRecords files every record under its pair and collects the
// iterations with item-level records.
func (in discInputs) attachRecords(s *discSite) {
	iters := map[string]bool{}
	for i := range s.rep.Records {
		rec := &s.rep.Records[i]
		p := s.pair[[2]string{rec.Metric, rec.Dimension}]
		if p == nil {
			continue
		}
		row := in.newCoefRow(rec.Iteration, rec.Coefficients)
		row.rec = rec
		row.orient(p.Sign, in.cfg.Discrepancy.Floor)
		switch {
		case rec.Level == discrepancy.IterationLevel:
			p.System = &row
		case rec.Iteration == "":
			p.Pooled, p.pooledRec = &row, rec
			p.Aggregate = rec.Method == discrepancy.MethodAggregate
			if rec.Partial != nil {
				partial := in.newCoefRow("", *rec.Partial)
				partial.orient(p.Sign, in.cfg.Discrepancy.Floor)
				p.Partial = &partial
			}
		default:
			p.Iterations = append(p.Iterations, row)
			iters[rec.Iteration] = true
		}
	}
	for i := range s.rep.Slices {
		rec := &s.rep.Slices[i]
		p := s.pair[[2]string{rec.Metric, rec.Dimension}]
		if p == nil {
			continue
		}
		sc := sliceCoef{Slice: rec.Slice, Row: in.newCoefRow("", rec.Coefficients)}
		sc.Row.orient(p.Sign, in.cfg.Discrepancy.Floor)
		if rec.Partial != nil {
			partial := in.newCoefRow("", *rec.Partial)
			partial.orient(p.Sign, in.cfg.Discrepancy.Floor)
			sc.Partial = &partial
		}
		p.Slices = append(p.Slices, sc)
	}
	s.iterations = seriesOrder(in.iters, sortedSet(iters))
	for _, p := range s.pairs {
		order := indexOf(seriesOrder(in.iters, iterationsOf(p.Iterations)))
		slices.SortStableFunc(p.Iterations, func(a, b coefRow) int { return cmp.Compare(order[a.Iteration], order[b.Iteration]) })
	}
}

// iterationsOf returns the iterations of rows.
func iterationsOf(rows []coefRow) []string {
	out := make([]string, len(rows))
	for i, x := range rows {
		out[i] = x.Iteration
	}
	return out
}

// attachVerdicts files the verdict agreement under its pairs.
func (in discInputs) attachVerdicts(s *discSite) {
	for _, v := range s.rep.Verdicts {
		p := s.pair[[2]string{v.Metric, v.Dimension}]
		if p == nil {
			continue
		}
		row := verdictRow{Verdict: v, Iter: in.iterBy[v.Iteration], Agreement: formatPct(v.Agreement),
			Kappa: newEstimate(v.Kappa, v.KappaLow, v.KappaHigh)}
		if v.Iteration == "" {
			p.Verdict = &row
		} else {
			p.Verdicts = append(p.Verdicts, row)
		}
	}
}

// attachInvestigations makes the investigation views and files them under
// their documents and pairs.
func (in discInputs) attachInvestigations(s *discSite) {
	for _, inv := range s.rep.Investigations {
		v := &invView{
			Investigation: inv, Doc: in.docs[inv.Document], Pair: s.pair[[2]string{inv.Metric, inv.Dimension}],
			Metric: in.metric.ref(inv.Metric), Dim: in.dim.ref(inv.Dimension), Iters: in.iterBy.refs(inv.Iterations),
		}
		s.invs = append(s.invs, v)
		s.byDoc[inv.Document] = append(s.byDoc[inv.Document], v)
		if v.Pair != nil {
			v.Pair.Invs = append(v.Pair.Invs, v)
		}
	}
}

// attachFindings makes the finding views and marks them on their pairs'
// per-iteration records.
func (in discInputs) attachFindings(s *discSite) {
	for _, f := range s.rep.Findings {
		v := &findingView{Finding: f, Pair: s.pair[[2]string{f.Metric, f.Dimension}], Iter: in.iterBy[f.Iteration]}
		for _, slug := range f.Investigations {
			if d := in.docs[slug]; d != nil {
				v.Docs = append(v.Docs, d)
			}
		}
		s.findings = append(s.findings, v)
		if p := v.Pair; p != nil {
			p.Findings = append(p.Findings, v)
			for i := range p.Iterations {
				if p.Iterations[i].Iteration == f.Iteration {
					p.Iterations[i].Finding = v
				}
			}
		}
	}
}

// attachDisagreements makes the rows of the disagreement lists and tells
// each listed item's page where it appears.
func (in discInputs) attachDisagreements(s *discSite) {
	for _, ds := range s.rep.Disagreements {
		p := s.pair[[2]string{ds.Metric, ds.Dimension}]
		if p == nil {
			continue
		}
		for _, d := range ds.MetricHighHumansLow {
			p.High = append(p.High, in.disItemRow(p, d, metricHigh))
		}
		for _, d := range ds.MetricLowHumansHigh {
			p.Low = append(p.Low, in.disItemRow(p, d, metricLow))
		}
	}
}

// disItemRow links one unit of a disagreement list to its item and quotes
// the item's texts; the item's page learns of the list.
func (in discInputs) disItemRow(p *discPair, d discrepancy.Disagreement, direction string) disItemRow {
	row := disItemRow{
		Disagreement: d, Item: in.item[d.Item], Iter: in.iterBy[d.Iteration],
		Value: formatNum(d.Metric, p.Unit), Consensus: cmp.Or(d.Label, formatNum(d.Consensus, "")),
	}
	if it := projectItem(in.items, d.Item); it != nil {
		row.Input, row.FullInput = excerptAndFull(it.Input)
		row.Output, row.FullOut = excerptAndFull(it.Output)
	}
	for _, slug := range d.Investigations {
		if doc := in.docs[slug]; doc != nil {
			row.Examined = append(row.Examined, doc)
		}
	}
	if row.Item != nil {
		row.Item.Discrepancies = append(row.Item.Discrepancies,
			itemDisRef{Pair: p, Direction: direction, Iteration: d.Iteration, Iter: row.Iter, Gap: d.Gap})
	}
	return row
}

// excerptAndFull returns the excerpt of s and, when the excerpt cuts it, s
// itself.
func excerptAndFull(s string) (short, full string) {
	short = excerpt(s, excerptRunes)
	if short != strings.Join(strings.Fields(s), " ") {
		full = s
	}
	return short, full
}

// orderPairs indexes the pairs by metric and dimension in the site's order
// and chooses the rows and columns of the matrices.
func (in discInputs) orderPairs(s *discSite) {
	mOrder, dOrder := map[string]int{}, map[string]int{}
	for i, m := range in.metrics {
		mOrder[m.Name] = i
	}
	for i, d := range in.dims {
		dOrder[d.Name] = i
	}
	pos := func(order map[string]int, name string) int {
		if i, ok := order[name]; ok {
			return i
		}
		return len(order)
	}
	byPos := func(order map[string]int) func(a, b string) int {
		return func(a, b string) int { return cmp.Or(cmp.Compare(pos(order, a), pos(order, b)), strings.Compare(a, b)) }
	}
	rows, cols := map[string]bool{}, map[string]bool{}
	for _, p := range s.pairs {
		s.byMetric[p.metric] = append(s.byMetric[p.metric], p)
		s.byDim[p.dim] = append(s.byDim[p.dim], p)
		if p.Correlated {
			rows[p.metric], cols[p.dim] = true, true
		}
	}
	for _, ps := range s.byMetric {
		slices.SortStableFunc(ps, func(a, b *discPair) int { return byPos(dOrder)(a.dim, b.dim) })
	}
	for _, ps := range s.byDim {
		slices.SortStableFunc(ps, func(a, b *discPair) int { return byPos(mOrder)(a.metric, b.metric) })
	}
	s.rows, s.cols = sortedSet(rows), sortedSet(cols)
	slices.SortStableFunc(s.rows, byPos(mOrder))
	slices.SortStableFunc(s.cols, byPos(dOrder))
}

// Levels of a matrix page.
const (
	matrixPooled    = "pooled"
	matrixIteration = "iteration"
	matrixSystem    = "system"
)

// discMatrixData is the data of the discrepancy overview and of the
// matrix pages of one iteration and of the iteration level.
type discMatrixData struct {
	Level     string  // matrixPooled (the overview), matrixIteration or matrixSystem
	Floor     float64 // the validity floor, which the agreement of a cell is read against
	Iteration string
	Iter      *iterView
	Selector  []selectorLink
	Chart     template.HTML
	Cols      []ref
	Rows      []matrixRow
	// The overview's parts; empty on the other pages.
	Open      []*findingView
	Explained []*findingView
	Verdicts  []*discPair // pairs with pooled verdict agreement
	// Within are the correlated pairs with a partial correlation or slice
	// records, for the overview's table of the figures papers publish.
	Within         []*discPair
	Partial        bool // the analysis computes partial correlations
	Investigations []*invView
	Uncorrelated   []dimNote
	Ties           []dimNote
	Unplaced       []dimNote      // dimensions with ratings that name no iteration
	Findings       []*findingView // the findings of this iteration
}

// selectorLink is one choice of the matrix selector.
type selectorLink struct {
	Label   string
	Path    string
	Current bool
}

// matrixRow is one metric's row of a correlation matrix.
type matrixRow struct {
	Metric    ref
	Direction string
	Cells     []matrixCell
}

// matrixCell is one metric and dimension of a matrix: Pair is nil when
// they were never joined, Row when the level has no record for them.
type matrixCell struct {
	Pair *discPair
	Row  *coefRow
}

// dimNote is a dimension of the analysis worth a note on the overview.
type dimNote struct {
	discrepancy.Dimension
	Dim ref
}

// discMatrixPage builds the overview (level matrixPooled) or a matrix page
// from the analysis's views (Deps: every name and result).
func discMatrixPage(f frame, s *discSite, in discInputs, p, level, iteration string) (*page, error) {
	d := &discMatrixData{Level: level, Floor: in.cfg.Discrepancy.Floor, Iteration: iteration, Iter: in.iterBy[iteration]}
	title := "Discrepancy"
	switch level {
	case matrixIteration:
		title = "Discrepancy in " + iteration
	case matrixSystem:
		title = "Discrepancy at iteration level"
	}
	pg := f.newPage(p, title, "discrepancy", d)
	d.Selector = s.selector(p)
	for _, name := range s.cols {
		d.Cols = append(d.Cols, in.dim.ref(name))
	}
	for _, name := range s.rows {
		row := matrixRow{Metric: in.metric.ref(name), Direction: "higher"}
		if m := in.metric[name]; m != nil {
			row.Direction = m.Direction
		}
		for _, dim := range s.cols {
			c := matrixCell{Pair: s.pair[[2]string{name, dim}]}
			if c.Pair != nil {
				c.Row = c.Pair.at(level, iteration)
			}
			row.Cells = append(row.Cells, c)
		}
		d.Rows = append(d.Rows, row)
	}
	if len(d.Rows) > 0 {
		var cp chart.Page
		h, err := cp.HTML(matrixChart(pg, d, level+" "+iteration))
		if err != nil {
			return nil, err
		}
		d.Chart, pg.Charts = h, true
	}
	for _, f := range s.findings {
		if level == matrixIteration && f.Iteration == iteration {
			d.Findings = append(d.Findings, f)
		}
	}
	if level == matrixPooled {
		s.overviewParts(d, in.dim)
	}
	return pg, nil
}

// at returns the pair's record of a matrix level, nil when it has none.
func (p *discPair) at(level, iteration string) *coefRow {
	switch level {
	case matrixPooled:
		return p.Pooled
	case matrixSystem:
		return p.System
	}
	for i := range p.Iterations {
		if p.Iterations[i].Iteration == iteration {
			return &p.Iterations[i]
		}
	}
	return nil
}

// selectorAll is the most iterations a matrix page's selector lists in
// full; beyond it, pages other than the overview list the first and last
// iteration and the ones around their own, so the selectors of a long
// series do not grow with the square of its length.
const selectorAll = 15

// selector lists the matrix pages, marking the one at path. A link
// without a path stands for iterations left out.
func (s *discSite) selector(path string) []selectorLink {
	out := []selectorLink{{Label: "All iterations", Path: route.DiscrepancyIndex}}
	its := s.iterations
	cur := slices.IndexFunc(its, func(id string) bool { return route.DiscrepancyIteration(id) == path })
	if path == route.DiscrepancySystem {
		cur = len(its) - 1
	}
	gap := false
	for i, id := range its {
		keep := len(its) <= selectorAll || path == route.DiscrepancyIndex ||
			i == 0 || i == len(its)-1 || (cur >= 0 && i >= cur-2 && i <= cur+2)
		switch {
		case keep:
			out = append(out, selectorLink{Label: id, Path: route.DiscrepancyIteration(id)})
			gap = false
		case !gap:
			out = append(out, selectorLink{Label: "…"})
			gap = true
		}
	}
	out = append(out, selectorLink{Label: "Iteration level", Path: route.DiscrepancySystem})
	for i := range out {
		out[i].Current = out[i].Path == path
	}
	return out
}

// overviewParts fills in the findings, verdicts, investigations and notes
// of the overview, linking the dimensions' pages.
func (s *discSite) overviewParts(d *discMatrixData, dims dimIndex) {
	for _, f := range s.findings {
		if f.Open() {
			d.Open = append(d.Open, f)
		} else {
			d.Explained = append(d.Explained, f)
		}
	}
	for _, p := range s.pairs {
		if p.Verdict != nil {
			d.Verdicts = append(d.Verdicts, p)
		}
		if p.Correlated && (p.Partial != nil || len(p.Slices) > 0) {
			d.Within = append(d.Within, p)
			d.Partial = d.Partial || p.Partial != nil
		}
	}
	d.Investigations = s.invs
	for _, dim := range s.rep.Dimensions {
		n := dimNote{Dimension: dim, Dim: dims.ref(dim.Dimension)}
		if !dim.Correlated {
			d.Uncorrelated = append(d.Uncorrelated, n)
		}
		if dim.Ties > 0 {
			d.Ties = append(d.Ties, n)
		}
		if dim.Unplaced > 0 {
			d.Unplaced = append(d.Unplaced, n)
		}
	}
}

// pairData is the data of a pair's page.
type pairData struct {
	Pair         *discPair
	Floor        float64 // the validity floor, in the pair's orientation (negative when Sign is -1)
	ValidChart   template.HTML
	ScatterChart template.HTML
	Shown        int // units drawn in the scatter plot
	Open         int // open findings
}

// pairPage builds the page of one metric-dimension pair from its view
// (Deps: the pair's metric and dimension and its PairPart).
func pairPage(f frame, p *discPair, in discInputs) (*page, error) {
	d := &pairData{Pair: p, Floor: in.cfg.Discrepancy.Floor * float64(p.Sign)}
	for _, f := range p.Findings {
		if f.Open() {
			d.Open++
		}
	}
	pg := f.newPage(p.Path, p.Metric.Label+" vs "+p.Dim.Label, "discrepancy", d)
	var cp chart.Page
	var err error
	if d.ValidChart, err = validityChart(&cp, p, d.Floor, in.cfg.Analysis.Confidence); err != nil {
		return nil, err
	}
	// Unordered labels have no position to plot against a metric.
	if p.Correlated {
		sc, shown := in.scatter(pg, p)
		if shown > 0 {
			if d.ScatterChart, err = cp.HTML(sc); err != nil {
				return nil, err
			}
		}
		d.Shown = shown
	}
	pg.Charts = d.ValidChart != "" || d.ScatterChart != ""
	return pg, nil
}

// validityChart draws the per-iteration item-level Spearman rho of a pair
// with its interval, the floor, and marks on the iterations with findings;
// "" when no iteration has a rho.
func validityChart(cp *chart.Page, p *discPair, floor, confidence float64) (template.HTML, error) {
	b := chart.Band{
		ID: chart.NewID(validityPrefix, p.Name), YName: "Spearman ρ",
		BandName: bandName(confidence), Height: trendHeight,
		Lines: []chart.RefLine{{Name: "floor", Value: floor}},
	}
	drawn := false
	for _, row := range p.Iterations {
		c := row.coef
		y, lo, hi := value(c.Spearman), value(c.SpearmanLow), value(c.SpearmanHigh)
		if math.IsNaN(lo) || math.IsNaN(hi) || hi < lo {
			lo, hi = math.NaN(), math.NaN()
		}
		drawn = drawn || !math.IsNaN(y)
		b.X = append(b.X, row.Iteration)
		b.Y, b.Low, b.High = append(b.Y, y), append(b.Low, lo), append(b.High, hi)
		if f := row.Finding; f != nil {
			label := "finding, investigated"
			if f.Open() {
				label = "open finding"
			}
			b.Marks = append(b.Marks, chart.Mark{X: row.Iteration, Label: label})
		}
	}
	if !drawn {
		return "", nil
	}
	b.Summary = bandSummary(p.Metric.Label+" against "+p.Dim.Label+", item-level Spearman ρ", "", b)
	return cp.HTML(b)
}

// numeric reports whether a dimension is rated with numbers (an unknown
// one is taken to be).
func (by dimIndex) numeric(name string) bool {
	if d := by[name]; d != nil {
		return d.Numeric
	}
	return true
}

// pairLink is a pair as the metric, dimension and document pages list it.
type pairLink struct {
	*discPair
	Other ref // the dimension on a metric page, the metric on a dimension page
}

// metricPairs returns the pairs of a metric, each named by its dimension.
func (s *discSite) metricPairs(name string) []pairLink {
	if s == nil {
		return nil
	}
	var out []pairLink
	for _, p := range s.byMetric[name] {
		out = append(out, pairLink{p, p.Dim})
	}
	return out
}

// dimPairs returns the pairs of a dimension, each named by its metric.
func (s *discSite) dimPairs(name string) []pairLink {
	if s == nil {
		return nil
	}
	var out []pairLink
	for _, p := range s.byDim[name] {
		out = append(out, pairLink{p, p.Metric})
	}
	return out
}

// investigates returns what a document investigates.
func (s *discSite) investigates(slug string) []*invView {
	if s == nil {
		return nil
	}
	return s.byDoc[slug]
}

// discSummary is what the dashboard shows of the discrepancy analysis.
type discSummary struct {
	Open      int
	Explained int
	Pairs     int
}

// summary summarises the findings for the dashboard; nil when the site
// has no discrepancy pages.
func (s *discSite) summary() *discSummary {
	if s == nil {
		return nil
	}
	out := &discSummary{Pairs: len(s.pairs)}
	for _, f := range s.findings {
		if f.Open() {
			out.Open++
		} else {
			out.Explained++
		}
	}
	return out
}

// discItems returns the items the disagreement lists of rep name.
func discItems(rep *discrepancy.Report) []string {
	if rep == nil {
		return nil
	}
	var out []string
	for _, ds := range rep.Disagreements {
		for _, d := range slices.Concat(ds.MetricHighHumansLow, ds.MetricLowHumansHigh) {
			out = append(out, d.Item)
		}
	}
	return out
}
