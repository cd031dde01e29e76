package pairwise

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Order says in which order a rater saw the two answers of a judgement.
type Order uint8

// The orders of a judgement. OrderUnknown is the zero value: the data do
// not say, or the order was fixed rather than randomised, and the
// judgement takes no part in PositionBias.
const (
	OrderUnknown Order = iota
	AFirst             // system A's answer was shown first
	BFirst             // system B's answer was shown first
)

// Judgement is one side-by-side judgement: on item Item, rater Rater
// compared the answers of systems A and B. P is the probability that B is
// better: 0 when A won, 1 when B won, 0.5 for a tie, or any value in
// [0, 1] from a weighted judge (a judge model's probability). Items,
// raters and systems are non-negative indexes assigned by the caller;
// systems index the strengths and win rates, so they should be dense
// (0 to K-1); items and raters need not be.
type Judgement struct {
	Item, Rater int32
	A, B        int32
	P           float64
	Order       Order
}

// The outcomes of a discrete judgement, as values of Judgement.P.
const (
	AWins = 0.0
	Tie   = 0.5
	BWins = 1.0
)

// The validation errors of a judgement; Validate wraps them.
var (
	ErrSameSystem = errors.New("the same system on both sides")
	ErrOutcome    = errors.New("outcome outside [0, 1]")
	ErrIndex      = errors.New("negative index")
)

// Validate reports whether j can be analysed: its indexes are not
// negative, A and B differ, and P is a number in [0, 1]. The error wraps
// ErrIndex, ErrSameSystem or ErrOutcome.
func (j Judgement) Validate() error {
	switch {
	case j.Item < 0 || j.Rater < 0 || j.A < 0 || j.B < 0:
		return fmt.Errorf("item %d, rater %d, systems %d and %d: %w", j.Item, j.Rater, j.A, j.B, ErrIndex)
	case j.A == j.B:
		return fmt.Errorf("system %d against itself: %w", j.A, ErrSameSystem)
	case !(j.P >= 0 && j.P <= 1):
		return fmt.Errorf("%v: %w", j.P, ErrOutcome)
	}
	return nil
}

// Validate returns the error of the first invalid judgement, prefixed
// with its position ("judgement 7: ..."), or nil. The analyses of this
// package assume valid judgements and panic on invalid ones.
func Validate(js []Judgement) error {
	for i, j := range js {
		if err := j.Validate(); err != nil {
			return fmt.Errorf("judgement %d: %w", i, err)
		}
	}
	return nil
}

func mustValid(js []Judgement) {
	if err := Validate(js); err != nil {
		panic("pairwise: " + err.Error())
	}
}

// ParseWinner reads the outcome of a winner column: "a", "b" or "tie"
// (any case, surrounding space ignored), or a number in [0, 1], the
// weighted probability that b is better. weighted is true for a number.
// The error wraps ErrOutcome.
func ParseWinner(s string) (p float64, weighted bool, err error) {
	t := strings.ToLower(strings.TrimSpace(s))
	switch t {
	case "a":
		return AWins, false, nil
	case "b":
		return BWins, false, nil
	case "tie":
		return Tie, false, nil
	}
	v, perr := strconv.ParseFloat(t, 64)
	if perr != nil || !(v >= 0 && v <= 1) {
		return math.NaN(), false, fmt.Errorf("winner %q: want a, b, tie or a number in [0, 1]: %w", s, ErrOutcome)
	}
	return v, true, nil
}

// FromPreference converts an AlpacaEval preference in [1, 2] (1: the
// answer of generator_1 preferred, 2: that of generator_2; 1.5 a draw) to
// P, the probability that system B (generator_2) is better: pref - 1,
// which is exact in floating point for every pref in [1, 2] (Sterbenz's
// lemma), so draws stay exactly 0.5. The error wraps ErrOutcome.
func FromPreference(pref float64) (float64, error) {
	if !(pref >= 1 && pref <= 2) {
		return math.NaN(), fmt.Errorf("preference %v outside [1, 2]: %w", pref, ErrOutcome)
	}
	return pref - 1, nil
}

// discrete returns the discrete outcome of a probability: -1 when A won
// (p < 0.5), +1 when B won (p > 0.5), 0 for a tie (p = 0.5).
func discrete(p float64) int {
	switch {
	case p < 0.5:
		return -1
	case p > 0.5:
		return 1
	}
	return 0
}

// discreteScore returns B's discrete score of p: 0, 0.5 or 1.
func discreteScore(p float64) float64 { return 0.5 + 0.5*float64(discrete(p)) }

// systems returns the number of systems K: one more than the largest
// system index.
func systems(js []Judgement) int {
	k := int32(-1)
	for _, j := range js {
		k = max(k, j.A, j.B)
	}
	return int(k) + 1
}

// pairIndex returns the index of the unordered pair {a, b}, a < b, of k
// systems in row-major order of the upper triangle: (0,1), (0,2), ...,
// (1,2), ...
func pairIndex(a, b, k int) int { return a*(2*k-a-1)/2 + (b - a - 1) }

// canonical returns the judgement's systems as (lo, hi) and the score of
// hi, so that every judgement of a pair is read from the same side.
func canonical(j Judgement) (lo, hi int, scoreHi float64) {
	if j.A < j.B {
		return int(j.A), int(j.B), j.P
	}
	return int(j.B), int(j.A), 1 - j.P
}
