package leaderboard

import (
	"fmt"
	"math"
	"testing"

	"github.com/evalbook/evalbook/internal/stats"
)

// TestRankRanges checks the bootstrap rank ranges on cases worked by hand.
func TestRankRanges(t *testing.T) {
	tests := []struct {
		name    string
		systems []string
		scores  [][]float64
		lower   bool
		// want rank, rank_low, rank_high per system in rank order
		want []string
	}{
		{
			// A beats B and B beats C on every item: every resample keeps
			// the order, so every range is one rank.
			name:    "dominance",
			systems: []string{"C", "A", "B"},
			scores:  [][]float64{{0, 1, 2, 0}, {5, 6, 7, 9}, {1, 2, 3, 4}},
			want:    []string{"A 1 1-1", "B 2 2-2", "C 3 3-3"},
		},
		{
			// Two items. A = (3, 0), B = (1, 1): a resample draws items
			// (1,1), (1,2), (2,1) or (2,2), each with probability 1/4; A
			// ranks 2nd only on (2,2) (mean 0 < 1), so A's ranks are 1 with
			// probability 3/4 and 2 with 1/4, B's the reverse: both
			// 95% ranges are 1-2.
			name:    "two items",
			systems: []string{"A", "B"},
			scores:  [][]float64{{3, 0}, {1, 1}},
			want:    []string{"A 1 1-2", "B 2 1-2"},
		},
		{
			// The same, lower is better: B leads.
			name:    "two items, lower is better",
			systems: []string{"A", "B"},
			scores:  [][]float64{{3, 0}, {1, 1}},
			lower:   true,
			want:    []string{"B 1 1-2", "A 2 1-2"},
		},
		{
			// Exact tie on every item: both share rank 1 in every resample.
			name:    "tie",
			systems: []string{"A", "B"},
			scores:  [][]float64{{1, 2, 3}, {1, 2, 3}},
			want:    []string{"A 1 1-1", "B 1 1-1"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := Rank(tt.systems, tt.scores, Options{Seed: 7, LowerIsBetter: tt.lower})
			for i, e := range b.Entries {
				got := fmt.Sprintf("%s %d %d-%d", e.System, e.Rank, e.RankLow, e.RankHigh)
				if got != tt.want[i] {
					t.Errorf("entry %d = %s; want %s", i, got, tt.want[i])
				}
			}
		})
	}
}

// TestRankShares checks the bootstrap's rank distribution in the two-item
// case against its exact probabilities, 3/4 and 1/4.
func TestRankShares(t *testing.T) {
	const b = 20000
	r := bootstrap([][]float64{{3, 0}, {1, 1}}, 1, Options{Resamples: b, Seed: 3})
	got := float64(r.ranks[0][1]) / b // A at rank 2
	// standard error sqrt(3/16/20000) = 0.003
	if math.Abs(got-0.25) > 0.012 {
		t.Errorf("A ranks 2nd in %.4f of resamples; want 1/4", got)
	}
	if r.ranks[0][0]+r.ranks[0][1] != b || r.ranks[1][1] != r.ranks[0][0] {
		t.Errorf("rank counts %v %v do not mirror each other", r.ranks[0], r.ranks[1])
	}
}

// TestGroups checks the leader rule on four systems over four items,
// worked by hand:
//
//	A = 4 5 6 7  (mean 5.5)   A-B = 1 -1 1 0: t = 0.25/(0.957/2) = 0.52, p = 0.64
//	B = 3 6 5 7  (mean 5.25)  A-C = 2 2 2 2: constant, t infinite, p = 0
//	C = 2 3 4 5  (mean 3.5)   C-D = 0 0 0 1: t = 1, p = 0.39
//	D = 2 3 4 4  (mean 3.25)  B-C = 1 3 1 2: t = 3.66, p = 0.035
//
// A leads group 1; B is not significantly worse than A and joins it; C is
// (p = 0 after any adjustment) and leads group 2; D is not significantly
// worse than C. A rule on neighbours would instead test B against C,
// whose p = 0.035 does not survive Holm over six pairs, and put all four
// in one group.
func TestGroups(t *testing.T) {
	systems := []string{"D", "C", "B", "A"}
	scores := [][]float64{{2, 3, 4, 4}, {2, 3, 4, 5}, {3, 6, 5, 7}, {4, 5, 6, 7}}
	b := Rank(systems, scores, Options{Seed: 1})
	want := []struct {
		system string
		mean   float64
		rank   int
		group  int
	}{{"A", 5.5, 1, 1}, {"B", 5.25, 2, 1}, {"C", 3.5, 3, 2}, {"D", 3.25, 4, 2}}
	for i, w := range want {
		e := b.Entries[i]
		if e.System != w.system || e.Mean != w.mean || e.Rank != w.rank || e.Group != w.group || e.N != 4 {
			t.Errorf("entry %d = %+v; want %+v", i, e, w)
		}
	}
	if b.Tests != 6 || len(b.Pairs) != 6 {
		t.Fatalf("%d pairs, %d tests; want 6 and 6", len(b.Pairs), b.Tests)
	}
	pBC := b.Pairs[3] // (0,1) (0,2) (0,3) (1,2): B against C
	if pBC.A != "B" || pBC.B != "C" || math.Abs(pBC.P-0.0353) > 0.0005 || pBC.Significant {
		t.Errorf("B-C pair = %+v; want p 0.0353, not significant after Holm", pBC)
	}
	// Without a correction B-C is significant, yet the groups stay: the
	// rule tests against leaders only.
	b = Rank(systems, scores, Options{Seed: 1, Correction: "none"})
	for i, g := range []int{1, 1, 2, 2} {
		if b.Entries[i].Group != g {
			t.Errorf("uncorrected: %s in group %d; want %d", b.Entries[i].System, b.Entries[i].Group, g)
		}
	}
}

// TestIntervals checks that the mean's interval comes from the joint
// resamples: a system constant over items has a point interval, and the
// others' intervals hold their means.
func TestIntervals(t *testing.T) {
	b := Rank([]string{"flat", "varied"}, [][]float64{{2, 2, 2, 2, 2}, {0, 1, 2, 3, 4}}, Options{Seed: 5})
	for _, e := range b.Entries {
		if e.CILow > e.Mean || e.CIHigh < e.Mean {
			t.Errorf("%s: interval %v-%v misses mean %v", e.System, e.CILow, e.CIHigh, e.Mean)
		}
		if e.System == "flat" && (e.CILow != 2 || e.CIHigh != 2) {
			t.Errorf("flat: interval %v-%v; want 2-2", e.CILow, e.CIHigh)
		}
		if e.System == "varied" && !(e.CILow < 2 && e.CIHigh > 2) {
			t.Errorf("varied: interval %v-%v should straddle 2", e.CILow, e.CIHigh)
		}
	}
	// The same seed gives the same board.
	c := Rank([]string{"flat", "varied"}, [][]float64{{2, 2, 2, 2, 2}, {0, 1, 2, 3, 4}}, Options{Seed: 5})
	if fmt.Sprint(b) != fmt.Sprint(c) {
		t.Error("two runs with one seed differ")
	}
}

// TestExactMean checks that sums equal in exact arithmetic give equal
// means, where the float64 sum in input order does not.
func TestExactMean(t *testing.T) {
	a := []float64{0.1, 0.2, 0.3}
	b := []float64{0.3, 0.2, 0.1}
	if (a[0]+a[1])+a[2] == (b[0]+b[1])+b[2] {
		t.Fatal("the example no longer shows a rounding difference")
	}
	if ExactMean(a) != ExactMean(b) {
		t.Errorf("ExactMean %v != %v", ExactMean(a), ExactMean(b))
	}
	// 1e16 + 1 - 1e16 is 0 in float64 arithmetic; exactly it is 1.
	if got := ExactMean([]float64{1e16, 1, -1e16}); got != 1.0/3 {
		t.Errorf("ExactMean(1e16, 1, -1e16) = %v; want 1/3", got)
	}
	if !math.IsNaN(ExactMean(nil)) || !math.IsNaN(ExactMean([]float64{1, math.Inf(1)})) {
		t.Error("ExactMean of nothing or an infinity should be NaN")
	}
}

// TestShared keeps only the items every system has.
func TestShared(t *testing.T) {
	items, scores := Shared([]map[string]float64{{"b": 1, "a": 2, "c": 3}, {"a": 4, "b": 5}})
	if fmt.Sprint(items, scores) != "[a b] [[2 1] [4 5]]" {
		t.Errorf("Shared = %v %v", items, scores)
	}
}

// TestCorrelate folds the boards' directions: a metric where higher is
// better against a penalty where lower is better, ranking the systems
// alike, correlate positively.
func TestCorrelate(t *testing.T) {
	sys := []string{"a", "b", "c", "d", "e"}
	m := Rank(sys, [][]float64{{5}, {4}, {3}, {2}, {1}}, Options{Seed: 1})
	h := Rank(sys, [][]float64{{0.1}, {0.2}, {0.3}, {0.5}, {0.9}}, Options{Seed: 1, LowerIsBetter: true})
	a := Correlate(m, h, false, true, 0.95)
	if a.Systems != 5 || a.Kendall.Coef != 1 || a.Pearson.Coef < 0.9 {
		t.Errorf("agreement = %+v; want 5 systems, tau 1, r > 0.9", a)
	}
}

func BenchmarkRank(b *testing.B) {
	const k, n = 20, 2000
	rng := stats.NewRand(1)
	systems := make([]string, k)
	scores := make([][]float64, k)
	for s := range k {
		systems[s] = fmt.Sprintf("s%02d", s)
		scores[s] = make([]float64, n)
		for i := range n {
			scores[s][i] = float64(s)/50 + rng.NormFloat64()
		}
	}
	b.ResetTimer()
	for b.Loop() {
		Rank(systems, scores, Options{Resamples: 1000, Seed: 1})
	}
}
