// Package safetext neutralises text from the data before anything shows it:
// invalid UTF-8 becomes U+FFFD, and each bidirectional control character
// (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069), which can make a
// page or a terminal show text in an order other than its bytes' (the
// "Trojan Source" trick), is replaced by its visible name, such as
// "<U+202E>". A JSON or TOML escape of one ("\u202e", "\U0000202E") is
// replaced the same way, so decoding cannot bring it back.
//
// Ingest applies it once, where text enters the model: every data file's
// byte stream (Reader), Markdown and TOML files (Bytes), and each distinct
// name (String); no template needs to.
package safetext

import (
	"encoding/binary"
	"fmt"
	"io"
	"unicode/utf8"
)

// IsBidi reports whether r is a bidirectional control character.
func IsBidi(r rune) bool {
	return r == 0x061C || r == 0x200E || r == 0x200F ||
		r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069
}

// Name returns the visible text that replaces the bidi control r.
func Name(r rune) string { return fmt.Sprintf("<U+%04X>", r) }

// String returns s neutralised; s itself (no copy) when it needs no change.
func String(s string) string {
	if clean(s) {
		return s
	}
	var out []byte
	out, _, _ = transform(out, []byte(s), 0, true)
	return string(out)
}

// Bytes returns b neutralised; b itself when it needs no change.
func Bytes(b []byte) []byte {
	if cleanBytes(b) {
		return b
	}
	out, _, _ := transform(nil, b, 0, true)
	return out
}

// clean reports whether s needs no change: valid UTF-8 without a bidi
// control or a backslash (which may start an escape of one).
func clean(s string) bool {
	for i, r := range s {
		switch {
		case r == '\\' || IsBidi(r):
			return false
		case r == utf8.RuneError:
			if _, n := utf8.DecodeRuneInString(s[i:]); n == 1 {
				return false
			}
		}
	}
	return true
}

// Masks for cleanBytes: a byte's high bit, a byte's low bit and a
// backslash in every byte of a word.
const (
	highBits    = 0x8080808080808080
	lowBits     = 0x0101010101010101
	backslashes = 0x5c5c5c5c5c5c5c5c
)

// cleanBytes is clean for bytes; it does not copy them.
func cleanBytes(b []byte) bool {
	for i := 0; i < len(b); {
		if i+8 <= len(b) {
			// Eight ASCII bytes at a time, none of them a backslash.
			x := binary.LittleEndian.Uint64(b[i:])
			if y := x ^ backslashes; x&highBits == 0 && (y-lowBits)&^y&highBits == 0 {
				i += 8
				continue
			}
		}
		c := b[i]
		if c < utf8.RuneSelf {
			if c == '\\' {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 || IsBidi(r) {
			return false
		}
		i += n
	}
	return true
}

// transform appends src neutralised to dst. bs is the number of
// backslashes right before src; it returns the count at the end of what
// it consumed, and how many bytes of src it consumed: all when final,
// else all but an incomplete rune or escape at the end.
func transform(dst, src []byte, bs int, final bool) (out []byte, n, bsOut int) {
	i := 0
	for i < len(src) {
		// Copy the run of plain ASCII at once.
		j := i
		for j < len(src) && src[j] < utf8.RuneSelf && src[j] != '\\' {
			j++
		}
		if j > i {
			dst = append(dst, src[i:j]...)
			bs, i = 0, j
			continue
		}
		c := src[i]
		if c == '\\' {
			if bs%2 == 0 && i+1 < len(src) && (src[i+1] == 'u' || src[i+1] == 'U') {
				width := 4
				if src[i+1] == 'U' {
					width = 8
				}
				if i+2+width > len(src) && !final {
					return dst, i, bs
				}
				if r, ok := hexRune(src[i+2 : min(len(src), i+2+width)]); ok && len(src) >= i+2+width && IsBidi(r) {
					dst = append(dst, Name(r)...)
					bs, i = 0, i+2+width
					continue
				}
			} else if bs%2 == 0 && i+1 == len(src) && !final {
				return dst, i, bs
			}
			dst = append(dst, '\\')
			bs++
			i++
			continue
		}
		bs = 0
		if !utf8.FullRune(src[i:]) && !final {
			return dst, i, bs
		}
		r, size := utf8.DecodeRune(src[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, "\uFFFD"...)
		case IsBidi(r):
			dst = append(dst, Name(r)...)
		default:
			dst = append(dst, src[i:i+size]...)
		}
		i += size
	}
	return dst, i, bs
}

// hexRune parses b, hex digits, as a code point.
func hexRune(b []byte) (rune, bool) {
	var r rune
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// NewReader returns a reader of r's bytes neutralised.
func NewReader(r io.Reader) io.Reader {
	return &reader{r: r}
}

// readerBuf is the size of a reader's buffer, made when it is first
// needed: a reader of text that needs no change (the common case, read
// straight into the caller's buffer) never makes it.
const readerBuf = 32 << 10

type reader struct {
	r   io.Reader
	buf []byte // read from r, not yet transformed
	out []byte // transformed, not yet returned
	off int    // of out
	bs  int
	err error
}

func (t *reader) Read(p []byte) (int, error) {
	if t.off == len(t.out) && len(t.buf) == 0 && t.err == nil && len(p) > 0 {
		// The common case: read into p and hand the bytes over as they are.
		n, err := t.r.Read(p)
		if cleanBytes(p[:n]) && (n == 0 || p[n-1] < utf8.RuneSelf && p[n-1] != '\\') {
			t.bs = 0
			return n, err
		}
		if cap(t.buf) == 0 {
			t.buf = make([]byte, 0, max(readerBuf, n))
		}
		t.buf, t.err = append(t.buf, p[:n]...), err
		t.out, t.off = t.out[:0], 0
		t.out, n, t.bs = transform(t.out, t.buf, t.bs, t.err != nil)
		t.buf = t.buf[:copy(t.buf, t.buf[n:])]
	}
	for t.off == len(t.out) {
		if t.err != nil && len(t.buf) == 0 {
			return 0, t.err
		}
		if t.err == nil {
			if cap(t.buf) == 0 {
				t.buf = make([]byte, 0, readerBuf)
			} else if len(t.buf) == cap(t.buf) {
				t.buf = append(t.buf, 0)[:len(t.buf)]
			}
			n, err := t.r.Read(t.buf[len(t.buf):cap(t.buf)])
			t.buf = t.buf[:len(t.buf)+n]
			t.err = err
		}
		var n int
		if t.err == nil && cleanBytes(t.buf) && len(t.buf) > 0 && t.buf[len(t.buf)-1] < utf8.RuneSelf {
			// The common case: hand the bytes over as they are.
			t.out, t.off = append(t.out[:0], t.buf...), 0
			n, t.bs = len(t.buf), 0
		} else {
			t.out, n, t.bs = transform(t.out[:0], t.buf, t.bs, t.err != nil)
			t.off = 0
		}
		t.buf = t.buf[:copy(t.buf, t.buf[n:])]
	}
	n := copy(p, t.out[t.off:])
	t.off += n
	return n, nil
}

// Contains reports whether b holds invalid UTF-8 or a raw bidi control:
// what a neutralised text never does.
func Contains(b []byte) (what string, at int, found bool) {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return "invalid UTF-8", i, true
		case IsBidi(r):
			return Name(r), i, true
		}
		i += size
	}
	return "", 0, false
}
