package build

import (
	"strings"
	"testing"
)

// TestAlertLinksResolve takes the example's site (sharedSite) and checks
// that the link of every alert, which each analysis builds from the route
// table, names a page the site writes: no alert loses its link on the
// pages.
func TestAlertLinksResolve(t *testing.T) {
	t.Parallel()
	files, a := sharedSite(t, repoRoot)
	kinds := map[string]bool{}
	for _, x := range a.Alerts() {
		kinds[x.Kind] = true
		page, _, _ := strings.Cut(x.Link, "#")
		if _, ok := files[page]; !ok {
			t.Errorf("%s alert about %s in %q links to %q, which the site does not write", x.Kind, x.Subject, x.Iteration, x.Link)
		}
	}
	// The example raises alerts of every analysis that links.
	for _, k := range []string{"reliability", "calibration", "regression", "validity"} {
		if !kinds[k] {
			t.Errorf("the example raises no %s alert; the test no longer covers its links", k)
		}
	}
}
