//go:build !unix

package contain

import "os"

// openNonBlocking opens path for reading (Windows has no named pipes in
// the file system).
func openNonBlocking(path string) (*os.File, error) { return os.Open(path) }

// openFlags open for reading.
const openFlags = os.O_RDONLY
