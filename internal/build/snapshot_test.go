package build

import (
	"bytes"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/evalbook/evalbook/internal/fingerprint"
	"github.com/evalbook/evalbook/internal/ingest"
	"github.com/evalbook/evalbook/internal/render"
)

// TestSiteSnapshot builds the example through two sessions sharing a cache
// folder, as two runs of `evalbook build` do: the second, with nothing
// changed, takes the site from the snapshot and writes the same bytes; a
// snapshot that is corrupted, or made for other inputs, is not used.
func TestSiteSnapshot(t *testing.T) {
	t.Parallel()
	proj := copyExample(t)
	cacheDir := t.TempDir()
	snapPath := filepath.Join(cacheDir, snapshotName)

	// build builds through a new session into a new folder and returns
	// the site and whether the snapshot was used.
	build := func(t *testing.T) (map[string][]byte, bool) {
		t.Helper()
		s := NewSession(cacheDir)
		out := filepath.Join(t.TempDir(), "site")
		if _, err := s.Build(Options{Source: proj, Output: out}); err != nil {
			t.Fatal(err)
		}
		if err := s.Err(); err != nil {
			t.Fatal(err)
		}
		st := s.Stats()
		if st.Snapshot && (st.Files.Read != 0 || st.Pages.Rendered != 0) {
			t.Fatalf("snapshot used, yet %s", st)
		}
		return tree(t, out), st.Snapshot
	}
	same := func(t *testing.T, got, want map[string][]byte) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("%d files, want %d", len(got), len(want))
		}
		for name, b := range want {
			if !bytes.Equal(got[name], b) {
				t.Fatalf("%s differs", name)
			}
		}
	}

	first, used := build(t)
	if used {
		t.Fatal("the first build used a snapshot from an empty cache folder")
	}
	if _, err := os.Stat(snapPath); err != nil {
		t.Fatalf("the first build kept no snapshot: %v", err)
	}
	second, used := build(t)
	if !used {
		t.Fatal("the second build with nothing changed did not use the snapshot")
	}
	same(t, second, first)

	good, err := os.ReadFile(snapPath)
	if err != nil {
		t.Fatal(err)
	}
	// Each corruption is refused by readChecked (TestCheckedFileRefused);
	// with -short, the build after one of them stands for all.
	corruptions := corruptions
	if testing.Short() {
		corruptions = corruptions[:1]
	}
	for _, c := range corruptions {
		t.Run(c.name, func(t *testing.T) {
			if err := os.WriteFile(snapPath, c.bad(good), 0o644); err != nil {
				t.Fatal(err)
			}
			got, used := build(t)
			if used {
				t.Fatal("a corrupted snapshot was used")
			}
			same(t, got, first)
			if _, used := build(t); !used {
				t.Fatal("the build after a corrupted snapshot did not write a good one")
			}
		})
	}

	t.Run("an input changed", func(t *testing.T) {
		cs := filepath.Join(proj, "casestudies", "grounding.md")
		b, err := os.ReadFile(cs)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(cs, append(b, "\nOne more line of prose.\n"...), 0o644); err != nil {
			t.Fatal(err)
		}
		got, used := build(t)
		if used {
			t.Fatal("the snapshot of other inputs was used")
		}
		clean, _, err := Site(Options{Source: proj})
		if err != nil {
			t.Fatal(err)
		}
		sameSite(t, "after the change", got, clean)
	})
}

// corruptions are ways a file of the cache folder goes bad.
var corruptions = []struct {
	name string
	bad  func([]byte) []byte
}{
	{"one byte flipped", func(b []byte) []byte { b = bytes.Clone(b); b[len(b)/2] ^= 1; return b }},
	{"truncated", func(b []byte) []byte { return b[:len(b)/2] }},
	{"empty", func([]byte) []byte { return nil }},
	{"another magic", func(b []byte) []byte { return append([]byte("x"), b...) }},
}

// TestCheckedFileRefused checks that the snapshot and the state file, as
// written, are read back for their inputs' key (and output folder), and
// are not read when corrupted in any of the ways of corruptions, nor when
// made for other inputs, another output folder or by another evalbook.
func TestCheckedFileRefused(t *testing.T) {
	dir := t.TempDir()
	key, other := fingerprint.Sum{1}, fingerprint.Sum{2}
	// Mostly one page's bytes: a byte flipped in the middle of the file
	// falls in them, where only the checksum sees it.
	files := render.Files{"index.html": bytes.Repeat([]byte("<p>the site</p>\n"), 500), "api/x.json": []byte("{}")}
	out := filepath.Join(dir, "site")
	st := siteState{Stamp: ingest.Stamp(), Key: key, Output: out, Files: 2, Pages: 1, Warnings: []string{"w"}}
	write := func(t *testing.T) {
		t.Helper()
		if err := writeSnapshot(dir, key, []string{"w"}, files); err != nil {
			t.Fatal(err)
		}
		if err := writeChecked(dir, stateName, stateMagic, &st); err != nil {
			t.Fatal(err)
		}
	}
	write(t)
	snap := readSnapshot(dir, key)
	if snap == nil || !maps.EqualFunc(snap.Files, files, bytes.Equal) || !slices.Equal(snap.Warnings, []string{"w"}) {
		t.Fatalf("the snapshot as written reads as %+v", snap)
	}
	if got := readSiteState(dir, key, out); got == nil || !reflect.DeepEqual(*got, st) {
		t.Fatalf("the state as written reads as %+v; want %+v", got, st)
	}
	if readSnapshot(dir, other) != nil {
		t.Error("the snapshot of other inputs was read")
	}
	if readSiteState(dir, other, out) != nil {
		t.Error("the state of other inputs was read")
	}
	if readSiteState(dir, key, out+"2") != nil {
		t.Error("the state of another output folder was read")
	}
	stale := st
	stale.Stamp += " other"
	if err := writeChecked(dir, stateName, stateMagic, &stale); err != nil {
		t.Fatal(err)
	}
	if readSiteState(dir, key, out) != nil {
		t.Error("the state written by another evalbook was read")
	}
	for _, c := range corruptions {
		write(t)
		for _, name := range []string{snapshotName, stateName} {
			path := filepath.Join(dir, name)
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, c.bad(b), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if readSnapshot(dir, key) != nil {
			t.Errorf("%s: the snapshot was read", c.name)
		}
		if readSiteState(dir, key, out) != nil {
			t.Errorf("%s: the state was read", c.name)
		}
	}
}

// TestSiteKept builds the example again and again into one output folder
// through sessions sharing a cache folder, as runs of `evalbook build` do,
// and checks when the second build keeps the folder as it is (nothing
// read, rendered or written: every file keeps its inode) and that the site
// is always the one a clean build writes.
func TestSiteKept(t *testing.T) {
	t.Parallel()
	proj := copyExample(t)
	cacheDir := t.TempDir()
	out := filepath.Join(t.TempDir(), "site")
	statePath := filepath.Join(cacheDir, stateName)

	// build builds through a new session and returns its stats.
	build := func(t *testing.T) Stats {
		t.Helper()
		s := NewSession(cacheDir)
		res, err := s.Build(Options{Source: proj, Output: out})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Err(); err != nil {
			t.Fatal(err)
		}
		if want := tree(t, out); res.Files != len(want)-1 || res.Pages != pages(want) {
			t.Errorf("result counts %d files, %d pages; the folder holds %d and %d", res.Files, res.Pages, len(want)-1, pages(want))
		}
		return s.Stats()
	}
	// clean returns the site of a build without a session, in memory.
	clean := func(t *testing.T) render.Files {
		t.Helper()
		files, _, err := Site(Options{Source: proj})
		if err != nil {
			t.Fatal(err)
		}
		return files
	}
	same := func(t *testing.T, got map[string][]byte, want render.Files) {
		t.Helper()
		sameSite(t, "the output folder", got, want)
	}
	stat := func(t *testing.T, name string) fs.FileInfo {
		t.Helper()
		info, err := os.Stat(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		return info
	}
	if st := build(t); st.Kept || st.Snapshot {
		t.Fatalf("the first build: %s", st)
	}
	if _, err := os.Stat(statePath); errors.Is(err, fs.ErrNotExist) && runtime.GOOS != "linux" {
		t.Skip("no site state on this system")
	}
	want, _ := sharedSite(t, repoRoot) // the example's: proj is a copy not yet edited
	before := stat(t, "index.html")
	if st := build(t); !st.Kept {
		t.Fatalf("the second build with nothing changed: %s", st)
	}
	same(t, tree(t, out), want)
	if !os.SameFile(stat(t, "index.html"), before) {
		t.Error("a kept site was written anew")
	}

	// Each step changes something, then builds twice: the first must not
	// keep the folder, the second must; both leave the clean build's site.
	input := filepath.Join(proj, "casestudies", "grounding.md")
	steps := []struct {
		name     string
		change   func(t *testing.T)
		keptOnce bool // the first build after the change keeps the folder
		inputs   bool // the change alters the inputs: a clean build is due
	}{
		{"input touched, bytes unchanged", func(t *testing.T) {
			later := time.Now().Add(time.Hour)
			if err := os.Chtimes(input, later, later); err != nil {
				t.Fatal(err)
			}
		}, true, false},
		{"input rewritten with the same bytes", func(t *testing.T) {
			b, err := os.ReadFile(input)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(input, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}, true, false},
		{"input edited", func(t *testing.T) {
			b, err := os.ReadFile(input)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(input, append(b, "\nOne more line of prose.\n"...), 0o644); err != nil {
				t.Fatal(err)
			}
		}, false, true},
		{"site page edited by hand, same size", func(t *testing.T) {
			p := filepath.Join(out, "index.html")
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			b[len(b)-2] ^= 1
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}, false, false},
		{"site page removed", func(t *testing.T) {
			if err := os.Remove(filepath.Join(out, "index.html")); err != nil {
				t.Fatal(err)
			}
		}, false, false},
		{"site folder removed", func(t *testing.T) {
			if err := os.RemoveAll(out); err != nil {
				t.Fatal(err)
			}
		}, false, false},
		{"state file corrupted", func(t *testing.T) { flip(t, statePath) }, false, false},
		{"state file truncated", func(t *testing.T) { truncate(t, statePath) }, false, false},
		{"state file of another evalbook", func(t *testing.T) {
			var st siteState
			if !readChecked(statePath, stateMagic, &st) {
				t.Fatal("the state file does not read")
			}
			st.Stamp += " other"
			if err := writeChecked(cacheDir, stateName, stateMagic, &st); err != nil {
				t.Fatal(err)
			}
		}, false, false},
		{"state and snapshot corrupted", func(t *testing.T) {
			flip(t, statePath)
			flip(t, filepath.Join(cacheDir, snapshotName))
		}, false, false},
	}
	// Left out with -short: readSiteState refuses these files too
	// (TestCheckedFileRefused), and the builds after any refused state
	// are those of "state file corrupted".
	long := map[string]bool{"state file truncated": true, "state file of another evalbook": true}
	for _, step := range steps {
		if long[step.name] && testing.Short() {
			continue
		}
		t.Run(step.name, func(t *testing.T) {
			step.change(t)
			if step.inputs {
				want = clean(t)
			}
			if st := build(t); st.Kept != step.keptOnce {
				t.Errorf("the build after the change: %s; kept %v", st, step.keptOnce)
			}
			same(t, tree(t, out), want)
			if st := build(t); !st.Kept {
				t.Errorf("the build after that: %s; want the site kept", st)
			}
			same(t, tree(t, out), want)
		})
	}

	t.Run("another output folder", func(t *testing.T) {
		s := NewSession(cacheDir)
		other := filepath.Join(t.TempDir(), "site")
		if _, err := s.Build(Options{Source: proj, Output: other}); err != nil {
			t.Fatal(err)
		}
		if st := s.Stats(); st.Kept {
			t.Errorf("a build into another folder kept it: %s", st)
		}
		same(t, tree(t, other), want)
	})
}

// flip changes one byte in the middle of the file at path.
func flip(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 1
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// truncate cuts the file at path in half.
func truncate(t *testing.T, path string) {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(path, info.Size()/2); err != nil {
		t.Fatal(err)
	}
}
