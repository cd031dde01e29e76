package render

import (
	"html/template"
	"io/fs"
	"slices"
	"strings"
	"sync"
	texttemplate "text/template"
	"text/template/parse"

	"github.com/evalbook/evalbook/templates"
)

// parsedFile is one built-in template file (of templates.FS) parsed once
// per process (defaultTrees): its text, the trees its parse gives (the
// file's own, named by its path, and those it defines), sorted by name,
// or the parse's error.
type parsedFile struct {
	text  string
	trees []*parse.Tree
	err   error
}

// defaultTrees returns the built-in template files (the .html files of
// templates.FS outside assets/), each parsed once per process, by path.
// Every render used to parse them again, and a test binary renders a few
// hundred times: the parse was a quarter of render's test time, and of
// every rebuild of `evalbook serve`.
//
// The trees are shared, so they are never executed (html/template rewrites
// a tree when it first executes it): parseFiles adds copies of them to a
// set that executes, the trees themselves only to one that does not (the
// layout and partials parseTemplates copies into each page type's set).
var defaultTrees = sync.OnceValue(func() map[string]*parsedFile {
	out := map[string]*parsedFile{}
	fm := texttemplate.FuncMap(funcs())
	err := fs.WalkDir(templates.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") || strings.HasPrefix(p, "assets/") {
			return err
		}
		b, err := fs.ReadFile(templates.FS, p)
		if err != nil {
			return err
		}
		f := &parsedFile{text: string(b)}
		out[p] = f
		// The same parse as parseFiles' t.New(p).Parse: html/template
		// parses with text/template and the set's functions.
		t, err := texttemplate.New(p).Funcs(fm).Parse(f.text)
		if err != nil {
			f.err = err
			return nil
		}
		for _, c := range t.Templates() {
			if c.Tree != nil {
				f.trees = append(f.trees, c.Tree)
			}
		}
		slices.SortFunc(f.trees, func(a, b *parse.Tree) int { return strings.Compare(a.Name, b.Name) })
		return nil
	})
	if err != nil {
		return nil // an unreadable embedded folder: every file is parsed from its source
	}
	return out
})

// addTrees adds trees, a file's parse trees, to t as t's Parse of the
// file would: a tree that is empty does not replace a template t has
// already (text/template's rule for a redefinition). Each is a copy when
// t is to execute (shared false); trees of a file parsed once per process
// (defaultTrees) are shared by every render.
func addTrees(t *template.Template, trees []*parse.Tree, shared bool) error {
	for _, tr := range trees {
		if old := t.Lookup(tr.Name); old != nil && old.Tree != nil && parse.IsEmptyTree(tr.Root) {
			continue
		}
		if !shared {
			tr = tr.Copy()
		}
		if _, err := t.AddParseTree(tr.Name, tr); err != nil {
			return err
		}
	}
	return nil
}

// builtIn reports whether the templates of fsys are the built-in ones:
// fsys is templates.FS, or its .html files outside assets/ are those of
// templates.FS, byte for byte (a project that overrides only assets, or
// none). What parseSets and goBases make of fsys then is what they make
// of templates.FS (builtInSets, builtInGoBases): they read no other file.
func builtIn(fsys fs.FS) bool {
	if fsys == nil {
		return false
	}
	if fsys == fs.FS(templates.FS) {
		return true
	}
	defaults := defaultTrees()
	if defaults == nil {
		return false
	}
	// Overlay(project, templates.FS): only the project's own files can
	// differ from the built-in ones, and every built-in file is there.
	whole := true
	if o, isOverlay := fsys.(overlay); isOverlay && o.bottom == fs.FS(templates.FS) {
		fsys, whole = o.top, false
	}
	ok, seen := true, 0
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p == "assets" {
			return fs.SkipDir
		}
		if !strings.HasSuffix(p, ".html") {
			return nil
		}
		f := defaults[p]
		if d.IsDir() || f == nil {
			ok = false
			return fs.SkipAll
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		if string(b) != f.text {
			ok = false
			return fs.SkipAll
		}
		seen++
		return nil
	})
	return err == nil && ok && (!whole || seen == len(defaults))
}

// builtInSets returns the template sets of templates.FS (newSets), made
// once per process and shared by every render of the built-in templates
// (parseSets).
var builtInSets = sync.OnceValues(func() (map[string]*template.Template, error) {
	return newSets(templateSource{fsys: templates.FS})
})

// builtInGoBases returns goBases of templates.FS, found out once per
// process: the walk through every template for each page type of
// goContents was a sixth of a small render's setup. The map is read only.
var builtInGoBases = sync.OnceValue(func() map[string]func(*page, *pageBuf) {
	return goBases(templates.FS)
})
