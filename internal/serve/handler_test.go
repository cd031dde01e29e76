package serve

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/evalbook/evalbook/internal/render"
)

// testSite is a small built site.
var testSite = render.Files{
	"index.html":              []byte("<!doctype html><html><head><title>Home</title></head><body>home</body></html>"),
	"404.html":                []byte("<!doctype html><html><head><title>Missing</title></head><body>not here</body></html>"),
	"iterations/index.html":   []byte("<html><HEAD></HEAD><body>iterations</body></html>"),
	"iterations/v1.html":      []byte("<html><body>v1</body></html>"),
	"fragment.html":           []byte("<p>no head, no body</p>"),
	"assets/style.1a2b.css":   []byte("body{color:red}</head>"),
	"assets/charts.3c4d.js":   []byte("var x = '</head>';"),
	"assets/favicon.5e6f.svg": []byte("<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>"),
	"api/metrics.json":        []byte(`{"html":"</head>"}`),
	"data.bin":                []byte{0, 1, 2},
}

// fixed returns a builder that always returns files, or err.
func fixed(files render.Files, warnings []string, err error) Builder {
	return BuilderFunc(func(context.Context, []string) (Site, error) {
		if err != nil {
			return Site{}, err
		}
		return Site{Files: files, Warnings: warnings, Redone: "everything"}, nil
	})
}

// built returns a server under prefix that has built testSite.
func built(t *testing.T, prefix string) *Server {
	t.Helper()
	s := NewServer(fixed(testSite, nil, nil), prefix, nil)
	if ev := s.Rebuild(context.Background(), nil); !ev.OK {
		t.Fatalf("build failed: %+v", ev.Error)
	}
	return s
}

// get requests target (a raw request target, not cleaned) from h.
func get(h http.Handler, method, target string, header http.Header) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, "http://127.0.0.1:1313/", nil)
	u, err := url.ParseRequestURI(target)
	if err != nil {
		u = &url.URL{Path: target} // a target url cannot parse, as a raw socket could send
	}
	r.URL = u
	r.RequestURI = target
	for k, v := range header {
		r.Header[k] = v
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestHandlerPaths(t *testing.T) {
	s := built(t, "/repo/")
	const html, missing = "text/html; charset=utf-8", "not here"
	tests := []struct {
		target   string
		code     int
		ctype    string
		body     string // a part of the body
		location string
	}{
		{"/repo/", 200, html, "home", ""},
		{"/repo/index.html", 200, html, "home", ""},
		{"/repo/iterations/", 200, html, "iterations", ""},
		{"/repo/iterations/v1.html", 200, html, "v1", ""},
		{"/repo/iterations/v1.html?x=1", 200, html, "v1", ""},
		{"/repo/iterations", 301, "", "", "/repo/iterations/"},
		{"/repo/iterations?x=1", 301, "", "", "/repo/iterations/?x=1"},
		{"/", 302, "", "", "/repo/"},
		{"/repo", 302, "", "", "/repo/"},
		{"/repo/assets/style.1a2b.css", 200, "text/css; charset=utf-8", "color:red", ""},
		{"/repo/assets/charts.3c4d.js", 200, "text/javascript; charset=utf-8", "var x", ""},
		{"/repo/assets/favicon.5e6f.svg", 200, "image/svg+xml", "<svg", ""},
		{"/repo/api/metrics.json", 200, "application/json", `"html"`, ""},
		{"/repo/data.bin", 200, "application/octet-stream", "\x00\x01\x02", ""},
		{"/repo/_evalbook/reload.js", 200, "text/javascript; charset=utf-8", "EventSource", ""},
		// Missing pages and folders without an index: 404.html, status 404.
		{"/repo/nope.html", 404, html, missing, ""},
		{"/repo/assets/", 404, html, missing, ""},
		{"/repo/assets", 404, html, missing, ""},
		{"/repo/_evalbook/", 404, html, missing, ""},
		{"/other/index.html", 404, html, missing, ""},
		{"/index.html", 404, html, missing, ""},
		// Hostile paths: never a file outside the site, never a redirect.
		{"/repo/../config.toml", 404, html, missing, ""},
		{"/repo/../../../etc/passwd", 404, html, missing, ""},
		{"/repo/%2e%2e/config.toml", 404, html, missing, ""},
		{"/repo/..%2fconfig.toml", 404, html, missing, ""},
		{"/repo/iterations%2fv1.html", 404, html, missing, ""},
		{"/repo/iterations%2Fv1.html", 404, html, missing, ""},
		{"/repo/iterations%5cv1.html", 404, html, missing, ""},
		{"/repo/iterations\\v1.html", 404, html, missing, ""},
		{"/repo/..\\config.toml", 404, html, missing, ""},
		{"/repo/./index.html", 404, html, missing, ""},
		{"/repo/iterations/../index.html", 404, html, missing, ""},
		{"/repo//etc/passwd", 404, html, missing, ""},
		{"/repo/index.html%00.css", 404, html, missing, ""},
		{"/repo/%00", 404, html, missing, ""},
		{"/repo/../repo/index.html", 404, html, missing, ""},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			w := get(s, http.MethodGet, tt.target, nil)
			if w.Code != tt.code {
				t.Fatalf("status %d, want %d (body %.80q)", w.Code, tt.code, w.Body.String())
			}
			if tt.ctype != "" && w.Header().Get("Content-Type") != tt.ctype {
				t.Errorf("Content-Type %q, want %q", w.Header().Get("Content-Type"), tt.ctype)
			}
			if !strings.Contains(w.Body.String(), tt.body) {
				t.Errorf("body %.120q lacks %q", w.Body.String(), tt.body)
			}
			if got := w.Header().Get("Location"); got != tt.location {
				t.Errorf("Location %q, want %q", got, tt.location)
			}
		})
	}
}

func TestHandlerRootPrefix(t *testing.T) {
	s := built(t, "")
	for target, code := range map[string]int{
		"/": 200, "/index.html": 200, "/iterations/": 200, "/iterations": 301, "/repo/": 404, "/../x": 404,
	} {
		if w := get(s, http.MethodGet, target, nil); w.Code != code {
			t.Errorf("%s: status %d, want %d", target, w.Code, code)
		}
	}
}

// TestHandlerInjection checks that the reload script goes into every HTML
// response, once, before </head> when there is one, and into nothing else.
func TestHandlerInjection(t *testing.T) {
	s := built(t, "/repo/")
	tag := `<script src="/repo/_evalbook/reload.js" defer></script>`
	tests := []struct {
		target, want string
	}{
		{"/repo/index.html", "<!doctype html><html><head><title>Home</title>" + tag + "</head><body>home</body></html>"},
		{"/repo/iterations/", "<html><HEAD>" + tag + "</HEAD><body>iterations</body></html>"},
		{"/repo/iterations/v1.html", "<html><body>v1" + tag + "</body></html>"},
		{"/repo/fragment.html", "<p>no head, no body</p>" + tag},
		{"/repo/missing.html", "<!doctype html><html><head><title>Missing</title>" + tag + "</head><body>not here</body></html>"},
		{"/repo/assets/style.1a2b.css", string(testSite["assets/style.1a2b.css"])},
		{"/repo/assets/charts.3c4d.js", string(testSite["assets/charts.3c4d.js"])},
		{"/repo/assets/favicon.5e6f.svg", string(testSite["assets/favicon.5e6f.svg"])},
		{"/repo/api/metrics.json", string(testSite["api/metrics.json"])},
	}
	for _, tt := range tests {
		if got := get(s, http.MethodGet, tt.target, nil).Body.String(); got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.target, got, tt.want)
		}
	}
	if !bytes.Equal(testSite["index.html"], []byte("<!doctype html><html><head><title>Home</title></head><body>home</body></html>")) {
		t.Error("injection changed the builder's files")
	}
	// A prefix is escaped in the tag.
	if got, want := string(scriptTag(`/a"<b/`)), `<script src="/a&#34;&lt;b/_evalbook/reload.js" defer></script>`; got != want {
		t.Errorf("scriptTag = %s, want %s", got, want)
	}
}

func TestHandlerMethodsAndCaching(t *testing.T) {
	s := built(t, "/")
	get200 := get(s, http.MethodGet, "/index.html", nil)
	head := get(s, http.MethodHead, "/index.html", nil)
	if head.Code != 200 || head.Body.Len() != 0 {
		t.Errorf("HEAD: status %d with %d body bytes, want 200 and none", head.Code, head.Body.Len())
	}
	if got, want := head.Header().Get("Content-Length"), get200.Header().Get("Content-Length"); got == "" || got != want {
		t.Errorf("HEAD Content-Length %q, GET's %q", got, want)
	}
	head404 := get(s, http.MethodHead, "/missing", nil)
	if head404.Code != 404 || head404.Body.Len() != 0 {
		t.Errorf("HEAD of a missing page: status %d with %d body bytes, want 404 and none", head404.Code, head404.Body.Len())
	}
	etag := get200.Header().Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	if w := get(s, http.MethodGet, "/index.html", http.Header{"If-None-Match": {etag}}); w.Code != http.StatusNotModified {
		t.Errorf("If-None-Match with the ETag: status %d, want 304", w.Code)
	}
	if w := get(s, http.MethodGet, "/index.html", http.Header{"If-None-Match": {`"other"`}}); w.Code != 200 {
		t.Errorf("If-None-Match with another ETag: status %d, want 200", w.Code)
	}
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, "PROPFIND"} {
		w := get(s, m, "/index.html", nil)
		if w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != "GET, HEAD" {
			t.Errorf("%s: status %d, Allow %q; want 405 with GET, HEAD", m, w.Code, w.Header().Get("Allow"))
		}
	}
}

// TestHandlerBeforeFirstGoodBuild checks the page served while no build
// has succeeded: status 503 with the reload script, so it shows the error
// and reloads once the project builds.
func TestHandlerBeforeFirstGoodBuild(t *testing.T) {
	s := NewServer(fixed(nil, nil, errors.New("config.toml:3:9: bad")), "/repo/", nil)
	if ev := s.Rebuild(context.Background(), nil); ev.OK || ev.Pages != 0 {
		t.Fatalf("event %+v, want a failure with no pages", ev)
	}
	w := get(s, http.MethodGet, "/repo/anything.html", nil)
	if w.Code != http.StatusServiceUnavailable || !strings.Contains(w.Body.String(), string(scriptTag("/repo/"))) {
		t.Errorf("status %d, body %q; want 503 with the reload script", w.Code, w.Body.String())
	}
}

// TestReloadStream reads the Server-Sent Events stream over HTTP: the
// state on connecting, then one build event per rebuild, in the format
// other tools can parse.
func TestReloadStream(t *testing.T) {
	var fail error
	b := BuilderFunc(func(context.Context, []string) (Site, error) {
		if fail != nil {
			return Site{}, fail
		}
		return Site{Files: testSite, Warnings: []string{"data/x.csv: 2 rows skipped"}, Redone: "everything"}, nil
	})
	s := NewServer(b, "/repo/", nil)
	times := []time.Time{time.Unix(0, 0), time.Unix(0, 0).Add(1500 * time.Microsecond)}
	s.now = func() time.Time { t := times[0]; times = append(times[1:], t); return t }
	s.Rebuild(context.Background(), nil)
	ts := httptest.NewServer(s)
	defer ts.Close()
	defer s.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, ts.URL+"/repo/_evalbook/reload", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Errorf("Content-Type %q, want text/event-stream", ct)
	}
	r := bufio.NewReader(resp.Body)
	// readEvent reads up to the next blank line.
	readEvent := func() string {
		t.Helper()
		var lines []string
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				t.Fatalf("reading the stream: %v (so far %q)", err, lines)
			}
			if line == "\n" {
				return strings.Join(lines, "")
			}
			lines = append(lines, line)
		}
	}
	if got := readEvent(); got != "retry: 1000\n" {
		t.Errorf("first block %q, want the retry delay", got)
	}
	want := "event: state\nid: 1\ndata: " +
		`{"seq":1,"ok":true,"changed":[],"redone":"everything","duration_ms":1.5,"pages":5,"warnings":["data/x.csv: 2 rows skipped"]}` + "\n"
	if got := readEvent(); got != want {
		t.Errorf("state event\n got %q\nwant %q", got, want)
	}
	fail = errors.New(`reading data/metrics/items.csv: data/metrics/items.csv:14:27: extraneous or missing " in quoted-field <b>`)
	s.Rebuild(context.Background(), []string{"data/metrics/items.csv"})
	want = "event: build\nid: 2\ndata: " +
		`{"seq":2,"ok":false,"changed":["data/metrics/items.csv"],"duration_ms":1.5,"pages":5,"warnings":[],` +
		`"error":{"message":"reading data/metrics/items.csv: data/metrics/items.csv:14:27: extraneous or missing \" in quoted-field \u003cb\u003e","file":"data/metrics/items.csv","line":14,"col":27}}` + "\n"
	if got := readEvent(); got != want {
		t.Errorf("build event\n got %q\nwant %q", got, want)
	}
	// The last good site is still served.
	if w := get(s, http.MethodGet, "/repo/", nil); w.Code != 200 || !strings.Contains(w.Body.String(), "home") {
		t.Errorf("after a failed build: status %d, want the last good site", w.Code)
	}
	fail = nil
	s.Rebuild(context.Background(), []string{"data/metrics/items.csv"})
	if got := readEvent(); !strings.HasPrefix(got, "event: build\nid: 3\ndata: {\"seq\":3,\"ok\":true,") {
		t.Errorf("build event after the fix: %q", got)
	}
	// Close ends the stream, so that the server can shut down.
	s.Close()
	if _, err := io.ReadAll(r); err != nil {
		t.Errorf("stream did not end cleanly: %v", err)
	}
}

// TestSnapshotReusesUnchangedFiles checks that a snapshot makes a file's
// entry only when the file is first asked for, keeps the previous
// snapshot's entry of a file built from the very same bytes when that
// entry was made, makes anew the entry of a file whose bytes are new, even
// when equal, without hashing it until it is served, and serves every page
// with the reload script.
func TestSnapshotReusesUnchangedFiles(t *testing.T) {
	same := []byte("<html><body>same</body></html>")
	unasked := []byte("<html><body>never asked for</body></html>")
	files := render.Files{"a.html": same, "b.html": []byte("<html><body>b</body></html>"), "d.html": unasked, "s.css": []byte("p{}")}
	first := newSnapshot(render.Site{Files: files}, "/", nil)
	if len(first.made) != 0 {
		t.Fatalf("entries made before any request: %v", slices.Sorted(maps.Keys(first.made)))
	}
	old := map[string]*entry{}
	for _, name := range []string{"a.html", "b.html"} {
		e, ok := first.entry(name)
		if !ok {
			t.Fatalf("%s: not in the first snapshot", name)
		}
		if again, _ := first.entry(name); again != e {
			t.Errorf("%s: a second entry made for the same snapshot", name)
		}
		old[name] = e
	}
	next := render.Files{"a.html": same, "b.html": []byte("<html><body>B</body></html>"),
		"c.html": []byte("<html><body>same</body></html>"), "d.html": unasked}
	second := newSnapshot(render.Site{Files: next}, "/", first)
	if got := slices.Sorted(maps.Keys(second.made)); !slices.Equal(got, []string{"a.html"}) {
		t.Errorf("entries carried over: %v; want [a.html]", got)
	}
	if second.numPages() != 4 || first.numPages() != 3 {
		t.Errorf("pages %d then %d; want 3 then 4", first.numPages(), second.numPages())
	}
	tests := []struct {
		name   string
		reused bool
		want   string
	}{
		{"a.html", true, "same"},
		{"b.html", false, "B"},
		{"c.html", false, "same"},
		{"d.html", false, "never asked for"},
	}
	for _, tt := range tests {
		e, ok := second.entry(tt.name)
		if !ok {
			t.Fatalf("%s: not in the second snapshot", tt.name)
		}
		if reused := e == old[tt.name]; reused != tt.reused {
			t.Errorf("%s: entry reused %v; want %v", tt.name, reused, tt.reused)
		}
		if b := e.served(); !bytes.Contains(b, []byte(tt.want)) || !bytes.Contains(b, scriptTag("/")) {
			t.Errorf("%s: served %q; want %q with the reload script", tt.name, b, tt.want)
		}
		if !tt.reused && e.sum != "" {
			t.Errorf("%s: ETag made before the file was served", tt.name)
		}
	}
	if _, ok := second.entry("s.css"); ok || second.has("s.css") {
		t.Error("s.css, gone from the second build, is still served")
	}
	if e, _ := first.entry("s.css"); e == nil || e.tag != nil || e.ctype != types[".css"] {
		t.Errorf("s.css entry %+v; want a stylesheet without the reload script", e)
	}
	// Equal bytes served have equal ETags, made when asked for.
	b, _ := second.entry("b.html")
	c, _ := second.entry("c.html")
	if b.etag() == c.etag() || c.etag() != old["a.html"].etag() {
		t.Errorf("ETags b %s, c %s, a %s: want c == a != b", b.etag(), c.etag(), old["a.html"].etag())
	}
}

// TestSnapshotConcurrent asks for the entries of a snapshot from many
// goroutines while the next snapshot is made from it (run it with -race):
// each file has one entry per snapshot, whoever asked first.
func TestSnapshotConcurrent(t *testing.T) {
	files := render.Files{}
	for i := range 200 {
		files[fmt.Sprintf("p%03d.html", i)] = []byte(fmt.Sprintf("<html><head></head><body>%d</body></html>", i))
	}
	first := newSnapshot(render.Site{Files: files}, "/", nil)
	const workers = 8
	got := make([][]*entry, workers)
	var second *snapshot
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range 200 {
				e, _ := first.entry(fmt.Sprintf("p%03d.html", (i+w*25)%200))
				e.etag()
				got[w] = append(got[w], e)
			}
		})
	}
	wg.Go(func() { second = newSnapshot(render.Site{Files: files}, "/", first) })
	wg.Wait()
	for w := range workers {
		for i, e := range got[w] {
			name := fmt.Sprintf("p%03d.html", (i+w*25)%200)
			if want, _ := first.entry(name); e != want {
				t.Fatalf("worker %d got a second entry of %s", w, name)
			}
		}
	}
	for i := range 200 {
		name := fmt.Sprintf("p%03d.html", i)
		a, _ := first.entry(name)
		b, _ := second.entry(name)
		if b.etag() != a.etag() {
			t.Errorf("%s: ETag %s in the second snapshot, %s in the first", name, b.etag(), a.etag())
		}
	}
}

// TestSnapshotServesParts checks that a page the site holds in parts
// (render.Spliced) is served as its parts put together, with the reload
// script, exactly as the same page held whole; that its entry is kept by
// the next snapshot while it holds the very same parts, and made anew for
// new parts (a new nav) or when the page is held whole again; and that it
// counts as a page and is found by has.
func TestSnapshotServesParts(t *testing.T) {
	head, tail := []byte("<html><head></head><body><nav>"), []byte("</nav><p>text</p></body></html>")
	nav1, nav2 := []byte("one alert"), []byte("two alerts")
	parts := render.Spliced{Head: head, Nav: nav1, Tail: tail}
	first := newSnapshot(render.Site{Files: render.Files{"s.css": []byte("p{}")},
		Spliced: map[string]render.Spliced{"a.html": parts}}, "/", nil)
	if first.numPages() != 1 || !first.has("a.html") || first.has("b.html") {
		t.Fatalf("pages %d, has a.html %v, has b.html %v; want 1, true, false", first.numPages(), first.has("a.html"), first.has("b.html"))
	}
	e, ok := first.entry("a.html")
	if !ok {
		t.Fatal("a.html: not served")
	}
	whole := newSnapshot(render.Site{Files: render.Files{"a.html": parts.Bytes()}}, "/", nil)
	w, _ := whole.entry("a.html")
	if !bytes.Equal(e.served(), w.served()) || e.etag() != w.etag() {
		t.Errorf("served in parts %q (ETag %s); held whole %q (ETag %s)", e.served(), e.etag(), w.served(), w.etag())
	}
	tests := []struct {
		name string
		site render.Site
		kept bool
		want string
	}{
		{"the same parts", render.Site{Spliced: map[string]render.Spliced{"a.html": parts}}, true, "one alert"},
		{"equal parts, new arrays", render.Site{Spliced: map[string]render.Spliced{"a.html": {Head: bytes.Clone(head), Nav: nav1, Tail: tail}}}, false, "one alert"},
		{"a new nav", render.Site{Spliced: map[string]render.Spliced{"a.html": {Head: head, Nav: nav2, Tail: tail}}}, false, "two alerts"},
		{"held whole", render.Site{Files: render.Files{"a.html": parts.Bytes()}}, false, "one alert"},
	}
	for _, tt := range tests {
		next := newSnapshot(tt.site, "/", first)
		got, ok := next.entry("a.html")
		if !ok {
			t.Fatalf("%s: a.html not served", tt.name)
		}
		if kept := got == e; kept != tt.kept {
			t.Errorf("%s: entry kept %v; want %v", tt.name, kept, tt.kept)
		}
		if b := got.served(); !bytes.Contains(b, []byte(tt.want)) || !bytes.Contains(b, scriptTag("/")) {
			t.Errorf("%s: served %q; want %q with the reload script", tt.name, b, tt.want)
		}
	}
}
