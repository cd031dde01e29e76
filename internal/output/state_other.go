//go:build !linux

package output

import "io/fs"

// sysStat is not available here: Observe returns ErrNoState, and a build
// always writes its site.
func sysStat(fs.FileInfo) (ctime int64, ino, dev uint64, ok bool) { return 0, 0, 0, false }
