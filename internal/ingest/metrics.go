package ingest

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/evalbook/evalbook/internal/number"
	"github.com/evalbook/evalbook/internal/project"
)

// metricResult is what one metric CSV holds.
type metricResult struct {
	names    []string // metrics in order of first appearance
	values   map[string]*project.Values
	tabs     project.ValueTables // shared by the file's metrics
	seen     *iterSeen
	warnings []string
	err      error
	reserved bool // capacity for the whole file has been reserved
	rows     int

	recent            []metricSlot // the first metrics of the file, tried before the maps
	nums              numberRows   // the reader, when it hands numbers over parsed (Parquet)
	mIter, mItem, mSl memo
}

// metricSlot is a metric's name and values.
type metricSlot struct {
	name string
	vals *project.Values
}

// maxRecent is how many metrics metricResult.recent holds.
const maxRecent = 16

// name returns s, a metric name as read, interned.
func (res *metricResult) name(in interner, s string) string {
	for _, m := range res.recent {
		if m.name == s {
			return m.name
		}
	}
	return in.get(s)
}

// metricLayout locates the fields of a metric CSV.
type metricLayout struct {
	iteration, item, slice, timestamp int // -1 when absent
	metric, value                     int // long form; -1 in wide form
	wide                              []int
	wideNames                         []string
	fixedIter                         string // the iteration of every row, when there is no column
}

// reserve makes room for the values still to come in a file of size bytes,
// of which offset bytes are read, once enough rows tell the average size.
func (res *metricResult) reserve(size, offset int64) {
	if res.reserved {
		return
	}
	if n := estimate(res.rows, offset, size); n != 0 {
		for _, vals := range res.values {
			want := vals.Len() * n / res.rows
			vals.Grow(want - vals.Len())
		}
		res.reserved = true
	}
}

// readTable reads a metric file of delimited text in evalbook's long or
// wide form (see the package doc).
func (res *metricResult) readTable(sf *sourceFile, cr rowReader) error {
	file, cols := sf.path, sf.cols
	h, err := readHeaderWarn(file, cr, &res.warnings)
	if err != nil || h == nil {
		return err
	}
	lay, err := metricColumns(file, cr, h, cols, sf.spec.IterationValue)
	if err != nil {
		return err
	}
	if lay.metric < 0 && len(lay.wide) == 0 {
		res.warnings = append(res.warnings, fmt.Sprintf("%s:1: no metric columns: a wide file has a column per metric, a long file has %q and %q columns", file, cols.metric, cols.value))
	}
	for i, name := range lay.wideNames {
		lay.wideNames[i] = sf.in.get(name)
	}
	if nr, ok := cr.(numberRows); ok {
		nr.wantNumbers(lay.value)
		nr.wantNumbers(lay.wide...)
		res.nums = nr
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return csvError(file, cr, rec, len(h.names), err)
		}
		sf.record()
		n, err := res.row(file, cr, rec, &lay, sf.in, cols)
		if err != nil {
			return err
		}
		if n == 0 {
			line, _ := cr.FieldPos(0)
			sf.skip("no metric value (every metric cell is empty)", line)
		}
		res.rows++
		res.reserve(sf.size, cr.InputOffset())
	}
}

// metricColumns works out the form of a metric file from its header. A
// file without an iteration column takes fixedIter when it is set.
func metricColumns(file string, cr rowReader, h *header, cols columns, fixedIter string) (metricLayout, error) {
	lay := metricLayout{
		iteration: h.col(cols.iteration), item: h.col(cols.item),
		slice: h.col(cols.slice), timestamp: h.col(cols.timestamp),
		metric: h.col(cols.metric), value: h.col(cols.value),
	}
	if lay.iteration < 0 && fixedIter == "" {
		return lay, fmt.Errorf("%s:1: the header has no %q column; every metric file needs one (rename it under [columns] in the config)", file, cols.iteration)
	}
	lay.fixedIter = fixedIter
	long := lay.metric >= 0 && lay.value >= 0
	if !long {
		lay.metric, lay.value = -1, -1
	}
	known := []int{lay.iteration, lay.item, lay.slice, lay.timestamp, lay.metric, lay.value}
	for i, name := range h.names {
		if slices.Contains(known, i) {
			continue
		}
		if long {
			line, col := cr.FieldPos(i)
			return lay, errorf(file, line, col, "unknown column %q; a long metric file has the columns %s, %s, %s and optionally %s, %s, %s",
				name, cols.iteration, cols.metric, cols.value, cols.item, cols.slice, cols.timestamp)
		}
		lay.wide = append(lay.wide, i)
		lay.wideNames = append(lay.wideNames, name)
	}
	return lay, nil
}

// row reads one data row and returns how many values it held.
func (res *metricResult) row(file string, cr rowReader, rec []string, lay *metricLayout, in interner, cols columns) (int, error) {
	line, _ := cr.FieldPos(0)
	pos := project.Pos{File: file, Line: line}
	iter := cell(rec, lay.iteration)
	if lay.iteration < 0 {
		iter = lay.fixedIter
	}
	if iter == "" {
		_, col := cr.FieldPos(lay.iteration)
		return 0, errorf(file, line, col, "empty %s", cols.iteration)
	}
	iter = res.mIter.get(in, iter)
	var t time.Time
	if s := cell(rec, lay.timestamp); s != "" {
		var err error
		if t, err = parseTime(s); err != nil {
			_, col := cr.FieldPos(lay.timestamp)
			return 0, errorf(file, line, col, "%v", err)
		}
	}
	icol := 0
	if lay.iteration >= 0 {
		_, icol = cr.FieldPos(lay.iteration)
	}
	res.seen.see(iter, pos, icol, t)
	v := &pending{v: project.MetricValue{Iteration: iter, Item: res.mItem.get(in, cell(rec, lay.item)), Slice: res.mSl.get(in, cell(rec, lay.slice)), Time: t, Pos: pos}}
	if lay.metric >= 0 {
		name := cell(rec, lay.metric)
		if name == "" {
			_, col := cr.FieldPos(lay.metric)
			return 0, errorf(file, line, col, "empty %s", cols.metric)
		}
		return 1, res.add(res.name(in, name), v, cell(rec, lay.value), cr, lay.value)
	}
	n := 0
	for k, i := range lay.wide {
		if s := cell(rec, i); s != "" {
			if err := res.add(lay.wideNames[k], v, s, cr, i); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}

// pending is a row's iteration, item, slice, time and position, interned
// in the file's tables when the first of its values is added, so that a
// row of several metrics interns them once.
type pending struct {
	v        project.MetricValue
	ids      project.ValueRow
	interned bool
}

// add parses s, the cell in column i, as a value of metric name at p.
func (res *metricResult) add(name string, p *pending, s string, cr rowReader, i int) error {
	if res.nums != nil {
		if x, ok := res.nums.number(i); ok {
			res.addValue(name, p, x)
			return nil
		}
	}
	line, col := cr.FieldPos(i)
	x, err := number.Parse(s)
	switch {
	case errors.Is(err, number.ErrRange):
		return kindf(ErrBadValue, p.v.Pos.File, line, col, "metric %q: value %w", name, err)
	case err != nil:
		return kindf(ErrBadValue, p.v.Pos.File, line, col, "metric %q: value %q is not a number", name, s)
	}
	res.addValue(name, p, x)
	return nil
}

// addValue adds the value x, already parsed, of metric name at p.
func (res *metricResult) addValue(name string, p *pending, x float64) {
	vals := res.valuesOf(name)
	if !p.interned {
		p.ids, p.interned = res.tabs.Row(p.v), true
	}
	vals.AppendRow(p.ids, x)
}

// nameBytes returns b, a metric name as read, interned.
func (res *metricResult) nameBytes(in interner, b []byte) string {
	for _, m := range res.recent {
		if m.name == string(b) {
			return m.name
		}
	}
	return in.bytes(b)
}

// valuesOf returns the values of metric name, made on its first value.
func (res *metricResult) valuesOf(name string) *project.Values {
	for _, m := range res.recent {
		if m.name == name {
			return m.vals
		}
	}
	vals, ok := res.values[name]
	if !ok {
		res.names = append(res.names, name)
		if res.tabs.Items == nil {
			res.tabs = project.NewValueTables()
		}
		vals = &project.Values{ValueTables: res.tabs}
		res.values[name] = vals
	}
	if len(res.recent) < maxRecent {
		res.recent = append(res.recent, metricSlot{name, vals})
	}
	return vals
}
