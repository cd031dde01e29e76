package render

import (
	"bytes"
	"regexp"
	"strings"
)

// scrollOpen is how page templates open the box that a wide table scrolls
// sideways in.
var scrollOpen = []byte(`<div class="scroll">`)

// captionRE matches a table's opening and caption (captionOf). The
// headings and the tags of labels are read without regular expressions
// (headingAt, plainText), as these would match them:
//
//	heading: (?s)^<h[1-4][^>]*>(.*?)</h[1-4]>
//	tag:     <[^>]*>
//	space:   \s+
var captionRE = regexp.MustCompile(`(?s)^\s*<table[^>]*>\s*<caption[^>]*>(.*?)</caption>`)

// scrollRegions makes every table scroll box of a rendered page reachable
// and scrollable by keyboard: each <div class="scroll"> gets tabindex="0",
// role="region" and an aria-label naming its table by the table's caption,
// else by the nearest heading above it, else "Table". Templates thus write
// a plain <div class="scroll"> and the attributes come from this one place.
// The label is text of the page that html/template has already escaped,
// with its tags removed.
func scrollRegions(page []byte) []byte {
	i := bytes.Index(page, scrollOpen)
	if i < 0 {
		return page
	}
	var out bytes.Buffer
	out.Grow(len(page) + 256)
	rest, done := page, 0
	// The nearest heading above a box is looked for only in the text
	// since the last box (headEnd on), so a page of many tables is read
	// once, not once per table.
	heading, headEnd := "", 0
	for ; ; i = bytes.Index(rest, scrollOpen) {
		if i < 0 {
			out.Write(rest)
			return out.Bytes()
		}
		at := done + i
		after := page[at+len(scrollOpen):]
		label := ""
		if c := captionOf(after); c != nil {
			label = plainText(c)
		}
		if h, ok := lastHeading(page[headEnd:at]); ok {
			heading = h
		}
		headEnd = at
		if label == "" {
			label = heading
		}
		if label == "" {
			label = "Table"
		} else {
			label = "Table: " + label
		}
		out.Write(rest[:i])
		out.WriteString(`<div class="scroll" tabindex="0" role="region" aria-label="` + label + `">`)
		rest = rest[i+len(scrollOpen):]
		done = at + len(scrollOpen)
	}
}

// captionOf returns the caption of the table that after starts with
// (after white space), or nil: captionRE's match, run only over the
// table's opening and caption rather than the rest of the page.
func captionOf(after []byte) []byte {
	t := bytes.TrimLeft(after, " \t\n\f\r")
	if !bytes.HasPrefix(t, []byte("<table")) {
		return nil
	}
	gt := bytes.IndexByte(t, '>')
	if gt < 0 || !bytes.HasPrefix(bytes.TrimLeft(t[gt+1:], " \t\n\f\r"), []byte("<caption")) {
		return nil
	}
	end := bytes.Index(t, captionClose)
	if end < 0 {
		return nil
	}
	if m := captionRE.FindSubmatch(t[:end+len(captionClose)]); m != nil {
		return m[1]
	}
	return nil
}

var captionClose = []byte("</caption>")

// lastHeading returns the text of the last heading (h1 to h4) that lies
// wholly in region, and false when there is none. It reads the region
// backwards from its end, matching a heading where one opens
// (headingAt), so a long page is not run through a regular expression;
// headings do not nest, so this is the last of the heading expression's
// matches in order.
func lastHeading(region []byte) (string, bool) {
	for end := len(region); ; {
		i := bytes.LastIndex(region[:end], headingOpen)
		if i < 0 {
			return "", false
		}
		end = i
		if i+2 >= len(region) || region[i+2] < '1' || region[i+2] > '4' {
			continue
		}
		if h, ok := headingAt(region[i:]); ok {
			return plainText(h), true
		}
	}
}

var headingOpen = []byte("<h")

// headingAt returns the inner HTML of the heading that h starts with,
// "<h" and a digit 1 to 4, as the heading expression (above captionRE)
// matches it: up to the first '>' (the attributes hold none), then up to
// the first "</h1>" to "</h4>" after it; false when it is not closed.
func headingAt(h []byte) ([]byte, bool) {
	gt := bytes.IndexByte(h[3:], '>')
	if gt < 0 {
		return nil, false
	}
	start := 3 + gt + 1
	for from := start; ; {
		k := bytes.Index(h[from:], headingClose)
		if k < 0 {
			return nil, false
		}
		k += from
		if k+4 < len(h) && '1' <= h[k+3] && h[k+3] <= '4' && h[k+4] == '>' {
			return h[start:k], true
		}
		from = k + 1
	}
}

var headingClose = []byte("</h")

// plainText returns the text of an HTML fragment with its tags removed and
// its white space collapsed; character references stay as they are: what
// removing the tag expression's matches (above captionRE), replacing the space
// expression's with a space and trimming white space (strings.TrimSpace)
// leaves.
func plainText(h []byte) string {
	b := make([]byte, 0, len(h))
	for { // the tags out: a '<' without a '>' after it is text
		i := bytes.IndexByte(h, '<')
		if i < 0 {
			break
		}
		j := bytes.IndexByte(h[i+1:], '>')
		if j < 0 {
			break
		}
		b = append(b, h[:i]...)
		h = h[i+1+j+1:]
	}
	b = append(b, h...)
	n, space := 0, false // runs of white space as one space, in place
	for _, c := range b {
		if c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' { // the space expression's \s
			space = true
			continue
		}
		if space {
			b[n] = ' '
			n++
			space = false
		}
		b[n] = c
		n++
	}
	if space {
		b[n] = ' '
		n++
	}
	return strings.TrimSpace(string(b[:n]))
}
