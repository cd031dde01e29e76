//go:build !linux

package output

// newWriter returns the writer of the site's files into tmp: one that
// names each file by its path (folders are kept open on Linux only).
func newWriter(tmp, current string) fileWriter {
	return &pathWriter{tmp: tmp, current: current, made: map[string]bool{}}
}
