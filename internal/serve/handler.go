package serve

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"html"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/evalbook/evalbook/internal/render"
)

//go:embed reload.js
var reloadJS []byte

// The addresses serve adds under the site's prefix.
const (
	reloadPath   = "_evalbook/reload"    // the Server-Sent Events stream
	reloadScript = "_evalbook/reload.js" // the script injected into pages
)

// entry is one file as served.
type entry struct {
	body []byte
	// inParts says that the site holds the page in parts, and parts are
	// those (render.Spliced; body holds their bytes, put together for the
	// entry).
	inParts bool
	parts   render.Spliced
	ctype   string
	tag     []byte // the script element injected when served; nil for none
	// sum is the ETag, made the first time the file is served (etag): a
	// rebuild that gives most pages new bytes (a new alert count in the
	// nav) hashes none of them until they are asked for.
	sum  string
	once sync.Once
}

// etag returns the entry's ETag: a hash of the bytes served.
func (e *entry) etag() string {
	e.once.Do(func() {
		h := sha256.New()
		h.Write(e.body)
		h.Write(e.tag)
		e.sum = `"` + hex.EncodeToString(h.Sum(nil)[:8]) + `"`
	})
	return e.sum
}

// served returns the bytes to send: body with tag injected.
func (e *entry) served() []byte {
	if e.tag == nil {
		return e.body
	}
	return inject(e.body, e.tag)
}

// snapshot is a site ready to serve: the files of one build, and the
// entries (type, ETag, the reload script for HTML) of those served so far.
//
// An entry is made when its file is first asked for (entry), not when the
// site is published: a rebuild that gives most pages new bytes (a new
// alert count in the nav) then costs the publishing nothing per file, and
// a page that nobody opens before the next rebuild costs nothing at all.
type snapshot struct {
	files   render.Files              // never changed once published (Site.Files)
	spliced map[string]render.Spliced // the pages held in parts (Site.Spliced), as files
	tag     []byte                    // the script element injected into HTML
	pages   int                       // the HTML files

	mu   sync.Mutex
	made map[string]*entry // the entries made so far, by file name
}

// newSnapshot prepares a site for serving under prefix. An HTML file
// keeps the bytes it was built with and gets the reload script when it is
// served (serveEntry), so serve holds no second copy of the site; a page
// held in parts is put together when it is first served. Of prev (nil:
// none) it keeps the entries already made whose file has the very same
// bytes in the site (the same array, or the same parts: a build through a
// session hands back the bytes of every page it did not render again, and
// never changes them), with their ETags; every other entry is made when
// its file is first served. prev may be serving meanwhile.
func newSnapshot(site render.Site, prefix string, prev *snapshot) *snapshot {
	s := &snapshot{files: site.Files, spliced: site.Spliced, tag: scriptTag(prefix), made: map[string]*entry{}}
	for name := range site.Files {
		if path.Ext(name) == ".html" {
			s.pages++
		}
	}
	for name := range site.Spliced {
		if path.Ext(name) == ".html" {
			s.pages++
		}
	}
	if prev != nil {
		prev.mu.Lock()
		for name, e := range prev.made {
			if s.same(name, e) && bytes.Equal(e.tag, tagFor(name, s.tag)) {
				s.made[name] = e
			}
		}
		prev.mu.Unlock()
	}
	return s
}

// same reports whether e, an entry of an earlier snapshot, holds the very
// bytes (the same array or parts) the file name has in s.
func (s *snapshot) same(name string, e *entry) bool {
	if sp, ok := s.spliced[name]; ok {
		return e.inParts && sp.Same(e.parts)
	}
	body, ok := s.files[name]
	return ok && !e.inParts && sameBytes(e.body, body)
}

// entry returns the entry of the file name, made at its first call, and
// false when the site has no such file. It is safe for concurrent use.
func (s *snapshot) entry(name string) (*entry, bool) {
	body, whole := s.files[name]
	parts, inParts := s.spliced[name]
	if !whole && !inParts {
		return nil, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.made[name]
	if e == nil {
		e = &entry{body: body, ctype: contentType(name), tag: tagFor(name, s.tag)}
		if inParts {
			e.body, e.inParts, e.parts = parts.Bytes(), true, parts
		}
		s.made[name] = e
	}
	return e, true
}

// has reports whether the site has the file name, without making its
// entry.
func (s *snapshot) has(name string) bool {
	_, whole := s.files[name]
	_, inParts := s.spliced[name]
	return whole || inParts
}

// tagFor returns tag for an HTML file, which gets the reload script, and
// nil for any other.
func tagFor(name string, tag []byte) []byte {
	if path.Ext(name) == ".html" {
		return tag
	}
	return nil
}

// sameBytes reports whether a and b are the same array, whole (both
// empty counts: the entry is then cheap to make anyway, so no).
func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && len(a) > 0 && &a[0] == &b[0]
}

// numPages counts the HTML pages; 0 for no site.
func (s *snapshot) numPages() int {
	if s == nil {
		return 0
	}
	return s.pages
}

// scriptTag is the element injected into every HTML response. The script
// is a file, not inline, so a page's Content-Security-Policy that allows
// its own scripts allows it too.
func scriptTag(prefix string) []byte {
	return []byte(`<script src="` + html.EscapeString(prefix+reloadScript) + `" defer></script>`)
}

// inject puts tag before the page's </head>, or else before </body>, or
// else at its end. It returns a new slice; body is not changed.
func inject(body, tag []byte) []byte {
	lower := bytes.ToLower(body)
	at := bytes.Index(lower, []byte("</head>"))
	if at < 0 {
		at = bytes.LastIndex(lower, []byte("</body>"))
	}
	if at < 0 {
		at = len(body)
	}
	return bytes.Join([][]byte{body[:at], tag, body[at:]}, nil)
}

// types are the content types of the files a site holds, fixed here so
// that they do not depend on the machine's mime tables.
var types = map[string]string{
	".html":  "text/html; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".json":  "application/json",
	".map":   "application/json",
	".svg":   "image/svg+xml",
	".png":   "image/png",
	".jpg":   "image/jpeg",
	".jpeg":  "image/jpeg",
	".gif":   "image/gif",
	".webp":  "image/webp",
	".ico":   "image/x-icon",
	".txt":   "text/plain; charset=utf-8",
	".md":    "text/markdown; charset=utf-8",
	".csv":   "text/csv; charset=utf-8",
	".xml":   "application/xml",
	".pdf":   "application/pdf",
	".woff":  "font/woff",
	".woff2": "font/woff2",
}

// contentType returns the content type of a file by its extension.
func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := types[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// hostile reports whether a request path could name something outside the
// site or is not a plain path at all: a "." or ".." segment, an encoded
// slash or backslash, a backslash, or a NUL. Such a request gets a 404,
// never a redirect to a cleaned path.
func hostile(r *http.Request) bool {
	raw := strings.ToLower(r.URL.EscapedPath())
	if strings.Contains(raw, "%2f") || strings.Contains(raw, "%5c") || strings.Contains(raw, "%00") {
		return true
	}
	p := r.URL.Path
	if strings.ContainsAny(p, "\\\x00") || !strings.HasPrefix(p, "/") {
		return true
	}
	for seg := range strings.SplitSeq(p, "/") {
		if seg == "." || seg == ".." {
			return true
		}
	}
	return false
}

// ServeHTTP serves the last good site under the prefix, the reload stream
// and script, and nothing else: no file outside the site, no listing of a
// folder (a folder's address serves its index.html or 404.html), GET and
// HEAD only.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	site := s.site.get()
	if hostile(r) {
		s.notFound(w, r, site)
		return
	}
	p := r.URL.Path
	rest, ok := strings.CutPrefix(p, s.prefix)
	if !ok {
		if p == "/" || p+"/" == s.prefix {
			http.Redirect(w, r, s.prefix, http.StatusFound)
			return
		}
		s.notFound(w, r, site)
		return
	}
	switch rest {
	case reloadPath:
		s.stream(w, r)
		return
	case reloadScript:
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Content-Type", types[".js"])
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(reloadJS))
		return
	}
	if site == nil {
		s.placeholder(w, r)
		return
	}
	name := rest
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	if e, ok := site.entry(name); ok {
		serveEntry(w, r, e, http.StatusOK)
		return
	}
	if site.has(name + "/index.html") {
		// A folder's address without its slash: redirect, so that the
		// index's relative links resolve.
		target := p + "/"
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusMovedPermanently)
		return
	}
	s.notFound(w, r, site)
}

// serveEntry writes a file with status code. A 200 goes through
// http.ServeContent, which answers HEAD, If-None-Match and ranges.
func serveEntry(w http.ResponseWriter, r *http.Request, e *entry, code int) {
	h := w.Header()
	h.Set("Content-Type", e.ctype)
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	if code == http.StatusOK {
		h.Set("ETag", e.etag())
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(e.served()))
		return
	}
	w.WriteHeader(code)
	if r.Method != http.MethodHead {
		w.Write(e.served())
	}
}

// notFound answers 404 with the site's 404.html, or a line of text when
// the site has none.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request, site *snapshot) {
	if site != nil {
		if e, ok := site.entry("404.html"); ok {
			serveEntry(w, r, e, http.StatusNotFound)
			return
		}
	}
	http.NotFound(w, r)
}

// placeholder answers every page request before a first good build: a page
// that shows the build error in the overlay and reloads once a build
// succeeds. Like the site's pages it allows only the server's own scripts.
func (s *Server) placeholder(w http.ResponseWriter, r *http.Request) {
	page := []byte(`<!doctype html><html lang="en"><head><meta charset="utf-8">` +
		`<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'">` +
		`<title>evalbook serve</title></head>` +
		`<body><p>evalbook serve: the site has not been built yet; this page reloads when it has.</p></body></html>`)
	e := &entry{body: page, tag: scriptTag(s.prefix), ctype: types[".html"]}
	serveEntry(w, r, e, http.StatusServiceUnavailable)
}
