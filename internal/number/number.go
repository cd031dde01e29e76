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

// Error is an error of Parse: its message names the text; Is matches its
// kind, ErrSyntax or ErrRange.
type Error struct {
	Msg  string
	Kind error
}

func (e *Error) Error() string { return e.Msg }

// Is reports whether target is e's kind.
func (e *Error) Is(target error) bool { return target == e.Kind }

// Valid reports whether s is in the strict syntax, whatever its size.
func Valid(s string) bool {
	_, ok := scan(s)
	return ok
}

// scan checks the syntax of s and reports whether its digits (before the
// exponent) include one other than zero.
func scan(s string) (nonzero, ok bool) {
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
