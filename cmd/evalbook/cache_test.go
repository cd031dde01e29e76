package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMain keeps the tests' build caches out of the user's cache folder.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "evalbook-cache-test-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CACHE_HOME", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// TestBuildCacheAndClean builds a project twice, the second time keeping
// the site as the first wrote it (nothing changed), again after removing
// the site, from the site snapshot, then once more after adding a file,
// the two others taken from the parse cache, then drops the cache with clean, and checks that --no-cache
// neither reads nor writes it.
func TestBuildCacheAndClean(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	proj := project(t, map[string]string{
		"data/metrics/scores.csv": "iteration,metric,value,item\nv1,acc,1,a\nv2,acc,0,a\n",
		"casestudies/first.md":    "+++\ntitle = \"First\"\n+++\nBody.\n",
	})
	cacheRoot := filepath.Join(os.Getenv("XDG_CACHE_HOME"), "evalbook")
	runOK := func(args ...string) (string, string) {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != exitOK {
			t.Fatalf("evalbook %s: exit %d\n%s", strings.Join(args, " "), code, stderr.String())
		}
		return stdout.String(), stderr.String()
	}
	cached := func() int {
		entries, _ := os.ReadDir(cacheRoot)
		n := 0
		for _, e := range entries {
			files, _ := os.ReadDir(filepath.Join(cacheRoot, e.Name()))
			n += len(files)
		}
		return n
	}
	if _, errs := runOK("build", "--no-cache", "--source", proj); strings.Contains(errs, "cache:") || cached() != 0 {
		t.Errorf("build --no-cache used a cache: stderr %q, %d cache files", errs, cached())
	}
	if _, errs := runOK("build", "--source", proj); !strings.Contains(errs, "cache: 2 files read, 0 unchanged") {
		t.Errorf("first build: stderr %q; want both files read", errs)
	}
	if cached() != 4 {
		t.Errorf("%d cache files after the first build; want 4 (two parses, the site snapshot, the site state)", cached())
	}
	if _, errs := runOK("build", "--source", proj); !strings.Contains(errs, "cache: nothing changed; site kept as written") {
		t.Errorf("second build: stderr %q; want the site kept", errs)
	}
	if err := os.RemoveAll(filepath.Join(proj, "site")); err != nil {
		t.Fatal(err)
	}
	if _, errs := runOK("build", "--source", proj); !strings.Contains(errs, "cache: nothing changed; site snapshot reused") {
		t.Errorf("build after removing the site: stderr %q; want the site snapshot reused", errs)
	}
	if err := os.WriteFile(filepath.Join(proj, "casestudies", "second.md"), []byte("+++\ntitle = \"Second\"\n+++\nBody.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errs := runOK("build", "--source", proj); !strings.Contains(errs, "cache: 1 files read, 2 unchanged") {
		t.Errorf("third build: stderr %q; want the new file read, the two others taken from the cache", errs)
	}
	if out, _ := runOK("clean", "--source", proj); !strings.Contains(out, "removed the cache") || cached() != 0 {
		t.Errorf("clean: stdout %q, %d cache files left", out, cached())
	}
	if _, errs := runOK("build", "--source", proj); !strings.Contains(errs, "cache: 3 files read, 0 unchanged") {
		t.Errorf("build after clean: stderr %q; want every file read", errs)
	}
	if _, errs := runOK("clean", "--help"); !strings.Contains(errs, "Usage: evalbook clean") {
		t.Errorf("clean --help: %q", errs)
	}
}
