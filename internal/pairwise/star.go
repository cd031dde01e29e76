package pairwise

import (
	"slices"

	"github.com/evalbook/evalbook/internal/compare"
	"github.com/evalbook/evalbook/internal/stats"
)

// Design describes which pairs of systems were judged.
type Design struct {
	// Star is true when every judgement involves one system, Hub, and at
	// least two other systems were judged against it (as AlpacaEval judges
	// every model against one baseline). Systems are then compared with
	// each other only through their records against the hub; see
	// StarCompare.
	Star bool `json:"star"`
	Hub  int  `json:"hub"` // -1 unless Star
	// Pairs is the number of distinct pairs judged, out of K(K-1)/2 for
	// the K systems that took part (Systems).
	Pairs   int `json:"pairs"`
	Systems int `json:"systems"`
}

// DesignOf returns the design of the judgements.
func DesignOf(js []Judgement) Design {
	d := Design{Hub: -1}
	k := systems(js)
	seen := make([]bool, max(0, k*(k-1)/2))
	degree := make([]int, k)
	in := make([]bool, k)
	for _, j := range js {
		lo, hi, _ := canonical(j)
		in[lo], in[hi] = true, true
		if p := pairIndex(lo, hi, k); !seen[p] {
			seen[p] = true
			d.Pairs++
			degree[lo]++
			degree[hi]++
		}
	}
	for s := range k {
		if in[s] {
			d.Systems++
		}
	}
	if d.Systems >= 3 {
		for s := range k {
			if degree[s] == d.Pairs && d.Pairs == d.Systems-1 {
				d.Star, d.Hub = true, s
				break
			}
		}
	}
	return d
}

// HubScores returns, for each item on which system s was judged against
// hub, s's mean score against the hub there (P when s is B, 1 - P when
// s is A, averaged over the item's judgements of that pair). The map is
// keyed by item.
func HubScores(js []Judgement, hub, s int) map[int32]float64 {
	sum := map[int32]float64{}
	cnt := map[int32]int{}
	for _, j := range js {
		switch {
		case int(j.A) == hub && int(j.B) == s:
			sum[j.Item] += j.P
		case int(j.B) == hub && int(j.A) == s:
			sum[j.Item] += 1 - j.P
		default:
			continue
		}
		cnt[j.Item]++
	}
	for i, c := range cnt {
		sum[i] /= float64(c)
	}
	return sum
}

// StarCompare compares candidates x and y through their judgements
// against the same hub on shared items: with x_u and y_u their scores
// against the hub on item u (HubScores), it returns compare.PairedDiffs of
// the differences d_u = x_u - y_u over the items both were judged on, in
// ascending item order. Diff is then x's win rate against the hub minus
// y's on those items, with the paired bootstrap interval and sign-flip
// p-value of package compare; it is positive when x did better. The
// pairing through the item removes the items' difficulty from the
// comparison, as in a paired test of two iterations on the same items.
// Items are returned so a caller can show which were shared.
func StarCompare(js []Judgement, hub, x, y int, opt compare.Options) (compare.Result, []int32) {
	sx, sy := HubScores(js, hub, x), HubScores(js, hub, y)
	var items []int32
	for u := range sx {
		if _, ok := sy[u]; ok {
			items = append(items, u)
		}
	}
	slices.Sort(items)
	d := make([]float64, len(items))
	for i, u := range items {
		d[i] = sx[u] - sy[u]
	}
	return compare.PairedDiffs(d, opt), items
}

// StarSeed returns the seed of the comparison of x with y in a star
// design from a base seed and the systems' names, so that the figures of a
// pair do not depend on other pairs.
func StarSeed(base uint64, x, y string) uint64 { return stats.Seed(base, "pairwise star", x, y) }
