// Package markdown turns evalbook's Markdown documents into front matter and
// HTML.
//
// A document may begin with a front matter block: a line holding only +++,
// TOML, and another line holding only +++. The TOML is decoded strictly into
// a project.FrontMatter with package tomlfile, so an unknown key or a syntax
// error is reported as "file:line:col: message" with the line counted in the
// Markdown file, not in the extracted block. A document without a leading
// +++ line has an empty front matter; an opening +++ without a closing one is
// an error. Windows line endings (CRLF) are accepted anywhere.
//
// The body is CommonMark with the GitHub extensions (tables, strikethrough,
// task lists, autolinks), automatic heading IDs and no typographic
// replacements. Rendering follows Options:
//
//   - Raw HTML, inline or as a block, is written escaped, so the reader sees
//     the markup as text, unless Options.Unsafe is set. Link and image
//     destinations with a dangerous scheme (javascript:, vbscript:, file:,
//     and data: other than images) are dropped unless Options.Unsafe is set.
//   - Destinations that start with "/" are site-rooted: the "/" is replaced
//     by Options.Root, the relative path from the page to the site root, so
//     the site works from any subpath and from a file system.
//   - Links to Markdown files (a path ending in ".md", with an optional
//     query or #fragment) point at the rendered page: ".md" becomes ".html".
//     Paths ending in "/" get "index.html" appended, since a file system does
//     not serve a folder's index.
//   - Absolute URLs (with a scheme, or starting with "//") and links to a
//     fragment of the same page are left as written.
//
// Shortcodes put figures computed from the data into the prose:
// {{< name args >}} on one line, the arguments separated by spaces (in
// double quotes, Go syntax, when one has a space). The names and their
// arguments are metric NAME ITERATION, delta NAME ITERATION, alpha
// DIMENSION ITERATION, verdict, and chart metric|dimension NAME; a chart
// must stand alone in its paragraph. The parser checks the syntax only and
// reports an error as a *tomlfile.Error at the shortcode's line and column
// (counted in characters); the body's HTML holds Placeholder(i) for the
// i-th shortcode and Body.Shortcodes the shortcodes with their positions,
// for the renderer to resolve (see shortcode.go). Inside code spans and code
// blocks a shortcode is text.
//
// Dates in front matter are returned in UTC so output does not depend on the
// time zone of the machine that builds the site: a date without an offset (a
// TOML local date such as 2026-03-02, or a local date-time) keeps its
// calendar day and clock time, and a date-time with an offset is converted
// to the same instant in UTC.
package markdown

import (
	"bytes"
	"fmt"
	"html/template"
	"slices"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/BurntSushi/toml"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/tomlfile"
)

// Options control how a document's body is rendered.
type Options struct {
	// Unsafe lets raw HTML and dangerous link schemes through, as the config
	// key unsafe = true asks; otherwise raw HTML is escaped and shown as
	// text.
	Unsafe bool
	// Root is the relative path from the page to the site root, ending in
	// "/" (for example "../"), or "" for a page at the root. It replaces the
	// leading "/" of site-rooted link and image destinations.
	Root string
}

// delimiter is the line that opens and closes a front matter block.
const delimiter = "+++"

// Body is a document's rendered body: HTML with a placeholder for each
// shortcode (see Placeholder), and the shortcodes with their positions.
type Body struct {
	HTML       template.HTML
	Shortcodes []project.Shortcode
}

// Parse splits src into its front matter and body, decodes the front matter
// and renders the body to HTML. file names the document in error messages.
// Errors in the front matter carry the file, line and, where known, column;
// they are *tomlfile.Error values, as are shortcode syntax errors.
func Parse(src []byte, file string, opt Options) (project.FrontMatter, Body, error) {
	var fm project.FrontMatter
	src = normalizeNewlines(src)
	front, body, bodyLine, err := split(src, file)
	if err != nil {
		return fm, Body{}, err
	}
	if front != nil {
		fm, err = decodeFront(string(front), file)
		if err != nil {
			return fm, Body{}, err
		}
	}
	// A NUL in the source becomes U+FFFD, as CommonMark asks, so that every
	// NUL of the HTML belongs to a placeholder.
	// (bytes.ReplaceAll copies a body without one too.)
	if bytes.IndexByte(body, 0) >= 0 {
		body = bytes.ReplaceAll(body, []byte{0}, []byte("\uFFFD"))
	}
	out, st, plain := plainBody(body)
	if !plain {
		out, st, err = render(body, opt)
	}
	if err != nil {
		return fm, Body{}, fmt.Errorf("%s:%d: rendering Markdown: %w", file, bodyLine, err)
	}
	if st.err != nil {
		line, col := position(body, st.err.offset, bodyLine)
		return fm, Body{}, &tomlfile.Error{File: file, Line: line, Col: col, Msg: st.err.msg}
	}
	if plain {
		// plainBody counted the lines and columns as it went.
		for i, at := range st.at {
			st.codes[i].Line, st.codes[i].Col = bodyLine+at.line, at.col
		}
		// out is plainBody's, made for this document and changed by
		// nothing else: it is the HTML without a copy.
		return fm, Body{HTML: template.HTML(unsafe.String(unsafe.SliceData(out), len(out))), Shortcodes: st.codes}, nil
	}
	// The shortcodes come in the body's order: each one's line is counted
	// on from the last one's.
	from, line := 0, bodyLine
	for i := range st.codes {
		off := min(st.pos[i], len(body))
		if off < from {
			from, line = 0, bodyLine
		}
		st.codes[i].Line, st.codes[i].Col = position(body[from:], off-from, line)
		from = bytes.LastIndexByte(body[:off], '\n') + 1
		line = st.codes[i].Line
	}
	return fm, Body{HTML: template.HTML(out), Shortcodes: st.codes}, nil
}

// decodeFront decodes a front matter block of file: quickFront's answer
// when it has one, else tomlfile.Decode's with the date in UTC (utcDate).
func decodeFront(front, file string) (project.FrontMatter, error) {
	if fm, ok := quickFront(front); ok {
		return fm, nil
	}
	var fm project.FrontMatter
	if _, err := tomlfile.Decode(front, file, 2, &fm); err != nil {
		return fm, err
	}
	fm.Date = utcDate(fm.Date, front)
	return fm, nil
}

// normalizeNewlines replaces CRLF line endings with LF. It returns src itself
// when there is nothing to replace.
func normalizeNewlines(src []byte) []byte {
	if bytes.IndexByte(src, '\r') < 0 {
		return src
	}
	return bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
}

// split separates the front matter from the body. front is nil when the
// document has no front matter; bodyLine is the 1-based line of src on which
// the body starts. A UTF-8 byte order mark before the opening line is
// ignored.
func split(src []byte, file string) (front, body []byte, bodyLine int, err error) {
	rest := bytes.TrimPrefix(src, []byte("\ufeff"))
	first, rest, _ := bytes.Cut(rest, []byte("\n"))
	if !isDelimiter(first) {
		return nil, src, 1, nil
	}
	start := rest
	line := 2
	for len(rest) > 0 {
		l, next, _ := bytes.Cut(rest, []byte("\n"))
		if isDelimiter(l) {
			n := len(start) - len(rest)
			return start[:n], next, line + 1, nil
		}
		rest = next
		line++
	}
	return nil, nil, 0, fmt.Errorf("%s:1: front matter opened with %s is never closed", file, delimiter)
}

// HasFrontMatter reports whether src opens with a front matter block: its
// first line (after a byte order mark) is +++.
func HasFrontMatter(src []byte) bool {
	first, _, _ := bytes.Cut(bytes.TrimPrefix(src, []byte("\ufeff")), []byte("\n"))
	return isDelimiter(bytes.TrimSuffix(first, []byte("\r")))
}

// isDelimiter reports whether line is a front matter delimiter, allowing
// trailing spaces and tabs.
func isDelimiter(line []byte) bool {
	return string(bytes.TrimRight(line, " \t")) == delimiter
}

// utcDate returns the front matter's date in a form that does not depend
// on the machine's time zone. The TOML decoder places a local date or
// date-time (written without an offset, such as 2026-03-02) in the
// machine's zone; such a value is returned as the same wall-clock time in
// UTC. A date written with an offset or Z is returned as the instant it
// names, in UTC. front is the TOML source, used to tell the two apart.
func utcDate(t time.Time, front string) time.Time {
	if t.IsZero() {
		return t
	}
	if !hasOffset(dateText(front)) {
		y, m, d := t.Date()
		return time.Date(y, m, d, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	}
	return t.UTC()
}

// dateText returns the value of the top-level date key as written in
// front, or "" when it cannot be found.
func dateText(front string) string {
	line := tomlfile.KeyLine(front, toml.Key{"date"})
	if line == 0 {
		return ""
	}
	l := strings.Split(front, "\n")[line-1]
	_, v, ok := strings.Cut(l, "=")
	if !ok {
		return ""
	}
	v, _, _ = strings.Cut(v, "#")
	return strings.TrimSpace(v)
}

// hasOffset reports whether a TOML date-time value ends in Z or a numeric
// offset such as +02:00.
func hasOffset(v string) bool {
	i := strings.IndexAny(v, "Tt ")
	if i < 0 {
		return false // a date alone
	}
	clock := v[i+1:]
	return strings.ContainsAny(clock, "Zz+-")
}

// render converts a Markdown body to HTML with the converter for opt, and
// returns the shortcodes it met.
func render(body []byte, opt Options) ([]byte, *shortcodeState, error) {
	md := converter(opt.Unsafe, mayLinkify(body))
	ctx := parser.NewContext()
	ctx.Set(rootKey, opt.Root)
	st := state(ctx)
	var buf bytes.Buffer
	buf.Grow(len(body) + len(body)/4)
	if err := md.Convert(body, bufWriter{&buf}, parser.WithContext(ctx)); err != nil {
		return nil, nil, err
	}
	return buf.Bytes(), st, nil
}

// bufWriter is a bytes.Buffer as the util.BufWriter goldmark's renderer
// writes to: given a plain io.Writer, it would write through a bufio.Writer
// of 4 KB made for each document, and copy everything once more.
type bufWriter struct{ *bytes.Buffer }

// Available implements util.BufWriter: the buffer grows as needed.
func (w bufWriter) Available() int { return w.Cap() - w.Len() }

// Buffered implements util.BufWriter: nothing waits to be flushed.
func (w bufWriter) Buffered() int { return 0 }

// Flush implements util.BufWriter.
func (w bufWriter) Flush() error { return nil }

var _ util.BufWriter = bufWriter{}

// rootKey carries Options.Root from render to the link transformer, so that
// one converter serves pages at every depth.
var rootKey = parser.NewContextKey()

// converters holds the four converters, by Options.Unsafe and by whether
// they linkify, each built on first use and shared: goldmark.Markdown is
// safe for concurrent Convert calls.
var converters = [2][2]func() goldmark.Markdown{
	{sync.OnceValue(func() goldmark.Markdown { return newConverter(false, false) }),
		sync.OnceValue(func() goldmark.Markdown { return newConverter(false, true) })},
	{sync.OnceValue(func() goldmark.Markdown { return newConverter(true, false) }),
		sync.OnceValue(func() goldmark.Markdown { return newConverter(true, true) })},
}

func converter(unsafe, linkify bool) goldmark.Markdown {
	return converters[b2i(unsafe)][b2i(linkify)]()
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// mayLinkify reports whether GFM's autolinks extension could change the
// HTML of body. It links only text that starts with "http:", "https:",
// "ftp:" or "www.", or an e-mail address, which holds an "@"; and since its
// parser runs at every blank, taking one at a time, a line ending in two
// blanks or more can keep one of them before its line break. A body with
// none of these is converted without the extension, which would otherwise
// run at every space of the text and find nothing (TestLinkifySkip and
// FuzzLinkifySkip check that the HTML is the same).
func mayLinkify(body []byte) bool {
	return bytes.IndexByte(body, '@') >= 0 || bytes.Contains(body, []byte("www.")) ||
		bytes.Contains(body, []byte("http")) || bytes.Contains(body, []byte("ftp:")) ||
		trailingBlanks(body)
}

// trailingBlanks reports whether a line of body ends in two blanks or
// more (spaces, tabs, vertical tabs, form feeds or carriage returns). It
// looks at the two bytes before each line end only, which it finds with
// bytes.IndexByte.
func trailingBlanks(body []byte) bool {
	for off := 0; ; {
		i := bytes.IndexByte(body[off:], '\n')
		end := off + i // the line's end: its '\n', or the body's end
		if i < 0 {
			end = len(body)
		}
		if end-off >= 2 && isBlank(body[end-1]) && isBlank(body[end-2]) {
			return true
		}
		if i < 0 {
			return false
		}
		off = end + 1
	}
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r' }

// newConverter returns the converter of CommonMark with the GitHub
// extensions (GFM's autolinks only when linkify is set) and evalbook's:
// the link rules, the shortcodes and, unless unsafe, escaped raw HTML.
func newConverter(unsafe, linkify bool) goldmark.Markdown {
	rendererOpts := []renderer.Option{
		renderer.WithNodeRenderers(util.Prioritized(shortcodeRenderer{}, 100)),
	}
	if unsafe {
		rendererOpts = append(rendererOpts, html.WithUnsafe())
	} else {
		rendererOpts = append(rendererOpts,
			renderer.WithNodeRenderers(util.Prioritized(escapingRenderer{}, 100)))
	}
	gfm := []goldmark.Extender{extension.Table, extension.Strikethrough, extension.TaskList}
	if linkify {
		gfm = append([]goldmark.Extender{extension.Linkify}, gfm...) // GFM's order
	}
	return goldmark.New(
		goldmark.WithExtensions(gfm...),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(treeTransformer{}, 100)),
			parser.WithInlineParsers(util.Prioritized(shortcodeParser{}, 50)),
		),
		goldmark.WithRendererOptions(rendererOpts...),
	)
}

// escapingRenderer renders raw HTML as escaped text. It replaces goldmark's
// default, which drops raw HTML and leaves an HTML comment in its place.
type escapingRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (escapingRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, renderRawHTML)
	reg.Register(ast.KindHTMLBlock, renderHTMLBlock)
}

// renderRawHTML writes inline raw HTML escaped.
func renderRawHTML(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	segs := node.(*ast.RawHTML).Segments
	for i := range segs.Len() {
		s := segs.At(i)
		_, _ = w.Write(util.EscapeHTML(s.Value(source)))
	}
	return ast.WalkSkipChildren, nil
}

// renderHTMLBlock writes a block of raw HTML as an escaped paragraph.
func renderHTMLBlock(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.HTMLBlock)
	var raw []byte
	lines := n.Lines()
	for i := range lines.Len() {
		s := lines.At(i)
		raw = append(raw, s.Value(source)...)
	}
	if n.HasClosure() {
		raw = append(raw, n.ClosureLine.Value(source)...)
	}
	raw = bytes.TrimRight(raw, "\n")
	_, _ = w.WriteString(`<p class="raw-html">`)
	_, _ = w.Write(util.EscapeHTML(raw))
	_, _ = w.WriteString("</p>\n")
	return ast.WalkContinue, nil
}

// treeTransformer makes the changes to a document's tree that evalbook's
// rules ask for, in one walk of the tree: it rewrites link and image
// destinations for the site layout (see the package documentation), and
// lifts a chart that stands alone in its paragraph out of it (liftCharts).
type treeTransformer struct{}

// Transform implements parser.ASTTransformer. A document whose source has
// no "[" (which every link and image starts with) and no chart has
// nothing to change, and its tree is not walked.
func (treeTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	root, _ := pc.Get(rootKey).(string)
	st := state(pc)
	if bytes.IndexByte(reader.Source(), '[') < 0 &&
		!slices.ContainsFunc(st.codes, func(sc project.Shortcode) bool { return sc.Name == project.ShortcodeChart }) {
		return
	}
	var charts []*shortcodeNode
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			n.Destination = []byte(RewriteURL(string(n.Destination), root, true))
		case *ast.Image:
			n.Destination = []byte(RewriteURL(string(n.Destination), root, false))
		case *shortcodeNode:
			if st.codes[n.Index].Name == project.ShortcodeChart {
				charts = append(charts, n)
			}
		}
		return ast.WalkContinue, nil
	})
	liftCharts(st, charts)
}

// RewriteURL applies the site's link rules to one destination: a site-rooted
// path gets root in place of its leading "/", a path ending in "/" gets
// "index.html", and, when page is true, a path ending in ".md" is changed to
// end in ".html". Absolute URLs, fragments of the same page and the empty
// string are returned unchanged.
func RewriteURL(dest, root string, page bool) string {
	if dest == "" || dest[0] == '#' || dest[0] == '?' || isAbsoluteURL(dest) {
		return dest
	}
	path, suffix := dest, ""
	if i := strings.IndexAny(dest, "?#"); i >= 0 {
		path, suffix = dest[:i], dest[i:]
	}
	if page && strings.HasSuffix(path, ".md") {
		path = strings.TrimSuffix(path, ".md") + ".html"
	}
	if strings.HasSuffix(path, "/") {
		path += "index.html"
	}
	if rest, ok := strings.CutPrefix(path, "/"); ok {
		path = root + rest
		if root == "" && needsDotSlash(rest) {
			path = "./" + rest
		}
	}
	return path + suffix
}

// needsDotSlash reports whether a path that lost its leading "/" would be
// read as something else: a URL with a scheme ("/javascript:x") or a
// host-relative reference.
func needsDotSlash(rest string) bool {
	if rest == "" {
		return false
	}
	if rest[0] == '/' || rest[0] == '\\' {
		return true
	}
	seg, _, _ := strings.Cut(rest, "/")
	return strings.Contains(seg, ":")
}

// isAbsoluteURL reports whether s starts with a URL scheme (RFC 3986:
// a letter, then letters, digits, "+", "-" or ".", then ":") or with "//".
func isAbsoluteURL(s string) bool {
	if strings.HasPrefix(s, "//") || strings.HasPrefix(s, `\\`) || strings.HasPrefix(s, `/\`) {
		return true
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		case c == ':':
			return i > 0
		default:
			return false
		}
	}
	return false
}
