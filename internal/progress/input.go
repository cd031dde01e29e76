package progress

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// IsTerminal reports whether w is a character device (a terminal), the
// only place a status line rewritten in place makes sense.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// Size returns the bytes of the regular files at or under paths; paths that
// do not exist count nothing.
func Size(paths ...string) int64 {
	var n int64
	for _, p := range paths {
		filepath.WalkDir(p, func(_ string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				if info, err := d.Info(); err == nil {
					n += info.Size()
				}
			}
			return nil
		})
	}
	return n
}

// FS returns fsys with every byte read from its files counted by Read; a
// nil Reporter returns fsys itself.
func (r *Reporter) FS(fsys fs.FS) fs.FS {
	if r == nil {
		return fsys
	}
	return countingFS{fsys, r}
}

type countingFS struct {
	fs.FS
	r *Reporter
}

func (c countingFS) Open(name string) (fs.File, error) {
	f, err := c.FS.Open(name)
	if err != nil {
		return nil, err
	}
	if info, err := f.Stat(); err == nil && info.IsDir() {
		return f, nil // directories keep ReadDir
	}
	return countingFile{f, c.r}, nil
}

// ReadFile, ReadDir and Stat keep the underlying file system's shortcuts.
func (c countingFS) ReadFile(name string) ([]byte, error) {
	b, err := fs.ReadFile(c.FS, name)
	c.r.Read(int64(len(b)))
	return b, err
}

func (c countingFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(c.FS, name) }
func (c countingFS) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(c.FS, name) }

type countingFile struct {
	fs.File
	r *Reporter
}

func (f countingFile) Read(p []byte) (int, error) {
	n, err := f.File.Read(p)
	f.r.Read(int64(n))
	return n, err
}

// ReadAt reads through the file's own ReadAt (an *os.File has one).
func (f countingFile) ReadAt(p []byte, off int64) (int, error) {
	ra, ok := f.File.(io.ReaderAt)
	if !ok {
		return 0, errors.ErrUnsupported
	}
	n, err := ra.ReadAt(p, off)
	f.r.Read(int64(n))
	return n, err
}

// Seek seeks through the file's own Seek.
func (f countingFile) Seek(off int64, whence int) (int64, error) {
	s, ok := f.File.(io.Seeker)
	if !ok {
		return 0, errors.ErrUnsupported
	}
	return s.Seek(off, whence)
}
