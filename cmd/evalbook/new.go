package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"github.com/evalbook/evalbook/internal/build"
	"github.com/evalbook/evalbook/internal/ingest"
)

// now is the clock `evalbook new` dates documents by; tests replace it.
var now = time.Now

const newSummary = `Writes a new case study or decision from a skeleton:
  evalbook new [flags] casestudy "Title"   -> <casestudies>/<slug>.md
  evalbook new [flags] decision "Title"    -> <content>/decisions/<slug>.md
The file name is a slug of the title; the front matter has today's date and
the project's latest iteration. An existing file is never overwritten. The
path written is printed.`

func runNew(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("new", newSummary, stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: evalbook new [flags] casestudy|decision \"Title\"\n\n%s\n\nFlags:\n", newSummary)
		fs.PrintDefaults()
	}
	o := projectFlags(fs)
	// Flags may come before or after the kind: parse what precedes it, then
	// what follows.
	var pos []string
	rest := args
	for {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return exitOK
			}
			return exitUsage
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if len(pos) != 2 || (pos[0] != "casestudy" && pos[0] != "decision") {
		fmt.Fprintln(stderr, `evalbook: new needs a kind (casestudy or decision) and a title, such as: evalbook new decision "Ship v7"`)
		fs.Usage()
		return exitUsage
	}
	kind, title := pos[0], strings.TrimSpace(pos[1])
	name := slugOf(title)
	if name == "" {
		fmt.Fprintf(stderr, "evalbook: new: the title %q has no letters or digits to name the file by\n", title)
		return exitUsage
	}
	cfg, err := build.LoadConfig(*o)
	if err != nil {
		fmt.Fprintf(stderr, "evalbook: new failed: %v\n", err)
		return exitFailed
	}
	latest := ""
	fsys, err := ingest.ProjectFS(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "evalbook: new failed: %v\n", err)
		return exitFailed
	}
	if p, _, err := ingest.Load(cfg, fsys); err != nil {
		fmt.Fprintf(stderr, "warning: the project does not build (%v); leaving iterations empty\n", err)
	} else if n := len(p.Iterations); n > 0 {
		latest = p.Iterations[n-1].ID
	}
	dir := cfg.Path(cfg.Paths.CaseStudies)
	body := caseStudySkeleton
	if kind == "decision" {
		dir, body = filepath.Join(cfg.Path(cfg.Paths.Content), "decisions"), decisionSkeleton
	}
	path := filepath.Join(dir, name+".md")
	iters := "[]"
	if latest != "" {
		iters = "[" + tomlString(latest) + "]"
	}
	text := fmt.Sprintf(body, tomlString(title), now().Format(time.DateOnly), iters)
	if err := writeNew(path, text); err != nil {
		fmt.Fprintf(stderr, "evalbook: new failed: %v\n", err)
		return exitFailed
	}
	fmt.Fprintln(stdout, path)
	return exitOK
}

// writeNew creates path with text, and its folder; an existing file is an
// error and is left as it is.
func writeNew(path, text string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s exists; choose another title or edit that file", path)
	}
	if err != nil {
		return err
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// slugOf makes a file name of a title: lower-case letters and digits, runs
// of anything else as one "-", none at either end.
func slugOf(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	return b.String()
}

// tomlString quotes s as a TOML basic string (JSON's escapes are TOML's).
func tomlString(s string) string {
	b, _ := json.Marshal(s)
	return strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(string(b))
}

const caseStudySkeleton = `+++
title = %s
date = %s
summary = ""
iterations = %s
tags = []
status = "planned"
hypothesis = ""
# owner = ""
# metrics = []
# dimensions = []
# State the experiment before its result and evalbook evaluates it:
# baseline = ""
# candidate = ""
# primary = ""
# min_effect = 0.0
# planned_n = 0
# stopping_rule = ""
+++

## Why we tried it

## Hypothesis

## Experiment

## Results

## Outcome
`

const decisionSkeleton = `+++
title = %s
date = %s
summary = ""
iterations = %s
tags = []
decision = "hold"        # ship, rollback, hold, change-guidelines, change-metrics or process
decided_by = []
# approved_by = []
# risk = "low"            # low, medium or high
# supersedes = ""         # an earlier decision's slug, such as "decisions/hold-v6"
evidence = []            # site paths ("/casestudies/x.md", "/metrics/m.html") or URLs
# [escalation]
# to = ""
# why = ""
# status = "open"         # open or resolved
# [[follow_ups]]
# text = ""
# owner = ""
# due = 2026-01-31
# done = false
+++

## Decision

## Rationale
`
