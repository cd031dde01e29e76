// Command examplegen rewrites the example project's generated data from
// synth.Example, or writes the benchmark corpus from synth.Bench:
//
//	go run ./cmd/examplegen [-dir .]
//	go run ./cmd/examplegen -bench -dir /tmp/corpus
//
// Without -bench it writes data/iterations.toml, data/items.jsonl,
// data/metrics/*.csv and data/annotations/*.csv under the project folder
// (the repository root by default) and never touches config.toml or
// Markdown. Generated files that the current spec no longer produces are
// removed, so data/ holds exactly what synth.Example describes; the synth
// package's tests fail when the committed data and the generator disagree.
//
// With -bench it writes the benchmark corpus instead (200 iterations,
// 100,000 metric rows, 100,000 ratings) together with its config.toml, so
// the whole program can be timed on it:
//
//	go run ./cmd/examplegen -bench -dir /tmp/corpus
//	go run ./cmd/evalbook build --source /tmp/corpus
//
// With -crowd it writes the crowd corpus (synth.Crowd: 300 raters, about
// 100,000 ratings, 10 rounds of 1,000 items) the same way, and with -live
// issue 11's live-preview corpus (synth.Live: 1,000,000 metric values,
// 1,000,000 ratings and 5,000 case studies under casestudies/).
//
// To keep a project from being overwritten by accident, -bench refuses a
// folder whose config.toml is not that of a benchmark corpus, and a folder
// that holds data/ but no config.toml. A folder that does not exist yet,
// an empty one and an earlier benchmark corpus are all fine.
package main

import (
	"bufio"
	"bytes"
	"errors"
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
	bench := flag.Bool("bench", false, "write the benchmark corpus (synth.Bench) with its config.toml instead of the example data")
	crowd := flag.Bool("crowd", false, "write the crowd corpus (synth.Crowd: 300 raters, about 100,000 ratings) with its config.toml instead of the example data")
	live := flag.Bool("live", false, "write the live-preview corpus (synth.Live: 1,000,000 metric values, 1,000,000 ratings, 5,000 case studies) with its config.toml instead of the example data")
	scale := flag.Bool("scale", false, "write a scale corpus of issue 13 (synth.Scale: about -ratings ratings and -values metric values) with its config.toml instead of the example data")
	ratings := flag.Int("ratings", 10_000_000, "with -scale: ratings to write (10 raters x 10 dimensions x 10 iterations per 1,000)")
	values := flag.Int("values", 10_000_000, "with -scale: metric values to write (5 metrics x 10 iterations per 50)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: examplegen [-bench | -crowd | -live | -scale [-ratings n] [-values n]] [-dir folder]\n\n"+
			"Rewrites the example project's data/ from internal/synth, or with -bench\n"+
			"or another corpus flag writes a benchmark corpus and its config.toml to the folder.\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	run := runExample
	switch {
	case btoi(*bench)+btoi(*crowd)+btoi(*live)+btoi(*scale) > 1:
		flag.Usage()
		os.Exit(2)
	case *bench:
		run = func(dir string) error { return runBench(dir, synth.Bench()) }
	case *crowd:
		run = func(dir string) error { return runBench(dir, synth.Crowd()) }
	case *live:
		run = func(dir string) error { return runBench(dir, synth.Live()) }
	case *scale:
		run = func(dir string) error { return runBench(dir, synth.Scale(*ratings, *values)) }
	}
	if err := run(*dir); err != nil {
		fmt.Fprintln(os.Stderr, "examplegen:", err)
		os.Exit(1)
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// runExample writes the example data under dir and removes stale generated
// files.
func runExample(dir string) error {
	n, err := generate(dir, synth.Example(), false)
	if err != nil {
		return err
	}
	fmt.Printf("wrote %d files under %s\n", n, filepath.Join(dir, "data"))
	return nil
}

// runBench writes a benchmark corpus under dir after checking that dir
// is not some other project.
func runBench(dir string, spec synth.Spec) error {
	if err := checkBenchDir(dir, spec.Config); err != nil {
		return err
	}
	n, err := generate(dir, spec, true)
	if err != nil {
		return err
	}
	fmt.Printf("wrote the benchmark corpus (%d files) to %s\n", n, dir)
	return nil
}

// generate writes the files of spec under dir, after removing generated
// files under dir/data that spec no longer produces. Every file must lie
// under data/, except config.toml when withConfig is set. It returns the
// number of files written.
func generate(dir string, spec synth.Spec, withConfig bool) (int, error) {
	files, err := synth.Files(spec)
	if err != nil {
		return 0, err
	}
	keep := map[string]bool{}
	for _, f := range files {
		if !strings.HasPrefix(f.Path, "data/") && !(withConfig && (f.Path == "config.toml" || strings.HasPrefix(f.Path, "casestudies/"))) {
			return 0, fmt.Errorf("generator produced %s outside data/", f.Path)
		}
		keep[f.Path] = true
	}
	if err := removeStale(dir, keep); err != nil {
		return 0, err
	}
	if err := synth.Write(dir, spec); err != nil {
		return 0, err
	}
	return len(files), nil
}

// checkBenchDir reports whether the benchmark corpus, whose config.toml is
// benchConfig, may be written to dir: dir must not exist, or hold a
// config.toml with the corpus's title line, or hold neither config.toml nor
// data/.
func checkBenchDir(dir, benchConfig string) error {
	cfgPath := filepath.Join(dir, "config.toml")
	data, err := os.ReadFile(cfgPath)
	switch {
	case err == nil:
		if !isBenchConfig(data, benchConfig) {
			return fmt.Errorf("%s is not the config of a benchmark corpus; refusing to overwrite that project (choose an empty folder with -dir)", cfgPath)
		}
		return nil
	case !errors.Is(err, fs.ErrNotExist):
		return err
	}
	if _, err := os.Stat(filepath.Join(dir, "data")); err == nil {
		return fmt.Errorf("%s holds data/ but no config.toml; refusing to overwrite it (choose an empty folder with -dir)", dir)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// isBenchConfig reports whether data is the config.toml of a benchmark
// corpus: its first line that is neither blank nor a comment is the first
// line of benchConfig (the corpus's title), so a corpus written by an
// older generator is recognised too.
func isBenchConfig(data []byte, benchConfig string) bool {
	want, _, _ := strings.Cut(benchConfig, "\n")
	want = strings.TrimSpace(want)
	if want == "" {
		return false
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		return line == want
	}
	return false
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
