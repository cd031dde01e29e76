package discrepancy

import (
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
// restricted to each slice of its consensus side, by slice name; ms is its
// metric side, whose slices are the same.
func sliceRecords(metric, dim string, side *consensusSide, ms *metricSide, opt Options) []SliceRecord {
	if len(side.slices) == 0 {
		return nil
	}
	out := make([]SliceRecord, 0, len(side.slices))
	for k, s := range side.slices {
		x := ms.slices[k]
		rec := SliceRecord{Metric: metric, Dimension: dim, Slice: s.name,
			Coefficients: coefficients(itemPair(metric, dim, "slice "+s.name, x.x, s.y, x.v, s.v, opt))}
		if opt.Partial {
			c := coefficients(correlation.PartialGrouped(x.partial, s.partial, opt.Confidence))
			rec.Partial = &c
		}
		out = append(out, rec)
	}
	return out
}
