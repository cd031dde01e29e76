package markdown

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/evalbook/evalbook/internal/project"
)

// Shortcodes are parsed here and resolved by the renderer: the parser only
// knows the syntax, the figures exist only after the analyses. Each
// shortcode becomes a node of the document (shortcodeNode, or
// shortcodeBlock for a chart that stands alone in its paragraph) and is
// written to the HTML as a placeholder, Placeholder(i), i being its index in
// Body.Shortcodes. The placeholder starts and ends with a NUL byte, which no
// document can produce: Parse replaces every NUL of the source with U+FFFD
// before the Markdown is parsed (as CommonMark requires).

// shortcodeArgs says how many arguments each shortcode takes, and their
// names for error messages.
var shortcodeArgs = map[string][]string{
	project.ShortcodeMetric:  {"metric or dimension", "iteration"},
	project.ShortcodeDelta:   {"metric or dimension", "iteration"},
	project.ShortcodeAlpha:   {"dimension", "iteration"},
	project.ShortcodeVerdict: {},
	project.ShortcodeChart:   {"kind (metric or dimension)", "name"},
}

// Placeholder is the text that stands for the i-th shortcode in a Body's
// HTML.
func Placeholder(i int) string { return "\x00" + strconv.Itoa(i) + "\x00" }

// SplitPlaceholders calls text with each run of HTML between placeholders
// and code with the index of each placeholder, in order. It returns an
// error for a malformed placeholder (a NUL without its pair, or not around
// a number).
func SplitPlaceholders(html string, text func(string), code func(int)) error {
	for {
		i := strings.IndexByte(html, 0)
		if i < 0 {
			text(html)
			return nil
		}
		text(html[:i])
		rest := html[i+1:]
		j := strings.IndexByte(rest, 0)
		if j < 0 {
			return fmt.Errorf("unpaired shortcode placeholder")
		}
		n, err := strconv.Atoi(rest[:j])
		if err != nil || n < 0 {
			return fmt.Errorf("malformed shortcode placeholder %q", rest[:j])
		}
		code(n)
		html = rest[j+1:]
	}
}

// shortcodeNode is an inline shortcode; Index is its place in the
// document's list.
type shortcodeNode struct {
	ast.BaseInline
	Index int
}

// kindShortcode is the node kind of shortcodeNode.
var kindShortcode = ast.NewNodeKind("Shortcode")

// Kind implements ast.Node.
func (n *shortcodeNode) Kind() ast.NodeKind { return kindShortcode }

// Dump implements ast.Node.
func (n *shortcodeNode) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Index": strconv.Itoa(n.Index)}, nil)
}

// shortcodeBlock is a shortcode that stands alone in its paragraph and
// draws a block (a chart), so it is not wrapped in <p>.
type shortcodeBlock struct {
	ast.BaseBlock
	Index int
}

// kindShortcodeBlock is the node kind of shortcodeBlock.
var kindShortcodeBlock = ast.NewNodeKind("ShortcodeBlock")

// Kind implements ast.Node.
func (n *shortcodeBlock) Kind() ast.NodeKind { return kindShortcodeBlock }

// Dump implements ast.Node.
func (n *shortcodeBlock) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Index": strconv.Itoa(n.Index)}, nil)
}

// shortcodeState is what one Convert collects: the shortcodes in source
// order and the first syntax error. It lives in the parser context.
type shortcodeState struct {
	codes []project.Shortcode
	pos   []int // byte offset of each shortcode in the body
	err   *shortcodeError
	// at is where each shortcode is, when plainBody found them: its line
	// in the body (0 for the first) and its column, as position counts
	// it; nil when Parse is to count them.
	at []lineCol
}

// lineCol is a line and a column.
type lineCol struct{ line, col int }

// shortcodeError is a shortcode syntax error at a byte offset of the body.
type shortcodeError struct {
	offset int
	msg    string
}

// stateKey holds the *shortcodeState of a Convert.
var stateKey = parser.NewContextKey()

// state returns the Convert's shortcode state.
func state(pc parser.Context) *shortcodeState {
	s, _ := pc.Get(stateKey).(*shortcodeState)
	if s == nil {
		s = &shortcodeState{}
		pc.Set(stateKey, s)
	}
	return s
}

// shortcodeParser parses {{< name args >}} on one line of inline text.
type shortcodeParser struct{}

// Trigger implements parser.InlineParser.
func (shortcodeParser) Trigger() []byte { return []byte{'{'} }

// Parse implements parser.InlineParser.
func (shortcodeParser) Parse(_ ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if !bytes.HasPrefix(line, []byte("{{<")) {
		return nil
	}
	st := state(pc)
	end := bytes.Index(line, []byte(">}}"))
	if end < 0 {
		st.fail(seg.Start, "shortcode opened with {{< is not closed with >}} on the same line")
		return nil
	}
	inner := string(line[3:end])
	block.Advance(end + 3)
	sc, err := parseShortcode(inner)
	if err != nil {
		st.fail(seg.Start, err.Error())
		return nil
	}
	st.codes = append(st.codes, sc)
	st.pos = append(st.pos, seg.Start)
	return &shortcodeNode{Index: len(st.codes) - 1}
}

// fail records the first error.
func (s *shortcodeState) fail(offset int, msg string) {
	if s.err == nil {
		s.err = &shortcodeError{offset: offset, msg: msg}
	}
}

// parseShortcode parses what stands between {{< and >}}: a name and its
// arguments, separated by spaces; an argument with spaces is written in
// double quotes (Go syntax).
func parseShortcode(inner string) (project.Shortcode, error) {
	// The words go to an array first: a shortcode has three at most when
	// it is valid, and its Args are then copied once to a slice of their
	// size rather than grown word by word.
	var wordsArr [4]string
	words := wordsArr[:0]
	s := strings.TrimSpace(inner)
	for s != "" {
		var w string
		if s[0] == '"' {
			q, err := strconv.QuotedPrefix(s)
			if err != nil {
				return project.Shortcode{}, fmt.Errorf("shortcode: unterminated quoted argument %s", s)
			}
			w, _ = strconv.Unquote(q)
			s = s[len(q):]
		} else {
			i := strings.IndexAny(s, " \t")
			if i < 0 {
				i = len(s)
			}
			w, s = s[:i], s[i:]
		}
		words = append(words, w)
		s = strings.TrimLeft(s, " \t")
	}
	if len(words) == 0 {
		return project.Shortcode{}, fmt.Errorf("empty shortcode; want one of %s", shortcodeNames())
	}
	name, args := words[0], words[1:]
	want, ok := shortcodeArgs[name]
	if !ok {
		return project.Shortcode{}, fmt.Errorf("unknown shortcode %q; want one of %s", name, shortcodeNames())
	}
	if len(args) != len(want) {
		return project.Shortcode{}, fmt.Errorf("shortcode %s takes %d arguments (%s), got %d", name, len(want), strings.Join(want, ", "), len(args))
	}
	if name == project.ShortcodeChart && args[0] != "metric" && args[0] != "dimension" {
		return project.Shortcode{}, fmt.Errorf("shortcode chart: kind %q; want metric or dimension", args[0])
	}
	for i, a := range args {
		if a == "" {
			return project.Shortcode{}, fmt.Errorf("shortcode %s: argument %d (%s) is empty", name, i+1, want[i])
		}
	}
	if len(args) == 0 {
		args = nil // as a decoded cache entry has it
	} else {
		args = slices.Clone(args)
	}
	return project.Shortcode{Name: name, Args: args}, nil
}

// shortcodeNames lists the shortcodes for error messages.
func shortcodeNames() string {
	return strings.Join([]string{project.ShortcodeMetric, project.ShortcodeDelta, project.ShortcodeAlpha, project.ShortcodeVerdict, project.ShortcodeChart}, ", ")
}

// liftCharts lifts each chart of charts (in document order) that stands
// alone in its paragraph out of the paragraph (a chart is a block: it
// cannot be inside <p>), and rejects a chart that shares its paragraph
// with other text. treeTransformer finds the charts.
func liftCharts(st *shortcodeState, charts []*shortcodeNode) {
	var lift []*shortcodeNode
	for _, sc := range charts {
		p := sc.Parent()
		alone := p.ChildCount() == 1 && (p.Kind() == ast.KindParagraph || p.Kind() == ast.KindTextBlock)
		if !alone {
			st.fail(st.pos[sc.Index], "shortcode chart draws a block: put it on a line of its own, with a blank line before and after")
			continue
		}
		lift = append(lift, sc)
	}
	for _, sc := range lift {
		p := sc.Parent()
		p.Parent().ReplaceChild(p.Parent(), p, &shortcodeBlock{Index: sc.Index})
	}
}

// shortcodeRenderer writes the placeholders.
type shortcodeRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (shortcodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindShortcode, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(Placeholder(n.(*shortcodeNode).Index))
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(kindShortcodeBlock, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(Placeholder(n.(*shortcodeBlock).Index) + "\n")
		}
		return ast.WalkSkipChildren, nil
	})
}

// position turns a byte offset of the body into the file's line and column
// (1-based; the column counts characters), given the file line the body
// starts on.
func position(body []byte, offset, bodyLine int) (line, col int) {
	offset = min(offset, len(body))
	before := body[:offset]
	line = bodyLine + bytes.Count(before, []byte("\n"))
	start := bytes.LastIndexByte(before, '\n') + 1
	return line, utf8.RuneCount(before[start:]) + 1
}
