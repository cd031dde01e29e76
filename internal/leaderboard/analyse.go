package leaderboard

import (
	"github.com/evalbook/evalbook/internal/compare"
	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/stats"
)

// Settings configures Analyse.
type Settings struct {
	Level      float64 // intervals and rank ranges
	Resamples  int
	Seed       uint64 // the project's base seed
	Alpha      float64
	Correction compare.Correction
	// LowerDimensions names the numeric dimensions whose consensus is
	// better when lower (config direction "lower").
	LowerDimensions map[string]bool
}

// SettingsFrom returns the Settings a configuration asks for: the
// analysis level, resamples and seed, and the experiments' alpha and
// correction.
func SettingsFrom(c *config.Config) Settings {
	s := Settings{
		Level: c.Analysis.Confidence, Resamples: c.Analysis.Resamples, Seed: c.Analysis.Seed,
		Alpha: c.Experiment.Alpha, Correction: compare.Correction(c.Experiment.Correction),
		LowerDimensions: map[string]bool{},
	}
	for name := range c.Dimensions {
		if c.Dimension(name).Direction == "lower" {
			s.LowerDimensions[name] = true
		}
	}
	return s
}

// Report is the result of Analyse: one leaderboard per round.
type Report struct {
	Rounds []RoundBoard
}

// RoundBoard is the leaderboards of one round: every metric and numeric
// dimension, and the system-level agreement of each metric with each
// dimension.
type RoundBoard struct {
	Round      string // "" for a project of shape systems
	Reference  string // the reference system; "" for none
	Systems    []string
	Metrics    []Subject // in project order; subjects no system has per-item values for are left out
	Dimensions []Subject
	// Pairwise ranks the systems of the round by their Bradley-Terry
	// strength on each pairwise dimension (Kind "pairwise"; Mean is the
	// strength in natural log-odds, N the system's judgements); filled by
	// package preference, not by Analyse.
	Pairwise   []Subject
	Agreements []SubjectAgreement // metric by dimension, in that order
}

// Subject is the leaderboard of one metric or dimension.
type Subject struct {
	Name      string
	Kind      string // "metric" or "dimension"
	Direction string // "higher" or "lower" is better
	Board
}

// SubjectAgreement is the system-level correlation of a metric's and a
// dimension's leaderboards in one round.
type SubjectAgreement struct {
	Metric, Dimension string
	Agreement
}

// Analyse ranks the systems of every round of p (project.Rounds; none for
// a timeline) on each metric and numeric dimension.
//
// A system's value on an item is, for a metric, the mean of its per-item
// values for the item (values that describe a whole iteration, with no
// item, are not ranked), and for a dimension the item's consensus: the
// mean of its ratings for the system. Each board ranks the round's systems
// that have values for the subject on the items all of them share (Shared);
// a system with no value for the subject is left off that board. The
// bootstrap of a board draws from stats.Seed(Seed, "leaderboard", round,
// kind, name), so a board does not depend on the others.
//
// Analyse is AnalyseSubjects of every metric and dimension put together by
// Assemble: each subject's boards are a unit whose result depends only on
// its own inputs (see SubjectFingerprint).
func Analyse(p *project.Project, s Settings) Report {
	all := make([]int, Subjects(p))
	for n := range all {
		all[n] = n
	}
	return Assemble(p, s, AnalyseSubjects(p, s, all))
}

// Subjects returns the number of subjects of p: its metrics, then its
// dimensions (label dimensions among them, which have no boards).
func Subjects(p *project.Project) int { return len(p.Metrics) + len(p.Dimensions) }

// SubjectBoards is one subject's board in every round, in round order;
// OK is false for a round in which it has none.
type SubjectBoards struct {
	Boards []Subject
	OK     []bool
}

// rounds returns the RoundBoard of every round of p, systems and
// reference filled in, and each round's systems as a set.
func rounds(p *project.Project) ([]RoundBoard, []map[string]bool) {
	var rbs []RoundBoard
	var ins []map[string]bool
	for _, r := range p.Rounds() {
		rb := RoundBoard{Round: r.ID}
		if r.Reference >= 0 {
			rb.Reference = p.Iterations[r.Reference].ID
		}
		in := map[string]bool{}
		for _, i := range r.Systems {
			rb.Systems = append(rb.Systems, p.Iterations[i].ID)
			in[p.Iterations[i].ID] = true
		}
		rbs, ins = append(rbs, rb), append(ins, in)
	}
	return rbs, ins
}

// AnalyseSubjects ranks the systems of every round on the subjects at the
// indexes idx (numbered as in Subjects), in that order.
func AnalyseSubjects(p *project.Project, s Settings, idx []int) []SubjectBoards {
	rbs, ins := rounds(p)
	out := make([]SubjectBoards, len(idx))
	for n, at := range idx {
		sb := SubjectBoards{Boards: make([]Subject, len(rbs)), OK: make([]bool, len(rbs))}
		for r, rb := range rbs {
			in := ins[r]
			if at < len(p.Metrics) {
				m := &p.Metrics[at]
				vals := &m.Values
				per := perItem(vals.Len(), func(k int) (string, string, float64) {
					return vals.IterationName(k), vals.ItemName(k), vals.Value[k]
				}, in)
				sb.Boards[r], sb.OK[r] = s.board(rb, per, m.Name, "metric", m.Direction == project.LowerIsBetter)
				continue
			}
			d := &p.Dimensions[at-len(p.Metrics)]
			if !d.Numeric {
				continue
			}
			per := perItem(d.Ratings.Len(), func(k int) (string, string, float64) {
				rs := &d.Ratings
				return rs.Iterations.Name(rs.Iteration[k]), rs.Items.Name(rs.Item[k]), rs.Value[k]
			}, in)
			sb.Boards[r], sb.OK[r] = s.board(rb, per, d.Name, "dimension", s.LowerDimensions[d.Name])
		}
		out[n] = sb
	}
	return out
}

// Assemble returns the Report of the boards of every subject, in the order
// of Subjects: each round's metric and dimension boards and the agreements
// between them.
func Assemble(p *project.Project, s Settings, subs []SubjectBoards) Report {
	var rep Report
	rbs, _ := rounds(p)
	for r, rb := range rbs {
		for n, sb := range subs {
			if !sb.OK[r] {
				continue
			}
			if n < len(p.Metrics) {
				rb.Metrics = append(rb.Metrics, sb.Boards[r])
			} else {
				rb.Dimensions = append(rb.Dimensions, sb.Boards[r])
			}
		}
		for _, m := range rb.Metrics {
			for _, d := range rb.Dimensions {
				rb.Agreements = append(rb.Agreements, SubjectAgreement{Metric: m.Name, Dimension: d.Name,
					Agreement: Correlate(m.Board, d.Board, m.Direction == "lower", d.Direction == "lower", s.Level)})
			}
		}
		rep.Rounds = append(rep.Rounds, rb)
	}
	return rep
}

// perItem averages the values of each (system, item) of the round's
// systems; at(k) returns the k-th value's iteration, item and value.
func perItem(n int, at func(k int) (string, string, float64), in map[string]bool) map[string]map[string]float64 {
	type acc struct {
		vals []float64
	}
	sums := map[string]map[string]*acc{}
	for k := range n {
		sys, item, v := at(k)
		if item == "" || !in[sys] || !stats.IsFinite(v) {
			continue
		}
		if sums[sys] == nil {
			sums[sys] = map[string]*acc{}
		}
		a := sums[sys][item]
		if a == nil {
			a = &acc{}
			sums[sys][item] = a
		}
		a.vals = append(a.vals, v)
	}
	out := map[string]map[string]float64{}
	for sys, items := range sums {
		out[sys] = make(map[string]float64, len(items))
		for item, a := range items {
			out[sys][item] = ExactMean(a.vals)
		}
	}
	return out
}

// board ranks the round's systems that have values in per.
func (s Settings) board(rb RoundBoard, per map[string]map[string]float64, name, kind string, lower bool) (Subject, bool) {
	var systems []string
	var values []map[string]float64
	for _, id := range rb.Systems {
		if v, ok := per[id]; ok {
			systems = append(systems, id)
			values = append(values, v)
		}
	}
	if len(systems) == 0 {
		return Subject{}, false
	}
	_, scores := Shared(values)
	if len(scores[0]) == 0 {
		return Subject{}, false
	}
	dir := "higher"
	if lower {
		dir = "lower"
	}
	b := Rank(systems, scores, Options{
		Level: s.Level, Resamples: s.Resamples, Alpha: s.Alpha, Correction: s.Correction,
		Seed: stats.Seed(s.Seed, "leaderboard", rb.Round, kind, name), LowerIsBetter: lower,
	})
	return Subject{Name: name, Kind: kind, Direction: dir, Board: b}, true
}
