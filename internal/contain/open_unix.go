//go:build unix

package contain

import (
	"os"
	"syscall"
)

// openNonBlocking opens path for reading without blocking on a named pipe
// that was put there after the stat.
func openNonBlocking(path string) (*os.File, error) {
	return os.OpenFile(path, openFlags, 0)
}

// openFlags open for reading without blocking on a named pipe.
const openFlags = os.O_RDONLY | syscall.O_NONBLOCK
