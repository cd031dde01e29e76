package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/evalbook/evalbook/internal/number"
	"github.com/evalbook/evalbook/internal/safetext"
)

// eachJSONLine calls fn for every non-blank line of r that holds a valid
// JSON object, with the object's bytes (valid only during the call) and the
// number of bytes read so far. Line numbers are 1-based. A line that is not
// a JSON object, and an object (at any depth) that names a key twice, are
// errors with their line, column and record number (the count of
// non-blank lines so far). An error fn makes with atValue gets the line,
// the column of the value it names and the record number.
func eachJSONLine(file string, r io.Reader, lim limits, fn func(line int, obj []byte, offset int64) error) error {
	return eachJSONRecord(file, r, lim, func(line int, rec *jsonRecord, offset int64) error {
		return fn(line, rec.obj, offset)
	})
}

// eachJSONRecord is eachJSONLine handing fn the object as a jsonRecord,
// its members framed when it is flat. A flat object is checked and framed
// in one pass (flatObject), its keys against the last line's; any other
// is checked in one pass too (checkJSON).
func eachJSONRecord(file string, r io.Reader, lim limits, fn func(line int, rec *jsonRecord, offset int64) error) error {
	var rec jsonRecord
	var members []jsonMember
	var keys keyMemo
	sc := bufio.NewScanner(newReader(r))
	sc.Buffer(make([]byte, 0, 64<<10), lim.record())
	line, record, offset := 0, 0, int64(0)
	for sc.Scan() {
		line++
		raw := sc.Bytes()
		offset += int64(len(raw)) + 1
		b := bytes.TrimLeft(raw, " \t")
		indent := len(raw) - len(b)
		if b = bytes.TrimRight(b, " \t\r"); len(b) == 0 {
			continue
		}
		record++
		if b[0] != '{' {
			return kindf(ErrSyntax, file, line, indent+1, "record %d: want a JSON object ({...}), one per line", record)
		}
		var flat bool
		members, flat = flatObject(b, members[:0])
		rec = jsonRecord{obj: b}
		var valid bool
		var key, first []byte
		if flat && keys.distinct(members) {
			rec.members = members
		} else if valid, key, first = checkJSON(b); !valid {
			if json.Valid(b) { // nested deeper than checkJSON goes
				valid = true
				key, first = duplicateKey(b)
			}
		}
		switch {
		case rec.members != nil:
		case !valid:
			var v any
			err := json.Unmarshal(b, &v)
			var se *json.SyntaxError
			if errors.As(err, &se) {
				return kindf(ErrSyntax, file, line, indent+int(se.Offset), "record %d: %v", record, se)
			}
			return kindf(ErrSyntax, file, line, 0, "record %d: invalid JSON: %v", record, err)
		default:
			if key != nil {
				return kindf(ErrDuplicateKey, file, line, colIn(raw, key), "record %d: key %s appears twice in one object (first at column %d)",
					record, quoteJSON(key), colIn(raw, first))
			}
		}
		if err := lim.checkJSONFields(file, line, indent+1, b); err != nil {
			return err
		}
		if err := fn(line, &rec, offset); err != nil {
			var ve *valueError
			if errors.As(err, &ve) {
				return fmt.Errorf("%s: record %d: %w", where(file, line, colIn(raw, ve.val)), record, &kindError{ve.kind, ve.err})
			}
			return err
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return fmt.Errorf("%s: line longer than %d bytes, %w", where(file, line+1, 0), lim.record(), ErrFieldTooLong)
		}
		return fmt.Errorf("%s: %w", file, err)
	}
	return nil
}

// valueError is an error about one JSON value of a record, which
// eachJSONLine (or its caller) places at the value's line and column.
type valueError struct {
	val       []byte // the raw value, a part of the record's bytes
	kind, err error
}

func (e *valueError) Error() string   { return e.err.Error() }
func (e *valueError) Unwrap() []error { return []error{e.kind, e.err} }

// atValue returns an error of kind about val, a raw value inside the object
// eachJSONLine handed to its fn, to be placed at val's column.
func atValue(val []byte, kind error, format string, args ...any) error {
	return &valueError{val: val, kind: kind, err: fmt.Errorf(format, args...)}
}

// colIn returns the 1-based column at which part starts in line, or 0 when
// part is not a part of line's bytes.
func colIn(line, part []byte) int {
	off := cap(line) - cap(part)
	if len(part) == 0 || off < 0 || off >= len(line) || &line[off] != &part[0] {
		return 0
	}
	return off + 1
}

// quoteJSON returns a raw JSON key for a message, cut to at most a few
// hundred bytes.
func quoteJSON(key []byte) string {
	const most = 200
	if len(key) > most {
		return string(key[:most]) + "…"
	}
	return string(key)
}

// duplicateKey returns the raw key that appears a second time in an
// object anywhere in v, a valid JSON value, and its first appearance;
// nil when every object's keys are distinct. Keys compare by their
// decoded text.
func duplicateKey(v []byte) (dup, first []byte) {
	switch v[0] {
	case '[':
		eachElement(v, func(e []byte) error {
			if e[0] == '{' || e[0] == '[' {
				dup, first = duplicateKey(e)
			}
			if dup != nil {
				return errStop
			}
			return nil
		})
	case '{':
		var first16, texts16 [16][]byte
		keys := first16[:0]  // raw keys, in order
		texts := texts16[:0] // their text, while there are at most 16
		var seen map[string]int
		eachMember(v, func(k, val []byte) error {
			text := jsonKey(k)
			if seen != nil {
				if i, ok := seen[string(text)]; ok {
					dup, first = k, keys[i]
					return errStop
				}
				seen[string(text)] = len(keys)
			} else {
				for i, prev := range texts {
					if bytes.Equal(prev, text) {
						dup, first = k, keys[i]
						return errStop
					}
				}
				texts = append(texts, text)
				if len(keys) == 16 { // many keys: a map from here on
					seen = make(map[string]int, 32)
					for i, prev := range keys {
						seen[string(jsonKey(prev))] = i
					}
					seen[string(text)] = len(keys)
				}
			}
			keys = append(keys, k)
			if val[0] == '{' || val[0] == '[' {
				if dup, first = duplicateKey(val); dup != nil {
					return errStop
				}
			}
			return nil
		})
	}
	return dup, first
}

// errStop ends a walk early.
var errStop = errors.New("stop")

// eachMember calls fn with the raw key (quotes included) and raw value of
// every member of obj, a valid JSON object, in order; nothing when obj is
// not an object.
func eachMember(obj []byte, fn func(key, val []byte) error) error {
	if len(obj) == 0 || obj[0] != '{' {
		return nil
	}
	for i := 1; ; {
		i = skipSpace(obj, i)
		switch obj[i] {
		case '}':
			return nil
		case ',':
			i++
			continue
		}
		kEnd := stringEnd(obj, i)
		key := obj[i:kEnd]
		i = skipSpace(obj, skipSpace(obj, kEnd)+1) // past ':'
		vEnd := valueEnd(obj, i)
		if err := fn(key, obj[i:vEnd]); err != nil {
			return err
		}
		i = vEnd
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// stringEnd returns the index just past the string that starts at b[i].
func stringEnd(b []byte, i int) int {
	// Most strings are short keys: a plain loop beats IndexByte's call
	// there; a long text switches to it.
	j := i + 1
	for end := min(len(b), j+24); j < end; j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	for j < len(b) {
		k := bytes.IndexByte(b[j:], '"')
		if k < 0 {
			return len(b)
		}
		j += k
		n := 0 // backslashes right before the quote
		for m := j - 1; m > i && b[m] == '\\'; m-- {
			n++
		}
		if n%2 == 0 {
			return j + 1
		}
		j++
	}
	return len(b)
}

// structural marks the bytes valueEnd stops at inside an array or object.
var structural = [256]bool{'"': true, '{': true, '[': true, '}': true, ']': true}

// valueEnd returns the index just past the value that starts at b[i].
func valueEnd(b []byte, i int) int {
	switch b[i] {
	case '"':
		return stringEnd(b, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			if !structural[b[j]] {
				continue
			}
			switch b[j] {
			case '"':
				j = stringEnd(b, j) - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return j + 1
				}
			}
		}
		return len(b)
	}
	for j := i; j < len(b); j++ {
		switch b[j] {
		case ',', '}', ']', ' ', '\t', '\r', '\n':
			return j
		}
	}
	return len(b)
}

// jsonScalar returns the text of a raw JSON string, number or bool and its
// kind: 's', 'n' or 'b'; kind 0 and nil for null or an absent value. Arrays
// and objects are an error. The text may share memory with raw.
func jsonScalar(raw []byte) ([]byte, byte, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, 0, nil
	}
	switch c := raw[0]; {
	case c == '"':
		inner := raw[1 : len(raw)-1]
		if len(inner) <= 32 && plainASCII(inner) || bytes.IndexByte(inner, '\\') < 0 && utf8.Valid(inner) {
			return inner, 's', nil
		}
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, 0, err
		}
		return []byte(s), 's', nil
	case c == 't' || c == 'f':
		return raw, 'b', nil
	case c == '-' || c >= '0' && c <= '9':
		return raw, 'n', nil
	}
	return nil, 0, errors.New("not a string, number or bool")
}

// plainASCII reports whether b is ASCII without a backslash: a short
// string's text as written, checked in one plain loop.
func plainASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf || c == '\\' {
			return false
		}
	}
	return true
}

// jsonKey returns the text of a raw JSON object key.
func jsonKey(raw []byte) []byte {
	text, _, err := jsonScalar(raw)
	if err != nil {
		return raw
	}
	return text
}

// bytes interns the string with the bytes b.
func (in interner) bytes(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if v, ok := in[string(b)]; ok {
		return v
	}
	k := string(b)
	v := safetext.String(k)
	in[k] = v
	return v
}

// readJSONL reads annotations in JSON Lines form, one object per line.
func (res *annotResult) readJSONL(sf *sourceFile, r io.Reader) error {
	file, in := sf.path, sf.in
	keys := annotKeys(sf.cols, sf.spec)
	var memos [8]memo
	return eachJSONRecord(file, r, sf.lim, func(line int, rec *jsonRecord, offset int64) error {
		res.reserve(sf.size, offset)
		var raw [8][]byte
		unknown := ""
		err := rec.each(func(key, val []byte) error {
			k := jsonKey(key)
			for i, name := range keys {
				if string(k) == name {
					raw[i] = val
					return nil
				}
			}
			if s := string(k); unknown == "" || s < unknown {
				unknown = s
			}
			return nil
		})
		if err != nil {
			return err
		}
		if unknown != "" {
			return errorf(file, line, 0, "unknown key %q; an annotation has the keys %s, %s, %s, %s and optionally %s, %s, %s, %s",
				unknown, keys[0], keys[1], keys[2], keys[3], keys[4], keys[5], keys[6], keys[7])
		}
		var vals [8]string
		jsonNumber := false
		for k, key := range keys {
			text, kind, err := jsonScalar(raw[k])
			switch {
			case k == 5 && (err != nil || kind == 'n' || kind == 'b'):
				return atValue(raw[k], ErrType, "%q must be a string, an RFC 3339 timestamp or a YYYY-MM-DD date", key)
			case err != nil || kind == 'b':
				return atValue(raw[k], ErrType, "%q must be a string or a number", key)
			case k == 7 && kind == 'n':
				return atValue(raw[k], ErrType, "%q must be a string", key)
			case kind == 'n' && (k == 3 || k == 6):
				if _, kind := number.Float(string(text)); kind != nil {
					_, err := number.Parse(string(text))
					return atValue(raw[k], ErrBadValue, "%q: %w", key, err)
				}
			}
			vals[k] = memos[k].bytes(in, bytes.TrimSpace(text))
			if k == 3 {
				jsonNumber = kind == 'n'
			}
		}
		f := ratingFields{item: vals[0], rater: vals[1], dim: vals[2], value: vals[3], iter: vals[4], ts: vals[5], gold: vals[6], comment: vals[7]}
		if err := sf.rating(line, f, jsonNumber); err != nil {
			var missing *missingError
			if errors.As(err, &missing) {
				return errorf(file, line, 0, "missing or empty %q", missing.name)
			}
			return err
		}
		return nil
	})
}
