package render

import (
	"bytes"
	"maps"
	"slices"
	"testing"

	"github.com/evalbook/evalbook/internal/alert"
)

// TestRenderSiteSplicesInParts renders the fixture through one Cache, then
// with a new alert (a new count in every page's nav), then without it
// again, and checks after each that RenderSite's site, put together, is a
// full render's; that the pages given the new nav only are held in parts
// whose head and tail are the first render's bytes, not copies; and that
// when the nav is back to the first render's those pages are the first
// render's very bytes, whole.
func TestRenderSiteSplicesInParts(t *testing.T) {
	var c Cache
	plain := testInput()
	first, err := RenderSite(plain, &c)
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Spliced) != 0 {
		t.Fatalf("first render: %d pages in parts; want none", len(first.Spliced))
	}
	alerted := testInput()
	alerted.Alerts = append(alerted.Alerts, alert.Alert{Kind: "threshold", Severity: alert.Warning,
		Subject: alert.Metric(alerted.Project.Metrics[0].Name), Message: "A new alert."})
	steps := []struct {
		name    string
		in      Input
		inParts bool
	}{
		{"a new alert", alerted, true},
		{"the alert gone again", plain, false},
	}
	for _, st := range steps {
		site, err := RenderSite(st.in, &c)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		want := renderTest(t, st.in)
		got := site.Whole()
		if len(got) != len(want) || site.Len() != len(want) {
			t.Errorf("%s: %d files (%d in the site); a full render has %d", st.name, len(got), site.Len(), len(want))
		}
		for _, name := range slices.Sorted(maps.Keys(want)) {
			if !bytes.Equal(got[name], want[name]) {
				t.Errorf("%s: %s differs from a full render", st.name, name)
			}
		}
		if n := c.Stats().NavOnly; n == 0 || (st.inParts && len(site.Spliced) != n) || (!st.inParts && len(site.Spliced) != 0) {
			t.Errorf("%s: %d pages given the new nav only, %d in parts", st.name, n, len(site.Spliced))
		}
		for name, sp := range site.Spliced {
			if _, dup := site.Files[name]; dup {
				t.Errorf("%s: %s both whole and in parts", st.name, name)
			}
			old := first.Files[name]
			if len(sp.Head) == 0 || &sp.Head[0] != &old[0] || len(sp.Tail) == 0 || &sp.Tail[len(sp.Tail)-1] != &old[len(old)-1] {
				t.Errorf("%s: %s: its head and tail are not the first render's bytes", st.name, name)
			}
		}
		if !st.inParts {
			for _, name := range c.Stats().Paths {
				delete(first.Files, name)
			}
			for name, b := range first.Files {
				if bytes.HasSuffix([]byte(name), []byte(".html")) && !sameSlice(site.Files[name], b) {
					t.Errorf("%s: %s: not the first render's very bytes", st.name, name)
				}
			}
		}
	}
}
