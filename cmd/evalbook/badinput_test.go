package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// badInputRow matches a row of README.md's table of bad input, and the
// message is the first code span of its second cell.
var (
	badInputRow = regexp.MustCompile("^\\| (.+?) \\| (.+) \\|$")
	codeSpan    = regexp.MustCompile("`([^`]+)`")
)

// readmeBadInput returns the messages of README.md's "Bad input" table.
func readmeBadInput(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "\n## Bad input\n")
	if !ok {
		t.Fatal(`README.md has no "## Bad input" section`)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	var msgs []string
	for _, line := range strings.Split(section, "\n") {
		m := badInputRow.FindStringSubmatch(line)
		if m == nil || m[1] == "Bad input" || strings.HasPrefix(m[1], "---") {
			continue
		}
		c := codeSpan.FindStringSubmatch(m[2])
		if c == nil {
			t.Errorf("README.md's bad-input row %q has no message in backquotes", line)
			continue
		}
		msgs = append(msgs, c[1])
	}
	if len(msgs) == 0 {
		t.Fatal("README.md's bad-input table has no rows")
	}
	return msgs
}

// TestBadInputTable walks README.md's table of bad input: every row's
// message has a fixture in testdata/badinput/<case>/ (a project, want.txt
// with the message, and args.txt when the command line is not "build
// --source <the case>"), every fixture's message is a row, and building
// each fixture fails (exit 1) with that message on stderr. So the table
// and the program cannot drift apart: a row needs a failing fixture, and a
// fixture needs its row.
func TestBadInputTable(t *testing.T) {
	rows := readmeBadInput(t)
	cases, err := filepath.Glob("testdata/badinput/*/want.txt")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	covered := map[string]bool{}
	for _, wantFile := range cases {
		dir := filepath.Dir(wantFile)
		b, err := os.ReadFile(wantFile)
		if err != nil {
			t.Fatal(err)
		}
		want := strings.TrimSpace(string(b))
		covered[want] = true
		t.Run(filepath.Base(dir), func(t *testing.T) {
			if !slices.Contains(rows, want) {
				t.Errorf("README.md's bad-input table has no row with the message %q", want)
			}
			args := []string{"build", "--source", dir}
			if b, err := os.ReadFile(filepath.Join(dir, "args.txt")); err == nil {
				args = strings.Fields(string(b))
			}
			args = append(args, "--output", filepath.Join(t.TempDir(), "site"), "--quiet", "--no-cache")
			var stdout, stderr bytes.Buffer
			code := run(args, &stdout, &stderr)
			if code != exitFailed {
				t.Errorf("exit code %d; want %d (stderr %q)", code, exitFailed, stderr.String())
			}
			if !strings.Contains(stderr.String(), want) {
				t.Errorf("stderr\n%s\nlacks\n%s", stderr.String(), want)
			}
		})
	}
	for _, msg := range rows {
		if !covered[msg] {
			t.Errorf("README.md's bad-input row %q has no fixture in testdata/badinput", msg)
		}
	}
}
