package experiment

import (
	"slices"

	"github.com/evalbook/evalbook/internal/compare"
	"github.com/evalbook/evalbook/internal/fingerprint"
)

// A family's comparisons are mostly paired bootstraps of groups of
// subjects scored on the same items (comparer.batch), one group per item
// set: the metrics of an iteration pair usually form one group and each
// dimension, rated on items of its own, another. A group's bootstrap is a
// function of its differences, its slices' positions and the resampling
// options alone, so a family computed again after one subject's values
// changed takes the other groups' bootstraps from the family's last
// result (Plan.CompareFrom): new ratings on one dimension re-draw that
// dimension's resamples, not the metrics'.
//
// Groups over the same items draw the same resamples (pairedSeed), in
// whichever iteration pair they are: a timeline whose iterations score the
// same items has one item set for all its pairs. bootstrapShared computes
// such groups of all the tasks together, in one compare.PairedBatchSlices
// call per worker, so that the resamples are drawn once per worker instead
// of once per pair; over 32,768 items or more, in one call on all the
// workers (compare.PairedBatchSlicesOn), so that they are drawn once. A
// metric's figures in a batch do not depend on the
// other metrics in it (compare's products), so each group gets what it
// would get alone, however the groups are split over workers.

// batchOut is what compare.PairedBatchSlices returned for one group. Its
// slices are never written to once made.
type batchOut struct {
	res     []compare.Result
	bySlice [][]compare.Result
}

// batches are the bootstraps one task of a compare used, by batchKey:
// taken from prior (read only, shared by the tasks) or computed.
type batches struct {
	prior map[fingerprint.Sum]batchOut
	used  map[fingerprint.Sum]batchOut
}

// batchKey fingerprints what compare.PairedBatchSlicesTested reads.
func batchKey(diffs [][]float64, pos [][]int, opt compare.Options, test []bool) fingerprint.Sum {
	h := fingerprint.New("paired batch").Float(opt.Level).Int(opt.Resamples).Uint(opt.Seed)
	h.Int(len(diffs))
	for j, d := range diffs {
		h.Int(len(d))
		for _, v := range d {
			h.Float(v)
		}
		h.Bool(test == nil || test[j])
	}
	h.Int(len(pos))
	for _, p := range pos {
		h.Int(len(p))
		for _, i := range p {
			h.Int(i)
		}
	}
	return h.Done()
}

// paired returns compare.PairedBatchSlicesTested(diffs, pos, opt, 1,
// test), from bs's prior when it holds the same inputs' result; bs nil
// computes it.
func (bs *batches) paired(diffs [][]float64, pos [][]int, opt compare.Options, test []bool) ([]compare.Result, [][]compare.Result) {
	if bs == nil {
		return compare.PairedBatchSlicesTested(diffs, pos, opt, 1, test)
	}
	key := batchKey(diffs, pos, opt, test)
	out, ok := bs.used[key]
	if !ok {
		if out, ok = bs.prior[key]; !ok {
			out.res, out.bySlice = compare.PairedBatchSlicesTested(diffs, pos, opt, 1, test)
		}
		bs.used[key] = out
	}
	return out.res, out.bySlice
}

// wholeBatchItems is the number of items from which a bucket of groups is
// compared as one batch on all workers (compare.PairedBatchSlicesOn)
// rather than split into batches that each draw the resamples again:
// from there the draws of a batch cost as much as the products of a few
// metrics. A variable for tests.
var wholeBatchItems = 1 << 15

// partsPerWorker is the number of batches per worker a bucket of groups
// over fewer than wholeBatchItems items is split into.
const partsPerWorker = 4

// bootstrapShared sets the bootstrap of every group of work: from the
// tasks' prior results where used[i] holds one with the same inputs,
// else computed, groups over the same items (equal seeds and items)
// together in up to partsPerWorker × workers batches run side by side. used[i] (nil: no
// memo) records the bootstraps task i used.
func (c *comparer) bootstrapShared(work []pairWork, used []*batches, workers int) {
	type pending struct {
		g    *group
		task int
		key  fingerprint.Sum
	}
	var buckets [][]pending
	for i, w := range work {
		for _, g := range w.groups {
			p := pending{g: g, task: i}
			if bs := used[i]; bs != nil {
				p.key = batchKey(g.diffs(), g.pos, c.compareOptions(g.seed), g.tests())
				if out, ok := bs.lookup(p.key); ok {
					g.res, g.bySlice = out.res, out.bySlice
					continue
				}
			}
			k := slices.IndexFunc(buckets, func(b []pending) bool {
				h := b[0].g
				return h.seed == g.seed && slices.Equal(h.ps[0].items, g.ps[0].items)
			})
			if k < 0 {
				buckets = append(buckets, nil)
				k = len(buckets) - 1
			}
			buckets[k] = append(buckets[k], p)
		}
	}
	// A bucket over many items is one batch on every worker (its
	// resamples drawn once); the others are split into up to
	// partsPerWorker × workers batches run side by side, each drawing its
	// own: a few parts a worker, so that when the other analyses of the
	// stage are done, no worker waits idle while the other ends one long
	// part (the draws of a batch of fewer items than wholeBatchItems cost
	// little next to its products).
	var parts, large [][]pending
	for _, b := range buckets {
		if len(b[0].g.ps[0].items) >= wholeBatchItems {
			large = append(large, b)
			continue
		}
		np := workers
		if workers > 1 {
			np *= partsPerWorker
		}
		per := (len(b) + np - 1) / np
		for lo := 0; lo < len(b); lo += per {
			parts = append(parts, b[lo:min(lo+per, len(b))])
		}
	}
	run := func(part []pending, workers int) {
		var diffs [][]float64
		var test []bool // nil while every pairing so far is tested
		for _, p := range part {
			if t := p.g.tests(); t != nil && test == nil {
				test = make([]bool, len(diffs), len(diffs)+len(t))
				for k := range test {
					test[k] = true
				}
			}
			if test != nil {
				test = append(test, p.g.testsOrAll()...)
			}
			diffs = append(diffs, p.g.diffs()...)
		}
		g0 := part[0].g
		res, bySlice := compare.PairedBatchSlicesTested(diffs, g0.pos, c.compareOptions(g0.seed), workers, test)
		at := 0
		for _, p := range part {
			m := len(p.g.ps)
			p.g.res = res[at : at+m : at+m]
			p.g.bySlice = make([][]compare.Result, len(bySlice))
			for s := range bySlice {
				p.g.bySlice[s] = bySlice[s][at : at+m : at+m]
			}
			at += m
		}
	}
	for _, part := range large {
		run(part, workers)
	}
	parallel(workers, len(parts), func(k int) { run(parts[k], 1) })
	for _, b := range slices.Concat(large, parts) {
		for _, p := range b {
			if bs := used[p.task]; bs != nil {
				bs.used[p.key] = batchOut{res: p.g.res, bySlice: p.g.bySlice}
			}
		}
	}
}

// lookup returns the bootstrap with key from the task's own earlier
// groups or from prior.
func (bs *batches) lookup(key fingerprint.Sum) (batchOut, bool) {
	out, ok := bs.used[key]
	if !ok {
		if out, ok = bs.prior[key]; ok {
			bs.used[key] = out
		}
	}
	return out, ok
}
