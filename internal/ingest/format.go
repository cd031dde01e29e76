package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
	"unicode/utf8"
)

// Kinds of data a source holds.
const (
	kindMetrics     = "metrics"
	kindAnnotations = "annotations"
)

// format is one reader of data files. Each lives in its own file
// (format_*.go) and registers itself in an init function, so a new export
// shape is one new file.
type format struct {
	name  string
	kinds []string // the kinds it reads: kindMetrics, kindAnnotations
	// order places the format among the sniffs: lower first. Formats that
	// recognise a specific export use 10-50; the generic evalbook shapes
	// (jsonl 90, csv 100) come last, since they accept almost any text.
	order int
	// sniff looks at the head of a file (its name and first bytes) and
	// returns nil when the format can read it, else why not, in a phrase
	// ("starts with '[', not a JSON object per line"). It must be cheap and
	// must not fail on a head cut in the middle of a record. A nil sniff
	// means the format is read only when a source names it.
	sniff func(h *head) error
	// read reads the whole file from r in one streaming pass into f.
	read func(f *sourceFile, r io.Reader) error
	// readAt, when set, is used instead of read where the file offers
	// random access (a format whose index is at its end, like Parquet).
	readAt func(f *sourceFile, r io.ReaderAt, size int64) error
}

// formats holds the registered formats in sniff order.
var formats []*format

// register adds a format to the registry. It panics on a duplicate name:
// that is a programming error.
func register(f *format) {
	for _, g := range formats {
		if g.name == f.name {
			panic("ingest: format " + f.name + " registered twice")
		}
	}
	formats = append(formats, f)
	slices.SortStableFunc(formats, func(a, b *format) int {
		if a.order != b.order {
			return a.order - b.order
		}
		return strings.Compare(a.name, b.name)
	})
}

// formatAliases are other names a config may use for a format, with the
// setting they imply.
var formatAliases = map[string]struct{ name, delimiter string }{
	"tsv": {"csv", "\t"},
}

// lookupFormat returns the registered format called name.
func lookupFormat(name string) *format {
	for _, f := range formats {
		if f.name == name {
			return f
		}
	}
	return nil
}

// formatNames lists the registered formats that read kind.
func formatNames(kind string) []string {
	var out []string
	for _, f := range formats {
		if slices.Contains(f.kinds, kind) {
			out = append(out, f.name)
		}
	}
	return out
}

// headSize is how much of a file a sniff sees.
const headSize = 64 << 10

// head is the start of a file, for sniffing.
type head struct {
	name string // path relative to the project root
	kind string
	b    []byte // up to headSize bytes, without a byte order mark
	all  bool   // b is the whole file
}

// ext returns the file's extension, lower-cased, with the dot.
func (h *head) ext() string { return strings.ToLower(path.Ext(h.name)) }

// first returns the first byte that is not white space, or 0.
func (h *head) first() byte {
	for _, c := range h.b {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return c
		}
	}
	return 0
}

// firstLine returns the first line that is not blank, without its line end.
func (h *head) firstLine() []byte {
	rest := h.b
	for len(rest) > 0 {
		line, after, found := bytes.Cut(rest, []byte{'\n'})
		if !found && !h.all && len(rest) == len(h.b) {
			return bytes.TrimRight(line, "\r") // a line longer than the head
		}
		if t := bytes.TrimSpace(line); len(t) > 0 {
			return bytes.TrimRight(line, "\r")
		}
		rest = after
	}
	return nil
}

// binary says why the head is not text, or "" when it is.
func (h *head) binary() string {
	switch {
	case bytes.HasPrefix(h.b, []byte("PK\x03\x04")):
		return "a zip archive (an .xlsx or .ods workbook? save the sheet as CSV)"
	case bytes.HasPrefix(h.b, []byte("\x1f\x8b")):
		return "gzip-compressed (decompress it first)"
	case bytes.HasPrefix(h.b, []byte("\xd0\xcf\x11\xe0")):
		return "an old Office file (.xls? save the sheet as CSV)"
	case bytes.HasPrefix(h.b, []byte("PAR1")):
		return "a Parquet file (read by the parquet format)"
	case h.ext() == ".parquet":
		return `named .parquet but not a Parquet file (it does not start with "PAR1")`
	case bytes.IndexByte(h.b, 0) >= 0:
		return "binary data (it has NUL bytes)"
	}
	b := h.b
	if !h.all {
		b = b[:max(0, len(b)-utf8.UTFMax)] // a rune may be cut at the end
	}
	if !utf8.Valid(b) {
		return "not UTF-8 text"
	}
	return ""
}

// errUnlisted is a sniff's answer for a file so plainly not its own that
// listing it among the tries would only be noise (a text file, to the
// parquet sniff).
var errUnlisted = errors.New("not this format")

// sniffError lists why each format tried did not fit a file.
type sniffError struct {
	file  string
	kind  string
	tries []string // "name: reason"
}

func (e *sniffError) Error() string {
	return fmt.Sprintf("%s: no reader takes this file as %s; tried %s", e.file, e.kind, strings.Join(e.tries, "; "))
}

// pick returns the format for a file: the configured one (checked against
// the kind), else the first whose sniff accepts the head.
func pick(h *head, configured string) (*format, error) {
	if configured != "" && configured != "auto" {
		f := lookupFormat(configured)
		if f == nil {
			return nil, fmt.Errorf("%s: format %q is not one evalbook reads; want one of auto, %s", h.name, configured, strings.Join(allFormatNames(), ", "))
		}
		if !slices.Contains(f.kinds, h.kind) {
			return nil, fmt.Errorf("%s: format %q reads %s, not %s", h.name, configured, strings.Join(f.kinds, " and "), h.kind)
		}
		return f, nil
	}
	e := &sniffError{file: h.name, kind: h.kind}
	for _, f := range formats {
		if !slices.Contains(f.kinds, h.kind) || f.sniff == nil {
			continue
		}
		err := f.sniff(h)
		if err == nil {
			return f, nil
		}
		if errors.Is(err, errUnlisted) {
			continue
		}
		e.tries = append(e.tries, f.name+": "+err.Error())
	}
	return nil, e
}

// allFormatNames lists every registered format and alias, sorted.
func allFormatNames() []string {
	var out []string
	for _, f := range formats {
		out = append(out, f.name)
	}
	for a := range formatAliases {
		out = append(out, a)
	}
	slices.Sort(out)
	return out
}
