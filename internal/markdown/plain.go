package markdown

import (
	"bytes"
	"strconv"
	"unicode/utf8"

	"github.com/evalbook/evalbook/internal/project"
)

// Plain prose, written without goldmark: thousands of documents are
// paragraphs of words and punctuation with a few inline shortcodes, whose
// HTML is the text itself in <p> elements. plainBody recognises such a
// body byte by byte and writes that HTML directly; anything it is not
// sure of makes it give up, and Parse converts the body with goldmark as
// before. TestPlainBody and FuzzPlainBody check that where plainBody
// answers, goldmark writes the same HTML and finds the same shortcodes.

// The classes of bytes in a plain line (plainClass).
const (
	notPlain  = iota // anything else: the line is not plain, or it starts a shortcode
	plainText        // written to HTML as it is
	plainSep         // the same, but it may end the start of an autolink (mayLink)
)

// plainClass holds the class of each byte: a plain line may contain ASCII
// letters, digits, the space and punctuation that starts no Markdown
// construct inside a line, all written to HTML unchanged; '.' and ':' are
// plainSep.
var plainClass = func() (t [256]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = plainText, plainText
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = plainText
	}
	for _, c := range []byte(" ,;?'()-%") {
		t[c] = plainText
	}
	t['.'], t[':'] = plainSep, plainSep
	return t
}()

// plainBody returns the HTML goldmark writes for body, with the
// shortcodes it meets, when body is plain prose: paragraphs separated by
// empty lines, each line starting with an ASCII letter or a shortcode,
// holding only plainClass's bytes and inline shortcodes other than chart
// (which Parse's tree transformer lifts out of its paragraph), and not
// ending in a space. ok is false for any other body, and for a body
// GFM's autolinks could change (mayLinkify), or with a shortcode that
// fails to parse: goldmark then reports its error as before. A plain
// body holds nothing GFM's autolinks could link (mayLinkify's signs: no
// "@", no trailing blank, and mayLink checks its "www." and "http:"), so
// the converter Parse would choose writes the same HTML.
func plainBody(body []byte) (html []byte, st *shortcodeState, ok bool) {
	st = &shortcodeState{}
	// The HTML is the body with each line end a "\n", "<p>" or "</p>\n"
	// (one more "</p>\n" at the end), and placeholders that are shorter
	// than their shortcodes: at most 8 bytes more than the body a line.
	// Parse keeps out as the document's HTML, so it is made the size it
	// may need.
	out := make([]byte, 0, len(body)+8*(bytes.Count(body, []byte("\n"))+1))
	inPara := false
	line := 0 // the line of the body at off
	for off := 0; off < len(body); line++ {
		end := bytes.IndexByte(body[off:], '\n')
		if end < 0 {
			end = len(body)
		} else {
			end += off
		}
		text := body[off:end]
		switch {
		case len(text) == 0:
			if inPara {
				out = append(out, "</p>\n"...)
				inPara = false
			}
		case !plainStart(text) || text[len(text)-1] == ' ':
			return nil, nil, false
		default:
			if inPara {
				out = append(out, '\n')
			} else {
				out = append(out, "<p>"...)
				inPara = true
			}
			n := len(st.codes)
			if out, ok = appendPlainLine(out, body, off, end, st); !ok {
				return nil, nil, false
			}
			for _, p := range st.pos[n:] {
				st.at = append(st.at, lineCol{line, utf8.RuneCount(body[off:p]) + 1})
			}
		}
		off = end + 1
	}
	if inPara {
		out = append(out, "</p>\n"...)
	}
	return out, st, true
}

// plainStart reports whether a line may start a plain paragraph or
// continue one: it starts with an ASCII letter (no block of Markdown
// does) or with a shortcode.
func plainStart(line []byte) bool {
	c := line[0]
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || bytes.HasPrefix(line, []byte("{{<"))
}

// appendPlainLine appends the HTML of body[from:to], a line of a plain
// paragraph, to out: its text as it is, each shortcode as its
// placeholder, recorded in st with its offset. ok is false when the line
// holds a byte plainClass does not allow outside a shortcode, or a
// shortcode that is not closed on the line, does not parse, or is a chart.
func appendPlainLine(out, body []byte, from, to int, st *shortcodeState) (_ []byte, ok bool) {
	text := from // the start of the text not yet written
	for i := from; i < to; {
		// The run of plain text at i, counted from 0 in its own slice, so
		// that the loop needs no bounds check.
		run, n := body[i:to], 0
		for n < len(run) && plainClass[run[n]] == plainText {
			n++
		}
		i += n
		if i == to {
			break
		}
		c := body[i]
		if plainClass[c] == plainSep {
			if mayLink(body[from:i], c) {
				return out, false
			}
			i++
			continue
		}
		if c != '{' || !bytes.HasPrefix(body[i:to], []byte("{{<")) {
			return out, false
		}
		end := bytes.Index(body[i:to], []byte(">}}"))
		if end < 0 {
			return out, false
		}
		sc, err := parseShortcode(string(body[i+3 : i+end]))
		if err != nil || sc.Name == project.ShortcodeChart {
			return out, false
		}
		out = append(out, body[text:i]...)
		out = append(out, 0)
		out = strconv.AppendInt(out, int64(len(st.codes)), 10)
		out = append(out, 0) // Placeholder(len(st.codes))
		if st.codes == nil { // room for a few: a document has several, as a rule
			st.codes, st.pos, st.at = make([]project.Shortcode, 0, 4), make([]int, 0, 4), make([]lineCol, 0, 4)
		}
		st.codes = append(st.codes, sc)
		st.pos = append(st.pos, i)
		i += end + 3
		text = i
	}
	return append(out, body[text:to]...), true
}

// mayLink reports whether sep, a '.' or ':' after text, could end the
// start of a link GFM's autolinks find: "www" before a '.', or a scheme
// such as "http" or "ftp" before a ':' (any word ending in p or s). Case
// is ignored.
func mayLink(text []byte, sep byte) bool {
	n := len(text)
	if n == 0 {
		return false
	}
	last := text[n-1] | 0x20 // lower-cased, for letters
	if sep == ':' {
		return last == 'p' || last == 's'
	}
	return last == 'w' && n >= 3 && text[n-2]|0x20 == 'w' && text[n-3]|0x20 == 'w'
}
