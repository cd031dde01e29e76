package output

import (
	"io/fs"
	"syscall"
)

// sysStat returns info's change time in nanoseconds, inode and device.
func sysStat(info fs.FileInfo) (ctime int64, ino, dev uint64, ok bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, 0, false
	}
	return st.Ctim.Nano(), st.Ino, uint64(st.Dev), true
}
