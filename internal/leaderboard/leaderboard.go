// Package leaderboard ranks systems that were judged on the same items: the
// mean of each system with its interval, the range of ranks a system takes
// over bootstrap resamples of the items, and groups of systems that are not
// significantly different. It is pure statistics: plain slices in, plain
// structs out, no I/O.
//
// # Input
//
// Rank takes one row of scores per system, aligned on the same items
// (scores[s][i] is system s on item i; Shared builds the rows from per-item
// values and keeps the items every system has). Every figure rests on
// these shared items, so that every comparison is paired. Better is higher
// unless Options.LowerIsBetter.
//
// # Means
//
// A system's Mean is (1/n) Σ_i x_si computed exactly (ExactMean): the sum is
// accumulated without rounding and only the quotient is rounded, so two
// systems whose sums are equal get equal means, whatever the order or
// magnitude of their scores, and a tie stays a tie in the ranks and in the
// system-level Kendall tau-b.
//
// # Bootstrap: intervals and rank ranges
//
// One set of B = Options.Resamples bootstrap resamples of the items is
// drawn (n item indexes with replacement, through stats.IndexDrawer from
// stats.NewRand(Options.Seed)), and the same resample serves every system:
// items are resampled jointly across systems (the paired bootstrap), so a
// hard item is hard for everyone in the same resample. In resample b each
// system gets its mean m*_sb and its rank
//
//	r*_sb = 1 + #{t : m*_tb better than m*_sb}
//
// (competition ranking: tied systems share the better rank). CILow and
// CIHigh are the type 7 quantiles of m*_s· at (1-level)/2 and (1+level)/2
// (the percentile interval, stats.PercentileInterval). RankLow and RankHigh
// are the (1-level)/2 and (1+level)/2 quantiles of r*_s· under the
// inverse of the empirical distribution function (R's quantile type 1: the
// smallest rank r whose share of resamples with r*_sb ≤ r reaches the
// probability), so they are ranks that occurred. This is the bootstrap rank
// interval of Hall and Miller ("Using the bootstrap to quantify the
// authority of an empirical ranking", Annals of Statistics 37(6B), 2009)
// and of the rank ranges WMT publishes (Koehn, "Statistical significance
// tests for machine translation evaluation", EMNLP 2004, §4; Bojar et al.,
// "Findings of the 2013 Workshop on Statistical Machine Translation",
// §3.3).
//
// # Groups
//
// Groups are clusters of systems that are not significantly different, as
// WMT reports them. Every pair of systems is tested with the paired t test
// on the item differences (compare.PairedT), and the k(k-1)/2 p-values of
// the subject form one family, adjusted with Options.Correction (Holm by
// default). With the systems in rank order (best first), the first system
// leads group 1; going down the list, a system whose adjusted p against
// the current group's leader is below Options.Alpha, with a worse mean,
// starts the next group and leads it; any other system joins the current
// group. So every system of a group is not significantly worse than the
// group's best, each leader is significantly worse than the leader above
// it, and groups never overlap. It is the "leader" variant of WMT's
// clusters (Barrault et al., "Findings of the 2020 Conference on Machine
// Translation (WMT20)", §3.5, draw a line wherever every system above is
// significantly better than every one below): both keep systems of one
// cluster indistinguishable from its top; the leader rule needs only the
// tests against leaders, so adding a system below cannot split the groups
// above it.
package leaderboard

import (
	"cmp"
	"math"
	"math/big"
	"slices"

	"github.com/evalbook/evalbook/internal/compare"
	"github.com/evalbook/evalbook/internal/correlation"
	"github.com/evalbook/evalbook/internal/stats"
)

// Options configures Rank. Zero fields take the defaults named.
type Options struct {
	Level         float64            // level of the intervals and rank ranges; 0.95
	Resamples     int                // bootstrap resamples B; 1000
	Seed          uint64             // the stream's seed, typically from stats.Seed
	Alpha         float64            // significance level of the group tests; 0.05
	Correction    compare.Correction // adjustment over all pairs; "holm"
	LowerIsBetter bool
}

// Entry is one system on the leaderboard.
type Entry struct {
	System   string  `json:"system"`
	N        int     `json:"n"` // shared items
	Mean     float64 `json:"mean"`
	CILow    float64 `json:"ci_low"`
	CIHigh   float64 `json:"ci_high"`
	Rank     int     `json:"rank"`      // 1 + the number of systems with a better mean
	RankLow  int     `json:"rank_low"`  // best rank in the bootstrap range
	RankHigh int     `json:"rank_high"` // worst rank in the bootstrap range
	Group    int     `json:"group"`     // 1 for the top group; 0 on a pairwise board (no groups)
	// WinRateVsReference is, on a pairwise board (Kind "pairwise"), the
	// system's head-to-head win rate over the round's reference (a
	// fraction, ties half); nil elsewhere, and for the reference itself.
	WinRateVsReference *float64 `json:"win_rate_vs_reference,omitempty"`
}

// Pair is the paired test of two systems, A ranked above (or level with) B.
type Pair struct {
	A, B        string
	Delta       float64 // mean of A minus mean of B
	P           float64 // paired t test; NaN when undefined (all differences zero)
	PAdjusted   float64
	Significant bool
}

// Board is the leaderboard of one subject.
type Board struct {
	Entries []Entry // in rank order; ties keep the input order
	Pairs   []Pair  // every pair, in the order (0,1), (0,2) ... of Entries
	Tests   int     // the size of the correction family (defined p-values)
}

func (o Options) withDefaults() Options {
	if o.Level == 0 {
		o.Level = 0.95
	}
	if o.Resamples == 0 {
		o.Resamples = 1000
	}
	if o.Alpha == 0 {
		o.Alpha = 0.05
	}
	if o.Correction == "" {
		o.Correction = compare.CorrectionHolm
	}
	return o
}

// Rank returns the leaderboard of systems on scores, scores[s] being the
// aligned per-item scores of systems[s]. Every row must have the same
// length n; with n = 0 the board has no entries. With n = 1 the intervals
// are the point and every rank range is the rank. It panics when the rows
// differ in length or do not match systems.
func Rank(systems []string, scores [][]float64, opt Options) Board {
	opt = opt.withDefaults()
	if len(systems) != len(scores) {
		panic("leaderboard: systems and score rows differ in number")
	}
	k := len(systems)
	if k == 0 || len(scores[0]) == 0 {
		return Board{Entries: []Entry{}, Pairs: []Pair{}}
	}
	n := len(scores[0])
	for _, row := range scores {
		if len(row) != n {
			panic("leaderboard: score rows of different lengths")
		}
	}
	sign := 1.0
	if opt.LowerIsBetter {
		sign = -1
	}
	means := make([]float64, k)
	for s, row := range scores {
		means[s] = ExactMean(row)
	}
	order := make([]int, k)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(sign*means[b], sign*means[a]) })

	entries := make([]Entry, k)
	for pos, s := range order {
		entries[pos] = Entry{System: systems[s], N: n, Mean: means[s], Rank: 1 + better(means, means[s], sign)}
	}
	boot := bootstrap(scores, sign, opt)
	for pos, s := range order {
		e := &entries[pos]
		e.CILow, e.CIHigh = stats.PercentileInterval(boot.means[s], opt.Level)
		tail := (1 - opt.Level) / 2
		e.RankLow, e.RankHigh = stats.RankQuantile(boot.ranks[s], tail), stats.RankQuantile(boot.ranks[s], 1-tail)
	}
	pairs, tests := pairTests(order, systems, scores, means, opt)
	group(entries, pairs, sign)
	return Board{Entries: entries, Pairs: pairs, Tests: tests}
}

// better counts the means strictly better than m.
func better(means []float64, m, sign float64) int {
	c := 0
	for _, o := range means {
		if sign*o > sign*m {
			c++
		}
	}
	return c
}

// resamples holds each system's bootstrap means and its rank counts:
// ranks[s][r-1] is the number of resamples in which s had rank r.
type resamples struct {
	means [][]float64
	ranks [][]int
}

func bootstrap(scores [][]float64, sign float64, opt Options) resamples {
	k, n, b := len(scores), len(scores[0]), opt.Resamples
	out := resamples{means: make([][]float64, k), ranks: make([][]int, k)}
	for s := range k {
		out.means[s] = make([]float64, b)
		out.ranks[s] = make([]int, k)
	}
	draw := stats.NewIndexDrawerSeed(opt.Seed, n)
	idx := make([]uint32, n)
	m := make([]float64, k)
	for r := range b {
		draw.Fill(idx)
		for s, row := range scores {
			sum := 0.0
			for _, i := range idx {
				sum += row[i]
			}
			m[s] = sum / float64(n)
			out.means[s][r] = m[s]
		}
		for s := range k {
			out.ranks[s][better(m, m[s], sign)]++
		}
	}
	return out
}

// pairTests tests every pair of systems, in rank order, and adjusts the
// p-values as one family.
func pairTests(order []int, systems []string, scores [][]float64, means []float64, opt Options) ([]Pair, int) {
	var pairs []Pair
	var ps []float64
	d := make([]float64, len(scores[0]))
	for i, a := range order {
		for _, b := range order[i+1:] {
			for j := range d {
				d[j] = scores[a][j] - scores[b][j]
			}
			_, p := compare.PairedT(d)
			pairs = append(pairs, Pair{A: systems[a], B: systems[b], Delta: means[a] - means[b], P: p})
			ps = append(ps, p)
		}
	}
	adj, err := compare.Adjust(opt.Correction, ps, nil)
	if err != nil {
		adj = compare.Holm(ps)
	}
	tests := 0
	for i := range pairs {
		pairs[i].PAdjusted = adj[i]
		pairs[i].Significant = adj[i] < opt.Alpha
		if !math.IsNaN(ps[i]) {
			tests++
		}
	}
	if pairs == nil {
		pairs = []Pair{}
	}
	return pairs, tests
}

// group sets Entry.Group by the leader rule of the package doc.
func group(entries []Entry, pairs []Pair, sign float64) {
	k := len(entries)
	pairAt := func(i, j int) Pair { // i < j, positions in entries
		return pairs[i*(2*k-i-1)/2+(j-i-1)]
	}
	g, leader := 1, 0
	for j := range entries {
		if j > 0 {
			p := pairAt(leader, j)
			if p.Significant && sign*p.Delta > 0 {
				g, leader = g+1, j
			}
		}
		entries[j].Group = g
	}
}

// ExactMean returns the mean of x with the sum computed exactly: the
// values are added as big.Float numbers wide enough to hold any sum of
// float64 values without rounding, and only the quotient by n is rounded
// to the nearest float64. Equal sums give equal means, whatever the order
// of the values. It returns NaN for an empty x or when x holds a NaN or
// an infinity.
func ExactMean(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	// float64 values span exponents 2^-1074 to 2^1023; 2,200 bits hold
	// any sum of up to 2^100 of them exactly.
	const prec = 2200
	sum := new(big.Float).SetPrec(prec)
	v := new(big.Float).SetPrec(prec)
	for _, f := range x {
		if !stats.IsFinite(f) {
			return math.NaN()
		}
		sum.Add(sum, v.SetFloat64(f))
	}
	q := new(big.Float).SetPrec(53).Quo(sum, new(big.Float).SetPrec(prec).SetInt64(int64(len(x))))
	m, _ := q.Float64()
	return m
}

// Shared aligns per-item values: values[s] maps item IDs to system s's
// value. It returns the items every system has, sorted, and the rows of
// scores over them, one per system.
func Shared(values []map[string]float64) (items []string, scores [][]float64) {
	if len(values) == 0 {
		return nil, nil
	}
	for id := range values[0] {
		all := true
		for _, v := range values[1:] {
			if _, ok := v[id]; !ok {
				all = false
				break
			}
		}
		if all {
			items = append(items, id)
		}
	}
	slices.Sort(items)
	scores = make([][]float64, len(values))
	for s, v := range values {
		scores[s] = make([]float64, len(items))
		for i, id := range items {
			scores[s][i] = v[id]
		}
	}
	return items, scores
}

// Agreement is the system-level correlation of two leaderboards: Kendall's
// tau-b and Pearson's r of the means of the systems both rank (package
// correlation), with the direction of each board folded in so that a
// positive coefficient says the two rank the systems alike.
type Agreement struct {
	Systems int                  `json:"systems"`
	Kendall correlation.Estimate `json:"-"`
	Pearson correlation.Estimate `json:"-"`
}

// Correlate returns the Agreement of a and b at the given level; aLower and
// bLower say that lower is better on each.
func Correlate(a, b Board, aLower, bLower bool, level float64) Agreement {
	bm := map[string]float64{}
	for _, e := range b.Entries {
		bm[e.System] = e.Mean
	}
	var x, y []float64
	for _, e := range a.Entries {
		if m, ok := bm[e.System]; ok {
			x = append(x, signed(e.Mean, aLower))
			y = append(y, signed(m, bLower))
		}
	}
	p := correlation.All(x, y, level)
	return Agreement{Systems: len(x), Kendall: p.Kendall, Pearson: p.Pearson}
}

func signed(m float64, lower bool) float64 {
	if lower {
		return -m
	}
	return m
}
