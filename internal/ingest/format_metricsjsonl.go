package ingest

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/evalbook/evalbook/internal/number"
	"github.com/evalbook/evalbook/internal/project"
)

// The metrics-jsonl format is a metric file in JSON Lines: one object per
// item, such as {"id": "q17", "iteration": "v3", "exact_match": 1,
// "f1": 0.8}. One record is one line. The item is the source's item key
// (or the [columns] item name, "item"), else "id", else none (a value for
// the whole iteration); the iteration is the iteration key, else
// iteration_value; the slice and the timestamp the slice and timestamp
// keys. Every other key whose value is a number is a metric of that name;
// true and false are 1 and 0. Keys with other values (text, lists,
// objects, null) are skipped and counted by key. Its sniff takes what the
// jsonl annotation format takes: a .jsonl or .ndjson file, or a first line
// that is a JSON object.
func init() {
	register(&format{
		name:  "metrics-jsonl",
		kinds: []string{kindMetrics},
		order: 90,
		sniff: sniffJSONL,
		read:  readMetricsJSONL,
	})
}

func readMetricsJSONL(sf *sourceFile, r io.Reader) error {
	res, cols := sf.metric, sf.cols
	return eachJSONRecord(sf.path, r, sf.lim, func(line int, rec *jsonRecord, offset int64) error {
		sf.record()
		pos := project.Pos{File: sf.path, Line: line}
		item := res.mItem.bytes(sf.in, scalarBytes(rec.member(cols.item)))
		itemKey := cols.item
		if item == "" && sf.mapped("item") == "" && rec.member("id") != nil {
			item, itemKey = res.mItem.bytes(sf.in, scalarBytes(rec.member("id"))), "id"
		}
		iter := res.mIter.bytes(sf.in, scalarBytes(rec.member(cols.iteration)))
		if iter == "" {
			iter = sf.in.get(sf.spec.IterationValue)
		}
		if iter == "" {
			return sf.soft(errorf(sf.path, line, 0, "no %q for the iteration (or set iteration_value in a [[sources]] table)", cols.iteration), "no "+cols.iteration, line)
		}
		var t time.Time
		if s := scalarText(rec.member(cols.timestamp)); s != "" {
			var err error
			if t, err = parseTime(s); err != nil {
				return errorf(sf.path, line, 0, "%q: %v", cols.timestamp, err)
			}
		}
		res.seen.see(iter, pos, 0, t)
		v := &pending{v: project.MetricValue{Iteration: iter, Item: item, Slice: res.mSl.bytes(sf.in, scalarBytes(rec.member(cols.slice))), Time: t, Pos: pos}}
		n := 0
		err := rec.each(func(k, raw []byte) error {
			key := jsonKey(k)
			switch string(key) {
			case itemKey, cols.iteration, cols.slice, cols.timestamp:
				return nil
			}
			x, ok, why := jsonNumber(raw)
			if strings.HasPrefix(why, outOfRange) {
				return atValue(raw, ErrBadValue, "key %q: %s", key, strings.TrimPrefix(why, outOfRange+": "))
			}
			if !ok {
				sf.skipPart(fmt.Sprintf("key %q: %s, not a metric value", key, why), line)
				return nil
			}
			res.addValue(res.nameBytes(sf.in, key), v, x)
			n++
			return nil
		})
		if err != nil {
			return err
		}
		if n == 0 {
			sf.skip("no metric value (no key with a number)", line)
		}
		res.rows++
		res.reserve(sf.size, offset)
		return nil
	})
}

// jsonNumber reads a raw JSON value as a metric value: a finite number, or
// true and false as 1 and 0; else it says what the value is.
func jsonNumber(raw []byte) (x float64, ok bool, why string) {
	text, kind, err := jsonScalar(raw)
	switch {
	case err != nil && len(raw) > 0 && raw[0] == '[':
		return 0, false, "a list"
	case err != nil:
		return 0, false, "an object"
	case kind == 0:
		return 0, false, "null"
	case kind == 's':
		return 0, false, "text"
	case kind == 'b':
		if string(text) == "true" {
			return 1, true, ""
		}
		return 0, true, ""
	}
	x, bad := number.Float(string(text))
	if bad != nil {
		_, err := number.Parse(string(text))
		return 0, false, outOfRange + ": " + err.Error()
	}
	return x, true, ""
}

// outOfRange opens jsonNumber's why for a number a float64 cannot hold.
const outOfRange = "a number out of range"
