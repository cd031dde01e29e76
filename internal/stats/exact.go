package stats

import (
	"math"
	"math/big"
)

// maxDenominator bounds the denominators ExactMean recognises: a value
// within a few units in the last place of p/q, q <= maxDenominator, is taken
// to be p/q. Means of ratings (k/3 from three raters, k/7 from seven) are
// such fractions.
const maxDenominator = 1024

// ExactMean returns the mean of x computed so that samples whose sums are
// equal in exact arithmetic get the same mean, whatever the order of x and
// however its terms were rounded: (1/n) Σ x_i, or NaN when x is empty.
//
// Each value is read as the fraction p/q (q <= 1024) it rounds, within 4
// units in the last place, when there is one, since values such as the mean
// of three ratings (7/3) are fractions whose float64 is not exact; any
// other value as the exact binary fraction it is. The sum is exact
// (math/big.Rat) and the mean is rounded once, to the nearest float64. So
// two systems whose per-item consensus values sum to 347/48 each get equal
// means even though the naive float sums differ in the last bit, and a rank
// correlation sees the tie that exact arithmetic has. A value that is not
// finite makes the result that of Mean.
//
// The sum is kept as integers, never as a rational per value: the
// numerators of the fractions summed per denominator and the binary values
// summed in fixed point (a big.Int scaled by the smallest power of two
// seen); they are combined into one rational at the end. A sum in exact
// arithmetic is one number however it is formed, so the result is the one
// a rational addition per value gives, at a fraction of its cost. A run of
// equal values (sorted samples have long ones) is read once and added as
// one multiple.
func ExactMean(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	var s exactSum
	for i := 0; i < len(x); {
		v := x[i]
		if !IsFinite(v) {
			return Mean(x)
		}
		j := i + 1
		for j < len(x) && x[j] == v {
			j++
		}
		s.addTimes(v, j-i)
		i = j
	}
	sum := s.rat()
	sum.Quo(sum, new(big.Rat).SetInt64(int64(len(x))))
	m, _ := sum.Float64()
	return m
}

// exactSum is an exact sum of finite values read as ExactMean reads them.
// The zero value is the empty sum.
type exactSum struct {
	fracs []fracSum // per denominator, in order of first appearance
	bin   big.Int   // Σ of the binary values, in units of 2^exp
	exp   int
	some  bool // bin holds a value (exp is set)
	term  big.Int
	times big.Int // a run's length
}

// fracSum is the sum of the numerators of the fractions with one
// denominator, with the count added since it was last folded into big (so
// the int64 cannot overflow: |p| < 2^41).
type fracSum struct {
	q, p  int64
	count int
	big   *big.Int
}

// add adds the finite value v to s.
func (s *exactSum) add(v float64) { s.addTimes(v, 1) }

// foldEvery bounds the count of numerators a fracSum adds in its int64
// before it folds them into its big.Int: 2^20 numerators under 2^41 in
// magnitude stay under 2^61.
const foldEvery = 1 << 20

// addTimes adds k ≥ 1 times the finite value v to s: exactly k calls of
// add.
func (s *exactSum) addTimes(v float64, k int) {
	if p, q, ok := fraction64(v); ok {
		i := 0
		for i < len(s.fracs) && s.fracs[i].q != q {
			i++
		}
		if i == len(s.fracs) {
			s.fracs = append(s.fracs, fracSum{q: q})
		}
		f := &s.fracs[i]
		for k > 0 {
			c := min(k, foldEvery)
			if f.count+c > foldEvery {
				f.fold()
			}
			f.p += p * int64(c)
			f.count += c
			k -= c
		}
		return
	}
	if v == 0 {
		return
	}
	frac, e := math.Frexp(v) // v = frac · 2^e, 0.5 <= |frac| < 1
	m, e := int64(math.Ldexp(frac, 53)), e-53
	s.term.SetInt64(m)
	if k > 1 {
		s.term.Mul(&s.term, s.times.SetInt64(int64(k)))
	}
	switch {
	case !s.some:
		s.bin.Set(&s.term)
		s.exp, s.some = e, true
	case e >= s.exp:
		s.bin.Add(&s.bin, s.term.Lsh(&s.term, uint(e-s.exp)))
	default:
		s.bin.Lsh(&s.bin, uint(s.exp-e))
		s.bin.Add(&s.bin, &s.term)
		s.exp = e
	}
}

// fold moves f's int64 partial sum into its big.Int.
func (f *fracSum) fold() {
	if f.big == nil {
		f.big = new(big.Int)
	}
	f.big.Add(f.big, big.NewInt(f.p))
	f.p, f.count = 0, 0
}

// rat returns the sum as a rational.
func (s *exactSum) rat() *big.Rat {
	sum, term := new(big.Rat), new(big.Rat)
	for i := range s.fracs {
		f := &s.fracs[i]
		f.fold()
		sum.Add(sum, term.SetFrac(f.big, big.NewInt(f.q)))
	}
	if s.some {
		if s.exp >= 0 {
			term.SetInt(new(big.Int).Lsh(&s.bin, uint(s.exp)))
		} else {
			term.SetFrac(&s.bin, new(big.Int).Lsh(big.NewInt(1), uint(-s.exp)))
		}
		sum.Add(sum, term)
	}
	return sum
}

// fraction64 returns the fraction p/q (q <= maxDenominator, in lowest
// terms) that v stands for, as fraction reads it, and false when fraction
// takes v's exact binary value instead.
func fraction64(v float64) (p, q int64, ok bool) {
	if v == math.Trunc(v) || math.Abs(v) >= 1<<31 {
		return 0, 0, false
	}
	tol := 4 * (math.Nextafter(math.Abs(v), math.Inf(1)) - math.Abs(v))
	h0, h1 := int64(0), int64(1) // numerators of the convergents
	k0, k1 := int64(1), int64(0) // denominators
	a := v
	for range 64 {
		ai := math.Floor(a)
		h0, h1 = h1, int64(ai)*h1+h0
		k0, k1 = k1, int64(ai)*k1+k0
		if k1 > maxDenominator {
			break
		}
		if math.Abs(float64(h1)/float64(k1)-v) <= tol {
			return h1, k1, true
		}
		f := a - ai
		if f == 0 {
			break
		}
		a = 1 / f
	}
	return 0, 0, false
}
