package experiment

import (
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

// batchKey fingerprints what compare.PairedBatchSlices reads.
func batchKey(diffs [][]float64, pos [][]int, opt compare.Options) fingerprint.Sum {
	h := fingerprint.New("paired batch").Float(opt.Level).Int(opt.Resamples).Uint(opt.Seed)
	h.Int(len(diffs))
	for _, d := range diffs {
		h.Int(len(d))
		for _, v := range d {
			h.Float(v)
		}
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

// paired returns compare.PairedBatchSlices(diffs, pos, opt), from bs's
// prior when it holds the same inputs' result; bs nil computes it.
func (bs *batches) paired(diffs [][]float64, pos [][]int, opt compare.Options) ([]compare.Result, [][]compare.Result) {
	if bs == nil {
		return compare.PairedBatchSlices(diffs, pos, opt)
	}
	key := batchKey(diffs, pos, opt)
	out, ok := bs.used[key]
	if !ok {
		if out, ok = bs.prior[key]; !ok {
			out.res, out.bySlice = compare.PairedBatchSlices(diffs, pos, opt)
		}
		bs.used[key] = out
	}
	return out.res, out.bySlice
}
