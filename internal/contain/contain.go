// Package contain is a project folder as an fs.FS that reads only what
// belongs to the project: every path it opens must resolve, through any
// symbolic links, inside the project folder or inside one of the data
// roots the config names (project.data_roots); only regular files and
// folders are opened (a named pipe, a device or a socket is an error, and
// opening never blocks); and no file is read past a size limit, checked
// before the open and again while reading, so a file that grows, or one
// that lies about its size, cannot hold more than the limit in memory.
//
// Errors name the offending path relative to the project folder: a
// symbolic link that leads out is an *EscapeError naming the link and its
// resolved target; the kinds are ErrOutside, ErrNotRegular and
// ErrTooLarge, for errors.Is.
package contain

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
)

// The kinds of error FS returns.
var (
	ErrOutside    = errors.New("outside the project folder and its data roots")
	ErrNotRegular = errors.New("not a regular file")
	ErrTooLarge   = errors.New("larger than limits.file_bytes")
)

// FS is the project folder as an fs.FS; see the package doc.
//
// Stat and Open resolve each folder's symbolic links once per FS (and
// each file's own link, if it is one, every time): an FS is meant for one
// build, and a build makes a new one, so a link put in place between two
// builds is still seen. Open reads a file that is not a link through an
// os.Root of its resolved folder, which cannot be left (see openInDir).
type FS struct {
	root     string   // the project folder, absolute
	allowed  []string // the project folder and the data roots, absolute, symbolic links resolved
	maxBytes int64

	mu       sync.Mutex
	dirs     map[string]string   // folder (as Stat is given it) -> its real path, inside
	roots    map[string]*os.Root // folder (as Open is given it) -> its real path opened as a root; nil: it cannot be
	dirFiles map[string]*openDir // folder -> its root's folder opened, for ReadFile (readfile_linux.go); nil: it cannot be
}

// New returns the project folder root as an FS that reads inside root and
// the folders dataRoots (relative to root, or absolute), and no file
// larger than maxBytes. A data root that does not exist is an error.
func New(root string, dataRoots []string, maxBytes int64) (*FS, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	f := &FS{root: abs, maxBytes: maxBytes}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, fmt.Errorf("project folder %s: %w", root, err)
	}
	f.allowed = append(f.allowed, real)
	for _, d := range dataRoots {
		p := d
		if !filepath.IsAbs(p) {
			p = filepath.Join(abs, p)
		}
		r, err := filepath.EvalSymlinks(p)
		if err != nil {
			return nil, fmt.Errorf("data root %q: %w", d, err)
		}
		f.allowed = append(f.allowed, r)
	}
	return f, nil
}

// Outsidef returns an error of kind ErrOutside with the message that
// format and args give: a path from the config that leaves the project.
func Outsidef(format string, args ...any) error {
	return &outsideError{fmt.Sprintf(format, args...)}
}

type outsideError struct{ msg string }

func (e *outsideError) Error() string { return e.msg }
func (e *outsideError) Unwrap() error { return ErrOutside }

// EscapeError is a path whose symbolic link Link (relative to the project
// folder) resolves to Target, outside the project folder Root and its
// data roots.
type EscapeError struct {
	Link, Target, Root string
}

func (e *EscapeError) Error() string {
	return fmt.Sprintf("symbolic link %s resolves to %s, %v %s (add a data root to project.data_roots to allow it)",
		e.Link, e.Target, ErrOutside, e.Root)
}

// Is makes errors.Is(err, ErrOutside) true.
func (e *EscapeError) Is(target error) bool { return target == ErrOutside }

// inside reports whether the resolved path real lies in an allowed folder.
func (f *FS) inside(real string) bool {
	for _, a := range f.allowed {
		if real == a {
			return true
		}
		if r, err := filepath.Rel(a, real); err == nil && filepath.IsLocal(r) {
			return true
		}
	}
	return false
}

// resolve returns the real path of name (slash-separated, relative to the
// project folder), or an error when it is invalid, missing or escapes.
func (f *FS) resolve(op, name string) (string, error) {
	if !fs.ValidPath(name) {
		return "", &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	full := filepath.Join(f.root, filepath.FromSlash(name))
	real, err := filepath.EvalSymlinks(full)
	if err != nil {
		return "", &fs.PathError{Op: op, Path: name, Err: unwrapPath(err)}
	}
	if !f.inside(real) {
		return "", f.escape(name, real)
	}
	return real, nil
}

// unwrapPath returns the cause of an *fs.PathError (whose path is an
// absolute one, not worth repeating), else err.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// escape finds the first symbolic link on the way to name that leads
// outside, for the error; real is where name resolves.
func (f *FS) escape(name, real string) error {
	cur, rel := f.root, ""
	for _, part := range strings.Split(name, "/") {
		cur, rel = filepath.Join(cur, part), strings.TrimPrefix(rel+"/"+part, "/")
		info, err := os.Lstat(cur)
		if err != nil {
			break
		}
		if info.Mode()&fs.ModeSymlink == 0 {
			continue
		}
		if t, err := filepath.EvalSymlinks(cur); err == nil && !f.inside(t) {
			return &EscapeError{Link: rel, Target: t, Root: f.root}
		}
	}
	return &EscapeError{Link: name, Target: real, Root: f.root}
}

// regular returns an error unless info is a regular file or a folder.
func regular(name string, info fs.FileInfo) error {
	m := info.Mode()
	if m.IsRegular() || m.IsDir() {
		return nil
	}
	kind := "special file"
	switch {
	case m&fs.ModeNamedPipe != 0:
		kind = "named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		kind = "socket"
	case m&fs.ModeCharDevice != 0:
		kind = "character device"
	case m&fs.ModeDevice != 0:
		kind = "device"
	}
	return fmt.Errorf("%s is a %s: %w; only regular files are read", name, kind, ErrNotRegular)
}

// Stat returns the FileInfo of name as it resolves; a special file is
// reported as it is (Open refuses it). A name that is not itself a
// symbolic link costs one lstat once its folder is resolved (see FS):
// checking that thousands of input files are unchanged is that many
// lstats, not that many walks through every folder of their paths.
func (f *FS) Stat(name string) (fs.FileInfo, error) {
	if dir, base := path.Split(name); fs.ValidPath(name) && name != "." {
		if real, ok := f.realDir(strings.TrimSuffix(dir, "/")); ok {
			info, err := os.Lstat(filepath.Join(real, base))
			if err == nil && info.Mode()&fs.ModeSymlink == 0 {
				return renamed{info, base}, nil
			}
		}
	}
	// A link, a missing file or a folder that does not resolve: the whole
	// path is resolved, for its result or its error.
	return f.stat(name)
}

// realDir returns the real path of the folder dir ("" for the project
// folder), resolved once per FS, and whether it resolves inside.
func (f *FS) realDir(dir string) (string, bool) {
	if dir == "" {
		dir = "."
	}
	f.mu.Lock()
	real, ok := f.dirs[dir]
	f.mu.Unlock()
	if ok {
		return real, true
	}
	real, err := f.resolve("stat", dir)
	if err != nil {
		return "", false
	}
	f.mu.Lock()
	if f.dirs == nil {
		f.dirs = map[string]string{}
	}
	f.dirs[dir] = real
	f.mu.Unlock()
	return real, true
}

// stat is Stat resolving the whole path of name.
func (f *FS) stat(name string) (fs.FileInfo, error) {
	real, err := f.resolve("stat", name)
	if err != nil {
		return nil, err
	}
	info, err := os.Stat(real)
	if err != nil {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: unwrapPath(err)}
	}
	return renamed{info, pathBase(name)}, nil
}

// Open opens name for reading: a folder, or a regular file no larger
// than the limit, read through a counter that fails past it.
func (f *FS) Open(name string) (fs.File, error) {
	if file, done, err := f.openInDir(name); done {
		return file, err
	}
	real, err := f.resolve("open", name)
	if err != nil {
		return nil, err
	}
	info, err := os.Stat(real)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: unwrapPath(err)}
	}
	if err := regular(name, info); err != nil {
		return nil, err
	}
	if info.Mode().IsRegular() && info.Size() > f.maxBytes {
		return nil, f.tooLarge(name, info.Size())
	}
	file, err := openNonBlocking(real)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: unwrapPath(err)}
	}
	return f.opened(name, file)
}

// openInDir opens name through the os.Root of its folder, resolved and
// opened once per FS (rootOf), when the folder resolves inside and name is there and
// is not a symbolic link: an lstat and an open relative to the folder,
// instead of resolving every folder of the path. done is false when the
// checked route of Open must decide: name is a link, missing, or in a
// folder that does not resolve inside, or the open failed (the file was
// replaced since the lstat). A root cannot be left, by a link put in
// place after the lstat either, and its folder is inside.
func (f *FS) openInDir(name string) (file fs.File, done bool, err error) {
	dir, base := path.Split(name)
	if !fs.ValidPath(name) || name == "." {
		return nil, false, nil
	}
	root := f.rootOf(strings.TrimSuffix(dir, "/"))
	if root == nil {
		return nil, false, nil
	}
	info, err := root.Lstat(base)
	if err != nil || info.Mode()&fs.ModeSymlink != 0 {
		return nil, false, nil
	}
	if err := regular(name, info); err != nil {
		return nil, true, err
	}
	if info.Mode().IsRegular() && info.Size() > f.maxBytes {
		return nil, true, f.tooLarge(name, info.Size())
	}
	opened, err := root.OpenFile(base, openFlags, 0)
	if err != nil {
		return nil, false, nil
	}
	file, err = f.opened(name, opened)
	return file, true, err
}

// rootOf returns the folder dir ("" for the project folder) opened as an
// os.Root at its real path, once per FS, or nil when it does not resolve
// inside or cannot be opened.
func (f *FS) rootOf(dir string) *os.Root {
	f.mu.Lock()
	root, ok := f.roots[dir]
	f.mu.Unlock()
	if ok {
		return root
	}
	// Resolved afresh, not taken from realDir's paths: a folder replaced
	// by a link out since Stat resolved it is refused (the root holds the
	// folder itself, so once it is open such a swap cannot lead out).
	if real, err := f.resolve("open", cmp.Or(dir, ".")); err == nil {
		root, _ = os.OpenRoot(real) // nil on an error; closed when the FS is collected
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if other, ok := f.roots[dir]; ok { // opened by another goroutine meanwhile
		if root != nil {
			root.Close()
		}
		return other
	}
	if f.roots == nil {
		f.roots = map[string]*os.Root{}
	}
	f.roots[dir] = root
	return root
}

// opened checks the file Open opened as name and returns it as the FS's.
func (f *FS) opened(name string, file *os.File) (fs.File, error) {
	// The file may have been replaced between the stat and the open.
	info, err := file.Stat()
	if err != nil || regular(name, info) != nil {
		file.Close()
		if err == nil {
			err = regular(name, info)
		}
		return nil, err
	}
	if info.IsDir() {
		return dir{file, pathBase(name)}, nil
	}
	return &limited{file: file, fsys: f, name: name}, nil
}

func (f *FS) tooLarge(name string, size int64) error {
	what := fmt.Sprintf("%d bytes", size)
	if size < 0 {
		what = "more bytes"
	}
	return fmt.Errorf("%s has %s, %w (%d)", name, what, ErrTooLarge, f.maxBytes)
}

// limited is a regular file read through a counter. It does not embed
// the *os.File, so that io.Copy cannot go around Read by the file's
// WriteTo.
type limited struct {
	file *os.File
	fsys *FS
	name string
	read int64
}

func (l *limited) Close() error { return l.file.Close() }

func (l *limited) Read(p []byte) (int, error) {
	n, err := l.file.Read(p)
	l.read += int64(n)
	if l.read > l.fsys.maxBytes {
		return n, l.fsys.tooLarge(l.name, -1)
	}
	return n, err
}

// ReadAt reads within the limit; past it is an error.
func (l *limited) ReadAt(p []byte, off int64) (int, error) {
	if off+int64(len(p)) > l.fsys.maxBytes {
		return 0, l.fsys.tooLarge(l.name, -1)
	}
	return l.file.ReadAt(p, off)
}

// Stat reports the file under its name in the FS.
func (l *limited) Stat() (fs.FileInfo, error) {
	info, err := l.file.Stat()
	if err != nil {
		return nil, err
	}
	return renamed{info, pathBase(l.name)}, nil
}

// dir is an opened folder.
type dir struct {
	*os.File
	base string
}

func (d dir) Stat() (fs.FileInfo, error) {
	info, err := d.File.Stat()
	if err != nil {
		return nil, err
	}
	return renamed{info, d.base}, nil
}

// renamed is a FileInfo with the name the FS knows the file by (a link's
// name rather than its target's).
type renamed struct {
	fs.FileInfo
	name string
}

func (r renamed) Name() string { return r.name }

func pathBase(name string) string {
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		return name[i+1:]
	}
	return name
}

var _ io.ReaderAt = (*limited)(nil)
