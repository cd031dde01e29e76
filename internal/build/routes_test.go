package build

import (
	"slices"
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/render"
	"github.com/evalbook/evalbook/templates"
)

// TestAlertLinksResolve renders the example and checks that the link of
// every alert, which each analysis builds from the route table, names a
// page the site writes: no alert loses its link on the pages.
func TestAlertLinksResolve(t *testing.T) {
	a, err := Analyse(Options{Source: repoRoot})
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := projectTemplates(a.Config)
	if err != nil {
		t.Fatal(err)
	}
	files, err := render.Render(render.Input{
		Config: a.Config, Project: a.Project, Trends: a.Trends, Reliability: a.Reliability,
		Experiments: a.Experiments, Discrepancy: a.Discrepancy, Leaderboard: a.Leaderboard,
		Alerts:    slices.Concat(a.Experiments.Alerts, a.Discrepancy.Alerts),
		Templates: render.Overlay(tmpl, templates.FS),
	})
	if err != nil {
		t.Fatal(err)
	}
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
