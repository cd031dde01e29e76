package render

import (
	"cmp"
	"fmt"
	"github.com/evalbook/evalbook/internal/route"
	"math"
	"slices"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/leaderboard"
	"github.com/evalbook/evalbook/internal/preference"
	"github.com/evalbook/evalbook/internal/project"
)

// boardView is one round's leaderboard with its page.
type boardView struct {
	leaderboard.RoundBoard
	Path      string
	Title     string // "Leaderboard", or "Round r1"
	Reference *iterView
	Systems   []*iterView
	Subjects  []subjectBoard // metrics, then dimensions
	Ranks     []rankRow      // every system's rank on every subject, side by side
	Agree     []agreeRow
}

// HasPairwise reports whether a subject of the board is a pairwise
// dimension.
func (b *boardView) HasPairwise() bool {
	for _, s := range b.Subjects {
		if s.Pairwise {
			return true
		}
	}
	return false
}

// subjectBoard is one subject's ranking on a leaderboard page.
type subjectBoard struct {
	leaderboard.Subject
	Label, Unit, Path string
	Human             bool
	Pairwise          bool // a pairwise dimension's Bradley-Terry strengths
	Rows              []boardRow
}

// boardRow is one system on a subject's ranking.
type boardRow struct {
	leaderboard.Entry
	Iter      *iterView
	Reference bool
	NewGroup  bool // the first system of a group after the first
}

// rankRow is one system's ranks on every subject of a round, in the order
// of boardView.Subjects; nil where the subject does not rank the system.
type rankRow struct {
	Iter      *iterView
	Reference bool
	Cells     []*leaderboard.Entry
}

// agreeRow is the system-level agreement of a metric's ranking with a
// dimension's.
type agreeRow struct {
	Metric, Dimension subjectBoard
	leaderboard.Agreement
}

// newBoards makes the views of the leaderboard pages: one page for
// a project of systems (leaderboard/index.html), one per round for a
// project of rounds (leaderboard/<Slug(round)>.html, listed by
// leaderboard/index.html).
// It reads the views of the iterations, metrics, dimensions and pairwise
// dimensions the boards rank.
func newBoards(rep leaderboard.Report, shape project.Shape, iterBy iterIndex, metric metricIndex,
	dim dimIndex, pw map[string]*pwView) []*boardView {
	var boards []*boardView
	for _, rb := range rep.Rounds {
		v := &boardView{RoundBoard: rb, Path: route.Leaderboards, Title: "Leaderboard", Reference: iterBy[rb.Reference]}
		if shape == project.ShapeRounds {
			v.Path, v.Title = route.Leaderboard(rb.Round), "Round "+rb.Round
		}
		for _, id := range rb.Systems {
			v.Systems = append(v.Systems, iterBy[id])
		}
		var subs []leaderboard.Subject
		subs = append(append(append(subs, rb.Metrics...), rb.Dimensions...), rb.Pairwise...)
		for _, s := range subs {
			v.Subjects = append(v.Subjects, newSubjectBoard(s, rb.Reference, iterBy, metric, dim, pw))
		}
		for _, it := range v.Systems {
			row := rankRow{Iter: it, Reference: it.ID == rb.Reference}
			for _, s := range v.Subjects {
				var cell *leaderboard.Entry
				for i := range s.Rows {
					if s.Rows[i].System == it.ID {
						cell = &s.Rows[i].Entry
					}
				}
				row.Cells = append(row.Cells, cell)
			}
			v.Ranks = append(v.Ranks, row)
		}
		// Rows in the order of the first ranking, systems it lacks last.
		slices.SortStableFunc(v.Ranks, func(a, b rankRow) int {
			return cmp.Compare(firstRank(a), firstRank(b))
		})
		for _, a := range rb.Agreements {
			v.Agree = append(v.Agree, agreeRow{
				Metric: newSubjectBoard(leaderboard.Subject{Name: a.Metric, Kind: kindMetric}, "", iterBy, metric, dim, pw), Dimension: newSubjectBoard(leaderboard.Subject{Name: a.Dimension, Kind: kindDimension}, "", iterBy, metric, dim, pw),
				Agreement: a.Agreement,
			})
		}
		boards = append(boards, v)
	}
	return boards
}

// newSubjectBoard labels a subject's ranking and marks its groups.
func newSubjectBoard(s leaderboard.Subject, reference string, iterBy iterIndex, metric metricIndex,
	dim dimIndex, pw map[string]*pwView) subjectBoard {
	sb := subjectBoard{Subject: s, Label: s.Name, Human: s.Kind == kindDimension}
	if m := metric[s.Name]; m != nil && !sb.Human {
		sb.Label, sb.Unit, sb.Path = m.Label, m.Unit, m.Path
	}
	if d := dim[s.Name]; d != nil && sb.Human {
		sb.Label, sb.Path = d.Label, d.Path
	}
	if v := pw[s.Name]; v != nil && s.Kind == preference.KindPairwise {
		sb.Label, sb.Path, sb.Pairwise = v.Label, v.Path, true
	}
	for i, e := range s.Entries {
		sb.Rows = append(sb.Rows, boardRow{Entry: e, Iter: iterBy[e.System], Reference: e.System == reference,
			NewGroup: i > 0 && e.Group != s.Entries[i-1].Group})
	}
	return sb
}

// boardOf returns the leaderboard of boards that ranks iteration id, or
// nil.
func boardOf(boards []*boardView, id string) *boardView {
	for _, b := range boards {
		for _, s := range b.Systems {
			if s != nil && s.ID == id {
				return b
			}
		}
	}
	return nil
}

// leaderboardData is the data of a leaderboard page; Rounds is set on the
// list of rounds instead.
type leaderboardData struct {
	Board  *boardView
	Rounds []*boardView
}

// leaderboardPage builds a round's leaderboard, the one at the site path
// p (Deps: every name and result).
func leaderboardPage(f frame, p string, boards []*boardView) (*page, error) {
	for _, b := range boards {
		if b.Path == p {
			return f.newPage(b.Path, b.Title, "leaderboard", &leaderboardData{Board: b}), nil
		}
	}
	return nil, fmt.Errorf("no leaderboard at %s", p)
}

// roundsPage builds the list of rounds' leaderboards.
func roundsPage(f frame, p string, boards []*boardView) *page {
	return f.newPage(p, "Rounds", "leaderboard", &leaderboardData{Rounds: boards})
}

// apiLeaderboard is api/leaderboard.json.
type apiLeaderboard struct {
	SchemaVersion int                 `json:"schema_version"`
	Confidence    float64             `json:"confidence"`
	Shape         string              `json:"shape"`
	Boards        []apiBoard          `json:"boards"`
	Records       []apiBoardRecord    `json:"records"`
	Correlations  []apiBoardAgreement `json:"correlations"`
}

// apiBoard describes one subject's ranking in one round.
type apiBoard struct {
	Round     string `json:"round"`
	Reference string `json:"reference"`
	Kind      string `json:"kind"`
	Subject   string `json:"subject"`
	Direction string `json:"direction"`
	N         int    `json:"n"`
	Systems   int    `json:"systems"`
	Tests     int    `json:"tests"`
	Page      string `json:"page"`
}

// apiBoardRecord is one system on one subject's ranking in one round.
type apiBoardRecord struct {
	Round   string `json:"round"`
	Kind    string `json:"kind"`
	Subject string `json:"subject"`
	leaderboard.Entry
}

// apiBoardAgreement is the system-level correlation of a metric's and a
// dimension's rankings in one round; null where undefined.
type apiBoardAgreement struct {
	Round       string   `json:"round"`
	Metric      string   `json:"metric"`
	Dimension   string   `json:"dimension"`
	Systems     int      `json:"systems"`
	Kendall     *float64 `json:"kendall_tau_b"`
	KendallLow  *float64 `json:"kendall_ci_low"`
	KendallHigh *float64 `json:"kendall_ci_high"`
	Pearson     *float64 `json:"pearson"`
	PearsonLow  *float64 `json:"pearson_ci_low"`
	PearsonHigh *float64 `json:"pearson_ci_high"`
}

// leaderboardAPI returns api/leaderboard.json.
func leaderboardAPI(cfg *config.Config, boards []*boardView) apiLeaderboard {
	out := apiLeaderboard{SchemaVersion: schemaVersion, Confidence: cfg.Analysis.Confidence,
		Shape: cfg.Project.Shape, Boards: []apiBoard{}, Records: []apiBoardRecord{}, Correlations: []apiBoardAgreement{}}
	for _, b := range boards {
		for _, s := range b.Subjects {
			n := 0
			if len(s.Entries) > 0 {
				n = s.Entries[0].N
			}
			out.Boards = append(out.Boards, apiBoard{Round: b.Round, Reference: b.RoundBoard.Reference, Kind: s.Kind, Subject: s.Name,
				Direction: s.Direction, N: n, Systems: len(s.Entries), Tests: s.Tests, Page: b.Path})
			for _, e := range s.Entries {
				out.Records = append(out.Records, apiBoardRecord{Round: b.Round, Kind: s.Kind, Subject: s.Name, Entry: e})
			}
		}
		for _, a := range b.Agree {
			ra := apiBoardAgreement{Round: b.Round, Metric: a.Metric.Name, Dimension: a.Dimension.Name, Systems: a.Systems}
			if a.Kendall.OK {
				ra.Kendall = &a.Kendall.Coef
			}
			if a.Kendall.CIOK {
				ra.KendallLow, ra.KendallHigh = &a.Kendall.Low, &a.Kendall.High
			}
			if a.Pearson.OK {
				ra.Pearson = &a.Pearson.Coef
			}
			if a.Pearson.CIOK {
				ra.PearsonLow, ra.PearsonHigh = &a.Pearson.Low, &a.Pearson.High
			}
			out.Correlations = append(out.Correlations, ra)
		}
	}
	return out
}

// rankRange words a rank range: "1", or "1–3".
func rankRange(lo, hi int) string {
	if lo == hi {
		return fmt.Sprint(lo)
	}
	return fmt.Sprintf("%d–%d", lo, hi)
}

// firstRank is a row's rank on its first subject; +Inf when unranked.
func firstRank(r rankRow) float64 {
	if len(r.Cells) == 0 || r.Cells[0] == nil {
		return math.Inf(1)
	}
	return float64(r.Cells[0].Rank)
}
