package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/evalbook/evalbook/internal/build"
	"github.com/evalbook/evalbook/internal/progress"
)

// projectFlags registers the flags that select a project, shared by build
// and check.
func projectFlags(fs *flag.FlagSet) *build.Options {
	var o build.Options
	fs.StringVar(&o.Source, "source", "", "project `folder` (default: the folder of --config, or the current folder)")
	fs.StringVar(&o.Config, "config", "", "config `file` (default: <source>/config.toml; optional)")
	return &o
}

func runBuild(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("build", "Reads the project, analyses it and writes the site to its output folder.\nThe previous site stays untouched unless the whole build succeeds.", stderr)
	o := projectFlags(fs)
	fs.StringVar(&o.Output, "output", "", "output `folder` (default: paths.output from the config, site/)")
	fs.StringVar(&o.BaseURL, "baseURL", "", "`URL` the site is published at, overriding the config's baseURL")
	quiet := fs.Bool("quiet", false, "print nothing but errors")
	noCache := fs.Bool("no-cache", false, "read every file again, neither using nor updating the cache (see evalbook clean)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	rep := reporter(o, stderr, *quiet)
	start := time.Now()
	var res build.Result
	var err error
	if *noCache {
		res, err = build.Build(*o)
	} else {
		res, err = cachedBuild(*o, rep, *quiet)
	}
	rep.Done()
	if err != nil {
		fmt.Fprintf(stderr, "evalbook: build failed: %v\n", err)
		return exitFailed
	}
	if !*quiet {
		fmt.Fprintf(stdout, "built %d pages in %s: %s\n", res.Pages, time.Since(start).Round(time.Millisecond), res.Output)
	}
	return exitOK
}

// reporter returns the progress Reporter of a build or check on stderr,
// set as o's Log and Progress: a status line when stderr is a terminal, the
// plain stage lines when it is not, and nil with quiet (nothing but
// errors).
func reporter(o *build.Options, stderr io.Writer, quiet bool) *progress.Reporter {
	if quiet {
		return nil
	}
	rep := progress.New(stderr, progress.IsTerminal(stderr), time.Now)
	o.Log, o.Progress = rep, rep
	return rep
}

// cachedBuild builds through a session on the project's cache folder. A
// cache that cannot be found or written costs speed, never the build: it
// is a warning.
func cachedBuild(o build.Options, stderr io.Writer, quiet bool) (build.Result, error) {
	cfg, err := build.LoadConfig(o)
	if err != nil {
		return build.Result{}, err
	}
	dir, err := build.CacheDir(cfg.Root)
	if err != nil {
		if !quiet {
			fmt.Fprintf(stderr, "warning: %v; building without a cache\n", err)
		}
		return build.Build(o)
	}
	s := build.NewSession(dir)
	res, err := s.Build(o)
	if cerr := s.Err(); cerr != nil && !quiet {
		fmt.Fprintf(stderr, "warning: %v\n", cerr)
	}
	if err == nil && !quiet {
		fmt.Fprintf(stderr, "cache: %s\n", s.Stats())
	}
	return res, err
}

func runClean(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("clean", "Removes the project's build cache (kept outside the project, in the user's cache folder),\nso the next build reads every file again. The site is left as it is.", stderr)
	o := projectFlags(fs)
	quiet := fs.Bool("quiet", false, "print nothing but errors")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	cfg, err := build.LoadConfig(*o)
	if err != nil {
		fmt.Fprintf(stderr, "evalbook: clean failed: %v\n", err)
		return exitFailed
	}
	dir, err := build.CacheDir(cfg.Root)
	if err == nil {
		err = os.RemoveAll(dir)
	}
	if err != nil {
		fmt.Fprintf(stderr, "evalbook: clean failed: %v\n", err)
		return exitFailed
	}
	if !*quiet {
		fmt.Fprintf(stdout, "removed the cache %s\n", dir)
	}
	return exitOK
}

func runVersion(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("version", "Prints the version of evalbook.", stderr)
	if code, ok := parse(fs, args); !ok {
		return code
	}
	fmt.Fprintf(stdout, "evalbook %s\n", version())
	return exitOK
}
