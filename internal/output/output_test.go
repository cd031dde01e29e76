package output

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		got[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestWriteReplacesPreviousSite(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "site")
	if err := Write(site, root, map[string][]byte{"index.html": []byte("one"), "a/b.html": []byte("b")}); err != nil {
		t.Fatal(err)
	}
	if err := Write(site, root, map[string][]byte{"index.html": []byte("two")}); err != nil {
		t.Fatal(err)
	}
	got := readTree(t, site)
	if got["index.html"] != "two" || got["a/b.html"] != "" {
		t.Errorf("site after second write = %v; want only the second build's files", got)
	}
	if !strings.Contains(got[ManifestName], "\nindex.html\n") {
		t.Errorf("manifest = %q; want it to list index.html", got[ManifestName])
	}
	entries, _ := os.ReadDir(root)
	if len(entries) != 1 {
		t.Errorf("project folder holds %d entries after two writes; want only site/ (temporary folders must be removed)", len(entries))
	}
}

func TestWriteRefusesDangerousTargets(t *testing.T) {
	root := t.TempDir()
	foreign := filepath.Join(root, "docs")
	os.MkdirAll(foreign, 0o755)
	os.WriteFile(filepath.Join(foreign, "notes.txt"), []byte("mine"), 0o644)

	owned := filepath.Join(root, "site")
	if err := Write(owned, root, map[string][]byte{"index.html": []byte("x")}); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(owned, "CNAME"), []byte("example.org"), 0o644)

	tests := []struct {
		name, dir, want string
	}{
		{"project root", root, "is the project folder or contains it"},
		{"parent of the project", filepath.Dir(root), "is the project folder or contains it"},
		{"folder with foreign files", foreign, "was not written by evalbook"},
		{"own site with an added file", owned, "holds CNAME, which evalbook did not write"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Write(tt.dir, root, map[string][]byte{"index.html": []byte("new")})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Write(%s) error = %v; want one containing %q", tt.dir, err, tt.want)
			}
		})
	}
	if b, _ := os.ReadFile(filepath.Join(foreign, "notes.txt")); string(b) != "mine" {
		t.Error("a refused write changed the user's file")
	}
}

func TestWriteEmptyFolderIsFine(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "out")
	os.Mkdir(site, 0o755)
	if err := Write(site, root, map[string][]byte{"index.html": []byte("x")}); err != nil {
		t.Fatalf("Write into an empty folder: %v", err)
	}
}

func TestWriteRejectsBadNames(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "site")
	for _, name := range []string{"../escape.html", "/abs.html", ManifestName} {
		if err := Write(site, root, map[string][]byte{name: nil}); err == nil {
			t.Errorf("Write with file %q succeeded; want an error", name)
		}
	}
	if _, err := os.Stat(site); !os.IsNotExist(err) {
		t.Error("a failed write left an output folder behind")
	}
}

// TestPutLent checks that the stream gives lent bytes back once written,
// each once, and writes what they held then.
func TestPutLent(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "site")
	st, err := Begin(site, root)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	back := map[string]int{}
	for _, name := range []string{"index.html", "items/a.html", "items/b.html"} {
		b := []byte("page " + name)
		err := st.PutLent(name, b, func(got []byte) {
			mu.Lock()
			defer mu.Unlock()
			back[string(got)]++
			for i := range got {
				got[i] = '#' // the caller writes the next page into it
			}
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Put("plain.html", []byte("plain")); err != nil {
		t.Fatal(err)
	}
	if err := st.PutLent("index.html", []byte("twice"), func([]byte) { t.Error("a refused file was given back") }); err == nil {
		t.Error("PutLent of a name put before: no error")
	}
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	got := readTree(t, site)
	for _, name := range []string{"index.html", "items/a.html", "items/b.html"} {
		if got[name] != "page "+name {
			t.Errorf("%s = %q; want %q", name, got[name], "page "+name)
		}
		if back["page "+name] != 1 {
			t.Errorf("%s given back %d times; want once", name, back["page "+name])
		}
	}
	if got["plain.html"] != "plain" {
		t.Errorf("plain.html = %q", got["plain.html"])
	}
}
