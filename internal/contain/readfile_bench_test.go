package contain

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkReadFile reads 500 documents of 2.4 KB in a folder, as the
// knowledge base's case studies are read: ReadFile (what fs.ReadFile
// takes) and Open's route (readAll), one op each for all 500.
func BenchmarkReadFile(b *testing.B) {
	root := b.TempDir()
	dir := filepath.Join(root, "casestudies")
	if err := os.Mkdir(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	body := []byte("+++\ntitle = \"x\"\n+++\n" + strings.Repeat("Some prose of a case study. ", 85))
	names := make([]string, 500)
	for i := range names {
		names[i] = fmt.Sprintf("casestudies/kb-%04d.md", i)
		if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(names[i])), body, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	fsys, err := New(root, nil, 1<<20)
	if err != nil {
		b.Fatal(err)
	}
	routes := map[string]func(fs.FS, string) ([]byte, error){"ReadFile": fs.ReadFile, "Open": readAll}
	for _, route := range []string{"ReadFile", "Open"} {
		read := routes[route]
		b.Run(route, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, name := range names {
					if _, err := read(fsys, name); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
