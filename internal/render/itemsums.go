package render

import (
	"sync"

	"github.com/evalbook/evalbook/internal/alert"
	"github.com/evalbook/evalbook/internal/fingerprint"
	"github.com/evalbook/evalbook/internal/project"
)

// The narrowed inputs of the incremental renderer (see Deps): each
// metric's and dimension's own results, and each item's share of the
// data. Both are plain functions of a render's input and views; what is
// kept between renders lives in the Cache (itemParts), never in the
// renderer.

// subjectResults are the fingerprints of every analysis result, whole,
// and of each metric's and dimension's own results.
type subjectResults struct {
	whole         fingerprint.Sum
	metrics, dims map[string]fingerprint.Sum
	parts         map[string]fingerprint.Sum // by part name (resultparts.go)
	units         map[[2]string]unitSums     // the discrepancy pairs' units, for the next render
}

// resultSums fingerprints the analysis results of in: each metric's own
// (its trend, the alerts about it), each dimension's own (its trend, its
// reliability, the alerts about it), and all of them whole, which folds in
// every per-subject part in report order, so that each result is hashed
// once; and the parts of the results the aggregate pages read
// (partSums), reusing from last the sums of the discrepancy pairs' units.
func resultSums(in *Input, last map[[2]string]unitSums) subjectResults {
	s := subjectResults{metrics: map[string]fingerprint.Sum{}, dims: map[string]fingerprint.Sum{}}
	about := map[alert.Subject][]alert.Alert{}
	for _, list := range [][]alert.Alert{in.Reliability.Alerts, in.Alerts} {
		for _, a := range list {
			about[a.Subject] = append(about[a.Subject], a)
		}
	}
	trendDims := map[string]int{}
	for i, t := range in.Trends.Dimensions {
		trendDims[t.Dimension] = i
	}
	whole := fingerprint.New("results")
	mt := make([]fingerprint.Sum, len(in.Trends.Metrics))
	dt := make([]fingerprint.Sum, len(in.Trends.Dimensions))
	rd := make([]fingerprint.Sum, len(in.Reliability.Dimensions))
	var wg sync.WaitGroup
	for i := range mt {
		wg.Go(func() { mt[i] = fingerprint.New("trend metric").Value(in.Trends.Metrics[i]).Done() })
	}
	for i := range dt {
		wg.Go(func() { dt[i] = fingerprint.New("trend dimension").Value(in.Trends.Dimensions[i]).Done() })
	}
	for i := range rd {
		wg.Go(func() { rd[i] = fingerprint.New("reliability").Value(in.Reliability.Dimensions[i]).Done() })
	}
	var rest, disc fingerprint.Sum
	wg.Go(func() {
		rest = fingerprint.New("results across subjects").Value(in.Reliability.Alerts).Value(in.Experiments).
			Value(in.Leaderboard).Value(in.Preference).Value(in.Alerts).Done()
	})
	wg.Go(func() { s.parts, disc, s.units = partSums(in, last) })
	wg.Wait()
	whole.Int(len(mt))
	for i, t := range in.Trends.Metrics {
		whole.Sum(mt[i])
		s.metrics[t.Metric] = fingerprint.New("metric results").Sum(mt[i]).Value(about[alert.Metric(t.Metric)]).Done()
	}
	whole.Int(len(dt)).Int(len(rd))
	for _, x := range dt {
		whole.Sum(x)
	}
	own := map[string]*fingerprint.Hash{}
	for i, rel := range in.Reliability.Dimensions {
		whole.Sum(rd[i])
		h := fingerprint.New("dimension results").Sum(rd[i])
		if j, ok := trendDims[rel.Dimension]; ok {
			h.Sum(dt[j])
		}
		own[rel.Dimension] = h
	}
	for i, t := range in.Trends.Dimensions {
		if own[t.Dimension] == nil {
			own[t.Dimension] = fingerprint.New("dimension results").Sum(dt[i])
		}
	}
	for name, h := range own {
		s.dims[name] = h.Value(about[alert.Dimension(name)]).Done()
	}
	s.whole = whole.Sum(rest).Sum(disc).Done()
	return s
}

// itemParts are, per metric and per dimension, every item's part of its
// data, with what they were made from, so that a render reuses the parts
// of the subjects whose data did not change; and every item's ItemData
// fingerprint made from them, so that a render sums again only the items
// whose parts or disagreement lists changed.
type itemParts struct {
	metrics map[string]itemPart
	dims    map[string]itemPart
	shared  fingerprint.Sum // what every item page shows of the subjects
	sums    map[string]itemSum
}

// itemSum is one item's ItemData fingerprint with the counts and the
// disagreement lists' fingerprint it was made with.
type itemSum struct {
	sum               fingerprint.Sum
	disc              fingerprint.Sum // discSum
	nValues, nRatings int
}

// itemPart is one subject's part of each item's page.
type itemPart struct {
	from  fingerprint.Sum            // the subject's data and what else the parts read
	items map[string]fingerprint.Sum // item ID -> its part
	// counts are the item's values or ratings, which the item index shows.
	counts map[string]int
	// perItem says a metric has values per item, so it is a column of the
	// item tables.
	perItem bool
}

// metricParts returns each item's part of the values vs of a metric (its
// iteration and value, in order), made from sum, the values' fingerprint,
// and its count of values.
func metricParts(vs *project.Values, sum fingerprint.Sum) itemPart {
	byID := make([]*fingerprint.Hash, vs.Items.Len())
	count := make([]int, vs.Items.Len())
	hs := map[string]*fingerprint.Hash{}
	for i := range vs.Len() {
		id := vs.Item[i]
		h := byID[id]
		if h == nil {
			name := vs.Items.Name(id)
			if name == "" {
				continue
			}
			h = fingerprint.New("item values")
			byID[id], hs[name] = h, h
		}
		h.String(vs.IterationName(i)).Float(vs.Value[i])
		count[id]++
	}
	n := make(map[string]int, len(hs))
	for id, c := range count {
		if c > 0 {
			n[vs.Items.Name(int32(id))] = c
		}
	}
	return itemPart{from: sum, items: done(hs), counts: n, perItem: len(hs) > 0}
}

// dimParts returns each item's part of a dimension's ratings: its ratings
// in order as the item page's grid shows them, whether each rater has a
// row in the dimension's rater table (anchored), and its gold answer.
func dimParts(d *project.Dimension, anchored map[string]bool, from fingerprint.Sum) itemPart {
	hs := map[string]*fingerprint.Hash{}
	get := func(id string) *fingerprint.Hash {
		h := hs[id]
		if h == nil {
			h = fingerprint.New("item ratings")
			hs[id] = h
		}
		return h
	}
	rs := &d.Ratings
	byItem := make([]*fingerprint.Hash, rs.Items.Len()) // by item id
	count := make([]int, rs.Items.Len())                // ratings by item id
	anchor := make([]bool, rs.Raters.Len())             // by rater id
	for id, name := range rs.Raters.Names() {
		anchor[id] = anchored[name]
	}
	for i, id := range rs.Item {
		h := byItem[id]
		if h == nil {
			h = get(rs.Items.Name(id))
			byItem[id] = h
		}
		comment := ""
		if rs.Comment != nil {
			comment = rs.Comments.Name(rs.Comment[i])
		}
		h.String(rs.Raters.Name(rs.Rater[i])).Bool(anchor[rs.Rater[i]]).String(rs.Iterations.Name(rs.Iteration[i])).
			Float(rs.Value[i]).String(rs.Labels.Name(rs.Label[i])).String(comment)
		count[id]++
	}
	n := make(map[string]int, len(count))
	for id, c := range count {
		if c > 0 {
			n[rs.Items.Name(int32(id))] = c
		}
	}
	for id, g := range d.Gold {
		get(id).String("gold").String(g)
	}
	return itemPart{from: from, items: done(hs), counts: n}
}

// done finishes every hash of hs.
func done(hs map[string]*fingerprint.Hash) map[string]fingerprint.Sum {
	out := make(map[string]fingerprint.Sum, len(hs))
	for id, h := range hs {
		out[id] = h.Done()
	}
	return out
}

// itemDataSums returns the ItemData fingerprint of every item with a page
// (see Deps) and the parts it was made from, for the next render. data
// holds this render's values' and ratings' sums; the parts of last (nil
// for none) are reused for every subject made from the same inputs, and
// so are the fingerprints of the items whose parts are all the same
// (changedItems) and whose disagreement lists are too.
func itemDataSums(r *renderer, data *dataSums, last *dataSums) (map[string]fingerprint.Sum, itemParts) {
	p := r.p
	var prev itemParts
	if last != nil {
		prev = last.items
	}
	next := itemParts{metrics: make(map[string]itemPart, len(p.Metrics)), dims: make(map[string]itemPart, len(p.Dimensions))}
	ms := make([]itemPart, len(p.Metrics))
	ds := make([]itemPart, len(p.Dimensions))
	var wg sync.WaitGroup
	for i := range p.Metrics {
		from := data.values[i]
		if old, ok := prev.metrics[p.Metrics[i].Name]; ok && old.from == from {
			ms[i] = old
			continue
		}
		wg.Go(func() { ms[i] = metricParts(&p.Metrics[i].Values, from) })
	}
	for k := range p.Dimensions {
		d, dm := &p.Dimensions[k], r.dims[k]
		anchored := anchoredRaters(dm)
		from := fingerprint.New("dimension parts").Sum(data.ratings[k]).Value(d.Gold).Value(anchored).Done()
		if old, ok := prev.dims[d.Name]; ok && old.from == from {
			ds[k] = old
			continue
		}
		wg.Go(func() { ds[k] = dimParts(d, anchored, from) })
	}
	wg.Wait()
	// What every item page shows of the subjects: the metrics' and
	// dimensions' names, labels, units, directions and pages, and which
	// metrics are columns of the item tables.
	frame := fingerprint.New("item frame")
	for i, m := range r.metrics {
		next.metrics[m.Name] = ms[i]
		frame.String(m.Name).String(m.Label).String(m.Unit).String(m.Direction).String(m.Path).Bool(ms[i].perItem)
	}
	for k, d := range r.dims {
		next.dims[d.Name] = ds[k]
		frame.String(d.Name).String(d.Label).String(d.Scale).Bool(d.Numeric).String(d.Path)
	}
	next.shared = frame.Done()
	// The item sums of last are kept for the items changedItems does not
	// name, when they were made with the same subjects (whose names the
	// frame holds, in order).
	var keep map[string]itemSum
	var changed map[string]bool
	if prev.sums != nil && prev.shared == next.shared {
		keep, changed = prev.sums, changedItems(prev, next)
	}
	// The parts count each item's values and ratings, so the item views
	// take their counts from them (the item index is not left to count
	// them, countAll). Items are independent: they are summed in parallel.
	r.counted = true
	sums := make([]itemSum, len(r.items))
	inParallel(len(r.items), func(lo, hi int) {
		for n := lo; n < hi; n++ {
			v := r.items[n]
			disc := discSum(v)
			if old, ok := keep[v.ID]; ok && old.disc == disc && !changed[v.ID] {
				v.NValues, v.NRatings, sums[n] = old.nValues, old.nRatings, old
				continue
			}
			sums[n] = itemDataSum(v, next.shared, ms, ds, disc)
		}
	})
	out := make(map[string]fingerprint.Sum, len(r.items))
	next.sums = make(map[string]itemSum, len(r.items))
	for n, v := range r.items {
		out[v.ID], next.sums[v.ID] = sums[n].sum, sums[n]
	}
	return out, next
}

// changedItems returns the items whose part of some subject differs
// between prev and next, which hold the same subjects: of the subjects
// whose parts were made anew, the items whose part is new, gone or not
// the same.
func changedItems(prev, next itemParts) map[string]bool {
	changed := map[string]bool{}
	diff := func(old, now itemPart) {
		for id, s := range now.items {
			if o, ok := old.items[id]; !ok || o != s {
				changed[id] = true
			}
		}
		for id := range old.items {
			if _, ok := now.items[id]; !ok {
				changed[id] = true
			}
		}
	}
	for name, now := range next.metrics {
		if old := prev.metrics[name]; old.from != now.from {
			diff(old, now)
		}
	}
	for name, now := range next.dims {
		if old := prev.dims[name]; old.from != now.from {
			diff(old, now)
		}
	}
	return changed
}

// discSum fingerprints the disagreement lists v is in (zero when none).
func discSum(v *itemView) fingerprint.Sum {
	if len(v.Discrepancies) == 0 {
		return fingerprint.Sum{}
	}
	h := fingerprint.New("item disagreements").Int(len(v.Discrepancies))
	for _, x := range v.Discrepancies {
		if x.Pair != nil {
			h.String(x.Pair.Path).String(x.Pair.Metric.Label).String(x.Pair.Dim.Label)
		}
		h.Bool(x.Pair != nil).String(x.Direction).String(x.Iteration).Bool(x.Iter != nil).Float(x.Gap)
	}
	return h.Done()
}

// itemDataSum sets v's counts of values and ratings from the metrics'
// and dimensions' parts ms and ds and returns v's ItemData fingerprint:
// its part of each, what every item page shows of the subjects (shared)
// and the disagreement lists it is in (disc, discSum's).
func itemDataSum(v *itemView, shared fingerprint.Sum, ms, ds []itemPart, disc fingerprint.Sum) itemSum {
	v.NValues, v.NRatings = 0, 0
	for i := range ms {
		v.NValues += ms[i].counts[v.ID]
	}
	for k := range ds {
		v.NRatings += ds[k].counts[v.ID]
	}
	h := fingerprint.New("item data").Sum(shared)
	for i := range ms {
		sum, ok := ms[i].items[v.ID]
		h.Bool(ok).Sum(sum)
	}
	for k := range ds {
		sum, ok := ds[k].items[v.ID]
		h.Bool(ok).Sum(sum)
	}
	h.Sum(disc)
	return itemSum{sum: h.Done(), disc: disc, nValues: v.NValues, nRatings: v.NRatings}
}
