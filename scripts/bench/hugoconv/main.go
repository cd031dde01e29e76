// Command hugoconv turns a site that evalbook built into the content of an
// equivalent Hugo project, for the side-by-side benchmark in
// scripts/bench/hugo-baseline.sh:
//
//	go run ./scripts/bench/hugoconv -site SITE -out HUGO/content
//
// Every HTML page of the site becomes one Markdown file whose front matter
// sets the title and the page's address (url), so Hugo writes the page to
// the same path. The body is the page's <main> element in Markdown: tables
// become Markdown tables, headings, paragraphs, lists and description
// lists become their Markdown forms, links keep their relative targets, and
// the chart containers and scripts stay raw HTML blocks (the Hugo project
// must set markup.goldmark.renderer.unsafe). Hugo therefore parses and
// renders about as much text as evalbook wrote, with every number
// precomputed.
//
// The converter reads only what evalbook's templates produce; it is not a
// general HTML-to-Markdown converter.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

func main() {
	site := flag.String("site", "", "folder of a site evalbook built")
	out := flag.String("out", "", "Hugo content folder to write")
	flag.Parse()
	if *site == "" || *out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: hugoconv -site SITE -out CONTENT")
		os.Exit(2)
	}
	n, err := convertSite(*site, *out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "hugoconv:", err)
		os.Exit(1)
	}
	fmt.Printf("wrote %d content files to %s\n", n, *out)
}

// convertSite writes one content file per HTML page under site and returns
// the number written. Files are numbered flat (p0001.md ...) so that no
// folder becomes a Hugo section or page bundle; the url key gives each its
// address.
func convertSite(site, out string) (int, error) {
	var pages []string
	err := filepath.WalkDir(site, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".html") {
			pages = append(pages, path)
		}
		return err
	})
	if err != nil {
		return 0, err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return 0, err
	}
	for i, path := range pages {
		src, err := os.ReadFile(path)
		if err != nil {
			return 0, err
		}
		rel, err := filepath.Rel(site, path)
		if err != nil {
			return 0, err
		}
		md, err := convertPage(src, "/"+filepath.ToSlash(rel))
		if err != nil {
			return 0, fmt.Errorf("%s: %w", path, err)
		}
		name := filepath.Join(out, fmt.Sprintf("p%04d.md", i+1))
		if err := os.WriteFile(name, md, 0o644); err != nil {
			return 0, err
		}
	}
	return len(pages), nil
}

var (
	titleRE = regexp.MustCompile(`(?s)<title>(.*?)</title>`)
	mainRE  = regexp.MustCompile(`(?s)<main[^>]*>(.*)</main>`)
	tagRE   = regexp.MustCompile(`<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>`)
	hrefRE  = regexp.MustCompile(`href="([^"]*)"`)
	spaceRE = regexp.MustCompile(`\s+`)
)

// convertPage returns the Hugo content file for one evalbook page served
// at url.
func convertPage(src []byte, url string) ([]byte, error) {
	title := ""
	if m := titleRE.FindSubmatch(src); m != nil {
		title = html.UnescapeString(string(m[1]))
	}
	m := mainRE.FindSubmatch(src)
	if m == nil {
		return nil, fmt.Errorf("no <main> element")
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "+++\ntitle = %s\nurl = %s\n+++\n\n", strconv.Quote(title), strconv.Quote(url))
	c := &converter{out: &b}
	if err := c.run(string(m[1])); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// converter turns the body of <main> into Markdown. Inline content
// collects in para until a block boundary flushes it with the current
// prefix (a heading's #s, a list item's dash).
type converter struct {
	out    *bytes.Buffer
	para   strings.Builder
	prefix string
	links  []link // open <a> elements

	table  bool
	rows   [][]string
	header int // number of header rows
}

// link is an open <a>: its target and where its text starts in para.
type link struct {
	href  string
	start int
}

func (c *converter) run(s string) error {
	for len(s) > 0 {
		loc := tagRE.FindStringSubmatchIndex(s)
		if loc == nil {
			c.text(s)
			break
		}
		c.text(s[:loc[0]])
		closing := s[loc[2]:loc[3]] == "/"
		name := strings.ToLower(s[loc[4]:loc[5]])
		attrs := s[loc[6]:loc[7]]
		rest := s[loc[1]:]
		switch {
		case name == "script" && !closing:
			end := strings.Index(rest, "</script>")
			if end < 0 {
				return fmt.Errorf("unclosed <script>")
			}
			c.raw(s[loc[0]:loc[1]] + rest[:end] + "</script>")
			rest = rest[end+len("</script>"):]
		case name == "div" && !closing && strings.Contains(attrs, "chart-canvas"):
			end := strings.Index(rest, "</div>")
			if end < 0 {
				return fmt.Errorf("unclosed chart <div>")
			}
			c.raw(s[loc[0]:loc[1]] + rest[:end] + "</div>")
			rest = rest[end+len("</div>"):]
		default:
			c.tag(name, closing, attrs)
		}
		s = rest
	}
	c.flush()
	return nil
}

// text adds character data to the current paragraph, with runs of white
// space collapsed and Markdown's table separator escaped.
func (c *converter) text(s string) {
	s = spaceRE.ReplaceAllString(s, " ")
	if c.para.Len() == 0 {
		s = strings.TrimLeft(s, " ")
	}
	c.para.WriteString(strings.ReplaceAll(s, "|", `\|`))
}

// tag handles one start or end tag other than scripts and chart canvases.
func (c *converter) tag(name string, closing bool, attrs string) {
	switch name {
	case "a":
		if !closing {
			href := ""
			if m := hrefRE.FindStringSubmatch(attrs); m != nil {
				href = m[1]
			}
			c.links = append(c.links, link{href, c.para.Len()})
			return
		}
		if n := len(c.links); n > 0 {
			l := c.links[n-1]
			c.links = c.links[:n-1]
			s := c.para.String()
			c.para.Reset()
			c.para.WriteString(s[:l.start] + "[" + strings.TrimSpace(s[l.start:]) + "](" + l.href + ")")
		}
	case "code":
		c.para.WriteString("`")
	case "strong", "b":
		c.para.WriteString("**")
	case "em", "i":
		c.para.WriteString("*")
	case "span", "abbr", "small", "time":
		// Inline wrappers that carry only styling.
	case "h1", "h2", "h3", "h4", "h5", "h6":
		c.flush()
		if !closing {
			c.prefix = strings.Repeat("#", int(name[1]-'0')) + " "
		}
	case "li", "dt":
		if name == "dt" && closing {
			// Keep the term and its description on one list item.
			return
		}
		c.flush()
		if !closing {
			c.prefix = "- "
		}
	case "dd":
		if !closing {
			c.para.WriteString(": ")
			return
		}
		c.flush()
	case "table":
		c.flush()
		c.table = !closing
		if closing {
			c.emitTable()
		}
	case "thead":
		if closing {
			c.header = len(c.rows)
		}
	case "tr":
		if !closing && c.table {
			c.rows = append(c.rows, nil)
		}
	case "th", "td":
		if !c.table || len(c.rows) == 0 {
			return
		}
		if !closing {
			c.para.Reset()
			return
		}
		cell := strings.TrimSpace(c.para.String())
		c.para.Reset()
		last := len(c.rows) - 1
		c.rows[last] = append(c.rows[last], cell)
	default:
		// Block containers (p, div, section, figure, nav, ul, dl, ...):
		// a boundary between paragraphs.
		if !c.table {
			c.flush()
		}
	}
}

// flush writes the current paragraph, if any, as one Markdown block.
func (c *converter) flush() {
	s := strings.TrimSpace(c.para.String())
	c.para.Reset()
	c.links = c.links[:0]
	if s != "" && !c.table {
		c.out.WriteString(c.prefix + s + "\n\n")
	}
	c.prefix = ""
}

// raw writes s as a raw HTML block, with blank lines removed so that the
// block does not end early.
func (c *converter) raw(s string) {
	c.flush()
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) != "" {
			lines = append(lines, l)
		}
	}
	c.out.WriteString(strings.Join(lines, "\n") + "\n\n")
}

// emitTable writes the collected rows as a Markdown table; a table without
// a header row gets an empty one, since Markdown tables need one.
func (c *converter) emitTable() {
	rows, header := c.rows, c.header
	c.rows, c.header = nil, 0
	if len(rows) == 0 {
		return
	}
	width := 0
	for _, r := range rows {
		width = max(width, len(r))
	}
	line := func(cells []string) {
		c.out.WriteString("|")
		for i := range width {
			cell := ""
			if i < len(cells) {
				cell = cells[i]
			}
			c.out.WriteString(" " + cell + " |")
		}
		c.out.WriteString("\n")
	}
	if header == 0 {
		line(nil)
	} else {
		line(rows[0])
		rows = rows[1:]
	}
	line(repeat("---", width))
	for _, r := range rows {
		line(r)
	}
	c.out.WriteString("\n")
}

func repeat(s string, n int) []string {
	r := make([]string, n)
	for i := range r {
		r[i] = s
	}
	return r
}
