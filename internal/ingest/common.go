package ingest

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/number"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/safetext"
)

// columns holds the names that the canonical fields have in input files.
type columns struct {
	iteration, metric, value, item, slice, timestamp, rater, dimension string
}

// columnsOf returns the column names from cfg, with the canonical name for
// any left empty.
func columnsOf(cfg *config.Config) columns {
	c := cfg.Columns
	or := func(name, def string) string {
		if name = strings.TrimSpace(name); name != "" {
			return name
		}
		return def
	}
	return columns{
		iteration: or(c.Iteration, "iteration"),
		metric:    or(c.Metric, "metric"),
		value:     or(c.Value, "value"),
		item:      or(c.Item, "item"),
		slice:     or(c.Slice, "slice"),
		timestamp: or(c.Timestamp, "timestamp"),
		rater:     or(c.Rater, "rater"),
		dimension: or(c.Dimension, "dimension"),
	}
}

// interner keeps one copy of each distinct string. Strings handed to get may
// point into a buffer that is reused or large (a CSV line); the stored copy
// does not.
type interner map[string]string

func (in interner) get(s string) string {
	if v, ok := in[s]; ok {
		return v
	}
	k := strings.Clone(s)
	v := safetext.String(k)
	in[k] = v
	return v
}

// memo interns the cells of one column through an interner, trying the
// text it returned last before the map: consecutive rows often repeat a
// cell (an iteration's rows, an item's metrics). It keeps only interned
// text, so a caller may pass text over a buffer it reuses.
type memo struct {
	v  string
	ok bool
}

func (m *memo) get(in interner, s string) string {
	if m.ok && s == m.v {
		return m.v
	}
	v := in.get(s)
	m.v, m.ok = v, v == s
	return v
}

// bytes is get for text as bytes.
func (m *memo) bytes(in interner, b []byte) string {
	if m.ok && string(b) == m.v {
		return m.v
	}
	v := in.bytes(b)
	m.v, m.ok = v, v == string(b)
	return v
}

// few interns the cells of a column of few distinct values (the labels
// of a scale, the dimensions of a file) through an interner, trying the
// first sixteen it returned before the map. Like memo, it keeps only
// interned text. The one after the last found is tried first: a file's
// rows often name its dimensions in turn, one per row.
type few struct {
	v    [16]string
	n    int
	next int // the index in v tried first
}

func (f *few) get(in interner, s string) string {
	if i := fewIndex(f, s); i >= 0 {
		return f.found(i)
	}
	return fewAdd(f, in.get(s), s)
}

// bytes is get for text as bytes.
func (f *few) bytes(in interner, b []byte) string {
	if i := fewIndex(f, b); i >= 0 {
		return f.found(i)
	}
	return fewAdd(f, in.bytes(b), b)
}

// found returns f.v[i] and makes the one after it the one tried first.
func (f *few) found(i int) string {
	f.next = (i + 1) % f.n
	return f.v[i]
}

// fewAdd keeps v, the interned text of t, unless it differs from t or f
// is full, and returns it.
func fewAdd[T string | []byte](f *few, v string, t T) string {
	if v == string(t) && f.n < len(f.v) {
		f.v[f.n] = v
		f.n++
	}
	return v
}

// fewIndex returns the index in f.v of the text t, or -1.
func fewIndex[T string | []byte](f *few, t T) int {
	if f.n > 0 && sameText(f.v[f.next], t) {
		return f.next
	}
	for i, v := range f.v[:f.n] {
		if sameText(v, t) {
			return i
		}
	}
	return -1
}

// sameText reports whether v and t are the same text, comparing the
// lengths and the first and last bytes before the rest: a call to compare
// the rest is most of the cost when the names are short, and the names of
// a column differ most often at one end (dim01, dim02).
func sameText[T string | []byte](v string, t T) bool {
	if len(v) != len(t) {
		return false
	}
	if len(t) == 0 {
		return true
	}
	return v[0] == t[0] && v[len(v)-1] == t[len(t)-1] && v == string(t)
}

// errorf returns an error prefixed with "file:line:col: ", leaving out a
// line or column that is 0.
func errorf(file string, line, col int, format string, args ...any) error {
	return fmt.Errorf("%s: %w", where(file, line, col), fmt.Errorf(format, args...))
}

// where formats a position as "file:line:col", "file:line" or "file".
func where(file string, line, col int) string {
	switch {
	case line > 0 && col > 0:
		return fmt.Sprintf("%s:%d:%d", file, line, col)
	case line > 0:
		return fmt.Sprintf("%s:%d", file, line)
	}
	return file
}

// bom is the UTF-8 byte order mark some tools write at the start of a file.
const bom = "\ufeff"

// newReader buffers r, neutralised by package safetext (invalid UTF-8 and
// bidi controls), and drops a leading byte order mark. A *bufio.Reader is
// taken to be one newReader made, already neutralised.
func newReader(r io.Reader) *bufio.Reader { return newReaderSize(r, bufSize) }

// bufSize is the buffer of a reader of text.
const bufSize = 64 << 10

// readerSize is the buffer for a reader of a file of size bytes: bufSize,
// or for a smaller file its size and a byte more, so that one read meets
// its end; bufSize when the size is unknown (0). A load reads hundreds of
// files of a few KB, and a buffer of bufSize for each was most of the
// bytes it allocated for them.
func readerSize(size int64) int {
	if size <= 0 || size >= bufSize {
		return bufSize
	}
	return max(int(size)+1, 16)
}

// newReaderSize is newReader with a buffer of n bytes (readerSize).
func newReaderSize(r io.Reader, n int) *bufio.Reader {
	if _, ok := r.(*bufio.Reader); !ok {
		r = safetext.NewReader(r)
	}
	br := bufio.NewReaderSize(r, n)
	if b, err := br.Peek(len(bom)); err == nil && string(b) == bom {
		br.Discard(len(bom))
	}
	return br
}

// csvError turns an error from csv.Reader.Read into one that names file,
// line and column. rec is the record Read returned with it, if any.
func csvError(file string, cr rowReader, rec []string, header int, err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", file, err)
	}
	switch {
	case errors.Is(pe.Err, csv.ErrFieldCount):
		col := 1
		if len(rec) > header {
			_, col = cr.FieldPos(header)
		}
		return fmt.Errorf("%s: %w: the row has %d, the header %d",
			where(file, pe.Line, col), pe.Err, len(rec), header)
	case errors.Is(pe.Err, csv.ErrQuote) && pe.StartLine != pe.Line:
		return fmt.Errorf("%s: %w (the row starts on line %d; is a closing quote missing?)",
			where(file, pe.Line, pe.Column), pe.Err, pe.StartLine)
	}
	return fmt.Errorf("%s: %w", where(file, pe.Line, pe.Column), pe.Err)
}

// header maps the trimmed names of a CSV header to their column indexes.
type header struct {
	names []string
	index map[string]int
}

// readHeaderWarn is readHeader that, for an empty file, also appends the
// warning "FILE:1: empty file, no header" to warnings.
func readHeaderWarn(file string, cr rowReader, warnings *[]string) (*header, error) {
	h, err := readHeader(file, cr)
	if err == nil && h == nil {
		*warnings = append(*warnings, file+":1: empty file, no header")
	}
	return h, err
}

// readHeader reads the first row of a CSV file. It returns a nil header for
// an empty file. Two columns with the same name are an error.
func readHeader(file string, cr rowReader) (*header, error) {
	rec, err := cr.Read()
	if err == io.EOF {
		return nil, nil
	}
	if err != nil {
		return nil, csvError(file, cr, rec, 0, err)
	}
	h := &header{names: make([]string, len(rec)), index: make(map[string]int, len(rec))}
	for i, name := range rec {
		name = strings.TrimSpace(strings.TrimPrefix(name, bom))
		line, col := cr.FieldPos(i)
		if name == "" {
			return nil, errorf(file, line, col, "column %d has no name", i+1)
		}
		if j, dup := h.index[name]; dup {
			return nil, errorf(file, line, col, "column %q appears twice (columns %d and %d)", name, j+1, i+1)
		}
		h.names[i] = name
		h.index[name] = i
	}
	return h, nil
}

// col returns the index of the named column, or -1.
func (h *header) col(name string) int {
	if i, ok := h.index[name]; ok {
		return i
	}
	return -1
}

// cell returns the trimmed field i of rec, or "" when i is -1.
func cell(rec []string, i int) string {
	if i < 0 {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

// parseNumber parses s in the strict decimal syntax (package number); ok
// is false for text that is not such a number and for a number a float64
// cannot hold (which readers of values report through parseValue).
func parseNumber(s string) (float64, bool) {
	v, kind := number.Float(s)
	return v, kind == nil
}

// parseTime parses an RFC 3339 timestamp or a YYYY-MM-DD date, in UTC.
func parseTime(s string) (time.Time, error) {
	if len(s) == len(time.DateOnly) {
		if t, err := time.Parse(time.DateOnly, s); err == nil {
			return t, nil
		}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("timestamp %q is neither RFC 3339 (2026-01-12T09:30:00Z) nor a date (2026-01-12)", s)
	}
	return t.UTC(), nil
}

// timeMemo parses timestamps (parseTime), keeping the last one parsed: a
// rater's ratings of an item, a row at a time, usually share one.
type timeMemo struct {
	s  string
	t  time.Time
	ok bool
}

func (m *timeMemo) parse(s string) (time.Time, error) {
	if m.ok && s == m.s {
		return m.t, nil
	}
	t, err := parseTime(s)
	if err == nil {
		m.s, m.t, m.ok = s, t, true
	}
	return t, err
}

// parseBytes is parse for text as bytes: it makes a string only for a
// timestamp other than the last.
func (m *timeMemo) parseBytes(b []byte) (time.Time, error) {
	if m.ok && string(b) == m.s {
		return m.t, nil
	}
	return m.parse(string(b))
}

// iterSeen records the iterations a data file names, in order of first
// appearance, with where each first appears and its earliest timestamp.
type iterSeen struct {
	order  []string
	info   map[string]*iterInfo
	last   *iterInfo // info[lastID]
	lastID string
}

type iterInfo struct {
	pos      project.Pos
	col      int
	earliest time.Time // zero when no row with this iteration has a timestamp
}

func newIterSeen() *iterSeen { return &iterSeen{info: map[string]*iterInfo{}} }

// see records one row of iteration id at file:line:col with timestamp t.
func (s *iterSeen) see(id string, pos project.Pos, col int, t time.Time) {
	in := s.last // the iteration seen last, tried before the map
	if in == nil || id != s.lastID {
		var ok bool
		if in, ok = s.info[id]; !ok {
			in = &iterInfo{pos: pos, col: col}
			s.info[id] = in
			s.order = append(s.order, id)
		}
		s.last, s.lastID = in, id
	}
	if !t.IsZero() && (in.earliest.IsZero() || t.Before(in.earliest)) {
		in.earliest = t
	}
}

// merge adds the iterations of other, seen after those of s.
func (s *iterSeen) merge(other *iterSeen) {
	for _, id := range other.order {
		o := other.info[id]
		s.see(id, o.pos, o.col, o.earliest)
	}
}

// sortedKeys returns the keys of m in increasing order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// fileSize returns the size of f, or 0 when it is not known.
func fileSize(f fs.File) int64 {
	if info, err := f.Stat(); err == nil {
		return info.Size()
	}
	return 0
}

// estimate returns how many records a file of size bytes holds in all when
// n records took offset bytes, padded a little; or 0 when n is too small to
// tell or the size is unknown. It waits for 16 KiB of records, so that a
// long header line does not make the estimate short (each shortfall costs
// a copy of every column).
func estimate(n int, offset, size int64) int {
	if n < 64 || offset <= 0 {
		return 0
	}
	if size <= offset {
		return n
	}
	if offset < 16<<10 {
		return 0
	}
	return int(float64(n)*float64(size)/float64(offset)*1.05) + 16
}
