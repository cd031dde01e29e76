package ingest

import (
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/evalbook/evalbook/internal/project"
)

// The wide format is a table (delimited text, as csv) with one value
// column per dimension, per rater and dimension, or per metric, as data
// sets are often published (HANNA's "Human 1 RE" ... "Human 3 CX"). It is
// read only when a [[sources]] table names it (format = "wide"): the same
// header fits evalbook's own csv shapes, so no sniff can tell them apart.
//
// The item is the column the source names as item (or the [columns] item
// name); the iteration the iteration column, else iteration_value; the
// time the timestamp column; for metrics also the slice column. The value
// columns are those that the source's columns pattern, a regular
// expression matched against the whole column name, matches. Its named
// groups give the fields:
//
//   - annotations: (?P<rater>...) and (?P<dimension>...). Without a rater
//     group every value column is rated by the rater column's rater, else
//     by rater_value; without a dimension group the dimension is
//     dimension_value, else the column name.
//   - metrics: (?P<metric>...), else the metric is the column name.
//
// [sources.rename.<group>] maps a captured text to the name used (RE =
// "relevance"). Without a pattern every other column is a value column: a
// dimension (rater from the rater column or rater_value) or a metric.
// Columns that are neither a value column nor one of the named columns are
// ignored and listed in the report. A record is a row; an empty cell is a
// missing value, counted; a row without any value is skipped and counted.
// Column names in the pattern, input, output, reference and comment keys
// go through the same trimming as csv headers.
func init() {
	register(&format{
		name:  "wide",
		kinds: []string{kindMetrics, kindAnnotations},
		order: 99,
		sniff: nil, // read only when a source names it
		read:  readWide,
	})
}

// wideColumn is one value column of a wide table.
type wideColumn struct {
	i                  int
	rater, dim, metric string
}

func readWide(sf *sourceFile, r io.Reader) error {
	file := sf.path
	rows := sf.rows(r)
	var warnings *[]string
	if sf.metric != nil {
		warnings = &sf.metric.warnings
	} else {
		warnings = &sf.annot.warnings
	}
	h, err := readHeaderWarn(file, rows, warnings)
	if err != nil || h == nil {
		return err
	}
	var re *regexp.Regexp
	if sf.spec.Columns != "" {
		re, err = regexp.Compile(`^(?:` + sf.spec.Columns + `)$`)
		if err != nil {
			return fmt.Errorf("%s: columns %q: %w", file, sf.spec.Columns, err)
		}
		for _, g := range re.SubexpNames() {
			if sf.metric != nil && (g == "rater" || g == "dimension") || sf.annot != nil && g == "metric" {
				return fmt.Errorf("%s: the columns pattern of a %s source has a (?P<%s>...) group; a metrics pattern may have metric, an annotations pattern rater and dimension", file, sf.kind, g)
			}
		}
	}
	rename := func(group, s string) string {
		if to, ok := sf.spec.Rename[group][s]; ok {
			return to
		}
		return s
	}
	itemCol, iterCol, tsCol := h.col(sf.cols.item), h.col(sf.cols.iteration), h.col(sf.cols.timestamp)
	sliceCol, raterCol, commentCol := -1, -1, -1
	if sf.metric != nil {
		sliceCol = h.col(sf.cols.slice)
	} else {
		raterCol = h.col(sf.cols.rater)
		if sf.spec.Comment != "" {
			commentCol = h.col(sf.spec.Comment)
		}
	}
	named := []int{itemCol, iterCol, tsCol, sliceCol, raterCol, commentCol}
	textCols := map[int]bool{}
	for _, name := range []string{sf.spec.Input, sf.spec.Output, sf.spec.Reference} {
		if i := h.col(name); name != "" && i >= 0 {
			textCols[i] = true
		}
	}
	switch {
	case sf.annot != nil && itemCol < 0:
		return fmt.Errorf("%s:1: the header has no %q column for the item; set item = \"<column>\" in the [[sources]] table for this file", file, sf.cols.item)
	case sf.spec.Iteration != "" && iterCol < 0:
		return fmt.Errorf("%s:1: the source names %q as the iteration column, but the header has no such column", file, sf.spec.Iteration)
	case sf.metric != nil && iterCol < 0 && sf.spec.IterationValue == "":
		return fmt.Errorf("%s:1: the header has no %q column; set iteration = \"<column>\" or iteration_value = \"...\" in the [[sources]] table for this file", file, sf.cols.iteration)
	}
	hasGroup := func(g string) bool { return re != nil && slices.Contains(re.SubexpNames(), g) }
	if sf.annot != nil && !hasGroup("rater") && raterCol < 0 && sf.spec.RaterValue == "" {
		return fmt.Errorf("%s:1: no rater: the columns pattern has no (?P<rater>...) group, the header no %q column and the source no rater_value", file, sf.cols.rater)
	}
	var values []wideColumn
	var ignored []string
	for i, name := range h.names {
		if slices.Contains(named, i) {
			continue
		}
		c := wideColumn{i: i}
		if re != nil {
			m := re.FindStringSubmatch(name)
			if m == nil {
				if !textCols[i] {
					ignored = append(ignored, name)
				}
				continue
			}
			for k, g := range re.SubexpNames() {
				if g != "" && m[k] != "" {
					switch g {
					case "rater":
						c.rater = rename(g, m[k])
					case "dimension":
						c.dim = rename(g, m[k])
					case "metric":
						c.metric = rename(g, m[k])
					}
				}
			}
		} else if textCols[i] {
			continue
		}
		if c.dim == "" && !hasGroup("dimension") {
			c.dim = sf.spec.DimensionValue
		}
		if c.dim == "" {
			c.dim = rename("dimension", name)
		}
		if c.metric == "" {
			c.metric = rename("metric", name)
		}
		c.rater, c.dim, c.metric = sf.in.get(c.rater), sf.in.get(c.dim), sf.in.get(c.metric)
		values = append(values, c)
	}
	for range ignored {
		sf.leaveOut(ignoredColumns(ignored), 1)
	}
	if len(values) == 0 {
		return fmt.Errorf("%s:1: no value column: the columns pattern %q matches none of the %d columns", file, sf.spec.Columns, len(h.names))
	}
	var fields []field
	var mItem, mIter, mSlice, mRater memo
	var labels few
	for {
		rec, err := rows.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return csvError(file, rows, rec, len(h.names), err)
		}
		sf.record()
		line, _ := rows.FieldPos(0)
		colOf := func(i int) int {
			if i < 0 {
				return 0
			}
			_, c := rows.FieldPos(i)
			return c
		}
		pos := project.Pos{File: file, Line: line}
		item := cell(rec, itemCol)
		if item == "" && sf.annot != nil {
			if err := sf.soft(errorf(file, line, colOf(itemCol), "empty %s", h.names[itemCol]), "empty "+h.names[itemCol], line); err != nil {
				return err
			}
			continue
		}
		iter := sf.spec.IterationValue
		if iterCol >= 0 {
			iter = cell(rec, iterCol)
		}
		if iter == "" && sf.metric != nil {
			if err := sf.soft(errorf(file, line, colOf(iterCol), "empty %s", h.names[iterCol]), "empty "+h.names[iterCol], line); err != nil {
				return err
			}
			continue
		}
		var t time.Time
		if s := cell(rec, tsCol); s != "" {
			if t, err = parseTime(s); err != nil {
				return errorf(file, line, colOf(tsCol), "%v", err)
			}
		}
		item, iter = mItem.get(sf.in, item), mIter.get(sf.in, iter)
		if iter != "" {
			if sf.metric != nil {
				sf.metric.seen.see(iter, pos, colOf(iterCol), t)
			} else {
				sf.annot.seen.see(iter, pos, colOf(iterCol), t)
			}
		}
		n := 0
		if sf.metric != nil {
			v := &pending{v: project.MetricValue{Iteration: iter, Item: item, Slice: mSlice.get(sf.in, cell(rec, sliceCol)), Time: t, Pos: pos}}
			for _, c := range values {
				s := cell(rec, c.i)
				if s == "" {
					sf.skipPart("empty cell (a missing value)", line)
					continue
				}
				if err := sf.metric.add(c.metric, v, s, rows, c.i); err != nil {
					return err
				}
				n++
			}
			sf.metric.rows++
			sf.metric.reserve(sf.size, rows.InputOffset())
		} else {
			fields = fields[:0]
			for i := range textCols {
				fields = append(fields, field{h.names[i], cell(rec, i)})
			}
			slices.SortFunc(fields, func(a, b field) int { return strings.Compare(a.name, b.name) })
			sf.keepItem(item, line, fields)
			comment := cell(rec, commentCol)
			if comment != "" {
				sf.report.Comments++
			}
			rowRater := sf.spec.RaterValue
			if raterCol >= 0 {
				rowRater = cell(rec, raterCol)
			}
			for _, c := range values {
				s := cell(rec, c.i)
				if s == "" {
					sf.skipPart("empty cell (a missing rating)", line)
					continue
				}
				rater := c.rater
				if rater == "" {
					rater = rowRater
				}
				if rater == "" {
					if err := sf.soft(errorf(file, line, colOf(raterCol), "empty %s", sf.cols.rater), "empty "+sf.cols.rater, line); err != nil {
						return err
					}
					continue
				}
				x, numeric, err := parseValue(s, file, line, colOf(c.i))
				if err != nil {
					return err
				}
				sf.annot.ratings.add(rawRating{
					Rating: project.Rating{
						Item: item, Rater: mRater.get(sf.in, rater), Iteration: iter,
						Value: x, Label: labels.get(sf.in, s), Time: t, Comment: comment, Pos: pos,
					},
					dim: c.dim, col: colOf(c.i), numeric: numeric,
				})
				n++
			}
			sf.annot.reserve(sf.size, rows.InputOffset())
		}
		if n == 0 {
			sf.skip("no value (every value cell is empty)", line)
		}
	}
}

// ignoredColumns says which columns a wide table's pattern left out, naming
// the first few.
func ignoredColumns(names []string) string {
	const show = 6
	quoted := make([]string, 0, show)
	for _, n := range names[:min(len(names), show)] {
		quoted = append(quoted, fmt.Sprintf("%q", n))
	}
	s := strings.Join(quoted, ", ")
	if len(names) > show {
		s += fmt.Sprintf(" and %d more", len(names)-show)
	}
	return fmt.Sprintf("column ignored: it is not a value, item or iteration column (%s)", s)
}
