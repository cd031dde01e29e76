package contain

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// TestLimitWhileReading checks that a file that grows past the limit
// after it was opened fails while it is read, at the limit, and that
// ReadAt refuses a range past it.
func TestLimitWhileReading(t *testing.T) {
	root := t.TempDir()
	path := filepath.Join(root, "grow.csv")
	if err := os.WriteFile(path, []byte("a,b\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fsys, err := New(root, nil, 100)
	if err != nil {
		t.Fatal(err)
	}
	f, err := fsys.Open("grow.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := os.WriteFile(path, []byte(strings.Repeat("x", 1000)), 0o644); err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, f)
	if !errors.Is(err, ErrTooLarge) || n > 100+4096 {
		t.Errorf("reading a grown file: %d bytes, %v; want %v near 100 bytes", n, err, ErrTooLarge)
	}
	if _, err := f.(io.ReaderAt).ReadAt(make([]byte, 10), 95); !errors.Is(err, ErrTooLarge) {
		t.Errorf("ReadAt past the limit: %v; want %v", err, ErrTooLarge)
	}
}

// TestFSIsAnFS runs the standard fs.FS checks on a project folder, and
// opens a link that stays inside.
func TestFSIsAnFS(t *testing.T) {
	root := t.TempDir()
	for name, body := range map[string]string{"data/metrics/a.csv": "a\n1\n", "content/x.md": "+++\n+++\n"} {
		p := filepath.Join(root, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(body), 0o644)
	}
	if err := os.Symlink("a.csv", filepath.Join(root, "data", "metrics", "b.csv")); err != nil {
		t.Skip("no symbolic links:", err)
	}
	fsys, err := New(root, nil, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := fs.ReadFile(fsys, "data/metrics/b.csv"); err != nil || string(b) != "a\n1\n" {
		t.Errorf("reading the link b.csv -> a.csv: %q, %v", b, err)
	}
	os.Remove(filepath.Join(root, "data", "metrics", "b.csv")) // fstest wants Lstat for links
	if err := fstest.TestFS(fsys, "data/metrics/a.csv", "content/x.md"); err != nil {
		t.Error(err)
	}
	if _, err := fsys.Open("../x"); !errors.Is(err, fs.ErrInvalid) {
		t.Errorf("Open(../x) = %v; want %v", err, fs.ErrInvalid)
	}
}

// TestStatLinks checks Stat through folders it has resolved before: a
// file that is a link inside is followed, a file that is a link out is
// refused even in a folder already resolved, and a folder replaced by a
// link out is refused by the next FS (the next build's), though the
// files behind it have the size and time the old ones had.
func TestStatLinks(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	write := func(p, body string) {
		t.Helper()
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(root, "cs", "a.md"), "aaaa")
	write(filepath.Join(root, "cs", "b.md"), "bbbbbb")
	write(filepath.Join(outside, "cs", "a.md"), "oooo")
	write(filepath.Join(outside, "secret"), "ssssssss")
	if err := os.Symlink("a.md", filepath.Join(root, "cs", "in.md")); err != nil {
		t.Skip("no symbolic links:", err)
	}
	fsys, err := New(root, nil, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	for name, size := range map[string]int64{"cs/a.md": 4, "cs/b.md": 6, "cs/in.md": 4} {
		info, err := fsys.Stat(name)
		if err != nil || info.Size() != size || info.Name() != filepath.Base(name) {
			t.Errorf("Stat(%s) = %v, %v; want %d bytes", name, info, err, size)
		}
	}
	if err := os.Symlink(filepath.Join(outside, "secret"), filepath.Join(root, "cs", "out.md")); err != nil {
		t.Fatal(err)
	}
	if _, err := fsys.Stat("cs/out.md"); !errors.Is(err, ErrOutside) {
		t.Errorf("Stat of a link out in a resolved folder: %v; want %v", err, ErrOutside)
	}
	if _, err := fsys.Stat("cs/none.md"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Stat of a missing file: %v; want %v", err, fs.ErrNotExist)
	}
	// Open reads through the folder's root, opened once: a file, a link
	// inside, a link out (refused), a missing file.
	for name, want := range map[string]string{"cs/a.md": "aaaa", "cs/in.md": "aaaa", "cs/b.md": "bbbbbb"} {
		if b, err := fs.ReadFile(fsys, name); err != nil || string(b) != want {
			t.Errorf("reading %s: %q, %v; want %q", name, b, err, want)
		}
	}
	if _, err := fsys.Open("cs/out.md"); !errors.Is(err, ErrOutside) {
		t.Errorf("Open of a link out in an opened folder: %v; want %v", err, ErrOutside)
	}
	if _, err := fsys.Open("cs/none.md"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open of a missing file: %v; want %v", err, fs.ErrNotExist)
	}
	os.RemoveAll(filepath.Join(root, "cs"))
	if err := os.Symlink(filepath.Join(outside, "cs"), filepath.Join(root, "cs")); err != nil {
		t.Fatal(err)
	}
	next, err := New(root, nil, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := next.Stat("cs/a.md"); !errors.Is(err, ErrOutside) {
		t.Errorf("Stat through a folder now linked out: %v; want %v", err, ErrOutside)
	}
	// Open refuses it too, in the FS that resolved and opened the folder
	// before (its root holds the folder that was removed).
	for _, fsys := range []*FS{next, fsys} {
		if _, err := fsys.Open("cs/a.md"); !errors.Is(err, ErrOutside) {
			t.Errorf("Open through a folder now linked out: %v; want %v", err, ErrOutside)
		}
	}
}
