package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// eachArrayObject streams a JSON array of objects from r, holding one
// element at a time: fn gets each element's bytes (valid only during the
// call), its 1-based index, the line it starts on and the bytes read so
// far. An element that is not an object, and invalid JSON, are errors
// naming the element.
//
// It frames the elements itself (tracking strings and nesting, and
// counting lines on the way) and checks each in one pass (checkJSON: its
// syntax and its keys); json.Decoder scans a value twice to hand it over
// raw, which made a 200 MB export read at 70 MB/s, not 100+.
func eachArrayObject(file string, r io.Reader, lim limits, fn func(i, line int, obj []byte, offset int64) error) error {
	s := &arrayScanner{r: newReader(r), line: 1, max: lim.record()}
	c, err := s.next()
	switch {
	case err == io.EOF:
		return nil
	case err != nil:
		return fmt.Errorf("%s: %w", file, err)
	case c != '[':
		return errorf(file, s.line, 0, "want a JSON array ([...]) of objects")
	}
	for i := 1; ; i++ {
		c, err := s.next()
		if err != nil {
			return fmt.Errorf("%s: element %d: %w", file, i, jsonError(err))
		}
		if c == ']' && i == 1 {
			break
		}
		if i > 1 {
			if c == ']' {
				break
			}
			if c != ',' {
				return errorf(file, s.line, 0, "after element %d: want ',' or ']', found %q", i-1, c)
			}
			if c, err = s.next(); err != nil {
				return fmt.Errorf("%s: element %d: %w", file, i, jsonError(err))
			}
		}
		line := s.line
		obj, err := s.value(c)
		if err != nil {
			return fmt.Errorf("%s: element %d: %w", file, i, jsonError(err))
		}
		valid, key, first := checkJSON(obj)
		if !valid && !json.Valid(obj) {
			var v any
			return fmt.Errorf("%s: element %d (line %d): %w", file, i, line, jsonError(json.Unmarshal(obj, &v)))
		}
		if !valid { // nested deeper than checkJSON goes
			key, first = duplicateKey(obj)
		}
		if obj[0] != '{' {
			return errorf(file, line, 0, "element %d is not a JSON object", i)
		}
		if err := lim.checkJSONFields(file, line, 0, obj); err != nil {
			return err
		}
		if key != nil {
			kl, kc := posIn(obj, key, line)
			fl, fc := posIn(obj, first, line)
			return kindf(ErrDuplicateKey, file, kl, kc, "element %d: key %s appears twice in one object (first at %d:%d)", i, quoteJSON(key), fl, fc)
		}
		if err := fn(i, line, obj, s.offset); err != nil {
			return err
		}
	}
	if c, err := s.next(); err != io.EOF {
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		return errorf(file, s.line, 0, "text after the array: %q", c)
	}
	return nil
}

// arrayScanner cuts JSON values out of a stream.
type arrayScanner struct {
	r      *bufio.Reader
	buf    []byte // the value being read
	line   int    // the line of the next byte
	offset int64  // bytes read
	max    int    // the longest value held
}

// next returns the next byte that is not white space.
func (s *arrayScanner) next() (byte, error) {
	for {
		c, err := s.r.ReadByte()
		if err != nil {
			return 0, err
		}
		s.offset++
		switch c {
		case '\n':
			s.line++
		case ' ', '\t', '\r':
		default:
			return c, nil
		}
	}
}

// value reads the rest of the value that starts with c. Scalars end at the
// next ',' ']' or white space; objects and arrays at their closing bracket.
// The bytes are valid until the next call.
func (s *arrayScanner) value(c byte) ([]byte, error) {
	s.buf = append(s.buf[:0], c)
	if c != '{' && c != '[' {
		for {
			b, err := s.r.Peek(1)
			if err != nil || bytes.IndexByte([]byte(",]} \t\r\n"), b[0]) >= 0 {
				return s.buf, nil
			}
			s.r.ReadByte()
			s.offset++
			s.buf = append(s.buf, b[0])
			if len(s.buf) > s.max {
				return nil, fmt.Errorf("a value longer than %d bytes, %w", s.max, ErrFieldTooLong)
			}
		}
	}
	depth, inString := 1, false
	for {
		chunk, err := s.r.Peek(max(1, s.r.Buffered()))
		if len(chunk) == 0 {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
		i := 0
		for i < len(chunk) {
			if inString {
				j := bytes.IndexByte(chunk[i:], '"')
				if j < 0 {
					i = len(chunk)
					break
				}
				i += j + 1
				// The quote ends the string unless an odd number of
				// backslashes precede it (in this chunk or the value so far).
				n := 0
				for k := i - 2; ; k-- {
					var b byte
					if k >= 0 {
						b = chunk[k]
					} else if idx := len(s.buf) + k; idx >= 0 {
						b = s.buf[idx]
					}
					if b != '\\' {
						break
					}
					n++
				}
				inString = n%2 == 1
				continue
			}
			switch chunk[i] {
			case '"':
				inString = true
			case '{', '[':
				depth++
			case '}', ']':
				depth--
			case '\n':
				s.line++
			}
			i++
			if depth == 0 {
				break
			}
		}
		s.buf = append(s.buf, chunk[:i]...)
		if len(s.buf) > s.max {
			return nil, fmt.Errorf("a value longer than %d bytes, %w", s.max, ErrFieldTooLong)
		}
		s.r.Discard(i)
		s.offset += int64(i)
		if depth == 0 {
			return s.buf, nil
		}
	}
}

// jsonError makes the errors of encoding/json read better in messages.
func jsonError(err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("invalid JSON at byte %d: %v", se.Offset, se)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("the JSON ends early (a cut-off file?)")
	}
	return err
}

// eachElement calls fn with the raw bytes of every element of arr, a valid
// JSON array, in order.
func eachElement(arr []byte, fn func(val []byte) error) error {
	if len(arr) == 0 || arr[0] != '[' {
		return nil
	}
	for i := 1; ; {
		i = skipSpace(arr, i)
		if i >= len(arr) {
			return nil
		}
		switch arr[i] {
		case ']':
			return nil
		case ',':
			i++
			continue
		}
		end := valueEnd(arr, i)
		if err := fn(arr[i:end]); err != nil {
			return err
		}
		i = end
	}
}

// member returns the raw value of key in obj, a valid JSON object, or nil.
func member(obj []byte, key string) []byte {
	var out []byte
	if len(obj) == 0 || obj[0] != '{' {
		return nil
	}
	eachMember(obj, func(k, v []byte) error {
		if string(jsonKey(k)) == key {
			out = v
			return errStop
		}
		return nil
	})
	return out
}

// scalarText returns a raw JSON string, number or bool as text, trimmed;
// "" for null, an absent value, an array or an object.
func scalarText(raw []byte) string {
	return string(scalarBytes(raw))
}

// scalarBytes is scalarText as bytes, which may share memory with raw.
func scalarBytes(raw []byte) []byte {
	text, kind, err := jsonScalar(raw)
	if err != nil || kind == 0 {
		return nil
	}
	return bytes.TrimSpace(text)
}

// scalar returns a raw JSON string, number or bool as interned text,
// trimmed; "" as scalarText. A repeated value costs no allocation.
func (in interner) scalar(raw []byte) string {
	text, kind, err := jsonScalar(raw)
	if err != nil || kind == 0 {
		return ""
	}
	return in.bytes(bytes.TrimSpace(text))
}

// lineOf returns the line of sub, a subslice of obj, when obj starts on
// line.
func lineOf(obj, sub []byte, line int) int {
	off := cap(obj) - cap(sub)
	if off < 0 || off > len(obj) {
		return line
	}
	return line + bytes.Count(obj[:off], []byte{'\n'})
}

// posIn returns the line and column of part, a part of obj, where obj
// starts on line (at a column not known: the column counts from obj's
// start on its first line).
func posIn(obj, part []byte, line int) (int, int) {
	off := cap(obj) - cap(part)
	if off < 0 || off >= len(obj) {
		return line, 0
	}
	before := obj[:off]
	nl := bytes.LastIndexByte(before, '\n')
	return line + bytes.Count(before, []byte{'\n'}), off - nl
}

// duplicateKeyError reports the first key that appears twice in one object
// of doc, a whole file holding one valid JSON value, with the line and
// column of both appearances; nil when every object's keys are distinct.
func duplicateKeyError(file string, doc []byte) error {
	v := bytes.TrimLeft(doc, " \t\r\n")
	if len(v) == 0 {
		return nil
	}
	key, first := duplicateKey(v)
	if key == nil {
		return nil
	}
	line, col := posIn(doc, key, 1)
	fline, fcol := posIn(doc, first, 1)
	return kindf(ErrDuplicateKey, file, line, col, "key %s appears twice in one object (first at %d:%d)",
		quoteJSON(key), fline, fcol)
}
