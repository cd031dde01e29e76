package main

import (
	_ "embed"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

//go:embed skeleton/config.toml
var skeletonConfig string

const initSummary = `Starts a project in DIR (default: the current folder): a config.toml with
every key commented out, the input folders, a .gitignore for the site, and a
GitHub Pages workflow that builds and checks the project with the evalbook
action. Existing files are left as they are; a folder that already has a
config.toml is refused.`

// initFolders are the folders a new project starts with.
var initFolders = []string{"data/metrics", "data/annotations", "casestudies", "content/decisions", "content/guidelines"}

func runInit(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("init", initSummary, stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: evalbook init [DIR]\n\n%s\n", initSummary)
	}
	dir := "."
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		dir, args = args[0], args[1:]
	}
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if _, err := os.Stat(filepath.Join(dir, "config.toml")); err == nil {
		fmt.Fprintf(stderr, "evalbook: init: %s already has a config.toml; nothing was written\n", dir)
		return exitFailed
	}
	files := map[string]string{
		"config.toml":                      skeletonConfig,
		".gitignore":                       "# The site evalbook builds (the build cache lives outside the project).\n/site/\n",
		".github/workflows/evalbook.yml":   workflow(actionRef(version())),
		"data/iterations.toml":             iterationsSkeleton,
		"content/guidelines/guidelines.md": guidelinesSkeleton,
	}
	var wrote []string
	for _, d := range initFolders {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			fmt.Fprintf(stderr, "evalbook: init failed: %v\n", err)
			return exitFailed
		}
	}
	for _, name := range []string{"config.toml", ".gitignore", "data/iterations.toml", "content/guidelines/guidelines.md", ".github/workflows/evalbook.yml"} {
		path := filepath.Join(dir, name)
		if _, err := os.Stat(path); err == nil {
			fmt.Fprintf(stderr, "kept the existing %s\n", path)
			continue
		}
		if err := writeNew(path, files[name]); err != nil {
			fmt.Fprintf(stderr, "evalbook: init failed: %v\n", err)
			return exitFailed
		}
		wrote = append(wrote, path)
	}
	for _, p := range wrote {
		fmt.Fprintln(stdout, p)
	}
	fmt.Fprintf(stdout, "\nNext: put metric files in %s, then run: evalbook build --source %s\n", filepath.Join(dir, "data/metrics"), dir)
	return exitOK
}

// pseudo matches a Go pseudo-version's tail (a build of an untagged commit).
var pseudo = regexp.MustCompile(`\d{14}-[0-9a-f]{12}(\+.*)?$`)

// actionRef is the ref of the evalbook action a new project's workflow
// uses: this binary's tagged version, or main for an untagged build.
func actionRef(v string) string {
	if !strings.HasPrefix(v, "v") || pseudo.MatchString(v) || strings.Contains(v, "+") {
		return "main"
	}
	return v
}

// workflow is the GitHub Pages workflow of a new project.
func workflow(ref string) string {
	return strings.ReplaceAll(workflowTemplate, "@REF", "@"+ref)
}

const workflowTemplate = `# Builds the evalbook site on every push to main, publishes it to GitHub
# Pages, and runs the release gate (evalbook check). Enable Pages under
# Settings -> Pages -> Source: "GitHub Actions".
name: evalbook

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - id: pages
        uses: actions/configure-pages@v5
      - uses: evalbook/evalbook@REF
        with:
          base-url: ${{ steps.pages.outputs.base_url }}/
          # The gate does not hold back the deploy: the report is most
          # needed when the gate fails. Make the step that ships your model
          # depend on it instead.
          check: "false"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: site

  gate:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: evalbook/evalbook@REF
        with:
          build: "false"
          fail-on: error

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
`

const iterationsSkeleton = `# The iterations of the model, in order. Each may name its baseline, the
# iteration it is compared with (default: the previous one).
#
# [[iteration]]
# id = "v1"
# date = 2026-01-12
# description = "Starting point."
#
# [[iteration]]
# id = "v2"
# date = 2026-01-26
# baseline = "v1"
# description = "What changed."
`

const guidelinesSkeleton = `+++
title = "Rating guidelines"
guideline_version = "1"
# effective_from = "v1"     # the first iteration rated under this version
# dimensions = []           # the dimensions it governs; none: every dimension
+++

How raters judge the answers. When the guidelines change, copy this file,
raise guideline_version and set effective_from: the agreement charts mark
the change.
`
