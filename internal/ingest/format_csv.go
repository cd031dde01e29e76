package ingest

import (
	"errors"
	"io"
)

// The csv format is evalbook's own table: delimited text (comma, tab,
// semicolon, pipe or runs of spaces, sniffed from the header line unless
// the source sets delimiter), read as a metric file in long or wide form or
// as an annotation file with the columns item, rater, dimension, value and
// optionally iteration, timestamp, gold and comment (see the package doc),
// as an outputs file (item, iteration, output) or as a raters file (rater,
// then attributes). Its sniff takes any text that is not JSON, so it is
// tried last.
func init() {
	register(&format{
		name:  "csv",
		kinds: []string{kindMetrics, kindAnnotations, kindOutputs, kindRaters, kindAggregates},
		order: 100,
		sniff: sniffTable,
		read: func(f *sourceFile, r io.Reader) error {
			rows, stop := f.pipe(f.rows(r))
			defer stop()
			return f.readTable(rows)
		},
	})
}

// readTable reads the records of rows as the file's kind says.
func (f *sourceFile) readTable(rows rowReader) error {
	switch {
	case f.metric != nil:
		return f.metric.readTable(f, rows)
	case f.side != nil:
		return f.readSideTable(rows)
	case f.agg != nil:
		return f.agg.readTable(f, rows)
	}
	return f.annot.readTable(f, rows)
}

// jsonExts are extensions of files that are JSON, never delimited text.
var jsonExts = map[string]bool{".json": true, ".jsonl": true, ".ndjson": true}

// sniffTable accepts text that does not look like JSON.
func sniffTable(h *head) error {
	if why := h.binary(); why != "" {
		return errors.New(why)
	}
	if jsonExts[h.ext()] {
		return errors.New("a " + h.ext() + " file is not delimited text")
	}
	if c := h.first(); c == '{' || c == '[' {
		return errors.New("starts with '" + string(c) + "': JSON, not delimited text")
	}
	return nil
}
