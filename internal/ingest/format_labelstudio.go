package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/evalbook/evalbook/internal/project"
)

// The label-studio format is Label Studio's JSON export: an array of
// tasks, each {"id", "data": {...}, "annotations": [{"completed_by",
// "was_cancelled", "created_at", "result": [{"from_name", "type",
// "value"}]}]}. One record is one annotation. The item is the task id, or
// the data key the source names as item; the rater is completed_by (its
// email when it is an object with one, else its id); the iteration is the
// data key the source names as iteration, else iteration_value, else none.
// Each result is a rating on the dimension from_name: choices (one choice:
// its label), rating and number (the number), taxonomy (one path: its
// levels joined by " / "); a textarea is the rater's comment and goes on
// every rating of its annotation. Cancelled annotations, results of other
// types (labels, rectanglelabels, ...) and multi-select results are
// skipped and counted. Data keys that look like an input, output or
// reference (or that the source names) become the item's text.
//
// The label-studio-min format is the JSON_MIN export: an array of flat
// objects, one per annotation, with the task's data keys, "id",
// "annotator", "annotation_id", created_at, updated_at, lead_time and one
// key per from_name: a choice or textarea as a string, a rating or number
// as [{"rating": 4}], several choices as [{"choices": [...]}]. Since data
// keys and from_names share the object, the dimensions are the keys the
// source lists in dimensions, else every key that is not metadata, item
// text, the item or iteration key or the comment key and whose value is a
// number, a short one-line string or such a list.
func init() {
	register(&format{
		name:  "label-studio",
		kinds: []string{kindAnnotations},
		order: 10,
		sniff: func(h *head) error { return sniffLabelStudio(h, false) },
		read:  readLabelStudio,
	})
	register(&format{
		name:  "label-studio-min",
		kinds: []string{kindAnnotations},
		order: 11,
		sniff: func(h *head) error { return sniffLabelStudio(h, true) },
		read:  readLabelStudioMin,
	})
}

// sniffLabelStudio accepts a JSON array whose first element has the keys of
// a task ("annotations") or, for JSON_MIN, of a flat annotation
// ("annotator" or "annotation_id").
func sniffLabelStudio(h *head, min bool) error {
	if why := h.binary(); why != "" {
		return errors.New(why)
	}
	what := "a Label Studio export is a JSON array of tasks"
	if min {
		what = "a JSON_MIN export is a JSON array of objects"
	}
	if c := h.first(); c != '[' {
		if c == 0 {
			return errors.New("empty")
		}
		return fmt.Errorf("starts with '%c', not '[': %s", c, what)
	}
	keys, empty := firstObjectKeys(h.b)
	has := func(names ...string) bool {
		for _, k := range keys {
			for _, n := range names {
				if k == n {
					return true
				}
			}
		}
		return false
	}
	switch {
	case empty && !min:
		return nil // an export with no tasks
	case empty:
		return errors.New("an empty array")
	case !min && has("annotations"):
		return nil
	case min && !has("annotations") && has("annotator", "annotation_id"):
		return nil
	case !min:
		return errors.New("the first element has no \"annotations\" key")
	}
	return errors.New("the first element has no \"annotator\" or \"annotation_id\" key")
}

// firstObjectKeys returns the top-level keys of the first object of the
// JSON array that b starts (as far as b goes), or empty when the array is
// empty.
func firstObjectKeys(b []byte) (keys []string, empty bool) {
	dec := json.NewDecoder(bytes.NewReader(b))
	if t, err := dec.Token(); err != nil || t != json.Delim('[') {
		return nil, false
	}
	t, err := dec.Token()
	if err != nil {
		return nil, false
	}
	if t == json.Delim(']') {
		return nil, true
	}
	if t != json.Delim('{') {
		return nil, false
	}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return keys, false
		}
		if s, ok := k.(string); ok {
			keys = append(keys, s)
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return keys, false
		}
	}
	return keys, false
}

// lsTimestamp parses a Label Studio timestamp; zero when there is none or
// it does not parse.
func lsTimestamp(raw []byte) time.Time {
	t, err := time.Parse(time.RFC3339Nano, scalarText(raw))
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}

// dataFields returns the scalar members of a task's data object as text.
func dataFields(data []byte) []field {
	var out []field
	if len(data) == 0 || data[0] != '{' {
		return nil
	}
	eachMember(data, func(k, v []byte) error {
		if s := scalarText(v); s != "" {
			out = append(out, field{string(jsonKey(k)), s})
		}
		return nil
	})
	return out
}

func fieldValue(fields []field, name string) string {
	for _, f := range fields {
		if f.name == name {
			return f.value
		}
	}
	return ""
}

func readLabelStudio(sf *sourceFile, r io.Reader) error {
	return eachArrayObject(sf.path, r, sf.lim, func(n, line int, task []byte, offset int64) error {
		sf.annot.reserve(sf.size, offset)
		var id, data, annots []byte
		eachMember(task, func(k, v []byte) error {
			switch string(jsonKey(k)) {
			case "id":
				id = v
			case "data":
				data = v
			case "annotations":
				annots = v
			}
			return nil
		})
		fields := dataFields(data)
		item := scalarText(id)
		if key := sf.mapped("item"); key != "" {
			item = fieldValue(fields, key)
		}
		iter := sf.spec.IterationValue
		if key := sf.mapped("iteration"); key != "" {
			iter = fieldValue(fields, key)
		}
		if item == "" {
			what := `"id"`
			if key := sf.mapped("item"); key != "" {
				what = fmt.Sprintf("data key %q", key)
			}
			err := errorf(sf.path, line, 0, "task %d has no %s for the item", n, what)
			return eachElement(annots, func(a []byte) error {
				sf.record()
				return sf.soft(err, "task without "+what, line)
			})
		}
		sf.keepItem(sf.in.get(item), line, fields)
		return eachElement(annots, func(a []byte) error {
			return sf.lsAnnotation(item, iter, n, lineOf(task, a, line), a)
		})
	})
}

// lsAnnotation reads one annotation of task n.
func (sf *sourceFile) lsAnnotation(item, iter string, n, line int, a []byte) error {
	sf.record()
	if a[0] != '{' {
		sf.skip("annotation that is not a JSON object", line)
		return nil
	}
	var by, cancelled, created, results []byte
	eachMember(a, func(k, v []byte) error {
		switch string(jsonKey(k)) {
		case "completed_by":
			by = v
		case "was_cancelled":
			cancelled = v
		case "created_at":
			created = v
		case "result":
			results = v
		}
		return nil
	})
	if string(cancelled) == "true" {
		sf.skip("cancelled annotation (was_cancelled)", line)
		return nil
	}
	rater := sf.spec.RaterValue
	if rater == "" {
		rater = lsRater(by)
	}
	if rater == "" {
		return sf.soft(errorf(sf.path, line, 0, "task %d: an annotation has no completed_by (the rater)", n), "annotation without completed_by", line)
	}
	var comments []string
	ratings := sf.lsRated[:0]
	defer func() { sf.lsRated = ratings[:0] }()
	eachElement(results, func(res []byte) error {
		rline := lineOf(a, res, line)
		if res[0] != '{' {
			sf.skipPart("result that is not a JSON object", rline)
			return nil
		}
		var typ, from, value []byte
		eachMember(res, func(k, v []byte) error {
			switch string(jsonKey(k)) {
			case "type":
				typ = v
			case "from_name":
				from = v
			case "value":
				value = v
			}
			return nil
		})
		t, dim := sf.in.scalar(typ), sf.in.scalar(from)
		if t == "textarea" {
			for _, s := range stringList(member(value, "text")) {
				if s = strings.TrimSpace(s); s != "" {
					comments = append(comments, s)
				}
			}
			return nil
		}
		if dim == "" {
			sf.skipPart("result without from_name", rline)
			return nil
		}
		v, number, why := lsValue(sf.in, t, value)
		if why != "" {
			sf.skipPart(why, rline)
			return nil
		}
		ratings = append(ratings, lsRated{dim, v, number, rline})
		return nil
	})
	comment := strings.Join(comments, "\n")
	if comment != "" {
		sf.report.Comments++
	}
	if len(ratings) == 0 {
		reason := "annotation without a rating result"
		if comment != "" {
			reason = "annotation with only a comment, no rating"
		}
		sf.skip(reason, line)
		return nil
	}
	ts := lsTimestamp(created)
	for _, r := range ratings {
		sf.annot.lsRating(sf, r.line, item, rater, r.dim, r.value, iter, comment, r.number, ts)
	}
	return nil
}

// lsRated is a rating result of an annotation, before the annotation's
// comment is known.
type lsRated struct {
	dim, value string
	number     bool
	line       int
}

// lsRating adds one rating read from a JSON export, whose fields are
// already checked.
func (res *annotResult) lsRating(sf *sourceFile, line int, item, rater, dim, value, iter, comment string, number bool, t time.Time) {
	in := sf.in
	pos := project.Pos{File: sf.path, Line: line}
	x, numeric := parseNumber(value)
	iter = in.get(iter)
	if iter != "" {
		res.seen.see(iter, pos, 0, t)
	}
	if number && !numeric {
		sf.skipPart("a number out of range", line)
		return
	}
	res.ratings.add(rawRating{
		Rating: project.Rating{
			Item: in.get(item), Rater: in.get(rater), Iteration: iter,
			Value: x, Label: in.get(value), Time: t, Comment: comment, Pos: pos,
		},
		dim: in.get(dim), numeric: numeric,
	})
}

// lsRater returns the rater of completed_by: an id, or an object whose
// email (else id) names the rater.
func lsRater(raw []byte) string {
	if len(raw) > 0 && raw[0] == '{' {
		if e := scalarText(member(raw, "email")); e != "" {
			return e
		}
		return scalarText(member(raw, "id"))
	}
	return scalarText(raw)
}

// lsValue returns the rating a result of type t holds, whether it is a
// JSON number, or why it is not a rating.
func lsValue(in interner, t string, value []byte) (v string, number bool, why string) {
	switch t {
	case "choices":
		n, first := 0, ""
		eachElement(member(value, "choices"), func(v []byte) error {
			if n++; n == 1 {
				first = in.scalar(v)
			}
			return nil
		})
		switch n {
		case 1:
			return first, false, ""
		case 0:
			return "", false, "choices result with no choice"
		}
		return "", false, "choices result with several choices (multi-select)"
	case "rating", "number":
		raw := member(value, t)
		if _, kind, err := jsonScalar(raw); err == nil && kind == 'n' {
			return in.scalar(raw), true, ""
		}
		return "", false, t + " result without a number"
	case "taxonomy":
		var paths [][]string
		if err := json.Unmarshal(member(value, "taxonomy"), &paths); err != nil || len(paths) != 1 || len(paths[0]) == 0 {
			return "", false, "taxonomy result without exactly one path"
		}
		return strings.Join(paths[0], " / "), false, ""
	case "labels":
		return "", false, "labels result (span labels are not item ratings)"
	}
	return "", false, fmt.Sprintf("result of type %s (not a rating)", t)
}

// stringList returns the strings of a raw JSON array of strings.
func stringList(raw []byte) []string {
	var out []string
	eachElement(raw, func(v []byte) error {
		if s, kind, err := jsonScalar(v); err == nil && kind == 's' {
			out = append(out, string(s))
		}
		return nil
	})
	return out
}

// lsMinMeta are the keys of a JSON_MIN record that are not data or results.
var lsMinMeta = map[string]bool{
	"id": true, "annotator": true, "annotation_id": true, "created_at": true,
	"updated_at": true, "lead_time": true, "agreement": true,
}

func readLabelStudioMin(sf *sourceFile, r io.Reader) error {
	textKeys := map[string]bool{}
	for _, names := range [][]string{inputNames, outputNames, referenceNames} {
		for _, n := range names {
			textKeys[n] = true
		}
	}
	for _, k := range []string{sf.spec.Input, sf.spec.Output, sf.spec.Reference, sf.mapped("item"), sf.mapped("iteration"), sf.spec.Comment} {
		if k != "" {
			textKeys[strings.ToLower(k)] = true
		}
	}
	isDim := func(key string, v []byte) bool {
		if len(sf.spec.Dimensions) > 0 {
			for _, d := range sf.spec.Dimensions {
				if d == key {
					return true
				}
			}
			return false
		}
		if lsMinMeta[key] || textKeys[strings.ToLower(key)] {
			return false
		}
		switch {
		case len(v) > 0 && v[0] == '[':
			return true
		case len(v) > 0 && v[0] == '"':
			s := scalarText(v)
			return len(s) <= 64 && !strings.ContainsAny(s, "\n")
		}
		_, kind, err := jsonScalar(v)
		return err == nil && kind == 'n'
	}
	return eachArrayObject(sf.path, r, sf.lim, func(n, line int, obj []byte, offset int64) error {
		sf.annot.reserve(sf.size, offset)
		sf.record()
		var fields []field
		type dimVal struct {
			dim string
			raw []byte
		}
		var dims []dimVal
		var annotator, created []byte
		eachMember(obj, func(k, v []byte) error {
			key := string(jsonKey(k))
			switch key {
			case "annotator":
				annotator = v
			case "created_at":
				created = v
			}
			if isDim(key, v) {
				dims = append(dims, dimVal{key, v})
			} else if s := scalarText(v); s != "" {
				fields = append(fields, field{key, s})
			}
			return nil
		})
		item := fieldValue(fields, "id")
		if key := sf.mapped("item"); key != "" {
			item = fieldValue(fields, key)
		}
		if item == "" {
			return sf.soft(errorf(sf.path, line, 0, "record %d has no %s for the item", n, quoteKey(sf.mapped("item"), "id")), "record without an item", line)
		}
		iter := sf.spec.IterationValue
		if key := sf.mapped("iteration"); key != "" {
			iter = fieldValue(fields, key)
		}
		rater := sf.spec.RaterValue
		if rater == "" {
			rater = scalarText(annotator)
		}
		if rater == "" {
			return sf.soft(errorf(sf.path, line, 0, "record %d has no \"annotator\" (the rater)", n), "record without annotator", line)
		}
		sf.keepItem(sf.in.get(item), line, fields)
		comment := ""
		if sf.spec.Comment != "" {
			comment = fieldValue(fields, sf.spec.Comment)
			if comment != "" {
				sf.report.Comments++
			}
		}
		ts := lsTimestamp(created)
		kept := 0
		for _, d := range dims {
			v, number, why := lsMinValue(sf.in, d.raw)
			if why != "" {
				sf.skipPart(why, lineOf(obj, d.raw, line))
				continue
			}
			sf.annot.lsRating(sf, lineOf(obj, d.raw, line), item, rater, d.dim, v, iter, comment, number, ts)
			kept++
		}
		if kept == 0 {
			sf.skip("record without a rating", line)
		}
		return nil
	})
}

func quoteKey(configured, def string) string {
	if configured != "" {
		return fmt.Sprintf("%q", configured)
	}
	return fmt.Sprintf("%q", def)
}

// lsMinValue reads a JSON_MIN result: a string or number, or a list of one
// object with choices, rating, number, text or taxonomy.
func lsMinValue(in interner, raw []byte) (v string, number bool, why string) {
	if len(raw) > 0 && raw[0] == '[' {
		var objs [][]byte
		eachElement(raw, func(e []byte) error {
			objs = append(objs, e)
			return nil
		})
		if len(objs) != 1 || objs[0][0] != '{' {
			return "", false, "result that is not one value (a list of several)"
		}
		for _, t := range []string{"choices", "rating", "number", "taxonomy"} {
			if member(objs[0], t) != nil {
				return lsValue(in, t, objs[0])
			}
		}
		if member(objs[0], "labels") != nil {
			return lsValue(in, "labels", objs[0])
		}
		return "", false, "result of an unknown shape"
	}
	s, kind, err := jsonScalar(raw)
	switch {
	case err != nil || kind == 'b':
		return "", false, "result that is not a string or number"
	case kind == 0 || len(bytes.TrimSpace(s)) == 0:
		return "", false, "empty result (a missing rating)"
	}
	return string(bytes.TrimSpace(s)), kind == 'n', ""
}
