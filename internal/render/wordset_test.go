package render

import (
	"strconv"
	"testing"
)

// TestWordSet fills a wordSet past several growths, checks that it holds
// exactly the words added, empties it and fills it again with others.
func TestWordSet(t *testing.T) {
	var s wordSet
	for round, n := range []int{1000, 37, 0, 5000} {
		s.reset()
		word := func(i int) string { return "w" + strconv.Itoa(round) + "-" + strconv.Itoa(i) }
		for i := range n {
			s.add(word(i))
			s.add(word(i / 2)) // added before: no change
		}
		if len(s.used) != n {
			t.Fatalf("round %d: %d words kept; want %d", round, len(s.used), n)
		}
		for i := range 2 * n {
			if _, found := s.find(word(i)); found != (i < n) {
				t.Fatalf("round %d: find(%q) found = %v; want %v", round, word(i), found, i < n)
			}
		}
		if round > 0 {
			if _, found := s.find("w0-1"); found {
				t.Fatalf("round %d: a word of round 0 is still there", round)
			}
		}
		filled := 0
		for _, w := range s.slots {
			if w != "" {
				filled++
			}
		}
		if filled != n || 2*n > len(s.slots) {
			t.Fatalf("round %d: %d of %d slots filled; want %d, at most half", round, filled, len(s.slots), n)
		}
	}
}
