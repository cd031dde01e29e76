package render

import (
	"strings"
	"testing"
	"unicode"
)

// TestTwoByteRunes checks isWordBreak and appendLower, which look the
// runes below twoByteRunes up, against the Unicode tables over every rune
// and over words of several scripts (and bytes that are not UTF-8).
func TestTwoByteRunes(t *testing.T) {
	for c := rune(-1); c <= unicode.MaxRune+1; c++ {
		want := unicode.IsSpace(c) || unicode.IsPunct(c) || unicode.Is(unicode.Z, c) || unicode.IsControl(c)
		if got := isWordBreak(c); got != want {
			t.Fatalf("isWordBreak(%U) = %v; want %v", c, got, want)
		}
	}
	words := []string{"Ärger", "ÉLAN", "Ελληνικά", "ПРИВЕТ", "İstanbul", "ǅemal", "ΣΟΦΟΣ", "Ωmega", "日本語ABC", "x\xffY", "Ä\xc3", "ꞪB"}
	for c := rune(0); c < twoByteRunes+64; c++ {
		words = append(words, "É"+string(c)+"Z")
	}
	for _, w := range words {
		if got, want := string(appendLower([]byte("<"), w)), "<"+strings.ToLower(w); got != want {
			t.Errorf("appendLower(%q) = %q; want %q", w, got, want)
		}
	}
}

// TestThreeByteRunes checks the bits of the BMP's runes beyond two bytes
// against the Unicode tables.
func TestThreeByteRunes(t *testing.T) {
	tb := threeByte()
	for c := rune(twoByteRunes); c < bmpRunes; c++ {
		if got, want := tb.cased.has(c), unicode.ToLower(c) != c; got != want {
			t.Fatalf("cased(%U) = %v; want %v", c, got, want)
		}
		w := "Ab" + string(c) + "C"
		if got, want := string(appendLower(nil, w)), strings.ToLower(w); got != want {
			t.Fatalf("appendLower(%q) = %q; want %q", w, got, want)
		}
	}
}
