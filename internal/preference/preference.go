// Package preference analyses a project's side-by-side judgements
// (project.Project.Pairwise) with the statistics of package pairwise: per
// pairwise dimension, and per round in a project of rounds, the
// head-to-head win rates of every pair of systems judged against each
// other, Bradley-Terry strengths with bootstrap intervals and rank ranges,
// the design (a star: every system against one hub), candidates compared
// through the hub on shared items, iterations against their baselines,
// win rates by slice, and the judges' quality: position bias, length bias,
// self-preference, agreement among raters (Krippendorff's alpha) and
// between people and judge models (raters file attribute kind = "person"
// or "judge": agreement and Cohen's kappa).
//
// It is the adapter between the project model and package pairwise:
// systems, items and raters become dense indexes here and names again in
// the Report. Random streams are seeded from names (stats.Seed(seed,
// "pairwise", dimension, round)), so a unit does not depend on the others.
package preference

import (
	"cmp"
	"math"
	"slices"

	"github.com/evalbook/evalbook/internal/compare"
	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/fingerprint"
	"github.com/evalbook/evalbook/internal/leaderboard"
	"github.com/evalbook/evalbook/internal/pairwise"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/stats"
)

// Options configures Analyse.
type Options struct {
	Level     float64 // level of every interval
	Resamples int     // bootstrap resamples
	Seed      uint64  // the project's base seed
}

// OptionsFrom returns the Options a configuration asks for.
func OptionsFrom(c *config.Config) Options {
	return Options{Level: c.Analysis.Confidence, Resamples: c.Analysis.Resamples, Seed: c.Analysis.Seed}
}

// The raters file attribute that says who a rater is, and its values.
const (
	KindAttr   = "kind"
	KindPerson = "person"
	KindJudge  = "judge"
)

// LengthUnit is the unit of the length differences of LengthBias: a
// slope is the change in win rate per this many characters.
const LengthUnit = 1000

// Report holds one Unit per pairwise dimension (all its judgements) and,
// in a project of rounds, one more per dimension and round.
type Report struct {
	Units []Unit
}

// Unit is the analysis of one pairwise dimension in one round ("" for
// every judgement of the dimension).
type Unit struct {
	Dimension, Label string
	Round            string
	Judgements       int
	Items            int
	Raters           []string // sorted
	Systems          []string // those judged, in project order
	// Reference is the system the others are read against: the hub of a
	// star, else the project's (or round's) reference when it was judged;
	// "" for none.
	Reference string
	Star      bool // every judgement involves Reference (pairwise.DesignOf)
	Pairs     []Pair
	Strengths []Strength // by rank within components (pairwise.BradleyTerry)
	// Through compares the candidates of a star pairwise through the hub
	// on the items both share (pairwise.StarCompare); nil unless Star.
	Through []Through
	Slices  []SlicePairs // win rates by the judgements' slice
	Quality Quality
}

// Pair is the head-to-head record of two systems, B's win rate over A.
type Pair struct {
	SystemA, SystemB string
	Rate             pairwise.WinRate
}

// Strength is a system's Bradley-Terry strength (natural log-odds,
// centred on the average system of its component).
type Strength struct {
	System string
	pairwise.Strength
}

// Through is candidate X compared with candidate Y through the hub: Diff
// is X's win rate against the hub minus Y's on the items both share.
type Through struct {
	X, Y string
	compare.Result
}

// SlicePairs is the head-to-head records on one slice's items.
type SlicePairs struct {
	Slice string
	Pairs []Pair
}

// Quality is the judges' quality and bias on one unit.
type Quality struct {
	Position []RaterRate         // per rater whose order of answers is known; the first-shown answer's win rate
	Length   *pairwise.LengthFit // nil when no judgement has lengths
	Self     []Self              // judges that are also systems
	Alpha    pairwise.Alpha      // among all raters
	// People and judge models on the same pairs (raters file kind); nil
	// unless both kinds judged.
	Groups *pairwise.GroupAgreement
}

// RaterRate is one rater's rate.
type RaterRate struct {
	Rater string
	pairwise.Rate
}

// Self is a judge model's preference for its own system.
type Self struct {
	Judge string
	pairwise.Preference
}

// Analyse analyses every pairwise dimension of p: AnalyseDimensions of
// every dimension, assembled.
func Analyse(p *project.Project, o Options) Report {
	all := make([]int, len(p.Pairwise))
	for i := range all {
		all[i] = i
	}
	return Assemble(AnalyseDimensions(p, o, all))
}

// AnalyseDimensions analyses the pairwise dimensions at the indexes dims
// of p.Pairwise, one at a time: the units of each (every judgement, then
// each round's), the analysis units a memo keeps (see Fingerprint).
func AnalyseDimensions(p *project.Project, o Options, dims []int) [][]Unit {
	out := make([][]Unit, len(dims))
	for n, i := range dims {
		out[n] = analyseDimension(p, &p.Pairwise[i], o)
	}
	return out
}

// Assemble puts the units of every dimension, in order, into a Report.
func Assemble(dims [][]Unit) Report {
	var rep Report
	for _, us := range dims {
		rep.Units = append(rep.Units, us...)
	}
	return rep
}

// Fingerprint returns the fingerprint of everything the analysis of
// dimension d reads: the options, the project's shape, iterations (in
// order) and rounds, the raters' kind attribute, and the dimension's name,
// label and every judgement's fields but its comment and position.
func Fingerprint(p *project.Project, d *project.PairwiseDimension, o Options) fingerprint.Sum {
	h := fingerprint.New("preference dimension").JSON(o).String(string(p.Shape))
	h.Int(len(p.Iterations))
	for _, it := range p.Iterations {
		h.String(it.ID)
	}
	rounds := p.Rounds()
	h.Int(len(rounds))
	for _, r := range rounds {
		h.String(r.ID).Int(r.Reference).Int(len(r.Systems))
		for _, s := range r.Systems {
			h.Int(s)
		}
	}
	h.Int(len(p.Raters))
	for _, r := range p.Raters {
		h.String(r.ID).String(r.Attrs[KindAttr])
	}
	h.String(d.Name).String(d.Label).Int(len(d.Judgements))
	for _, j := range d.Judgements {
		h.String(j.Item).String(j.Rater).String(j.SystemA).String(j.SystemB).Float(j.P).Bool(j.Weighted).
			String(j.First).Float(j.LengthA).Float(j.LengthB).String(j.Slice)
	}
	return h.Done()
}

// analyseDimension returns the units of one pairwise dimension: every
// judgement, then, in a project of rounds, each round's.
func analyseDimension(p *project.Project, d *project.PairwiseDimension, o Options) []Unit {
	units := []Unit{analyseUnit(p, d, "", d.Judgements, o)}
	if p.Shape == project.ShapeRounds {
		for _, r := range p.Rounds() {
			in := map[string]bool{}
			for _, s := range r.Systems {
				in[p.Iterations[s].ID] = true
			}
			var js []project.Judgement
			for _, j := range d.Judgements {
				if in[j.SystemA] && in[j.SystemB] {
					js = append(js, j)
				}
			}
			if len(js) > 0 {
				units = append(units, analyseUnit(p, d, r.ID, js, o))
			}
		}
	}
	return units
}

// index turns names into dense indexes.
type index struct {
	at    map[string]int32
	names []string
}

func (x *index) of(s string) int32 {
	if x.at == nil {
		x.at = map[string]int32{}
	}
	i, ok := x.at[s]
	if !ok {
		i = int32(len(x.names))
		x.at[s] = i
		x.names = append(x.names, s)
	}
	return i
}

func analyseUnit(p *project.Project, d *project.PairwiseDimension, round string, pjs []project.Judgement, o Options) Unit {
	u := Unit{Dimension: d.Name, Label: d.Label, Round: round, Judgements: len(pjs)}
	seed := stats.Seed(o.Seed, "pairwise", d.Name, round)
	// Systems in project order, then any others by name.
	judged := map[string]bool{}
	for _, j := range pjs {
		judged[j.SystemA], judged[j.SystemB] = true, true
	}
	var sys index
	for _, it := range p.Iterations {
		if judged[it.ID] {
			sys.of(it.ID)
		}
	}
	for _, s := range sortedKeys(judged) {
		sys.of(s)
	}
	u.Systems = sys.names
	var items, raters index
	js := make([]pairwise.Judgement, len(pjs))
	diff := make([]float64, len(pjs))
	hasLen, bothLen := false, false
	for k, j := range pjs {
		js[k] = pairwise.Judgement{Item: items.of(j.Item), Rater: raters.of(j.Rater), A: sys.of(j.SystemA), B: sys.of(j.SystemB), P: j.P}
		switch j.First {
		case "a":
			js[k].Order = pairwise.AFirst
		case "b":
			js[k].Order = pairwise.BFirst
		}
		diff[k] = lengthDiff(j)
		hasLen = hasLen || !math.IsNaN(diff[k])
		bothLen = bothLen || !math.IsNaN(j.LengthA) && !math.IsNaN(j.LengthB)
	}
	u.Items = len(items.names)
	u.Raters = slices.Sorted(slices.Values(raters.names))

	m := pairwise.WinRates(js, o.Level)
	u.Pairs = pairsOf(m, sys.names)
	bt := pairwise.BradleyTerry(js, pairwise.BTOptions{Level: o.Level, Resamples: o.Resamples, Seed: seed})
	for _, s := range bt.Strengths {
		u.Strengths = append(u.Strengths, Strength{System: sys.names[s.System], Strength: s})
	}
	design := pairwise.DesignOf(js)
	if design.Star {
		u.Star, u.Reference = true, sys.names[design.Hub]
		hub := design.Hub
		for x := range sys.names {
			for y := x + 1; y < len(sys.names); y++ {
				if x == hub || y == hub {
					continue
				}
				r, _ := pairwise.StarCompare(js, hub, x, y, compare.Options{Level: o.Level, Resamples: o.Resamples,
					Seed: pairwise.StarSeed(seed, sys.names[x], sys.names[y])})
				u.Through = append(u.Through, Through{X: sys.names[x], Y: sys.names[y], Result: r})
			}
		}
	} else if ref := reference(p, round); ref != "" && judged[ref] {
		u.Reference = ref
	}
	u.Slices = slicePairs(pjs, js, sys.names, o.Level)
	u.Quality = quality(p, js, diff, hasLen, !bothLen, raters.names, sys, seed, o)
	return u
}

// lengthDiff returns B's answer length minus A's in LengthUnit characters;
// with only B's length, B's alone (the fit is then within items, where a
// constant A answer drops out; with both lengths it is across items, since
// every judgement of a pair on an item has the same difference); NaN when
// unknown.
func lengthDiff(j project.Judgement) float64 {
	switch {
	case math.IsNaN(j.LengthB):
		return math.NaN()
	case math.IsNaN(j.LengthA):
		return j.LengthB / LengthUnit
	}
	return (j.LengthB - j.LengthA) / LengthUnit
}

func pairsOf(m *pairwise.Matrix, names []string) []Pair {
	out := make([]Pair, len(m.Rates))
	for i, w := range m.Rates {
		out[i] = Pair{SystemA: names[w.A], SystemB: names[w.B], Rate: w}
	}
	return out
}

// reference returns the project's reference system for a round ("" for
// every judgement of a project of systems).
func reference(p *project.Project, round string) string {
	for _, r := range p.Rounds() {
		if r.ID == round && r.Reference >= 0 {
			return p.Iterations[r.Reference].ID
		}
	}
	return ""
}

// slicePairs returns the win rates on each slice's judgements, slices by
// name; nil when no judgement has a slice.
func slicePairs(pjs []project.Judgement, js []pairwise.Judgement, names []string, level float64) []SlicePairs {
	by := map[string][]pairwise.Judgement{}
	for k, j := range pjs {
		if j.Slice != "" {
			by[j.Slice] = append(by[j.Slice], js[k])
		}
	}
	var out []SlicePairs
	for _, s := range sortedKeys(by) {
		out = append(out, SlicePairs{Slice: s, Pairs: pairsOf(pairwise.WinRates(by[s], level), names)})
	}
	return out
}

func quality(p *project.Project, js []pairwise.Judgement, diff []float64, hasLen, within bool, raters []string, sys index, seed uint64, o Options) Quality {
	var q Quality
	byRater := make([][]pairwise.Judgement, len(raters))
	for _, j := range js {
		byRater[j.Rater] = append(byRater[j.Rater], j)
	}
	order := make([]int, len(raters))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(raters[a], raters[b]) })
	for _, r := range order {
		if pb := pairwise.PositionBias(byRater[r], o.Level); pb.N > 0 {
			q.Position = append(q.Position, RaterRate{Rater: raters[r], Rate: pb})
		}
		if s, ok := sys.at[raters[r]]; ok {
			q.Self = append(q.Self, Self{Judge: raters[r], Preference: pairwise.SelfPreference(js, int32(r), int(s), o.Level)})
		}
	}
	if hasLen {
		f := pairwise.LengthBias(js, diff, within, o.Level)
		q.Length = &f
	}
	q.Alpha = pairwise.RaterAlpha(js, o.Resamples, o.Level, stats.Seed(seed, "alpha"))
	kind := map[string]string{}
	for _, r := range p.Raters {
		kind[r.ID] = r.Attrs[KindAttr]
	}
	person := func(r int32) bool { return kind[raters[r]] == KindPerson }
	judge := func(r int32) bool { return kind[raters[r]] == KindJudge }
	if slices.ContainsFunc(js, func(j pairwise.Judgement) bool { return person(j.Rater) }) &&
		slices.ContainsFunc(js, func(j pairwise.Judgement) bool { return judge(j.Rater) }) {
		g := pairwise.Groups(js, person, judge, o.Level)
		q.Groups = &g
	}
	return q
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	})
}

// KindPairwise is the leaderboard subject kind of a pairwise dimension.
const KindPairwise = "pairwise"

// Feed adds every pairwise dimension to the leaderboards of lb: on each
// round's board (the unit of that round; of every judgement in a project
// of systems) a subject of Kind "pairwise" whose entries are the round's
// systems with a finite Bradley-Terry strength (Mean = strength, natural
// log-odds centred on the average system; CILow, CIHigh, Rank, RankLow and
// RankHigh from the fit; N the system's judgements; no groups) and
// WinRateVsReference where the system was judged against the round's
// reference.
func Feed(lb *leaderboard.Report, rep Report, rounds bool) {
	for i := range lb.Rounds {
		rb := &lb.Rounds[i]
		in := map[string]bool{}
		for _, s := range rb.Systems {
			in[s] = true
		}
		for _, u := range rep.Units {
			if rounds && u.Round != rb.Round || !rounds && u.Round != "" {
				continue
			}
			sub := leaderboard.Subject{Name: u.Dimension, Kind: KindPairwise, Direction: "higher"}
			for _, s := range u.Strengths {
				if !in[s.System] || math.IsNaN(s.Strength.Strength) {
					continue
				}
				e := leaderboard.Entry{System: s.System, N: s.N, Mean: s.Strength.Strength, CILow: s.CILow, CIHigh: s.CIHigh,
					Rank: s.Rank, RankLow: s.RankLow, RankHigh: s.RankHigh}
				if w, ok := u.Pair(rb.Reference, s.System); ok {
					e.WinRateVsReference = &w.WinRateB
				}
				sub.Entries = append(sub.Entries, e)
			}
			if len(sub.Entries) > 0 {
				rb.Pairwise = append(rb.Pairwise, sub)
			}
		}
	}
}

// Pair returns b's record against a (WinRateB is b's win rate over a),
// and false when the two were never judged against each other.
func (u *Unit) Pair(a, b string) (pairwise.WinRate, bool) {
	for _, p := range u.Pairs {
		switch {
		case p.SystemA == a && p.SystemB == b:
			return p.Rate, true
		case p.SystemA == b && p.SystemB == a:
			return p.Rate.Flip(), true
		}
	}
	return pairwise.WinRate{}, false
}
