package tomlfile

import (
	"errors"
	"fmt"
	"strings"

	"github.com/evalbook/evalbook/internal/number"
)

// checkNumbers finds the first number in src, a valid TOML document, that
// is not in evalbook's one strict decimal syntax (package number): TOML's
// hexadecimal, octal and binary integers, digit separators ("1_000"), inf
// and nan are refused, as is a float too large or too close to 0 for a
// float64. It returns the number's 1-based line and column and why; 0 and
// "" when every number is fine.
func checkNumbers(src string) (line, col int, why string) {
	line, lineStart := 1, 0
	value, depth := false, 0 // in a value (after '=' or inside brackets)
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '\n':
			line, lineStart = line+1, i+1
			if depth == 0 {
				value = false
			}
		case c == '#':
			for i+1 < len(src) && src[i+1] != '\n' {
				i++
			}
		case c == '"' || c == '\'':
			end := stringEnd(src, i)
			line += strings.Count(src[i:end], "\n")
			if k := strings.LastIndexByte(src[i:end], '\n'); k >= 0 {
				lineStart = i + k + 1
			}
			i = end - 1
		case c == '=':
			value = true
		case !value && c == '[': // a table header
			for i+1 < len(src) && src[i+1] != '\n' && src[i+1] != '#' {
				i++
			}
		case value && (c == '[' || c == '{'):
			depth++
		case value && (c == ']' || c == '}'):
			depth--
		case value && !strings.ContainsRune(" \t\r,", rune(c)):
			j := i
			for j < len(src) && !strings.ContainsRune(" \t\r\n,]}=#\"'[{", rune(src[j])) {
				j++
			}
			tok := src[i:j]
			k := j
			for k < len(src) && (src[k] == ' ' || src[k] == '\t') {
				k++
			}
			if k < len(src) && src[k] == '=' { // a key of an inline table
				i = j - 1
				continue
			}
			if w := badNumber(tok); w != "" {
				return line, i - lineStart + 1, w
			}
			i = j - 1
		}
	}
	return 0, 0, ""
}

// badNumber says why tok, a bare TOML value, is a number evalbook refuses;
// "" for a good number and for what is no number (true, false, dates and
// times).
func badNumber(tok string) string {
	if tok == "true" || tok == "false" || strings.Contains(tok, ":") || isDate(tok) {
		return ""
	}
	_, err := number.Parse(tok)
	switch {
	case err == nil:
		return ""
	case errors.Is(err, number.ErrRange):
		return err.Error()
	}
	return fmt.Sprintf("%s is not a decimal number; evalbook reads numbers only as [+-]digits[.digits][e[+-]digits] (no hex, octal or binary, no _ between digits, no inf or nan)", tok)
}

// isDate reports whether tok starts with a YYYY-MM-DD date.
func isDate(tok string) bool {
	if len(tok) < 10 || tok[4] != '-' || tok[7] != '-' {
		return false
	}
	for _, i := range []int{0, 1, 2, 3, 5, 6, 8, 9} {
		if tok[i] < '0' || tok[i] > '9' {
			return false
		}
	}
	return true
}

// stringEnd returns the index just past the TOML string that starts at
// src[i]: basic or literal, on one line or multi-line.
func stringEnd(src string, i int) int {
	q := src[i]
	if strings.HasPrefix(src[i:], strings.Repeat(string(q), 3)) {
		delim := strings.Repeat(string(q), 3)
		j := i + 3
		for j < len(src) {
			if q == '"' && src[j] == '\\' {
				j += 2
				continue
			}
			if strings.HasPrefix(src[j:], delim) {
				j += 3
				for j < len(src) && src[j] == q { // up to two quotes may close the content
					j++
				}
				return j
			}
			j++
		}
		return len(src)
	}
	j := i + 1
	for j < len(src) && src[j] != '\n' {
		if q == '"' && src[j] == '\\' {
			j += 2
			continue
		}
		if src[j] == q {
			return j + 1
		}
		j++
	}
	return j
}
