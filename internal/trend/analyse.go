package trend

import (
	"cmp"
	"fmt"
	"runtime"
	"slices"
	"strconv"

	"github.com/evalbook/evalbook/internal/parallel"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/stats"
)

// Defaults applied by Analyse to zero Options fields; they match the
// defaults of config.Analysis.
const (
	DefaultConfidence = 0.95
	DefaultResamples  = 1000
)

// Analyse computes the trends of every metric and dimension of p.
//
// Zero Confidence and Resamples take their defaults. Analyse panics when
// Confidence is outside (0, 1) or Resamples is negative: package config
// rejects such settings, so they can only come from a programming error.
//
// The work is spread over GOMAXPROCS goroutines; the Report does not depend
// on how many there are or on how they are scheduled.
func Analyse(p *project.Project, opt Options) Report {
	return analyse(p, opt, schedule{workers: runtime.GOMAXPROCS(0)})
}

// schedule says how analyse runs its tasks: on how many goroutines and, for
// tests, in which order.
type schedule struct {
	workers int
	order   func(n int) []int // task order; nil means 0, 1, ..., n-1
}

func analyse(p *project.Project, opt Options, s schedule) Report {
	ms, ds := analyseUnits(p, opt, s, identity(len(p.Metrics)), identity(len(p.Dimensions)))
	return Report{Metrics: ms, Dimensions: ds}
}

// AnalyseUnits computes the trends of the metrics of p at the indexes
// metrics and of the dimensions at dims, in that order: the units of
// Analyse, each a pure function of its own inputs (see MetricFingerprint
// and DimensionFingerprint), so that Analyse's Report is
// AnalyseUnits(p, opt, all metrics, all dimensions). The work is spread
// over GOMAXPROCS goroutines as in Analyse.
func AnalyseUnits(p *project.Project, opt Options, metrics, dims []int) ([]MetricTrend, []DimensionTrend) {
	return analyseUnits(p, opt, schedule{workers: runtime.GOMAXPROCS(0)}, metrics, dims)
}

func analyseUnits(p *project.Project, opt Options, s schedule, metrics, dims []int) ([]MetricTrend, []DimensionTrend) {
	opt = opt.withDefaults()
	a := &analysis{p: p, opt: opt, iters: make(map[string]project.Iteration, len(p.Iterations))}
	for _, it := range p.Iterations {
		a.iters[it.ID] = it
	}
	ms, ds := make([]MetricTrend, len(metrics)), make([]DimensionTrend, len(dims))
	jobs := make([][]ciJob, len(metrics)+len(dims))
	s.run(len(jobs), func(i int) {
		if i < len(metrics) {
			ms[i], jobs[i] = a.metric(&p.Metrics[metrics[i]])
		} else {
			j := i - len(metrics)
			ds[j], jobs[i] = a.dimension(&p.Dimensions[dims[j]])
		}
	})
	all := slices.Concat(jobs...)
	single := slices.DeleteFunc(slices.Clone(all), func(j ciJob) bool { return j.shared })
	batches := shareResamples(all)
	// A batch of many values runs alone on every worker (its products
	// split by resample, stats.BootstrapMeanCIsSeedOn); the other jobs side
	// by side, one worker each.
	small := slices.DeleteFunc(slices.Clone(batches), func(b ciBatch) bool { return b.large() })
	for _, b := range batches {
		if b.large() {
			b.run(opt, s.workers)
		}
	}
	s.run(len(single)+len(small), func(i int) {
		if i < len(single) {
			single[i].run(opt)
		} else {
			small[i-len(single)].run(opt, 1)
		}
	})
	return ms, ds
}

// largeBatch is the number of values times samples of a ciBatch from
// which it runs on every worker: a block of its products then costs far
// more than handing it out. A variable for tests.
var largeBatch = 1 << 20

// large reports whether b runs on every worker.
func (b ciBatch) large() bool { return len(b.jobs)*len(b.jobs[0].values) >= largeBatch }

// shareResamples groups the jobs that share their resamples (metric
// values): those with the same number of values, in any iteration, ordered
// by size.
func shareResamples(jobs []ciJob) []ciBatch {
	byN := map[int]*ciBatch{}
	var out []*ciBatch
	for _, j := range jobs {
		if !j.shared {
			continue
		}
		b := byN[len(j.values)]
		if b == nil {
			b = &ciBatch{}
			byN[len(j.values)] = b
			out = append(out, b)
		}
		b.jobs = append(b.jobs, j)
	}
	slices.SortFunc(out, func(x, y *ciBatch) int { return cmp.Compare(len(x.jobs[0].values), len(y.jobs[0].values)) })
	batches := make([]ciBatch, len(out))
	for i, b := range out {
		batches[i] = *b
	}
	return batches
}

// ciBatch is the jobs of the metric points with n values each, of every
// metric and iteration: their intervals come from shared resamples
// (stats.BootstrapMeanCIs), drawn from a stream seeded by n alone, so that
// each point's interval does not depend on which other points share the
// draws.
type ciBatch struct {
	jobs []ciJob
}

func (b ciBatch) run(opt Options, workers int) {
	samples := make([][]float64, len(b.jobs))
	for i, j := range b.jobs {
		samples[i] = j.values
	}
	n := len(samples[0])
	seed := stats.Seed(opt.Seed, "metric values", strconv.Itoa(n))
	lo, hi := stats.BootstrapMeanCIsSeedOn(samples, opt.Resamples, opt.Confidence, seed, workers)
	for i, j := range b.jobs {
		if stats.IsFinite(lo[i]) && stats.IsFinite(hi[i]) {
			*j.dst = &Interval{Low: lo[i], High: hi[i]}
		}
	}
}

func (o Options) withDefaults() Options {
	if o.Confidence == 0 {
		o.Confidence = DefaultConfidence
	}
	if o.Resamples == 0 {
		o.Resamples = DefaultResamples
	}
	if !(o.Confidence > 0 && o.Confidence < 1) {
		panic(fmt.Sprintf("trend: confidence %v outside (0, 1)", o.Confidence))
	}
	if o.Resamples < 0 {
		panic(fmt.Sprintf("trend: %d resamples", o.Resamples))
	}
	return o
}

// run calls f(i) for every i in [0, n), on up to s.workers goroutines.
func (s schedule) run(n int, f func(i int)) {
	order := s.order
	if order == nil {
		order = identity
	}
	idx := order(n)
	parallel.ForN(n, s.workers, func(k int) { f(idx[k]) })
}

func identity(n int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return idx
}

// ciJob is one bootstrap interval still to compute: the values, the seed of
// its random stream and where the result goes. A shared job (a metric's
// values in one iteration) has no seed of its own: it runs in a ciBatch.
type ciJob struct {
	values []float64
	seed   uint64
	shared bool
	dst    **Interval
}

func (j ciJob) run(opt Options) {
	lo, hi := stats.BootstrapMeanCISeed(j.values, opt.Resamples, opt.Confidence, j.seed)
	if stats.IsFinite(lo) && stats.IsFinite(hi) {
		*j.dst = &Interval{Low: lo, High: hi}
	}
}

// analysis holds what every metric and dimension analysis shares. It is
// read-only once built, so goroutines share it freely.
type analysis struct {
	p     *project.Project
	opt   Options
	iters map[string]project.Iteration
}

// seriesOrder returns the iteration IDs that are keys of groups in series
// order: those of the project's series first, then any others by ID.
func seriesOrder[G any](a *analysis, groups map[string]G) []string {
	ids := make([]string, 0, len(groups))
	for _, it := range a.p.Iterations {
		if _, ok := groups[it.ID]; ok {
			ids = append(ids, it.ID)
		}
	}
	if len(ids) == len(groups) {
		return ids
	}
	var extra []string
	for id := range groups {
		if _, ok := a.iters[id]; !ok {
			extra = append(extra, id)
		}
	}
	slices.Sort(extra)
	return append(ids, extra...)
}

// metricGroup collects one metric's values in one iteration.
type metricGroup struct {
	values []float64
	slices map[string][]float64 // values by slice, for values with a slice
}

func (a *analysis) metric(m *project.Metric) (MetricTrend, []ciJob) {
	if m.Aggregated() {
		return a.metricFromMoments(m), nil
	}
	groups := groupValues(&m.Values)
	ids := seriesOrder(a, groups)
	t := MetricTrend{Metric: m.Name, Direction: m.Direction.String(), Points: make([]MetricPoint, len(ids))}
	var jobs []ciJob
	for k, id := range ids {
		g := groups[id]
		stats.SortFloats(g.values)
		pt := &t.Points[k]
		*pt = MetricPoint{Iteration: id, N: len(g.values), Mean: stats.ExactMean(g.values)}
		if pt.N >= 2 {
			pt.SD = stats.Finite(stats.StdDev(g.values))
			jobs = append(jobs, ciJob{values: g.values, shared: true, dst: &pt.CI})
		}
		pt.Slices = sliceStats(g.slices)
	}
	a.metricDeltas(t.Points, m.Direction)
	return t, jobs
}

// groupValues groups the finite values by iteration, in two passes over
// the id columns: one to count, one to fill arrays of the exact size.
func groupValues(vals *project.Values) map[string]*metricGroup {
	n := vals.Iterations.Len()
	counts := make([]int, n)
	for i, x := range vals.Value {
		if stats.IsFinite(x) {
			counts[vals.Iteration[i]]++
		}
	}
	byID := make([]*metricGroup, n)
	groups := make(map[string]*metricGroup)
	for id, c := range counts {
		if c > 0 {
			byID[id] = &metricGroup{values: make([]float64, 0, c)}
			groups[vals.Iterations.Name(int32(id))] = byID[id]
		}
	}
	noSlice := int32(-1)
	if id, ok := vals.Slices.Lookup(""); ok {
		noSlice = id
	}
	for i, x := range vals.Value {
		if !stats.IsFinite(x) {
			continue
		}
		g := byID[vals.Iteration[i]]
		g.values = append(g.values, x)
		if s := vals.Slice[i]; s != noSlice {
			if g.slices == nil {
				g.slices = make(map[string][]float64)
			}
			name := vals.Slices.Name(s)
			g.slices[name] = append(g.slices[name], x)
		}
	}
	return groups
}

func sliceStats(bySlice map[string][]float64) []SliceStat {
	if len(bySlice) == 0 {
		return nil
	}
	out := make([]SliceStat, 0, len(bySlice))
	for name, vs := range bySlice {
		stats.SortFloats(vs)
		out = append(out, SliceStat{Slice: name, N: len(vs), Mean: stats.ExactMean(vs)})
	}
	slices.SortFunc(out, func(x, y SliceStat) int { return cmp.Compare(x.Slice, y.Slice) })
	return out
}

// metricDeltas sets the deltas, baselines and Improved of points, which are
// in series order.
func (a *analysis) metricDeltas(points []MetricPoint, dir project.Direction) {
	byID := make(map[string]int, len(points))
	for k, pt := range points {
		byID[pt.Iteration] = k
	}
	for k := range points {
		pt := &points[k]
		if k > 0 && !a.p.Shape.Unordered() {
			pt.DeltaPrev = stats.Finite(pt.Mean - points[k-1].Mean)
			pt.Improved = improved(pt.DeltaPrev, dir)
		}
		base := a.iters[pt.Iteration].Baseline
		if base == "" {
			continue
		}
		pt.Baseline = base
		if b, ok := byID[base]; ok {
			pt.DeltaBaseline = stats.Finite(pt.Mean - points[b].Mean)
		}
	}
}

// improved reports whether delta goes in the good direction; nil when there
// is no delta or it is zero.
func improved(delta *float64, dir project.Direction) *bool {
	if delta == nil || *delta == 0 {
		return nil
	}
	up := *delta > 0
	if dir == project.LowerIsBetter {
		up = !up
	}
	return &up
}

// dimGroup collects one dimension's ratings in one iteration.
type dimGroup struct {
	ratings int
	raters  int            // distinct raters
	items   int            // distinct items
	means   []float64      // numeric: each item's mean rating, ascending
	counts  map[string]int // ratings per distribution key
}

func (a *analysis) dimension(d *project.Dimension) (DimensionTrend, []ciJob) {
	if d.Aggregated() {
		return a.dimensionFromAggregates(d), nil
	}
	groups := groupRatings(d)
	ids := seriesOrder(a, groups)
	if _, known := a.iters[""]; !known && groups[""] != nil {
		// "" sorts first among the iterations outside the series; move it
		// before the series too.
		ids = slices.Insert(slices.DeleteFunc(ids, func(id string) bool { return id == "" }), 0, "")
	}
	keys := distributionKeys(d)
	t := DimensionTrend{Dimension: d.Name, Scale: string(d.Scale), Numeric: d.Numeric, Points: make([]DimensionPoint, len(ids))}
	var jobs []ciJob
	for k, id := range ids {
		g := groups[id]
		pt := &t.Points[k]
		*pt = DimensionPoint{
			Iteration:    id,
			Ratings:      g.ratings,
			Raters:       g.raters,
			Items:        g.items,
			Distribution: distribution(keys, g),
		}
		if !d.Numeric {
			continue
		}
		consensus := g.means
		pt.Mean = stats.Finite(stats.ExactMean(consensus))
		if len(consensus) >= 2 {
			pt.SD = stats.Finite(stats.StdDev(consensus))
			jobs = append(jobs, ciJob{values: consensus, seed: stats.Seed(a.opt.Seed, "dimension", d.Name, id), dst: &pt.CI})
		}
	}
	if !a.p.Shape.Unordered() {
		dimensionDeltas(t.Points)
	}
	return t, jobs
}

// groupRatings groups a dimension's ratings by iteration, leaving out
// numeric ratings that are not finite. It works on the id columns: per
// iteration, a mark per rater, a sum and count per item (dense when the
// iterations times the items are not many more than the ratings, else by
// a map), and a count per distinct value or label, named at the end. Each
// item's sum adds its ratings in input order.
func groupRatings(d *project.Dimension) map[string]*dimGroup {
	rs := &d.Ratings
	nIt, nItems, nRaters := rs.Iterations.Len(), rs.Items.Len(), rs.Raters.Len()
	type acc struct {
		ratings int
		raters  []bool
		sums    itemSums
		counts  map[int32]int // by value index (numeric) or label id
	}
	accs := make([]*acc, nIt)
	dense := nIt*nItems <= 4*rs.Len()+1024
	var values []float64           // numeric: the distinct values, by index
	valueOf := map[float64]int32{} // numeric: a value's index; -0 is 0
	for i := range rs.Len() {
		key := rs.Label[i]
		if d.Numeric {
			v := rs.Value[i]
			if !stats.IsFinite(v) {
				continue
			}
			k, ok := valueOf[v]
			if !ok {
				k = int32(len(values))
				valueOf[v] = k
				values = append(values, v)
			}
			key = k
		}
		a := accs[rs.Iteration[i]]
		if a == nil {
			a = &acc{raters: make([]bool, nRaters), sums: newItemSums(dense, nItems), counts: map[int32]int{}}
			accs[rs.Iteration[i]] = a
		}
		a.ratings++
		a.raters[rs.Rater[i]] = true
		a.sums.add(rs.Item[i], rs.Value[i])
		a.counts[key]++
	}
	groups := make(map[string]*dimGroup)
	for it, a := range accs {
		if a == nil {
			continue
		}
		g := &dimGroup{ratings: a.ratings, counts: make(map[string]int, len(a.counts))}
		for _, seen := range a.raters {
			if seen {
				g.raters++
			}
		}
		g.means = a.sums.means()
		g.items = len(g.means)
		if !d.Numeric {
			g.means = nil
		}
		for k, n := range a.counts {
			if d.Numeric {
				g.counts[numericKey(values[k])] += n
			} else {
				g.counts[rs.Labels.Name(k)] += n
			}
		}
		groups[rs.Iterations.Name(int32(it))] = g
	}
	return groups
}

// itemSums sums the ratings of each item by item id: in arrays indexed by
// id (dense) or, for few items among many ids, by a map to places.
type itemSums struct {
	place  map[int32]int32 // sparse: item id -> index in sums and counts; nil when dense
	sums   []float64
	counts []int32
}

func newItemSums(dense bool, items int) itemSums {
	if dense {
		return itemSums{sums: make([]float64, items), counts: make([]int32, items)}
	}
	return itemSums{place: map[int32]int32{}}
}

// add adds the rating v to the item's sum.
func (s *itemSums) add(item int32, v float64) {
	k := item
	if s.place != nil {
		at, ok := s.place[item]
		if !ok {
			at = int32(len(s.sums))
			s.place[item] = at
			s.sums, s.counts = append(s.sums, 0), append(s.counts, 0)
		}
		k = at
	}
	s.sums[k] += v
	s.counts[k]++
}

// means returns the mean rating of each item with a rating, in ascending
// order (so the bootstrap does not depend on the order of the input).
func (s *itemSums) means() []float64 {
	c := make([]float64, 0, len(s.sums))
	for k, n := range s.counts {
		if n > 0 {
			c = append(c, s.sums[k]/float64(n))
		}
	}
	slices.Sort(c)
	return c
}

// dimensionDeltas sets DeltaPrev of each point with a Mean against the
// latest earlier such point, skipping the "" point.
func dimensionDeltas(points []DimensionPoint) {
	var prev *float64
	for k := range points {
		pt := &points[k]
		if pt.Iteration == "" || pt.Mean == nil {
			continue
		}
		if prev != nil {
			pt.DeltaPrev = stats.Finite(*pt.Mean - *prev)
		}
		prev = pt.Mean
	}
}

// numericKey writes a numeric rating as its distribution key; -0 counts as 0.
func numericKey(v float64) string {
	if v == 0 {
		v = 0
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// distributionKeys returns the values a dimension's distributions list, in
// order (see the package documentation).
func distributionKeys(d *project.Dimension) []string {
	rs := &d.Ratings
	if d.Numeric {
		seen := map[float64]bool{}
		var vals []float64
		for _, v := range rs.Value {
			if v == 0 {
				v = 0
			}
			if stats.IsFinite(v) && !seen[v] {
				seen[v] = true
				vals = append(vals, v)
			}
		}
		slices.Sort(vals)
		keys := make([]string, len(vals))
		for i, v := range vals {
			keys[i] = numericKey(v)
		}
		return keys
	}
	keys := slices.Clone(d.Labels)
	seen := make(map[string]bool, len(keys))
	for _, l := range keys {
		seen[l] = true
	}
	named := make([]bool, rs.Labels.Len()) // by label id: seen already
	for _, id := range rs.Label {
		if named[id] {
			continue
		}
		named[id] = true
		if l := rs.Labels.Name(id); !seen[l] {
			seen[l] = true
			keys = append(keys, l)
		}
	}
	return keys
}

func distribution(keys []string, g *dimGroup) []Count {
	out := make([]Count, len(keys))
	for i, k := range keys {
		n := g.counts[k]
		out[i] = Count{Value: k, N: n, Share: float64(n) / float64(g.ratings)}
	}
	return out
}
