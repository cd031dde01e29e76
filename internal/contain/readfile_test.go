package contain

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestReadFileAsOpen checks that ReadFile gives what reading through Open
// gives (readAll, fs.ReadFile's route): the same bytes and the same error
// for regular files, empty ones, files at and past the limit, links in
// and out, a named pipe, a folder, a missing file and a file in a folder
// that is a link; and that on Linux the regular files that are not links
// take readInDir's route.
func TestReadFileAsOpen(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	write := func(dir, name, body string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const limit = 64
	write(root, "a.md", "+++\ntitle = \"a\"\n+++\nText.\n")
	write(root, "empty.md", "")
	write(root, "at.md", strings.Repeat("x", limit))
	write(root, "past.md", strings.Repeat("x", limit+1))
	write(root, "casestudies/deep/b.md", "b\n")
	write(outside, "secret.md", "secret\n")
	write(outside, "other/c.md", "c\n")
	links := map[string]string{
		"in.md":    "a.md",
		"out.md":   filepath.Join(outside, "secret.md"),
		"outdir":   filepath.Join(outside, "other"),
		"indir":    "casestudies",
		"dangling": "nowhere.md",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(root, name)); err != nil {
			t.Skip("no symbolic links:", err)
		}
	}
	fifo := runtime.GOOS != "windows" && mkfifo(filepath.Join(root, "pipe.md")) == nil
	fsys, err := New(root, nil, limit)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		fast bool // read by readInDir on Linux
	}{
		{"a.md", true},
		{"empty.md", true},
		{"at.md", true},
		{"past.md", false},
		{"casestudies/deep/b.md", true},
		{"in.md", false},
		{"out.md", false},
		{"outdir/c.md", false},
		{"indir/deep/b.md", true},
		{"dangling", false},
		{"missing.md", false},
		{"casestudies", false},
		{"casestudies/missing/x.md", false},
		{".", false},
		{"../x.md", false},
		{"/a.md", false},
		{"pipe.md", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name == "pipe.md" && !fifo {
				t.Skip("no named pipe")
			}
			got, gotErr := fsys.ReadFile(tt.name)
			want, wantErr := readAll(fsys, tt.name)
			if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
				t.Fatalf("ReadFile error %v; Open's route %v", gotErr, wantErr)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("ReadFile = %q; Open's route %q", got, want)
			}
			if runtime.GOOS == "linux" {
				if _, ok := fsys.readInDir(tt.name); ok != tt.fast {
					t.Errorf("readInDir took it: %v; want %v", ok, tt.fast)
				}
			}
		})
	}
}

// TestReadFileSizeUnknown reads, through a folder linked to a data root,
// files whose stat says 0 bytes though they hold more (those of /proc):
// ReadFile reads on to the end, as Open's route does.
func TestReadFileSizeUnknown(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("/proc is Linux's")
	}
	root := t.TempDir()
	if err := os.Symlink("/proc/self", filepath.Join(root, "proc")); err != nil {
		t.Skip("no symbolic links:", err)
	}
	fsys, err := New(root, []string{"/proc/self"}, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat("/proc/self/cmdline"); err != nil || info.Size() != 0 {
		t.Skipf("/proc/self/cmdline: %v, %v; want a size of 0", info, err)
	}
	got, ok := fsys.readInDir("proc/cmdline")
	want, err := os.ReadFile("/proc/self/cmdline")
	if !ok || err != nil || len(want) == 0 || !bytes.Equal(got, want) {
		t.Errorf("readInDir(proc/cmdline) = %q, %v; os.ReadFile %q, %v", got, ok, want, err)
	}
}
