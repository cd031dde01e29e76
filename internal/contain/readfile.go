package contain

import (
	"io"
	"io/fs"
)

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

// readAll is fs.ReadFile of an FS without ReadFile: Open, Stat for the
// size, and reads until the end.
func readAll(fsys fs.FS, name string) ([]byte, error) {
	file, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	var size int
	if info, err := file.Stat(); err == nil {
		if size64 := info.Size(); int64(int(size64)) == size64 {
			size = int(size64)
		}
	}
	data := make([]byte, 0, size+1)
	for {
		if len(data) >= cap(data) {
			d := append(data[:cap(data)], 0)
			data = d[:len(data)]
		}
		n, err := file.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			return data, err
		}
	}
}
