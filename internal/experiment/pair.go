package experiment

import (
	"hash/maphash"
	"maps"
	"math"
	"slices"
	"sync"

	"github.com/evalbook/evalbook/internal/compare"
	"github.com/evalbook/evalbook/internal/fingerprint"
	"github.com/evalbook/evalbook/internal/stats"
)

// Verdicts of a comparison.
const (
	Better         = "better"
	Worse          = "worse"
	PossiblyBetter = "possibly better" // a change short of significance after the correction
	PossiblyWorse  = "possibly worse"
	NoChange       = "no change"
	NoTest         = "no test" // one value on each side: a delta, no interval
)

// MethodNoTest is the Method of a comparison of two single values.
const MethodNoTest = "one value each, no test"

// result is one comparison with the spreads a case-study verdict needs for
// its minimum detectable effect.
type result struct {
	c Comparison
	s *subject
	// sd is the standard deviation of the paired differences; sdA and sdB
	// those of the two groups of an unpaired comparison. NaN when unknown.
	sd, sdA, sdB float64
	// family describes the tests the iteration's p-values were adjusted
	// over (set by finish).
	family family
}

// pairing is one subject's values on the items both iterations have.
type pairing struct {
	slot         int       // index of its result in the pair's results
	items        []int32   // shared items, ascending (one array per group once grouped)
	meanA, meanB float64   // the means of the two iterations' values on them
	diffs        []float64 // a - b
	binary       bool      // every value is 0 or 1
}

// pairTask is one iteration compared with its target.
type pairTask struct {
	cand, against int
	target        string // "baseline", "previous", "reference" or "pair"
	// family names the tasks whose p-values are adjusted together (a
	// round's); "" for a family of one task's comparisons.
	family string
}

// comparer compares iterations of one project.
type comparer struct {
	x   *index
	opt Options
	ids []string // iteration IDs by index
	// itemSets holds the paired seed and slices of each items array
	// (itemSet), by its first element's address and length: the pairs of
	// a timeline over the same items share one array (shareItems), whose
	// seed and slices are then found once, not once per pair.
	mu       sync.Mutex
	itemSets map[itemsKey]*itemSet
}

// itemsKey identifies an items array: its first element's address and
// its length. The map holding it keeps the array alive, so no other array
// takes its address while the comparer is in use.
type itemsKey struct {
	first *int32
	n     int
}

// itemSet is what a group takes from its items alone: the seed of its
// paired resamples (pairedSeed) and its slices (sliceGroups), read only.
type itemSet struct {
	seed  uint64
	names []string
	pos   [][]int
}

// itemSetOf returns the seed and slices of items, found once per items
// array.
func (c *comparer) itemSetOf(items []int32) *itemSet {
	if len(items) == 0 {
		set := &itemSet{seed: c.pairedSeed(items)}
		set.names, set.pos = c.sliceGroups(items)
		return set
	}
	key := itemsKey{&items[0], len(items)}
	c.mu.Lock()
	set, ok := c.itemSets[key]
	c.mu.Unlock()
	if ok {
		return set
	}
	set = &itemSet{seed: c.pairedSeed(items)}
	set.names, set.pos = c.sliceGroups(items)
	c.mu.Lock()
	if c.itemSets == nil {
		c.itemSets = map[itemsKey]*itemSet{}
	}
	if old, ok := c.itemSets[key]; ok {
		set = old // found by another goroutine meanwhile: the same figures
	} else {
		c.itemSets[key] = set
	}
	c.mu.Unlock()
	return set
}

// compareOptions returns the resampling options of compare for a seed.
func (c *comparer) compareOptions(seed uint64) compare.Options {
	return compare.Options{Level: c.opt.Confidence, Resamples: c.opt.Resamples, Seed: seed}
}

// pairWork is one task's comparisons before their paired bootstraps: the
// results with every unpaired figure set, and the groups of pairings whose
// bootstraps fill in the paired ones.
type pairWork struct {
	out    []result
	groups []*group
}

// group is the pairings of one task on the same items, compared together
// with compare.PairedBatchSlices over resamples drawn from seed, a
// function of the items alone (pairedSeed): every group over the same
// items, in any pair of iterations, draws the same resamples, so groups
// with equal items can share one batch (Plan.compare).
type group struct {
	ps    []*pairing
	names []string // slices, sorted; none without a breakdown
	pos   [][]int  // positions in items of each slice's items
	seed  uint64
	// The bootstrap's results, by pairing and by slice and pairing.
	res     []compare.Result
	bySlice [][]compare.Result
}

// pair compares iteration t.cand with t.against on every subject both
// have values for, in the order of subs. Paired comparisons that share
// their items are computed together, with one set of resamples; slices
// adds the per-slice breakdown. The groups' bootstraps go through bs
// (nil: computed). Verdicts, adjusted p-values and reversals are left to
// finish.
func (c *comparer) pair(t pairTask, subs []*subject, slices bool, bs *batches) []result {
	w := c.prepare(t, subs, slices)
	for _, g := range w.groups {
		c.bootstrap(g, bs)
		c.fill(w.out, g)
	}
	return w.out
}

// prepare sets every figure of t's comparisons that needs no paired
// bootstrap and groups the paired ones by items (see pair).
func (c *comparer) prepare(t pairTask, subs []*subject, slices bool) pairWork {
	candID, againstID := c.ids[t.cand], c.ids[t.against]
	var out []result
	var paired []*pairing
	for _, s := range subs {
		if s.kind == KindPairwise {
			if pr := s.preference(t.cand, t.against); pr != nil {
				pr.slot = len(out)
				paired = append(paired, pr)
				out = append(out, result{c: Comparison{
					Iteration: candID, Against: againstID, Target: t.target,
					Subject: s.name, Kind: s.kind, Direction: s.dir.String(),
				}, s: s})
			}
			continue
		}
		cmp := Comparison{
			Iteration: candID, Against: againstID, Target: t.target,
			Subject: s.name, Kind: s.kind, Direction: s.dir.String(),
		}
		if s.paired != nil { // a metric given as aggregates
			if pm, ok := s.paired[[2]string{candID, againstID}]; ok && pm.N > 0 {
				r := c.fromMoments(cmp, pm)
				r.s = s
				out = append(out, r)
			}
			continue
		}
		a, b := &s.iters[t.cand], &s.iters[t.against]
		if a.empty() || b.empty() {
			continue
		}
		if pr := join(a, b); pr != nil {
			pr.slot = len(out)
			paired = append(paired, pr)
			out = append(out, result{c: cmp, s: s})
			continue
		}
		seed := stats.Seed(c.opt.Seed, "compare", candID, againstID, s.name)
		r := c.unpaired(cmp, a.all(), b.all(), seed)
		r.s = s
		out = append(out, r)
	}
	w := pairWork{out: out}
	for _, ps := range groupByItems(paired) {
		set := c.itemSetOf(ps[0].items)
		g := &group{ps: ps, seed: set.seed}
		if slices {
			g.names, g.pos = set.names, set.pos
		}
		w.groups = append(w.groups, g)
	}
	return w
}

// pairedSeed returns the seed of the paired resamples over items: of
// Options.Seed and the items' IDs, so that every comparison over the same
// items, whichever iterations it compares, draws the same resamples.
func (c *comparer) pairedSeed(items []int32) uint64 {
	h := fingerprint.New("paired items").Int(len(items))
	for _, it := range items {
		h.String(c.x.items[it])
	}
	return stats.Seed(c.opt.Seed, "compare", "items", h.Done().String())
}

// join returns the pairing of two iterations' per-item values on their
// shared items, or nil when they share none. When both have the same
// items (often the same array: shareItems), the pairing shares it too.
func join(a, b *iterValues) *pairing {
	if len(a.item) == len(b.item) && (len(a.item) == 0 || &a.item[0] == &b.item[0] || slices.Equal(a.item, b.item)) {
		if len(a.item) == 0 {
			return nil
		}
		pr := &pairing{binary: true, items: a.item, diffs: make([]float64, len(a.v))}
		for k, x := range a.v {
			y := b.v[k]
			pr.diffs[k] = x - y
			pr.binary = pr.binary && isBinary(x) && isBinary(y)
		}
		pr.meanA, pr.meanB = stats.Mean(a.v), stats.Mean(b.v)
		return pr
	}
	var pr *pairing
	var va, vb []float64
	for i, j := 0, 0; i < len(a.item) && j < len(b.item); {
		switch {
		case a.item[i] < b.item[j]:
			i++
		case a.item[i] > b.item[j]:
			j++
		default:
			if pr == nil {
				n := min(len(a.item)-i, len(b.item)-j)
				pr = &pairing{binary: true, items: make([]int32, 0, n), diffs: make([]float64, 0, n)}
				va, vb = make([]float64, 0, n), make([]float64, 0, n)
			}
			x, y := a.v[i], b.v[j]
			pr.items = append(pr.items, a.item[i])
			va, vb = append(va, x), append(vb, y)
			pr.diffs = append(pr.diffs, x-y)
			pr.binary = pr.binary && isBinary(x) && isBinary(y)
			i++
			j++
		}
	}
	if pr != nil {
		pr.meanA, pr.meanB = stats.Mean(va), stats.Mean(vb)
	}
	return pr
}

func isBinary(v float64) bool { return v == 0 || v == 1 }

// groupByItems groups pairings with the same items, keeping first-seen
// order among groups and within each; the pairings of a group then share
// its first one's items array.
func groupByItems(ps []*pairing) [][]*pairing {
	var groups [][]*pairing
	seed := maphash.MakeSeed()
	byHash := map[uint64][]int{}
	for _, p := range ps {
		key := itemsHash(seed, p.items)
		found := false
		for _, gi := range byHash[key] {
			if slices.Equal(groups[gi][0].items, p.items) {
				p.items = groups[gi][0].items
				groups[gi] = append(groups[gi], p)
				found = true
				break
			}
		}
		if !found {
			byHash[key] = append(byHash[key], len(groups))
			groups = append(groups, []*pairing{p})
		}
	}
	return groups
}

// itemsHash hashes a list of item indexes with seed.
func itemsHash(seed maphash.Seed, items []int32) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	for _, it := range items {
		var b [4]byte
		b[0], b[1], b[2], b[3] = byte(it), byte(it>>8), byte(it>>16), byte(it>>24)
		h.Write(b[:])
	}
	return h.Sum64()
}

// diffs returns the differences of the group's pairings.
func (g *group) diffs() [][]float64 {
	d := make([][]float64, len(g.ps))
	for k, p := range g.ps {
		d[k] = p.diffs
	}
	return d
}

// untestedBinary leaves the 0/1 pairings out of the batches' sign-flip
// tests (group.tests). A variable for tests, which compare the reports
// with and without.
var untestedBinary = true

// tests returns which of the group's pairings take the batch's sign-flip
// test: all but the 0/1 ones, whose p-values fill replaces by McNemar's
// exact test; nil when that is all of them.
func (g *group) tests() []bool {
	if !untestedBinary || !slices.ContainsFunc(g.ps, func(p *pairing) bool { return p.binary }) {
		return nil
	}
	return g.testsOrAll()
}

// testsOrAll is tests, never nil.
func (g *group) testsOrAll() []bool {
	t := make([]bool, len(g.ps))
	for k, p := range g.ps {
		t[k] = !p.binary
	}
	return t
}

// bootstrap sets the group's paired bootstrap through bs (batches.go).
func (c *comparer) bootstrap(g *group, bs *batches) {
	g.res, g.bySlice = bs.paired(g.diffs(), g.pos, c.compareOptions(g.seed), g.tests())
}

// fill sets the paired comparisons of group g in out from its bootstrap,
// replacing the p-values of 0/1 subjects by McNemar's exact test, with
// the comparison of every slice when the items fall into at least two
// slices (items without a slice are left out).
func (c *comparer) fill(out []result, g *group) {
	for k, p := range g.ps {
		r := g.res[k]
		if p.binary {
			r.P, r.PMethod, r.Method = mcNemar(p.diffs), compare.PMcNemar, compare.MethodPairedBinary
		}
		cmp := &out[p.slot].c
		cmp.Paired = true
		cmp.Method = string(r.Method)
		cmp.N, cmp.NAgainst = len(p.diffs), len(p.diffs)
		cmp.Mean, cmp.MeanAgainst = p.meanA, p.meanB
		cmp.Delta = r.Diff
		cmp.CI, cmp.P, cmp.Effect = interval(r.CI), stats.Finite(r.P), stats.Finite(r.Effect)
		cmp.PMethod = pMethod(r)
		out[p.slot].sd, out[p.slot].sdA, out[p.slot].sdB = stats.StdDev(p.diffs), math.NaN(), math.NaN()
		for s, name := range g.names {
			r := g.bySlice[s][k]
			if p.binary {
				r.P, r.PMethod = mcNemarAt(p.diffs, g.pos[s]), compare.PMcNemar
			}
			cmp.Slices = append(cmp.Slices, SliceComparison{
				Slice: name, N: r.N, Delta: r.Diff, CI: interval(r.CI), P: stats.Finite(r.P), PMethod: pMethod(r),
			})
		}
	}
}

// mcNemar returns McNemar's exact p-value of paired 0/1 differences.
func mcNemar(d []float64) float64 {
	var up, down int
	for _, v := range d {
		switch {
		case v > 0:
			up++
		case v < 0:
			down++
		}
	}
	return compare.McNemarExact(up, down)
}

// mcNemarAt is mcNemar of d at the positions pos.
func mcNemarAt(d []float64, pos []int) float64 {
	var up, down int
	for _, i := range pos {
		switch v := d[i]; {
		case v > 0:
			up++
		case v < 0:
			down++
		}
	}
	return compare.McNemarExact(up, down)
}

// sliceGroups returns the slices of items, sorted by name, and the
// positions in items of each one's items; none when the items fall into
// fewer than two slices.
func (c *comparer) sliceGroups(items []int32) ([]string, [][]int) {
	pos := map[string][]int{}
	for i, it := range items {
		if s := c.x.itemSlice[it]; s != "" {
			pos[s] = append(pos[s], i)
		}
	}
	if len(pos) < 2 {
		return nil, nil
	}
	names := slices.Sorted(maps.Keys(pos))
	groups := make([][]int, len(names))
	for s, name := range names {
		groups[s] = pos[name]
	}
	return names, groups
}

// unpaired compares the values of two iterations that share no items: two
// single values give a delta and no test; 0/1 values the difference of
// proportions with Newcombe's interval and the two-proportion z test;
// anything else the unpaired bootstrap and permutation test.
func (c *comparer) unpaired(cmp Comparison, a, b []float64, seed uint64) result {
	cmp.N, cmp.NAgainst = len(a), len(b)
	cmp.Mean, cmp.MeanAgainst = stats.Mean(a), stats.Mean(b)
	out := result{sd: math.NaN(), sdA: stats.StdDev(a), sdB: stats.StdDev(b)}
	if len(a) == 1 && len(b) == 1 {
		cmp.Method, cmp.Delta = MethodNoTest, a[0]-b[0]
		out.c = cmp
		return out
	}
	var r compare.Result
	if k1, ok1 := ones(a); ok1 {
		if k2, ok2 := ones(b); ok2 {
			r = compare.Proportions(k1, len(a), k2, len(b), c.opt.Confidence)
		}
	}
	if r.Method == "" {
		r = compare.Unpaired(a, b, c.compareOptions(seed))
	}
	cmp.Method = string(r.Method)
	cmp.Delta = r.Diff
	cmp.CI, cmp.P, cmp.Effect = interval(r.CI), stats.Finite(r.P), stats.Finite(r.Effect)
	cmp.PMethod = pMethod(r)
	out.c = cmp
	return out
}

// pMethod returns the p-value method of r, "" when it has no p-value.
func pMethod(r compare.Result) string {
	if !stats.IsFinite(r.P) {
		return ""
	}
	return r.PMethod
}

// ones counts the ones among x, and reports whether every value is 0 or 1.
func ones(x []float64) (int, bool) {
	k := 0
	for _, v := range x {
		if !isBinary(v) {
			return 0, false
		}
		if v == 1 {
			k++
		}
	}
	return k, true
}

// interval converts an interval of compare, nil when an end is undefined.
func interval(ci compare.Interval) *Interval {
	if !stats.IsFinite(ci.Low) || !stats.IsFinite(ci.High) {
		return nil
	}
	return &Interval{Low: ci.Low, High: ci.High}
}

// verdict reads a comparison with change delta, interval ci and raw
// p-value p in the direction sign (+1: higher is better): Better or Worse
// when the interval excludes zero and the comparison is significant after
// the correction; PossiblyBetter or PossiblyWorse when the interval
// excludes zero, or p < alpha, or it is significant, but not both; else
// NoChange. A "possibly" follows the interval's side when it excludes
// zero, else the sign of delta.
func verdict(delta float64, ci *Interval, p *float64, significant bool, alpha, sign float64) string {
	side := 0.0 // +1: the interval lies above zero, -1: below
	switch {
	case ci != nil && ci.Low > 0:
		side = 1
	case ci != nil && ci.High < 0:
		side = -1
	}
	if side != 0 && significant {
		return pick(side*sign > 0, Better, Worse)
	}
	if side == 0 && !significant && !(p != nil && *p < alpha) {
		return NoChange
	}
	if side == 0 {
		switch {
		case delta > 0:
			side = 1
		case delta < 0:
			side = -1
		default:
			return NoChange
		}
	}
	return pick(side*sign > 0, PossiblyBetter, PossiblyWorse)
}

func pick[T any](cond bool, yes, no T) T {
	if cond {
		return yes
	}
	return no
}
