package ingest

import (
	"bytes"
	"errors"
	"io"
)

// The jsonl format is evalbook's own annotation file in JSON Lines: one
// object per line with the keys item, rater, dimension, value and
// optionally iteration, timestamp, gold and comment; or an outputs file
// (item, iteration, output) or a raters file (rater, then attributes) in
// JSON Lines. Its sniff takes a .jsonl or
// .ndjson file, or one whose first non-blank line is a JSON object; the
// reader reports a line that is not valid JSON with its position.
func init() {
	register(&format{
		name:  "jsonl",
		kinds: []string{kindAnnotations, kindOutputs, kindRaters},
		order: 90,
		sniff: sniffJSONL,
		read: func(f *sourceFile, r io.Reader) error {
			if f.side != nil {
				return f.readSideJSONL(r)
			}
			return f.annot.readJSONL(f, r)
		},
	})
}

// tableExts are extensions of delimited text.
var tableExts = map[string]bool{".csv": true, ".tsv": true, ".tab": true, ".psv": true}

func sniffJSONL(h *head) error {
	if why := h.binary(); why != "" {
		return errors.New(why)
	}
	switch ext := h.ext(); {
	case tableExts[ext]:
		return errors.New("a " + ext + " file is not JSON Lines")
	case ext == ".jsonl" || ext == ".ndjson":
		return nil // the reader reports a line that is not an object, with its position
	}
	line := bytes.TrimSpace(h.firstLine())
	switch {
	case len(line) == 0:
		return errors.New("empty")
	case line[0] != '{':
		return errors.New("line 1 does not start with '{': not one JSON object per line")
	case h.all || bytes.IndexByte(h.b, '\n') >= 0:
		if line[len(line)-1] != '}' {
			return errors.New("line 1 is not a whole JSON object (a pretty-printed JSON file?)")
		}
	}
	return nil
}
