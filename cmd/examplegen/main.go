// Command examplegen rewrites the example project's generated data from
// synth.Example:
//
//	go run ./cmd/examplegen [-dir .]
//
// It writes data/iterations.toml, data/items.jsonl, data/metrics/*.csv and
// data/annotations/*.csv under the project folder (the repository root by
// default) and never touches config.toml or Markdown. Generated files that
// the current spec no longer produces are removed, so data/ holds exactly
// what synth.Example describes; the synth package's tests fail when the
// committed data and the generator disagree.
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/evalbook/evalbook/internal/synth"
)

func main() {
	dir := flag.String("dir", ".", "project folder whose data/ is rewritten")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: examplegen [-dir folder]\n\n"+
			"Rewrites the example project's data/ from internal/synth.\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*dir); err != nil {
		fmt.Fprintln(os.Stderr, "examplegen:", err)
		os.Exit(1)
	}
}

// run writes the example data under dir and removes stale generated files.
func run(dir string) error {
	spec := synth.Example()
	files, err := synth.Files(spec)
	if err != nil {
		return err
	}
	keep := map[string]bool{}
	for _, f := range files {
		if !strings.HasPrefix(f.Path, "data/") {
			return fmt.Errorf("generator produced %s outside data/", f.Path)
		}
		keep[f.Path] = true
	}
	if err := removeStale(dir, keep); err != nil {
		return err
	}
	if err := synth.Write(dir, spec); err != nil {
		return err
	}
	fmt.Printf("wrote %d files under %s\n", len(files), filepath.Join(dir, "data"))
	return nil
}

// removeStale deletes CSV, JSONL and TOML files under dir/data that the
// generator no longer writes.
func removeStale(dir string, keep map[string]bool) error {
	root := filepath.Join(dir, "data")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		switch filepath.Ext(rel) {
		case ".csv", ".jsonl", ".toml":
			if !keep[rel] {
				return os.Remove(path)
			}
		}
		return nil
	})
	if os.IsNotExist(err) {
		return nil
	}
	return err
}
