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

// exactMean64 is ExactMean without a big.Int or big.Rat for the samples
// whose exact sum, as ExactMean reads them, fits fixed-size integers: the
// fractions' numerators summed per denominator in int64s (at most 32
// denominators; integers are fractions over 1), the other values, binary
// fractions m·2^e, in a 128-bit fixed-point sum (binSum), and the two
// combined over one denominator into num/(den·n)·2^exp, every step
// checked for overflow. The mean is that quotient rounded once to the
// nearest float64, ties to even (an IEEE 754 division of two exact
// float64s, else roundQuo), as big.Rat's Float64 rounds it. It is the
// mean of metric values of a few decimals or more, integers and consensus
// fractions; false sends every other sample (a value not finite, sums too
// large or too fine, a mean near the ends of the float64 range) to the
// general sum.
func exactMean64(x []float64) (float64, bool) {
	var qs, ps [32]int64 // ps[i]: the sum of the numerators over qs[i]
	nq := 0
	var bin binSum
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
			m, e := mantExp(v)
			if p, ok = integer64(m, e); !ok {
				if !bin.add(m, e, k) {
					return 0, false
				}
				continue
			}
			q = 1
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
	if !ok {
		return 0, false
	}
	if !bin.some {
		if d <= 1<<53 && num <= 1<<53 && num >= -(1<<53) {
			// Both exact: IEEE 754 division rounds the quotient once.
			return float64(num) / float64(d), true
		}
		neg, mag := num < 0, uint64(num)
		if neg {
			mag = -mag
		}
		return roundQuo(neg, 0, mag, uint64(d), 0)
	}
	// num/den + bin·2^exp = (num·2^-exp + bin·den)/den · 2^exp, exp < 0.
	neg, hi, lo, ok := bin.combine(num, den)
	if !ok {
		return 0, false
	}
	return roundQuo(neg, hi, lo, uint64(d), bin.exp)
}

// mantExp returns the nonzero finite v as m·2^e with m odd.
func mantExp(v float64) (m int64, e int) {
	frac, e := math.Frexp(v) // v = frac · 2^e, 0.5 <= |frac| < 1
	m, e = int64(math.Ldexp(frac, 53)), e-53
	tz := bits.TrailingZeros64(uint64(m))
	return m >> tz, e + tz
}

// integer64 returns m·2^e when it is an integer within ±2^62.
func integer64(m int64, e int) (int64, bool) {
	if e >= 0 && e < 62 && m < 1<<(62-e) && m > -(1<<(62-e)) {
		return m << e, true
	}
	return 0, false
}

// binSum is an exact sum of binary fractions m·2^e: the positive and the
// negative terms apart, each a 128-bit magnitude in units of 2^exp, the
// smallest e seen; a sum that would reach 2^binLimit is refused.
type binSum struct {
	pos, neg [2]uint64 // hi, lo
	exp      int
	some     bool
}

// binLimit is the bit length no magnitude of a binSum may reach.
const binLimit = 124

// add adds k·m·2^e (k >= 1) to s, and reports false when a magnitude
// would reach binLimit bits.
func (s *binSum) add(m int64, e int, k int64) bool {
	acc := &s.pos
	if m < 0 {
		acc, m = &s.neg, -m
	}
	hi, lo := bits.Mul64(uint64(m), uint64(k))
	if !s.some {
		s.exp, s.some = e, true
	}
	if e < s.exp {
		// Rescale both sums to the finer unit.
		t := s.exp - e
		for _, a := range []*[2]uint64{&s.pos, &s.neg} {
			if bitLen128(a[0], a[1])+t >= binLimit {
				return false
			}
			a[0], a[1] = shl128(a[0], a[1], uint(t))
		}
		s.exp = e
	}
	t := e - s.exp
	if bitLen128(hi, lo)+t >= binLimit {
		return false
	}
	hi, lo = shl128(hi, lo, uint(t))
	var c uint64
	acc[1], c = bits.Add64(acc[1], lo, 0)
	acc[0], _ = bits.Add64(acc[0], hi, c)
	return bitLen128(acc[0], acc[1]) < binLimit
}

// combine returns num·2^-exp + (pos - neg)·den as a sign and a 128-bit
// magnitude, and false when a term would reach binLimit bits or exp is
// not negative (integers that integer64 refused).
func (s *binSum) combine(num, den int64) (neg bool, hi, lo uint64, ok bool) {
	if s.exp >= 0 {
		return false, 0, 0, false // integers too large for integer64
	}
	bneg := false
	bh, bl := s.pos[0], s.pos[1]
	if less128(bh, bl, s.neg[0], s.neg[1]) {
		bneg = true
		bh, bl = sub128(s.neg[0], s.neg[1], bh, bl)
	} else {
		bh, bl = sub128(bh, bl, s.neg[0], s.neg[1])
	}
	if bitLen128(bh, bl)+bits.Len64(uint64(den)) >= binLimit {
		return false, 0, 0, false
	}
	h1, l1 := bits.Mul64(bl, uint64(den))
	bh, bl = bh*uint64(den)+h1, l1
	fneg, fm := num < 0, uint64(num)
	if fneg {
		fm = -fm
	}
	t := -s.exp
	if fm != 0 && bits.Len64(fm)+t >= binLimit {
		return false, 0, 0, false
	}
	fh, fl := uint64(0), uint64(0)
	if fm != 0 {
		fh, fl = shl128(0, fm, uint(t))
	}
	if fneg == bneg {
		var c uint64
		lo, c = bits.Add64(fl, bl, 0)
		hi, _ = bits.Add64(fh, bh, c)
		return fneg, hi, lo, true
	}
	if less128(fh, fl, bh, bl) {
		hi, lo = sub128(bh, bl, fh, fl)
		return bneg, hi, lo, true
	}
	hi, lo = sub128(fh, fl, bh, bl)
	return fneg, hi, lo, true
}

// roundQuo returns ±(hi·2^64+lo)/d·2^exp rounded to the nearest float64,
// ties to even, and false when the result would be subnormal or overflow
// (where a rounding of the quotient and then a scaling by 2^exp would not
// be one rounding). d must be nonzero.
func roundQuo(neg bool, hi, lo, d uint64, exp int) (float64, bool) {
	nb := bitLen128(hi, lo)
	if nb == 0 {
		return 0, true
	}
	db := bits.Len64(d)
	// Scale the numerator to 55+db bits, so that the quotient has 55 or 56:
	// two or three bits below the 53 kept, and a sticky bit for the rest.
	sticky := false
	s := 55 + db - nb
	if s >= 0 {
		hi, lo = shl128(hi, lo, uint(s))
	} else {
		t := uint(-s)
		rh, rl := shl128(hi, lo, 128-t) // the bits shifted out
		sticky = rh != 0 || rl != 0
		hi, lo = shr128(hi, lo, t)
	}
	if hi >= d {
		return 0, false // not reached: the quotient has at most 56 bits
	}
	q, r := bits.Div64(hi, lo, d)
	sticky = sticky || r != 0
	sh := uint(bits.Len64(q) - 53)
	mant, rem, half := q>>sh, q&(1<<sh-1), uint64(1)<<(sh-1)
	if rem > half || rem == half && (sticky || mant&1 == 1) {
		mant++
	}
	e := int(sh) - s + exp
	if e+52 < -1022 || e+53 > 1023 {
		return 0, false
	}
	m := math.Ldexp(float64(mant), e)
	if neg {
		m = -m
	}
	return m, true
}

// bitLen128 is the bit length of hi·2^64+lo.
func bitLen128(hi, lo uint64) int {
	if hi != 0 {
		return 64 + bits.Len64(hi)
	}
	return bits.Len64(lo)
}

// shl128 shifts hi·2^64+lo left by t < 128 bits.
func shl128(hi, lo uint64, t uint) (uint64, uint64) {
	switch {
	case t == 0:
		return hi, lo
	case t >= 64:
		return lo << (t - 64), 0
	}
	return hi<<t | lo>>(64-t), lo << t
}

// shr128 shifts hi·2^64+lo right by t < 128 bits.
func shr128(hi, lo uint64, t uint) (uint64, uint64) {
	switch {
	case t == 0:
		return hi, lo
	case t >= 64:
		return 0, hi >> (t - 64)
	}
	return hi >> t, lo>>t | hi<<(64-t)
}

// less128 reports whether a < b.
func less128(ah, al, bh, bl uint64) bool { return ah < bh || ah == bh && al < bl }

// sub128 returns a - b for a >= b.
func sub128(ah, al, bh, bl uint64) (uint64, uint64) {
	l, c := bits.Sub64(al, bl, 0)
	h, _ := bits.Sub64(ah, bh, c)
	return h, l
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
