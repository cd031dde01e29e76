package output

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestManyFolders writes a site of more folders than a dirWriter keeps
// open, its files put in turn across the folders so that folders are
// closed and opened again, twice: the site must be exactly the files put
// each time, a file with the same bytes as before the very same file, a
// changed one new, and no folder left open after either build.
func TestManyFolders(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "site")
	const folders = 2*maxOpenDirs + 3
	// build returns the files of build gen in the order they are put: f0
	// of every folder, then f1, then f2; f1 changes between builds.
	build := func(gen int) (names []string, files map[string][]byte) {
		files = map[string][]byte{}
		add := func(name, body string) {
			names = append(names, name)
			files[name] = []byte(body)
		}
		for f := range 3 {
			for d := range folders {
				name := fmt.Sprintf("d%03d/sub/f%d.html", d, f)
				if d%2 == 0 {
					name = fmt.Sprintf("d%03d/f%d.html", d, f)
				}
				add(name, fmt.Sprintf("%s %d", name, gen*(f%2)))
			}
		}
		add("index.html", "root")
		if gen == 1 {
			add("new/only.html", "new folder")
		}
		return names, files
	}
	fds := openFDs(t)
	var before map[string]stamp
	for gen := range 2 {
		names, files := build(gen)
		st, err := Begin(site, root)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range names {
			if err := st.Put(name, files[name]); err != nil {
				t.Fatal(err)
			}
		}
		if err := st.Commit(); err != nil {
			t.Fatal(err)
		}
		got := readTree(t, site)
		delete(got, ManifestName)
		want := map[string]string{}
		for name, b := range files {
			want[name] = string(b)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("build %d: site has %d files, want %d (or their bytes differ)", gen+1, len(got), len(want))
		}
		if n := openFDs(t); n != fds {
			t.Errorf("build %d: %d files open after the build, %d before", gen+1, n, fds)
		}
		now := map[string]stamp{}
		for name := range files {
			now[name] = stampOf(t, filepath.Join(site, name))
		}
		if before != nil {
			for name, s := range now {
				old, had := before[name]
				kept := had && old == s
				wantKept := had && !strings.HasSuffix(name, "f1.html")
				if kept != wantKept {
					t.Errorf("%s kept = %v; want %v", name, kept, wantKept)
				}
			}
		}
		before = now
	}
}

// openFDs counts the process's open files.
func openFDs(t *testing.T) int {
	t.Helper()
	es, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip(err)
	}
	return len(es)
}
