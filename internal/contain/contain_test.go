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
