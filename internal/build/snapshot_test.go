package build

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestSiteSnapshot builds the example through two sessions sharing a cache
// folder, as two runs of `evalbook build` do: the second, with nothing
// changed, takes the site from the snapshot and writes the same bytes; a
// snapshot that is corrupted, or made for other inputs, is not used.
func TestSiteSnapshot(t *testing.T) {
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
	for _, c := range []struct {
		name string
		bad  func([]byte) []byte
	}{
		{"one byte flipped", func(b []byte) []byte { b = bytes.Clone(b); b[len(b)/2] ^= 1; return b }},
		{"truncated", func(b []byte) []byte { return b[:len(b)/2] }},
		{"empty", func([]byte) []byte { return nil }},
		{"another magic", func(b []byte) []byte { return append([]byte("x"), b...) }},
	} {
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
		clean := filepath.Join(t.TempDir(), "site")
		if _, err := Build(Options{Source: proj, Output: clean}); err != nil {
			t.Fatal(err)
		}
		same(t, got, tree(t, clean))
	})
}
