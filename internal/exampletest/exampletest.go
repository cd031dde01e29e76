// Package exampletest loads the example project, the repository root, for
// the tests of the analyses that check its story (a drifting rater, a
// refuted case study, a metric that stops tracking humans).
package exampletest

import (
	"path/filepath"
	"runtime"
	"testing"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/ingest"
	"github.com/evalbook/evalbook/internal/project"
)

// Load reads the example project's config and inputs, failing the test on
// any error.
func Load(t testing.TB) (*config.Config, *project.Project) {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	cfg, err := config.Load(filepath.Join(root, "config.toml"), false)
	if err != nil {
		t.Fatal(err)
	}
	fsys, err := ingest.ProjectFS(cfg)
	if err != nil {
		t.Fatal(err)
	}
	p, _, err := ingest.Load(cfg, fsys)
	if err != nil {
		t.Fatal(err)
	}
	return cfg, p
}
