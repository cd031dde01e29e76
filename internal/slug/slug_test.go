package slug

import (
	"regexp"
	"strings"
	"testing"
)

var safeName = regexp.MustCompile(`^[a-z0-9_-][a-z0-9._-]*$`)

func TestSlug(t *testing.T) {
	for _, c := range []struct {
		name string
		want string // "" means: hashed, check only the readable prefix
		pre  string
	}{
		{name: "v3", want: "v3"},
		{name: "bart-large-2025.07", want: "bart-large-2025.07"},
		{name: "rouge_l", want: "rouge_l"},
		{name: "V3", pre: "v3-"},
		{name: "Answer Accuracy", pre: "answer-accuracy-"},
		{name: "größe", pre: "gr--e-"},
		{name: "日本語", pre: "----"},
		{name: "../etc/passwd", pre: "-etc-passwd-"},
		{name: "..", pre: ""},
		{name: ".hidden", pre: "hidden-"},
		{name: "index", pre: "index-"},
		{name: "a/b", pre: "a-b-"},
		{name: "", pre: ""},
		{name: strings.Repeat("x", 200), pre: strings.Repeat("x", 80) + "-"},
	} {
		got := Make(c.name)
		if !safeName.MatchString(got) || got == "index" {
			t.Errorf("Make(%q) = %q; not a safe file-name part", c.name, got)
		}
		if c.want != "" {
			if got != c.want {
				t.Errorf("Make(%q) = %q; want %q", c.name, got, c.want)
			}
			continue
		}
		if !strings.HasPrefix(got, c.pre) || len(got) != len(c.pre)+8 {
			t.Errorf("Make(%q) = %q; want %q and 8 hex digits", c.name, got, c.pre)
		}
	}
}

func TestSlugNamesDoNotCollide(t *testing.T) {
	names := []string{"a b", "a-b", "A-B", "a_b", "A b", "a  b", "a/b", "a\\b", "", " ", "-", "index", "index-", "ä", "ö", "v1", "V1", "v1 "}
	seen := map[string]string{}
	for _, n := range names {
		s := Make(n)
		if other, dup := seen[s]; dup {
			t.Errorf("Make(%q) = Make(%q) = %q", n, other, s)
		}
		seen[s] = n
		if Make(n) != s {
			t.Errorf("Make(%q) is not stable", n)
		}
	}
}
