// Package slug turns names from the data into the file-name parts of site
// paths. The route table (internal/route) builds every page's path with it;
// the renderer also uses it for anchors.
package slug

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// maxSlug bounds the readable part of a slug, so that long names still make
// file names every file system accepts.
const maxSlug = 80

// Make turns a name from the data (an iteration ID, a metric or dimension
// name) into a file-name part that is safe on every file system and in a URL.
//
// A name made only of lower-case ASCII letters, digits, '-', '_' and '.',
// that does not start with '.', is not "index" and is at most 80 bytes long,
// is its own slug: "v3" stays "v3", so hand-written links such as
// /iterations/v3.html work. Any other name is lower-cased, every other
// character becomes '-', the result is cut to 80 bytes, and '-' and the
// first 8 hex digits of the SHA-256 of the original name are appended:
// "Answer Accuracy" becomes "answer-accuracy-" plus 8 hex digits. Distinct
// names therefore get distinct slugs however they are spelt ("V1" and "v1",
// "a b" and "a-b"), a slug depends on nothing but its name, and the empty
// name gets a slug of its own.
func Make(name string) string {
	if Safe(name) {
		return name
	}
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if b.Len() >= maxSlug {
			break
		}
		if isSlugByte(r) {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	sum := sha256.Sum256([]byte(name))
	s := strings.TrimLeft(b.String(), ".")
	if s != "" {
		s += "-"
	}
	return s + hex.EncodeToString(sum[:4])
}

// Safe reports whether name can be used as a file-name part as it is.
func Safe(name string) bool {
	if name == "" || name[0] == '.' || name == "index" || len(name) > maxSlug {
		return false
	}
	for _, r := range name {
		if !isSlugByte(r) {
			return false
		}
	}
	return true
}

func isSlugByte(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.'
}
