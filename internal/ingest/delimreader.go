package ingest

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"io"
)

// delimReader reads delimited text as encoding/csv's Reader does with
// ReuseRecord set, Comma an ASCII delimiter and LazyQuotes as given: the
// same records, errors (*csv.ParseError), field positions and offsets,
// checked against it by FuzzDelimReader. It is faster on the common line,
// one without a quote: the fields are cut from the line as the buffered
// reader holds it, into one string, with no copy through a record buffer.
// A record whose first line holds a quote is read a byte at a time
// (parseQuoted).
type delimReader struct {
	r     *bufio.Reader
	comma byte
	lazy  bool

	numLine   int
	offset    int64
	perRecord int // fields per record, from the first; 0 before it

	raw       []byte // a line longer than the reader's buffer
	buf       []byte // the fields of a quoted record, back to back
	ends      []int  // the end of each field in buf
	positions []fieldPos
	record    []string

	// The last record's fields are span[bounds[i].start:bounds[i].end]:
	// span is the line (a record without a quote) or buf.
	span   []byte
	bounds []fieldBounds
	fields [][]byte
}

// fieldBounds is where a field is in delimReader.span.
type fieldBounds struct{ start, end int }

// fieldPos is where a field starts: its line and 1-based byte column.
type fieldPos struct{ line, col int }

func newDelimReader(r *bufio.Reader, comma byte, lazy bool) *delimReader {
	return &delimReader{r: r, comma: comma, lazy: lazy}
}

// Read returns the next record, reused by the next call, and with it an
// error of the record (a *csv.ParseError) or io.EOF. Its fields are parts
// of one string.
func (d *delimReader) Read() ([]string, error) {
	err := d.readRecord()
	if err == io.EOF {
		return nil, err
	}
	s := string(d.span)
	d.record = d.record[:0]
	for _, b := range d.bounds {
		d.record = append(d.record, s[b.start:b.end])
	}
	return d.record, err
}

// ReadFields is Read with the fields as bytes, over the reader's buffer:
// they are valid until the next call, and a caller keeps none of them
// without a copy. It makes no string, so a reader that interns its cells
// allocates nothing for a line whose cells it has seen before.
func (d *delimReader) ReadFields() ([][]byte, error) {
	err := d.readRecord()
	if err == io.EOF {
		return nil, err
	}
	d.fields = d.fields[:0]
	for _, b := range d.bounds {
		d.fields = append(d.fields, d.span[b.start:b.end:b.end])
	}
	return d.fields, err
}

// FieldPos returns the line and column of field of the last record.
func (d *delimReader) FieldPos(field int) (line, column int) {
	if field < 0 || field >= len(d.positions) {
		return d.numLine, 1
	}
	p := d.positions[field]
	return p.line, p.col
}

// InputOffset returns the bytes read up to the end of the last record.
func (d *delimReader) InputOffset() int64 { return d.offset }

// readLine returns the next line with its "\n", or the input's last line
// without one. Lines are given as encoding/csv gives them: "\r\n" at the
// end of a line reads as "\n", and a "\r" that ends the input is dropped.
// A line longer than the buffered reader's buffer is gathered in d.raw.
func (d *delimReader) readLine() ([]byte, error) {
	line, err := d.r.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		d.raw = d.raw[:0]
		for err == bufio.ErrBufferFull {
			d.raw = append(d.raw, line...)
			line, err = d.r.ReadSlice('\n')
		}
		d.raw = append(d.raw, line...)
		line = d.raw
	}
	d.numLine++
	d.offset += int64(len(line))
	switch n := len(line); {
	case err == io.EOF && n > 0:
		err = nil // the last line, without "\n"
		if line[n-1] == '\r' {
			line = line[:n-1]
		}
	case n >= 2 && line[n-2] == '\r' && line[n-1] == '\n':
		line[n-2] = '\n'
		line = line[:n-1]
	}
	return line, err
}

func lengthNL(b []byte) int {
	if len(b) > 0 && b[len(b)-1] == '\n' {
		return 1
	}
	return 0
}

// readRecord reads the next record into span and bounds.
func (d *delimReader) readRecord() error {
	var line []byte
	var errRead error
	for errRead == nil {
		line, errRead = d.readLine()
		if errRead == nil && len(line) == lengthNL(line) {
			line = nil
			continue // an empty line
		}
		break
	}
	if errRead == io.EOF {
		return errRead
	}
	var err error
	recLine := d.numLine
	if bytes.IndexByte(line, '"') < 0 {
		d.splitPlain(line)
	} else {
		err = d.parseQuoted(line, &errRead)
	}
	if err == nil {
		err = errRead
	}
	if d.perRecord > 0 {
		if len(d.bounds) != d.perRecord && err == nil {
			err = &csv.ParseError{StartLine: recLine, Line: recLine, Column: 1, Err: csv.ErrFieldCount}
		}
	} else {
		d.perRecord = len(d.bounds)
	}
	return err
}

// splitPlain cuts a line without quotes into its fields, parts of the
// line.
func (d *delimReader) splitPlain(line []byte) {
	line = line[:len(line)-lengthNL(line)]
	d.span, d.bounds, d.positions = line, d.bounds[:0], d.positions[:0]
	start := 0
	for {
		i := bytes.IndexByte(line[start:], d.comma)
		d.positions = append(d.positions, fieldPos{d.numLine, start + 1})
		if i < 0 {
			d.bounds = append(d.bounds, fieldBounds{start, len(line)})
			return
		}
		d.bounds = append(d.bounds, fieldBounds{start, start + i})
		start += i + 1
	}
}

// quoteState is where parseQuoted stands in a record.
type quoteState int

const (
	atFieldStart quoteState = iota // before a field's first byte
	inPlain                        // in a field that did not open with a quote
	inQuotes                       // in a quoted field
	afterQuote                     // a quote read in a quoted field: closing, or the first of two
)

// parseQuoted reads a record whose first line holds a quote, a byte at a
// time, following RFC 4180 as encoding/csv reads it (FuzzDelimReader holds
// the two to the same records, errors and positions): a field that opens
// with a quote runs to the quote that is not doubled, across lines; a
// quote inside a field that did not open with one is an error unless lazy,
// as is a closing quote followed by anything but the delimiter or the end
// of the line. errRead is the error of the last line read, updated when a
// quoted field reads more lines.
func (d *delimReader) parseQuoted(line []byte, errRead *error) error {
	recLine := d.numLine
	d.buf, d.ends, d.positions = d.buf[:0], d.ends[:0], d.positions[:0]
	at := fieldPos{line: d.numLine, col: 1} // the position of line[0]
	var start, quote fieldPos
	state := atFieldStart
	// held: bytes of line were taken into the quoted field since its last
	// quote, so that an end of input there is a line to carry on from.
	held := false
	endField := func() {
		d.ends = append(d.ends, len(d.buf))
		d.positions = append(d.positions, start)
	}
	fail := func(p fieldPos, e error) error {
		return &csv.ParseError{StartLine: recLine, Line: p.line, Column: p.col, Err: e}
	}
	var err error
scan:
	for {
		if len(line) == 0 {
			if state != inQuotes {
				if state == atFieldStart {
					start = at
				}
				endField() // the end of the input closes the field
				break
			}
			if !held {
				if !d.lazy && *errRead == nil {
					err = fail(at, csv.ErrQuote)
					break
				}
				endField()
				break
			}
			if *errRead != nil {
				break
			}
			line, *errRead = d.readLine()
			held = false
			if len(line) > 0 {
				at = fieldPos{line: at.line + 1, col: 1}
			}
			if *errRead == io.EOF {
				*errRead = nil
			}
			continue
		}
		c := line[0]
		switch state {
		case atFieldStart:
			start = at
			if c == '"' {
				state = inQuotes
				break
			}
			state = inPlain
			continue // the byte belongs to a plain field
		case inPlain:
			switch {
			case c == d.comma:
				endField()
				state = atFieldStart
			case c == '\n':
				endField()
				break scan
			case c == '"' && !d.lazy:
				err = fail(fieldPos{d.numLine, at.col}, csv.ErrBareQuote)
				break scan
			default:
				d.buf = append(d.buf, c)
			}
		case inQuotes:
			if c == '"' {
				state, quote, held = afterQuote, at, false
				break
			}
			d.buf = append(d.buf, c)
			held = true
		case afterQuote:
			switch {
			case c == '"':
				d.buf = append(d.buf, '"')
				state = inQuotes
			case c == d.comma:
				endField()
				state = atFieldStart
			case c == '\n':
				endField()
				break scan
			case d.lazy:
				d.buf = append(d.buf, '"')
				state = inQuotes
				continue // the byte belongs to the quoted field
			default:
				err = fail(fieldPos{d.numLine, quote.col}, csv.ErrQuote)
				break scan
			}
		}
		line = line[1:]
		at.col++
	}
	d.span, d.bounds = d.buf, d.bounds[:0]
	prev := 0
	for _, end := range d.ends {
		d.bounds = append(d.bounds, fieldBounds{prev, end})
		prev = end
	}
	return err
}
