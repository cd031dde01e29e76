package discrepancy

import (
	"slices"

	"github.com/evalbook/evalbook/internal/correlation"
	"github.com/evalbook/evalbook/internal/project"
)

// itemSlices gives each item its slice: the first non-empty Slice a metric
// value gives it, metrics in project order (as package experiment does).
func itemSlices(p *project.Project) map[string]string {
	out := map[string]string{}
	for i := range p.Metrics {
		vals := &p.Metrics[i].Values
		noItem, noSlice := lookupOr(vals.Items, ""), lookupOr(vals.Slices, "")
		done := make([]bool, vals.Items.Len()) // the item has its slice
		for j := range vals.Len() {
			item, s := vals.Item[j], vals.Slice[j]
			if item == noItem || s == noSlice || done[item] {
				continue
			}
			done[item] = true
			name := vals.Items.Name(item)
			if _, ok := out[name]; !ok {
				out[name] = vals.Slices.Name(s)
			}
		}
	}
	return out
}

// sliceRecords returns the pooled item-level records of one joined pair
// restricted to each slice, by slice name, when its units fall into two
// slices or more; units of items without a slice are left out.
func sliceRecords(metric, dim string, j joined, bySlice map[string]string, opt Options) []SliceRecord {
	sliceOf := make([]string, j.cons.items.Len()) // by item id
	for id := range sliceOf {
		sliceOf[id] = bySlice[j.cons.items.Name(int32(id))]
	}
	idx := map[string][]int{}
	for i := range j.Len() {
		if s := sliceOf[j.itemID(i)]; s != "" {
			idx[s] = append(idx[s], i)
		}
	}
	if len(idx) < 2 {
		return nil
	}
	names := make([]string, 0, len(idx))
	for s := range idx {
		names = append(names, s)
	}
	slices.Sort(names)
	out := make([]SliceRecord, 0, len(names))
	for _, s := range names {
		x, y, g := make([]float64, 0, len(idx[s])), make([]float64, 0, len(idx[s])), make([]int, 0, len(idx[s]))
		for _, i := range idx[s] {
			x, y, g = append(x, j.metric[i]), append(y, j.consensus[i]), append(g, j.group[i])
		}
		rec := SliceRecord{Metric: metric, Dimension: dim, Slice: s,
			Coefficients: coefficients(itemPair(metric, dim, "slice "+s, x, y, opt))}
		if opt.Partial {
			c := coefficients(correlation.Partial(x, y, g, opt.Confidence))
			rec.Partial = &c
		}
		out = append(out, rec)
	}
	return out
}
