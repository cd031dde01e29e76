package ingest

import (
	"errors"
	"fmt"

	"github.com/evalbook/evalbook/internal/number"
)

// The kinds of input error, for errors.Is. Every error of Load that one of
// them describes wraps it; the message itself never names the kind.
var (
	// ErrSyntax: the file is not well-formed in its format (JSON syntax,
	// CSV quoting, a record that is not an object).
	ErrSyntax = errors.New("syntax error")
	// ErrBadValue: a value breaks what the config or the format declares:
	// a label on a numeric scale, a number outside the configured range or
	// labels, a number that a float64 cannot hold, text where a number is
	// required.
	ErrBadValue = errors.New("bad value")
	// ErrDuplicateKey: a JSON object names the same key twice.
	ErrDuplicateKey = errors.New("duplicate key")
	// ErrType: a JSON value has the wrong type for its key.
	ErrType = errors.New("wrong type")
)

// kindError is an error of a kind: errors.Is finds both the kind and
// whatever the message's own error wraps; its text is the message's.
type kindError struct {
	kind, err error
}

func (e *kindError) Error() string   { return e.err.Error() }
func (e *kindError) Unwrap() []error { return []error{e.kind, e.err} }

// kindf is errorf for an error of kind.
func kindf(kind error, file string, line, col int, format string, args ...any) error {
	return fmt.Errorf("%s: %w", where(file, line, col), &kindError{kind, fmt.Errorf(format, args...)})
}

// parseValue parses s, the value at file:line:col, in the strict decimal
// syntax (package number): numeric is false for text that is not a number
// (a label), and a number that a float64 cannot hold (1e400, 1e-400) is an
// ErrBadValue error naming it.
func parseValue(s, file string, line, col int) (x float64, numeric bool, err error) {
	x, kind := number.Float(s)
	switch kind {
	case nil:
		return x, true, nil
	case number.ErrRange:
		_, err = number.Parse(s)
		return 0, false, kindf(ErrBadValue, file, line, col, "value %w", err)
	}
	return 0, false, nil
}
