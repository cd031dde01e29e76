package render

import (
	"bytes"
	"regexp"
	"strings"
)

// scrollOpen is how page templates open the box that a wide table scrolls
// sideways in.
var scrollOpen = []byte(`<div class="scroll">`)

var (
	tagRE     = regexp.MustCompile(`<[^>]*>`)
	spaceRE   = regexp.MustCompile(`\s+`)
	captionRE = regexp.MustCompile(`(?s)^\s*<table[^>]*>\s*<caption[^>]*>(.*?)</caption>`)
	headingRE = regexp.MustCompile(`(?s)^<h[1-4][^>]*>(.*?)</h[1-4]>`) // at the start: see lastHeading
)

// scrollRegions makes every table scroll box of a rendered page reachable
// and scrollable by keyboard: each <div class="scroll"> gets tabindex="0",
// role="region" and an aria-label naming its table by the table's caption,
// else by the nearest heading above it, else "Table". Templates thus write
// a plain <div class="scroll"> and the attributes come from this one place.
// The label is text of the page that html/template has already escaped,
// with its tags removed.
func scrollRegions(page []byte) []byte {
	if !bytes.Contains(page, scrollOpen) {
		return page
	}
	var out bytes.Buffer
	out.Grow(len(page) + 256)
	rest, done := page, 0
	// The nearest heading above a box is looked for only in the text
	// since the last box (headEnd on), so a page of many tables is read
	// once, not once per table.
	heading, headEnd := "", 0
	for {
		i := bytes.Index(rest, scrollOpen)
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
// backwards from its end, trying headingRE where a heading opens, so a
// long page is not run through the regular expression; headings do not
// nest, so this is the last of headingRE's matches in order.
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
		if m := headingRE.FindSubmatchIndex(region[i:]); m != nil {
			return plainText(region[i+m[2] : i+m[3]]), true
		}
	}
}

var headingOpen = []byte("<h")

// plainText returns the text of an HTML fragment with its tags removed and
// its white space collapsed; character references stay as they are.
func plainText(h []byte) string {
	s := tagRE.ReplaceAllString(string(h), "")
	return strings.TrimSpace(spaceRE.ReplaceAllString(s, " "))
}
