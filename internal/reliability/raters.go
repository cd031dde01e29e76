package reliability

import (
	"cmp"
	"math"
	"slices"

	"github.com/evalbook/evalbook/internal/agreement"
	"gonum.org/v1/gonum/stat"
)

// raterSums accumulates one rater's figures over the units of a record.
type raterSums struct {
	n          int
	mine, rest []float64 // numeric: the rater's rating and the others' mean, per shared unit
	offset     float64   // numeric: sum of mine - rest
	credit     float64   // labels: matches of the others' majority (1/k for a k-way tie)
	shared     int       // units shared with another rater
	goldN      int
	goldRight  int
}

// raterFigures returns the figures of each rater in present (sorted
// indexes) over the ratings all of one record whose alpha is alpha; cols
// are all's columns.
func (in *dimInput) raterFigures(iteration string, all []obs, present []int, alpha *float64, cols columns) []Rater {
	sums := make([]raterSums, len(in.raters))
	for _, o := range all {
		s := &sums[o.rater]
		s.n++
		if g, ok := in.gold[in.units[o.unit].item]; ok {
			s.goldN++
			if in.goldMatch(o, g) {
				s.goldRight++
			}
		}
	}
	if in.numeric {
		for r := range sums { // a rater shares at most all its units
			sums[r].mine, sums[r].rest = make([]float64, 0, sums[r].n), make([]float64, 0, sums[r].n)
		}
	}
	exact := in.numeric && smallIntegers(all)
	var credit []float64 // labels: majorityCredit of each rating of the unit
	spans(all, func(us []obs) {
		if len(us) < 2 {
			return
		}
		if !in.numeric {
			credit = majorityCredits(us, credit)
		}
		var total float64 // exact: the unit's sum, with no rounding
		if exact {
			for _, o := range us {
				total += o.value
			}
		}
		for i, o := range us {
			s := &sums[o.rater]
			s.shared++
			if in.numeric {
				var m float64
				if exact {
					m = (total - o.value) / float64(len(us)-1)
				} else {
					m = othersMean(us, i)
				}
				s.mine, s.rest = append(s.mine, o.value), append(s.rest, m)
				s.offset += o.value - m
			} else {
				s.credit += credit[i]
			}
		}
	})
	out := make([]Rater, 0, len(present))
	without := agreement.AlphasWithout(cols.units, cols.values, cols.raters, len(in.raters), in.level)
	for _, r := range present {
		out = append(out, in.rater(iteration, r, &sums[r], alpha, without[r]))
	}
	return out
}

// rater finishes the figures of rater r; without is alpha of the record's
// ratings without r's.
func (in *dimInput) rater(iteration string, r int, s *raterSums, alpha *float64, without agreement.Alpha) Rater {
	x := Rater{Rater: in.raters[r], Dimension: in.name, Iteration: iteration, NRatings: s.n, GoldN: s.goldN}
	x.AlphaWithout = finite(without.Value, without.OK)
	if alpha != nil && x.AlphaWithout != nil {
		x.AlphaDelta = finite(*alpha-*x.AlphaWithout, true)
	}
	switch {
	case in.numeric && len(s.mine) >= 2:
		x.Agreement = finite(stat.Correlation(s.mine, s.rest, nil), true)
	case !in.numeric && s.shared > 0:
		x.Agreement = finite(s.credit/float64(s.shared), true)
	}
	if in.numeric && s.shared > 0 {
		x.Offset = finite(s.offset/float64(s.shared), true)
	}
	if s.goldN > 0 {
		x.GoldAccuracy = finite(float64(s.goldRight)/float64(s.goldN), true)
	}
	return x
}

// smallIntegers reports whether every value of all is an integer of at
// most 2^26 in magnitude, and all has fewer than 2^26 ratings. Then every
// sum of values, in any order, is an integer below 2^52 and so exact in a
// float64: the sum of a unit less one rating is the sum of the others as
// othersMean adds them, bit for bit, without adding them again.
func smallIntegers(all []obs) bool {
	if len(all) >= 1<<26 {
		return false
	}
	for _, o := range all {
		if v := o.value; v != math.Trunc(v) || math.Abs(v) > 1<<26 {
			return false
		}
	}
	return true
}

// othersMean is the mean of the ratings in us other than us[i].
func othersMean(us []obs, i int) float64 {
	var sum float64
	for j, o := range us {
		if j != i {
			sum += o.value
		}
	}
	return sum / float64(len(us)-1)
}

// majorityCredits returns, in buf's array when it is large enough, the
// credit of each rating of the unit us: 1/k when its value is one of the
// k most common values among the other ratings, else 0. The unit's values
// are counted once; a rating's view of the others is those counts less
// its own. A NaN, equal to no value, takes majorityCredit's route.
func majorityCredits(us []obs, buf []float64) []float64 {
	credit := buf[:0]
	var valBuf [16]float64
	var cntBuf [16]int
	vals, cnts := valBuf[:0], cntBuf[:0]
	at := func(v float64) int {
		for k, w := range vals {
			if w == v {
				return k
			}
		}
		return -1
	}
	for _, o := range us {
		if o.value != o.value {
			for i := range us {
				credit = append(credit, majorityCredit(us, i))
			}
			return credit
		}
		if k := at(o.value); k >= 0 {
			cnts[k]++
		} else {
			vals, cnts = append(vals, o.value), append(cnts, 1)
		}
	}
	for _, o := range us {
		mine := at(o.value)
		best, tied := 0, 0
		for k, c := range cnts {
			if k == mine {
				c-- // the others' count
			}
			switch {
			case c > best:
				best, tied = c, 1
			case c == best && c > 0:
				tied++
			}
		}
		if cnts[mine]-1 != best {
			credit = append(credit, 0)
		} else {
			credit = append(credit, 1/float64(tied))
		}
	}
	return credit
}

// majorityCredit is 1/k when us[i]'s value is one of the k most common
// values among the other ratings in us, else 0.
func majorityCredit(us []obs, i int) float64 {
	count := func(v float64) int { // among the others
		n := 0
		for j, o := range us {
			if j != i && o.value == v {
				n++
			}
		}
		return n
	}
	seen := func(j int) bool { // another rating before us[j] has its value
		for k := range j {
			if k != i && us[k].value == us[j].value {
				return true
			}
		}
		return false
	}
	best, tied, mine := 0, 0, count(us[i].value)
	for j, o := range us {
		if j == i || seen(j) {
			continue
		}
		switch n := count(o.value); {
		case n > best:
			best, tied = n, 1
		case n == best:
			tied++
		}
	}
	if mine != best {
		return 0
	}
	return 1 / float64(tied)
}

// byRater flattens per-iteration rater figures (in series order) into one
// list sorted by rater, then series order.
func byRater(perIteration [][]Rater) []Rater {
	var out []Rater
	for _, rs := range perIteration {
		out = append(out, rs...)
	}
	slices.SortStableFunc(out, func(a, b Rater) int { return cmp.Compare(a.Rater, b.Rater) })
	return out
}
