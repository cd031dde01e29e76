// Package number parses numbers written as text in one strict decimal
// syntax, the only one evalbook reads from any input (CSV and other
// delimited cells, JSON numbers, TOML values, Parquet text):
//
//	[+-] digits [. digits] [(e|E) [+-] digits]
//
// with at least one digit before or after the point ("5.", ".5" and "5"
// are numbers). Hexadecimal, octal and binary forms, digit separators
// ("1_000"), "Inf", "NaN" and spaces are not numbers; a value too large
// for a float64 (1e400) and one too small, which would read as zero
// (1e-400), are errors naming the value. Parse is the one function every
// reader uses.
package number

import (
	"errors"
	"fmt"
	"strconv"
)

// ErrSyntax marks text that is not a number in the strict syntax.
var ErrSyntax = errors.New("not a decimal number")

// ErrRange marks a well-formed number that a float64 cannot hold: it would
// overflow to infinity or underflow to zero.
var ErrRange = errors.New("number out of range")

// maxQuote bounds how much of the text an error quotes.
const maxQuote = 64

// Parse parses s, which must be in the strict decimal syntax (no spaces
// around it). Its errors wrap ErrSyntax or ErrRange.
func Parse(s string) (float64, error) {
	v, kind := Float(s)
	switch {
	case kind == nil:
		return v, nil
	case kind == ErrSyntax:
		return 0, &Error{fmt.Sprintf("%q is not a decimal number", quote(s)), ErrSyntax}
	case v != 0: // Float's overflow
		return 0, &Error{quote(s) + " is beyond the range of a 64-bit float", ErrRange}
	}
	return 0, &Error{quote(s) + " is too close to 0 for a 64-bit float (it would read as 0)", ErrRange}
}

// Float is Parse without a message: it returns nil, ErrSyntax or ErrRange
// itself, and allocates nothing, for callers that take most text that is
// not a number as a label. For ErrRange, v is ±Inf for an overflow and 0
// for an underflow.
func Float(s string) (v float64, kind error) {
	if v, ok := small(s); ok {
		return v, nil
	}
	nonzero, ok := scan(s)
	if !ok {
		return 0, ErrSyntax
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil { // only a range error is possible after scan: an overflow
		return v, ErrRange
	}
	if v == 0 && nonzero {
		return 0, ErrRange
	}
	return v, nil
}

// FloatBytes is Float of the text b. It allocates nothing for the common
// number (at most 15 digits, no exponent) nor for text that is not a
// number; another number is parsed as Float parses it.
func FloatBytes(b []byte) (v float64, kind error) {
	if v, ok := small(b); ok {
		return v, nil
	}
	if _, ok := scan(b); !ok {
		return 0, ErrSyntax
	}
	return Float(string(b))
}

// Error is an error of Parse: its message names the text; Is matches its
// kind, ErrSyntax or ErrRange.
type Error struct {
	Msg  string
	Kind error
}

func (e *Error) Error() string { return e.Msg }

// Is reports whether target is e's kind.
func (e *Error) Is(target error) bool { return target == e.Kind }

// pow10 holds the powers of ten that a float64 holds exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// small parses the common case without strconv: s is [+-] digits [.
// digits] with at most 15 digits in all and no exponent. Its digits as an
// integer are then below 2^53 and the power of ten is exact, so one
// division gives the correctly rounded value, the one strconv.ParseFloat
// returns (its own exact fast path). ok is false for anything else.
func small[T string | []byte](s T) (v float64, ok bool) {
	i, neg := 0, false
	if len(s) > 0 && (s[0] == '+' || s[0] == '-') {
		i, neg = 1, s[0] == '-'
	}
	var mant uint64
	digits, frac, point := 0, 0, false
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			mant = mant*10 + uint64(c-'0')
			digits++
			if point {
				frac++
			}
		case c == '.' && !point:
			point = true
		default:
			return 0, false
		}
	}
	if digits == 0 || digits > 15 {
		return 0, false
	}
	v = float64(mant) / pow10[frac]
	if neg {
		v = -v
	}
	return v, true
}

// Valid reports whether s is in the strict syntax, whatever its size.
func Valid(s string) bool {
	_, ok := scan(s)
	return ok
}

// scan checks the syntax of s and reports whether its digits (before the
// exponent) include one other than zero.
func scan[T string | []byte](s T) (nonzero, ok bool) {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		digits++
		nonzero = nonzero || s[i] != '0'
	}
	if i < len(s) && s[i] == '.' {
		for i++; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			digits++
			nonzero = nonzero || s[i] != '0'
		}
	}
	if digits == 0 {
		return false, false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == start {
			return false, false
		}
	}
	return nonzero, i == len(s)
}

func quote(s string) string {
	if len(s) > maxQuote {
		return s[:maxQuote] + "…"
	}
	return s
}
