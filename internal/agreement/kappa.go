package agreement

import (
	"errors"
	"math"
)

// PercentAgreement returns the share of agreeing pairs among the ordered
// pairs of values within units, over the pairable units:
//
//	sum_u sum_c n_uc (n_uc - 1) / sum_u m_u (m_u - 1)
//
// It is false when no unit has two ratings. Unlike alpha it makes no
// allowance for agreement by chance.
func PercentAgreement(ratings []Rating) (float64, bool) {
	r := New(ratings)
	var agree, pairs float64
	for p, k := range r.mult {
		_, cnt, m := r.profile(p)
		pairs += k * m * (m - 1)
		for _, c := range cnt {
			agree += k * c * (c - 1)
		}
	}
	if pairs == 0 {
		return 0, false
	}
	return agree / pairs, true
}

// ErrUnequalRaters says Fleiss' kappa does not apply: its items must all
// have the same number of ratings.
var ErrUnequalRaters = errors.New("Fleiss' kappa needs the same number of ratings for every item")

// FleissKappa returns Fleiss' (1971) kappa from counts[i][k], the number of
// raters who put item i in category k. Every item must have the same number
// n >= 2 of ratings (else ErrUnequalRaters). With N items,
//
//	P_i = (sum_k n_ik^2 - n) / (n (n - 1)),   p_k = sum_i n_ik / (N n),
//	kappa = (mean P_i - sum p_k^2) / (1 - sum p_k^2).
func FleissKappa(counts [][]int) (float64, error) {
	if len(counts) == 0 {
		return 0, errors.New("Fleiss' kappa needs at least one item")
	}
	n := 0
	for _, c := range counts[0] {
		n += c
	}
	if n < 2 {
		return 0, ErrUnequalRaters
	}
	p := make([]float64, len(counts[0]))
	var pBar float64
	for _, row := range counts {
		if len(row) != len(p) {
			return 0, errors.New("Fleiss' kappa: rows have different numbers of categories")
		}
		m, sq := 0, 0
		for k, c := range row {
			m += c
			sq += c * c
			p[k] += float64(c)
		}
		if m != n {
			return 0, ErrUnequalRaters
		}
		pBar += float64(sq-n) / float64(n*(n-1))
	}
	N := float64(len(counts))
	pBar /= N
	var pe float64
	for _, x := range p {
		x /= N * float64(n)
		pe += x * x
	}
	if pe == 1 {
		return 0, errors.New("Fleiss' kappa is undefined: every rating is in one category")
	}
	return (pBar - pe) / (1 - pe), nil
}

// Weighting of disagreements for Cohen's kappa.
type Weighting int

const (
	Unweighted Weighting = iota // credit only for exact agreement
	Linear                      // credit 1 - |i-j|/(k-1)  (Cicchetti and Allison 1971)
	Quadratic                   // credit 1 - ((i-j)/(k-1))^2  (Fleiss and Cohen 1973)
)

// CohenKappa returns Cohen's kappa (1960; weighted, 1968) of a square
// contingency table: table[i][j] counts the items rater A put in category i
// and rater B in category j, categories in their order. With p_ij the table
// divided by its total and agreement weights w_ij,
//
//	p_o = sum w_ij p_ij,   p_e = sum w_ij p_i. p_.j,   kappa = (p_o - p_e) / (1 - p_e).
func CohenKappa(table [][]float64, w Weighting) (float64, error) {
	k := len(table)
	if k < 2 {
		return 0, errors.New("Cohen's kappa needs at least two categories")
	}
	var total float64
	rows, cols := make([]float64, k), make([]float64, k)
	for i, row := range table {
		if len(row) != k {
			return 0, errors.New("Cohen's kappa needs a square table")
		}
		for j, x := range row {
			total += x
			rows[i] += x
			cols[j] += x
		}
	}
	if total == 0 {
		return 0, errors.New("Cohen's kappa needs at least one rated item")
	}
	var po, pe float64
	for i := range table {
		for j := range table {
			wt := weight(i, j, k, w)
			po += wt * table[i][j] / total
			pe += wt * rows[i] * cols[j] / (total * total)
		}
	}
	if pe == 1 {
		return 0, errors.New("Cohen's kappa is undefined: chance agreement is 1")
	}
	return (po - pe) / (1 - pe), nil
}

func weight(i, j, k int, w Weighting) float64 {
	d := math.Abs(float64(i-j)) / float64(k-1)
	switch w {
	case Linear:
		return 1 - d
	case Quadratic:
		return 1 - d*d
	}
	if i == j {
		return 1
	}
	return 0
}
