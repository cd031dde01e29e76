package markdown

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/tomlfile"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

func TestFrontMatter(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want project.FrontMatter
		body string // a substring the HTML must contain
	}{
		{
			name: "none",
			src:  "# Title\n\nText.\n",
			body: `<h1 id="title">Title</h1>`,
		},
		{
			name: "empty block",
			src:  "+++\n+++\nText.\n",
			body: "<p>Text.</p>",
		},
		{
			name: "fields",
			src: `+++
title = "Ship v4"
date = 2026-03-09
iterations = ["v3", "v4"]
decision = "ship"
deciders = ["Ana Ruiz", "Kenji Mori"]
evidence = ["/casestudies/grounding.md"]
weight = 3
draft = true
+++
Body.
`,
			want: project.FrontMatter{
				Title:      "Ship v4",
				Date:       time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC),
				Iterations: []string{"v3", "v4"},
				Decision:   "ship",
				Deciders:   []string{"Ana Ruiz", "Kenji Mori"},
				Evidence:   []string{"/casestudies/grounding.md"},
				Weight:     3,
				Draft:      true,
			},
			body: "<p>Body.</p>",
		},
		{
			name: "CRLF",
			src:  "+++\r\ntitle = \"Windows\"\r\nstatus = \"done\"\r\n+++\r\nLine one\r\nline two\r\n",
			want: project.FrontMatter{Title: "Windows", Status: "done"},
			body: "<p>Line one\nline two</p>",
		},
		{
			name: "byte order mark and trailing spaces on delimiters",
			src:  "\ufeff+++  \ntitle = \"BOM\"\n+++\t\nText.\n",
			want: project.FrontMatter{Title: "BOM"},
			body: "<p>Text.</p>",
		},
		{
			name: "offset date kept",
			src:  "+++\ndate = 2026-03-09T10:00:00+02:00\n+++\n",
			want: project.FrontMatter{Date: time.Date(2026, 3, 9, 8, 0, 0, 0, time.UTC)},
		},
		{
			name: "local date-time keeps its clock",
			src:  "+++\ntitle = \"t\"\ndate = 2026-03-09T23:30:00 # late\n+++\n",
			want: project.FrontMatter{Title: "t", Date: time.Date(2026, 3, 9, 23, 30, 0, 0, time.UTC)},
		},
		{
			name: "plus signs inside the body are not a delimiter",
			src:  "Intro\n+++\nmore\n",
			body: "<p>Intro\n+++\nmore</p>",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fm, body, err := Parse([]byte(tt.src), "doc.md", Options{})
			html := body.HTML
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !equalFrontMatter(fm, tt.want) {
				t.Errorf("front matter:\n got %+v\nwant %+v", fm, tt.want)
			}
			if !strings.Contains(string(html), tt.body) {
				t.Errorf("HTML %q does not contain %q", html, tt.body)
			}
		})
	}
}

// equalFrontMatter compares front matter, treating dates as equal when they
// are the same instant and nil slices as equal to empty ones.
func equalFrontMatter(a, b project.FrontMatter) bool {
	if !a.Date.Equal(b.Date) {
		return false
	}
	a.Date, b.Date = time.Time{}, time.Time{}
	return reflect.DeepEqual(nilEmpty(a), nilEmpty(b))
}

func nilEmpty(fm project.FrontMatter) project.FrontMatter {
	for _, s := range []*[]string{&fm.Iterations, &fm.Tags, &fm.Metrics, &fm.Dimensions, &fm.Deciders, &fm.Evidence} {
		if len(*s) == 0 {
			*s = nil
		}
	}
	return fm
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		want     string // prefix of the error message
		wantLine int    // line of a *tomlfile.Error; 0 when the error is not one, -1 not checked
	}{
		{
			name: "never closed",
			src:  "+++\ntitle = \"x\"\n\n# Heading\n",
			want: "doc.md:1: front matter opened with +++ is never closed",
		},
		{
			name: "never closed, CRLF",
			src:  "+++\r\ntitle = \"x\"\r\n",
			want: "doc.md:1: front matter opened with +++ is never closed",
		},
		{
			name:     "syntax error on line 4",
			src:      "+++\ntitle = \"x\"\nstatus = \"done\"\nweight = = 3\n+++\nBody\n",
			want:     "doc.md:4:",
			wantLine: 4,
		},
		{
			name:     "syntax error on line 4, CRLF",
			src:      "+++\r\ntitle = \"x\"\r\nstatus = \"done\"\r\nweight = = 3\r\n+++\r\nBody\r\n",
			want:     "doc.md:4:",
			wantLine: 4,
		},
		{
			name:     "unknown key",
			src:      "+++\ntitle = \"x\"\ndeciderz = [\"Ana\"]\n+++\nBody\n",
			want:     `doc.md:3: unknown key "deciderz"`,
			wantLine: 3,
		},
		{
			// tomlfile does not yet place type errors on a line (the
			// decoder reports them as plain text), so only the file is
			// checked here.
			name:     "wrong type",
			src:      "+++\n\nweight = \"heavy\"\n+++\n",
			want:     "doc.md:",
			wantLine: -1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Parse([]byte(tt.src), "doc.md", Options{})
			if err == nil {
				t.Fatal("Parse succeeded; want an error")
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error %q does not start with %q", err, tt.want)
			}
			if tt.wantLine < 0 {
				return
			}
			var te *tomlfile.Error
			if got := errors.As(err, &te); got != (tt.wantLine > 0) {
				t.Fatalf("errors.As(*tomlfile.Error) = %v; want %v", got, tt.wantLine > 0)
			}
			if te != nil && te.Line != tt.wantLine {
				t.Errorf("line %d; want %d", te.Line, tt.wantLine)
			}
		})
	}
}

func TestRawHTML(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		unsafe  bool
		want    []string
		notWant []string
	}{
		{
			name:    "inline escaped",
			src:     "Say <b>hi</b> now.",
			want:    []string{"<p>Say &lt;b&gt;hi&lt;/b&gt; now.</p>"},
			notWant: []string{"<b>", "raw HTML omitted"},
		},
		{
			name:    "block escaped",
			src:     "<script>alert(1)</script>\n",
			want:    []string{"&lt;script&gt;alert(1)&lt;/script&gt;"},
			notWant: []string{"<script", "raw HTML omitted"},
		},
		{
			name:    "multi-line block escaped",
			src:     "<div class=\"x\">\n<img src=x onerror=alert(1)>\n</div>\n",
			want:    []string{"&lt;div class=&quot;x&quot;&gt;\n&lt;img src=x onerror=alert(1)&gt;\n&lt;/div&gt;"},
			notWant: []string{"<div", "<img"},
		},
		{
			name:    "block with closure escaped",
			src:     "<!-- a\ncomment -->\n\nafter\n",
			want:    []string{"&lt;!-- a\ncomment --&gt;", "<p>after</p>"},
			notWant: []string{"<!--"},
		},
		{
			name:   "unsafe passes inline and block",
			src:    "Say <b>hi</b>.\n\n<div>\n<script>x()</script>\n</div>\n",
			unsafe: true,
			want:   []string{"<b>hi</b>", "<div>\n<script>x()</script>\n</div>"},
		},
		{
			name:    "javascript link dropped",
			src:     "[click](javascript:alert(1)) [up](JavaScript:alert(2)) ![i](vbscript:x)",
			want:    []string{`<a href="">click</a>`, `<a href="">up</a>`, `<img src="" alt="i">`},
			notWant: []string{"javascript:", "JavaScript:", "vbscript:"},
		},
		{
			name:    "javascript autolink dropped",
			src:     "<javascript:alert(1)>",
			notWant: []string{`href="javascript:`},
		},
		{
			name:   "javascript link kept when unsafe",
			src:    "[click](javascript:alert(1))",
			unsafe: true,
			want:   []string{`href="javascript:alert(1)"`},
		},
		{
			name:    "site-rooted javascript path stays a path",
			src:     "[p](/javascript:alert(1))",
			want:    []string{`href="./javascript:alert(1)"`},
			notWant: []string{`href="javascript:`},
		},
		{
			name:    "code is escaped, not raw",
			src:     "`<script>` and\n\n```\n<script>alert(1)</script>\n```\n",
			want:    []string{"<code>&lt;script&gt;</code>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
			notWant: []string{"<script"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, body, err := Parse([]byte(tt.src), "doc.md", Options{Unsafe: tt.unsafe})
			html := body.HTML
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(html), w) {
					t.Errorf("HTML %q does not contain %q", html, w)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(string(html), w) {
					t.Errorf("HTML %q contains %q", html, w)
				}
			}
		})
	}
}

func TestRewriteURL(t *testing.T) {
	tests := []struct {
		dest, root string
		page       bool
		want       string
	}{
		{"/iterations/v4.html", "../", true, "../iterations/v4.html"},
		{"/iterations/v4.html", "", true, "iterations/v4.html"},
		{"/iterations/v4.html", "../../", true, "../../iterations/v4.html"},
		{"/casestudies/grounding.md", "../", true, "../casestudies/grounding.html"},
		{"/casestudies/grounding.md#outcome", "../", true, "../casestudies/grounding.html#outcome"},
		{"/casestudies/grounding.md?v=1#x", "", true, "casestudies/grounding.html?v=1#x"},
		{"grounding.md", "../", true, "grounding.html"},
		{"../decisions/ship-v4.md#why", "../", true, "../decisions/ship-v4.html#why"},
		{"/assets/chart.md", "../", false, "../assets/chart.md"},
		{"/", "../", true, "../index.html"},
		{"/", "", true, "index.html"},
		{"/metrics/", "../", true, "../metrics/index.html"},
		{"notes.markdown", "../", true, "notes.markdown"},
		{"readme.md.txt", "", true, "readme.md.txt"},
		{"#section", "../", true, "#section"},
		{"?q=1", "../", true, "?q=1"},
		{"", "../", true, ""},
		{"https://example.org/a.md", "../", true, "https://example.org/a.md"},
		{"HTTP://example.org/", "../", true, "HTTP://example.org/"},
		{"mailto:team@example.org", "../", true, "mailto:team@example.org"},
		{"//cdn.example.org/x.md", "../", true, "//cdn.example.org/x.md"},
		{"/javascript:alert(1)", "", true, "./javascript:alert(1)"},
		{"/a:b/c.md", "", true, "./a:b/c.html"},
		{"/a/b:c.md", "", true, "a/b:c.html"},
		{"/javascript:alert(1)", "../", true, "../javascript:alert(1)"},
		{"1http://x", "", true, "1http://x"},
	}
	for _, tt := range tests {
		if got := RewriteURL(tt.dest, tt.root, tt.page); got != tt.want {
			t.Errorf("RewriteURL(%q, %q, %v) = %q; want %q", tt.dest, tt.root, tt.page, got, tt.want)
		}
	}
}

func TestLinks(t *testing.T) {
	tests := []struct {
		name string
		src  string
		root string
		want []string
	}{
		{
			name: "site-rooted link one level down",
			src:  "[the v4 page](/iterations/v4.html)",
			root: "../",
			want: []string{`<a href="../iterations/v4.html">the v4 page</a>`},
		},
		{
			name: "Markdown link becomes HTML",
			src:  "[grounding study](/casestudies/grounding.md) and [sibling](other.md#top)",
			root: "../",
			want: []string{
				`<a href="../casestudies/grounding.html">grounding study</a>`,
				`<a href="other.html#top">sibling</a>`,
			},
		},
		{
			name: "reference links and images",
			src:  "[ref][r] ![chart](/assets/x.png)\n\n[r]: /decisions/hold.md \"Hold\"\n",
			root: "",
			want: []string{`<a href="decisions/hold.html" title="Hold">ref</a>`, `<img src="assets/x.png" alt="chart">`},
		},
		{
			name: "absolute and autolinks untouched",
			src:  "[doc](https://example.org/guide.md) <https://example.org/x.md> www.example.org/y.md",
			root: "../",
			want: []string{
				`<a href="https://example.org/guide.md">doc</a>`,
				`<a href="https://example.org/x.md">https://example.org/x.md</a>`,
				`<a href="http://www.example.org/y.md">www.example.org/y.md</a>`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, body, err := Parse([]byte(tt.src), "doc.md", Options{Root: tt.root})
			html := body.HTML
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(html), w) {
					t.Errorf("HTML %q does not contain %q", html, w)
				}
			}
		})
	}
}

func TestGFM(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{
			name: "table with alignment",
			src:  "| metric | v1 |\n|:-------|---:|\n| rouge_l | 0.41 |\n",
			want: "<table>\n<thead>\n<tr>\n<th style=\"text-align:left\">metric</th>\n" +
				"<th style=\"text-align:right\">v1</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n" +
				"<td style=\"text-align:left\">rouge_l</td>\n<td style=\"text-align:right\">0.41</td>\n" +
				"</tr>\n</tbody>\n</table>\n",
		},
		{
			name: "strikethrough",
			src:  "~~old~~ new",
			want: "<p><del>old</del> new</p>\n",
		},
		{
			name: "task list",
			src:  "- [x] done\n- [ ] open\n",
			want: "<ul>\n<li><input checked=\"\" disabled=\"\" type=\"checkbox\"> done</li>\n" +
				"<li><input disabled=\"\" type=\"checkbox\"> open</li>\n</ul>\n",
		},
		{
			name: "autolink",
			src:  "see https://example.org.",
			want: "<p>see <a href=\"https://example.org\">https://example.org</a>.</p>\n",
		},
		{
			name: "no typographer",
			src:  "\"quoted\" -- dash...",
			want: "<p>&quot;quoted&quot; -- dash...</p>\n",
		},
		{
			name: "heading IDs are unique",
			src:  "## Outcome\n\n## Outcome\n",
			want: "<h2 id=\"outcome\">Outcome</h2>\n<h2 id=\"outcome-1\">Outcome</h2>\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, body, err := Parse([]byte(tt.src), "doc.md", Options{})
			html := body.HTML
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if string(html) != tt.want {
				t.Errorf("HTML:\n got %q\nwant %q", html, tt.want)
			}
		})
	}
}

// TestGolden renders the documents in testdata/ and compares the result,
// front matter included, with the .golden files beside them. Run
// go test -update to rewrite the golden files after a deliberate change, and
// read the diff before committing it.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata documents: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			fm, body, err := Parse(src, file, Options{Root: "../"})
			html := body.HTML
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			got := fmt.Sprintf("%+v\n----\n%s", fm, html)
			golden := strings.TrimSuffix(file, ".md") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("output differs from %s; run go test -update and inspect the diff\n got:\n%s", golden, got)
			}
		})
	}
}

// TestConcurrent renders pages at different depths at once; the shared
// converters must keep each call's Root to itself (run with -race).
func TestConcurrent(t *testing.T) {
	src := []byte("[v4](/iterations/v4.html)")
	roots := []string{"", "../", "../../"}
	var wg sync.WaitGroup
	errs := make(chan error, 60)
	for i := range 60 {
		root := roots[i%len(roots)]
		wg.Go(func() {
			_, body, err := Parse(src, "doc.md", Options{Root: root, Unsafe: i%2 == 0})
			html := body.HTML
			want := `href="` + root + `iterations/v4.html"`
			if err == nil && !strings.Contains(string(html), want) {
				err = fmt.Errorf("root %q: HTML %q does not contain %q", root, html, want)
			}
			if err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.md")
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte("+++\ntitle = 1\n+++\n<SCRIPT>x</SCRIPT>"))
	f.Add([]byte("<scr<script>ipt>[a](javascript:x)`<script>`"))
	f.Add([]byte("+++\r\n+++"))
	f.Fuzz(func(t *testing.T, src []byte) {
		_, body, err := Parse(src, "fuzz.md", Options{Root: "../"})
		html := body.HTML
		if err != nil {
			return
		}
		if bytes.Contains(bytes.ToLower([]byte(html)), []byte("<script")) {
			t.Errorf("safe output contains a script tag:\n%s", html)
		}
	})
}

func BenchmarkParse(b *testing.B) {
	doc, err := os.ReadFile("testdata/report.md")
	if err != nil {
		b.Fatal(err)
	}
	front, body, _, err := split(doc, "report.md")
	if err != nil {
		b.Fatal(err)
	}
	src := append([]byte("+++\n"), front...)
	src = append(src, "+++\n"...)
	for len(src) < 10<<10 {
		src = append(src, body...)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Parse(src, "bench.md", Options{Root: "../"}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestDateIndependentOfZone decodes dates with the machine's zone set to
// places far east and west of UTC; the result must not change.
func TestDateIndependentOfZone(t *testing.T) {
	src := []byte("+++\ndate = 2026-03-09\n+++\n")
	want := time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC)
	saved := time.Local
	defer func() { time.Local = saved }()
	for _, zone := range []string{"UTC", "Asia/Tokyo", "America/Los_Angeles", "Pacific/Kiritimati"} {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Skipf("no zone database: %v", err)
		}
		time.Local = loc
		fm, _, err := Parse(src, "doc.md", Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !fm.Date.Equal(want) || fm.Date.Location() != time.UTC {
			t.Errorf("TZ %s: date %v; want %v", zone, fm.Date, want)
		}
	}
}

// FuzzShortcodes parses a document whose body is fuzzed around shortcode
// syntax: a shortcode either parses to a known name with its arguments or
// fails with a position in the file; the HTML never holds a script tag.
func FuzzShortcodes(f *testing.F) {
	for _, s := range []string{
		`{{< metric acc v1 >}}`, `{{< delta "exact match" v1 v2 >}}`, `{{< chart metric acc >}}`,
		`{{< alpha help >}} and {{< verdict c >}}`, `{{< chart table acc >}}`, `{{< metric "unterminated >}}`,
		"{{<\n>}}", "```\n{{< metric a b >}}\n```", `{{< metric a >}}`, `{{<< metric a b >}}>}}`,
	} {
		f.Add("+++\ntitle = \"x\"\n+++\nText " + s + " end.\n")
	}
	f.Fuzz(func(t *testing.T, src string) {
		_, body, err := Parse([]byte(src), "fuzz.md", Options{Root: "../"})
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.md") {
				t.Fatalf("error without the file: %v", err)
			}
			return
		}
		for _, sc := range body.Shortcodes {
			if _, ok := shortcodeArgs[sc.Name]; !ok || len(sc.Args) != len(shortcodeArgs[sc.Name]) {
				t.Fatalf("accepted shortcode %+v", sc)
			}
		}
		if strings.Contains(strings.ToLower(string(body.HTML)), "<script") {
			t.Fatalf("script in %s", body.HTML)
		}
	})
}
