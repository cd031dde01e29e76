// Package output writes a rendered site to its folder atomically.
//
// Write renders nothing and decides nothing about content: it takes a set of
// files and makes them the whole content of the output folder, or leaves the
// folder as it was. A Stream does the same with files handed over one by
// one (Begin, Put, Commit or Abort), so a build can write each page as it
// is rendered. The files are written to a temporary folder beside the
// output folder, which is then swapped into place by rename, so a reader (a
// web server, a browser, a deploy step) sees either the old site or the new
// one, never a half-written mix, and a failed build changes nothing.
// Folders are made with mode 0755 and files with 0644, minus the umask, as
// any the user makes; the temporary folder becomes the site, so a mode set
// on the site folder by hand does not outlive the next build. Temporary
// folders (".site.tmp-<pid>-<n>") that a killed build left behind are
// removed by the next build once their process has ended.
//
// Only files whose bytes changed are written anew: a file of the new site
// that the current site holds with the same bytes is hard-linked into the
// temporary folder (copied when a link cannot be made), so it keeps its
// inode and modification time and a deploy step that syncs by time stamp
// or a server's cache sees it unchanged. Nothing in the current site is
// ever written to; it is replaced as a whole by the swap.
//
// Observe records a written site folder's State (state.go), and Unchanged
// tells a later build whether the folder is still exactly as written, so
// that a build with nothing to change need not write at all.
//
// Write refuses an output folder that would destroy the user's work: the
// project root, any folder that contains it, and any existing folder that
// holds a file evalbook did not write. Every site evalbook writes carries a
// manifest (ManifestName) listing its files; that is how a later build knows
// which files are its own.
package output

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ManifestName is the file, at the root of every site written, that lists
// the site's files one per line.
const ManifestName = ".evalbook-manifest"

// Write makes files the whole content of dir. project is the project root,
// which dir must neither equal nor contain. File paths are slash-separated
// and relative to dir.
func Write(dir, project string, files map[string][]byte) error {
	st, err := Begin(dir, project)
	if err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if err := st.Put(name, files[name]); err != nil {
			st.Abort()
			return err
		}
	}
	return st.Commit()
}

// Stream is a site being written file by file, so that a renderer need not
// hold every page in memory: Begin makes its temporary folder beside the
// output folder, Put writes a file into it (from any goroutine), Commit
// writes the manifest and swaps the folder into place, and Abort removes
// it, leaving the output folder as it was. Write is Begin, a Put per file
// and Commit.
//
// One goroutine of the stream's writes every file (write): files made in
// one folder by several threads at once contend for the folder's lock in
// the kernel, which spins on it, so a build's render goroutines hand their
// pages over and go on rendering.
type Stream struct {
	dir, tmp, current string
	mu                sync.Mutex
	names             map[string]bool
	pages             int
	queue             chan putFile
	stop              sync.Once
	written           chan struct{} // closed when the writer has written every file queued
	errs              []putError    // the writer's, read once written is closed
}

// putFile is a file queued for the writer; putError a file it failed to
// write.
type (
	putFile struct {
		name    string
		b       []byte
		release func([]byte) // called with b once written; nil for none
	}
	putError struct {
		name string
		err  error
	}
)

// queued is how many files Put may hand over before it waits for the
// writer: enough to smooth the writer's pauses, few enough that pages
// waiting to be written add little to a build's heap (each is live until
// written, and the collector lets the heap grow to twice what is live).
const queued = 16

// Begin starts writing the site that will become the whole content of dir;
// project is the project root, which dir must neither equal nor contain.
func Begin(dir, project string) (*Stream, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if err := checkTarget(dir, project); err != nil {
		return nil, err
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("creating %s: %w", parent, err)
	}
	removeStale(parent, filepath.Base(dir), time.Now())
	tmp, err := makeTemp(parent, filepath.Base(dir))
	if err != nil {
		return nil, fmt.Errorf("creating a temporary folder beside %s: %w", dir, err)
	}
	current := ""
	if info, err := os.Stat(dir); err == nil && info.IsDir() {
		current = dir // checkTarget has made sure evalbook wrote it
	}
	s := &Stream{dir: dir, tmp: tmp, current: current, names: map[string]bool{}, queue: make(chan putFile, queued), written: make(chan struct{})}
	go s.write()
	return s, nil
}

// write writes the files queued until the queue is closed, each into its
// folder in the temporary folder (made on its first file), through a
// fileWriter (newWriter), and keeps the errors.
func (s *Stream) write() {
	defer close(s.written)
	w := newWriter(s.tmp, s.current)
	defer w.close()
	for f := range s.queue {
		if err := w.put(f.name, f.b); err != nil {
			s.errs = append(s.errs, putError{f.name, fmt.Errorf("writing %s: %w", f.name, err)})
		}
		if f.release != nil {
			f.release(f.b)
		}
	}
}

// fileWriter writes the files of a site into the temporary folder tmp,
// taking a file from the current site (which may be "") when it holds the
// same bytes (put). One goroutine uses it.
type fileWriter interface {
	// put makes the file name (slash-separated, relative to the site) of
	// the temporary folder hold b, making its folder first if need be.
	put(name string, b []byte) error
	// close lets go of what the writer holds open.
	close()
}

// pathWriter is a fileWriter that names each file by its whole path:
// where folders cannot be kept open (dirs_other.go), and where they could
// not be opened.
type pathWriter struct {
	tmp, current string
	made         map[string]bool
}

func (w *pathWriter) put(name string, b []byte) error {
	path := filepath.Join(w.tmp, filepath.FromSlash(name))
	if d := filepath.Dir(path); !w.made[d] {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
		w.made[d] = true
	}
	return put(path, w.current, name, b)
}

func (w *pathWriter) close() {}

// wait closes the queue and waits for the writer; it returns the error of
// the first file by name it failed to write, so that the error a build
// reports does not depend on the order the files came in.
func (s *Stream) wait() error {
	s.stop.Do(func() { close(s.queue) })
	<-s.written
	if len(s.errs) == 0 {
		return nil
	}
	return slices.MinFunc(s.errs, func(a, b putError) int { return strings.Compare(a.name, b.name) }).err
}

// Put queues the file name (slash-separated, relative to the site) with
// the bytes b, which the caller must not change afterwards, for the
// stream's writer, which takes it from the current site when that holds
// the same bytes; Commit reports a file it could not write. A name put
// twice is an error, since one of the two would be lost. Put is safe for
// concurrent use.
func (s *Stream) Put(name string, b []byte) error { return s.PutLent(name, b, nil) }

// PutLent is Put of bytes b that the caller lent: the stream's writer
// calls release with b (when release is not nil) once it no longer reads
// b, the file written (or not, when writing it failed), so the caller may
// write other bytes into b's memory; not when Put refuses the name.
// render.RenderToLending puts its pages so.
func (s *Stream) PutLent(name string, b []byte, release func([]byte)) error {
	if !fs.ValidPath(name) || name == ManifestName {
		return fmt.Errorf("output: invalid file name %q", name)
	}
	s.mu.Lock()
	if s.names[name] {
		s.mu.Unlock()
		return fmt.Errorf("two outputs want the path %s", name)
	}
	s.names[name] = true
	if strings.HasSuffix(name, ".html") {
		s.pages++
	}
	s.mu.Unlock()
	s.queue <- putFile{name, b, release}
	return nil
}

// Counts returns how many files, and how many of them HTML pages, were put.
func (s *Stream) Counts() (files, pages int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.names), s.pages
}

// Commit writes the manifest and makes the files put the whole content of
// the output folder. On error the output folder is left as it was.
func (s *Stream) Commit() error {
	if err := s.wait(); err != nil {
		s.Abort()
		return err
	}
	names := make([]string, 0, len(s.names))
	for name := range s.names {
		names = append(names, name)
	}
	slices.Sort(names)
	manifest := "# files written by evalbook; a later build replaces exactly these\n" + strings.Join(names, "\n") + "\n"
	if err := put(filepath.Join(s.tmp, ManifestName), s.current, ManifestName, []byte(manifest)); err != nil {
		s.Abort()
		return fmt.Errorf("writing %s: %w", ManifestName, err)
	}
	if err := swap(s.tmp, s.dir); err != nil {
		s.Abort()
		return err
	}
	return nil
}

// Abort removes what was put, leaving the output folder as it was.
func (s *Stream) Abort() {
	s.wait()
	os.RemoveAll(s.tmp)
}

// tempPrefix is how the temporary folders beside the output folder named
// base begin: ".site.tmp-" for site/. The rest is "<pid>-<n>", and
// ".old" is appended to a previous site being moved aside.
func tempPrefix(base string) string { return "." + base + ".tmp-" }

// staleAge is how old a temporary folder must be to be removed even though
// its process seems alive (its process id may have been reused) or its name
// carries no process id (written by an older evalbook).
const staleAge = 24 * time.Hour

// makeTemp creates a new temporary folder beside the output folder base in
// parent. Unlike os.MkdirTemp it asks for mode 0755, so the umask decides
// (as for any folder the user makes) and the site that the folder becomes
// is readable by a web server running as another user.
func makeTemp(parent, base string) (string, error) {
	prefix := filepath.Join(parent, tempPrefix(base)+strconv.Itoa(os.Getpid())+"-")
	seed := time.Now().UnixNano()
	for i := 0; i < 10000; i++ {
		path := prefix + strconv.FormatInt((seed+int64(i))%1e9, 10)
		err := os.Mkdir(path, 0o755)
		if err == nil {
			return path, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", err
		}
	}
	return "", fmt.Errorf("no free name for a temporary folder in %s", parent)
}

// removeStale removes the temporary folders that builds of the output
// folder base, killed before they finished, left in parent: those whose
// process has ended, and any older than staleAge. A folder of a build still
// running is left alone. Only folders named by makeTemp are touched;
// failures are ignored (the next build tries again).
func removeStale(parent, base string, now time.Time) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	prefix := tempPrefix(base)
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok || !e.IsDir() {
			continue
		}
		rest = strings.TrimSuffix(rest, ".old")
		pidText, n, twoParts := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(pidText)
		if err != nil || pid <= 0 || !digits(n) {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		old := now.Sub(info.ModTime()) > staleAge
		if old || (twoParts && pid != os.Getpid() && !alive(pid)) {
			os.RemoveAll(filepath.Join(parent, e.Name()))
		}
	}
}

// digits reports whether s is empty or only ASCII digits.
func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// checkTarget refuses output folders whose replacement would lose files the
// user made.
func checkTarget(dir, project string) error {
	root, err := filepath.Abs(project)
	if err != nil {
		return err
	}
	if within(root, dir) {
		return fmt.Errorf("output folder %s is the project folder or contains it; choose a folder inside the project such as site/", dir)
	}
	info, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return fmt.Errorf("output %s exists and is not a folder", dir)
	}
	return checkOwned(dir)
}

// within reports whether path is dir or lies inside it.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// checkOwned returns an error naming the first file in dir that the manifest
// of the previous build does not list. An empty folder is fine.
func checkOwned(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	own, err := readManifest(filepath.Join(dir, ManifestName))
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("output folder %s exists and was not written by evalbook (no %s); remove it or choose another --output", dir, ManifestName)
	}
	if err != nil {
		return err
	}
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		rel = filepath.ToSlash(rel)
		if rel != ManifestName && !own[rel] {
			return fmt.Errorf("output folder %s holds %s, which evalbook did not write; move it out (to keep extra files in the site, put them in the project's templates/assets/) and build again", dir, rel)
		}
		return nil
	})
}

func readManifest(path string) (map[string]bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	own := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := sc.Text(); line != "" && !strings.HasPrefix(line, "#") {
			own[line] = true
		}
	}
	return own, sc.Err()
}

// put makes the file path hold b: a hard link to (or, across devices, a
// copy of) the file name of the folder current when that holds exactly b,
// else a new file.
func put(path, current, name string, b []byte) error {
	if current != "" {
		old := filepath.Join(current, filepath.FromSlash(name))
		if same(old, b) {
			if os.Link(old, path) == nil || copyFile(old, path) == nil {
				return nil
			}
			os.Remove(path)
		}
	}
	return os.WriteFile(path, b, 0o644)
}

// same reports whether path is a regular file holding exactly b.
func same(path string, b []byte) bool {
	info, err := os.Lstat(path)
	if err != nil || !info.Mode().IsRegular() || info.Size() != int64(len(b)) {
		return false
	}
	old, err := os.ReadFile(path)
	return err == nil && bytes.Equal(old, b)
}

// copyFile copies src to dst keeping its modification time.
func copyFile(src, dst string) error {
	info, err := os.Stat(src)
	if err != nil {
		return err
	}
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		return err
	}
	return os.Chtimes(dst, info.ModTime(), info.ModTime())
}

// swap puts the folder tmp in place of dir, which may not exist yet, and
// removes the old content.
func swap(tmp, dir string) error {
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(tmp, dir)
	}
	if err := exchange(tmp, dir); err == nil {
		return os.RemoveAll(tmp) // tmp now holds the old site
	}
	old := tmp + ".old"
	if err := os.Rename(dir, old); err != nil {
		return fmt.Errorf("moving the previous site aside: %w", err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.Rename(old, dir)
		return fmt.Errorf("moving the new site into place: %w", err)
	}
	return os.RemoveAll(old)
}
