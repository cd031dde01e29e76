package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/number"
	"github.com/evalbook/evalbook/internal/project"
)

// rawRating is a rating as read, before its dimension is known as a whole.
type rawRating struct {
	project.Rating
	dim     string
	col     int  // column of the value, 0 when unknown (JSONL)
	numeric bool // the value is a finite number
}

// rawRatings is a file's ratings as read, as columns: the ratings
// themselves (project.Ratings, strings interned once per file) and each
// one's dimension, value column and numeric flag. Readers append to it row
// by row, so no row of strings outlives its reading.
type rawRatings struct {
	project.Ratings
	dims    *project.Intern
	dim     []int32 // ids in dims
	col     []int32
	numeric []bool
}

// add appends r.
func (rs *rawRatings) add(r rawRating) {
	if rs.dims == nil {
		rs.dims = &project.Intern{}
	}
	rs.Ratings.Append(r.Rating)
	rs.dim = append(rs.dim, rs.dims.ID(r.dim))
	rs.col = append(rs.col, int32(r.col))
	rs.numeric = append(rs.numeric, r.numeric)
}

// at returns the i-th rating.
func (rs *rawRatings) at(i int) rawRating {
	return rawRating{Rating: rs.Ratings.At(i), dim: rs.dims.Name(rs.dim[i]), col: int(rs.col[i]), numeric: rs.numeric[i]}
}

// grow makes room for n more ratings.
func (rs *rawRatings) grow(n int) {
	rs.Ratings.Grow(n)
	rs.dim = slices.Grow(rs.dim, n)
	rs.col = slices.Grow(rs.col, n)
	rs.numeric = slices.Grow(rs.numeric, n)
}

// clip removes unused capacity, so that appending to the columns never
// writes into a stored parse.
func (rs *rawRatings) clip() {
	c := &rs.Ratings
	c.Item, c.Rater, c.Iteration, c.Label = slices.Clip(c.Item), slices.Clip(c.Rater), slices.Clip(c.Iteration), slices.Clip(c.Label)
	c.Value, c.Time, c.Times, c.Comment = slices.Clip(c.Value), slices.Clip(c.Time), slices.Clip(c.Times), slices.Clip(c.Comment)
	c.File, c.Line = slices.Clip(c.File), slices.Clip(c.Line)
	rs.dim, rs.col, rs.numeric = slices.Clip(rs.dim), slices.Clip(rs.col), slices.Clip(rs.numeric)
}

// annotResult is what one annotation file holds.
type annotResult struct {
	ratings  rawRatings   // in input order
	gold     []goldAnswer // from the gold column or key, in input order
	pairs    []pairRaw    // pairwise judgements (format pairwise), in input order
	seen     *iterSeen
	warnings []string
	err      error
	reserved bool // capacity for the whole file has been reserved

	mItem, mRater, mIter memo
	mDim, labels         few
	ts                   timeMemo

	dimsOnce sync.Once
	dims     []string // the dimensions its ratings name (dimensions)
	dimAt    []int32  // by rating: its dimension's index in dims
	dimN     []int    // by dimension: how many ratings name it
}

// dimensions returns the dimensions r's ratings name, in order of first
// appearance, and for each rating the index of its own among them,
// worked out once per parse (a cached parse is never changed).
func (r *annotResult) dimensions() ([]string, []int32) {
	r.dimsOnce.Do(func() {
		// By id in r.ratings.dims: the dimension's index in r.dims, -1
		// before its first rating. One slice look-up per rating, not a
		// name and a map's.
		index := make([]int32, r.ratings.dims.Len())
		for i := range index {
			index[i] = -1
		}
		r.dimAt = make([]int32, r.ratings.Len())
		for i, id := range r.ratings.dim {
			j := index[id]
			if j < 0 {
				j = int32(len(r.dims))
				index[id] = j
				r.dims = append(r.dims, r.ratings.dims.Name(id))
				r.dimN = append(r.dimN, 0)
			}
			r.dimAt[i] = j
			r.dimN[j]++
		}
	})
	return r.dims, r.dimAt
}

// dimCounts returns how many of r's ratings name each of its dimensions.
func (r *annotResult) dimCounts() []int {
	r.dimensions()
	return r.dimN
}

// ratingFields are the trimmed fields of one rating.
type ratingFields struct {
	item, rater, dim, value, iter, ts, gold string
	comment                                 string // the rater's free text, kept as written
	valueCol, iterCol, tsCol, goldCol       int
}

// reserve makes room for the ratings still to come in a file of size bytes,
// of which offset bytes are read, once enough rows tell the average size.
func (res *annotResult) reserve(size, offset int64) {
	if res.reserved {
		return
	}
	if n := estimate(res.ratings.Len(), offset, size); n != 0 {
		res.ratings.grow(n - res.ratings.Len())
		res.reserved = true
	}
}

// readTable reads annotations of delimited text with evalbook's columns.
func (res *annotResult) readTable(sf *sourceFile, cr rowReader) error {
	file := sf.path
	h, err := readHeaderWarn(file, cr, &res.warnings)
	if err != nil || h == nil {
		return err
	}
	idx, err := annotColumns(file, cr, h, sf.cols, sf.spec)
	if err != nil {
		return err
	}
	if fr := fieldsOf(cr); fr != nil {
		return res.readFields(sf, fr, len(h.names), &idx)
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return csvError(file, cr, rec, len(h.names), err)
		}
		if err := res.row(sf, cr, rec, &idx); err != nil {
			return err
		}
	}
}

// row adds the rating of the record rec, whose columns idx gives
// (annotColumns).
func (res *annotResult) row(sf *sourceFile, cr rowReader, rec []string, idx *[8]int) error {
	res.reserve(sf.size, cr.InputOffset())
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
		value: cell(rec, idx[3]), iter: cell(rec, idx[4]), ts: cell(rec, idx[5]), gold: cell(rec, idx[6]),
		comment:  cell(rec, idx[7]),
		valueCol: colOf(idx[3]), iterCol: colOf(idx[4]), tsCol: colOf(idx[5]), goldCol: colOf(idx[6]),
	}
	if err := sf.rating(line, f, false); err != nil {
		var missing *missingError
		if errors.As(err, &missing) {
			return errorf(sf.path, line, colOf(idx[missing.field]), "empty %s", missing.name)
		}
		return err
	}
	return nil
}

// readFields is readTable's loop over records read as bytes: a record
// that is a plain rating (every required field, a value that is a number
// a float64 holds or a label, a valid timestamp or none, no gold answer
// and no comment) is added from its bytes (plainRow), with no string made
// unless it names something new; any other goes through row as strings,
// so that it is counted, skipped and reported as the string path does.
func (res *annotResult) readFields(sf *sourceFile, fr fieldReader, header int, idx *[8]int) error {
	var strs []string
	for {
		rec, err := fr.ReadFields()
		if err == io.EOF {
			return nil
		}
		if err == nil && res.plainRow(sf, fr, rec, idx) {
			continue
		}
		strs = strs[:0]
		for _, b := range rec {
			strs = append(strs, string(b))
		}
		if err != nil {
			return csvError(sf.path, fr, strs, header, err)
		}
		if err := res.row(sf, fr, strs, idx); err != nil {
			return err
		}
	}
}

// cellBytes returns the trimmed field i of rec, or nil when i is -1.
func cellBytes(rec [][]byte, i int) []byte {
	if i < 0 {
		return nil
	}
	b := rec[i]
	// A field that starts and ends with a printable ASCII byte has no
	// space to trim: every space TrimSpace knows is ASCII below '!' or
	// starts with a byte of 0x80 or more.
	if n := len(b); n > 0 && b[0] > ' ' && b[0] < utf8.RuneSelf && b[n-1] > ' ' && b[n-1] < utf8.RuneSelf {
		return b
	}
	return bytes.TrimSpace(b)
}

// plainRow adds the rating of rec, as row would, when rec is a plain
// rating (readFields), and reports whether it did; it changes nothing
// that row would not when it did not.
func (res *annotResult) plainRow(sf *sourceFile, cr rowReader, rec [][]byte, idx *[8]int) bool {
	if len(cellBytes(rec, idx[6])) > 0 || len(cellBytes(rec, idx[7])) > 0 {
		return false // a gold answer or a comment
	}
	item, value := cellBytes(rec, idx[0]), cellBytes(rec, idx[3])
	if len(item) == 0 || len(value) == 0 {
		return false
	}
	rater, dim := cellBytes(rec, idx[1]), cellBytes(rec, idx[2])
	if len(rater) == 0 && sf.spec.RaterValue == "" || len(dim) == 0 && sf.spec.DimensionValue == "" {
		return false
	}
	x, kind := number.FloatBytes(value)
	if kind == number.ErrRange {
		return false
	}
	var t time.Time
	if ts := cellBytes(rec, idx[5]); len(ts) > 0 {
		var err error
		if t, err = res.ts.parseBytes(ts); err != nil {
			return false
		}
	}
	res.reserve(sf.size, cr.InputOffset())
	line, _ := cr.FieldPos(0)
	sf.record()
	in := sf.in
	pos := project.Pos{File: sf.path, Line: line}
	var it string
	if b := cellBytes(rec, idx[4]); len(b) > 0 {
		it = res.mIter.bytes(in, b)
	} else {
		it = res.mIter.get(in, sf.spec.IterationValue)
	}
	if it != "" {
		col := 0
		if idx[4] >= 0 {
			_, col = cr.FieldPos(idx[4])
		}
		res.seen.see(it, pos, col, t)
	}
	r := rawRating{Rating: project.Rating{Item: res.mItem.bytes(in, item), Iteration: it, Value: x, Time: t, Pos: pos}, numeric: kind == nil}
	if len(rater) > 0 {
		r.Rater = res.mRater.bytes(in, rater)
	} else {
		r.Rater = res.mRater.get(in, sf.spec.RaterValue)
	}
	r.Label = res.labels.bytes(in, value)
	if len(dim) > 0 {
		r.dim = res.mDim.bytes(in, dim)
	} else {
		r.dim = res.mDim.get(in, sf.spec.DimensionValue)
	}
	_, r.col = cr.FieldPos(idx[3])
	res.ratings.add(r)
	return true
}

// annotColumns returns the indexes of item, rater, dimension, value,
// iteration, timestamp and gold (-1 for an absent optional one). The rater
// and dimension columns are optional when spec gives them a fixed value.
func annotColumns(file string, cr rowReader, h *header, cols columns, spec config.Source) ([8]int, error) {
	names := annotKeys(cols, spec)
	var idx [8]int
	for k, name := range names {
		idx[k] = h.col(name)
		fixed := k == 1 && spec.RaterValue != "" || k == 2 && spec.DimensionValue != ""
		if k < 4 && idx[k] < 0 && !fixed {
			return idx, fmt.Errorf("%s:1: the header has no %q column; %s", file, name, annotColumnsText(names))
		}
	}
	if slices.Contains(names[:6], goldKey) {
		idx[6] = -1 // a column renamed to "gold" is that column, not the gold answer
	}
	if slices.Contains(names[:7], names[7]) {
		idx[7] = -1 // likewise a column renamed to "comment"
	}
	for i, name := range h.names {
		if !slices.Contains(idx[:], i) {
			line, col := cr.FieldPos(i)
			return idx, errorf(file, line, col, "unknown column %q; %s", name, annotColumnsText(names))
		}
	}
	return idx, nil
}

func annotColumnsText(names [8]string) string {
	return fmt.Sprintf("an annotation file has the columns %s, %s, %s, %s and optionally %s, %s, %s, %s",
		names[0], names[1], names[2], names[3], names[4], names[5], names[6], names[7])
}

// goldKey is the column (or JSONL key) of an annotation file that holds the
// known answer for the row's item and dimension. It is not renamed through
// the config's [columns] table.
const goldKey = "gold"

// commentKey is the column (or JSONL key) of an annotation file that holds
// the rater's free-text comment, unless the source's comment key names
// another. Like gold, it is not renamed through [columns].
const commentKey = "comment"

// annotKeys lists the annotation columns: the four required ones first,
// then iteration, timestamp, gold and comment.
func annotKeys(cols columns, spec config.Source) [8]string {
	comment := commentKey
	if c := strings.TrimSpace(spec.Comment); c != "" {
		comment = c
	}
	return [8]string{cols.item, cols.rater, cols.dimension, cols.value, cols.iteration, cols.timestamp, goldKey, comment}
}

// missingError reports an empty required field, by its index in annotKeys.
type missingError struct {
	field int
	name  string
}

func (e *missingError) Error() string { return "empty " + e.name }

// rating adds the rating and gold answer of one record, in which fields
// the file lacks take the source's fixed values (iteration_value,
// rater_value, dimension_value). It counts the record, and as skipped a
// record without a value or gold answer. A missing required field is a
// *missingError, or for a lenient source a skipped record.
func (sf *sourceFile) rating(line int, f ratingFields, jsonNumber bool) error {
	sf.record()
	if f.iter == "" {
		f.iter = sf.spec.IterationValue
	}
	if f.rater == "" {
		f.rater = sf.spec.RaterValue
	}
	if f.dim == "" {
		f.dim = sf.spec.DimensionValue
	}
	res := sf.annot
	nr, ng := res.ratings.Len(), len(res.gold)
	if err := res.add(sf.path, line, f, jsonNumber, sf.cols, sf.in); err != nil {
		var missing *missingError
		if errors.As(err, &missing) && sf.lenient {
			sf.skip("missing "+missing.name, line)
			return nil
		}
		return err
	}
	if res.ratings.Len() == nr && len(res.gold) == ng {
		sf.skip("no value (a missing rating)", line)
	}
	if res.ratings.Len() > nr && f.comment != "" {
		sf.report.Comments++
	}
	return nil
}

// add records one rating and the row's gold answer. An empty value is a
// missing rating and is skipped; an empty gold cell is no gold answer.
// jsonNumber says the value was written as a JSON number.
func (res *annotResult) add(file string, line int, f ratingFields, jsonNumber bool, cols columns, in interner) error {
	for k, s := range [...]string{f.item, f.rater, f.dim} {
		if s == "" {
			return &missingError{field: k, name: annotKeys(cols, config.Source{})[k]}
		}
	}
	pos := project.Pos{File: file, Line: line}
	var t time.Time
	if f.ts != "" {
		var err error
		if t, err = res.ts.parse(f.ts); err != nil {
			return errorf(file, line, f.tsCol, "%v", err)
		}
	}
	iter := res.mIter.get(in, f.iter)
	if iter != "" {
		res.seen.see(iter, pos, f.iterCol, t)
	}
	if f.gold != "" {
		_, numeric, err := parseValue(f.gold, file, line, f.goldCol)
		if err != nil {
			return err
		}
		res.gold = append(res.gold, goldAnswer{
			item: in.get(f.item), dim: in.get(f.dim), value: in.get(f.gold), numeric: numeric, pos: pos, col: f.goldCol,
		})
	}
	if f.value == "" {
		return nil
	}
	x, numeric, err := parseValue(f.value, file, line, f.valueCol)
	if err != nil {
		return err
	}
	res.ratings.add(rawRating{
		Rating: project.Rating{
			Item: res.mItem.get(in, f.item), Rater: res.mRater.get(in, f.rater), Iteration: iter,
			Value: x, Label: res.labels.get(in, f.value), Time: t, Comment: f.comment, Pos: pos,
		},
		dim: res.mDim.get(in, f.dim), col: f.valueCol, numeric: numeric,
	})
	return nil
}
