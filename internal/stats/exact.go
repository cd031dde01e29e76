package stats

import (
	"math"
	"math/big"
	"math/bits"
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
	if m, ok := exactMean64(x); ok {
		return m
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

// exactMean64 is ExactMean of finite values whose exact sum, as ExactMean
// reads them, fits int64 arithmetic: the numerators summed per
// denominator (at most 32 denominators, every step checked for
// overflow), then over their least common multiple (at most 2^40) into
// one fraction num/den. When the mean num/(den·n) has a numerator and
// denominator of at most 2^53, both are exact float64s, and their
// quotient, which IEEE 754 rounds once to the nearest float64 (ties to
// even), is the rounding to nearest of the exact mean that big.Rat's
// Float64 gives. It is the mean of metric values of a few decimals,
// integers and consensus fractions, without a big.Int or big.Rat; false
// sends every other sample (a value not finite, or sums too large or too
// fine) to the general sum.
func exactMean64(x []float64) (float64, bool) {
	var qs, ps [32]int64 // ps[i]: the sum of the numerators over qs[i]
	nq := 0
	for i := 0; i < len(x); {
		v := x[i]
		if !IsFinite(v) {
			return 0, false
		}
		j := i + 1
		for j < len(x) && x[j] == v {
			j++
		}
		k := int64(j - i)
		i = j
		p, q, ok := fraction64(v)
		if !ok {
			if v == 0 {
				continue
			}
			if p, q, ok = binary64(v); !ok {
				return 0, false
			}
		}
		at := 0
		for at < nq && qs[at] != q {
			at++
		}
		if at == nq {
			if nq == len(qs) {
				return 0, false
			}
			qs[nq], ps[nq] = q, 0
			nq++
		}
		b, ok := mul64(p, k)
		if !ok {
			return 0, false
		}
		if ps[at], ok = add64(ps[at], b); !ok {
			return 0, false
		}
	}
	num, den := int64(0), int64(1)
	for i := range nq {
		l, ok := mul64(den/gcd64(den, qs[i]), qs[i])
		if !ok || l > 1<<40 {
			return 0, false
		}
		a, ok1 := mul64(num, l/den)
		b, ok2 := mul64(ps[i], l/qs[i])
		if !ok1 || !ok2 {
			return 0, false
		}
		if num, ok = add64(a, b); !ok {
			return 0, false
		}
		den = l
	}
	d, ok := mul64(den, int64(len(x)))
	if !ok || d > 1<<53 || num > 1<<53 || num < -(1<<53) {
		return 0, false
	}
	return float64(num) / float64(d), true
}

// binary64 returns the nonzero finite v, which fraction64 does not read as
// a fraction, as the exact fraction p/q with q a power of two, and false
// when p would pass 2^62 or q 2^40 (exactMean64's bound on den).
func binary64(v float64) (p, q int64, ok bool) {
	frac, e := math.Frexp(v) // v = frac · 2^e, 0.5 <= |frac| < 1
	m, e := int64(math.Ldexp(frac, 53)), e-53
	tz := bits.TrailingZeros64(uint64(m))
	m, e = m>>tz, e+tz
	switch {
	case e >= 0 && e < 62 && m < 1<<(62-e) && m > -(1<<(62-e)):
		return m << e, 1, true
	case e < 0 && e >= -40:
		return m, 1 << -e, true
	}
	return 0, 0, false
}

// gcd64 is the greatest common divisor of a, b > 0.
func gcd64(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// mul64 returns a·b and whether it is within ±2^62.
func mul64(a, b int64) (int64, bool) {
	ua, ub := uint64(a), uint64(b)
	if a < 0 {
		ua = -ua
	}
	if b < 0 {
		ub = -ub
	}
	hi, lo := bits.Mul64(ua, ub)
	if hi != 0 || lo > 1<<62 {
		return 0, false
	}
	if (a < 0) != (b < 0) {
		return -int64(lo), true
	}
	return int64(lo), true
}

// add64 returns a+b for a, b within ±2^62, and whether it is within ±2^62.
func add64(a, b int64) (int64, bool) {
	c := a + b
	return c, c <= 1<<62 && c >= -(1<<62)
}
