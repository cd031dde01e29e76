package agreement

import (
	"errors"
	"fmt"
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
	return New(ratings).PercentAgreement()
}

// PercentAgreement is the package function PercentAgreement of the ratings
// r was made from.
func (r *Reliability) PercentAgreement() (float64, bool) {
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

// ErrUnequalRaters says that Fleiss' kappa does not apply to the data: its
// items must all have the same number (at least two) of ratings.
var ErrUnequalRaters = errors.New("Fleiss' kappa needs the same number (at least two) of ratings for every item")

// FleissKappa returns Fleiss' kappa (J. L. Fleiss, "Measuring nominal scale
// agreement among many raters", Psychological Bulletin 76(5), 1971) from
// counts[i][k], the number of raters who put item i in category k. Every
// item must have the same number n >= 2 of ratings, else the error wraps
// ErrUnequalRaters. With N items,
//
//	P_i = (sum_k n_ik^2 - n) / (n (n - 1)),   p_k = sum_i n_ik / (N n),
//	kappa = (mean_i P_i - sum_k p_k^2) / (1 - sum_k p_k^2).
//
// It is an error when there is no item, when rows differ in length or hold
// a negative count, and when every rating is in one category (kappa is then
// 0/0).
func FleissKappa(counts [][]int) (float64, error) {
	if len(counts) == 0 {
		return 0, errors.New("Fleiss' kappa needs at least one item")
	}
	K := len(counts[0])
	n := 0
	for _, c := range counts[0] {
		n += c
	}
	p := make([]float64, K)
	var pBar float64
	for i, row := range counts {
		if len(row) != K {
			return 0, fmt.Errorf("Fleiss' kappa: item %d has %d categories, item 0 has %d", i, len(row), K)
		}
		m, sq := 0, 0
		for k, c := range row {
			if c < 0 {
				return 0, fmt.Errorf("Fleiss' kappa: item %d has a negative count %d", i, c)
			}
			m += c
			sq += c * c
			p[k] += float64(c)
		}
		if m != n || n < 2 {
			return 0, fmt.Errorf("item %d has %d ratings, item 0 has %d: %w", i, m, n, ErrUnequalRaters)
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

// Weighting is how Cohen's kappa credits partial agreement between
// ordered categories.
type Weighting int

const (
	Unweighted Weighting = iota // w_ij = [i = j]: credit only for exact agreement
	Linear                      // w_ij = 1 - |i-j|/(k-1) (Cicchetti and Allison 1971)
	Quadratic                   // w_ij = 1 - ((i-j)/(k-1))^2 (Fleiss and Cohen 1973)
)

// CohenKappa returns Cohen's kappa of a square contingency table:
// table[i][j] counts the items rater A put in category i and rater B in
// category j, with the k categories in their order. With p_ij the table
// divided by its total, p_i. and p_.j its row and column sums, and the
// agreement weights w_ij of the weighting,
//
//	p_o = sum_ij w_ij p_ij,   p_e = sum_ij w_ij p_i. p_.j,
//	kappa = (p_o - p_e) / (1 - p_e).
//
// Unweighted, this is J. Cohen, "A coefficient of agreement for nominal
// scales", Educational and Psychological Measurement 20(1), 1960; weighted,
// J. Cohen, "Weighted kappa", Psychological Bulletin 70(4), 1968. It is an
// error when the table is not square, has fewer than two categories, a
// negative cell or no items, or when chance agreement p_e is 1.
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
			if x < 0 || math.IsNaN(x) {
				return 0, fmt.Errorf("Cohen's kappa: cell (%d, %d) is %v; want a count", i, j, x)
			}
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

// weight returns the agreement weight w_ij of k categories.
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

// CohenKappaSE returns the large-sample standard error of unweighted
// Cohen's kappa of a square contingency table (see CohenKappa), the one SAS
// reports as ASE and uses for its Wald interval kappa +- z * se. With n items,
// p_ij, p_i., p_.j, p_o and p_e as in CohenKappa,
//
//	A = sum_i p_ii (1 - (p_i. + p_.i)(1 - kappa))^2
//	B = (1 - kappa)^2 sum_{i != j} p_ij (p_.i + p_j.)^2
//	C = (kappa - p_e (1 - kappa))^2
//	se = sqrt(A + B - C) / ((1 - p_e) sqrt(n)),
//
// from J. L. Fleiss, J. Cohen and B. S. Everitt, "Large sample standard
// errors of kappa and weighted kappa", Psychological Bulletin 72(5), 1969.
// The errors are CohenKappa's.
func CohenKappaSE(table [][]float64) (float64, error) {
	kappa, err := CohenKappa(table, Unweighted)
	if err != nil {
		return 0, err
	}
	k := len(table)
	var n float64
	rows, cols := make([]float64, k), make([]float64, k)
	for i, row := range table {
		for j, x := range row {
			n += x
			rows[i] += x
			cols[j] += x
		}
	}
	var pe float64
	for i := range k {
		rows[i] /= n
		cols[i] /= n
		pe += rows[i] * cols[i]
	}
	var a, b float64
	for i := range k {
		for j := range k {
			p := table[i][j] / n
			if i == j {
				d := 1 - (rows[i]+cols[i])*(1-kappa)
				a += p * d * d
				continue
			}
			s := cols[i] + rows[j]
			b += p * s * s
		}
	}
	b *= (1 - kappa) * (1 - kappa)
	c := kappa - pe*(1-kappa)
	v := max(a+b-c*c, 0)
	return math.Sqrt(v) / ((1 - pe) * math.Sqrt(n)), nil
}
