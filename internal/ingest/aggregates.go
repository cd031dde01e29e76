package ingest

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/evalbook/evalbook/internal/correlation"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/stats"
)

// kindAggregates is the kind of a source of pre-aggregated sufficient
// statistics (docs/aggregates.md), read by the csv and parquet formats.
const kindAggregates = "aggregates"

// An aggregate table is known by its columns (docs/aggregates.md): the
// table with the most required columns that the header all has; each
// lists its required columns, then its optional ones.
var aggTables = []struct {
	name     string
	required []string
	optional []string
}{
	{"metric_moments", []string{"metric", "iteration", "n", "sum", "sumsq"}, []string{"slice"}},
	{"coincidences", []string{"dimension", "iteration", "value_a", "value_b", "count"}, nil},
	{"paired_moments", []string{"metric", "iteration", "against", "n", "sum_a", "sum_b", "sum_d", "sumsq_d"}, nil},
	{"pearson_sums", []string{"metric", "dimension", "iteration", "n", "sx", "sy", "sxx", "syy", "sxy"}, nil},
	{"rater_pairs", []string{"dimension", "iteration", "rater_a", "rater_b", "value_a", "value_b", "count"}, nil},
	{"alpha_moments", []string{"dimension", "iteration", "n", "sum", "sumsq", "within"}, []string{"min", "max"}},
	{"rater_moments", []string{"dimension", "iteration", "rater", "n", "sum", "sumsq"}, nil},
	{"metric_replicates", []string{"metric", "iteration", "replicate", "n", "sum"}, nil},
	{"verdict_counts", []string{"metric", "dimension", "iteration", "both_pass", "metric_only", "humans_only", "neither_pass"}, nil},
}

// aggResult is what an aggregate file held.
type aggResult struct {
	table    string
	moments  map[string][]project.MetricMoments   // by metric
	paired   map[string][]project.PairedMoments   // by metric
	pearson  map[string][]project.PearsonSums     // by metric
	verdicts map[string][]project.VerdictCounts   // by metric
	reps     map[string][]project.MetricReplicate // by metric
	coinc    map[string][]project.Coincidence     // by dimension
	raters   map[string][]project.RaterMoments    // by dimension
	pairs    map[string][]project.RaterPair       // by dimension
	alpha    map[string][]project.AlphaMoments    // by dimension
	seen     *iterSeen
	warnings []string
	err      error
}

func newAggResult() *aggResult {
	return &aggResult{
		moments: map[string][]project.MetricMoments{}, paired: map[string][]project.PairedMoments{},
		pearson: map[string][]project.PearsonSums{}, verdicts: map[string][]project.VerdictCounts{}, reps: map[string][]project.MetricReplicate{}, coinc: map[string][]project.Coincidence{},
		raters: map[string][]project.RaterMoments{}, pairs: map[string][]project.RaterPair{},
		alpha: map[string][]project.AlphaMoments{}, seen: newIterSeen(),
	}
}

// values counts what the file gave.
func (res *aggResult) values() int {
	return total(res.moments) + total(res.coinc) + total(res.paired) + total(res.pearson) + total(res.verdicts) + total(res.reps) +
		total(res.raters) + total(res.pairs) + total(res.alpha)
}

// total is the number of values in m's slices.
func total[V any](m map[string][]V) int {
	n := 0
	for _, v := range m {
		n += len(v)
	}
	return n
}

// readTable reads an aggregate table, known by its header. Every count
// must be a non-negative whole number, moments must be those of a sample
// (stats.Moments.Check); errors name the file, line and column.
func (res *aggResult) readTable(sf *sourceFile, cr rowReader) error {
	file := sf.path
	h, err := readHeaderWarn(file, cr, &res.warnings)
	if err != nil || h == nil {
		return err
	}
	col := map[string]int{}
	best := -1 // the table whose required columns the header has, the most specific
	for i, t := range aggTables {
		if hasAll(h, t.required) && (best < 0 || len(t.required) > len(aggTables[best].required)) {
			best = i
		}
	}
	if best >= 0 {
		t := aggTables[best]
		res.table = t.name
		for _, name := range h.names {
			if !slices.Contains(t.required, name) && !slices.Contains(t.optional, name) {
				i := h.col(name)
				line, c := cr.FieldPos(i)
				return errorf(file, line, c, "unknown column %q in a %s aggregate; it has the columns %s and optionally %s",
					name, t.name, strings.Join(t.required, ", "), strings.Join(t.optional, ", "))
			}
		}
		for _, name := range slices.Concat(t.required, t.optional) {
			col[name] = h.col(name)
		}
	}
	if res.table == "" {
		var want []string
		for _, t := range aggTables {
			want = append(want, t.name+" ("+strings.Join(t.required, ", ")+")")
		}
		return errorf(file, 1, 0, "not an aggregate table evalbook knows: the header %s matches none of %s",
			strings.Join(h.names, ","), strings.Join(want, "; "))
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return csvError(file, cr, rec, len(h.names), err)
		}
		sf.record()
		if err := res.row(sf, cr, rec, col); err != nil {
			return err
		}
	}
}

func hasAll(h *header, names []string) bool {
	for _, n := range names {
		if h.col(n) < 0 {
			return false
		}
	}
	return true
}

// row reads one row of res.table.
func (res *aggResult) row(sf *sourceFile, cr rowReader, rec []string, col map[string]int) error {
	file := sf.path
	line, _ := cr.FieldPos(0)
	pos := project.Pos{File: file, Line: line}
	fail := func(name, format string, args ...any) error {
		_, c := cr.FieldPos(col[name])
		return errorf(file, line, c, "column %q: %s", name, fmt.Sprintf(format, args...))
	}
	text := func(name string, required bool) (string, error) {
		s := cell(rec, col[name])
		if s == "" && required {
			return "", fail(name, "empty")
		}
		return sf.in.get(s), nil
	}
	num := func(name string) (float64, error) {
		s := cell(rec, col[name])
		v, ok := parseNumber(s)
		if !ok {
			return 0, fail(name, "%q is not a number", s)
		}
		return v, nil
	}
	var errs []error
	get := func(name string, required bool) string {
		s, err := text(name, required)
		errs = append(errs, err)
		return s
	}
	getNum := func(name string) float64 {
		v, err := num(name)
		errs = append(errs, err)
		return v
	}
	iter := get("iteration", false)
	switch res.table {
	case "metric_moments":
		m := project.MetricMoments{Iteration: iter, Slice: get("slice", false), Pos: pos}
		name := get("metric", true)
		m.N, m.Sum, m.SumSq = getNum("n"), getNum("sum"), getNum("sumsq")
		if err := firstErr(errs); err != nil {
			return err
		}
		if iter == "" {
			return fail("iteration", "empty")
		}
		if err := checkMoments(stats.Moments{N: m.N, Sum: m.Sum, SumSq: m.SumSq}, fail); err != nil {
			return err
		}
		res.moments[name] = append(res.moments[name], m)
	case "paired_moments":
		m := project.PairedMoments{Iteration: iter, Against: get("against", true), Pos: pos}
		name := get("metric", true)
		m.N, m.SumA, m.SumB = getNum("n"), getNum("sum_a"), getNum("sum_b")
		m.SumD, m.SumSqD = getNum("sum_d"), getNum("sumsq_d")
		if err := firstErr(errs); err != nil {
			return err
		}
		if iter == "" {
			return fail("iteration", "empty")
		}
		if err := checkMoments(stats.Moments{N: m.N, Sum: m.SumD, SumSq: m.SumSqD}, func(name, format string, args ...any) error {
			return fail(map[string]string{"n": "n", "sum": "sum_d", "sumsq": "sumsq_d"}[name], format, args...)
		}); err != nil {
			return err
		}
		if d := m.SumA - m.SumB; math.Abs(d-m.SumD) > 1e-9*max(1, math.Abs(m.SumA)+math.Abs(m.SumB)) {
			return fail("sum_d", "%v is not sum_a - sum_b = %v", m.SumD, d)
		}
		res.paired[name] = append(res.paired[name], m)
	case "pearson_sums":
		s := project.PearsonSums{Iteration: iter, Dimension: get("dimension", true), Pos: pos}
		name := get("metric", true)
		s.N, s.SX, s.SY = getNum("n"), getNum("sx"), getNum("sy")
		s.SXX, s.SYY, s.SXY = getNum("sxx"), getNum("syy"), getNum("sxy")
		if err := firstErr(errs); err != nil {
			return err
		}
		if iter == "" {
			return fail("iteration", "empty")
		}
		if err := (correlation.Sums{N: s.N, SX: s.SX, SY: s.SY, SXX: s.SXX, SYY: s.SYY, SXY: s.SXY}).Check(); err != nil {
			col := "sxy"
			switch {
			case strings.Contains(err.Error(), "count"):
				col = "n"
			case strings.Contains(err.Error(), "negative"):
				col = "sxx"
			}
			return fail(col, "%v", err)
		}
		res.pearson[name] = append(res.pearson[name], s)
	case "metric_replicates":
		m := project.MetricReplicate{Iteration: iter, Pos: pos}
		name := get("metric", true)
		r := getNum("replicate")
		m.N, m.Sum = getNum("n"), getNum("sum")
		if err := firstErr(errs); err != nil {
			return err
		}
		if iter == "" {
			return fail("iteration", "empty")
		}
		if r < 0 || r != math.Trunc(r) || r > math.MaxInt32 {
			return fail("replicate", "%v is not a replicate number (a whole number from 0)", r)
		}
		m.Replicate = int(r)
		switch {
		case m.N < 0 || m.N != math.Trunc(m.N):
			return fail("n", "%v is not a non-negative whole number (a sum of Poisson weights)", m.N)
		case m.N == 0 && m.Sum != 0:
			return fail("sum", "%v with n 0: a replicate without weight has sum 0", m.Sum)
		}
		res.reps[name] = append(res.reps[name], m)
	case "verdict_counts":
		v := project.VerdictCounts{Iteration: iter, Dimension: get("dimension", true), Pos: pos}
		name := get("metric", true)
		counts := []struct {
			col string
			to  *float64
		}{{"both_pass", &v.BothPass}, {"metric_only", &v.MetricOnly}, {"humans_only", &v.HumansOnly}, {"neither_pass", &v.NeitherPass}}
		for _, c := range counts {
			*c.to = getNum(c.col)
		}
		if err := firstErr(errs); err != nil {
			return err
		}
		if iter == "" {
			return fail("iteration", "empty")
		}
		for _, c := range counts {
			if x := *c.to; x < 0 || x != math.Trunc(x) {
				return fail(c.col, "%v is not a non-negative whole number", x)
			}
		}
		res.verdicts[name] = append(res.verdicts[name], v)
	case "rater_moments":
		m := project.RaterMoments{Iteration: iter, Rater: get("rater", true), Pos: pos}
		name := get("dimension", true)
		m.N, m.Sum, m.SumSq = getNum("n"), getNum("sum"), getNum("sumsq")
		if err := firstErr(errs); err != nil {
			return err
		}
		if err := checkMoments(stats.Moments{N: m.N, Sum: m.Sum, SumSq: m.SumSq}, fail); err != nil {
			return err
		}
		res.raters[name] = append(res.raters[name], m)
	case "alpha_moments":
		m := project.AlphaMoments{Iteration: iter, Pos: pos}
		name := get("dimension", true)
		m.N, m.Sum, m.SumSq, m.Within = getNum("n"), getNum("sum"), getNum("sumsq"), getNum("within")
		if col["min"] >= 0 && col["max"] >= 0 {
			m.Min, m.Max = getNum("min"), getNum("max")
		}
		if err := firstErr(errs); err != nil {
			return err
		}
		if err := checkMoments(stats.Moments{N: m.N, Sum: m.Sum, SumSq: m.SumSq}, fail); err != nil {
			return err
		}
		// Within is part of the total spread: 0 <= Within and, as
		// Σ_u m_u s_u² <= 2 Σ_u Σ_i (x_ui - x̄)² (m_u/(m_u-1) <= 2), at most
		// twice n times the variance of all the values.
		if total := m.SumSq - m.Sum*m.Sum/max(m.N, 1); m.Within < 0 || m.Within > 2*total*(1+1e-9)+1e-9 {
			return fail("within", "%v is outside [0, %v], what the values' spread allows", m.Within, 2*total)
		}
		res.alpha[name] = append(res.alpha[name], m)
	case "rater_pairs":
		c := project.RaterPair{Iteration: iter, RaterA: get("rater_a", true), RaterB: get("rater_b", true),
			A: get("value_a", true), B: get("value_b", true), Pos: pos}
		name := get("dimension", true)
		c.Count = getNum("count")
		if err := firstErr(errs); err != nil {
			return err
		}
		if !(c.RaterA < c.RaterB) {
			return fail("rater_b", "%q does not sort after rater_a %q; list each pair once, the first by name in rater_a", c.RaterB, c.RaterA)
		}
		if c.Count < 0 || c.Count != math.Trunc(c.Count) {
			return fail("count", "%v is not a non-negative whole number", c.Count)
		}
		res.pairs[name] = append(res.pairs[name], c)
	case "coincidences":
		c := project.Coincidence{Iteration: iter, A: get("value_a", true), B: get("value_b", true), Pos: pos}
		name := get("dimension", true)
		c.Count = getNum("count")
		if err := firstErr(errs); err != nil {
			return err
		}
		if c.Count < 0 {
			return fail("count", "%v is negative", c.Count)
		}
		res.coinc[name] = append(res.coinc[name], c)
	}
	if iter != "" {
		_, c := cr.FieldPos(col["iteration"])
		res.seen.see(iter, pos, c, time.Time{})
	}
	return nil
}

// checkMoments reports a contradiction in m at the column it shows in.
func checkMoments(m stats.Moments, fail func(name, format string, args ...any) error) error {
	err := m.Check()
	if err == nil {
		return nil
	}
	name := "sumsq"
	switch {
	case math.IsNaN(m.N) || m.N < 0 || m.N != math.Trunc(m.N):
		name = "n"
	case m.N == 0 && m.Sum != 0:
		name = "sum"
	}
	return fail(name, "%v", err)
}

func firstErr(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// mergeAggregates joins the aggregate files, in path order, into the
// project's metrics and dimensions, adding those that only aggregates name,
// and records the iterations they name in seen. A metric may not have both
// values and moments in one iteration, nor a dimension both ratings and a
// coincidence matrix; each dimension's matrix, per iteration, must be
// symmetric (agreement.Coincidences.Check), an error naming a row of it.
func (l *loader) mergeAggregates(p *project.Project, seen *iterSeen) error {
	if len(l.aggSrc) == 0 {
		return nil
	}
	metrics := map[string]*project.Metric{}
	for i := range p.Metrics {
		metrics[p.Metrics[i].Name] = &p.Metrics[i]
	}
	dims := map[string]*project.Dimension{}
	for i := range p.Dimensions {
		dims[p.Dimensions[i].Name] = &p.Dimensions[i]
	}
	for _, sf := range l.aggSrc {
		r := sf.agg
		if r.err != nil {
			return r.err
		}
		l.warnings = append(l.warnings, r.warnings...)
		seen.merge(r.seen)
		appendByName(metrics, r.moments, l.metric, func(m *project.Metric) *[]project.MetricMoments { return &m.Moments })
		appendByName(metrics, r.paired, l.metric, func(m *project.Metric) *[]project.PairedMoments { return &m.Paired })
		appendByName(metrics, r.pearson, l.metric, func(m *project.Metric) *[]project.PearsonSums { return &m.Pearson })
		appendByName(metrics, r.verdicts, l.metric, func(m *project.Metric) *[]project.VerdictCounts { return &m.Verdicts })
		appendByName(metrics, r.reps, l.metric, func(m *project.Metric) *[]project.MetricReplicate { return &m.Replicates })
		appendByName(dims, r.coinc, l.aggDimension, func(d *project.Dimension) *[]project.Coincidence { return &d.Coincidences })
		appendByName(dims, r.raters, l.aggDimension, func(d *project.Dimension) *[]project.RaterMoments { return &d.RaterMoments })
		appendByName(dims, r.pairs, l.aggDimension, func(d *project.Dimension) *[]project.RaterPair { return &d.RaterPairs })
		appendByName(dims, r.alpha, l.aggDimension, func(d *project.Dimension) *[]project.AlphaMoments { return &d.AlphaMoments })
	}
	p.Metrics = p.Metrics[:0:0]
	for _, name := range sortedKeys(metrics) {
		m := metrics[name]
		if m.Values.Len() > 0 && len(m.Moments) > 0 {
			return fmt.Errorf("%s: metric %q has both values (%s) and aggregate moments; give one or the other", m.Moments[0].Pos, name, m.Values.Pos(0))
		}
		if pos, ok := firstMetricAggregate(m); ok && len(m.Moments) == 0 {
			return fmt.Errorf("%s: metric %q has paired moments, Pearson sums, verdict counts or replicates but no metric_moments; give both", pos, name)
		}
		p.Metrics = append(p.Metrics, *m)
	}
	p.Dimensions = p.Dimensions[:0:0]
	for _, name := range sortedKeys(dims) {
		d := dims[name]
		if d.Ratings.Len() > 0 && len(d.Coincidences)+len(d.RaterMoments)+len(d.RaterPairs)+len(d.AlphaMoments) > 0 {
			return fmt.Errorf("dimension %q has both ratings (%s) and aggregates; give one or the other", name, d.Ratings.Pos(0))
		}
		if err := checkCoincidences(d); err != nil {
			return err
		}
		p.Dimensions = append(p.Dimensions, *d)
	}
	return nil
}

// firstMetricAggregate returns the position of the first row of m's
// aggregates that need its moments beside them (paired moments, Pearson
// sums, verdict counts, replicates), in that order; false when m has none.
func firstMetricAggregate(m *project.Metric) (project.Pos, bool) {
	switch {
	case len(m.Paired) > 0:
		return m.Paired[0].Pos, true
	case len(m.Pearson) > 0:
		return m.Pearson[0].Pos, true
	case len(m.Verdicts) > 0:
		return m.Verdicts[0].Pos, true
	case len(m.Replicates) > 0:
		return m.Replicates[0].Pos, true
	}
	return project.Pos{}, false
}

// appendByName appends add's values, in name order, to the slice field
// of byName's entry of that name, making the entry with create (and
// keeping it in byName) where there is none yet.
func appendByName[T, V any](byName map[string]*T, add map[string][]V, create func(string) *T, field func(*T) *[]V) {
	for _, name := range sortedKeys(add) {
		t := byName[name]
		if t == nil {
			t = create(name)
			byName[name] = t
		}
		f := field(t)
		*f = append(*f, add[name]...)
	}
}

// aggDimension returns a dimension that only aggregates name, with its
// settings from the config. Its values decide whether it is numeric.
func (l *loader) aggDimension(name string) *project.Dimension {
	c := l.cfg.Dimension(name)
	d := &project.Dimension{Name: name, Label: c.Label, Description: c.Description, Scale: project.Scale(c.Scale), Labels: slices.Clone(c.Labels)}
	return d
}

// checkCoincidences sets whether d's aggregate values are numbers and
// checks each iteration's coincidence matrix for symmetry.
func checkCoincidences(d *project.Dimension) error {
	if len(d.AlphaMoments) > 0 {
		if len(d.Coincidences) > 0 {
			return fmt.Errorf("%s: dimension %q has both a coincidence matrix (%s) and alpha moments; give one or the other", d.AlphaMoments[0].Pos, d.Name, d.Coincidences[0].Pos)
		}
		d.Numeric = true
		if d.Scale == "" {
			d.Scale = project.Interval
		}
		return nil
	}
	if len(d.Coincidences) == 0 {
		return nil
	}
	d.Numeric = true
	for _, c := range d.Coincidences {
		_, okA := parseNumber(c.A)
		_, okB := parseNumber(c.B)
		if !okA || !okB {
			d.Numeric = false
		}
	}
	if d.Scale == "" {
		d.Scale = project.Interval
		if !d.Numeric {
			d.Scale = project.Nominal
		}
	}
	type cell struct{ iter, a, b string }
	sum := map[cell]float64{}
	first := map[cell]project.Pos{}
	for _, c := range d.Coincidences {
		k := cell{c.Iteration, c.A, c.B}
		sum[k] += c.Count
		if _, ok := first[k]; !ok {
			first[k] = c.Pos
		}
	}
	for _, c := range d.Coincidences {
		k, t := cell{c.Iteration, c.A, c.B}, cell{c.Iteration, c.B, c.A}
		if math.Abs(sum[k]-sum[t]) > 1e-9*max(1, math.Abs(sum[k])) {
			return fmt.Errorf("%s: column \"count\": dimension %q, iteration %q: the coincidence matrix is not symmetric: o(%s, %s) = %v but o(%s, %s) = %v",
				first[k], d.Name, c.Iteration, c.A, c.B, sum[k], c.B, c.A, sum[t])
		}
	}
	return nil
}
