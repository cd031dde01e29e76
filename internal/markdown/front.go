package markdown

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/evalbook/evalbook/internal/project"
)

// Front matter in its common form, decoded without the TOML decoder:
// thousands of documents each open with a few lines such as
//
//	title = "A title"
//	date = 2026-03-02
//	tags = ["a", "b"]
//
// which quickFront reads directly. Any other line (a comment, a table, a
// number, a boolean, an escape, a multi-line array, a date-time, a key
// outside quickStrings and quickLists, a key set twice) makes it give up,
// and Parse decodes the block with package tomlfile as before, which also
// reports every error. TestQuickFront and FuzzQuickFront check that where
// quickFront answers, tomlfile.Decode and utcDate give the same front
// matter.

// quickStrings are the front-matter keys of string fields quickFront
// reads, and where each value goes.
var quickStrings = map[string]func(*project.FrontMatter) *string{
	"title":             func(f *project.FrontMatter) *string { return &f.Title },
	"summary":           func(f *project.FrontMatter) *string { return &f.Summary },
	"kind":              func(f *project.FrontMatter) *string { return &f.Kind },
	"hypothesis":        func(f *project.FrontMatter) *string { return &f.Hypothesis },
	"status":            func(f *project.FrontMatter) *string { return &f.Status },
	"outcome":           func(f *project.FrontMatter) *string { return &f.Outcome },
	"baseline":          func(f *project.FrontMatter) *string { return &f.Baseline },
	"candidate":         func(f *project.FrontMatter) *string { return &f.Candidate },
	"primary":           func(f *project.FrontMatter) *string { return &f.Primary },
	"stopping_rule":     func(f *project.FrontMatter) *string { return &f.StoppingRule },
	"owner":             func(f *project.FrontMatter) *string { return &f.Owner },
	"decision":          func(f *project.FrontMatter) *string { return &f.Decision },
	"risk":              func(f *project.FrontMatter) *string { return &f.Risk },
	"supersedes":        func(f *project.FrontMatter) *string { return &f.Supersedes },
	"guideline_version": func(f *project.FrontMatter) *string { return &f.GuidelineVersion },
	"effective_from":    func(f *project.FrontMatter) *string { return &f.EffectiveFrom },
}

// quickLists are the front-matter keys of string-list fields quickFront
// reads.
var quickLists = map[string]func(*project.FrontMatter) *[]string{
	"iterations":  func(f *project.FrontMatter) *[]string { return &f.Iterations },
	"tags":        func(f *project.FrontMatter) *[]string { return &f.Tags },
	"metrics":     func(f *project.FrontMatter) *[]string { return &f.Metrics },
	"dimensions":  func(f *project.FrontMatter) *[]string { return &f.Dimensions },
	"decided_by":  func(f *project.FrontMatter) *[]string { return &f.DecidedBy },
	"deciders":    func(f *project.FrontMatter) *[]string { return &f.Deciders },
	"approved_by": func(f *project.FrontMatter) *[]string { return &f.ApprovedBy },
	"evidence":    func(f *project.FrontMatter) *[]string { return &f.Evidence },
}

// quickFront decodes front, a front matter block, when every line of it is
// blank or sets a key of quickStrings or quickLists to a basic string or a
// one-line array of them, or date to a local date; ok is false otherwise.
// The result is what tomlfile.Decode and utcDate give for such a block.
func quickFront(front string) (fm project.FrontMatter, ok bool) {
	if !utf8.ValidString(front) {
		return fm, false
	}
	var seenArr [16]string // the keys set so far; a block of more takes tomlfile's way
	seen := seenArr[:0]
	for line := range strings.SplitSeq(front, "\n") {
		line = strings.TrimRight(line, " \t")
		if strings.TrimLeft(line, " \t") == "" {
			continue
		}
		key, value, found := strings.Cut(line, "=")
		if !found {
			return fm, false
		}
		key, value = strings.Trim(key, " \t"), strings.TrimLeft(value, " \t")
		if !bareKey(key) || slices.Contains(seen, key) || len(seen) == cap(seen) {
			return fm, false
		}
		seen = append(seen, key)
		if f, ok := quickStrings[key]; ok {
			s, rest, ok := basicString(value)
			if !ok || rest != "" {
				return fm, false
			}
			*f(&fm) = s
			continue
		}
		if f, ok := quickLists[key]; ok {
			l, ok := stringArray(value)
			if !ok {
				return fm, false
			}
			*f(&fm) = l
			continue
		}
		if key != "date" || !localDate(value) {
			return fm, false
		}
		t, err := time.Parse(time.DateOnly, value)
		if err != nil {
			return fm, false
		}
		fm.Date = t
	}
	return fm, true
}

// localDate reports whether v has the form of a TOML local date,
// YYYY-MM-DD in digits.
func localDate(v string) bool {
	if len(v) != len(time.DateOnly) {
		return false
	}
	for i := 0; i < len(v); i++ {
		if (i == 4 || i == 7) != (v[i] == '-') || v[i] != '-' && (v[i] < '0' || v[i] > '9') {
			return false
		}
	}
	return true
}

// bareKey reports whether k is a TOML bare key: ASCII letters, digits,
// "_" and "-", at least one.
func bareKey(k string) bool {
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return k != ""
}

// basicString reads a TOML basic string without escapes at the start of v:
// its text and what follows it; ok is false when v does not start with
// one or it holds a backslash or a control character.
func basicString(v string) (s, rest string, ok bool) {
	if !strings.HasPrefix(v, `"`) || strings.HasPrefix(v, `"""`) {
		return "", "", false
	}
	for i := 1; i < len(v); i++ {
		switch c := v[i]; {
		case c == '"':
			return v[1:i], v[i+1:], true
		case c == '\\' || c < 0x20 && c != '\t' || c == 0x7f:
			return "", "", false
		}
	}
	return "", "", false
}

// stringArray reads v, a one-line TOML array of basic strings without
// escapes and nothing after it: ["a", "b"], [] or with a trailing comma.
func stringArray(v string) ([]string, bool) {
	rest, ok := strings.CutPrefix(v, "[")
	if !ok {
		return nil, false
	}
	out := []string{}
	for {
		rest = strings.TrimLeft(rest, " \t")
		if r, ok := strings.CutPrefix(rest, "]"); ok {
			return out, r == ""
		}
		s, r, ok := basicString(rest)
		if !ok {
			return nil, false
		}
		out = append(out, s)
		rest = strings.TrimLeft(r, " \t")
		if r, ok := strings.CutPrefix(rest, ","); ok {
			rest = r
		} else if !strings.HasPrefix(rest, "]") {
			return nil, false
		}
	}
}
