package output

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestStateSeesEveryChange writes a site, observes it, and checks that the
// folder counts as unchanged until any one of its files or folders is
// touched, each change made at once after Observe (in the same clock tick
// as the build's own last changes, where time stamps alone would miss a
// rewrite with the same size).
func TestStateSeesEveryChange(t *testing.T) {
	files := map[string][]byte{"index.html": []byte("home"), "a/b.html": []byte("page b"), "a/c/d.css": []byte("css")}
	tests := []struct {
		name   string
		change func(site string) error
	}{
		{"nothing", func(string) error { return nil }},
		{"same bytes rewritten", func(site string) error {
			return os.WriteFile(filepath.Join(site, "a", "b.html"), []byte("page b"), 0o644)
		}},
		{"same size, old mtime put back", func(site string) error {
			p := filepath.Join(site, "index.html")
			info, err := os.Stat(p)
			if err != nil {
				return err
			}
			if err := os.WriteFile(p, []byte("HOME"), 0o644); err != nil {
				return err
			}
			return os.Chtimes(p, info.ModTime(), info.ModTime())
		}},
		{"chmod", func(site string) error { return os.Chmod(filepath.Join(site, "index.html"), 0o600) }},
		{"file removed", func(site string) error { return os.Remove(filepath.Join(site, "a", "c", "d.css")) }},
		{"file added", func(site string) error { return os.WriteFile(filepath.Join(site, "extra.html"), nil, 0o644) }},
		{"folder added", func(site string) error { return os.Mkdir(filepath.Join(site, "a", "new"), 0o755) }},
		{"file replaced by a copy", func(site string) error {
			p := filepath.Join(site, "a", "b.html")
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if err := os.WriteFile(p+".tmp", b, 0o644); err != nil {
				return err
			}
			return os.Rename(p+".tmp", p)
		}},
		{"hard link added", func(site string) error {
			return os.Link(filepath.Join(site, "index.html"), filepath.Join(t.TempDir(), "elsewhere"))
		}},
		{"site rewritten", func(site string) error { return Write(site, filepath.Dir(filepath.Dir(site)), files) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			site := filepath.Join(root, "out", "site")
			if err := Write(site, root, files); err != nil {
				t.Fatal(err)
			}
			st, err := Observe(site, files)
			if errors.Is(err, ErrNoState) {
				t.Skip(err)
			}
			if err != nil {
				t.Fatal(err)
			}
			if err := tt.change(site); err != nil {
				t.Fatal(err)
			}
			if got, want := Unchanged(site, st), tt.name == "nothing"; got != want {
				t.Errorf("Unchanged = %v, want %v", got, want)
			}
		})
	}
}

// TestObserveChecksTheFiles checks that Observe refuses a folder that does
// not hold exactly the files written, and that an empty State matches no
// folder.
func TestObserveChecksTheFiles(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "site")
	files := map[string][]byte{"index.html": []byte("home"), "a.html": []byte("a")}
	if err := Write(site, root, files); err != nil {
		t.Fatal(err)
	}
	if _, err := Observe(site, files); errors.Is(err, ErrNoState) {
		t.Skip(err)
	}
	for name, want := range map[string]map[string][]byte{
		"one file fewer": {"index.html": []byte("home")},
		"one file more":  {"index.html": []byte("home"), "a.html": []byte("a"), "b.html": []byte("b")},
		"another size":   {"index.html": []byte("home!"), "a.html": []byte("a")},
		"a file renamed": {"index.html": []byte("home"), "z.html": []byte("a")},
	} {
		if _, err := Observe(site, want); err == nil {
			t.Errorf("%s: Observe accepted the folder", name)
		}
	}
	if Unchanged(site, State{}) {
		t.Error("an empty State matched")
	}
	if Unchanged(filepath.Join(root, "missing"), State{Entries: []Entry{{Name: "."}}}) {
		t.Error("a missing folder matched")
	}
}
