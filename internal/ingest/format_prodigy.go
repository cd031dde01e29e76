package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"path"
	"strings"
	"time"

	"github.com/evalbook/evalbook/internal/number"
)

// The prodigy format is Prodigy's db-out JSONL: one annotated task per
// line with "_input_hash", "_task_hash", "answer" ("accept", "reject" or
// "ignore"), "_annotator_id", "_session_id", "_timestamp" (Unix seconds),
// the task's "text" and "meta", and for choice tasks "options" ([{"id",
// "text"}]) and "accept" (the chosen ids). One record is one line.
//
// The item is "_input_hash" (the same input shown to several annotators is
// one item), or the key the source names as item ("meta.<key>" for a key
// of meta); the rater is "_annotator_id", else "_session_id", else
// rater_value; the iteration is the source's iteration key (top level or
// meta.<key>), else iteration_value, else none. A choice task (one with
// "options") is a label rating whose value is the chosen option's id, on
// the dimension dimension_value, else the dataset (the file name without
// its extension, as `prodigy db-out <dataset> > <dataset>.jsonl` writes
// it); several chosen options (multiple choice) are skipped and counted.
// Any other task is a binary rating, accept 1 and reject 0, on the
// dimension dimension_value, else the task's "label" (a binary
// classification of that label), else the dataset. Answers "ignore" are
// skipped and counted, as are rejected choice tasks (the annotator
// rejected the question, not an option). "text" (and the usual input,
// output and reference keys, at the top level or in meta) is the item's
// text.
func init() {
	register(&format{
		name:  "prodigy",
		kinds: []string{kindAnnotations},
		order: 25,
		sniff: sniffProdigy,
		read:  readProdigy,
	})
}

func sniffProdigy(h *head) error {
	if why := h.binary(); why != "" {
		return errors.New(why)
	}
	line := bytes.TrimSpace(h.firstLine())
	if len(line) == 0 || line[0] != '{' {
		return errors.New("not a JSON object per line")
	}
	keys := lineKeys(line)
	if keys == nil { // a line longer than the head: look for the keys
		keys = map[string]bool{}
		for _, k := range []string{"answer", "_input_hash", "_task_hash"} {
			keys[k] = bytes.Contains(line, []byte(`"`+k+`":`))
		}
	}
	if !keys["answer"] || !keys["_input_hash"] && !keys["_task_hash"] {
		return errors.New(`line 1 has no "answer" with "_input_hash" or "_task_hash"`)
	}
	return nil
}

// lineKeys returns the top-level keys of line when it is a whole JSON
// object, else nil.
func lineKeys(line []byte) map[string]bool {
	if !json.Valid(line) {
		return nil
	}
	keys := map[string]bool{}
	eachMember(line, func(k, _ []byte) error {
		keys[string(jsonKey(k))] = true
		return nil
	})
	return keys
}

// datasetName is the name of the data set a file holds: its base name
// without the extension.
func datasetName(file string) string {
	base := path.Base(file)
	return strings.TrimSuffix(base, path.Ext(base))
}

// lookup returns the raw value of key in obj, or of a key of a nested
// object for "outer.inner" (such as meta.source); nil when absent.
func lookup(obj []byte, key string) []byte {
	if v := member(obj, key); v != nil {
		return v
	}
	if outer, inner, ok := strings.Cut(key, "."); ok {
		return member(member(obj, outer), inner)
	}
	return nil
}

func readProdigy(sf *sourceFile, r io.Reader) error {
	dataset := datasetName(sf.path)
	itemKey := sf.mapped("item")
	if itemKey == "" {
		itemKey = "_input_hash"
	}
	var fields []field
	return eachJSONLine(sf.path, r, sf.lim, func(line int, obj []byte, offset int64) error {
		sf.record()
		sf.annot.reserve(sf.size, offset)
		answer := scalarText(member(obj, "answer"))
		switch answer {
		case "ignore":
			sf.skip("answer ignore", line)
			return nil
		case "accept", "reject":
		case "":
			return sf.soft(errorf(sf.path, line, 0, `no "answer" (want accept, reject or ignore)`), `no "answer"`, line)
		default:
			return sf.soft(errorf(sf.path, line, 0, `"answer" is %q; want accept, reject or ignore`, answer), "unknown answer", line)
		}
		item := scalarText(lookup(obj, itemKey))
		if item == "" {
			return sf.soft(errorf(sf.path, line, 0, "no %q for the item", itemKey), "no "+itemKey, line)
		}
		rater := sf.spec.RaterValue
		for _, k := range []string{"_annotator_id", "_session_id"} {
			if rater == "" {
				rater = scalarText(member(obj, k))
			}
		}
		if rater == "" {
			return sf.soft(errorf(sf.path, line, 0, `no "_annotator_id" or "_session_id" for the rater (or set rater_value)`), "no annotator", line)
		}
		iter := sf.spec.IterationValue
		if key := sf.mapped("iteration"); key != "" {
			iter = scalarText(lookup(obj, key))
		}
		var t time.Time
		if s := scalarText(member(obj, "_timestamp")); s != "" {
			if sec, bad := number.Float(s); bad == nil && sec > 0 && sec < 1e11 {
				t = time.Unix(int64(sec), 0).UTC()
			}
		}
		fields = fields[:0]
		for _, o := range [][]byte{obj, member(obj, "meta")} {
			if len(o) > 0 && o[0] == '{' {
				fields = append(fields, dataFields(o)...)
			}
		}
		sf.keepItem(sf.in.get(item), line, fields)
		dim, value, number := sf.spec.DimensionValue, "", false
		if member(obj, "options") != nil {
			if answer == "reject" {
				sf.skip("choice task rejected (no option rated)", line)
				return nil
			}
			var ids []string
			eachElement(member(obj, "accept"), func(v []byte) error {
				if s := scalarText(v); s != "" {
					ids = append(ids, s)
				}
				return nil
			})
			switch len(ids) {
			case 0:
				sf.skip("choice task with no option chosen", line)
				return nil
			case 1:
				value = ids[0]
			default:
				sf.skip("choice task with several options chosen (multiple choice)", line)
				return nil
			}
		} else {
			if dim == "" {
				dim = scalarText(member(obj, "label"))
			}
			value, number = "0", true
			if answer == "accept" {
				value = "1"
			}
		}
		if dim == "" {
			dim = dataset
		}
		sf.annot.lsRating(sf, line, item, rater, dim, value, iter, "", number, t)
		return nil
	})
}
