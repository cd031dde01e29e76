package build

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/output"
	"github.com/evalbook/evalbook/internal/render"
)

// repoRoot is the example project: the repository itself.
const repoRoot = "../.."

// buildExample builds the example project into a new folder and returns it.
func buildExample(t testing.TB, out string) Result {
	t.Helper()
	res, err := Build(Options{Source: repoRoot, Output: out})
	if err != nil {
		t.Fatalf("building the example project: %v", err)
	}
	return res
}

// tree reads every file under dir into a map of slash paths.
func tree(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	files, err := readTree(dir)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// readTree is tree returning its error.
func readTree(dir string) (map[string][]byte, error) {
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	return files, err
}

func TestExampleBuildsAllPages(t *testing.T) {
	t.Parallel()
	sb := sharedBuild(t)
	res, files := sb.res, sb.files
	for _, want := range []string{
		"index.html", "404.html", "iterations/index.html", "metrics/index.html",
		"dimensions/index.html", "casestudies/index.html", "api/metrics.json", "api/annotations.json",
	} {
		if _, ok := files[want]; !ok {
			t.Errorf("site lacks %s", want)
		}
	}
	count := func(prefix string) int {
		n := 0
		for name := range files {
			if strings.HasPrefix(name, prefix) && strings.HasSuffix(name, ".html") && !strings.HasSuffix(name, "index.html") {
				n++
			}
		}
		return n
	}
	if n := count("iterations/"); n < 6 {
		t.Errorf("%d iteration pages; the example has at least 6 iterations", n)
	}
	if n := count("casestudies/"); n < 4 {
		t.Errorf("%d case-study pages; the example has at least 4", n)
	}
	if n := count("decisions/"); n < 1 {
		t.Errorf("no decision pages")
	}
	if res.Pages < 20 {
		t.Errorf("Result.Pages = %d; want the whole example (20+)", res.Pages)
	}
	for name, b := range files {
		if strings.HasSuffix(name, ".html") && bytes.Contains(b, []byte("NaN")) {
			t.Errorf("%s shows NaN", name)
		}
	}
}

// TestBuildIsDeterministic builds the example again and checks that it
// writes the bytes of the shared build (sharedBuild).
func TestBuildIsDeterministic(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "site")
	buildExample(t, out)
	a, b := sharedBuild(t).files, tree(t, out)
	if len(a) != len(b) {
		t.Fatalf("two builds wrote %d and %d files", len(a), len(b))
	}
	for name, content := range a {
		if !bytes.Equal(content, b[name]) {
			t.Errorf("%s differs between two builds of the same input", name)
		}
	}
}

// TestBuildEqualsSite checks that Build, which writes each page as it is
// rendered (buildStream), writes the files of Site, which renders into
// memory, and the manifest listing them: Site's files stand for a clean
// build's in the tests that need no folder (sameSite).
func TestBuildEqualsSite(t *testing.T) {
	t.Parallel()
	files, _ := sharedSite(t, repoRoot)
	sameSite(t, "the example", sharedBuild(t).files, files)
}

// sameSite fails unless the folder's files dir (read by tree) are the
// files of the site, and a manifest naming each of them.
func sameSite(t *testing.T, what string, dir map[string][]byte, site render.Files) {
	t.Helper()
	var diffs []string
	for _, name := range slices.Sorted(mapKeys(dir, site)) {
		if name == output.ManifestName {
			continue
		}
		if !bytes.Equal(dir[name], site[name]) {
			diffs = append(diffs, fmt.Sprintf("%s (folder %d bytes, site %d bytes)", name, len(dir[name]), len(site[name])))
		}
	}
	if len(diffs) > 0 {
		t.Fatalf("%s: the folder differs from a clean site in %d files:\n%s", what, len(diffs), strings.Join(diffs, "\n"))
	}
	m, ok := dir[output.ManifestName]
	if !ok {
		t.Fatalf("%s: the folder has no %s", what, output.ManifestName)
	}
	var listed []string
	for _, l := range strings.Split(strings.TrimSuffix(string(m), "\n"), "\n") {
		if !strings.HasPrefix(l, "#") {
			listed = append(listed, l)
		}
	}
	slices.Sort(listed)
	if want := slices.Sorted(maps.Keys(site)); !slices.Equal(listed, want) {
		t.Fatalf("%s: the manifest lists %d files; the site has %d", what, len(listed), len(want))
	}
}

// copyProject copies the example's inputs into a new folder.
func copyProject(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	for _, name := range []string{"config.toml", "data", "casestudies", "content"} {
		src := filepath.Join(repoRoot, name)
		err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(repoRoot, path)
			if d.IsDir() {
				return os.MkdirAll(filepath.Join(dst, rel), 0o755)
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
		})
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	return dst
}

func TestFailedBuildLeavesPreviousSite(t *testing.T) {
	t.Parallel()
	proj := copyProject(t)
	out := filepath.Join(proj, "site")
	if _, err := Build(Options{Source: proj}); err != nil {
		t.Fatal(err)
	}
	before := tree(t, out)
	breakages := []struct {
		name, file, content, want string
	}{
		{"unterminated quote", "data/metrics/zz-bad.csv", "iteration,metric,value,item\nv1,m,\"unterminated\n", "data/metrics/zz-bad.csv:2"},
		{"non-numeric value", "data/metrics/zz-bad.csv", "iteration,metric,value,item\nv1,acc,1,a\nv1,acc,lots,b\n", "data/metrics/zz-bad.csv:3"},
		{"broken front matter", "casestudies/zz-bad.md", "+++\ntitle = \"x\nstatus = 1\n+++\n", "casestudies/zz-bad.md:2"},
		{"unknown iteration", "casestudies/zz-bad.md", "+++\ntitle = \"x\"\niterations = [\"v99\"]\n+++\n", "casestudies/zz-bad.md:3"},
	}
	for _, b := range breakages {
		t.Run(b.name, func(t *testing.T) {
			path := filepath.Join(proj, filepath.FromSlash(b.file))
			os.WriteFile(path, []byte(b.content), 0o644)
			defer os.Remove(path)
			_, err := Build(Options{Source: proj})
			if err == nil || !strings.Contains(err.Error(), b.want) {
				t.Fatalf("Build error = %v; want one naming %s", err, b.want)
			}
			after := tree(t, out)
			if len(after) != len(before) {
				t.Fatalf("a failed build changed the number of files in the site from %d to %d", len(before), len(after))
			}
			for name, content := range before {
				if !bytes.Equal(content, after[name]) {
					t.Fatalf("a failed build changed %s", name)
				}
			}
		})
	}
	entries, _ := os.ReadDir(proj)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".site") {
			t.Errorf("a failed build left %s behind", e.Name())
		}
	}
}

func TestEmptyProjectBuilds(t *testing.T) {
	proj := t.TempDir()
	res, err := Build(Options{Source: proj})
	if err != nil {
		t.Fatalf("building an empty project: %v", err)
	}
	if _, err := os.Stat(filepath.Join(res.Output, "index.html")); err != nil {
		t.Errorf("empty project has no index.html: %v", err)
	}
}
