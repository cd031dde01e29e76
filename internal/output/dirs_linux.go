//go:build linux

package output

import (
	"bytes"
	"errors"
	"io/fs"
	"path"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// maxOpenDirs is how many folders a dirWriter keeps open on each side (the
// temporary folder's and the current site's): a site's pages come folder
// by folder (items/, iterations/, ...), so a few dozen cover the folders
// in use at once, far below any limit on open files.
const maxOpenDirs = 64

// dirWriter is the fileWriter of Linux: it keeps the folders it writes in
// open (dirCache) and makes, reads and links each file relative to its
// folder (openat, fstatat, linkat), so that the kernel resolves a file's
// name within its folder rather than its whole path from the root, two
// hundred thousand times on a large site. What it writes is what
// pathWriter writes: the same folders and modes, a link to (or a copy of,
// with its time) the current site's file holding the same bytes, a new
// file otherwise; the temporary folder still becomes the site only on
// Commit, so a failed build leaves no half-written site.
type dirWriter struct {
	tmp, current string
	tmpDirs      dirCache
	curDirs      dirCache // no current site: never asked
	made         map[string]bool
	scratch      []byte // the current site's file being compared, reused
}

// newWriter returns the writer of the site's files into tmp: a dirWriter,
// or a pathWriter when tmp (or the current site) cannot be opened.
func newWriter(tmp, current string) fileWriter {
	w := &dirWriter{tmp: tmp, current: current, made: map[string]bool{".": true}}
	var err error
	if w.tmpDirs.root, err = openDir(unix.AT_FDCWD, tmp); err != nil {
		return &pathWriter{tmp: tmp, current: current, made: map[string]bool{}}
	}
	w.curDirs.root = -1
	if current != "" {
		if w.curDirs.root, err = openDir(unix.AT_FDCWD, current); err != nil {
			unix.Close(w.tmpDirs.root)
			return &pathWriter{tmp: tmp, current: current, made: map[string]bool{}}
		}
	}
	return w
}

func (w *dirWriter) close() {
	w.tmpDirs.close()
	w.curDirs.close()
}

func (w *dirWriter) put(name string, b []byte) error {
	dir, base := path.Split(name)
	dir = path.Clean(dir) // "." for the site's root
	tfd, err := w.tmpDirs.get(dir, func() (int, error) {
		if !w.made[dir] {
			if err := w.mkdirAll(dir); err != nil {
				return -1, err
			}
			w.made[dir] = true
		}
		return openDir(w.tmpDirs.root, dir)
	})
	if err != nil {
		return &fs.PathError{Op: "mkdir", Path: filepath.Join(w.tmp, filepath.FromSlash(dir)), Err: err}
	}
	if w.curDirs.root >= 0 {
		cfd, _ := w.curDirs.get(dir, func() (int, error) {
			fd, err := openDir(w.curDirs.root, dir)
			if err != nil {
				return -1, nil // no such folder in the current site: remembered as -1
			}
			return fd, nil
		})
		if cfd >= 0 {
			if st, ok := w.same(cfd, base, b); ok {
				if ignoringEINTR(func() error { return unix.Linkat(cfd, base, tfd, base, 0) }) == nil {
					return nil
				}
				// A copy keeps the file's modification time, as copyFile.
				if writeAt(tfd, base, b) == nil {
					ts := []unix.Timespec{st.Mtim, st.Mtim}
					if unix.UtimesNanoAt(tfd, base, ts, 0) == nil {
						return nil
					}
				}
				unix.Unlinkat(tfd, base, 0)
			}
		}
	}
	if err := writeAt(tfd, base, b); err != nil {
		return &fs.PathError{Op: "open", Path: filepath.Join(w.tmp, filepath.FromSlash(name)), Err: err}
	}
	return nil
}

// mkdirAll makes the folder dir (slash-separated) and those above it in
// the temporary folder, with mode 0755 as os.MkdirAll is asked for.
func (w *dirWriter) mkdirAll(dir string) error {
	if w.made[dir] {
		return nil
	}
	if parent := path.Dir(dir); parent != "." {
		if err := w.mkdirAll(parent); err != nil {
			return err
		}
	}
	err := ignoringEINTR(func() error { return unix.Mkdirat(w.tmpDirs.root, dir, 0o755) })
	if err != nil && !errors.Is(err, unix.EEXIST) {
		return err
	}
	w.made[dir] = true
	return nil
}

// same reports whether base in the folder dirfd is a regular file holding
// exactly b, as the package's same does, and returns its status.
func (w *dirWriter) same(dirfd int, base string, b []byte) (unix.Stat_t, bool) {
	var st unix.Stat_t
	if ignoringEINTR(func() error { return unix.Fstatat(dirfd, base, &st, unix.AT_SYMLINK_NOFOLLOW) }) != nil ||
		st.Mode&unix.S_IFMT != unix.S_IFREG || st.Size != int64(len(b)) {
		return st, false
	}
	var fd int
	err := ignoringEINTR(func() (err error) {
		fd, err = unix.Openat(dirfd, base, unix.O_RDONLY|unix.O_CLOEXEC|unix.O_NOFOLLOW, 0)
		return err
	})
	if err != nil {
		return st, false
	}
	defer unix.Close(fd)
	if cap(w.scratch) < len(b)+1 {
		w.scratch = make([]byte, len(b)+1)
	}
	buf := w.scratch[:len(b)+1] // one byte more: a file grown since the stat differs
	n := 0
	for n < len(buf) {
		k, err := unix.Read(fd, buf[n:])
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return st, false
		}
		if k == 0 {
			break
		}
		n += k
	}
	return st, bytes.Equal(buf[:n], b)
}

// writeAt makes base in the folder dirfd a file holding b, mode 0644 minus
// the umask, as os.WriteFile does.
func writeAt(dirfd int, base string, b []byte) error {
	var fd int
	err := ignoringEINTR(func() (err error) {
		fd, err = unix.Openat(dirfd, base, unix.O_WRONLY|unix.O_CREAT|unix.O_TRUNC|unix.O_CLOEXEC, 0o644)
		return err
	})
	if err != nil {
		return err
	}
	for len(b) > 0 {
		n, err := unix.Write(fd, b)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			unix.Close(fd)
			return err
		}
		b = b[n:]
	}
	return unix.Close(fd)
}

// openDir opens the folder name, relative to the folder dirfd.
func openDir(dirfd int, name string) (int, error) {
	var fd int
	err := ignoringEINTR(func() (err error) {
		fd, err = unix.Openat(dirfd, name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
		return err
	})
	return fd, err
}

// ignoringEINTR calls f until it fails with another error than EINTR.
func ignoringEINTR(f func() error) error {
	for {
		if err := f(); err != unix.EINTR {
			return err
		}
	}
}

// dirCache keeps up to maxOpenDirs folders under root open, by their
// slash-separated name ("." is root itself), closing the one used least
// recently to make room. A folder remembered as -1 is one that is not
// there.
type dirCache struct {
	root int
	dirs map[string]*openDirEntry
	tick uint64
}

type openDirEntry struct {
	fd   int
	used uint64
}

// get returns the folder name, opened by open when it is not open.
func (c *dirCache) get(name string, open func() (int, error)) (int, error) {
	if name == "." {
		return c.root, nil
	}
	c.tick++
	if e := c.dirs[name]; e != nil {
		e.used = c.tick
		return e.fd, nil
	}
	fd, err := open()
	if err != nil {
		return -1, err
	}
	if c.dirs == nil {
		c.dirs = make(map[string]*openDirEntry, maxOpenDirs)
	}
	if len(c.dirs) >= maxOpenDirs {
		var lru string
		var least uint64
		for n, e := range c.dirs {
			if lru == "" || e.used < least {
				lru, least = n, e.used
			}
		}
		if e := c.dirs[lru]; e.fd >= 0 {
			unix.Close(e.fd)
		}
		delete(c.dirs, lru)
	}
	c.dirs[name] = &openDirEntry{fd: fd, used: c.tick}
	return fd, nil
}

// close closes every folder open, root too.
func (c *dirCache) close() {
	for _, e := range c.dirs {
		if e.fd >= 0 {
			unix.Close(e.fd)
		}
	}
	c.dirs = nil
	if c.root >= 0 {
		unix.Close(c.root)
		c.root = -1
	}
}
