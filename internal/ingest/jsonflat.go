package ingest

import "bytes"

// jsonMember is a member of a JSON object: its raw key (quotes included)
// and its raw value.
type jsonMember struct{ key, val []byte }

// jsonRecord is one line's JSON object, valid, with no key twice. members
// holds its members when the object is flat (flatObject), else it is nil
// and the object is walked where it is read.
type jsonRecord struct {
	obj     []byte
	members []jsonMember
}

// member returns the raw value of the object's key, or nil.
func (r *jsonRecord) member(key string) []byte {
	if r.members == nil {
		return member(r.obj, key)
	}
	for _, m := range r.members {
		// A flat object's keys are ASCII without escapes: their text is
		// what the quotes hold.
		if string(m.key[1:len(m.key)-1]) == key {
			return m.val
		}
	}
	return nil
}

// each calls fn with the raw key and value of every member, in order.
func (r *jsonRecord) each(fn func(key, val []byte) error) error {
	if r.members == nil {
		return eachMember(r.obj, fn)
	}
	for _, m := range r.members {
		if err := fn(m.key, m.val); err != nil {
			return err
		}
	}
	return nil
}

// flatObject appends to ms the members of b, a line holding one JSON
// object, when the object is flat: keys of ASCII without escapes, values
// that are strings, numbers, true, false or null. ok is false for
// anything else, valid JSON or not (a nested value, an escaped key,
// invalid text), which the caller then reads the general way. What it
// accepts json.Valid accepts (FuzzFlatObject): one pass that checks the
// syntax and frames the members at once.
func flatObject(b []byte, ms []jsonMember) (_ []jsonMember, ok bool) {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return ms, false
	}
	if i = skipSpace(b, i+1); i < len(b) && b[i] == '}' {
		return ms, skipSpace(b, i+1) == len(b)
	}
	for {
		k := i
		if i >= len(b) || b[i] != '"' {
			return ms, false
		}
		for i++; i < len(b) && b[i] != '"'; i++ {
			if c := b[i]; c == '\\' || c < 0x20 || c >= 0x80 {
				return ms, false
			}
		}
		if i >= len(b) {
			return ms, false
		}
		key := b[k : i+1]
		if i = skipSpace(b, i+1); i >= len(b) || b[i] != ':' {
			return ms, false
		}
		v := skipSpace(b, i+1)
		if i, ok = scalarEnd(b, v); !ok {
			return ms, false
		}
		ms = append(ms, jsonMember{key, b[v:i]})
		if i = skipSpace(b, i); i >= len(b) {
			return ms, false
		}
		switch b[i] {
		case ',':
			i = skipSpace(b, i+1)
		case '}':
			return ms, skipSpace(b, i+1) == len(b)
		default:
			return ms, false
		}
	}
}

// scalarEnd returns the index just past the JSON string, number, true,
// false or null that starts at b[i], and whether there is one.
func scalarEnd(b []byte, i int) (int, bool) {
	if i >= len(b) {
		return i, false
	}
	switch c := b[i]; {
	case c == '"':
		return stringEndStrict(b, i)
	case c == 't':
		return literalEnd(b, i, "true")
	case c == 'f':
		return literalEnd(b, i, "false")
	case c == 'n':
		return literalEnd(b, i, "null")
	case c == '-' || c >= '0' && c <= '9':
		return numberEnd(b, i)
	}
	return i, false
}

// stringEndStrict returns the index just past the JSON string at b[i],
// checking its escapes and that it holds no control character.
func stringEndStrict(b []byte, i int) (int, bool) {
	for i++; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			return i + 1, true
		case c < 0x20:
			return i, false
		case c == '\\':
			if i+1 >= len(b) {
				return i, false
			}
			switch b[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i++
			case 'u':
				if i+6 > len(b) || !isHex(b[i+2]) || !isHex(b[i+3]) || !isHex(b[i+4]) || !isHex(b[i+5]) {
					return i, false
				}
				i += 5
			default:
				return i, false
			}
		}
	}
	return i, false
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

func literalEnd(b []byte, i int, lit string) (int, bool) {
	if bytes.HasPrefix(b[i:], []byte(lit)) {
		return i + len(lit), true
	}
	return i, false
}

// numberEnd returns the index just past the JSON number at b[i]:
// -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
func numberEnd(b []byte, i int) (int, bool) {
	if b[i] == '-' {
		i++
	}
	switch {
	case i >= len(b):
		return i, false
	case b[i] == '0':
		i++
	case b[i] >= '1' && b[i] <= '9':
		i = digitsEnd(b, i)
	default:
		return i, false
	}
	if i < len(b) && b[i] == '.' {
		j := digitsEnd(b, i+1)
		if j == i+1 {
			return j, false
		}
		i = j
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		j := digitsEnd(b, i)
		if j == i {
			return j, false
		}
		i = j
	}
	return i, true
}

func digitsEnd(b []byte, i int) int {
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	return i
}

// keyMemo remembers the keys of the last flat object that had no key
// twice, so that a line with the same keys in the same order (the usual
// JSON Lines file) is checked against them in one pass.
type keyMemo struct {
	buf  []byte
	ends []int
}

// distinct reports whether the keys of ms are distinct, remembering them
// when they are.
func (km *keyMemo) distinct(ms []jsonMember) bool {
	if len(ms) == len(km.ends) {
		start, same := 0, true
		for i, m := range ms {
			if string(km.buf[start:km.ends[i]]) != string(m.key) {
				same = false
				break
			}
			start = km.ends[i]
		}
		if same {
			return true
		}
	}
	if !distinctKeys(ms) {
		return false
	}
	km.buf, km.ends = km.buf[:0], km.ends[:0]
	for _, m := range ms {
		km.buf = append(km.buf, m.key...)
		km.ends = append(km.ends, len(km.buf))
	}
	return true
}

// distinctKeys reports whether no raw key of ms appears twice (the keys
// of a flat object, whose raw form is their text).
func distinctKeys(ms []jsonMember) bool {
	if len(ms) > 16 {
		seen := make(map[string]struct{}, len(ms))
		for _, m := range ms {
			if _, ok := seen[string(m.key)]; ok {
				return false
			}
			seen[string(m.key)] = struct{}{}
		}
		return true
	}
	for i, m := range ms {
		for _, p := range ms[:i] {
			if string(p.key) == string(m.key) {
				return false
			}
		}
	}
	return true
}

// checkJSON checks b, a JSON value, in one pass: whether it is valid, and
// the first key that appears a second time in one of its objects (keys
// compared by their decoded text, in the order duplicateKey finds them)
// with its first appearance. valid is false for invalid JSON and for
// nesting deeper than maxCheckDepth, where the caller asks json.Valid and
// duplicateKey instead; when it is true json.Valid agrees (FuzzCheckJSON).
func checkJSON(b []byte) (valid bool, dup, first []byte) {
	c := jsonCheck{b: b}
	i, ok := c.value(skipSpace(b, 0), 0)
	if !ok || skipSpace(b, i) != len(b) {
		return false, nil, nil
	}
	return true, c.dup, c.first
}

// maxCheckDepth bounds the nesting checkJSON follows.
const maxCheckDepth = 256

// jsonCheck is the state of checkJSON: the text and the first key found twice.
type jsonCheck struct {
	b          []byte
	dup, first []byte
}

func (c *jsonCheck) value(i, depth int) (int, bool) {
	if i >= len(c.b) {
		return i, false
	}
	switch c.b[i] {
	case '{':
		return c.object(i, depth+1)
	case '[':
		return c.array(i, depth+1)
	}
	return scalarEnd(c.b, i)
}

func (c *jsonCheck) array(i, depth int) (int, bool) {
	b := c.b
	if depth > maxCheckDepth {
		return i, false
	}
	if i = skipSpace(b, i+1); i < len(b) && b[i] == ']' {
		return i + 1, true
	}
	for {
		var ok, done bool
		if i, ok = c.value(i, depth); !ok {
			return i, false
		}
		if i, done, ok = c.next(i, ']'); done || !ok {
			return i, ok
		}
	}
}

// next reads what follows a member or element at i: a comma, and the
// space after it (done false), or the closing byte (done true).
func (c *jsonCheck) next(i int, closing byte) (_ int, done, ok bool) {
	b := c.b
	if i = skipSpace(b, i); i >= len(b) {
		return i, false, false
	}
	switch b[i] {
	case ',':
		return skipSpace(b, i+1), false, true
	case closing:
		return i + 1, true, true
	}
	return i, false, false
}

func (c *jsonCheck) object(i, depth int) (int, bool) {
	b := c.b
	if depth > maxCheckDepth {
		return i, false
	}
	var rawStore, textStore [32][]byte
	raws, texts := rawStore[:0], textStore[:0] // the keys so far, raw and decoded, while few
	var seen map[string]int                    // then, by their text
	if i = skipSpace(b, i+1); i < len(b) && b[i] == '}' {
		return i + 1, true
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return i, false
		}
		k := i
		var ok bool
		if i, ok = stringEndStrict(b, i); !ok {
			return i, false
		}
		if c.dup == nil {
			var first []byte
			if first, raws, texts, seen = addKey(raws, texts, seen, b[k:i]); first != nil {
				c.dup, c.first = b[k:i], first
			}
		}
		if i = skipSpace(b, i); i >= len(b) || b[i] != ':' {
			return i, false
		}
		if i, ok = c.value(skipSpace(b, i+1), depth); !ok {
			return i, false
		}
		var done bool
		if i, done, ok = c.next(i, '}'); done || !ok {
			return i, ok
		}
	}
}

// addKey adds the raw key k to the keys of an object so far (raws, and
// texts their decoded text, while they fit in texts' capacity; then seen,
// the index of each text) and returns the raw key k repeats, or nil.
func addKey(raws, texts [][]byte, seen map[string]int, k []byte) (first []byte, _, _ [][]byte, _ map[string]int) {
	text := k[1 : len(k)-1]
	if !plainASCII(text) {
		text = jsonKey(k)
	}
	if seen != nil {
		if i, ok := seen[string(text)]; ok {
			return raws[i], raws, texts, seen
		}
		seen[string(text)] = len(raws)
		return nil, append(raws, k), texts, seen
	}
	for i, t := range texts {
		if string(t) == string(text) {
			return raws[i], raws, texts, seen
		}
	}
	if len(texts) == cap(texts) {
		seen = make(map[string]int, 2*len(texts))
		for i, t := range texts {
			seen[string(t)] = i
		}
		seen[string(text)] = len(raws)
		return nil, append(raws, k), texts, seen
	}
	return nil, append(raws, k), append(texts, text), seen
}
