// Package jsonappend appends JSON numbers and strings to byte slices with
// exactly the bytes encoding/json writes for them (with
// SetEscapeHTML(false)), for the hand-written appenders of large JSON
// documents and chart data that reflection would otherwise encode:
// render's api/*.json and chart's series data.
package jsonappend

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// Float appends f (finite) as encoding/json's float64 encoder
// does: like strconv's shortest 'f' form, but 'e' below 1e-6 and from
// 1e21 on, with the exponent's leading zero dropped (1e-07 is 1e-7).
func Float(b []byte, f float64) []byte {
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// String appends s quoted as encoding/json does with
// SetEscapeHTML(false): `"` and `\` and control characters escaped,
// invalid UTF-8 as \ufffd, U+2028 and U+2029 as \u2028 and \u2029, and
// everything else (<, >, & too) as it is.
func String(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
