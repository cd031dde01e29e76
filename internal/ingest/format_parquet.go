package ingest

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"math/big"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/parquet-go/parquet-go"
	pqformat "github.com/parquet-go/parquet-go/format"

	"github.com/evalbook/evalbook/internal/safetext"
)

// The parquet format reads Apache Parquet files (the export of Spark,
// BigQuery, DuckDB, pandas and polars) with the same columns as the csv
// format: metrics in long or wide form, annotations, pairwise judgements
// (a file with system_a, system_b and winner columns, or a source that maps
// them), outputs and raters. A source's mapping and fixed values apply as
// they do to delimited text.
//
// The file is read column by column, a page at a time, row group after row
// group; each row is handed to the table readers as the cells of the
// equivalent CSV row, so a Parquet file and the CSV with the same data give
// the same project. Cells: integers of any width (and unsigned), floats
// and doubles in their shortest form, decimals (on INT32, INT64, fixed or
// variable byte arrays) exactly with their scale, booleans as 1 and 0,
// strings as they are, dates as YYYY-MM-DD, timestamps (the TIMESTAMP
// logical type in any unit, or Spark's INT96) as RFC 3339 in UTC. A null,
// or a floating-point NaN (pandas' missing value), is an empty cell.
// Positions count as in that CSV: line 1 is the header and row n of the
// file is line n+1; errors name the row group, the row and the column.
// A pairwise file reads only the columns it maps; others read every column,
// as an unknown column is an error there as it is in a CSV.
func init() {
	register(&format{
		name:   "parquet",
		kinds:  []string{kindMetrics, kindAnnotations, kindOutputs, kindRaters, kindAggregates},
		order:  5,
		sniff:  sniffParquet,
		read:   readParquetStream,
		readAt: readParquet,
	})
}

// parquetMagic starts and ends every Parquet file.
const parquetMagic = "PAR1"

func sniffParquet(h *head) error {
	if bytes.HasPrefix(h.b, []byte(parquetMagic)) {
		return nil
	}
	if h.ext() == ".parquet" {
		return errors.New(`named .parquet but does not start with the Parquet magic "PAR1"`)
	}
	return errUnlisted
}

// readerAtOf returns f as an io.ReaderAt, looking through the cache's tap
// (whose Close hashes the bytes left unread, so random reads leave its
// hash whole), or nil.
func readerAtOf(f fs.File) io.ReaderAt {
	if t, ok := f.(*tapFile); ok {
		f = t.File
	}
	ra, _ := f.(io.ReaderAt)
	return ra
}

// readParquetStream reads a Parquet file from a stream that offers no
// random access, by spooling it to a temporary file first, so memory
// stays bounded.
func readParquetStream(sf *sourceFile, r io.Reader) error {
	tmp, err := os.CreateTemp("", "evalbook-*.parquet")
	if err != nil {
		return fmt.Errorf("%s: %w", sf.path, err)
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	n, err := io.Copy(tmp, r)
	if err != nil {
		return fmt.Errorf("%s: %w", sf.path, err)
	}
	return readParquet(sf, tmp, n)
}

// checkFooter checks the end of the Parquet file r of size bytes: the
// magic, and a footer length that fits in the file between the two magics.
// The decoder allocates the length it is given before reading, so a
// damaged length would cost gigabytes for a file of a few bytes.
func checkFooter(path string, r io.ReaderAt, size int64) error {
	var tail [8]byte // the footer's length (little-endian) and the magic
	if _, err := r.ReadAt(tail[:], size-8); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if string(tail[4:]) != parquetMagic {
		return fmt.Errorf("%s: not a Parquet file: it does not end with the magic %q (cut short while being copied?)", path, parquetMagic)
	}
	if n := int64(binary.LittleEndian.Uint32(tail[:4])); n > size-12 {
		return fmt.Errorf("%s: not a readable Parquet file: its footer claims %d bytes, but the file has %d bytes in all", path, n, size)
	}
	return nil
}

// readParquet reads the Parquet file r of size bytes into sf. The decoder
// panics on some malformed files; that is an error naming the file.
func readParquet(sf *sourceFile, r io.ReaderAt, size int64) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("%s: not a readable Parquet file: %v", sf.path, v)
		}
	}()
	var magic [4]byte
	if size < 12 {
		return fmt.Errorf("%s: not a Parquet file: %d bytes, too short for one", sf.path, size)
	}
	if _, err := r.ReadAt(magic[:], 0); err != nil {
		return fmt.Errorf("%s: %w", sf.path, err)
	}
	if string(magic[:]) != parquetMagic {
		return fmt.Errorf("%s: not a Parquet file: it does not start with the magic %q", sf.path, parquetMagic)
	}
	if err := checkFooter(sf.path, r, size); err != nil {
		return err
	}
	pf, err := parquet.OpenFile(r, size, parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
	if err != nil {
		return fmt.Errorf("%s: not a readable Parquet file: %w", sf.path, err)
	}
	pairs := sf.annot != nil && (sf.spec.Pairwise() || hasColumns(pf.Schema(), "system_a", "system_b", "winner"))
	var want []string // the columns to read; nil for all
	if pairs {
		names := sf.pairNames()
		want = names[:]
	}
	pr, err := newParquetRows(sf.path, pf, size, want)
	if err != nil {
		return err
	}
	defer pr.close()
	var rows rowReader = pr
	if len(sf.spec.Missing) > 0 {
		rows = &missingRows{rowReader: pr, tokens: sf.spec.Missing}
	}
	switch {
	case pairs:
		err = sf.readPairTable(rows)
	case sf.metric != nil:
		err = sf.metric.readTable(sf, rows)
	case sf.side != nil:
		err = sf.readSideTable(rows)
	case sf.agg != nil:
		err = sf.agg.readTable(sf, rows)
	default:
		err = sf.annot.readTable(sf, rows)
	}
	return pr.locate(err)
}

// hasColumns reports whether schema has top-level columns named names.
func hasColumns(schema *parquet.Schema, names ...string) bool {
	for _, n := range names {
		if _, ok := schema.Lookup(n); !ok {
			return false
		}
	}
	return true
}

// pqColumn is one column being read: its pages, the current one decoded
// for reading cell by cell.
type pqColumn struct {
	name   string
	index  int  // the leaf column index in the file
	maxDef byte // the definition level of a non-null value
	conv   func(dst []byte, v parquet.Value) []byte
	str    bool              // byte-array text, kept in cache
	cache  map[string]string // distinct short texts, so a repeated one is one string
	last   string            // the text last taken from cache
	direct bool              // plain pages are read from their typed values (ByteArray text, signed integers, doubles)
	num    bool              // a number: Int32 or Int64 without a logical type other than a signed integer, or a Double
	// wantNum: the table reader takes this column's numbers as float64
	// (parquetRows.wantNumbers), so a number's text is not made.
	wantNum bool

	pages  parquet.Pages
	page   parquet.Page
	levels []byte // the page's definition levels; nil for a required column or form pqValues
	row    int    // the page's next row
	rows   int    // rows in the page
	val    int    // the page's next non-null value

	form  pqForm
	idx   []int32 // pqDict: the dictionary index of each non-null value
	dict  parquet.Dictionary
	cells []pqCell // pqDict: the dictionary's entries as cells, made on first use; valid for dict
	f64   []float64
	i64   []int64
	i32   []int32
	bytes []byte              // pqBytes: the values back to back,
	offs  []uint32            // and where each starts (and the last ends)
	vr    parquet.ValueReader // pqValues: the page's values, nulls included,
	vals  []parquet.Value     // read a window at a time
	pos   int                 // the window's next value
}

// pqForm is how a decoded page holds its values.
type pqForm uint8

const (
	pqValues pqForm = iota // parquet.Values, through the column's conv
	pqDict                 // dictionary indexes
	pqDouble
	pqInt64
	pqInt32
	pqBytes
)

// pqCell is a dictionary entry as a cell: its text, and its number when
// the column holds numbers.
type pqCell struct {
	s   string
	x   float64
	num bool
	set bool
}

// numCell is the text of a cell handed over as a number (wantNumbers):
// not a number, so a reader that took the text by mistake fails loudly.
const numCell = "#"

// maxCached bounds the distinct texts a column keeps, and the length of
// each: names repeat (items, raters, systems), comments rarely do.
const (
	maxCached    = 1 << 16
	maxCachedLen = 128
)

// parquetRows reads a Parquet file as rows of cells, a rowReader.
type parquetRows struct {
	file   string
	pf     *parquet.File
	size   int64
	cols   []*pqColumn
	groups []parquet.RowGroup
	starts []int64 // the file row each group starts at

	header bool  // the header has been returned
	group  int   // the current row group; -1 before the first
	left   int64 // rows left in the current group
	row    int64 // rows returned, file-wide
	rec    []string
	nums   []float64 // the last row's cells handed over as numbers
}

// newParquetRows prepares to read the columns want of pf (nil: all of
// them, in schema order; else those of want that the file has, in that
// order).
func newParquetRows(file string, pf *parquet.File, size int64, want []string) (*parquetRows, error) {
	p := &parquetRows{file: file, pf: pf, size: size, groups: pf.RowGroups(), group: -1}
	schema := pf.Schema()
	var paths [][]string
	if want == nil {
		paths = schema.Columns()
	} else {
		for _, n := range want {
			if _, ok := schema.Lookup(n); ok && !containsPath(paths, n) {
				paths = append(paths, []string{n})
			}
		}
	}
	for _, path := range paths {
		leaf, _ := schema.Lookup(path...)
		name := strings.Join(path, ".")
		if leaf.MaxRepetitionLevel > 0 {
			return nil, fmt.Errorf("%s: column %q is repeated (a list or map); evalbook reads flat columns of numbers, text, booleans and timestamps", file, name)
		}
		conv, str, err := pqConverter(leaf.Node.Type())
		if err != nil {
			return nil, fmt.Errorf("%s: column %q: %w", file, name, err)
		}
		c := &pqColumn{name: name, index: leaf.ColumnIndex, maxDef: byte(leaf.MaxDefinitionLevel), conv: conv, str: str}
		c.direct, c.num = pqDirect(leaf.Node.Type())
		if str {
			c.cache = map[string]string{}
		}
		p.cols = append(p.cols, c)
	}
	var start int64
	for _, g := range p.groups {
		p.starts = append(p.starts, start)
		start += g.NumRows()
	}
	p.rec = make([]string, len(p.cols))
	p.nums = make([]float64, len(p.cols))
	return p, nil
}

func containsPath(paths [][]string, name string) bool {
	for _, p := range paths {
		if len(p) == 1 && p[0] == name {
			return true
		}
	}
	return false
}

// Read returns the header (the column names), then one row at a time. The
// record is reused by the next call.
func (p *parquetRows) Read() ([]string, error) {
	if !p.header {
		p.header = true
		for i, c := range p.cols {
			p.rec[i] = c.name
		}
		return p.rec, nil
	}
	for p.left == 0 {
		if err := p.nextGroup(); err != nil {
			return nil, err
		}
	}
	var arena []byte // the row's cells that are not cached texts share one allocation
	for i, c := range p.cols {
		s, x, err := c.next(&arena)
		if err != nil {
			g, r := p.at(p.row)
			return nil, fmt.Errorf("row group %d, row %d, column %q: %w", g+1, r+1, c.name, err)
		}
		p.rec[i], p.nums[i] = s, x
	}
	p.left--
	p.row++
	return p.rec, nil
}

// wantNumbers tells the reader that the table reader takes the cells of
// fields as numbers (number) where the column holds them: their text is
// then numCell, or empty for a null or NaN.
func (p *parquetRows) wantNumbers(fields ...int) {
	for _, f := range fields {
		if f >= 0 && f < len(p.cols) {
			p.cols[f].wantNum = p.cols[f].num
		}
	}
}

// number returns the value of the cell of field in the last row, when it
// was handed over as a number (its text is numCell).
func (p *parquetRows) number(field int) (float64, bool) {
	if p.cols[field].wantNum && p.rec[field] == numCell {
		return p.nums[field], true
	}
	return 0, false
}

// numberRows is a rowReader that can hand cells over as numbers, parsed
// already (a Parquet file's numeric columns).
type numberRows interface {
	wantNumbers(fields ...int)
	number(field int) (float64, bool)
}

// nextGroup moves to the next row group, or returns io.EOF.
func (p *parquetRows) nextGroup() error {
	p.closePages()
	p.group++
	if p.group >= len(p.groups) {
		return io.EOF
	}
	g := p.groups[p.group]
	chunks := g.ColumnChunks()
	for _, c := range p.cols {
		c.pages = chunks[c.index].Pages()
		c.row, c.rows = 0, 0
	}
	p.left = g.NumRows()
	return nil
}

// next returns the column's next cell as text, and its number when the
// text is numCell. Text that is not cached is appended to arena.
func (c *pqColumn) next(arena *[]byte) (string, float64, error) {
	for c.row == c.rows {
		if err := c.nextPage(); err != nil {
			return "", 0, err
		}
	}
	r := c.row
	c.row++
	if c.form == pqValues {
		if c.pos == len(c.vals) {
			n, err := c.vr.ReadValues(c.vals[:cap(c.vals)])
			if n == 0 && err != nil {
				if err == io.EOF {
					err = fmt.Errorf("a page of %d rows holds %d values", c.rows, r)
				}
				return "", 0, err
			}
			c.vals, c.pos = c.vals[:n], 0
		}
		v := c.vals[c.pos]
		c.pos++
		if v.IsNull() {
			return "", 0, nil
		}
		return c.text(v, arena), 0, nil
	}
	if c.levels != nil && c.levels[r] != c.maxDef {
		return "", 0, nil // a null
	}
	k := c.val
	c.val++
	switch c.form {
	case pqDict:
		return c.dictCell(c.idx[k])
	case pqDouble:
		return c.number(c.f64[k], arena)
	case pqInt64:
		return c.integer(c.i64[k], arena)
	case pqInt32:
		return c.integer(int64(c.i32[k]), arena)
	}
	return c.textBytes(c.bytes[c.offs[k]:c.offs[k+1]], arena), 0, nil
}

// nextPage reads and decodes the column's next page.
func (c *pqColumn) nextPage() error {
	c.release()
	page, err := c.pages.ReadPage()
	if err == io.EOF {
		return errors.New("the column has fewer values than the row group has rows")
	}
	if err != nil {
		return err
	}
	c.page, c.row, c.val = page, 0, 0
	c.rows = int(page.NumRows())
	d := page.Dictionary()
	if d == nil && !c.direct {
		c.form, c.levels, c.vr = pqValues, nil, page.Values()
		if c.vals == nil {
			c.vals = make([]parquet.Value, 0, 1024)
		}
		c.vals, c.pos = c.vals[:0], 0
		return nil
	}
	c.levels = page.DefinitionLevels()
	if c.levels != nil && len(c.levels) != c.rows {
		return fmt.Errorf("a page of %d rows has %d definition levels", c.rows, len(c.levels))
	}
	data := page.Data()
	var n int
	switch {
	case d != nil:
		if d != c.dict {
			c.dict = d
			c.cells = slices.Grow(c.cells[:0], d.Len())[:d.Len()]
			clear(c.cells)
		}
		c.form, c.idx = pqDict, data.Int32()
		n = len(c.idx)
	case page.Type().Kind() == parquet.Double:
		c.form, c.f64 = pqDouble, data.Double()
		n = len(c.f64)
	case page.Type().Kind() == parquet.Int64:
		c.form, c.i64 = pqInt64, data.Int64()
		n = len(c.i64)
	case page.Type().Kind() == parquet.Int32:
		c.form, c.i32 = pqInt32, data.Int32()
		n = len(c.i32)
	default:
		c.form = pqBytes
		c.bytes, c.offs = data.ByteArray()
		n = len(c.offs) - 1
		if n >= 0 && (c.offs[n] > uint32(len(c.bytes)) || !slices.IsSorted(c.offs)) {
			return errors.New("a page's text values overrun it")
		}
	}
	if want := c.nonNull(); n != want {
		return fmt.Errorf("a page of %d rows and %d non-null values holds %d values", c.rows, want, n)
	}
	return nil
}

// nonNull counts the non-null rows of the current page.
func (c *pqColumn) nonNull() int {
	if c.levels == nil {
		return c.rows
	}
	n := 0
	for _, l := range c.levels {
		if l == c.maxDef {
			n++
		}
	}
	return n
}

// dictCell returns dictionary entry i as a cell, converted on its first use.
func (c *pqColumn) dictCell(i int32) (string, float64, error) {
	if i < 0 || int(i) >= len(c.cells) {
		return "", 0, fmt.Errorf("dictionary index %d is out of range (the dictionary has %d values)", i, len(c.cells))
	}
	e := &c.cells[i]
	if !e.set {
		v := c.dict.Index(i)
		e.set = true
		if x, ok := pqNumber(v); ok && c.num {
			e.x, e.num = x, true
		}
		if c.str {
			var arena []byte
			e.s = c.textBytes(v.ByteArray(), &arena)
		} else {
			e.s = safetext.String(string(c.conv(nil, v)))
		}
	}
	if e.num && c.wantNum {
		return numCell, e.x, nil
	}
	return e.s, 0, nil
}

// pqNumber returns v as a float64 when it is a finite Int32, Int64 or Double.
func pqNumber(v parquet.Value) (float64, bool) {
	switch v.Kind() {
	case parquet.Int32:
		return float64(v.Int32()), true
	case parquet.Int64:
		return float64(v.Int64()), true
	case parquet.Double:
		x := v.Double()
		return x, !math.IsNaN(x) && !math.IsInf(x, 0)
	}
	return 0, false
}

// number returns the double x as a cell: numCell when the table reader
// takes numbers, else its shortest text; a NaN is empty.
func (c *pqColumn) number(x float64, arena *[]byte) (string, float64, error) {
	if c.wantNum && !math.IsNaN(x) && !math.IsInf(x, 0) {
		return numCell, x, nil
	}
	return appendCell(arena, func(b []byte) []byte { return appendFloat(b, x, 64) }), 0, nil
}

// integer returns the integer n as a cell, like number.
func (c *pqColumn) integer(n int64, arena *[]byte) (string, float64, error) {
	if c.wantNum {
		return numCell, float64(n), nil
	}
	if n >= 0 && n < 100 {
		return strconv.Itoa(int(n)), 0, nil // a constant, no allocation
	}
	return appendCell(arena, func(b []byte) []byte { return strconv.AppendInt(b, n, 10) }), 0, nil
}

// text returns the value v of the column as a cell's text.
func (c *pqColumn) text(v parquet.Value, arena *[]byte) string {
	if c.str {
		return c.textBytes(v.ByteArray(), arena)
	}
	return appendCell(arena, func(b []byte) []byte { return c.conv(b, v) })
}

// textBytes returns the byte-array text b as a cell: a string kept in the
// column's cache when it is short, else appended to arena; text that is
// not UTF-8 (binary data) is U+FFFD, a cell that reads as no number or name.
func (c *pqColumn) textBytes(b []byte, arena *[]byte) string {
	if string(b) == c.last {
		return c.last // a run of one name: an item's rows, an iteration's
	}
	if s, ok := c.cache[string(b)]; ok {
		c.last = s
		return s
	}
	if !utf8.Valid(b) {
		return "\ufffd"
	}
	if len(b) <= maxCachedLen && len(c.cache) < maxCached {
		s := safetext.String(string(b))
		c.cache[string(b)] = s
		c.last = s
		return s
	}
	c.last = appendCell(arena, func(dst []byte) []byte { return append(dst, b...) })
	return c.last
}

// appendCell appends a cell's text with add to arena and returns it as a
// string over the arena's bytes, neutralised (safetext).
func appendCell(arena *[]byte, add func([]byte) []byte) string {
	a := *arena
	if a == nil {
		a = make([]byte, 0, 128)
	}
	start := len(a)
	a = add(a)
	*arena = a
	// The arena only grows: bytes behind earlier cells are never written
	// again, so each cell may be a string over them.
	return safetext.String(unsafe.String(unsafe.SliceData(a[start:]), len(a)-start))
}

// release releases the current page to parquet-go's pools.
func (c *pqColumn) release() {
	if c.page != nil {
		parquet.Release(c.page)
		c.page = nil
	}
	c.idx, c.f64, c.i64, c.i32, c.bytes, c.offs, c.vr = nil, nil, nil, nil, nil, nil, nil
}

func (p *parquetRows) closePages() {
	for _, c := range p.cols {
		c.release()
		if c.pages != nil {
			c.pages.Close()
			c.pages = nil
		}
		c.dict, c.cells = nil, c.cells[:0]
	}
}

func (p *parquetRows) close() { p.closePages() }

// FieldPos returns the position of a cell of the last row as it would be
// in the equivalent CSV: the line (the header is line 1) and the column
// number (1-based).
func (p *parquetRows) FieldPos(field int) (line, column int) {
	if p.row == 0 {
		return 1, field + 1
	}
	return int(p.row) + 1, field + 1
}

// InputOffset returns an estimate of the bytes read: the file's size in
// proportion to the rows read.
func (p *parquetRows) InputOffset() int64 {
	if n := p.pf.NumRows(); n > 0 {
		return int64(float64(p.size) * float64(p.row) / float64(n))
	}
	return 0
}

// at returns the row group (0-based) and the row within it (0-based) of
// file row r (0-based).
func (p *parquetRows) at(r int64) (group int, row int64) {
	for g := len(p.starts) - 1; g >= 0; g-- {
		if r >= p.starts[g] {
			return g, r - p.starts[g]
		}
	}
	return 0, r
}

// pqPosError is an error of a table reader with its CSV position turned
// into Parquet terms.
type pqPosError struct {
	msg string
	err error
}

func (e *pqPosError) Error() string { return e.msg }
func (e *pqPosError) Unwrap() error { return e.err }

// locate rewrites the "file:line:col: " position of a table reader's error
// as the row group, row and column of the file: "file: row group 2, row 5
// (row 1029 of the file), column "value": ...", or "file: header, column
// ..." for line 1.
func (p *parquetRows) locate(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	rest, ok := strings.CutPrefix(msg, p.file+":")
	if !ok {
		return err
	}
	line, col := 0, 0
	var n int
	if line, n = leadingInt(rest); n == 0 {
		return err
	}
	rest = rest[n:]
	if r, ok := strings.CutPrefix(rest, ":"); ok {
		if col, n = leadingInt(r); n > 0 {
			rest = r[n:]
		}
	}
	rest, ok = strings.CutPrefix(rest, ": ")
	if !ok {
		return err
	}
	var where string
	if line <= 1 {
		where = "header"
	} else {
		g, r := p.at(int64(line - 2))
		where = fmt.Sprintf("row group %d, row %d (row %d of the file)", g+1, r+1, line-1)
	}
	if col > 0 && col <= len(p.cols) {
		c := fmt.Sprintf("column %q", p.cols[col-1].name)
		where += ", " + c
		rest = strings.TrimPrefix(rest, c+": ") // a message that names it already
	}
	return &pqPosError{msg: p.file + ": " + where + ": " + rest, err: err}
}

// leadingInt parses the digits at the start of s; n is how many.
func leadingInt(s string) (v, n int) {
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		v = v*10 + int(s[n]-'0')
		n++
	}
	return v, n
}

// pqConverter returns the function that appends a value of type t as
// text, and whether t is text (kept as is, cached).
func pqConverter(t parquet.Type) (conv func([]byte, parquet.Value) []byte, str bool, err error) {
	var lt any
	if l := t.LogicalType(); l != nil {
		lt = l.Value
	}
	switch l := lt.(type) {
	case *pqformat.DecimalType:
		return decimalConv(t.Kind(), int(l.Scale)), false, nil
	case *pqformat.TimestampType:
		unit := time.Nanosecond
		switch l.Unit.Value.(type) {
		case *pqformat.MilliSeconds:
			unit = time.Millisecond
		case *pqformat.MicroSeconds:
			unit = time.Microsecond
		}
		if t.Kind() != parquet.Int64 {
			break
		}
		return func(dst []byte, v parquet.Value) []byte {
			return appendTime(dst, unixUnit(v.Int64(), unit))
		}, false, nil
	case *pqformat.DateType:
		return func(dst []byte, v parquet.Value) []byte {
			return time.Unix(int64(v.Int32())*86400, 0).UTC().AppendFormat(dst, time.DateOnly)
		}, false, nil
	case *pqformat.IntType:
		if !l.IsSigned {
			return func(dst []byte, v parquet.Value) []byte {
				if t.Kind() == parquet.Int32 {
					return strconv.AppendUint(dst, uint64(v.Uint32()), 10)
				}
				return strconv.AppendUint(dst, v.Uint64(), 10)
			}, false, nil
		}
	case *pqformat.StringType, *pqformat.EnumType, *pqformat.JsonType, nil:
	case *pqformat.UUIDType:
		return func(dst []byte, v parquet.Value) []byte {
			b := v.ByteArray()
			for i, c := range b {
				if i == 4 || i == 6 || i == 8 || i == 10 {
					dst = append(dst, '-')
				}
				dst = append(dst, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&15])
			}
			return dst
		}, false, nil
	default:
		return nil, false, fmt.Errorf("its type %s is not one evalbook reads (numbers, text, booleans, dates and timestamps)", t)
	}
	switch t.Kind() {
	case parquet.Boolean:
		return func(dst []byte, v parquet.Value) []byte {
			if v.Boolean() {
				return append(dst, '1')
			}
			return append(dst, '0')
		}, false, nil
	case parquet.Int32:
		return func(dst []byte, v parquet.Value) []byte { return strconv.AppendInt(dst, int64(v.Int32()), 10) }, false, nil
	case parquet.Int64:
		return func(dst []byte, v parquet.Value) []byte { return strconv.AppendInt(dst, v.Int64(), 10) }, false, nil
	case parquet.Float:
		return func(dst []byte, v parquet.Value) []byte { return appendFloat(dst, float64(v.Float()), 32) }, false, nil
	case parquet.Double:
		return func(dst []byte, v parquet.Value) []byte { return appendFloat(dst, v.Double(), 64) }, false, nil
	case parquet.Int96:
		return func(dst []byte, v parquet.Value) []byte {
			x := v.Int96()
			nanos := int64(x[1])<<32 | int64(x[0])
			days := int64(x[2]) - 2440588 // the Julian day of 1970-01-01
			return appendTime(dst, time.Unix(days*86400, nanos))
		}, false, nil
	case parquet.ByteArray, parquet.FixedLenByteArray:
		return func(dst []byte, v parquet.Value) []byte {
			b := v.ByteArray()
			if !utf8.Valid(b) {
				return append(dst, "\ufffd"...) // binary data is no text; a cell that reads as no number or name
			}
			return append(dst, b...)
		}, true, nil
	}
	return nil, false, fmt.Errorf("its type %s is not one evalbook reads (numbers, text, booleans, dates and timestamps)", t)
}

// pqDirect reports whether plain pages of type t are read from their typed
// values (text, signed integers and doubles: the types whose conv is the
// plain one), and whether t holds numbers a table reader may take as
// float64 without their text (integers and doubles, not floats, whose
// text is their shortest float32 form).
func pqDirect(t parquet.Type) (direct, num bool) {
	if l := t.LogicalType(); l != nil {
		switch l := l.Value.(type) {
		case *pqformat.IntType:
			if !l.IsSigned {
				return false, false
			}
		case *pqformat.StringType, *pqformat.EnumType, *pqformat.JsonType, nil:
		default:
			return false, false
		}
	}
	switch t.Kind() {
	case parquet.Int32, parquet.Int64, parquet.Double:
		return true, true
	case parquet.ByteArray:
		return true, false
	}
	return false, false
}

// appendFloat appends x in its shortest form for its width, or nothing for
// a NaN (a missing value, as pandas writes one).
func appendFloat(dst []byte, x float64, bits int) []byte {
	if math.IsNaN(x) {
		return dst
	}
	return strconv.AppendFloat(dst, x, 'g', -1, bits)
}

func unixUnit(n int64, unit time.Duration) time.Time {
	per := int64(time.Second / unit)
	sec, frac := n/per, n%per
	if frac < 0 {
		sec, frac = sec-1, frac+per
	}
	return time.Unix(sec, frac*int64(unit))
}

func appendTime(dst []byte, t time.Time) []byte {
	return t.UTC().AppendFormat(dst, time.RFC3339Nano)
}

// decimalConv returns the function that appends a decimal of physical
// kind with scale exactly, as decimal text.
func decimalConv(kind parquet.Kind, scale int) func([]byte, parquet.Value) []byte {
	return func(dst []byte, v parquet.Value) []byte {
		var digits []byte
		switch kind {
		case parquet.Int32:
			digits = strconv.AppendInt(nil, int64(v.Int32()), 10)
		case parquet.Int64:
			digits = strconv.AppendInt(nil, v.Int64(), 10)
		default:
			b := v.ByteArray()
			if len(b) <= 8 {
				var u uint64
				for _, c := range b {
					u = u<<8 | uint64(c)
				}
				if len(b) > 0 && len(b) < 8 && b[0]&0x80 != 0 {
					u |= ^uint64(0) << (8 * len(b)) // sign-extend
				}
				if len(b) == 8 {
					u = binary.BigEndian.Uint64(b)
				}
				digits = strconv.AppendInt(nil, int64(u), 10)
			} else {
				x := new(big.Int).SetBytes(b)
				if b[0]&0x80 != 0 {
					x.Sub(x, new(big.Int).Lsh(big.NewInt(1), uint(8*len(b))))
				}
				digits = x.Append(nil, 10)
			}
		}
		return appendScaled(dst, digits, scale)
	}
}

// appendScaled appends the integer text digits divided by 10^scale.
func appendScaled(dst, digits []byte, scale int) []byte {
	if digits[0] == '-' {
		dst = append(dst, '-')
		digits = digits[1:]
	}
	if scale <= 0 {
		dst = append(dst, digits...)
		for range -scale {
			dst = append(dst, '0')
		}
		return dst
	}
	if len(digits) <= scale {
		dst = append(dst, '0', '.')
		for range scale - len(digits) {
			dst = append(dst, '0')
		}
		return append(dst, digits...)
	}
	dst = append(dst, digits[:len(digits)-scale]...)
	dst = append(dst, '.')
	return append(dst, digits[len(digits)-scale:]...)
}
