package ingest

import (
	"crypto/sha256"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/evalbook/evalbook/internal/contain"
)

// TestTapReadFile checks that a file read whole through a tap (ReadFile,
// contain's route of fewer system calls) gives the sum and the verdict a
// read through Open gives: one file opened, its bytes hashed, whether the
// reader read them all or stopped early; and that a missing file or two
// files read make the sum unusable.
func TestTapReadFile(t *testing.T) {
	root := t.TempDir()
	body := "+++\ntitle = \"x\"\n+++\nSome text.\n"
	for _, name := range []string{"a.md", "b.md"} {
		if err := os.WriteFile(filepath.Join(root, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fsys, err := contain.New(root, nil, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	want := sha256.Sum256([]byte(body))
	reads := map[string]func(*tapFS) error{
		"ReadFile": func(tap *tapFS) error {
			b, err := fs.ReadFile(tap, "a.md")
			if err == nil && string(b) != body {
				t.Errorf("ReadFile through the tap = %q; want %q", b, body)
			}
			return err
		},
		"Open, a part read": func(tap *tapFS) error {
			f, err := tap.Open("a.md")
			if err != nil {
				return err
			}
			if _, err := f.Read(make([]byte, 5)); err != nil {
				return err
			}
			return f.Close()
		},
		"Open, all read": func(tap *tapFS) error {
			f, err := tap.Open("a.md")
			if err != nil {
				return err
			}
			defer f.Close()
			_, err = io.ReadAll(f)
			return err
		},
	}
	for name, read := range reads {
		tap := newTap(fsys)
		if err := read(tap); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if sum, ok := tap.sum(); !ok || sum != want {
			t.Errorf("%s: sum %x, ok %v; want %x, true", name, sum, ok, want)
		}
	}
	tap := newTap(fsys)
	if _, err := fs.ReadFile(tap, "missing.md"); err == nil {
		t.Fatal("reading a missing file: no error")
	}
	if _, ok := tap.sum(); ok {
		t.Error("a missing file read: the sum is usable")
	}
	tap = newTap(fsys)
	fs.ReadFile(tap, "a.md")
	fs.ReadFile(tap, "b.md")
	if _, ok := tap.sum(); ok {
		t.Error("two files read: the sum is usable")
	}
}
