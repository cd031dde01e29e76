package markdown

import (
	"reflect"
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/tomlfile"
)

func TestShortcodes(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		html  string // with placeholders written as {0}, {1}, ...
		codes []project.Shortcode
	}{
		{
			name:  "inline in a paragraph, after front matter",
			src:   "+++\ntitle = \"x\"\n+++\nAccuracy was {{< metric answer_accuracy v6 >}} in v6.\n",
			html:  "<p>Accuracy was {0} in v6.</p>\n",
			codes: []project.Shortcode{{Name: "metric", Args: []string{"answer_accuracy", "v6"}, Line: 4, Col: 14}},
		},
		{
			name: "several, columns count characters",
			src:  "é {{<delta a v2>}}, {{<   alpha  h  \"v 1\" >}}\n\n{{< verdict >}}",
			html: "<p>é {0}, {1}</p>\n<p>{2}</p>\n",
			codes: []project.Shortcode{
				{Name: "delta", Args: []string{"a", "v2"}, Line: 1, Col: 3},
				{Name: "alpha", Args: []string{"h", "v 1"}, Line: 1, Col: 21},
				{Name: "verdict", Line: 3, Col: 1},
			},
		},
		{
			name: "lines counted on from the shortcode before",
			src:  "+++\ntitle = \"x\"\n+++\nA {{< metric m v1 >}}\n\nÉé b {{< metric m v2 >}} {{< verdict >}}\n\n| a |\n|---|\n| {{< delta m v3 >}} |\n",
			html: "<p>A {0}</p>\n<p>Éé b {1} {2}</p>\n<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>{3}</td>\n</tr>\n</tbody>\n</table>\n",
			codes: []project.Shortcode{
				{Name: "metric", Args: []string{"m", "v1"}, Line: 4, Col: 3},
				{Name: "metric", Args: []string{"m", "v2"}, Line: 6, Col: 6},
				{Name: "verdict", Line: 6, Col: 26},
				{Name: "delta", Args: []string{"m", "v3"}, Line: 10, Col: 3},
			},
		},
		{
			name:  "a chart alone in its paragraph is a block",
			src:   "Before.\n\n{{< chart metric rouge_l >}}\n\nAfter.",
			html:  "<p>Before.</p>\n{0}\n<p>After.</p>\n",
			codes: []project.Shortcode{{Name: "chart", Args: []string{"metric", "rouge_l"}, Line: 3, Col: 1}},
		},
		{
			name:  "in a table cell",
			src:   "| a | b |\n|---|---|\n| x | {{< metric m v1 >}} |\n",
			html:  "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>x</td>\n<td>{0}</td>\n</tr>\n</tbody>\n</table>\n",
			codes: []project.Shortcode{{Name: "metric", Args: []string{"m", "v1"}, Line: 3, Col: 7}},
		},
		{
			name: "code spans and code blocks keep shortcodes as text",
			src:  "`{{< metric m v1 >}}`\n\n    {{< metric m v1 >}}\n",
			html: "<p><code>{{&lt; metric m v1 &gt;}}</code></p>\n<pre><code>{{&lt; metric m v1 &gt;}}\n</code></pre>\n",
		},
		{
			name: "braces that open no shortcode are text",
			src:  "a {b} {{c}} {< d >}",
			html: "<p>a {b} {{c}} {&lt; d &gt;}</p>\n",
		},
		{
			name: "a NUL in the source cannot forge a placeholder",
			src:  "a \x000\x00 b",
			html: "<p>a \uFFFD0\uFFFD b</p>\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, body, err := Parse([]byte(tt.src), "doc.md", Options{})
			if err != nil {
				t.Fatal(err)
			}
			want := tt.html
			for i := range tt.codes {
				want = strings.ReplaceAll(want, "{"+string(rune('0'+i))+"}", Placeholder(i))
			}
			if string(body.HTML) != want {
				t.Errorf("HTML\n got %q\nwant %q", body.HTML, want)
			}
			if !reflect.DeepEqual(body.Shortcodes, tt.codes) {
				t.Errorf("shortcodes\n got %+v\nwant %+v", body.Shortcodes, tt.codes)
			}
		})
	}
}

func TestShortcodeErrors(t *testing.T) {
	tests := []struct {
		name, src string
		line, col int
		msg       string
	}{
		{"unknown name", "+++\n+++\n\nx {{< metrc a v1 >}}", 4, 3, `unknown shortcode "metrc"`},
		{"too few arguments", "{{< metric a >}}", 1, 1, "shortcode metric takes 2 arguments (metric or dimension, iteration), got 1"},
		{"too many arguments", "ab {{< verdict v1 >}}", 1, 4, "shortcode verdict takes 0 arguments"},
		{"empty", "x\ny {{<  >}}", 2, 3, "empty shortcode"},
		{"not closed", "- item {{< metric a v1", 1, 8, "not closed with >}} on the same line"},
		{"chart kind", "{{< chart metrics a >}}", 1, 1, `kind "metrics"; want metric or dimension`},
		{"chart among text", "see {{< chart metric a >}}", 1, 5, "put it on a line of its own"},
		{"unterminated quote", "{{< metric \"a v1 >}}", 1, 1, "unterminated quoted argument"},
		{"empty quoted argument", "{{< metric \"\" v1 >}}", 1, 1, "argument 1 (metric or dimension) is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Parse([]byte(tt.src), "cs.md", Options{})
			e, ok := err.(*tomlfile.Error)
			if !ok {
				t.Fatalf("error %v (%T), want a *tomlfile.Error", err, err)
			}
			if e.File != "cs.md" || e.Line != tt.line || e.Col != tt.col || !strings.Contains(e.Msg, tt.msg) {
				t.Errorf("error %q, want cs.md:%d:%d: ...%s...", err, tt.line, tt.col, tt.msg)
			}
		})
	}
}

func TestSplitPlaceholders(t *testing.T) {
	var got []string
	err := SplitPlaceholders("a"+Placeholder(0)+"b"+Placeholder(12), func(s string) { got = append(got, "t:"+s) },
		func(i int) { got = append(got, "c:"+string(rune('a'+i))) })
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"t:a", "c:a", "t:b", "c:m", "t:"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	for _, bad := range []string{"a\x001", "a\x00x\x00", "\x00-1\x00"} {
		if err := SplitPlaceholders(bad, func(string) {}, func(int) {}); err == nil {
			t.Errorf("SplitPlaceholders(%q): no error", bad)
		}
	}
}
