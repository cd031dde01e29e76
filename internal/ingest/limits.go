package ingest

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/project"
)

// The kinds of limit errors, for errors.Is. The size of a file is bounded
// by the fs.FS Load reads through (ProjectFS: contain.ErrTooLarge).
var (
	ErrFieldTooLong   = errors.New("over limits.field_bytes")
	ErrNameTooLong    = errors.New("over limits.name_bytes")
	ErrTooManyColumns = errors.New("over limits.columns")
)

// limits are the bounds of config.Limits that the readers apply.
type limits struct {
	Field, Name, Columns, Excerpt int // exported for the cache keys
}

// limitsOf returns cfg's limits, with the default for any left at zero (a
// Config made in a test rather than by config.Load).
func limitsOf(cfg *config.Config) limits {
	l, d := cfg.Limits, config.DefaultLimits()
	or := func(v, def int) int {
		if v > 0 {
			return v
		}
		return def
	}
	return limits{
		Field: or(l.FieldBytes, d.FieldBytes), Name: or(l.NameBytes, d.NameBytes),
		Columns: or(l.Columns, d.Columns), Excerpt: or(l.ExcerptBytes, d.ExcerptBytes),
	}
}

// record is the longest line of a delimited or JSON Lines file and the
// longest element of a JSON array that a reader holds in memory: 64 MiB,
// or twice the longest field when that is more.
func (lim limits) record() int { return max(64<<20, 2*lim.Field) }

// excerpt quotes s for a message: whole when it has at most n bytes, else
// its first n bytes (cut at a character boundary), an ellipsis and its
// length: "aaaa…" (52428800 bytes).
func excerpt(s string, n int) string { return excerptOf(s, len(s), n) }

// excerptOf is excerpt of a value of total bytes whose start is s.
func excerptOf(s string, total, n int) string {
	if total <= n && len(s) == total {
		return strconv.Quote(s)
	}
	cut := min(n, len(s))
	for cut > 0 && cut < len(s) && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d bytes)", strconv.Quote(s[:cut]), total)
}

// fieldError is the error of a field of n bytes at file:line:col whose
// text is s (its start, at least).
func (lim limits) fieldError(file string, line, col int, s string, n int) error {
	return fmt.Errorf("%s: a field of %d bytes, %w (%d): %s", where(file, line, col), n, ErrFieldTooLong, lim.Field, excerptOf(s, n, lim.Excerpt))
}

// limitedRows checks every record of a delimited file: the header has at
// most lim.Columns columns and no field more than lim.Field bytes.
type limitedRows struct {
	rowReader
	lim    limits
	header bool // the header row has been read
}

func (r *limitedRows) Read() ([]string, error) {
	rec, err := r.rowReader.Read()
	if err != nil {
		return rec, err
	}
	if err := r.checkHeader(len(rec)); err != nil {
		return nil, err
	}
	for i, f := range rec {
		if len(f) > r.lim.Field {
			return nil, r.fieldError(i, f)
		}
	}
	return rec, nil
}

// checkHeader checks the number of columns, n, of the first record.
func (r *limitedRows) checkHeader(n int) error {
	if r.header {
		return nil
	}
	r.header = true
	if n > r.lim.Columns {
		line, _ := r.FieldPos(0)
		return &csv.ParseError{StartLine: line, Line: line, Column: 1,
			Err: fmt.Errorf("%d columns, %w (%d)", n, ErrTooManyColumns, r.lim.Columns)}
	}
	return nil
}

// fieldError is the error of field i, f, longer than the limit.
func (r *limitedRows) fieldError(i int, f string) error {
	line, col := r.FieldPos(i)
	return &csv.ParseError{StartLine: line, Line: line, Column: col,
		Err: fmt.Errorf("a field of %d bytes, %w (%d): %s", len(f), ErrFieldTooLong, r.lim.Field, excerpt(f, r.lim.Excerpt))}
}

// ReadFields is Read for a wrapped fieldReader (fieldsOf).
func (r *limitedRows) ReadFields() ([][]byte, error) {
	rec, err := r.rowReader.(fieldReader).ReadFields()
	if err != nil {
		return rec, err
	}
	if err := r.checkHeader(len(rec)); err != nil {
		return nil, err
	}
	for i, f := range rec {
		if len(f) > r.lim.Field {
			return nil, r.fieldError(i, string(f))
		}
	}
	return rec, nil
}

// lineGuard passes r through while no line (bytes between newlines) is
// longer than max bytes, so that a reader that buffers a whole line (or a
// file with no newline at all) holds at most that much.
type lineGuard struct {
	r    io.Reader
	max  int
	run  int // bytes since the last newline
	line int // newlines seen
}

func (g *lineGuard) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	if g.run+n <= g.max {
		// No line in p can be too long: count its newlines in one pass.
		if last := bytes.LastIndexByte(p[:n], '\n'); last >= 0 {
			g.line += bytes.Count(p[:last+1], []byte{'\n'})
			g.run = n - last - 1
		} else {
			g.run += n
		}
		return n, err
	}
	for b := p[:n]; ; {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			i = len(b)
		}
		if g.run += i; g.run > g.max {
			return 0, fmt.Errorf("line %d is longer than %d bytes, %w", g.line+1, g.max, ErrFieldTooLong)
		}
		if i == len(b) {
			break
		}
		g.run, g.line, b = 0, g.line+1, b[i+1:]
	}
	return n, err
}

// longString returns the offset in b (JSON text) and the length of the
// first string literal longer than max bytes (escapes as written), or -1.
func longString(b []byte, max int) (off, n int) {
	for i := 0; i < len(b); i++ {
		if b[i] != '"' {
			continue
		}
		j := stringEnd(b, i)
		if j < 0 {
			return -1, 0
		}
		if j-i-2 > max {
			return i, j - i - 2
		}
		i = j - 1
	}
	return -1, 0
}

// checkJSONFields returns an error for the first string of obj (a record
// at file:line, whose first byte is at column col) longer than lim.Field;
// only an object longer than that can hold one, so most are not scanned.
func (lim limits) checkJSONFields(file string, line, col int, obj []byte) error {
	if len(obj) <= lim.Field {
		return nil
	}
	off, n := longString(obj, lim.Field)
	if off < 0 {
		return nil
	}
	at := lineOf(obj, obj[off:], line)
	c := 0
	if at == line {
		c = col + off
	}
	return lim.fieldError(file, at, c, string(obj[off+1:off+1+min(n, lim.Excerpt+4)]), n)
}

// checkNames returns an error for the first name in p longer than
// lim.Name: an iteration, metric, dimension, rater or item. A metric's
// values or a dimension's ratings that are the very columns of the same
// metric or dimension in checked (nil: none), a merge that passed this
// check under the same config, hence the same limits, are not walked
// again: adding one annotation file then checks its dimension alone, not
// the two million records of the others.
func (lim limits) checkNames(p, checked *project.Project) error {
	var lastValues map[string]*project.Values
	var lastRatings map[string]*project.Ratings
	if checked != nil {
		lastValues = make(map[string]*project.Values, len(checked.Metrics))
		for i := range checked.Metrics {
			lastValues[checked.Metrics[i].Name] = &checked.Metrics[i].Values
		}
		lastRatings = make(map[string]*project.Ratings, len(checked.Dimensions))
		for i := range checked.Dimensions {
			lastRatings[checked.Dimensions[i].Name] = &checked.Dimensions[i].Ratings
		}
	}
	for _, m := range p.Metrics {
		if last, ok := lastValues[m.Name]; ok && last.Same(&m.Values) {
			continue
		}
		if len(m.Name) <= lim.Name && !lim.anyLong(m.Values.Items, m.Values.Iterations) {
			continue // no value has a long name: its names are all in these tables
		}
		for i := range m.Values.Len() {
			v := m.Values.At(i)
			if err := lim.firstLong(v.Pos, named{"a metric name", m.Name},
				named{"an iteration name", v.Iteration}, named{"an item ID", v.Item}); err != nil {
				return err
			}
		}
	}
	for _, d := range p.Dimensions {
		if last, ok := lastRatings[d.Name]; ok && last.Same(&d.Ratings) {
			continue
		}
		if len(d.Name) <= lim.Name && !lim.anyLong(d.Ratings.Items, d.Ratings.Iterations, d.Ratings.Raters) {
			continue
		}
		for ri := range d.Ratings.Len() {
			r := d.Ratings.At(ri)
			if err := lim.firstLong(r.Pos, named{"a dimension name", d.Name},
				named{"an iteration name", r.Iteration}, named{"an item ID", r.Item}, named{"a rater name", r.Rater}); err != nil {
				return err
			}
		}
	}
	for _, d := range p.Pairwise {
		for _, j := range d.Judgements {
			if err := lim.firstLong(j.Pos, named{"a dimension name", d.Name}, named{"an item ID", j.Item},
				named{"a rater name", j.Rater}, named{"a system name", j.SystemA}, named{"a system name", j.SystemB}); err != nil {
				return err
			}
		}
	}
	for _, it := range p.Items {
		if err := lim.firstLong(it.Pos, named{"an item ID", it.ID}); err != nil {
			return err
		}
	}
	for _, it := range p.Iterations {
		if err := lim.firstLong(project.Pos{}, named{"an iteration name", it.ID}); err != nil {
			return err
		}
	}
	return nil
}

// anyLong reports whether a name in one of tables (nil: none) is longer
// than lim.Name. checkNames looks for the first rating or value with a long
// name only when one of its tables holds one: every name a column holds is
// in its table, so the tables, of a name each, answer for the many rows.
func (lim limits) anyLong(tables ...*project.Intern) bool {
	for _, t := range tables {
		for _, name := range t.Names() {
			if len(name) > lim.Name {
				return true
			}
		}
	}
	return false
}

// named is a name from the data and what it names ("an item ID").
type named struct{ what, name string }

// firstLong returns an ErrNameTooLong error at pos for the first of
// names longer than lim.Name, or nil.
func (lim limits) firstLong(pos project.Pos, names ...named) error {
	for _, n := range names {
		if len(n.name) > lim.Name {
			return fmt.Errorf("%s: %s of %d bytes, %w (%d): %s", where(pos.File, pos.Line, 0), n.what, len(n.name), ErrNameTooLong, lim.Name, excerpt(n.name, lim.Excerpt))
		}
	}
	return nil
}

// clipped is an error whose message quotes no value (a Go-quoted string)
// at more than n bytes: a longer one is cut as excerpt cuts it. Unwrap
// gives the error, so errors.Is and errors.As see through it.
type clipped struct {
	err error
	n   int
}

// clip returns err with its quoted values cut to n bytes, or nil.
func clip(err error, n int) error {
	if err == nil {
		return nil
	}
	return &clipped{err, n}
}

func (c *clipped) Unwrap() error { return c.err }

func (c *clipped) Error() string {
	msg := c.err.Error()
	if len(msg) <= c.n {
		return msg
	}
	var b strings.Builder
	for i := 0; i < len(msg); {
		if msg[i] != '"' {
			b.WriteByte(msg[i])
			i++
			continue
		}
		j := stringEnd([]byte(msg), i)
		if j < 0 {
			b.WriteString(msg[i:])
			break
		}
		q := msg[i:j]
		if s, err := strconv.Unquote(q); err == nil && len(s) > c.n {
			b.WriteString(excerpt(s, c.n))
		} else {
			b.WriteString(q)
		}
		i = j
	}
	return b.String()
}
