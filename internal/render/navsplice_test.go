package render

import (
	"bytes"
	"testing"
)

// TestOnlyAt checks onlyAt against the whole-nav search it stands for
// (the nav's first occurrence, if none follows it), with navs longer and
// shorter than its probe, and bodies holding the nav's start without the
// nav, before, after and inside it.
func TestOnlyAt(t *testing.T) {
	want := func(body, nav []byte) int {
		if i := bytes.Index(body, nav); i >= 0 && !bytes.Contains(body[i+len(nav):], nav) {
			return i
		}
		return -1
	}
	long := `<nav class="site"><a href="../">Home</a> <a href="../alerts/">Alerts <b>3</b></a></nav>`
	start := long[:navProbe+5] // the probe and more, not the nav
	rare := string(rareProbe([]byte(long)))
	if rare == long[:len(rare)] {
		t.Fatal("the test's long nav must have a capital letter past its start")
	}
	for _, nav := range []string{long, "<nav>x</nav>"} {
		for _, tc := range []struct{ name, body string }{
			{"its rare part after", "<html>" + nav + "<main>" + rare + "</main>"},
			{"its rare part before", "<html>" + rare + nav + "<main>text</main>"},
			{"its start and rare part after", "<html>" + nav + "<main>" + start + rare + "</main>"},
			{"once", "<html>" + nav + "<main>text</main>"},
			{"none", "<html><main>text</main>"},
			{"twice", "<html>" + nav + "<main>" + nav + "</main>"},
			{"start before", "<html>" + start + "<br>" + nav + "<main>"},
			{"start after", "<html>" + nav + "<main>" + start + "</main>"},
			{"start before and after", start + nav + start},
			{"start alone", "<html>" + start},
			{"at the end", "<html>" + nav},
			{"back to back", nav + nav},
			{"body is nav", nav},
			{"empty", ""},
		} {
			body := []byte(tc.body)
			if got, w := onlyAt(body, []byte(nav)), want(body, []byte(nav)); got != w {
				t.Errorf("nav of %d bytes, %s: onlyAt = %d; want %d", len(nav), tc.name, got, w)
			}
		}
	}
	if len(long) <= len(start) {
		t.Fatal("the test's long nav must be longer than its start")
	}
}
