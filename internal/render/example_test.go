package render_test

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/evalbook/evalbook/internal/build"
	"github.com/evalbook/evalbook/internal/render"
	"github.com/evalbook/evalbook/templates"
)

var exampleOut = flag.String("example", "", "render the example project (the repo root) with every analysis into this folder, for looking at it")

// TestRenderExample renders the example project with its experiment report
// into the folder given by -example; without the flag it is skipped. It
// lets the pages be looked at before build passes every report to Render.
func TestRenderExample(t *testing.T) {
	if *exampleOut == "" {
		t.Skip("no -example folder")
	}
	a, err := build.Analyse(build.Options{Source: "../.."})
	if err != nil {
		t.Fatal(err)
	}
	files, err := render.Render(render.Input{
		Config: a.Config, Project: a.Project, Trends: a.Trends, Reliability: a.Reliability,
		Experiments: a.Experiments, Alerts: a.Experiments.Alerts, Templates: templates.FS,
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, body := range files {
		p := filepath.Join(*exampleOut, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
