package render

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

var (
	scriptRE = regexp.MustCompile(`(?is)<script\b([^>]*)>(.*?)</script\s*>`)
	cspRE    = regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]*)">`)
)

// TestContentSecurityPolicy checks the policy of every page: one meta
// element, right after the charset and before any script, that allows
// script only from the site's own files (no 'unsafe-inline', no
// 'unsafe-eval', no host), and the other directives the site relies on.
func TestContentSecurityPolicy(t *testing.T) {
	files := testSite(t)
	pages := 0
	for name, body := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		pages++
		s := string(body)
		m := cspRE.FindAllStringSubmatchIndex(s, -1)
		if len(m) != 1 {
			t.Errorf("%s: %d Content-Security-Policy meta elements, want 1", name, len(m))
			continue
		}
		if !strings.HasPrefix(s[m[0][0]-len("<meta charset=\"utf-8\">\n"):], "<meta charset=\"utf-8\">\n<meta http-equiv") {
			t.Errorf("%s: the policy does not follow the charset", name)
		}
		if i := strings.Index(s, "<script"); i >= 0 && i < m[0][0] {
			t.Errorf("%s: a script comes before the policy", name)
		}
		policy := strings.ReplaceAll(s[m[0][2]:m[0][3]], "&#39;", "'")
		dirs := map[string]string{}
		for _, d := range strings.Split(policy, ";") {
			f := strings.Fields(d)
			if len(f) > 0 {
				dirs[f[0]] = strings.Join(f[1:], " ")
			}
		}
		want := map[string]string{
			"default-src": "'self'",
			"style-src":   "'self' 'unsafe-inline'",
			"img-src":     "'self' data:",
			"object-src":  "'none'",
			"base-uri":    "'none'",
		}
		for k, v := range want {
			if dirs[k] != v {
				t.Errorf("%s: %s is %q, want %q", name, k, dirs[k], v)
			}
		}
		src := strings.Fields(dirs["script-src"])
		if len(src) == 0 || src[0] != "'self'" {
			t.Errorf("%s: script-src is %q, want 'self' first", name, dirs["script-src"])
		}
		for _, s := range src[1:] {
			if !strings.HasPrefix(s, "'sha256-") {
				t.Errorf("%s: script-src allows %s; only 'self' and hashes may be there", name, s)
			}
		}
	}
	if pages < 20 {
		t.Fatalf("only %d pages rendered", pages)
	}
}

// TestInlineScripts checks that no page holds a script a browser runs
// inline, which the policy would block: every <script> without src is a
// JSON block (type="application/json") that parses, and the one inline
// script the 404 page needs (a host serves that page at any depth, where
// no relative src resolves) is allowed by its hash in that page's policy.
func TestInlineScripts(t *testing.T) {
	files := testSite(t)
	blocks := 0
	for name, body := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		policy := ""
		if m := cspRE.FindSubmatch(body); m != nil {
			policy = strings.ReplaceAll(string(m[1]), "&#39;", "'")
		}
		for _, m := range scriptRE.FindAllSubmatch(body, -1) {
			attrs, text := string(m[1]), m[2]
			switch {
			case strings.Contains(attrs, " src="):
				if len(strings.TrimSpace(string(text))) > 0 {
					t.Errorf("%s: a script with src also has text", name)
				}
			case strings.Contains(attrs, `type="application/json"`):
				blocks++
				var v any
				if err := json.Unmarshal(text, &v); err != nil {
					t.Errorf("%s: JSON block does not parse: %v", name, err)
				}
			case name == "404.html":
				sum := sha256.Sum256(text)
				hash := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
				if !strings.Contains(policy, "script-src 'self' "+hash+";") {
					t.Errorf("404.html: its inline script's hash %s is not in its policy %q; update block \"csp\" in templates/pages/notfound.html", hash, policy)
				}
			default:
				t.Errorf("%s: inline script <script%s> would be blocked by the policy: %.80q", name, attrs, text)
			}
		}
	}
	if blocks == 0 {
		t.Error("no chart options block on any page")
	}
}
