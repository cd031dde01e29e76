package render

import "hash/maphash"

// wordSet is the set of the words seen on one page as its search entry is
// made (searchScratch.doc): open addressing over a table of strings a
// power of two long, at most half full, that remembers the slots it filled
// so that emptying it for the next page costs the page's words, not the
// table's length (clearing a map that a long page grew costs its whole
// length on every page after). The zero value is an empty set. The strings
// are kept, not copied.
type wordSet struct {
	slots []string
	used  []int32 // the slots filled, in order
	seed  maphash.Seed
}

// reset empties s.
func (s *wordSet) reset() {
	for _, i := range s.used {
		s.slots[i] = ""
	}
	s.used = s.used[:0]
}

// find returns the slot of the word w (not ""): where it is, with found,
// else where it goes (put), with room for it.
func (s *wordSet) find(w string) (slot int, found bool) {
	if 2*(len(s.used)+1) > len(s.slots) {
		s.grow()
	}
	mask := len(s.slots) - 1
	for i := int(maphash.String(s.seed, w)) & mask; ; i = (i + 1) & mask {
		switch s.slots[i] {
		case "":
			return i, false
		case w:
			return i, true
		}
	}
}

// put puts w, equal to the word find was asked for, in the slot it
// returned, when not found.
func (s *wordSet) put(slot int, w string) {
	s.slots[slot] = w
	s.used = append(s.used, int32(slot))
}

// add adds w (not "") to s.
func (s *wordSet) add(w string) {
	if i, found := s.find(w); !found {
		s.put(i, w)
	}
}

// grow doubles the table (64 slots at first) and puts the words back.
func (s *wordSet) grow() {
	if len(s.slots) == 0 {
		s.seed = maphash.MakeSeed()
	}
	old, used := s.slots, s.used
	s.slots, s.used = make([]string, max(64, 2*len(old))), make([]int32, 0, cap(used))
	for _, i := range used {
		j, _ := s.find(old[i])
		s.put(j, old[i])
	}
}
