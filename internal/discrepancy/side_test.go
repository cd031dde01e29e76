package discrepancy

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"testing"

	"github.com/evalbook/evalbook/internal/correlation"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/stats"
)

// TestSideMatchesPerPair checks that the records of every correlated pair,
// whose consensus half comes from a side formed once (newSide) and its
// metric half from another (newMetricSide), are bit
// for bit those of correlation.All and Partial of the pair's own samples,
// pooled, per iteration, over the iteration means and per slice, with the
// disagreements' consensus ranks: on the example (pairs on every unit of
// their dimension) and on a metric that misses some units.
func TestSideMatchesPerPair(t *testing.T) {
	ex := loadExample(t)
	sparse := ex.Metrics[0]
	sparse.Name, sparse.Values = "sparse", project.Values{}
	for i := range ex.Metrics[0].Values.Len() {
		if i%3 != 0 {
			sparse.Values.Append(ex.Metrics[0].Values.At(i))
		}
	}
	p := *ex
	p.Metrics = append(append([]project.Metric{}, ex.Metrics...), sparse)
	opt := Options{Partial: true}.withDefaults()
	pl := NewPlan(&p, opt)
	checked := map[bool]int{} // by whether the pair misses units
	for k := range p.Dimensions {
		d := &p.Dimensions[k]
		c, info := consensus(d, opt.Consensus[d.Name], pl.order)
		if !info.Correlated {
			continue
		}
		for i := range p.Metrics {
			m := &p.Metrics[i]
			j := join(metricUnits(m), c)
			if j.Len() < 3 {
				continue
			}
			side, ms := newSide(j, pl.bySlice, opt), newMetricSide(j, m.Direction, pl.bySlice, opt)
			name := fmt.Sprintf("%s x %s", m.Name, d.Name)
			checkRecords(t, name, pairRecords(m.Name, d.Name, j, side, ms, opt), wantRecords(j, opt))
			checkSlices(t, name, sliceRecords(m.Name, d.Name, side, ms, opt), wantSlices(j, pl.bySlice, opt))
			if !sameFloats(side.ranks, correlation.Ranks(j.consensus)) {
				t.Errorf("%s: side's consensus ranks differ from Ranks", name)
			}
			oriented := slices.Clone(j.metric)
			if m.Direction == project.LowerIsBetter {
				for i := range oriented {
					oriented[i] = -oriented[i]
				}
			}
			if !sameFloats(ms.ranks, correlation.Ranks(oriented)) {
				t.Errorf("%s: metric side's ranks differ from Ranks of the oriented metric", name)
			}
			checked[j.at != nil]++
		}
	}
	if checked[false] == 0 || checked[true] == 0 {
		t.Fatalf("checked %d pairs on every unit and %d missing some; want both", checked[false], checked[true])
	}
}

// wantRecords is the pooled, partial, per-iteration and iteration-level
// coefficients of j from its own samples.
func wantRecords(j joined, opt Options) []correlation.Pair {
	out := []correlation.Pair{correlation.All(j.metric, j.consensus, opt.Confidence),
		correlation.Partial(j.metric, j.consensus, j.group, opt.Confidence)}
	var mx, my []float64
	for g := range j.iterations {
		var x, y []float64
		for i := range j.group {
			if j.group[i] == g {
				x, y = append(x, j.metric[i]), append(y, j.consensus[i])
			}
		}
		out = append(out, correlation.All(x, y, opt.Confidence))
		mx, my = append(mx, stats.ExactMean(x)), append(my, stats.ExactMean(y))
	}
	return append(out, correlation.All(mx, my, opt.Confidence))
}

func checkRecords(t *testing.T, name string, got []Record, want []correlation.Pair) {
	t.Helper()
	if len(got)+1 != len(want) || got[0].Partial == nil {
		t.Fatalf("%s: %d records, want %d and a partial", name, len(got), len(want)-1)
	}
	flat := append([]Coefficients{got[0].Coefficients, *got[0].Partial}, coefficientsOf(got[1:])...)
	for n := range want {
		if w := coefficients(want[n]); !reflect.DeepEqual(flat[n], w) {
			t.Errorf("%s: coefficients %d %+v, want %+v", name, n, flat[n], w)
		}
	}
}

func coefficientsOf(rs []Record) []Coefficients {
	out := make([]Coefficients, len(rs))
	for i, r := range rs {
		out[i] = r.Coefficients
	}
	return out
}

// wantSlices is each slice's coefficients and partial coefficients from
// the slice's own samples, by slice name.
func wantSlices(j joined, bySlice map[string]string, opt Options) map[string][2]Coefficients {
	x, y, g := map[string][]float64{}, map[string][]float64{}, map[string][]int{}
	for i := range j.Len() {
		if s := bySlice[j.Item(i)]; s != "" {
			x[s], y[s], g[s] = append(x[s], j.metric[i]), append(y[s], j.consensus[i]), append(g[s], j.group[i])
		}
	}
	out := map[string][2]Coefficients{}
	if len(x) < 2 {
		return out
	}
	for s := range x {
		out[s] = [2]Coefficients{coefficients(correlation.All(x[s], y[s], opt.Confidence)),
			coefficients(correlation.Partial(x[s], y[s], g[s], opt.Confidence))}
	}
	return out
}

func checkSlices(t *testing.T, name string, got []SliceRecord, want map[string][2]Coefficients) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d slice records, want %d", name, len(got), len(want))
	}
	for _, r := range got {
		w := want[r.Slice]
		if r.Partial == nil || !reflect.DeepEqual(r.Coefficients, w[0]) || !reflect.DeepEqual(*r.Partial, w[1]) {
			t.Errorf("%s, slice %s: %+v partial %+v, want %+v", name, r.Slice, r.Coefficients, r.Partial, w)
		}
	}
}

// sameFloats reports whether a and b hold the same bits (NaN equal to NaN).
func sameFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}

// TestRatingsByUnit checks the units and their ratings against their
// definition (units in order of first rating, each unit's ratings in input
// order, ratings without an iteration unplaced), for ratings in runs of a
// unit, interleaved, and with a unit coming back after others.
func TestRatingsByUnit(t *testing.T) {
	type r struct{ item, iter string }
	for _, tc := range []struct {
		name string
		rs   []r
	}{
		{"runs", []r{{"a", "v1"}, {"a", "v1"}, {"b", "v1"}, {"b", "v1"}, {"a", "v2"}}},
		{"interleaved", []r{{"a", "v1"}, {"b", "v1"}, {"a", "v1"}, {"b", "v2"}, {"b", "v1"}}},
		{"back again", []r{{"a", "v1"}, {"a", "v1"}, {"b", "v1"}, {"a", "v1"}, {"a", "v1"}}},
		{"unplaced", []r{{"a", ""}, {"a", "v1"}, {"a", ""}, {"a", "v1"}, {"b", ""}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var rs project.Ratings
			for _, x := range tc.rs {
				rs.Append(project.Rating{Item: x.item, Iteration: x.iter, Rater: "r", Value: 1})
			}
			units, members, unplaced := ratingsByUnit(&rs)
			var wantUnits []unit
			var wantMembers [][]int32
			wantUnplaced := 0
			for i, x := range tc.rs {
				if x.iter == "" {
					wantUnplaced++
					continue
				}
				u := unit{rs.Iteration[i], rs.Item[i]}
				k := slices.Index(wantUnits, u)
				if k < 0 {
					k = len(wantUnits)
					wantUnits = append(wantUnits, u)
					wantMembers = append(wantMembers, nil)
				}
				wantMembers[k] = append(wantMembers[k], int32(i))
			}
			if !slices.Equal(units, wantUnits) || !reflect.DeepEqual(members, wantMembers) || unplaced != wantUnplaced {
				t.Errorf("got units %v members %v unplaced %d, want %v %v %d", units, members, unplaced, wantUnits, wantMembers, wantUnplaced)
			}
		})
	}
}
