package contain

import "io/fs"

// ReadFile reads the whole of the file name, as fs.ReadFile does through
// Open: the same bytes, and the same errors. A regular file that is not a
// symbolic link, in a folder that resolves inside, is read in fewer system
// calls where readInDir can (an lstat, an open, an fstat, one read into a
// buffer of the file's size and a close on Linux, where Open's route adds
// a registration with the runtime's poller, a second fstat and a read of
// the end of the file); anything else, and any error, takes Open's route,
// which decides and words the result.
func (f *FS) ReadFile(name string) ([]byte, error) {
	if b, ok := f.readInDir(name); ok {
		return b, nil
	}
	return readAll(f, name)
}

// readAll reads name through fsys's Open: fs.ReadFile of fsys seen
// through Open alone, so that it does not come back to a ReadFile method.
func readAll(fsys fs.FS, name string) ([]byte, error) {
	return fs.ReadFile(openOnly{fsys}, name)
}

// openOnly is an fs.FS with its Open method and no other.
type openOnly struct{ fsys fs.FS }

func (o openOnly) Open(name string) (fs.File, error) { return o.fsys.Open(name) }
