package output

import "golang.org/x/sys/unix"

// exchange swaps the folders a and b in one atomic step (renameat2 with
// RENAME_EXCHANGE), so no moment exists at which neither site is in place.
func exchange(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}
