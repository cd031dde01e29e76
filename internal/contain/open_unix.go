//go:build unix

package contain

import (
	"os"
	"syscall"
)

// openNonBlocking opens path for reading without blocking on a named pipe
// that was put there after the stat.
func openNonBlocking(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
