package render

import (
	"math"
	"math/bits"
)

// decadeTol is how close, relatively, a figure must be to a power of ten
// for decimalsOf to leave it to math.Log10: far more than the few units in
// the last place by which Log10 may miss, so that on either side of the
// band both ways agree.
const decadeTol = 1e-9

// decades are the powers of ten at which a figure's decimals change
// (sigDigits 3, maxDecimals 6): below 1e-3 six, then one fewer a decade,
// none from 100 on.
var decades = [...]float64{1e-3, 1e-2, 1e-1, 1, 10, 100}

// decimalsAt holds the decimals of each of decades itself, as Log10 has
// them: a power of ten (a score of 1, say) is a common figure.
var decimalsAt = func() (at [len(decades)]int) {
	for k, t := range decades {
		at[k] = max(0, min(sigDigits-1-int(math.Floor(math.Log10(t))), maxDecimals))
	}
	return at
}()

// decimalsOf returns the decimals appendFloat writes the positive figure a
// with, sigDigits-1-floor(log10(a)) bounded to [0, maxDecimals], found by
// comparing a with the powers of ten; ok is false when a is too close to
// one of them to tell that way (or is NaN).
func decimalsOf(a float64) (dec int, ok bool) {
	dec = maxDecimals
	for k, t := range decades {
		switch {
		case a < t*(1-decadeTol):
			return dec, true
		case a == t:
			return decimalsAt[k], true
		case a <= t*(1+decadeTol) || a != a:
			return 0, false
		}
		dec--
	}
	return 0, true
}

// pow10 holds 10^k for the decimals appendFixed writes.
var pow10 = [maxDecimals + 1]uint64{1, 10, 100, 1000, 10000, 100000, 1000000}

// appendFixed appends x with dec decimals (at most maxDecimals) as
// strconv.AppendFloat(dst, x, 'f', dec, 64) does, the exact value of x
// rounded half to even, when x has a fraction and x*10^dec is below 2^64;
// ok is false, dst unchanged, otherwise. x is m*2^-s exactly (m below
// 2^53), so x*10^dec is the 128-bit m*10^dec shifted right by s, and the
// bits shifted out decide the rounding.
func appendFixed(dst []byte, x float64, dec int) ([]byte, bool) {
	if x == 0 || dec < 0 || dec > maxDecimals || math.IsNaN(x) || math.IsInf(x, 0) {
		return dst, false
	}
	b := math.Float64bits(x)
	m, e := b&(1<<52-1), int(b>>52&0x7ff)
	if e == 0 {
		e = 1 // subnormal: no implicit bit
	} else {
		m |= 1 << 52
	}
	s := 1075 - e // x = m * 2^-s
	if s <= 0 || s >= 128 {
		return dst, false
	}
	hi, lo := bits.Mul64(m, pow10[dec])
	// n = (hi:lo) >> s, and the remainder's halves.
	var n, rem, half, remHi, halfHi uint64
	if s < 64 {
		if hi>>s != 0 {
			return dst, false // 2^64 or more
		}
		n = hi<<(64-s) | lo>>s
		rem, half = lo&(1<<s-1), 1<<(s-1)
	} else {
		n = hi >> (s - 64)
		remHi, rem = hi&(1<<(s-64)-1), lo
		if s == 64 {
			half = 1 << 63
		} else {
			halfHi = 1 << (s - 65)
		}
	}
	if remHi > halfHi || (remHi == halfHi && (rem > half || (rem == half && n&1 == 1))) {
		if n++; n == 0 {
			return dst, false
		}
	}
	if x < 0 {
		dst = append(dst, '-')
	}
	var digits [24]byte
	i := len(digits)
	for k := 0; k <= dec || n > 0; k++ {
		if k == dec && dec > 0 {
			i--
			digits[i] = '.'
		}
		i--
		digits[i] = byte('0' + n%10)
		n /= 10
	}
	return append(dst, digits[i:]...), true
}
