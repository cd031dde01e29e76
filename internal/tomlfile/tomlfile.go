// Package tomlfile decodes TOML documents strictly: a syntax error or a key
// the target type does not know is reported as "file:line:col: message", so
// a user can jump straight to the mistake.
//
// Config files, data/iterations.toml and Markdown front matter all go through
// Decode; front matter passes the line on which the TOML starts, so positions
// refer to the Markdown file and not to the extracted block.
//
// Numbers are read in evalbook's one strict decimal syntax (package number)
// as every data file's are: a TOML hexadecimal, octal or binary integer, a
// number with "_" between digits, inf, nan, and a float a float64 cannot
// hold (1e-400 would read as 0) are errors at their line and column.
package tomlfile

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// Error is a decoding failure at a position in a file.
type Error struct {
	File string
	Line int // 1-based; 0 when unknown
	Col  int // 1-based; 0 when unknown
	Msg  string
	// Kind is what errors.Is finds through the error (such as
	// config.ErrInvalid); nil for none. It adds nothing to the message.
	Kind error
}

// Unwrap returns the error's kind.
func (e *Error) Unwrap() error { return e.Kind }

func (e *Error) Error() string {
	switch {
	case e.Line > 0 && e.Col > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Decode parses src into v. file names the source in errors and firstLine is
// the line of file on which src begins (1 for a whole file). Keys in src that
// v has no field for are an error, so typos never pass silently.
func Decode(src, file string, firstLine int, v any) (toml.MetaData, error) {
	md, err := toml.Decode(src, v)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return md, &Error{File: file, Line: pe.Position.Line + firstLine - 1, Col: pe.Position.Col, Msg: pe.Message}
		}
		return md, decodeError(err, file, firstLine)
	}
	if line, col, why := checkNumbers(src); why != "" {
		return md, &Error{File: file, Line: line + firstLine - 1, Col: col, Msg: why}
	}
	if keys := md.Undecoded(); len(keys) > 0 {
		k := keys[0]
		line := KeyLine(src, k)
		if line > 0 {
			line += firstLine - 1
		}
		return md, &Error{File: file, Line: line, Msg: fmt.Sprintf("unknown key %q", k.String())}
	}
	return md, nil
}

// typeError matches the plain errors toml.Decode returns when a value does
// not fit its field, such as `toml: line 2 (last key "weight"): incompatible
// types: ...`.
var typeError = regexp.MustCompile(`^toml: line (\d+)(?: \(last key "[^"]*"\))?: (.*)$`)

// decodeError turns an error toml.Decode returns without a position type into
// an *Error, recovering the line from its text where it has one.
func decodeError(err error, file string, firstLine int) *Error {
	m := typeError.FindStringSubmatch(err.Error())
	if m == nil {
		return &Error{File: file, Msg: err.Error()}
	}
	line, _ := strconv.Atoi(m[1])
	return &Error{File: file, Line: line + firstLine - 1, Msg: m[2]}
}

// KeyLine returns the 1-based line of src on which key is set, or 0 when it
// cannot be found. It understands table headers, arrays of tables, dotted
// keys and quoted keys, which covers the files evalbook reads; it does not
// need to be a full TOML parser because Decode has already validated src.
func KeyLine(src string, key toml.Key) int {
	return KeyLines(src, key)[0]
}

// KeyLines returns KeyLine(src, key) of each of keys, in one reading of
// src: it stops at the line where the last of them is found.
func KeyLines(src string, keys ...toml.Key) []int {
	lines := make([]int, len(keys))
	left := len(keys)
	found := func(i int, match func(key toml.Key) bool) {
		for k, key := range keys {
			if lines[k] == 0 && match(key) {
				lines[k] = i + 1
				left--
			}
		}
	}
	var table []string
	i := -1
	for raw := range strings.SplitSeq(src, "\n") {
		i++
		if left == 0 {
			break
		}
		line := strings.TrimSpace(raw)
		if line == "" || line[0] == '#' {
			continue
		}
		if strings.HasPrefix(line, "[") {
			h := strings.Trim(line, "[] \t")
			if j := strings.Index(h, "#"); j >= 0 {
				h = strings.TrimSpace(strings.Trim(h[:j], "[] \t"))
			}
			table = splitKey(h)
			found(i, func(key toml.Key) bool { return hasPrefix(key, table) && len(table) == len(key) })
			continue
		}
		eq := strings.Index(line, "=")
		if eq < 0 {
			continue
		}
		name := strings.TrimSpace(line[:eq])
		if table == nil && bareKey(name) {
			// The common case (front matter, config keys before any
			// table): the key path is name itself, with nothing to copy.
			found(i, func(key toml.Key) bool { return len(key) > 0 && key[0] == name })
			continue
		}
		full := append(append([]string{}, table...), splitKey(name)...)
		found(i, func(key toml.Key) bool { return hasPrefix(key, full) })
	}
	return lines
}

// splitKey splits a dotted TOML key into its parts, unquoting quoted parts.
func splitKey(s string) []string {
	var parts []string
	var cur strings.Builder
	quote := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0 && c == quote:
			quote = 0
		case quote != 0:
			cur.WriteByte(c)
		case c == '"' || c == '\'':
			quote = c
		case c == '.':
			parts = append(parts, strings.TrimSpace(cur.String()))
			cur.Reset()
		case c == ' ' || c == '\t':
		default:
			cur.WriteByte(c)
		}
	}
	return append(parts, strings.TrimSpace(cur.String()))
}

// bareKey reports whether s is a bare TOML key: letters, digits, "_" and
// "-" only, so that splitKey(s) is s itself, one part. An empty s is not.
func bareKey(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return s != ""
}

// hasPrefix reports whether the key path starts with parts (or equals it).
func hasPrefix(key toml.Key, parts []string) bool {
	if len(parts) > len(key) {
		return false
	}
	for i, p := range parts {
		if key[i] != p {
			return false
		}
	}
	return true
}
