//go:build linux

package contain

import (
	"io/fs"
	"os"
	"path"
	"runtime"
	"strings"

	"golang.org/x/sys/unix"
)

// readInDir reads name when it is a regular file (not a symbolic link) no
// larger than the limit in a folder that resolves inside: an lstat and an
// open relative to the folder opened once per FS (dirOf, the folder of
// rootOf's root, so it cannot be left either; the open refuses a link put
// in place since the lstat), an fstat of what was opened, reads into a
// buffer of its size until the end and a close. ok is false, and Open's
// route must decide, for anything else: a link, a missing or special
// file, a file past the limit, a folder that does not resolve inside, or
// any error of a call.
func (f *FS) readInDir(name string) (b []byte, ok bool) {
	if !fs.ValidPath(name) || name == "." {
		return nil, false
	}
	dir, base := path.Split(name)
	d := f.dirOf(strings.TrimSuffix(dir, "/"))
	if d == nil {
		return nil, false
	}
	defer runtime.KeepAlive(d.file) // its cleanup would close dirfd
	dirfd := d.fd
	var st unix.Stat_t
	if ignoringEINTR(func() error { return unix.Fstatat(dirfd, base, &st, unix.AT_SYMLINK_NOFOLLOW) }) != nil || !f.regularWithin(&st) {
		return nil, false
	}
	var fd int
	err := ignoringEINTR(func() (err error) {
		fd, err = unix.Openat(dirfd, base, unix.O_RDONLY|unix.O_NONBLOCK|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
		return err
	})
	if err != nil {
		return nil, false
	}
	defer unix.Close(fd)
	// The file may have been replaced between the lstat and the open.
	if ignoringEINTR(func() error { return unix.Fstat(fd, &st) }) != nil || !f.regularWithin(&st) {
		return nil, false
	}
	buf := make([]byte, st.Size+1) // one byte more, as fs.ReadFile: a file that has grown is read on
	n := 0
	for {
		k, err := unix.Read(fd, buf[n:])
		if err == unix.EINTR {
			continue
		}
		if err != nil || int64(n+k) > f.maxBytes {
			return nil, false
		}
		if k == 0 {
			break
		}
		n += k
		if n == len(buf) {
			buf = append(buf, 0)
			buf = buf[:cap(buf)]
		} else if int64(n) == st.Size {
			break // a short read at the size fstat gave: the end, without another read
		}
	}
	return buf[: n : n+1], true
}

// regularWithin reports whether st is a regular file within the limit.
func (f *FS) regularWithin(st *unix.Stat_t) bool {
	return st.Mode&unix.S_IFMT == unix.S_IFREG && st.Size >= 0 && st.Size <= f.maxBytes
}

// openDir is a folder opened for readInDir, and its descriptor.
type openDir struct {
	file *os.File
	fd   int
}

// dirOf returns the folder dir ("" for the project folder) opened from
// its root (rootOf), once per FS, or nil when it has no root or cannot
// be opened.
func (f *FS) dirOf(dir string) *openDir {
	f.mu.Lock()
	d, ok := f.dirFiles[dir]
	f.mu.Unlock()
	if ok {
		return d
	}
	if root := f.rootOf(dir); root != nil {
		if file, err := root.Open("."); err == nil { // closed when the FS is collected
			d = &openDir{file: file, fd: int(file.Fd())}
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if other, ok := f.dirFiles[dir]; ok { // opened by another goroutine meanwhile
		if d != nil {
			d.file.Close()
		}
		return other
	}
	if f.dirFiles == nil {
		f.dirFiles = map[string]*openDir{}
	}
	f.dirFiles[dir] = d
	return d
}

// ignoringEINTR calls call until it fails with another error than EINTR.
func ignoringEINTR(call func() error) error {
	for {
		if err := call(); err != unix.EINTR {
			return err
		}
	}
}
