package ingest

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// delimCases are delimited texts of the shapes readers see, and the
// corner cases of RFC 4180 and of encoding/csv.
var delimCases = []string{
	"iteration,item,slice,metric,value\nv00,item-00001,en,metric_0,0.1234\nv00,item-00001,en,metric_1,0.5\n",
	"item,rater,dimension,value\r\nq1,r1,help,4\r\nq1,r2,help,\"3\"\r\n",
	"a,b\n\"x, y\",\"he said \"\"hi\"\"\"\n\"multi\nline\",z\n",
	"a,b\n\n\nc,d",
	"a,b\nc,d\r",
	"a,b\nc\n",
	"a,b\nc,d,e\n",
	"a,b\nc\"d,e\n",
	"a,b\n\"c\"d,e\n",
	"a,b\n\"c,d\n",
	"a,b\n\"c\n\nd\",e\n",
	"a\tb\n\"c\"d\te\nf\"g\th\n",
	"a;b\n\"x;y\";z\n",
	"a|b\n1|2\n",
	",\n,\n",
	"\"\"\n\"\"\n",
	"a,b\nx,\"\"\"\"\n",
	"a,\"b\r\nc\"\r\n",
	"a,b\r\r\n",
	"\ufeffa,b\n1,2\n",
	"\"a\"\"",
	"\"a\n",
}

// readAllDelim reads every record of text with read, as text naming the
// records, errors, positions and offsets.
func readAllDelim(rr rowReader) string { return readDelim(rr, false) }

// readDelim is readAllDelim that stops at the first error when stop is set.
func readDelim(rr rowReader, stop bool) string {
	var b strings.Builder
	for n := 0; n < 5000; n++ {
		rec, err := rr.Read()
		fmt.Fprintf(&b, "%q %v", rec, err)
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			fmt.Fprintf(&b, " [%d %d %d %v]", pe.StartLine, pe.Line, pe.Column, pe.Err)
		}
		if err == nil {
			for i := range rec {
				l, c := rr.FieldPos(i)
				fmt.Fprintf(&b, " %d:%d", l, c)
			}
		}
		fmt.Fprintf(&b, " @%d\n", rr.InputOffset())
		if err == io.EOF || stop && err != nil {
			break
		}
	}
	return b.String()
}

// fieldRows reads a fieldReader's records through ReadFields, as strings,
// for readDelim.
type fieldRows struct{ fieldReader }

func (f fieldRows) Read() ([]string, error) {
	rec, err := f.ReadFields()
	if rec == nil {
		return nil, err
	}
	out := make([]string, len(rec))
	for i, b := range rec {
		out[i] = string(b)
	}
	return out, err
}

// compareDelim reads text with delimReader and with encoding/csv and
// wants the same records, errors, positions and offsets.
func compareDelim(t *testing.T, text string, comma byte) {
	t.Helper()
	lazy := comma != ','
	cr := csv.NewReader(bufio.NewReaderSize(strings.NewReader(text), 16))
	cr.ReuseRecord, cr.Comma, cr.LazyQuotes = true, rune(comma), lazy
	want := readAllDelim(cr)
	got := readAllDelim(newDelimReader(bufio.NewReaderSize(strings.NewReader(text), 16), comma, lazy))
	if got != want {
		t.Fatalf("%q with %q:\n got %s\nwant %s", text, comma, got, want)
	}
	fields := readAllDelim(fieldRows{newDelimReader(bufio.NewReaderSize(strings.NewReader(text), 16), comma, lazy)})
	if fields != want {
		t.Fatalf("%q with %q, ReadFields:\n got %s\nwant %s", text, comma, fields, want)
	}
}

// TestDelimReader checks delimReader against encoding/csv on each case
// with each delimiter.
func TestDelimReader(t *testing.T) {
	for _, text := range delimCases {
		for _, comma := range []byte{',', '\t', ';', '|'} {
			compareDelim(t, text, comma)
		}
	}
}

// stringRows hides the ReadFields of the reader it wraps.
type stringRows struct{ rowReader }

// FuzzDelimReader checks delimReader against encoding/csv.
func FuzzDelimReader(f *testing.F) {
	for _, text := range delimCases {
		f.Add(text, byte(','))
	}
	f.Add("a\tb\n\"c\"d\te\n", byte('\t'))
	f.Fuzz(func(t *testing.T, text string, comma byte) {
		switch comma {
		case ',', '\t', ';', '|':
		default:
			comma = ','
		}
		compareDelim(t, text, comma)
	})
}

// TestPipeRows checks that pipeRows reads as the reader it wraps: the same
// records, errors, positions and offsets, across batches, for texts that
// end cleanly and texts that end in an error.
func TestPipeRows(t *testing.T) {
	var long strings.Builder
	long.WriteString("item,rater,dimension,value\n")
	for i := range 3*pipeBatch + 7 {
		fmt.Fprintf(&long, "q%d,r%d,\"d\",%d\n", i, i%3, i%5)
	}
	texts := append([]string{long.String(), long.String() + "x,y\n" + long.String(), long.String() + "a,\"b\n"}, delimCases...)
	for _, text := range texts {
		direct := readDelim(newDelimReader(bufio.NewReader(strings.NewReader(text)), ',', false), true)
		p, stop := newPipeRows(newDelimReader(bufio.NewReader(strings.NewReader(text)), ',', false))
		if !p.bytes {
			t.Fatal("pipeRows over a delimReader does not hold bytes")
		}
		piped := readDelim(p, true)
		stop()
		if piped != direct {
			t.Fatalf("%.60q: piped\n%s\ndirect\n%s", text, piped, direct)
		}
		p, stop = newPipeRows(newDelimReader(bufio.NewReader(strings.NewReader(text)), ',', false))
		piped = readDelim(fieldRows{p}, true)
		stop()
		if piped != direct {
			t.Fatalf("%.60q: piped fields\n%s\ndirect\n%s", text, piped, direct)
		}
		// A reader of strings only is piped as strings.
		p, stop = newPipeRows(stringRows{newDelimReader(bufio.NewReader(strings.NewReader(text)), ',', false)})
		if p.bytes || fieldsOf(p) != nil {
			t.Fatal("pipeRows over a reader of strings reads fields")
		}
		piped = readDelim(p, true)
		stop()
		if piped != direct {
			t.Fatalf("%.60q: piped strings\n%s\ndirect\n%s", text, piped, direct)
		}
	}
	// Stopping before the end leaves no goroutine blocked.
	p, stop := newPipeRows(newDelimReader(bufio.NewReader(strings.NewReader(long.String())), ',', false))
	p.Read()
	stop()
}
