// Package agreement measures how far raters agree: Krippendorff's alpha at
// four levels of measurement with bootstrap confidence intervals, Fleiss'
// kappa, Cohen's kappa (unweighted, linear and quadratic weights) and raw
// percent agreement. The functions are pure: no I/O, no project types, and
// the same input always gives the same output.
//
// # Krippendorff's alpha
//
// Following Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability"
// (Annenberg School for Communication, University of Pennsylvania), the
// ratings are reduced to a coincidence matrix over the V distinct values. A
// unit u with m_u >= 2 ratings, n_uc of them with value c, contributes
//
//	o_ck(u) = n_uc (n_uk - [c = k]) / (m_u - 1)
//
// Units with a single rating are not pairable and drop out. With the
// marginals n_c = sum_k o_ck = sum_u n_uc and n = sum_c n_c,
//
//	alpha = 1 - D_o / D_e = 1 - (n - 1) sum_ck o_ck d_ck / sum_ck n_c n_k d_ck
//
// where d_ck is the squared difference function of the level:
//
//	nominal   d_ck = [c != k]
//	ordinal   d_ck = (sum_{g=c..k} n_g - (n_c + n_k)/2)^2
//	interval  d_ck = (c - k)^2
//	ratio     d_ck = ((c - k) / (c + k))^2
//
// Alpha is 1 for perfect agreement, 0 when agreement is what chance gives,
// negative for systematic disagreement, and undefined when there is no
// pairable value or no variation at all (D_e = 0).
//
// # Computation
//
// Three identities make alpha cheap to compute and to resample.
//
// The observed disagreement is a sum over units: sum_ck o_ck d_ck =
// sum_u D(u) with D(u) = sum_ck n_uc n_uk d_ck / (m_u - 1) (the diagonal
// d_cc is 0). Units with the same value counts (the same profile) contribute
// the same D(u), so New keeps each distinct profile once with its
// multiplicity; with ten raters on a five-point scale there are at most 1,001
// profiles however many units there are.
//
// For a squared difference d_ck = (x_c - x_k)^2,
//
//	sum_ck n_c n_k (x_c - x_k)^2 = 2 n sum_c n_c (x_c - mean)^2
//
// so the interval level needs only counts, sums and centred sums of squares,
// and never a V x V matrix.
//
// The ordinal difference is an interval difference on mid-ranks: with
// G_c = sum_{g<c} n_g + n_c/2, sum_{g=c..k} n_g - (n_c + n_k)/2 = G_k - G_c
// for c <= k, so d_ck = (G_c - G_k)^2 and ordinal alpha is interval alpha on
// the mid-ranks of the values, which depend on the marginals.
//
// # Bootstrap
//
// A bootstrap resample of units draws U units with replacement. If unit u is
// drawn w_u times, the resample's figures are weighted sums: n_c =
// sum_u w_u n_uc and sum_ck o_ck d_ck = sum_u w_u D(u) (for the ordinal level
// with d recomputed from the resample's marginals). Units of one profile
// contribute alike, so a resample is the number of drawn units of each
// profile, whose distribution is multinomial (U trials over the profiles,
// each with its share of the units); Bootstrap draws those counts directly
// (stats.ClassDrawer: a binomial per profile of many units, a draw per unit
// of the rare ones) and never rebuilds a matrix. At the nominal, ordinal and
// ratio levels a resample's coincidence matrix, linear in the counts, is
// summed from per-profile terms, and alpha follows from it in O(V^2).
//
// # Cost
//
// FromColumns (and New, which calls it) takes O(N + V log V) time for N
// ratings, in one pass over the ratings when their units ascend, without
// maps for integer values over a narrow range; FromLabels takes label ids
// without a float column. AlphasWithout (alpha with each of G groups'
// ratings left out) and PairAlphas (alpha of each pair of groups alone)
// take one pass over ascending columns of at most eight integer values,
// O(N + U G) and O(N + sum_u g_u^2) for U units with g_u groups each,
// instead of one FromColumns per subset. Alpha takes O(P) time at the
// interval level for P profiles, O(E + V) at the nominal and ordinal levels
// for E (value, count) entries over the profiles (at most N), and O(E + V^2)
// at the ratio level, whose expected disagreement has no shortcut: with
// thousands of distinct values (continuous ratings) a ratio bootstrap takes
// seconds per thousand resamples and more. One bootstrap resample costs
// what Alpha does plus its draws, except that with V <= 16 values it costs
// O(E + Q + V^2) at the nominal, ordinal and ratio levels, for Q pairs of
// distinct values within profiles.
package agreement

import "fmt"

// Level is a level of measurement.
type Level int

// The levels of measurement, from the weakest to the strongest.
const (
	Nominal  Level = iota // categories without order
	Ordinal               // ordered categories, distances unknown
	Interval              // numbers whose differences are meaningful
	Ratio                 // numbers with a true zero: ratios are meaningful
)

var levelNames = [...]string{"nominal", "ordinal", "interval", "ratio"}

// String returns the level's name as ParseLevel reads it.
func (l Level) String() string {
	if l < Nominal || l > Ratio {
		return fmt.Sprintf("Level(%d)", int(l))
	}
	return levelNames[l]
}

// ParseLevel reads "nominal", "ordinal", "interval" or "ratio".
func ParseLevel(s string) (Level, error) {
	for i, n := range levelNames {
		if n == s {
			return Level(i), nil
		}
	}
	return 0, fmt.Errorf("unknown level of measurement %q (want nominal, ordinal, interval or ratio)", s)
}

// Rating is one value given by one rater to one unit (item). Units and
// raters are non-negative indexes assigned by the caller; they need not be
// dense, so a subset of a larger numbering (one iteration's units) may keep
// its indexes. Value is a number
// for interval and ratio data, and for nominal and ordinal data a category
// code whose numeric order is the category order (ordinal) or arbitrary
// (nominal). A NaN value is a missing rating and is ignored. A unit with
// fewer than two ratings is not pairable and drops out.
//
// Only the unit and the value enter alpha; the rater identifies who gave
// the value, and alpha does not depend on it.
type Rating struct {
	Unit, Rater int
	Value       float64
}
