// Command evalbook builds a static site that documents a model's iterations
// from metric CSVs, human ratings and Markdown case studies and decisions.
//
// Usage:
//
//	evalbook build   [flags]   build the site into site/
//	evalbook check   [flags]   read and analyse the project without writing a site
//	evalbook serve   [flags]   serve the site from memory and rebuild it on every change
//	evalbook clean   [flags]   remove the project's build cache
//	evalbook new     [flags] casestudy|decision "Title"   write a new document
//	evalbook init    [DIR]     start a project
//	evalbook version           print the version
//
// Run "evalbook <command> --help" for a command's flags. Exit codes: 0 when
// the command succeeded, 1 when the build or check failed, 2 for bad usage.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
)

const usage = `evalbook builds a browsable static site from model-evaluation data:
metric CSVs, human ratings and Markdown case studies and decision logs.

Usage:
  evalbook <command> [flags]

Commands:
  build     read, analyse and render the project into its output folder (site/)
  check     read and analyse the project without writing anything
  serve     serve a live preview of the site, rebuilt on every change
  clean     remove the project's build cache (the next build reads every file)
  new       write a new case study or decision: evalbook new decision "Title"
  init      start a project in a folder: config, folders, .gitignore, Pages workflow
  version   print the version

Run "evalbook <command> --help" for the flags of a command.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the command line args and returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "build":
		return runBuild(args[1:], stdout, stderr)
	case "check":
		return runCheck(args[1:], stdout, stderr)
	case "serve":
		return runServe(args[1:], stdout, stderr)
	case "clean":
		return runClean(args[1:], stdout, stderr)
	case "new":
		return runNew(args[1:], stdout, stderr)
	case "init":
		return runInit(args[1:], stdout, stderr)
	case "version":
		return runVersion(args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "evalbook: unknown command %q\n\n%s", args[0], usage)
	return exitUsage
}

// newFlagSet returns a flag set for a command that prints its usage with a
// one-line summary.
func newFlagSet(name, summary string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("evalbook "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: evalbook %s [flags]\n\n%s\n\nFlags:\n", name, summary)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args and turns flag errors into an exit code; ok is false
// when the caller should return code at once.
func parse(fs *flag.FlagSet, args []string) (code int, ok bool) {
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return exitOK, false
	case err != nil:
		return exitUsage, false
	case fs.NArg() > 0:
		fmt.Fprintf(fs.Output(), "evalbook: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return exitUsage, false
	}
	return exitOK, true
}
