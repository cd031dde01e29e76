package build

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/evalbook/evalbook/internal/contain"
	"github.com/evalbook/evalbook/internal/ingest"
)

// hostileProject writes a small valid project into a new folder and
// returns it, with a folder outside it holding a secret file and a
// folder of assets.
func hostileProject(t *testing.T) (proj, outside string) {
	t.Helper()
	base := t.TempDir()
	proj, outside = filepath.Join(base, "proj"), filepath.Join(base, "outside")
	for name, body := range map[string]string{
		"proj/data/metrics/a.csv":  "iteration,metric,value,item\nv1,acc,0.5,q1\nv2,acc,0.6,q1\n",
		"proj/content/about.md":    "+++\ntitle = \"About\"\n+++\nHello.\n",
		"outside/secret.txt":       "the secret text\n",
		"outside/assets/evil.js":   "alert(1)\n",
		"outside/ds/metrics/b.csv": "iteration,metric,value,item\nv1,f1,0.7,q1\nv2,f1,0.8,q1\n",
	} {
		write(t, filepath.Join(base, filepath.FromSlash(name)), []byte(body))
	}
	return proj, outside
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
}

// TestContainment checks issue 14's findings 1, 2 and 6 (config
// positions) on hostile projects made in a temporary folder: each input
// that leaves the project, is not a regular file or is over a limit is an
// error naming the file (and the link and its target, or the config
// key's line), of the kind errors.Is can test; the same input allowed by
// the config builds.
func TestContainment(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	tests := []struct {
		name   string
		setup  func(t *testing.T, proj, outside string)
		config string
		kind   error    // nil: the build succeeds
		want   []string // in the message; "OUT" stands for the outside folder
	}{
		{"content links to a secret", func(t *testing.T, proj, outside string) {
			symlink(t, filepath.Join(outside, "secret.txt"), filepath.Join(proj, "content", "leak.md"))
		}, "", contain.ErrOutside, []string{"content/leak.md: symbolic link content/leak.md resolves to OUT/secret.txt"}},
		{"templates/assets links to a folder outside", func(t *testing.T, proj, outside string) {
			symlink(t, filepath.Join(outside, "assets"), filepath.Join(proj, "templates", "assets"))
		}, "", contain.ErrOutside, []string{"symbolic link templates/assets resolves to OUT/assets"}},
		{"a metric file links to a file outside", func(t *testing.T, proj, outside string) {
			symlink(t, filepath.Join(outside, "secret.txt"), filepath.Join(proj, "data", "metrics", "pw.csv"))
		}, "", contain.ErrOutside, []string{"data/metrics/pw.csv: symbolic link data/metrics/pw.csv resolves to OUT/secret.txt"}},
		{"a data folder links outside", func(t *testing.T, proj, outside string) {
			symlink(t, filepath.Join(outside, "ds", "metrics"), filepath.Join(proj, "data", "more"))
		}, "[paths]\nmetrics = \"data/more\"\n", contain.ErrOutside, []string{"symbolic link data/more resolves to OUT/ds/metrics"}},
		{"a data folder links into a data root", func(t *testing.T, proj, outside string) {
			symlink(t, filepath.Join("..", "..", "outside", "ds", "metrics"), filepath.Join(proj, "data", "more"))
		}, "[project]\ndata_roots = [\"../outside/ds\"]\n[paths]\nmetrics = \"data/more\"\n", nil, nil},
		{"a link to /dev/zero", func(t *testing.T, proj, outside string) {
			symlink(t, "/dev/zero", filepath.Join(proj, "data", "metrics", "z.csv"))
		}, "", contain.ErrOutside, []string{"data/metrics/z.csv resolves to /dev/zero"}},
		{"a link to /dev/zero in a data root", func(t *testing.T, proj, outside string) {
			if _, err := os.Stat("/dev/zero"); err != nil {
				t.Skip("no /dev/zero")
			}
			symlink(t, "/dev/zero", filepath.Join(proj, "data", "metrics", "z.csv"))
		}, "[project]\ndata_roots = [\"/dev\"]\n", contain.ErrNotRegular, []string{"data/metrics/z.csv: data/metrics/z.csv is a character device"}},
		{"a data root that does not exist", nil, "[project]\ndata_roots = [\"../nowhere\"]\n", os.ErrNotExist,
			[]string{"config.toml:2: project.data_roots: data root \"../nowhere\""}},
		{"a file over limits.file_bytes", nil, "[limits]\nfile_bytes = 40\n", contain.ErrTooLarge,
			[]string{"data/metrics/a.csv: data/metrics/a.csv has 56 bytes, larger than limits.file_bytes (40)"}},
		{"a field over limits.field_bytes", func(t *testing.T, proj, outside string) {
			write(t, filepath.Join(proj, "data", "metrics", "b.csv"), []byte("iteration,metric,value,item\nv1,acc,0.5,"+strings.Repeat("x", 300)+"\n"))
		}, "[limits]\nfield_bytes = 100\nexcerpt_bytes = 10\n", ingest.ErrFieldTooLong,
			[]string{`data/metrics/b.csv:2:12: a field of 300 bytes, over limits.field_bytes (100): "xxxxxxxxxx"… (300 bytes)`}},
		{"a JSON string over limits.field_bytes", func(t *testing.T, proj, outside string) {
			write(t, filepath.Join(proj, "data", "items.jsonl"), []byte("{\"id\": \"q1\", \"input\": \""+strings.Repeat("y", 300)+"\"}\n"))
		}, "[limits]\nfield_bytes = 100\nexcerpt_bytes = 10\n", ingest.ErrFieldTooLong,
			[]string{`data/items.jsonl:1:23: a field of 300 bytes, over limits.field_bytes (100): "yyyyyyyyyy"… (300 bytes)`}},
		{"a line with no end", func(t *testing.T, proj, outside string) {
			write(t, filepath.Join(proj, "data", "metrics", "b.csv"), []byte("iteration,metric,value,item\n"+strings.Repeat("z", 70<<20)))
		}, "", ingest.ErrFieldTooLong, []string{"data/metrics/b.csv: line 2 is longer than 67108864 bytes"}},
		{"a name over limits.name_bytes", func(t *testing.T, proj, outside string) {
			write(t, filepath.Join(proj, "data", "metrics", "b.csv"), []byte("iteration,metric,value,item\nv1,"+strings.Repeat("m", 40)+",0.5,q1\n"))
		}, "[limits]\nname_bytes = 20\nexcerpt_bytes = 8\n", ingest.ErrNameTooLong,
			[]string{`data/metrics/b.csv:2: a metric name of 40 bytes, over limits.name_bytes (20): "mmmmmmmm"… (40 bytes)`}},
		{"an item ID over limits.name_bytes", func(t *testing.T, proj, outside string) {
			write(t, filepath.Join(proj, "data", "metrics", "b.csv"), []byte("iteration,metric,value,item\nv1,acc,0.5,"+strings.Repeat("i", 40)+"\n"))
		}, "[limits]\nname_bytes = 20\n", ingest.ErrNameTooLong, []string{`data/metrics/b.csv:2: an item ID of 40 bytes`}},
		{"more columns than limits.columns", nil, "[limits]\ncolumns = 3\n", ingest.ErrTooManyColumns,
			[]string{"data/metrics/a.csv:1:1: 4 columns, over limits.columns (3)"}},
		{"a long value quoted in an error", func(t *testing.T, proj, outside string) {
			write(t, filepath.Join(proj, "data", "metrics", "b.csv"), []byte("iteration,metric,value,item\nv1,acc,"+strings.Repeat("n", 5000)+",q1\n"))
		}, "", nil, []string{`"nnnnnnnnnn`, `"… (5000 bytes)`}},
		{"analysis.resamples over limits.resamples", nil, "\n[analysis]\nresamples = 1000000000000\n", nil,
			[]string{"config.toml:3: analysis.resamples is 1000000000000, over limits.resamples (100000)"}},
		{"analysis.resamples below 100", nil, "[analysis]\n\nresamples = -5\n", nil,
			[]string{"config.toml:3: analysis.resamples is -5; want at least 100"}},
		{"a negative limit", nil, "[limits]\nfield_bytes = 0\n", nil, []string{"config.toml:2: limits.field_bytes is 0; want a positive number"}},
		{"paths.metrics outside the project", nil, "title = \"x\"\n[paths]\nmetrics = \"../outside/ds/metrics\"\n", nil,
			[]string{"config.toml:3: paths.metrics is \"../outside/ds/metrics\"; want a path inside the project folder"}},
		{"a page without front matter", func(t *testing.T, proj, outside string) {
			write(t, filepath.Join(proj, "content", "plain.md"), []byte("Just text.\n"))
		}, "", ingest.ErrNoFrontMatter, []string{"content/plain.md:1: no front matter"}},
		{"a page without front matter, allowed", func(t *testing.T, proj, outside string) {
			write(t, filepath.Join(proj, "content", "plain.md"), []byte("Just text.\n"))
		}, "[content]\nplain_pages = true\n", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			proj, outside := hostileProject(t)
			if tt.setup != nil {
				tt.setup(t, proj, outside)
			}
			write(t, filepath.Join(proj, "config.toml"), []byte(tt.config))
			_, _, err := Site(Options{Source: proj})
			if tt.kind == nil && tt.want == nil {
				if err != nil {
					t.Fatalf("Site: %v; want a build", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Site succeeded; want an error with %q", tt.want)
			}
			msg := strings.ReplaceAll(err.Error(), outside, "OUT")
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error\n got: %s\nwant it to contain: %s", msg, w)
				}
			}
			if tt.kind != nil && !errors.Is(err, tt.kind) {
				t.Errorf("errors.Is(%v, %v) is false", err, tt.kind)
			}
			if n := len(err.Error()); n > 2000 {
				t.Errorf("the message has %d bytes; a value is quoted whole", n)
			}
		})
	}
}

// TestLinkOutBetweenRebuilds checks that a link out of the project made
// between two rebuilds of one session is refused, though what it leads to
// has the very bytes, size and time of the file it replaces (so that a
// check of size and time alone would take it as unchanged): a file
// replaced by a link, and a folder replaced by a link to a copy of it.
// Putting the file back builds again.
func TestLinkOutBetweenRebuilds(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	for _, tc := range []struct{ name, link, target string }{
		{"a file", "content/about.md", "about.md"},
		{"a folder", "content", "content"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			proj, outside := hostileProject(t)
			doc := filepath.Join(proj, "content", "about.md")
			old := time.Now().Add(-time.Hour)
			if err := os.Chtimes(doc, old, old); err != nil {
				t.Fatal(err)
			}
			s := NewSession("")
			opt := Options{Source: proj}
			if _, _, err := s.Site(opt); err != nil {
				t.Fatal(err)
			}
			copied := filepath.Join(outside, filepath.FromSlash(tc.target))
			if tc.target == "content" {
				copied = filepath.Join(copied, "about.md")
			}
			write(t, copied, read(t, doc))
			if err := os.Chtimes(copied, old, old); err != nil {
				t.Fatal(err)
			}
			link := filepath.Join(proj, filepath.FromSlash(tc.link))
			if err := os.RemoveAll(link); err != nil {
				t.Fatal(err)
			}
			symlink(t, filepath.Join(outside, filepath.FromSlash(tc.target)), link)
			_, _, err := s.Site(opt)
			if !errors.Is(err, contain.ErrOutside) {
				t.Fatalf("rebuild with %s linked out: %v; want %v", tc.link, err, contain.ErrOutside)
			}
			if !strings.Contains(err.Error(), tc.link) {
				t.Errorf("error %q does not name the link %s", err, tc.link)
			}
			os.Remove(link)
			write(t, doc, read(t, copied))
			if _, _, err := s.Site(opt); err != nil {
				t.Errorf("rebuild with the file back: %v", err)
			}
		})
	}
}
