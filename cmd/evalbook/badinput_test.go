package main

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/evalbook/evalbook/internal/build"
	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/contain"
	"github.com/evalbook/evalbook/internal/ingest"
	"github.com/evalbook/evalbook/internal/number"
	"github.com/evalbook/evalbook/internal/render"
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
// with the message, args.txt when the command line is not "build --source
// <the case>", setup.txt for what git cannot hold), every fixture's message
// is a row, and building each fixture fails (exit 1) with that message on
// stderr. So the table and the program cannot drift apart: a row needs a
// failing fixture, and a fixture needs its row.
//
// In want.txt, {project} stands for the fixture's absolute path (the README
// may show any path there) and {any} for any text (a size, a path outside
// the project). setup.txt lines, run in a copy of the fixture, are
// "symlink LINK TARGET" (TARGET as written; {project} allowed), "fifo PATH",
// "sparse PATH BYTES" (a file of that size without its blocks) and
// "fill PATH BYTES" (that many x's appended, a line too long for git).
func TestBadInputTable(t *testing.T) {
	rows := readmeBadInput(t)
	cases, err := filepath.Glob("testdata/badinput/*/want.txt")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	covered := map[string]bool{}
	for _, wantFile := range cases {
		src := filepath.Dir(wantFile)
		b, err := os.ReadFile(wantFile)
		if err != nil {
			t.Fatal(err)
		}
		want := strings.TrimSpace(string(b))
		readmeRE := wantPattern(want, ".*")
		for _, row := range rows {
			if readmeRE.MatchString(row) {
				covered[row] = true
			}
		}
		t.Run(filepath.Base(src), func(t *testing.T) {
			if !slices.ContainsFunc(rows, readmeRE.MatchString) {
				t.Errorf("README.md's bad-input table has no row with the message %q", want)
			}
			dir := copyFixture(t, src)
			args := []string{"build", "--source", dir}
			if b, err := os.ReadFile(filepath.Join(src, "args.txt")); err == nil {
				args = strings.Fields(strings.ReplaceAll(string(b), "{project}", dir))
			}
			args = append(args, "--output", filepath.Join(t.TempDir(), "site"), "--quiet", "--no-cache")
			var stdout, stderr bytes.Buffer
			code := run(args, &stdout, &stderr)
			if code != exitFailed {
				t.Errorf("exit code %d; want %d (stderr %q)", code, exitFailed, stderr.String())
			}
			if !wantPattern(strings.ReplaceAll(want, "{project}", dir), ".*").MatchString(stderr.String()) {
				t.Errorf("stderr\n%s\nlacks\n%s", stderr.String(), want)
			}
			checkKinds(t, src, dir)
		})
	}
	for _, msg := range rows {
		if !covered[msg] {
			t.Errorf("README.md's bad-input row %q has no fixture in testdata/badinput", msg)
		}
	}
}

// errorKinds are the kinds a fixture's kind.txt may name, each found with
// errors.Is; render.TemplateError, a type, with errors.As.
var errorKinds = map[string]error{
	"ingest.ErrSyntax": ingest.ErrSyntax, "ingest.ErrBadValue": ingest.ErrBadValue,
	"ingest.ErrDuplicateKey": ingest.ErrDuplicateKey, "ingest.ErrType": ingest.ErrType,
	"ingest.ErrFieldTooLong": ingest.ErrFieldTooLong, "ingest.ErrNameTooLong": ingest.ErrNameTooLong,
	"ingest.ErrTooManyColumns": ingest.ErrTooManyColumns, "ingest.ErrNoFrontMatter": ingest.ErrNoFrontMatter,
	"number.ErrSyntax": number.ErrSyntax, "number.ErrRange": number.ErrRange,
	"contain.ErrOutside": contain.ErrOutside, "contain.ErrNotRegular": contain.ErrNotRegular,
	"contain.ErrTooLarge": contain.ErrTooLarge, "config.ErrInvalid": config.ErrInvalid,
	"fs.ErrNotExist": fs.ErrNotExist,
}

// checkKinds builds the fixture copied to dir in process and checks that
// the error has every kind its kind.txt names (space-separated), so that
// callers can tell the classes of README.md's table apart with errors.Is.
// A fixture run with its own arguments (args.txt) is checked by its
// message only; every other fixture must name at least one kind.
func checkKinds(t *testing.T, src, dir string) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(src, "args.txt")); err == nil {
		return
	}
	b, err := os.ReadFile(filepath.Join(src, "kind.txt"))
	if err != nil || len(strings.Fields(string(b))) == 0 {
		t.Errorf("%s has no kind.txt naming the error's kinds", src)
		return
	}
	_, err = build.Build(build.Options{Source: dir, Output: filepath.Join(t.TempDir(), "site")})
	for _, name := range strings.Fields(string(b)) {
		if name == "render.TemplateError" {
			var te *render.TemplateError
			if !errors.As(err, &te) {
				t.Errorf("error %q is no render.TemplateError", err)
			}
			continue
		}
		kind, ok := errorKinds[name]
		switch {
		case !ok:
			t.Errorf("%s/kind.txt names %q, which is no kind", src, name)
		case !errors.Is(err, kind):
			t.Errorf("error %q: errors.Is(err, %s) is false", err, name)
		}
	}
}

// wantPattern returns a regular expression that finds want in a text,
// with {project} and {any} matching any.
func wantPattern(want, any string) *regexp.Regexp {
	q := regexp.QuoteMeta(want)
	q = strings.ReplaceAll(q, regexp.QuoteMeta("{project}"), any)
	q = strings.ReplaceAll(q, regexp.QuoteMeta("{any}"), any)
	return regexp.MustCompile("(?s)" + q)
}

// copyFixture copies the fixture src (but its want, args and setup files)
// into a new folder and runs its setup.txt there; it returns the folder.
func copyFixture(t *testing.T, src string) string {
	t.Helper()
	dir := t.TempDir()
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, rel), 0o755)
		}
		if rel == "want.txt" || rel == "args.txt" || rel == "setup.txt" || rel == "kind.txt" {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	setup, err := os.ReadFile(filepath.Join(src, "setup.txt"))
	if err != nil {
		return dir
	}
	for _, line := range strings.Split(strings.TrimSpace(string(setup)), "\n") {
		f := strings.Fields(strings.ReplaceAll(line, "{project}", dir))
		var err error
		switch {
		case len(f) == 3 && f[0] == "symlink":
			err = os.Symlink(f[2], filepath.Join(dir, f[1]))
		case len(f) == 2 && f[0] == "fifo":
			err = syscall.Mkfifo(filepath.Join(dir, f[1]), 0o644)
		case len(f) == 3 && f[0] == "sparse":
			var size int64
			if size, err = strconv.ParseInt(f[2], 10, 64); err == nil {
				err = os.Truncate(filepath.Join(dir, f[1]), size)
				if os.IsNotExist(err) {
					var fh *os.File
					if fh, err = os.Create(filepath.Join(dir, f[1])); err == nil {
						err = errors.Join(fh.Truncate(size), fh.Close())
					}
				}
			}
		case len(f) == 3 && f[0] == "fill":
			var n int
			if n, err = strconv.Atoi(f[2]); err == nil {
				var fh *os.File
				if fh, err = os.OpenFile(filepath.Join(dir, f[1]), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644); err == nil {
					_, err = fh.Write(bytes.Repeat([]byte("x"), n))
					err = errors.Join(err, fh.Close())
				}
			}
		default:
			t.Fatalf("%s/setup.txt: cannot read %q", src, line)
		}
		if err != nil {
			t.Fatalf("%s/setup.txt: %q: %v", src, line, err)
		}
	}
	return dir
}
