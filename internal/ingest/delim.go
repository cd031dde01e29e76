package ingest

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strings"
)

// rowReader reads the records of delimited text; *csv.Reader is one.
type rowReader interface {
	Read() ([]string, error)
	FieldPos(field int) (line, column int)
	InputOffset() int64
}

// fieldReader is a rowReader that also reads a record as bytes:
// ReadFields returns what Read does, each field as the bytes of its text,
// valid until the next call.
type fieldReader interface {
	rowReader
	ReadFields() ([][]byte, error)
}

// fieldsOf returns rr as a fieldReader when it and every reader it wraps
// read fields as bytes (the delimited reader and the wrappers of rows and
// pipe), or nil.
func fieldsOf(rr rowReader) fieldReader {
	if stringRowsOnly {
		return nil
	}
	switch r := rr.(type) {
	case *delimReader:
		return r
	case *limitedRows:
		if fieldsOf(r.rowReader) != nil {
			return r
		}
	case *missingRows:
		if fieldsOf(r.rowReader) != nil {
			return r
		}
	case *pipeRows:
		if r.bytes {
			return r
		}
	}
	return nil
}

// stringRowsOnly makes fieldsOf find no fieldReader, so that readers take
// their string path: for tests that compare the two paths.
var stringRowsOnly = false

// newRows returns a reader of the delimited text r with the delimiter delim
// ("," "\t" ";" "|", " " for runs of spaces and tabs), or when delim is
// empty the one sniffed from the header line (sniffDelimiter). Comma-
// separated text is read strictly (RFC 4180: quotes, quoted newlines);
// other single-character delimiters allow a quote inside an unquoted
// field, as tab-separated exports write them.
func newRows(r io.Reader, delim string) rowReader { return newRowsSize(r, delim, bufSize) }

// newRowsSize is newRows reading through a buffer of n bytes (readerSize).
func newRowsSize(r io.Reader, delim string, n int) rowReader {
	br := newReaderSize(r, n)
	if delim == "" {
		line, _ := br.Peek(min(headSize, br.Size()))
		if i := bytes.IndexByte(line, '\n'); i >= 0 {
			line = line[:i]
		}
		delim = sniffDelimiter(line)
	}
	if delim == " " {
		return &spaceReader{br: br}
	}
	return newDelimReader(br, delim[0], delim != ",")
}

// sniffDelimiter picks the delimiter of a header line: a tab if it has
// one; else the most frequent of comma, semicolon and pipe outside quotes
// (comma on a tie); else, when the names are separated by spaces, " "
// (runs of spaces and tabs); else a comma (a file of one column).
func sniffDelimiter(line []byte) string {
	line = bytes.TrimSpace(bytes.TrimPrefix(line, []byte(bom)))
	if bytes.IndexByte(line, '\t') >= 0 {
		return "\t"
	}
	counts := map[byte]int{}
	quoted := false
	for _, c := range line {
		switch {
		case c == '"':
			quoted = !quoted
		case !quoted && (c == ',' || c == ';' || c == '|'):
			counts[c]++
		}
	}
	best, n := byte(','), 0
	for _, c := range []byte{',', ';', '|'} {
		if counts[c] > n {
			best, n = c, counts[c]
		}
	}
	switch {
	case n > 0:
		return string(best)
	case bytes.IndexByte(line, ' ') >= 0 && line[0] != '"':
		return " "
	}
	return ","
}

// spaceReader reads text whose fields are separated by runs of spaces and
// tabs, with no quoting (WMT's score files, whose header may be separated
// by spaces and the rows by tabs and spaces). Blank lines are skipped.
type spaceReader struct {
	br     *bufio.Reader
	line   int
	offset int64
	n      int   // fields per record, from the header; 0 before it
	cols   []int // 1-based byte column of each field of the last record
	fields []string
}

func (s *spaceReader) Read() ([]string, error) {
	for {
		raw, err := s.br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			var rest []byte
			rest, err = s.br.ReadBytes('\n')
			raw = append(bytes.Clone(raw), rest...)
		}
		if len(raw) == 0 {
			if err == nil {
				err = io.EOF
			}
			return nil, err
		}
		s.line++
		s.offset += int64(len(raw))
		text := strings.TrimRight(string(raw), "\r\n")
		if strings.TrimSpace(text) == "" {
			if err != nil {
				return nil, err
			}
			continue
		}
		s.split(text)
		if s.n == 0 {
			s.n = len(s.fields)
		} else if len(s.fields) != s.n {
			return s.fields, &csv.ParseError{StartLine: s.line, Line: s.line, Column: 1, Err: csv.ErrFieldCount}
		}
		return s.fields, nil
	}
}

// split cuts text into s.fields and s.cols: at runs of spaces and tabs,
// except that, once the header has fixed the number of fields, a
// tab-separated part of the line is kept whole (spaces and all) wherever
// the rest still splits into enough fields, leftmost parts first. So
// "Online W\t-1.0 1" under a three-name header is "Online W", "-1.0", "1".
func (s *spaceReader) split(text string) {
	s.fields, s.cols = s.fields[:0], s.cols[:0]
	type part struct {
		text  string
		start int
		n     int // fields when split at spaces
	}
	var parts []part
	total, col := 0, 0
	for p := range strings.SplitSeq(text, "\t") {
		n := len(strings.Fields(p))
		parts = append(parts, part{p, col, n})
		total += n
		col += len(p) + 1
	}
	for _, p := range parts {
		if p.n == 0 {
			continue
		}
		if s.n > 0 && p.n > 1 && total-p.n+1 >= s.n {
			total -= p.n - 1
			lead := len(p.text) - len(strings.TrimLeft(p.text, " "))
			s.fields = append(s.fields, strings.TrimSpace(p.text))
			s.cols = append(s.cols, p.start+lead+1)
			continue
		}
		for i := 0; i < len(p.text); {
			for i < len(p.text) && p.text[i] == ' ' {
				i++
			}
			j := i
			for j < len(p.text) && p.text[j] != ' ' {
				j++
			}
			if j > i {
				s.fields = append(s.fields, p.text[i:j])
				s.cols = append(s.cols, p.start+i+1)
			}
			i = j
		}
	}
}

func (s *spaceReader) FieldPos(field int) (line, column int) {
	if field < 0 || field >= len(s.cols) {
		return s.line, 1
	}
	return s.line, s.cols[field]
}

func (s *spaceReader) InputOffset() int64 { return s.offset }

// rows returns a reader of the source's delimited text r: its delimiter,
// and cells that hold one of its missing tokens read as empty, which every
// reader takes for a missing value.
func (sf *sourceFile) rows(r io.Reader) rowReader {
	// r is already neutralised (safetext) by the caller; a *bufio.Reader
	// keeps newRows from doing it again.
	n := readerSize(sf.size)
	guarded := bufio.NewReaderSize(&lineGuard{r: r, max: sf.lim.record()}, n)
	var rows rowReader = &limitedRows{rowReader: newRowsSize(guarded, sf.delim, n), lim: sf.lim}
	if len(sf.spec.Missing) == 0 {
		return rows
	}
	return &missingRows{rowReader: rows, tokens: sf.spec.Missing}
}

// missingRows reads rows with the cells equal to one of tokens (after
// trimming spaces) emptied; the header row is left as it is.
type missingRows struct {
	rowReader
	tokens []string
	header bool // the header row has been read
}

func (m *missingRows) Read() ([]string, error) {
	rec, err := m.rowReader.Read()
	if err != nil || !m.header {
		m.header = true
		return rec, err
	}
	for i, c := range rec {
		if slices.Contains(m.tokens, strings.TrimSpace(c)) {
			rec[i] = ""
		}
	}
	return rec, nil
}

// ReadFields is Read for a wrapped fieldReader (fieldsOf).
func (m *missingRows) ReadFields() ([][]byte, error) {
	rec, err := m.rowReader.(fieldReader).ReadFields()
	if err != nil || !m.header {
		m.header = true
		return rec, err
	}
	for i, c := range rec {
		c = bytes.TrimSpace(c)
		for _, t := range m.tokens {
			if string(c) == t {
				rec[i] = rec[i][:0]
				break
			}
		}
	}
	return rec, nil
}
