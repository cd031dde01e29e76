package render

import (
	"maps"
	"slices"
	"sync"

	"github.com/evalbook/evalbook/internal/alert"
	"github.com/evalbook/evalbook/internal/discrepancy"
	"github.com/evalbook/evalbook/internal/experiment"
	"github.com/evalbook/evalbook/internal/fingerprint"
	"github.com/evalbook/evalbook/internal/project"
)

// The parts of the analysis results that the aggregate pages read (see
// Deps.Parts): a subject's comparisons, a discrepancy pair's results, an
// iteration's rows, and the subjects' settings. Each part is a
// fingerprint of the very results it names, so a part changes exactly
// when one of them does; a page that reads a part reads nothing of the
// results beyond it (and the parts and subjects it names besides).

// ComparisonsPart names the comparisons of one subject (kind "metric",
// "dimension" or "pairwise") across iterations, with the alerts about the
// subject (a comparison's view shows those in its iteration) and the
// verdicts of the case studies whose front matter names it and of the
// guideline documents (the subject's page lists them with their
// verdicts).
func ComparisonsPart(kind, name string) string { return "comparisons\x00" + kind + "\x00" + name }

// PairPart names the discrepancy results of one metric and dimension:
// its records, slices, disagreement lists, verdicts, findings,
// investigations and joined units, and how its dimension entered the
// analysis.
func PairPart(metric, dim string) string { return "pair\x00" + metric + "\x00" + dim }

// MetricPairsPart and DimensionPairsPart name the PairParts of every pair
// of one metric or one dimension, in report order.
func MetricPairsPart(metric string) string { return "pairs of metric\x00" + metric }

// DimensionPairsPart: see MetricPairsPart.
func DimensionPairsPart(dim string) string { return "pairs of dimension\x00" + dim }

// IterationPart names what an iteration's page reads of the results: the
// comparisons of that iteration (every subject), the alerts in it, each
// metric's point in it (and the iteration of the point before), each
// dimension's point and reliability record in it, the verdicts of the
// experiments whose candidate it is and of the case studies listed on it
// (those naming it, and the guideline documents), the pairwise
// preferences and the leaderboards.
func IterationPart(id string) string { return "iteration\x00" + id }

// PairwisePart names the preference analysis of one pairwise dimension
// (every round's).
func PairwisePart(dim string) string { return "pairwise\x00" + dim }

// SettingsPart names the settings of every metric and dimension (the
// project's, without their values and ratings): their names, labels,
// units and directions, which pages show in links and tables.
const SettingsPart = "settings"

// VerdictsPart names the verdicts of every case study's experiment, which
// the case-study index shows.
const VerdictsPart = "verdicts"

// ErrorAlertsPart names the count of error alerts in each iteration, which
// the timeline shows.
const ErrorAlertsPart = "error alerts"

// unitSums keeps the fingerprints of the discrepancy pairs' joined units
// from one render to the next: the analysis hands an unchanged pair the
// very same array, which is then not hashed again (see sameSlice).
type unitSums struct {
	units discrepancy.Units
	sum   fingerprint.Sum
}

// partSums fingerprints the results parts of in, and returns with them
// the fingerprint of the discrepancy report whole (for Results), made of
// the pairs' parts so that no unit is hashed twice. last holds the
// units' sums of the last render, by pair; the second result is this
// render's.
func partSums(in *Input, last map[[2]string]unitSums) (map[string]fingerprint.Sum, fingerprint.Sum, map[[2]string]unitSums) {
	parts := map[string]fingerprint.Sum{}
	rep := &in.Discrepancy
	var alerts []alert.Alert
	alerts = append(append(alerts, in.Reliability.Alerts...), in.Alerts...)

	// The joined units are by far the largest part: hashed side by side,
	// and only for the pairs whose units are new.
	units := make([]fingerprint.Sum, len(rep.Pairs))
	next := map[[2]string]unitSums{}
	var wg sync.WaitGroup
	for i := range rep.Pairs {
		p := &rep.Pairs[i]
		key := [2]string{p.Metric, p.Dimension}
		if old, ok := last[key]; ok && old.units.Same(p.Units) {
			units[i] = old.sum
			continue
		}
		wg.Go(func() { units[i] = unitsSum(p.Units) })
	}
	wg.Wait()
	for i, p := range rep.Pairs {
		next[[2]string{p.Metric, p.Dimension}] = unitSums{units: p.Units, sum: units[i]}
	}

	// Per pair: every entry of the report naming it.
	type pairHash = map[[2]string]*fingerprint.Hash
	hs := pairHash{}
	var order [][2]string
	at := func(m, d string) *fingerprint.Hash {
		k := [2]string{m, d}
		if hs[k] == nil {
			hs[k] = fingerprint.New("pair").String(m).String(d)
			order = append(order, k)
		}
		return hs[k]
	}
	for i, p := range rep.Pairs {
		at(p.Metric, p.Dimension).String("units").Bool(p.Correlated).Sum(units[i])
	}
	for _, x := range rep.Records {
		at(x.Metric, x.Dimension).String("record").Value(x)
	}
	for _, x := range rep.Slices {
		at(x.Metric, x.Dimension).String("slice").Value(x)
	}
	for _, x := range rep.Disagreements {
		at(x.Metric, x.Dimension).String("disagreements").Value(x)
	}
	for _, x := range rep.Verdicts {
		at(x.Metric, x.Dimension).String("verdict").Value(x)
	}
	for _, x := range rep.Findings {
		at(x.Metric, x.Dimension).String("finding").Value(x)
	}
	for _, x := range rep.Investigations {
		at(x.Metric, x.Dimension).String("investigation").Value(x)
	}
	dims := map[string]fingerprint.Sum{}
	for _, d := range rep.Dimensions {
		dims[d.Dimension] = fingerprint.New("discrepancy dimension").Value(d).Done()
	}
	byMetric, byDim := map[string]*fingerprint.Hash{}, map[string]*fingerprint.Hash{}
	for _, k := range order {
		d, ok := dims[k[1]]
		sum := hs[k].Bool(ok).Sum(d).Done()
		parts[PairPart(k[0], k[1])] = sum
		if byMetric[k[0]] == nil {
			byMetric[k[0]] = fingerprint.New("pairs of metric")
		}
		if byDim[k[1]] == nil {
			byDim[k[1]] = fingerprint.New("pairs of dimension")
		}
		byMetric[k[0]].String(k[1]).Sum(sum)
		byDim[k[1]].String(k[0]).Sum(sum)
	}
	for m, h := range byMetric {
		parts[MetricPairsPart(m)] = h.Done()
	}
	for d, h := range byDim {
		parts[DimensionPairsPart(d)] = h.Done()
	}
	// The report whole: every field but the units, which the pairs'
	// sums stand for.
	whole := *rep
	whole.Pairs = nil
	disc := fingerprint.New("discrepancy").Value(whole)
	for i, p := range rep.Pairs {
		disc.String(p.Metric).String(p.Dimension).Bool(p.Correlated).Sum(units[i])
	}

	// The case studies' verdicts, by where their documents are listed: a
	// document list shows each document's verdict. Guideline documents
	// are listed on every subject's and iteration's page that has
	// guidelines, so their verdicts go into every part here.
	verdicts := map[string]*experiment.Verdict{}
	for i := range in.Experiments.Verdicts {
		verdicts[in.Experiments.Verdicts[i].CaseStudy] = &in.Experiments.Verdicts[i]
	}
	guideVerdicts := fingerprint.New("guideline verdicts")
	type listed struct {
		v                    *experiment.Verdict
		iters, metrics, dims []string
	}
	var docVerdicts []listed
	if in.Project != nil {
		for d := range in.Project.Documents() {
			v := verdicts[d.Slug]
			if v == nil {
				continue
			}
			if d.Meta.GuidelineVersion != "" {
				guideVerdicts.Value(*v)
			}
			docVerdicts = append(docVerdicts, listed{v, d.Meta.Iterations, d.Meta.Metrics, d.Meta.Dimensions})
		}
	}
	guides := guideVerdicts.Done()

	// Per subject: its comparisons, the alerts about it, and the verdicts
	// of the documents naming it.
	comps := map[string]*fingerprint.Hash{}
	compOf := func(kind, name string) *fingerprint.Hash {
		k := ComparisonsPart(kind, name)
		if comps[k] == nil {
			comps[k] = fingerprint.New("comparisons").Sum(guides)
		}
		return comps[k]
	}
	if in.Project != nil {
		for _, m := range in.Project.Metrics {
			compOf(kindMetric, m.Name)
		}
		for _, d := range in.Project.Dimensions {
			compOf(kindDimension, d.Name)
		}
	}
	for _, x := range docVerdicts {
		for _, m := range x.metrics {
			compOf(kindMetric, m).String("verdict").Value(*x.v)
		}
		for _, d := range x.dims {
			compOf(kindDimension, d).String("verdict").Value(*x.v)
		}
	}
	for _, c := range in.Experiments.Comparisons {
		compOf(c.Kind, c.Subject).String("comparison").Value(c)
	}
	for _, a := range alerts {
		s := a.Subject
		switch s.Kind {
		case alert.SubjectMetric:
			compOf(kindMetric, s.Metric).String("alert").Value(a)
		case alert.SubjectDimension:
			compOf(kindDimension, s.Dimension).String("alert").Value(a)
		case alert.SubjectPairwise:
			compOf(kindPairwise, s.Dimension).String("alert").Value(a)
		}
	}
	for k, h := range comps {
		parts[k] = h.Done()
	}

	// Per iteration: its comparisons and alerts, each dimension's point
	// and reliability record in it, the verdicts of the documents naming
	// it and of the experiments whose candidate it is, and the results
	// every iteration page reads whole (preferences, leaderboards).
	shared := fingerprint.New("iteration shared").Sum(guides).Value(in.Preference).Value(in.Leaderboard).Done()
	iters := map[string]*fingerprint.Hash{}
	iterOf := func(id string) *fingerprint.Hash {
		if iters[id] == nil {
			iters[id] = fingerprint.New("iteration").Sum(shared)
		}
		return iters[id]
	}
	if in.Project != nil {
		for _, it := range in.Project.Iterations {
			iterOf(it.ID)
		}
	}
	for _, c := range in.Experiments.Comparisons {
		iterOf(c.Iteration).String("comparison").Value(c)
	}
	for _, a := range alerts {
		iterOf(a.Iteration).String("alert").Value(a)
	}
	for _, x := range docVerdicts {
		for _, id := range x.iters {
			iterOf(id).String("listed verdict").Value(*x.v)
		}
	}
	for _, v := range in.Experiments.Verdicts {
		iterOf(v.Candidate).String("verdict").Value(v)
	}
	for id, h := range iters {
		// Each metric's point in it and the iteration of the point
		// before (its change is against that one).
		for _, t := range in.Trends.Metrics {
			h.String("metric trend").String(t.Metric).String(t.Direction)
			for i := range t.Points {
				if t.Points[i].Iteration == id {
					h.Value(t.Points[i])
					if i > 0 {
						h.String(t.Points[i-1].Iteration)
					}
				}
			}
		}
		// Which dimensions have trends and reliability, in every one.
		for _, t := range in.Trends.Dimensions {
			h.String("trend").String(t.Dimension).String(t.Scale).Bool(t.Numeric)
			for i := range t.Points {
				if t.Points[i].Iteration == id {
					h.Value(t.Points[i])
				}
			}
		}
		for _, d := range in.Reliability.Dimensions {
			h.String("reliability").String(d.Dimension).String(d.Level).Float(d.MaxOffset).Bool(d.Lower)
			for i := range d.Iterations {
				if d.Iterations[i].Iteration == id {
					h.Value(d.Iterations[i])
				}
			}
		}
		parts[IterationPart(id)] = h.Done()
	}
	pw := map[string]*fingerprint.Hash{}
	for _, u := range in.Preference.Units {
		if pw[u.Dimension] == nil {
			pw[u.Dimension] = fingerprint.New("pairwise")
		}
		pw[u.Dimension].Value(u)
	}
	for d, h := range pw {
		parts[PairwisePart(d)] = h.Done()
	}
	parts[SettingsPart] = settingsSum(in.Project)
	all := fingerprint.New("verdicts").Int(len(in.Experiments.Verdicts))
	for i := range in.Experiments.Verdicts {
		all.Value(in.Experiments.Verdicts[i])
	}
	parts[VerdictsPart] = all.Done()
	errs := errorCounts(alerts)
	eh := fingerprint.New("error alerts").Int(len(errs))
	for _, it := range slices.Sorted(maps.Keys(errs)) {
		eh.String(it).Int(errs[it])
	}
	parts[ErrorAlertsPart] = eh.Done()
	return parts, disc.Done(), next
}

// settingsSum fingerprints the settings of every metric and dimension of
// p, without their values and ratings.
func settingsSum(p *project.Project) fingerprint.Sum {
	h := fingerprint.New("settings")
	if p == nil {
		return h.Done()
	}
	h.Int(len(p.Metrics))
	for _, m := range p.Metrics {
		m.Values = project.Values{}
		h.Value(m)
	}
	h.Int(len(p.Dimensions))
	for _, d := range p.Dimensions {
		d.Ratings = project.Ratings{}
		h.Value(d)
	}
	return h.Done()
}

// unitsSum fingerprints a pair's joined units, every field of each.
func unitsSum(us discrepancy.Units) fingerprint.Sum {
	h := fingerprint.New("units").Int(us.Len())
	for i := range us.Len() {
		h.String(us.Item(i)).String(us.Iteration(i)).Float(us.Metric(i)).Float(us.Consensus(i)).String(us.Label(i))
	}
	return h.Done()
}
