//go:build unix

package output

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestWriteModesFollowUmask checks that the site gets the modes any folder
// and file the user makes would get (0755 and 0644 minus the umask), not
// a temporary folder's 0700, on the first build and on a rebuild.
func TestWriteModesFollowUmask(t *testing.T) {
	tests := []struct {
		umask        int
		folder, file fs.FileMode
	}{
		{0o022, 0o755, 0o644},
		{0o027, 0o750, 0o640},
		{0o077, 0o700, 0o600},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%03o", tt.umask), func(t *testing.T) {
			old := syscall.Umask(tt.umask)
			defer syscall.Umask(old)
			root := t.TempDir()
			site := filepath.Join(root, "site")
			for i, body := range []string{"one", "two"} {
				files := map[string][]byte{"index.html": []byte(body), "a/b.html": []byte("same")}
				if err := Write(site, root, files); err != nil {
					t.Fatal(err)
				}
				for path, want := range map[string]fs.FileMode{
					"": tt.folder, "a": tt.folder, "index.html": tt.file, "a/b.html": tt.file, ManifestName: tt.file,
				} {
					info, err := os.Stat(filepath.Join(site, path))
					if err != nil {
						t.Fatal(err)
					}
					if got := info.Mode().Perm(); got != want {
						t.Errorf("build %d: mode of site/%s = %03o; want %03o", i+1, path, got, want)
					}
				}
			}
		})
	}
}

// TestWriteRemovesStaleTemps checks that a build removes the temporary
// folders killed builds left beside the output folder, and nothing else:
// not a running build's, not a recent one without a process id, not a
// folder evalbook did not name.
func TestWriteRemovesStaleTemps(t *testing.T) {
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip("cannot run true:", err)
	}
	dead := cmd.Process.Pid // has exited and been waited for
	root := t.TempDir()
	long := time.Now().Add(-2 * staleAge)
	tests := []struct {
		name  string
		mtime time.Time // zero: now
		kept  bool
	}{
		{fmt.Sprintf(".site.tmp-%d-123", dead), time.Time{}, false},
		{fmt.Sprintf(".site.tmp-%d-123.old", dead), time.Time{}, false},
		{".site.tmp-1-5", time.Time{}, true},  // pid 1 runs
		{".site.tmp-1-6", long, false},        // but a day-old folder is stale anyway
		{".site.tmp-4242", time.Time{}, true}, // older evalbook's name, recent
		{".site.tmp-4243", long, false},       // older evalbook's name, old
		{".site.tmp-notes", long, true},       // not a name evalbook makes
		{".other.tmp-1-1", long, true},        // another output folder's
		{"drafts", long, true},
	}
	for _, tt := range tests {
		path := filepath.Join(root, tt.name)
		if err := os.MkdirAll(filepath.Join(path, "sub"), 0o755); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(path, "sub", "f.html"), []byte("x"), 0o644)
		if !tt.mtime.IsZero() {
			os.Chtimes(path, tt.mtime, tt.mtime)
		}
	}
	if err := Write(filepath.Join(root, "site"), filepath.Join(root, "project"), map[string][]byte{"index.html": []byte("x")}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		_, err := os.Stat(filepath.Join(root, tt.name))
		if kept := err == nil; kept != tt.kept {
			t.Errorf("%s kept = %v; want %v", tt.name, kept, tt.kept)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "site", "index.html")); err != nil {
		t.Error(err)
	}
}
