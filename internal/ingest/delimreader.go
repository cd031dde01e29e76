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
// Any other line is read by a port of encoding/csv's own code.
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
}

// fieldPos is where a field starts: its line and 1-based byte column.
type fieldPos struct{ line, col int }

func newDelimReader(r *bufio.Reader, comma byte, lazy bool) *delimReader {
	return &delimReader{r: r, comma: comma, lazy: lazy}
}

// Read returns the next record, reused by the next call, and with it an
// error of the record (a *csv.ParseError) or io.EOF.
func (d *delimReader) Read() ([]string, error) {
	rec, err := d.readRecord()
	d.record = rec
	return rec, err
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

// readLine is encoding/csv's: the next line with "\r\n" made "\n", and a
// last line's "\r" dropped.
func (d *delimReader) readLine() ([]byte, error) {
	line, err := d.r.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		d.raw = append(d.raw[:0], line...)
		for err == bufio.ErrBufferFull {
			line, err = d.r.ReadSlice('\n')
			d.raw = append(d.raw, line...)
		}
		line = d.raw
	}
	n := len(line)
	if n > 0 && err == io.EOF {
		err = nil
		if line[n-1] == '\r' {
			line = line[:n-1]
		}
	}
	d.numLine++
	d.offset += int64(n)
	if n := len(line); n >= 2 && line[n-2] == '\r' && line[n-1] == '\n' {
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

func (d *delimReader) readRecord() ([]string, error) {
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
		return nil, errRead
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
		if len(d.record) != d.perRecord && err == nil {
			err = &csv.ParseError{StartLine: recLine, Line: recLine, Column: 1, Err: csv.ErrFieldCount}
		}
	} else {
		d.perRecord = len(d.record)
	}
	return d.record, err
}

// splitPlain cuts a line without quotes into its fields: one string for
// the line, each field a part of it.
func (d *delimReader) splitPlain(line []byte) {
	s := string(line[:len(line)-lengthNL(line)])
	d.record, d.positions = d.record[:0], d.positions[:0]
	start := 0
	for {
		i := bytes.IndexByte(line[start:], d.comma)
		d.positions = append(d.positions, fieldPos{d.numLine, start + 1})
		if i < 0 {
			d.record = append(d.record, s[start:])
			return
		}
		d.record = append(d.record, s[start:start+i])
		start += i + 1
	}
}

// parseQuoted parses a record whose first line holds a quote, as
// encoding/csv's readRecord does; errRead is the error of the last line
// read, updated when a quoted field reads more lines.
func (d *delimReader) parseQuoted(line []byte, errRead *error) error {
	var err error
	recLine := d.numLine
	d.buf, d.ends, d.positions = d.buf[:0], d.ends[:0], d.positions[:0]
	pos := fieldPos{line: d.numLine, col: 1}
parseField:
	for {
		if len(line) == 0 || line[0] != '"' {
			i := bytes.IndexByte(line, d.comma)
			field := line
			if i >= 0 {
				field = field[:i]
			} else {
				field = field[:len(field)-lengthNL(field)]
			}
			if !d.lazy {
				if j := bytes.IndexByte(field, '"'); j >= 0 {
					err = &csv.ParseError{StartLine: recLine, Line: d.numLine, Column: pos.col + j, Err: csv.ErrBareQuote}
					break parseField
				}
			}
			d.buf = append(d.buf, field...)
			d.ends = append(d.ends, len(d.buf))
			d.positions = append(d.positions, pos)
			if i >= 0 {
				line = line[i+1:]
				pos.col += i + 1
				continue parseField
			}
			break parseField
		}
		fieldPos := pos
		line = line[1:]
		pos.col++
		for {
			i := bytes.IndexByte(line, '"')
			switch {
			case i >= 0:
				d.buf = append(d.buf, line[:i]...)
				line = line[i+1:]
				pos.col += i + 1
				switch {
				case len(line) > 0 && line[0] == '"':
					d.buf = append(d.buf, '"')
					line = line[1:]
					pos.col++
				case len(line) > 0 && line[0] == d.comma:
					line = line[1:]
					pos.col++
					d.ends = append(d.ends, len(d.buf))
					d.positions = append(d.positions, fieldPos)
					continue parseField
				case lengthNL(line) == len(line):
					d.ends = append(d.ends, len(d.buf))
					d.positions = append(d.positions, fieldPos)
					break parseField
				case d.lazy:
					d.buf = append(d.buf, '"')
				default:
					err = &csv.ParseError{StartLine: recLine, Line: d.numLine, Column: pos.col - 1, Err: csv.ErrQuote}
					break parseField
				}
			case len(line) > 0:
				d.buf = append(d.buf, line...)
				if *errRead != nil {
					break parseField
				}
				pos.col += len(line)
				line, *errRead = d.readLine()
				if len(line) > 0 {
					pos.line++
					pos.col = 1
				}
				if *errRead == io.EOF {
					*errRead = nil
				}
			default:
				if !d.lazy && *errRead == nil {
					err = &csv.ParseError{StartLine: recLine, Line: pos.line, Column: pos.col, Err: csv.ErrQuote}
					break parseField
				}
				d.ends = append(d.ends, len(d.buf))
				d.positions = append(d.positions, fieldPos)
				break parseField
			}
		}
	}
	str := string(d.buf)
	d.record = d.record[:0]
	prev := 0
	for _, end := range d.ends {
		d.record = append(d.record, str[prev:end])
		prev = end
	}
	return err
}
