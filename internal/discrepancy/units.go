package discrepancy

import (
	"slices"
	"sync"
	"sync/atomic"

	"github.com/evalbook/evalbook/internal/alert"
	"github.com/evalbook/evalbook/internal/fingerprint"
	"github.com/evalbook/evalbook/internal/parallel"
	"github.com/evalbook/evalbook/internal/project"
)

// Plan holds what every unit of Analyse shares: the options (defaults
// applied), the iteration order, the items' slices and the
// investigations. Its units are the dimensions (how each enters the
// analysis: Dimension) and the metric-dimension pairs, numbered
// dimension-major as Analyse reports them: pair n is metric n mod M and
// dimension n / M, for M metrics.
type Plan struct {
	p       *project.Project
	opt     Options
	order   map[string]int
	bySlice map[string]string
	invs    []Investigation
}

// PairResult is everything Analyse reports of one metric-dimension pair.
// Joined is false when the two share no unit; the pair then has no other
// figure.
type PairResult struct {
	Joined        bool
	Pair          Pair
	Records       []Record
	Slices        []SliceRecord
	Findings      []Finding       // without Investigations, which Report sets
	Disagreements []Disagreements // one list for a correlated pair, else none
	Verdicts      []Verdict
}

// NewPlan prepares the analysis of p.
func NewPlan(p *project.Project, opt Options) *Plan {
	return &Plan{p: p, opt: opt.withDefaults(), order: iterationOrder(p), bySlice: itemSlices(p), invs: investigations(p)}
}

// Pairs returns the number of metric-dimension pairs.
func (pl *Plan) Pairs() int { return len(pl.p.Metrics) * len(pl.p.Dimensions) }

// Compute returns the summaries of the dimensions at the indexes dims and
// the results of the pairs at the indexes pairs, in those orders. It
// forms only the consensus and metric values those units need.
func (pl *Plan) Compute(dims, pairs []int) ([]Dimension, []PairResult) {
	p, nm := pl.p, len(pl.p.Metrics)
	// What the units read first, each formed once and side by side: the
	// consensus of every dimension a unit reads, the means of every metric
	// a pair reads. Then the pairs side by side, each result stored at its
	// index (every random stream is seeded by its own names).
	needD, needM := make([]bool, len(p.Dimensions)), make([]bool, nm)
	for _, k := range dims {
		needD[k] = true
	}
	for _, at := range pairs {
		needD[at/nm], needM[at%nm] = true, true
	}
	cons, infos := make([]*consensusUnits, len(p.Dimensions)), make([]Dimension, len(p.Dimensions))
	means := make([]*metricMeans, nm)
	var prep []func()
	for k := range needD {
		if needD[k] {
			d := &p.Dimensions[k]
			prep = append(prep, func() { cons[k], infos[k] = consensus(d, pl.opt.Consensus[d.Name], pl.order) })
		}
	}
	for i := range needM {
		if needM[i] {
			prep = append(prep, func() { means[i] = metricUnits(&p.Metrics[i]) })
		}
	}
	parallel.For(len(prep), func(n int) { prep[n]() })
	dimsOut := make([]Dimension, len(dims))
	for n, k := range dims {
		dimsOut[n] = infos[k]
	}
	// A metric's half of its pairs is formed once for the dimensions on
	// the same units: class[k] is the first dimension on dimension k's.
	nd := len(p.Dimensions)
	class := unitClasses(cons)
	shared, halves := make([]sharedSide, nd), make([]sharedHalf, nm*nd)
	for _, at := range pairs {
		i, k := at%nm, at/nm
		shared[k].left.Add(1)
		halves[i*nd+class[k]].left.Add(1)
	}
	pairsOut := make([]PairResult, len(pairs))
	parallel.For(len(pairs), func(n int) {
		i, k := pairs[n]%nm, pairs[n]/nm
		h := &halves[i*nd+class[k]]
		pairsOut[n] = pl.pair(&p.Metrics[i], &p.Dimensions[k], means[i], cons[k], infos[k].Correlated, &shared[k], h)
		shared[k].done()
		h.done()
	})
	return dimsOut, pairsOut
}

// unitClasses returns for each dimension the first dimension on the same
// units (sameUnits), itself when none before it is; dimensions without a
// consensus (nil) are their own.
func unitClasses(cons []*consensusUnits) []int {
	class := make([]int, len(cons))
	var firsts []int // the dimensions first on their units
	for k, c := range cons {
		class[k] = k
		if c == nil {
			continue
		}
		for _, f := range firsts {
			if sameUnits(cons[f], c) {
				class[k] = f
				break
			}
		}
		if class[k] == k {
			firsts = append(firsts, k)
		}
	}
	return class
}

// sharedHalf is a metric's half of its pairs with the dimensions on the
// same units: the values joined (metricHalf) and, for the correlated
// pairs, its side (metricSide). Each is formed by the first pair that
// asks, and dropped when the last of those pairs is done.
type sharedHalf struct {
	once, sideOnce sync.Once
	half           metricHalf
	side           *metricSide
	left           atomic.Int32 // the pairs not yet done
}

// get returns the metric m's values on the units of c, forming them on the
// first call.
func (h *sharedHalf) get(m *metricMeans, c *consensusUnits) metricHalf {
	h.once.Do(func() { h.half = joinMetric(m, c) })
	return h.half
}

// metricSide returns the side of j, the joined units of a pair of the
// metric with the direction dir, forming it on the first call.
func (h *sharedHalf) metricSide(j joined, dir project.Direction, bySlice map[string]string, opt Options) *metricSide {
	h.sideOnce.Do(func() { h.side = newMetricSide(j, dir, bySlice, opt) })
	return h.side
}

// done counts one of the pairs done.
func (h *sharedHalf) done() {
	if h.left.Add(-1) == 0 {
		h.half, h.side = metricHalf{}, nil
	}
}

// sharedSide is a dimension's consensus side (consensusSide) for its
// pairs on every one of its units: formed by the first of them that asks,
// dropped when the last of the dimension's pairs is done.
type sharedSide struct {
	once sync.Once
	side *consensusSide
	left atomic.Int32 // the dimension's pairs not yet done
}

// get returns the side of j, the joined units of a pair on every unit of
// the dimension, forming it on the first call.
func (s *sharedSide) get(j joined, bySlice map[string]string, opt Options) *consensusSide {
	s.once.Do(func() { s.side = newSide(j, bySlice, opt) })
	return s.side
}

// done counts one of the dimension's pairs done.
func (s *sharedSide) done() {
	if s.left.Add(-1) == 0 {
		s.side = nil
	}
}

// pair computes one pair's result.
// A pair on every unit of the dimension reads the consensus side shared
// holds; every pair reads the metric's half and side that half holds.
func (pl *Plan) pair(m *project.Metric, d *project.Dimension, mu *metricMeans, c *consensusUnits, correlated bool, shared *sharedSide, half *sharedHalf) PairResult {
	opt := pl.opt
	if m.Aggregated() || d.Aggregated() {
		return pl.aggregatedPair(m, d, correlated)
	}
	j := joinOn(c, half.get(mu, c))
	if j.Len() == 0 {
		return PairResult{}
	}
	r := PairResult{Joined: true, Pair: j.pair(m.Name, d.Name, correlated)}
	if correlated {
		var side *consensusSide
		if j.at == nil {
			side = shared.get(j, pl.bySlice, opt)
		} else {
			side = newSide(j, pl.bySlice, opt)
		}
		ms := half.metricSide(j, m.Direction, pl.bySlice, opt)
		r.Records = pairRecords(m.Name, d.Name, j, side, ms, opt)
		r.Slices = sliceRecords(m.Name, d.Name, side, ms, opt)
		r.Findings = validityFindings(m, d, r.Records, opt)
		r.Disagreements = []Disagreements{disagreements(m, d.Name, j, ms.ranks, side.ranks, opt.Top, pl.invs)}
	}
	dimPass, dimHasPass := opt.DimensionPass[d.Name]
	if metricPass, ok := opt.MetricPass[m.Name]; ok && dimHasPass {
		metricPass.Lower = m.Direction == project.LowerIsBetter
		r.Verdicts = verdicts(m.Name, d.Name, j, metricPass, dimPass, opt.Confidence)
	}
	return r
}

// Report puts the summaries of every dimension and the results of every
// pair, both in Analyse's order, together with what spans pairs: the
// investigations, which findings they explain, and the validity alerts.
func (pl *Plan) Report(dims []Dimension, pairs []PairResult) Report {
	rep := Report{
		Records: []Record{}, Slices: []SliceRecord{}, Disagreements: []Disagreements{}, Verdicts: []Verdict{}, Findings: []Finding{},
		Investigations: pl.invs, Alerts: []alert.Alert{}, Dimensions: append([]Dimension{}, dims...),
	}
	for _, r := range pairs {
		if !r.Joined {
			continue
		}
		rep.Pairs = append(rep.Pairs, r.Pair)
		rep.Records = append(rep.Records, r.Records...)
		rep.Slices = append(rep.Slices, r.Slices...)
		rep.Findings = append(rep.Findings, r.Findings...)
		rep.Disagreements = append(rep.Disagreements, r.Disagreements...)
		rep.Verdicts = append(rep.Verdicts, r.Verdicts...)
	}
	for i := range rep.Findings {
		f := &rep.Findings[i]
		f.Investigations = explaining(rep.Investigations, *f)
		rep.Alerts = append(rep.Alerts, f.alert(rep.Investigations, pl.opt))
	}
	alert.Sort(rep.Alerts)
	return rep
}

// Fingerprints returns the fingerprint of every dimension unit and every
// pair unit (numbered as in Plan). A dimension's summary reads its name,
// scale, labels, consensus rule and ratings (iteration, item, value and
// label of each, in order). A pair reads those and the iteration order,
// the options that are not another subject's, the metric's name, label,
// direction and values (iteration, item and value), the slices of the
// metric's items, both pass thresholds, the dimension's label, and the
// investigations of the pair. So a change to one metric's values redoes
// that metric's pairs only, and a change to one dimension's ratings that
// dimension's summary and pairs only.
func (pl *Plan) Fingerprints() (dims, pairs []fingerprint.Sum) {
	dims = make([]fingerprint.Sum, len(pl.p.Dimensions))
	for k := range dims {
		dims[k] = pl.DimensionFingerprint(k)
	}
	metrics := make([]fingerprint.Sum, len(pl.p.Metrics))
	for i := range metrics {
		metrics[i] = pl.MetricFingerprint(i)
	}
	return dims, pl.PairFingerprints(dims, metrics)
}

// DimensionFingerprint returns the fingerprint of dimension k's unit: its
// name, scale, labels, consensus rule and ratings. It is also its part of
// its pairs' fingerprints (PairFingerprints).
func (pl *Plan) DimensionFingerprint(k int) fingerprint.Sum {
	d := &pl.p.Dimensions[k]
	h := fingerprint.New("discrepancy dimension").String(d.Name).Bool(d.Numeric).String(string(d.Scale)).
		Strings(d.Labels).String(pl.opt.Consensus[d.Name]).Int(d.Ratings.Len())
	for i := range d.Ratings.Len() {
		r := d.Ratings.At(i)
		h.String(r.Iteration).String(r.Item).Float(r.Value).String(r.Label)
	}
	return h.Done()
}

// MetricFingerprint returns metric i's part of its pairs' fingerprints
// (PairFingerprints): its name, label, direction, pass threshold, values,
// aggregated sums, and the slices of its items, which the values of every
// metric decide.
func (pl *Plan) MetricFingerprint(i int) fingerprint.Sum {
	m := &pl.p.Metrics[i]
	h := fingerprint.New("discrepancy metric").String(m.Name).String(m.Label).Int(int(m.Direction)).JSON(pl.opt.MetricPass[m.Name])
	vals := &m.Values
	h.Int(vals.Len())
	var items []string
	seen := make([]bool, vals.Items.Len())
	for j := range vals.Len() {
		h.String(vals.IterationName(j)).String(vals.ItemName(j)).Float(vals.Value[j])
		if id := vals.Item[j]; !seen[id] {
			seen[id] = true
			items = append(items, vals.Items.Name(id))
		}
	}
	h.Int(len(m.Pearson))
	for _, s := range m.Pearson {
		h.String(s.Dimension).String(s.Iteration).Float(s.N).Float(s.SX).Float(s.SY).Float(s.SXX).Float(s.SYY).Float(s.SXY)
	}
	h.Int(len(m.Verdicts))
	for _, v := range m.Verdicts {
		h.String(v.Dimension).String(v.Iteration).Float(v.BothPass).Float(v.MetricOnly).Float(v.HumansOnly).Float(v.NeitherPass)
	}
	h.Bool(m.Aggregated())
	slices.Sort(items)
	h.Int(len(items))
	for _, it := range items {
		h.String(it).String(pl.bySlice[it])
	}
	return h.Done()
}

// PairFingerprints returns the fingerprint of every pair unit from those
// of the dimensions (DimensionFingerprint) and the metrics
// (MetricFingerprint), adding the iteration order, the options that are
// not another subject's, the dimension's label and pass threshold, and
// the pair's investigations.
func (pl *Plan) PairFingerprints(dims, metrics []fingerprint.Sum) []fingerprint.Sum {
	p, opt := pl.p, pl.opt
	global := opt
	global.Consensus, global.MetricPass, global.DimensionPass = nil, nil, nil
	base := fingerprint.New("discrepancy").JSON(global)
	base.Int(len(p.Iterations))
	for _, it := range p.Iterations {
		base.String(it.ID)
	}
	baseSum := base.Done()
	pairs := make([]fingerprint.Sum, pl.Pairs())
	for k := range p.Dimensions {
		d := &p.Dimensions[k]
		for i := range p.Metrics {
			m := &p.Metrics[i]
			h := fingerprint.New("discrepancy pair").Sum(baseSum).Sum(metrics[i]).Sum(dims[k]).
				String(d.Label).JSON(opt.DimensionPass[d.Name])
			for _, inv := range pl.invs {
				if inv.Metric == m.Name && inv.Dimension == d.Name {
					h.JSON(inv)
				}
			}
			pairs[k*len(p.Metrics)+i] = h.Done()
		}
	}
	return pairs
}
