package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzConfig loads fuzzed config files: each either loads into a config
// that passes its own validation or fails naming the file; never a panic.
func FuzzConfig(f *testing.F) {
	for _, file := range []string{"../../config.toml", "../../cmd/evalbook/skeleton/config.toml"} {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(string(b))
		}
	}
	for _, s := range []string{
		"[analysis]\nresamples = -5\n",
		"[analysis]\nresamples = 0x10\nconfidence = inf\n",
		"[[sources]]\npath = \"data/*.csv\"\nkind = \"annotations\"\nsystem_a = \"a\"\n",
		"[dimensions.help]\nscale = \"ordinal\"\nmin = 1\nmax = 5\n[ingest]\non_bad_value = \"skip\"\n",
		"title = \"\u202e\"\n[metrics.\"a b\"]\nmin = 1_000.5\n",
	} {
		f.Add(s)
	}
	dir := f.TempDir()
	path := filepath.Join(dir, "config.toml")
	f.Fuzz(func(t *testing.T, src string) {
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		c, err := Load(path, false)
		if err != nil {
			if !strings.HasPrefix(err.Error(), path) {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if err := c.validate(); err != nil {
			t.Fatalf("loaded a config that fails validation: %v", err)
		}
	})
}
