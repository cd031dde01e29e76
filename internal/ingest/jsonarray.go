package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// lineCounter counts the newlines read through it.
type lineCounter struct {
	r        io.Reader
	newlines int
}

func (c *lineCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.newlines += bytes.Count(p[:n], []byte{'\n'})
	return n, err
}

// eachArrayObject streams a JSON array of objects from r without holding
// more than one element: fn gets each element's bytes (valid only during
// the call), its 1-based index and the line it starts on. An element that
// is not an object, and invalid JSON, are errors naming the element.
func eachArrayObject(file string, r io.Reader, fn func(i, line int, obj []byte) error) error {
	lc := &lineCounter{r: r}
	dec := json.NewDecoder(lc)
	tok, err := dec.Token()
	if err == io.EOF {
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: %w", file, jsonError(err))
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return errorf(file, 1, 0, "want a JSON array ([...]) of objects")
	}
	var raw json.RawMessage
	var scratch []byte
	for i := 1; dec.More(); i++ {
		raw = raw[:0]
		if err := dec.Decode(&raw); err != nil {
			return fmt.Errorf("%s: element %d: %w", file, i, jsonError(err))
		}
		// The line where raw ends: every newline read so far, less those
		// still buffered in the decoder.
		end := 1 + lc.newlines
		if br, ok := dec.Buffered().(*bytes.Reader); ok && br.Len() > 0 {
			if cap(scratch) < br.Len() {
				scratch = make([]byte, br.Len())
			}
			n, _ := br.Read(scratch[:br.Len()])
			end -= bytes.Count(scratch[:n], []byte{'\n'})
		}
		line := end - bytes.Count(raw, []byte{'\n'})
		if len(raw) == 0 || raw[0] != '{' {
			return errorf(file, line, 0, "element %d is not a JSON object", i)
		}
		if err := fn(i, line, raw); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil {
		return fmt.Errorf("%s: %w", file, jsonError(err))
	}
	return nil
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
		if out == nil && string(jsonKey(k)) == key {
			out = v
		}
		return nil
	})
	return out
}

// scalarText returns a raw JSON string, number or bool as text, trimmed;
// "" for null, an absent value, an array or an object.
func scalarText(raw []byte) string {
	text, kind, err := jsonScalar(raw)
	if err != nil || kind == 0 {
		return ""
	}
	return string(bytes.TrimSpace(text))
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
