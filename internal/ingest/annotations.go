package ingest

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/evalbook/evalbook/internal/project"
)

// rawRating is a rating as read, before its dimension is known as a whole.
type rawRating struct {
	project.Rating
	dim     string
	col     int  // column of the value, 0 when unknown (JSONL)
	numeric bool // the value is a finite number
}

// annotResult is what one annotation file holds.
type annotResult struct {
	ratings  []rawRating // in input order
	seen     *iterSeen
	warnings []string
	err      error
}

// ratingFields are the trimmed fields of one rating.
type ratingFields struct {
	item, rater, dim, value, iter, ts string
	valueCol, iterCol, tsCol          int
}

// readAnnotations reads one annotation file, CSV or JSONL by its extension.
func readAnnotations(fsys fs.FS, file string, cols columns) *annotResult {
	res := &annotResult{seen: newIterSeen()}
	f, err := fsys.Open(file)
	if err != nil {
		res.err = fmt.Errorf("%s: %w", file, err)
		return res
	}
	defer f.Close()
	in := interner{}
	if path.Ext(file) == ".jsonl" {
		res.err = res.readJSONL(file, f, cols, in)
	} else {
		res.err = res.readCSV(file, newCSV(f), cols, in)
	}
	return res
}

// readCSV reads annotations in CSV form.
func (res *annotResult) readCSV(file string, cr *csv.Reader, cols columns, in interner) error {
	h, err := readHeader(file, cr)
	if err != nil {
		return err
	}
	if h == nil {
		res.warnings = append(res.warnings, file+":1: empty file, no header")
		return nil
	}
	idx, err := annotColumns(file, cr, h, cols)
	if err != nil {
		return err
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return csvError(file, cr, rec, len(h.names), err)
		}
		line, _ := cr.FieldPos(0)
		colOf := func(i int) int {
			if i < 0 {
				return 0
			}
			_, c := cr.FieldPos(i)
			return c
		}
		f := ratingFields{
			item: cell(rec, idx[0]), rater: cell(rec, idx[1]), dim: cell(rec, idx[2]),
			value: cell(rec, idx[3]), iter: cell(rec, idx[4]), ts: cell(rec, idx[5]),
			valueCol: colOf(idx[3]), iterCol: colOf(idx[4]), tsCol: colOf(idx[5]),
		}
		if err := res.add(file, line, f, false, cols, in); err != nil {
			var missing *missingError
			if errors.As(err, &missing) {
				return errorf(file, line, colOf(idx[missing.field]), "empty %s", missing.name)
			}
			return err
		}
	}
}

// annotColumns returns the indexes of item, rater, dimension, value,
// iteration and timestamp (-1 for an absent optional one).
func annotColumns(file string, cr *csv.Reader, h *header, cols columns) ([6]int, error) {
	names := annotKeys(cols)
	var idx [6]int
	for k, name := range names {
		idx[k] = h.col(name)
		if k < 4 && idx[k] < 0 {
			return idx, fmt.Errorf("%s:1: the header has no %q column; an annotation file has the columns %s, %s, %s, %s and optionally %s, %s",
				file, name, names[0], names[1], names[2], names[3], names[4], names[5])
		}
	}
	for i, name := range h.names {
		if !slices.Contains(idx[:], i) {
			line, col := cr.FieldPos(i)
			return idx, errorf(file, line, col, "unknown column %q; an annotation file has the columns %s, %s, %s, %s and optionally %s, %s",
				name, names[0], names[1], names[2], names[3], names[4], names[5])
		}
	}
	return idx, nil
}

// annotKeys lists the annotation columns: the four required ones first.
func annotKeys(cols columns) [6]string {
	return [6]string{cols.item, cols.rater, cols.dimension, cols.value, cols.iteration, cols.timestamp}
}

// missingError reports an empty required field, by its index in annotKeys.
type missingError struct {
	field int
	name  string
}

func (e *missingError) Error() string { return "empty " + e.name }

// add records one rating. An empty value is a missing rating and is
// skipped. jsonNumber says the value was written as a JSON number.
func (res *annotResult) add(file string, line int, f ratingFields, jsonNumber bool, cols columns, in interner) error {
	keys := annotKeys(cols)
	for k, s := range []string{f.item, f.rater, f.dim} {
		if s == "" {
			return &missingError{field: k, name: keys[k]}
		}
	}
	pos := project.Pos{File: file, Line: line}
	var t time.Time
	if f.ts != "" {
		var err error
		if t, err = parseTime(f.ts); err != nil {
			return errorf(file, line, f.tsCol, "%v", err)
		}
	}
	iter := in.get(f.iter)
	if iter != "" {
		res.seen.see(iter, pos, f.iterCol, t)
	}
	if f.value == "" {
		return nil
	}
	x, numeric := parseNumber(f.value)
	if jsonNumber && !numeric {
		return errorf(file, line, 0, "value %s is out of range", f.value)
	}
	res.ratings = append(res.ratings, rawRating{
		Rating: project.Rating{
			Item: in.get(f.item), Rater: in.get(f.rater), Iteration: iter,
			Value: x, Label: in.get(f.value), Time: t, Pos: pos,
		},
		dim: in.get(f.dim), col: f.valueCol, numeric: numeric,
	})
	return nil
}

// maxLine bounds one line of a JSONL file.
const maxLine = 64 << 20

// readJSONL reads annotations in JSON Lines form, one object per line.
func (res *annotResult) readJSONL(file string, r io.Reader, cols columns, in interner) error {
	keys := annotKeys(cols)
	obj := map[string]json.RawMessage{}
	return eachJSONLine(file, r, obj, func(line int) error {
		if k := unknownKey(obj, keys[:]); k != "" {
			return errorf(file, line, 0, "unknown key %q; an annotation has the keys %s, %s, %s, %s and optionally %s, %s",
				k, keys[0], keys[1], keys[2], keys[3], keys[4], keys[5])
		}
		var vals [6]string
		jsonNumber := false
		for k, key := range keys {
			s, kind, err := jsonScalar(obj[key])
			switch {
			case k == 5 && (err != nil || kind == 'n' || kind == 'b'):
				return errorf(file, line, 0, "%q must be a string, an RFC 3339 timestamp or a YYYY-MM-DD date", key)
			case err != nil || kind == 'b':
				return errorf(file, line, 0, "%q must be a string or a number", key)
			}
			vals[k] = strings.TrimSpace(s)
			if k == 3 {
				jsonNumber = kind == 'n'
			}
		}
		f := ratingFields{item: vals[0], rater: vals[1], dim: vals[2], value: vals[3], iter: vals[4], ts: vals[5]}
		err := res.add(file, line, f, jsonNumber, cols, in)
		var missing *missingError
		if errors.As(err, &missing) {
			return errorf(file, line, 0, "missing or empty %q", missing.name)
		}
		return err
	})
}

// eachJSONLine calls fn for every non-blank line of r after decoding it into
// obj, which it clears first. Line numbers are 1-based.
func eachJSONLine(file string, r io.Reader, obj map[string]json.RawMessage, fn func(line int) error) error {
	sc := bufio.NewScanner(newReader(r))
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	line := 0
	for sc.Scan() {
		line++
		raw := sc.Bytes()
		b := bytes.TrimLeft(raw, " \t")
		indent := len(raw) - len(b)
		if b = bytes.TrimRight(b, " \t\r"); len(b) == 0 {
			continue
		}
		if b[0] != '{' {
			return errorf(file, line, indent+1, "want a JSON object ({...}), one per line")
		}
		clear(obj)
		if err := json.Unmarshal(b, &obj); err != nil {
			var se *json.SyntaxError
			if errors.As(err, &se) {
				return errorf(file, line, indent+int(se.Offset), "%v", se)
			}
			return errorf(file, line, 0, "%v", err)
		}
		if err := fn(line); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return errorf(file, line+1, 0, "line longer than %d MB", maxLine>>20)
		}
		return fmt.Errorf("%s: %w", file, err)
	}
	return nil
}

// unknownKey returns the first key of obj (in sorted order) that is not in
// known, or "".
func unknownKey(obj map[string]json.RawMessage, known []string) string {
	var unknown []string
	for k := range obj {
		if !slices.Contains(known, k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) == 0 {
		return ""
	}
	return slices.Min(unknown)
}

// jsonScalar returns the text of a JSON string, number or bool and its kind:
// 's', 'n' or 'b'; kind 0 and "" for null or an absent value. Arrays and
// objects are an error.
func jsonScalar(raw json.RawMessage) (string, byte, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", 0, nil
	}
	switch c := raw[0]; {
	case c == '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", 0, err
		}
		return s, 's', nil
	case c == 't' || c == 'f':
		return string(raw), 'b', nil
	case c == '-' || c >= '0' && c <= '9':
		return string(raw), 'n', nil
	}
	return "", 0, errors.New("not a string, number or bool")
}
