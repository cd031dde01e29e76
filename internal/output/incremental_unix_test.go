//go:build unix

package output

import (
	"os"
	"path/filepath"
	"reflect"
	"syscall"
	"testing"
	"time"
)

// stamp is what a file's identity on disk is: its inode and modification
// time.
type stamp struct {
	ino   uint64
	mtime time.Time
}

func stampOf(t *testing.T, path string) stamp {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		t.Skip("no inode numbers on this system")
	}
	return stamp{st.Ino, info.ModTime()}
}

// TestWriteOnlyChangedFiles writes a site twice and checks that files
// with the same bytes are the very same files (inode and mtime) while
// changed and new files are new, and that the site is exactly the second
// set of files.
func TestWriteOnlyChangedFiles(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "site")
	first := map[string][]byte{"index.html": []byte("same"), "a/b.html": []byte("old"), "gone.html": []byte("x"), "a/c.css": []byte("c")}
	if err := Write(site, root, first); err != nil {
		t.Fatal(err)
	}
	before := map[string]stamp{}
	for _, name := range []string{"index.html", "a/b.html", "a/c.css", ManifestName} {
		before[name] = stampOf(t, filepath.Join(site, name))
	}
	time.Sleep(20 * time.Millisecond) // so a rewritten file would get a later mtime
	second := map[string][]byte{"index.html": []byte("same"), "a/b.html": []byte("new"), "a/c.css": []byte("c"), "new.html": []byte("n")}
	if err := Write(site, root, second); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		kept bool
	}{
		{"index.html", true},
		{"a/c.css", true},
		{"a/b.html", false},
		{ManifestName, false}, // it lists other files now
	}
	for _, tt := range tests {
		if got := stampOf(t, filepath.Join(site, tt.name)); (got == before[tt.name]) != tt.kept {
			t.Errorf("%s: before %v, after %v; want kept = %v", tt.name, before[tt.name], got, tt.kept)
		}
	}
	got := readTree(t, site)
	delete(got, ManifestName)
	want := map[string]string{}
	for name, b := range second {
		want[name] = string(b)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("site = %v; want %v", got, want)
	}
	// A third write of the same files keeps every file, the manifest too.
	manifest := stampOf(t, filepath.Join(site, ManifestName))
	if err := Write(site, root, second); err != nil {
		t.Fatal(err)
	}
	if got := stampOf(t, filepath.Join(site, ManifestName)); got != manifest {
		t.Errorf("an unchanged manifest was rewritten")
	}
}

// TestFailedWriteLeavesSiteUntouched makes a write fail after some files
// were linked and checks that the current site is as it was, file by
// file, and that no temporary folder is left.
func TestFailedWriteLeavesSiteUntouched(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "site")
	files := map[string][]byte{"a": []byte("a"), "b.html": []byte("b")}
	if err := Write(site, root, files); err != nil {
		t.Fatal(err)
	}
	wantTree := readTree(t, site)
	stamps := map[string]stamp{}
	for name := range wantTree {
		stamps[name] = stampOf(t, filepath.Join(site, name))
	}
	// "a" is linked first, then "a/x.html" needs a folder where the file a is.
	bad := map[string][]byte{"a": []byte("a"), "a/x.html": []byte("x"), "b.html": []byte("changed")}
	if err := Write(site, root, bad); err == nil {
		t.Fatal("Write with a file and a folder of the same name succeeded")
	}
	if got := readTree(t, site); !reflect.DeepEqual(got, wantTree) {
		t.Errorf("site after a failed write = %v; want %v", got, wantTree)
	}
	for name, st := range stamps {
		if got := stampOf(t, filepath.Join(site, name)); got != st {
			t.Errorf("%s changed identity after a failed write", name)
		}
	}
	if entries, _ := os.ReadDir(root); len(entries) != 1 {
		t.Errorf("project folder holds %d entries after a failed write; want only site/", len(entries))
	}
}
