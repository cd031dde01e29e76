package ingest

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/evalbook/evalbook/internal/project"
)

// The batch-results format is a crowd platform's batch results CSV (the
// Mechanical Turk shape): one row per assignment with HITId, AssignmentId,
// WorkerId, AssignmentStatus, SubmitTime, Input.* columns (the HIT's
// inputs) and Answer.* columns (the worker's answers). One record is one
// row. The item is HITId, or the column the source names as item (with or
// without "Input."); the rater is WorkerId, or the source's rater column or
// rater_value; the iteration is the source's iteration column, else
// iteration_value, else none. Every Answer.* column is a dimension named
// without the prefix (only those in the source's dimensions, when it lists
// any); an empty answer is a missing rating. Rejected assignments
// (AssignmentStatus "Rejected") are skipped and counted. Input.* columns
// that look like an input, output or reference become the item's text.
// SubmitTime ("Wed Mar 02 10:11:12 PST 2022") is the rating's time; a
// time-zone abbreviation other than the common US ones and UTC/GMT keeps
// only the date.
func init() {
	register(&format{
		name:  "batch-results",
		kinds: []string{kindAnnotations},
		order: 20,
		sniff: sniffBatch,
		read:  readBatch,
	})
}

const (
	answerPrefix = "Answer."
	inputPrefix  = "Input."
)

func sniffBatch(h *head) error {
	if why := h.binary(); why != "" {
		return errors.New(why)
	}
	if c := h.first(); c == '{' || c == '[' {
		return fmt.Errorf("starts with '%c': JSON, not a batch-results CSV", c)
	}
	if jsonExts[h.ext()] {
		return errors.New("a " + h.ext() + " file is not a batch-results CSV")
	}
	line := string(h.firstLine())
	answers, platform := 0, false
	for _, name := range strings.Split(line, sniffDelimiter([]byte(line))) {
		name = strings.Trim(strings.TrimSpace(name), `"`)
		switch {
		case strings.HasPrefix(name, answerPrefix):
			answers++
		case name == "HITId" || name == "WorkerId" || name == "AssignmentId" || strings.HasPrefix(name, inputPrefix):
			platform = true
		}
	}
	switch {
	case answers == 0:
		return errors.New("the header has no Answer.* column")
	case !platform:
		return errors.New("the header has Answer.* columns but no HITId, WorkerId, AssignmentId or Input.* column")
	}
	return nil
}

func readBatch(sf *sourceFile, r io.Reader) error {
	cr := sf.rows(r)
	file := sf.path
	h, err := readHeader(file, cr)
	if err != nil || h == nil {
		return err
	}
	col := func(name string) int {
		if i := h.col(name); i >= 0 {
			return i
		}
		return h.col(inputPrefix + name)
	}
	need := func(field, def, value string) (int, error) {
		name := sf.mapped(field)
		if name == "" {
			name = def
		}
		i := col(name)
		if i < 0 && value == "" {
			how := fmt.Sprintf("set %s = \"<column>\" or %s_value = \"...\" in a [[sources]] table for this file", field, field)
			if field == "item" {
				how = "set item = \"<column>\" (such as an Input.* column) in a [[sources]] table for this file"
			}
			return i, fmt.Errorf("%s:1: a batch-results file needs a %s column for the %s, and this one has none; %s", file, name, field, how)
		}
		return i, nil
	}
	itemCol, err := need("item", "HITId", "")
	if err != nil {
		return err
	}
	raterCol, err := need("rater", "WorkerId", sf.spec.RaterValue)
	if err != nil {
		return err
	}
	iterCol := -1
	if name := sf.mapped("iteration"); name != "" {
		if iterCol = col(name); iterCol < 0 {
			return fmt.Errorf("%s:1: the source names %q as the iteration column, but the header has no such column", file, name)
		}
	}
	statusCol, timeCol, commentCol := h.col("AssignmentStatus"), h.col("SubmitTime"), -1
	if sf.spec.Comment != "" {
		commentCol = col(sf.spec.Comment)
		if commentCol < 0 {
			commentCol = h.col(answerPrefix + sf.spec.Comment)
		}
	}
	type answer struct {
		i   int
		dim string
	}
	var answers []answer
	var inputs []int
	for i, name := range h.names {
		switch {
		case i == commentCol:
		case strings.HasPrefix(name, answerPrefix):
			dim := strings.TrimPrefix(name, answerPrefix)
			if len(sf.spec.Dimensions) == 0 || contains(sf.spec.Dimensions, dim) {
				answers = append(answers, answer{i, sf.in.get(dim)})
			}
		case strings.HasPrefix(name, inputPrefix):
			inputs = append(inputs, i)
		}
	}
	var fields []field
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return csvError(file, cr, rec, len(h.names), err)
		}
		sf.record()
		sf.annot.reserve(sf.size, cr.InputOffset())
		line, _ := cr.FieldPos(0)
		if statusCol >= 0 && strings.EqualFold(cell(rec, statusCol), "Rejected") {
			sf.skip("rejected assignment", line)
			continue
		}
		item, rater := cell(rec, itemCol), cell(rec, raterCol)
		if raterCol < 0 {
			rater = sf.spec.RaterValue
		}
		if item == "" || rater == "" {
			which, i := h.names[max(itemCol, 0)], itemCol
			if item != "" {
				which, i = h.names[raterCol], raterCol
			}
			_, c := cr.FieldPos(i)
			if err := sf.soft(errorf(file, line, c, "empty %s", which), "empty "+which, line); err != nil {
				return err
			}
			continue
		}
		iter := sf.spec.IterationValue
		if iterCol >= 0 {
			iter = cell(rec, iterCol)
		}
		var t time.Time
		if timeCol >= 0 {
			t = parseSubmitTime(cell(rec, timeCol))
		}
		comment := cell(rec, commentCol)
		if comment != "" {
			sf.report.Comments++
		}
		fields = fields[:0]
		for _, i := range inputs {
			fields = append(fields, field{strings.TrimPrefix(h.names[i], inputPrefix), cell(rec, i)})
		}
		id := sf.in.get(item)
		sf.keepItem(id, line, fields)
		iter = sf.in.get(iter)
		pos := project.Pos{File: file, Line: line}
		if iter != "" {
			_, c := cr.FieldPos(max(iterCol, 0))
			sf.annot.seen.see(iter, pos, c, t)
		}
		kept := 0
		for _, a := range answers {
			v := cell(rec, a.i)
			if v == "" {
				continue
			}
			_, c := cr.FieldPos(a.i)
			x, numeric, err := parseValue(v, sf.path, line, c)
			if err != nil {
				return err
			}
			sf.annot.ratings.add(rawRating{
				Rating: project.Rating{
					Item: id, Rater: sf.in.get(rater), Iteration: iter,
					Value: x, Label: sf.in.get(v), Time: t, Comment: comment, Pos: pos,
				},
				dim: a.dim, col: c, numeric: numeric,
			})
			kept++
		}
		if kept == 0 {
			sf.skip("no answer (every Answer.* cell is empty)", line)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// usZones maps the time-zone abbreviations batch results use to offsets
// from UTC, in hours.
var usZones = map[string]int{
	"UTC": 0, "GMT": 0, "Z": 0,
	"EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
	"PST": -8, "PDT": -7, "AKST": -9, "AKDT": -8, "HST": -10,
}

// parseSubmitTime parses a batch-results time such as "Wed Mar 02 10:11:12
// PST 2022" in UTC; an unknown zone keeps the date only (midnight UTC), and
// text that does not parse at all gives the zero time.
func parseSubmitTime(s string) time.Time {
	f := strings.Fields(s)
	if len(f) != 6 {
		if t, err := parseTime(s); err == nil {
			return t
		}
		return time.Time{}
	}
	t, err := time.Parse("Mon Jan 2 15:04:05 2006", strings.Join([]string{f[0], f[1], f[2], f[3], f[5]}, " "))
	if err != nil {
		return time.Time{}
	}
	off, ok := usZones[f[4]]
	if !ok {
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	}
	return t.Add(-time.Duration(off) * time.Hour).UTC()
}
