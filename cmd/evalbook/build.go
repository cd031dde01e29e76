package main

import (
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/evalbook/evalbook/internal/build"
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
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if !*quiet {
		o.Log = stderr
	}
	start := time.Now()
	res, err := build.Build(*o)
	if err != nil {
		fmt.Fprintf(stderr, "evalbook: build failed: %v\n", err)
		return exitFailed
	}
	if !*quiet {
		fmt.Fprintf(stdout, "built %d pages in %s: %s\n", res.Pages, time.Since(start).Round(time.Millisecond), res.Output)
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
