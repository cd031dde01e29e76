package build

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/evalbook/evalbook/internal/render"
)

// The tests of this package that only read a clean build of a project
// share one build of it per test binary, instead of building their own:
// the example project built into a folder (sharedBuild), and any project's
// site in memory with its analyses (sharedSite). What they share they
// must not change; a test that edits a site or a project copies it
// (copyExample, copyProject). Clean builds are deterministic
// (TestBuildIsDeterministic), so a shared one stands for each test's own.

// sharedDir holds the shared builds' folders; TestMain removes it.
var sharedDir string

func TestMain(m *testing.M) {
	code := m.Run()
	if sharedDir != "" {
		os.RemoveAll(sharedDir)
	}
	os.Exit(code)
}

// built is a clean build of the example project into a folder.
type built struct {
	dir   string            // the output folder
	res   Result            // what Build returned
	files map[string][]byte // the folder's files, the manifest included
	err   error
}

var sharedBuildOnce struct {
	sync.Once
	b built
}

// sharedBuild returns the example project built once per test binary by
// Build into a folder, which the caller must not change.
func sharedBuild(t testing.TB) built {
	t.Helper()
	s := &sharedBuildOnce
	s.Do(func() {
		dir, err := os.MkdirTemp("", "evalbook-build-test-")
		if err != nil {
			s.b.err = err
			return
		}
		sharedDir = dir
		s.b.dir = filepath.Join(dir, "example")
		s.b.res, s.b.err = Build(Options{Source: repoRoot, Output: s.b.dir})
		if s.b.err == nil {
			s.b.files, s.b.err = readTree(s.b.dir)
		}
	})
	if s.b.err != nil {
		t.Fatalf("building the example project: %v", s.b.err)
	}
	return s.b
}

// siteResult is a project's site in memory and its analyses.
type siteResult struct {
	once  sync.Once
	files render.Files
	a     *Analysed
	err   error
}

var sharedSites struct {
	sync.Mutex
	m map[string]*siteResult
}

// sharedSite returns Site(Options{Source: src}), run once per test binary
// for each src: the clean site in memory and the analyses it was rendered
// from, which the caller must not change.
func sharedSite(t testing.TB, src string) (render.Files, *Analysed) {
	t.Helper()
	sharedSites.Lock()
	if sharedSites.m == nil {
		sharedSites.m = map[string]*siteResult{}
	}
	r := sharedSites.m[src]
	if r == nil {
		r = &siteResult{}
		sharedSites.m[src] = r
	}
	sharedSites.Unlock()
	r.once.Do(func() {
		r.files, r.a, r.err = Site(Options{Source: src})
		if r.err != nil {
			r.err = fmt.Errorf("the site of %s: %w", src, r.err)
		}
	})
	if r.err != nil {
		t.Fatal(r.err)
	}
	return r.files, r.a
}
