package render

import (
	"errors"
	"io"
	"io/fs"
	"slices"
	"strings"
)

// Overlay returns an fs.FS in which a file in project (the project's
// templates/ folder, which may be nil) hides the file of the same path in
// defaults (templates.FS). Listing a folder gives the union of both
// folders, so a project can also add files, such as a new partial or an
// extra asset. Only files are overridden: a project cannot remove a
// default file.
func Overlay(project, defaults fs.FS) fs.FS {
	if project == nil {
		return defaults
	}
	return overlay{top: project, bottom: defaults}
}

// overlay is the fs.FS of Overlay.
type overlay struct {
	top, bottom fs.FS
}

// Open opens name in the project layer, or in the defaults when the project
// has no such file.
func (o overlay) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	f, err := o.top.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return o.bottom.Open(name)
	}
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err != nil || !info.IsDir() {
		return f, err
	}
	entries, err := o.ReadDir(name)
	if err != nil {
		f.Close()
		return nil, err
	}
	return &mergedDir{File: f, entries: entries}, nil
}

// mergedDir is a folder of the project layer opened through the overlay:
// listing it gives the entries of both layers.
type mergedDir struct {
	fs.File
	entries []fs.DirEntry
	off     int
}

// ReadDir lists the folder as fs.ReadDirFile says.
func (d *mergedDir) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.off:]
	if n > 0 {
		if len(rest) == 0 {
			return nil, io.EOF
		}
		rest = rest[:min(n, len(rest))]
	}
	d.off += len(rest)
	return rest, nil
}

// Stat reports on the file Open would open.
func (o overlay) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	info, err := fs.Stat(o.top, name)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return info, err
	}
	return fs.Stat(o.bottom, name)
}

// ReadDir lists the union of the folder in both layers, sorted by name; an
// entry of the project layer hides the default entry of the same name.
func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrInvalid}
	}
	top, errTop := fs.ReadDir(o.top, name)
	bottom, errBottom := fs.ReadDir(o.bottom, name)
	switch {
	case errTop != nil && !errors.Is(errTop, fs.ErrNotExist):
		return nil, errTop
	case errBottom != nil && !errors.Is(errBottom, fs.ErrNotExist):
		return nil, errBottom
	case errTop != nil && errBottom != nil:
		return nil, errTop
	}
	seen := make(map[string]bool, len(top))
	out := make([]fs.DirEntry, 0, len(top)+len(bottom))
	for _, e := range top {
		seen[e.Name()] = true
		out = append(out, e)
	}
	for _, e := range bottom {
		if !seen[e.Name()] {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return out, nil
}
