package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// A State is what a site folder looked like right after Write made it:
// every folder and file under it, with its mode, size, modification and
// change times, inode and device. A later build whose inputs are unchanged
// compares the folder with it (Unchanged) and so learns, without reading
// a byte, that the folder still holds exactly the files written then.
//
// The change time (ctime) is what makes this sound: the kernel sets it on
// every write, truncation, chmod, link and unlink, and no system call sets
// it to a chosen value, so a file edited by hand, replaced, or re-linked
// shows a new one even when its size and modification time were kept.
// Observe waits until the file system's clock has moved past every change
// time it records, so that even an edit in the same clock tick as the
// build's last change gets a later change time (the "racy git" problem).
// A folder whose clock is set backwards can defeat this; nothing else
// short of editing the raw disk can.
type State struct {
	Entries []Entry
}

// Entry is one folder or file of a State; Name is its slash-separated
// path under the site folder, "." for the folder itself.
type Entry struct {
	Name         string
	Mode         fs.FileMode
	Size         int64
	Mtime, Ctime int64 // nanoseconds since 1970
	Ino, Dev     uint64
}

// ErrNoState is returned by Observe where the system gives no change times
// and inodes.
var ErrNoState = errors.New("file change times are not available here")

// Observe returns the State of the site folder dir that Write has just
// made from files: dir must hold exactly those files and the manifest,
// with their sizes, and no change may happen while it is observed.
func Observe(dir string, files map[string][]byte) (State, error) {
	first, err := scan(dir)
	if err != nil {
		return State{}, err
	}
	n, newest := 0, int64(0)
	for _, e := range first {
		newest = max(newest, e.Ctime, e.Mtime)
		if e.Mode.IsDir() {
			continue
		}
		b, ok := files[e.Name]
		if e.Name == ManifestName {
			ok, b = true, nil
		}
		if !e.Mode.IsRegular() || !ok || (e.Name != ManifestName && int64(len(b)) != e.Size) {
			return State{}, fmt.Errorf("observing %s: %s is not the file written", dir, e.Name)
		}
		n++
	}
	if n != len(files)+1 {
		return State{}, fmt.Errorf("observing %s: %d files, %d written", dir, n, len(files)+1)
	}
	if err := waitClock(filepath.Dir(dir), newest); err != nil {
		return State{}, err
	}
	second, err := scan(dir)
	if err != nil {
		return State{}, err
	}
	if !slices.Equal(first, second) {
		return State{}, fmt.Errorf("observing %s: it changed meanwhile", dir)
	}
	return State{Entries: second}, nil
}

// Unchanged reports whether the site folder dir is still exactly as st
// recorded it (an empty State never matches). Like Begin, it removes the
// temporary folders that killed builds left beside dir.
func Unchanged(dir string, st State) bool {
	dir, err := filepath.Abs(dir)
	if err != nil || len(st.Entries) == 0 {
		return false
	}
	removeStale(filepath.Dir(dir), filepath.Base(dir), time.Now())
	now, err := scan(dir)
	return err == nil && slices.Equal(now, st.Entries)
}

// scan lists dir and everything under it, in lexical order, without
// following links.
func scan(dir string) ([]Entry, error) {
	var out []Entry
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		ctime, ino, dev, ok := sysStat(info)
		if !ok {
			return ErrNoState
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		out = append(out, Entry{Name: filepath.ToSlash(rel), Mode: info.Mode(), Size: info.Size(),
			Mtime: info.ModTime().UnixNano(), Ctime: ctime, Ino: ino, Dev: dev})
		return nil
	})
	return out, err
}

// waitClock waits until a file made in the folder parent gets a change
// time after newest: from then on, any change to a file on that file
// system gets a later change time than any observed so far.
func waitClock(parent string, newest int64) error {
	for deadline := time.Now().Add(2 * time.Second); ; {
		f, err := os.CreateTemp(parent, ".evalbook-clock-*")
		if err != nil {
			return err
		}
		info, err := f.Stat()
		f.Close()
		os.Remove(f.Name())
		if err != nil {
			return err
		}
		ctime, _, _, ok := sysStat(info)
		if !ok {
			return ErrNoState
		}
		if ctime > newest {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the clock of %s is behind the files' change times", parent)
		}
		time.Sleep(time.Millisecond)
	}
}
