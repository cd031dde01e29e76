package pairwise

import (
	"math"

	"github.com/evalbook/evalbook/internal/agreement"
	"gonum.org/v1/gonum/stat/distuv"
)

// category returns the agreement category of a judgement, read from the
// pair's lower-indexed system L and higher-indexed H whatever the order of
// A and B (0: L won, 1: a tie, 2: H won; a weighted judgement by its
// discrete outcome), and its unit: the item and the pair.
func category(j Judgement) (unit [3]int32, c int) {
	lo, hi, s := canonical(j)
	return [3]int32{j.Item, int32(lo), int32(hi)}, 1 + discrete(s)
}

// Alpha is Krippendorff's alpha among raters.
type Alpha struct {
	Alpha float64  `json:"alpha"` // NaN when undefined
	CI    Interval `json:"ci"`    // bootstrap percentile interval over units
	Units int      `json:"units"` // pairable units: (item, pair) judged at least twice
	// Pairable is the number of judgements in pairable units.
	Pairable int `json:"pairable"`
}

// RaterAlpha returns Krippendorff's alpha at the nominal level among the
// raters of js, on the categories "the lower-indexed system won", "tie"
// and "the higher-indexed system won" (weighted judgements by their
// discrete outcome): a unit is an item and a pair of systems, so two
// raters agree when they pick the same answer whatever order they saw the
// two in. It uses package agreement (New, Alpha, Bootstrap at Nominal)
// with resamples bootstrap resamples of the units from seed; resamples < 1
// leaves the interval NaN.
func RaterAlpha(js []Judgement, resamples int, level float64, seed uint64) Alpha {
	units := map[[3]int32]int{}
	ratings := make([]agreement.Rating, 0, len(js))
	for _, j := range js {
		key, c := category(j)
		u, ok := units[key]
		if !ok {
			u = len(units)
			units[key] = u
		}
		ratings = append(ratings, agreement.Rating{Unit: u, Rater: int(j.Rater), Value: float64(c)})
	}
	r := agreement.New(ratings)
	a := Alpha{Alpha: math.NaN(), CI: nanInterval(), Units: r.Units(), Pairable: r.Pairable()}
	if v, ok := r.Alpha(agreement.Nominal); ok {
		a.Alpha = v
	}
	if resamples >= 1 {
		if lo, hi, ok := r.Bootstrap(agreement.Nominal, resamples, level, seed); ok {
			a.CI = Interval{Low: lo, High: hi}
		}
	}
	return a
}

// GroupAgreement is the agreement of two groups of raters, such as people
// and a judge model, on the pairs both judged.
type GroupAgreement struct {
	// Units is the number of (item, pair) units both groups judged.
	Units int `json:"units"`
	// Table counts the units by the first group's category (row) and the
	// second's (column): lower-indexed system won, tie, higher won.
	Table [3][3]int `json:"table"`
	// Agreement is the share of units on which the groups' categories
	// agree, with Wilson's interval.
	Agreement float64  `json:"agreement"`
	CI        Interval `json:"ci"`
	// Kappa is Cohen's kappa of Table with its large-sample standard
	// error and Wald interval; NaN when undefined (agreement.CohenKappa).
	Kappa   float64  `json:"kappa"`
	KappaSE float64  `json:"kappa_se"`
	KappaCI Interval `json:"kappa_ci"`
}

// Groups compares two groups of raters, those for which inA and inB
// report true, on the units (an item and a pair of systems) both judged.
// A group's category on a unit is the discrete outcome of the mean score
// of its judgements there (read from the pair's lower-indexed system), so
// a single rater's is its own judgement and a group's is its majority in
// the sense of the mean. Agreement is the share of units with the same
// category and CI its Wilson interval; Kappa is agreement.CohenKappa
// (unweighted) of the 3 × 3 table, KappaSE agreement.CohenKappaSE and
// KappaCI Kappa ± z_{(1+level)/2} KappaSE.
func Groups(js []Judgement, inA, inB func(rater int32) bool, level float64) GroupAgreement {
	type acc struct{ sa, na, sb, nb float64 }
	units := map[[3]int32]*acc{}
	var keys [][3]int32
	for _, j := range js {
		a, b := inA(j.Rater), inB(j.Rater)
		if !a && !b {
			continue
		}
		lo, hi, s := canonical(j)
		key := [3]int32{j.Item, int32(lo), int32(hi)}
		u := units[key]
		if u == nil {
			u = &acc{}
			units[key] = u
			keys = append(keys, key)
		}
		if a {
			u.sa += s
			u.na++
		}
		if b {
			u.sb += s
			u.nb++
		}
	}
	g := GroupAgreement{Agreement: math.NaN(), CI: nanInterval(), Kappa: math.NaN(), KappaSE: math.NaN(), KappaCI: nanInterval()}
	agree := 0
	for _, key := range keys {
		u := units[key]
		if u.na == 0 || u.nb == 0 {
			continue
		}
		r, c := 1+discrete(u.sa/u.na), 1+discrete(u.sb/u.nb)
		g.Table[r][c]++
		g.Units++
		if r == c {
			agree++
		}
	}
	if g.Units == 0 {
		return g
	}
	g.Agreement = float64(agree) / float64(g.Units)
	g.CI = Wilson(g.Agreement, g.Units, level)
	table := make([][]float64, 3)
	for i := range table {
		table[i] = make([]float64, 3)
		for j := range table[i] {
			table[i][j] = float64(g.Table[i][j])
		}
	}
	if k, err := agreement.CohenKappa(table, agreement.Unweighted); err == nil {
		g.Kappa = k
		if se, err := agreement.CohenKappaSE(table); err == nil {
			z := distuv.UnitNormal.Quantile((1 + level) / 2)
			g.KappaSE = se
			g.KappaCI = Interval{Low: k - z*se, High: k + z*se}
		}
	}
	return g
}
