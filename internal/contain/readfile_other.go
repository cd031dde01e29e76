//go:build !linux

package contain

// readInDir leaves every file to Open's route (ReadFile) where folders
// are not kept open for reading.
func (f *FS) readInDir(name string) ([]byte, bool) { return nil, false }

// openDir is not used where readInDir is not.
type openDir struct{}
