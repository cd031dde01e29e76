package render

import (
	"slices"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/pairwise"
	"github.com/evalbook/evalbook/internal/preference"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/route"
)

// pwSite is the pairwise part of a site: one view per pairwise dimension
// (Input.Preference's units of every judgement; per-round units beside
// them) and each dimension's judgements by item.
type pwSite struct {
	dims  []*pwView
	byDim map[string]*pwView
}

// pwView is a pairwise dimension's page.
type pwView struct {
	Unit   *preference.Unit   // every judgement of the dimension
	Rounds []*preference.Unit // per round (shape rounds)
	Name   string
	Label  string
	Path   string
	Matrix pwMatrix
	Ranks  []pwRank
	Items  []pwItemLink // judged items, by ID
	Others []*pwView    // the other pairwise dimensions
	// Comparisons are the iterations' win rates against their targets on
	// this dimension, from the experiment analysis (Kind "pairwise").
	Comparisons []*compView
	// items holds the dimension's judgements by item, in input order.
	items map[string][]project.Judgement
}

// pwMatrix is the head-to-head matrix: the win rate of the row's system
// over the column's.
type pwMatrix struct {
	Systems []*pwSys
	Rows    []pwRow
}

type pwSys struct {
	ID   string
	Iter *iterView // nil when the system has no page
}

type pwRow struct {
	System *pwSys
	Cells  []pwCell
}

// pwCell is one cell of the matrix. Judged is false for a pair never
// judged against each other (shown as such, never as 50%); Self marks the
// diagonal.
type pwCell struct {
	Self, Judged bool
	Rate         pairwise.WinRate // Rate.WinRateB is the row's win rate over the column
	Class        string           // "good" above 0.5, "bad" below, "flat" at 0.5
	Sig          bool             // the interval excludes 0.5
}

// pwRank is a system's Bradley-Terry strength with its Elo-like rating.
type pwRank struct {
	preference.Strength
	Sys   *pwSys
	Theta float64 // the strength
	Elo   float64
}

// pwItemLink is a judged item.
type pwItemLink struct {
	ID, Path string
	N        int // judgements
}

// pwData is the data of a pairwise dimension's page.
type pwData struct{ Dim *pwView }

// pwItemData is the data of an item's drill-down on a pairwise dimension.
type pwItemData struct {
	Dim      *pwView
	ID       string
	Input    string
	ItemPath string // the item's own page, "" when it has none
	Pairs    []pwItemPair
}

// pwItemPair is one pair of systems judged on the item: both answers and
// every judgement of them.
type pwItemPair struct {
	A, B       *pwSys
	OutA, OutB string
	HasA, HasB bool
	Judgements []pwJudgement
}

// pwJudgement is one judgement as a reader sees it, read from A and B of
// its pair (a judgement of (B, A) is turned round).
type pwJudgement struct {
	Rater   string
	Kind    string // the raters file's kind attribute ("person", "judge"), "" when unknown
	Winner  string // "A", "B" or "tie"
	PB      float64
	Weight  bool
	First   string // "A" or "B" when known
	Comment string
	Pos     project.Pos
}

// newPwSite makes the views of the pairwise pages from the analysis, the
// project's judgements and the iteration views of the systems.
func newPwSite(rep preference.Report, dims []project.PairwiseDimension, iterBy iterIndex) *pwSite {
	s := &pwSite{byDim: map[string]*pwView{}}
	for i := range rep.Units {
		u := &rep.Units[i]
		if u.Round != "" {
			if v := s.byDim[u.Dimension]; v != nil {
				v.Rounds = append(v.Rounds, u)
			}
			continue
		}
		v := &pwView{Unit: u, Name: u.Dimension, Label: u.Label, Path: route.Pairwise(u.Dimension), items: map[string][]project.Judgement{}}
		s.dims = append(s.dims, v)
		s.byDim[v.Name] = v
	}
	for _, d := range dims {
		v := s.byDim[d.Name]
		if v == nil {
			continue
		}
		for _, j := range d.Judgements {
			v.items[j.Item] = append(v.items[j.Item], j)
		}
		for _, id := range sortedKeysOf(v.items) {
			v.Items = append(v.Items, pwItemLink{ID: id, Path: route.PairwiseItem(d.Name, id), N: len(v.items[id])})
		}
	}
	for _, v := range s.dims {
		for _, o := range s.dims {
			if o != v {
				v.Others = append(v.Others, o)
			}
		}
		v.Matrix = newPwMatrix(v.Unit, iterBy)
		for _, st := range v.Unit.Strengths {
			v.Ranks = append(v.Ranks, pwRank{Strength: st, Sys: newPwSys(st.System, iterBy), Theta: st.Strength.Strength, Elo: pairwise.Elo(st.Strength.Strength)})
		}
	}
	return s
}

// newPwSys links the system id to its iteration view.
func newPwSys(id string, iterBy iterIndex) *pwSys { return &pwSys{ID: id, Iter: iterBy[id]} }

// newPwMatrix lays out the win rates of u: rows and columns in the order
// of the systems' Bradley-Terry ranks (the unit's system order where there
// is none).
func newPwMatrix(u *preference.Unit, iterBy iterIndex) pwMatrix {
	order := make([]string, 0, len(u.Systems))
	for _, s := range u.Strengths {
		order = append(order, s.System)
	}
	for _, s := range u.Systems {
		if !slices.Contains(order, s) {
			order = append(order, s)
		}
	}
	var m pwMatrix
	for _, s := range order {
		m.Systems = append(m.Systems, newPwSys(s, iterBy))
	}
	for _, row := range m.Systems {
		pr := pwRow{System: row}
		for _, col := range m.Systems {
			c := pwCell{Self: row.ID == col.ID}
			if !c.Self {
				c.Rate, c.Judged = u.Pair(col.ID, row.ID)
			}
			if c.Judged {
				c.Class, c.Sig = rateClass(c.Rate)
			}
			pr.Cells = append(pr.Cells, c)
		}
		m.Rows = append(m.Rows, pr)
	}
	return m
}

// rateClass reads a win rate: good above 0.5, bad below, flat at it, and
// whether its interval excludes 0.5.
func rateClass(w pairwise.WinRate) (string, bool) {
	sig := w.CI.Low > 0.5 || w.CI.High < 0.5
	switch {
	case w.WinRateB > 0.5:
		return "good", sig
	case w.WinRateB < 0.5:
		return "bad", sig
	}
	return "flat", sig
}

// pwSystemRow is one opponent on a system's page: the system's record
// against it on one pairwise dimension.
type pwSystemRow struct {
	Dim      *pwView
	Opponent *pwSys
	Rate     pairwise.WinRate // WinRateB is the system's win rate over Opponent
	Class    string
	Sig      bool
}

// pwOfSystem returns the system's head-to-head records on every pairwise
// dimension, opponents in the matrix's order.
func pwOfSystem(pw *pwSite, id string) []pwSystemRow {
	if pw == nil {
		return nil
	}
	var out []pwSystemRow
	for _, v := range pw.dims {
		for _, o := range v.Matrix.Systems {
			if o.ID == id {
				continue
			}
			if w, ok := v.Unit.Pair(o.ID, id); ok {
				c, sig := rateClass(w)
				out = append(out, pwSystemRow{Dim: v, Opponent: o, Rate: w, Class: c, Sig: sig})
			}
		}
	}
	return out
}

// pwPage builds a pairwise dimension's page from its view.
func pwPage(f frame, v *pwView) *page {
	return f.newPage(v.Path, v.Label+": side by side", "pairwise", &pwData{Dim: v})
}

// pwItemInputs is what an item's drill-down on a pairwise dimension reads.
type pwItemInputs struct {
	dim      *pwView         // the dimension, with the item's judgements
	item     *project.Item   // the item's texts, nil when the project has none
	itemPage bool            // the item has an item page
	raters   []project.Rater // their kinds
	iterBy   iterIndex
}

// pwItemPage builds the drill-down of one item on a pairwise dimension.
func pwItemPage(f frame, id string, in pwItemInputs) *page {
	v := in.dim
	d := &pwItemData{Dim: v, ID: id}
	it := in.item
	if in.itemPage {
		d.ItemPath = route.Item(id)
	}
	if it != nil {
		d.Input = it.Input
	}
	kind := map[string]string{}
	for _, rt := range in.raters {
		kind[rt.ID] = rt.Attrs[preference.KindAttr]
	}
	at := map[[2]string]int{}
	for _, j := range v.items[id] {
		a, b, pb, first := j.SystemA, j.SystemB, j.P, j.First
		if !hasPair(at, a, b) && hasPair(at, b, a) {
			// Read every judgement of a pair from the side of its first.
			a, b, pb = b, a, 1-pb
			first = map[string]string{"a": "b", "b": "a"}[first]
		}
		key := [2]string{a, b}
		k, ok := at[key]
		if !ok {
			k = len(d.Pairs)
			at[key] = k
			p := pwItemPair{A: newPwSys(a, in.iterBy), B: newPwSys(b, in.iterBy)}
			p.OutA, p.HasA = outputOf(it, a)
			p.OutB, p.HasB = outputOf(it, b)
			d.Pairs = append(d.Pairs, p)
		}
		pj := pwJudgement{Rater: j.Rater, Kind: kind[j.Rater], PB: pb, Weight: j.Weighted, Comment: j.Comment, Pos: j.Pos}
		switch {
		case pb > 0.5:
			pj.Winner = "B"
		case pb < 0.5:
			pj.Winner = "A"
		default:
			pj.Winner = "tie"
		}
		switch first {
		case "a":
			pj.First = "A"
		case "b":
			pj.First = "B"
		}
		d.Pairs[k].Judgements = append(d.Pairs[k].Judgements, pj)
	}
	return f.newPage(route.PairwiseItem(v.Name, id), v.Label+": item "+id, "pairwise", d)
}

func hasPair(at map[[2]string]int, a, b string) bool {
	_, ok := at[[2]string{a, b}]
	return ok
}

// projectItem returns the item id of items (sorted by ID), or nil.
func projectItem(items []project.Item, id string) *project.Item {
	i, ok := slices.BinarySearchFunc(items, id, func(it project.Item, id string) int {
		switch {
		case it.ID < id:
			return -1
		case it.ID > id:
			return 1
		}
		return 0
	})
	if !ok {
		return nil
	}
	return &items[i]
}

// outputOf returns the output of system s for the item, if it has one.
func outputOf(it *project.Item, s string) (string, bool) {
	if it == nil {
		return "", false
	}
	for _, o := range it.Outputs {
		if o.Iteration == s {
			return o.Text, true
		}
	}
	return "", false
}

func sortedKeysOf[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// apiPairwise is api/pairwise.json.
type apiPairwise struct {
	SchemaVersion int             `json:"schema_version"`
	Confidence    float64         `json:"confidence"`
	Units         []apiPwUnit     `json:"units"`
	Records       []apiPwRecord   `json:"records"`
	BradleyTerry  []apiPwStrength `json:"bradley_terry"`
	Through       []apiPwThrough  `json:"through_hub"`
	Comparisons   []apiComparison `json:"comparisons"`
	Quality       []apiPwQuality  `json:"quality"`
}

// apiPwUnit describes one dimension (and round).
type apiPwUnit struct {
	Dimension  string   `json:"dimension"`
	Round      string   `json:"round"`
	Judgements int      `json:"judgements"`
	Items      int      `json:"items"`
	Raters     []string `json:"raters"`
	Systems    []string `json:"systems"`
	Reference  string   `json:"reference"`
	Star       bool     `json:"star"`
	Page       string   `json:"page"`
}

// apiPwRecord is one pair's head-to-head record: B's win rate over A.
// Slice is "" for every judgement, else the records of one slice.
type apiPwRecord struct {
	Dimension     string   `json:"dimension"`
	Round         string   `json:"round"`
	Slice         string   `json:"slice"`
	SystemA       string   `json:"system_a"`
	SystemB       string   `json:"system_b"`
	N             int      `json:"n"`
	WinsA         int      `json:"wins_a"`
	WinsB         int      `json:"wins_b"`
	Ties          int      `json:"ties"`
	Weighted      bool     `json:"weighted"`
	WinRateB      *float64 `json:"win_rate_b"`
	CILow         *float64 `json:"ci_low"`
	CIHigh        *float64 `json:"ci_high"`
	StandardError *float64 `json:"standard_error"`
	Method        string   `json:"interval"`
	Discrete      *float64 `json:"discrete_win_rate_b"`
}

type apiPwStrength struct {
	Dimension  string   `json:"dimension"`
	Round      string   `json:"round"`
	System     string   `json:"system"`
	Component  int      `json:"component"`
	Judgements int      `json:"judgements"`
	Strength   *float64 `json:"strength"`
	CILow      *float64 `json:"ci_low"`
	CIHigh     *float64 `json:"ci_high"`
	Elo        *float64 `json:"elo"`
	Rank       int      `json:"rank"`
	RankLow    int      `json:"rank_low"`
	RankHigh   int      `json:"rank_high"`
}

type apiPwThrough struct {
	Dimension string   `json:"dimension"`
	Round     string   `json:"round"`
	Hub       string   `json:"hub"`
	X         string   `json:"system_x"`
	Y         string   `json:"system_y"`
	N         int      `json:"n"`
	Diff      *float64 `json:"diff"`
	CILow     *float64 `json:"ci_low"`
	CIHigh    *float64 `json:"ci_high"`
	P         *float64 `json:"p"`
}

type apiPwRate struct {
	Rater         string   `json:"rater,omitempty"`
	N             int      `json:"n"`
	Rate          *float64 `json:"rate"`
	StandardError *float64 `json:"standard_error"`
	CILow         *float64 `json:"ci_low"`
	CIHigh        *float64 `json:"ci_high"`
}

type apiPwQuality struct {
	Dimension string       `json:"dimension"`
	Round     string       `json:"round"`
	Position  []apiPwRate  `json:"position_bias"`
	Length    *apiPwLength `json:"length_bias"`
	Self      []apiPwSelf  `json:"self_preference"`
	Alpha     *float64     `json:"alpha"`
	AlphaLow  *float64     `json:"alpha_ci_low"`
	AlphaHigh *float64     `json:"alpha_ci_high"`
	Units     int          `json:"alpha_units"`
	Groups    *apiPwGroups `json:"people_vs_judges"`
}

type apiPwLength struct {
	N             int      `json:"n"`
	Items         int      `json:"items"`
	Per           int      `json:"per_characters"`
	Slope         *float64 `json:"slope"`
	StandardError *float64 `json:"standard_error"`
	CILow         *float64 `json:"ci_low"`
	CIHigh        *float64 `json:"ci_high"`
	P             *float64 `json:"p"`
}

type apiPwSelf struct {
	Judge  string    `json:"judge"`
	Self   apiPwRate `json:"self"`
	Others apiPwRate `json:"others"`
	Diff   *float64  `json:"diff"`
	CILow  *float64  `json:"ci_low"`
	CIHigh *float64  `json:"ci_high"`
}

type apiPwGroups struct {
	Units       int       `json:"units"`
	Table       [3][3]int `json:"table"`
	Agreement   *float64  `json:"agreement"`
	CILow       *float64  `json:"ci_low"`
	CIHigh      *float64  `json:"ci_high"`
	Kappa       *float64  `json:"kappa"`
	KappaSE     *float64  `json:"kappa_se"`
	KappaCILow  *float64  `json:"kappa_ci_low"`
	KappaCIHigh *float64  `json:"kappa_ci_high"`
}

func pwRecord(dim, round, slice string, p preference.Pair) apiPwRecord {
	w := p.Rate
	return apiPwRecord{Dimension: dim, Round: round, Slice: slice, SystemA: p.SystemA, SystemB: p.SystemB,
		N: w.N, WinsA: w.WinsA, WinsB: w.WinsB, Ties: w.Ties, Weighted: w.Weighted,
		WinRateB: fig(w.WinRateB), CILow: fig(w.CI.Low), CIHigh: fig(w.CI.High), StandardError: fig(w.StandardError),
		Method: w.Method, Discrete: fig(w.Discrete)}
}

func pwRate(rater string, r pairwise.Rate) apiPwRate {
	return apiPwRate{Rater: rater, N: r.N, Rate: fig(r.Rate), StandardError: fig(r.StandardError), CILow: fig(r.CI.Low), CIHigh: fig(r.CI.High)}
}

// pairwiseAPI returns api/pairwise.json.
func pairwiseAPI(cfg *config.Config, rep preference.Report, compSubj map[string][]*compView) apiPairwise {
	out := apiPairwise{SchemaVersion: schemaVersion, Confidence: cfg.Analysis.Confidence, Units: []apiPwUnit{},
		Records: []apiPwRecord{}, BradleyTerry: []apiPwStrength{}, Through: []apiPwThrough{}, Comparisons: []apiComparison{}, Quality: []apiPwQuality{}}
	for _, u := range rep.Units {
		out.Units = append(out.Units, apiPwUnit{Dimension: u.Dimension, Round: u.Round, Judgements: u.Judgements, Items: u.Items,
			Raters: nonNil(u.Raters), Systems: nonNil(u.Systems), Reference: u.Reference, Star: u.Star, Page: route.Pairwise(u.Dimension)})
		for _, p := range u.Pairs {
			out.Records = append(out.Records, pwRecord(u.Dimension, u.Round, "", p))
		}
		for _, s := range u.Slices {
			for _, p := range s.Pairs {
				out.Records = append(out.Records, pwRecord(u.Dimension, u.Round, s.Slice, p))
			}
		}
		for _, s := range u.Strengths {
			out.BradleyTerry = append(out.BradleyTerry, apiPwStrength{Dimension: u.Dimension, Round: u.Round, System: s.System,
				Component: s.Component, Judgements: s.N, Strength: fig(s.Strength.Strength), CILow: fig(s.CILow), CIHigh: fig(s.CIHigh),
				Elo: fig(pairwise.Elo(s.Strength.Strength)), Rank: s.Rank, RankLow: s.RankLow, RankHigh: s.RankHigh})
		}
		for _, t := range u.Through {
			out.Through = append(out.Through, apiPwThrough{Dimension: u.Dimension, Round: u.Round, Hub: u.Reference, X: t.X, Y: t.Y,
				N: t.N, Diff: fig(t.Diff), CILow: fig(t.CI.Low), CIHigh: fig(t.CI.High), P: fig(t.P)})
		}
		if u.Round == "" {
			out.Comparisons = append(out.Comparisons, comparisonsAPI(compSubj[subjectKey(kindPairwise, u.Dimension)])...)
		}
		q := u.Quality
		aq := apiPwQuality{Dimension: u.Dimension, Round: u.Round, Position: []apiPwRate{}, Self: []apiPwSelf{},
			Alpha: fig(q.Alpha.Alpha), AlphaLow: fig(q.Alpha.CI.Low), AlphaHigh: fig(q.Alpha.CI.High), Units: q.Alpha.Units}
		for _, p := range q.Position {
			aq.Position = append(aq.Position, pwRate(p.Rater, p.Rate))
		}
		if l := q.Length; l != nil {
			aq.Length = &apiPwLength{N: l.N, Items: l.Items, Per: preference.LengthUnit, Slope: fig(l.Slope), StandardError: fig(l.StandardError),
				CILow: fig(l.CI.Low), CIHigh: fig(l.CI.High), P: fig(l.P)}
		}
		for _, s := range q.Self {
			aq.Self = append(aq.Self, apiPwSelf{Judge: s.Judge, Self: pwRate("", s.Self), Others: pwRate("", s.Others),
				Diff: fig(s.Diff), CILow: fig(s.CI.Low), CIHigh: fig(s.CI.High)})
		}
		if g := q.Groups; g != nil {
			aq.Groups = &apiPwGroups{Units: g.Units, Table: g.Table, Agreement: fig(g.Agreement), CILow: fig(g.CI.Low), CIHigh: fig(g.CI.High),
				Kappa: fig(g.Kappa), KappaSE: fig(g.KappaSE), KappaCILow: fig(g.KappaCI.Low), KappaCIHigh: fig(g.KappaCI.High)}
		}
		out.Quality = append(out.Quality, aq)
	}
	return out
}
