package ingest

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/evalbook/evalbook/internal/project"
)

// The argilla format is an Argilla 2.x dataset export
// (dataset.records.to_json, or records.json of dataset.to_disk): a JSON
// array of records {"id", "fields": {...}, "metadata": {...},
// "suggestions": {question: {"value", "score", "agent"}}, "responses":
// {question: [{"value", "user_id"[, "status"]}]}, "vectors", "_server_id"}.
// One record is one Argilla record.
//
// The item is "id", or the field or metadata key the source names as item;
// the iteration the metadata (or field) key the source names as iteration,
// else iteration_value. The fields (and metadata) that look like an input,
// output or reference, or that the source names, are the item's text.
//
// Read as annotations, every response is a rating by user_id (or
// rater_value) on the dimension named by its question: a label or a
// rating (a string or a number). The question the source names as comment
// (a text question) is the user's comment on their other ratings of the
// record. Responses that are lists (multi-label, ranking, span), responses
// whose status is not "submitted", questions outside the source's
// dimensions and suggestions are skipped and counted; a record without
// responses (pending) is skipped and counted.
//
// Read as metrics (a [[sources]] table with kind = "metrics", which may name
// the same file as an annotations source), the suggestions are the machine
// channel: a suggestion whose value is a number is a value of the metric
// named by its question, and its score, when it is one number, a value of
// question.score (a model's confidence in its suggested label). The
// iteration is as above, else the suggestion's agent (the model that
// suggested it). Suggested labels (text) and lists of scores are skipped
// and counted, the latter by question.
func init() {
	register(&format{
		name:  "argilla",
		kinds: []string{kindAnnotations, kindMetrics},
		order: 12,
		sniff: sniffArgilla,
		read:  readArgilla,
	})
}

func sniffArgilla(h *head) error {
	if why := h.binary(); why != "" {
		return errors.New(why)
	}
	if c := h.first(); c != '[' {
		if c == 0 {
			return errors.New("empty")
		}
		return fmt.Errorf("starts with '%c', not '[': an Argilla export is a JSON array of records", c)
	}
	keys, empty := firstObjectKeys(h.b)
	switch {
	case empty:
		return errors.New("an empty array")
	case slices.Contains(keys, "fields") && (slices.Contains(keys, "responses") || slices.Contains(keys, "suggestions")):
		return nil
	}
	return errors.New(`the first element has no "fields" with "responses" or "suggestions"`)
}

// argillaRecord is one record's members.
type argillaRecord struct {
	id, fields, metadata, suggestions, responses []byte
}

func readArgilla(sf *sourceFile, r io.Reader) error {
	return eachArrayObject(sf.path, r, sf.lim, func(n, line int, obj []byte, _ int64) error {
		sf.record()
		var rec argillaRecord
		eachMember(obj, func(k, v []byte) error {
			switch string(jsonKey(k)) {
			case "id":
				rec.id = v
			case "fields":
				rec.fields = v
			case "metadata":
				rec.metadata = v
			case "suggestions":
				rec.suggestions = v
			case "responses":
				rec.responses = v
			}
			return nil
		})
		fields := append(dataFields(rec.fields), dataFields(rec.metadata)...)
		item := scalarText(rec.id)
		if key := sf.mapped("item"); key != "" {
			item = fieldValue(fields, key)
		}
		if item == "" {
			return sf.soft(errorf(sf.path, line, 0, "record %d has no %s for the item", n, quoteKey(sf.mapped("item"), "id")), "record without an item", line)
		}
		iter := sf.spec.IterationValue
		if key := sf.mapped("iteration"); key != "" {
			iter = fieldValue(dataFields(rec.metadata), key)
			if iter == "" {
				iter = fieldValue(fields, key)
			}
		}
		if sf.metric != nil {
			return sf.argillaSuggestions(item, iter, line, obj, rec.suggestions)
		}
		sf.keepItem(sf.in.get(item), line, fields)
		return sf.argillaResponses(item, iter, n, line, obj, rec)
	})
}

// argillaResponses reads the responses of one record as ratings.
func (sf *sourceFile) argillaResponses(item, iter string, n, line int, obj []byte, rec argillaRecord) error {
	eachObjectMember(rec.suggestions, func(_, v []byte) error {
		sf.skipPart(`suggestion (the machine channel; a kind = "metrics" source reads it)`, lineOf(obj, v, line))
		return nil
	})
	type response struct {
		dim, value, rater string
		number            bool
		line              int
	}
	var rs []response
	comments := map[string]string{} // user -> text
	var failed error
	eachObjectMember(rec.responses, func(k, list []byte) error {
		q := string(jsonKey(k))
		return eachElement(list, func(resp []byte) error {
			rline := lineOf(obj, resp, line)
			if failed != nil {
				return nil
			}
			if q != sf.spec.Comment && len(sf.spec.Dimensions) > 0 && !slices.Contains(sf.spec.Dimensions, q) {
				sf.skipPart("response to a question not in dimensions", rline)
				return nil
			}
			if st := scalarText(member(resp, "status")); st != "" && st != "submitted" {
				sf.skipPart(st+" response (not submitted)", rline)
				return nil
			}
			rater := sf.spec.RaterValue
			if rater == "" {
				rater = scalarText(member(resp, "user_id"))
			}
			if rater == "" {
				failed = sf.soft(errorf(sf.path, rline, 0, "record %d: a response to %q has no user_id (the rater)", n, q), "response without user_id", rline)
				return nil
			}
			raw := member(resp, "value")
			v, kind, err := jsonScalar(raw)
			switch {
			case err != nil:
				sf.skipPart("response that is a list (multi-label, ranking or span)", rline)
				return nil
			case kind == 0 || kind == 'b' || len(strings.TrimSpace(string(v))) == 0:
				sf.skipPart("response without a value", rline)
				return nil
			case q == sf.spec.Comment:
				comments[rater] = strings.TrimSpace(string(v))
				return nil
			}
			rs = append(rs, response{q, strings.TrimSpace(string(v)), rater, kind == 'n', rline})
			return nil
		})
	})
	if failed != nil {
		return failed
	}
	if len(rs) == 0 {
		reason := "record without responses (pending)"
		if rec.responses != nil && len(rec.responses) > 2 {
			reason = "record without a rating response"
		}
		sf.skip(reason, line)
		return nil
	}
	for _, r := range rs {
		c := comments[r.rater]
		if c != "" {
			sf.report.Comments++
		}
		sf.annot.lsRating(sf, r.line, item, r.rater, r.dim, r.value, iter, c, r.number, zeroTime)
	}
	return nil
}

// argillaSuggestions reads the suggestions of one record as metric values.
func (sf *sourceFile) argillaSuggestions(item, iter string, line int, obj, suggestions []byte) error {
	n := 0
	var failed error
	eachObjectMember(suggestions, func(k, s []byte) error {
		q := string(jsonKey(k))
		sline := lineOf(obj, s, line)
		if failed != nil || len(s) == 0 || s[0] != '{' {
			return nil
		}
		it := iter
		if it == "" {
			it = scalarText(member(s, "agent"))
		}
		if it == "" {
			failed = sf.soft(errorf(sf.path, sline, 0, "the suggestion for %q has no agent, and the source names no iteration; set iteration_value", q), "suggestion without an iteration", sline)
			return nil
		}
		it = sf.in.get(it)
		pos := project.Pos{File: sf.path, Line: sline}
		sf.metric.seen.see(it, pos, 0, zeroTime)
		v := &pending{v: project.MetricValue{Iteration: it, Item: sf.in.get(item), Pos: pos}}
		if x, ok, _ := jsonNumber(member(s, "value")); ok {
			sf.metric.addValue(sf.in.get(q), v, x)
			n++
		} else {
			sf.skipPart("suggested label (not a number; its score is read)", sline)
		}
		score := member(s, "score")
		if x, ok, why := jsonNumber(score); ok {
			sf.metric.addValue(sf.in.get(q+".score"), v, x)
			n++
		} else if why != "null" && score != nil {
			sf.skipPart(fmt.Sprintf("score of %q that is %s (one score per suggested label)", q, why), sline)
		}
		return nil
	})
	if failed != nil {
		return failed
	}
	if n == 0 {
		sf.skip("record without a numeric suggestion", line)
	}
	sf.metric.rows++
	return nil
}

// zeroTime is the time of a record that carries none.
var zeroTime time.Time

// eachObjectMember calls fn for every member of raw when it is a JSON
// object, and not at all for null, an absent value or another kind.
func eachObjectMember(raw []byte, fn func(key, val []byte) error) error {
	if len(raw) == 0 || raw[0] != '{' {
		return nil
	}
	return eachMember(raw, fn)
}
