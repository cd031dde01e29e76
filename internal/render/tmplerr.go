package render

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strconv"
)

// TemplateError is an error of parsing or executing a template, placed at
// the template's file: its path under the templates folder, line and
// column, and whether the file is the project's override or the built-in
// one. Unwrap gives text/template's or html/template's own error.
type TemplateError struct {
	Path      string // the file, relative to the templates folder: "partials/footer.html"
	Dir       string // the project's templates folder, "templates" by default
	Line, Col int    // 1-based; Col is 0 when unknown
	Override  bool   // the project's file, not the built-in
	Msg       string // the message after the position
	Err       error
}

// Error reads "templates/partials/footer.html:7:3 (project override): ..."
// or "partials/footer.html:7:3 (built-in): ...".
func (e *TemplateError) Error() string {
	at, origin := e.Path, "built-in"
	if e.Override {
		at, origin = path.Join(e.Dir, e.Path), "project override"
	}
	at += ":" + strconv.Itoa(e.Line)
	if e.Col > 0 {
		at += ":" + strconv.Itoa(e.Col)
	}
	return fmt.Sprintf("%s (%s): %s", at, origin, e.Msg)
}

func (e *TemplateError) Unwrap() error { return e.Err }

// templatePos matches the position text/template and html/template put in
// their messages: "template: partials/footer.html:7:3: ..." and
// "html/template:partials/footer.html:7:3: ...".
var templatePos = regexp.MustCompile(`(?s)^(?:html/)?template: ?([^:\s]+\.html):(\d+)(?::(\d+))?: (.*)$`)

// nestedCall matches a template's call of a method that executed another
// template and failed there (page.Part, page.Row): the error is placed in
// that innermost template.
var nestedCall = regexp.MustCompile(`(?s)^executing "[^"]*" at <[^>]*>: error calling \w+: (.*)$`)

// templateSource is where the templates come from, to place their errors.
type templateSource struct {
	fsys fs.FS  // Input.Templates
	dir  string // the project's templates folder (config paths.templates)
}

// place returns err as a *TemplateError when its message names a template
// file, else err as it is.
func (s templateSource) place(err error) error {
	if err == nil {
		return nil
	}
	var te *TemplateError
	if errors.As(err, &te) {
		return err
	}
	m := templatePos.FindStringSubmatch(err.Error())
	if m == nil {
		return err
	}
	for {
		c := nestedCall.FindStringSubmatch(m[4])
		if c == nil {
			break
		}
		inner := templatePos.FindStringSubmatch(c[1])
		if inner == nil {
			break
		}
		m = inner
	}
	line, _ := strconv.Atoi(m[2])
	col, _ := strconv.Atoi(m[3])
	o, ok := s.fsys.(overlay)
	override := ok && o.overridden(m[1])
	dir := s.dir
	if dir == "" {
		dir = "templates"
	}
	return &TemplateError{Path: m[1], Dir: dir, Line: line, Col: col, Override: override, Msg: m[4], Err: err}
}

// overridden reports whether the project layer has the file name.
func (o overlay) overridden(name string) bool {
	_, err := fs.Stat(o.top, name)
	return err == nil
}
