package serve

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/fsnotify/fsnotify"

	"github.com/evalbook/evalbook/internal/build"
	"github.com/evalbook/evalbook/internal/config"
)

// Root is an input of the project that serve watches.
type Root struct {
	Path string // absolute
	// Tree is true for a folder watched with everything below it, false
	// for one file; a file root also stands for its siblings with the same
	// name and another extension (data/raters.csv also covers
	// data/raters.tsv).
	Tree bool
}

// Roots returns what serve watches for a configuration: the config file
// and the folders and files of its paths (data, case studies, content,
// templates). The output folder is not an input.
func Roots(cfg *config.Config) ([]Root, error) {
	base, err := filepath.Abs(cfg.Root)
	if err != nil {
		return nil, err
	}
	abs := func(p string) string {
		if filepath.IsAbs(p) {
			return filepath.Clean(p)
		}
		return filepath.Join(base, filepath.FromSlash(p))
	}
	file := cfg.File
	if file == "" {
		file = "config.toml" // absent now; watched so that creating it rebuilds
	}
	roots := []Root{{Path: abs(file)}}
	p := cfg.Paths
	for _, dir := range []string{p.Metrics, p.Annotations, p.Outputs, p.CaseStudies, p.Content, p.Templates} {
		if dir != "" {
			roots = append(roots, Root{Path: abs(dir), Tree: true})
		}
	}
	for _, f := range []string{p.Iterations, p.Items, p.Raters} {
		if f != "" {
			roots = append(roots, Root{Path: abs(f)})
		}
	}
	slices.SortFunc(roots, func(a, b Root) int { return strings.Compare(a.Path, b.Path) })
	return slices.CompactFunc(roots, func(a, b Root) bool { return a == b }), nil
}

// ignored reports whether a file name is an editor's swap, backup or probe
// file, whose changes never change the site: vim's .x.swp, .x.swo, x~ and
// 4913, emacs's .#x and #x#, JetBrains' x___jb_tmp___, *.tmp, .DS_Store.
func ignored(name string) bool {
	switch {
	case name == "4913", name == ".DS_Store",
		strings.HasPrefix(name, ".#"),
		strings.HasSuffix(name, "~"),
		len(name) > 1 && strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"),
		strings.HasSuffix(name, "___jb_tmp___"), strings.HasSuffix(name, "___jb_old___"):
		return true
	}
	switch filepath.Ext(name) {
	case ".swp", ".swo", ".swx", ".swpx", ".tmp":
		return true
	}
	return false
}

// within reports whether path is dir or below it.
func within(path, dir string) bool {
	return path == dir || strings.HasPrefix(path, dir+string(filepath.Separator))
}

// stem is a file name without its extension.
func stem(path string) string {
	b := filepath.Base(path)
	return strings.TrimSuffix(b, filepath.Ext(b))
}

// relevant reports whether a change of path can change the site under
// roots: a file in a watched tree (not in a hidden folder such as .git), a
// watched file or its sibling of the same stem, or a folder that holds a
// root (it was created, removed or renamed).
func relevant(path string, roots []Root) bool {
	if ignored(filepath.Base(path)) {
		return false
	}
	for _, r := range roots {
		switch {
		case r.Tree && within(path, r.Path):
			rel, _ := filepath.Rel(r.Path, path)
			dirs := strings.Split(filepath.Dir(rel), string(filepath.Separator))
			if !slices.ContainsFunc(dirs, func(d string) bool { return strings.HasPrefix(d, ".") && d != "." }) {
				return true
			}
		case !r.Tree && filepath.Dir(path) == filepath.Dir(r.Path) && stem(path) == stem(r.Path):
			return true
		case within(r.Path, path):
			return true
		}
	}
	return false
}

// watcher turns fsnotify's events under the roots into changed paths
// (relative to the project folder, slash-separated). Folders created later
// are watched as they appear; a root deleted and created again is watched
// again, because the folder above it is watched too.
type watcher struct {
	fs   *fsnotify.Watcher
	base string // the project folder, for relative names
	out  chan change

	mu    sync.Mutex
	roots []Root
}

// newWatcher starts watching roots; changes arrive on w.out once run is
// running.
func newWatcher(base string, roots []Root) (*watcher, error) {
	fw, err := fsnotify.NewBufferedWatcher(1024)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(base)
	if err != nil {
		fw.Close()
		return nil, err
	}
	w := &watcher{fs: fw, base: abs, out: make(chan change, 256)}
	w.setRoots(roots)
	return w, nil
}

// setRoots watches roots: every folder of a tree, and the nearest existing
// folder above each root, so that its creation, removal or renaming is
// seen. Adding a folder already watched does nothing, so it is called again
// whenever folders may have appeared.
func (w *watcher) setRoots(roots []Root) {
	w.mu.Lock()
	w.roots = roots
	w.mu.Unlock()
	for _, r := range roots {
		if r.Tree {
			w.addTree(r.Path)
		}
		for dir := filepath.Dir(r.Path); ; dir = filepath.Dir(dir) {
			if info, err := os.Stat(dir); err == nil && info.IsDir() {
				_ = w.fs.Add(dir)
				break
			}
			if dir == filepath.Dir(dir) {
				break
			}
		}
	}
}

// addTree watches dir and every folder below it but hidden ones. Folders
// that vanish while it walks are skipped: their removal is an event too.
func (w *watcher) addTree(dir string) {
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		_ = w.fs.Add(p)
		return nil
	})
}

// run passes relevant changes to w.out until done is closed or the
// watcher is closed; it closes w.out when it returns. An overflow of the
// kernel's queue reports every root as changed.
func (w *watcher) run(done <-chan struct{}) {
	defer close(w.out)
	for {
		select {
		case <-done:
			return
		case ev, ok := <-w.fs.Events:
			if !ok {
				return
			}
			w.mu.Lock()
			roots := w.roots
			w.mu.Unlock()
			if ev.Op == fsnotify.Chmod || !relevant(ev.Name, roots) {
				continue
			}
			if !w.send(ev.Name, ev.Has(fsnotify.Write) && !ev.Has(fsnotify.Create), done) {
				return
			}
			if ev.Has(fsnotify.Create) {
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
					// A new folder in a tree, or a root created again:
					// watch it, and report what was written into it
					// before the watch began.
					w.setRoots(roots)
					if !w.sendTree(ev.Name, roots, done) {
						return
					}
				}
			}
		case err, ok := <-w.fs.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				w.mu.Lock()
				roots := w.roots
				w.mu.Unlock()
				for _, r := range roots {
					if !w.send(r.Path, false, done) {
						return
					}
				}
			}
		}
	}
}

// sendTree reports every relevant file and folder below dir.
func (w *watcher) sendTree(dir string, roots []Root, done <-chan struct{}) bool {
	ok := true
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir || !relevant(p, roots) {
			return nil
		}
		if ok = w.send(p, false, done); !ok {
			return filepath.SkipAll
		}
		return nil
	})
	return ok
}

// change is one change the watcher reports.
type change struct {
	path string // relative to the project folder, slash-separated
	// write says that the file was written, not created, removed or
	// renamed: an editor that saves in place, or an append.
	write bool
}

// send passes the change of path on, relative to the project folder.
func (w *watcher) send(path string, write bool, done <-chan struct{}) bool {
	name := path
	if rel, err := filepath.Rel(w.base, path); err == nil && !strings.HasPrefix(rel, "..") {
		name = filepath.ToSlash(rel)
	}
	select {
	case w.out <- change{name, write}:
		return true
	case <-done:
		return false
	}
}

// close stops watching.
func (w *watcher) close() error { return w.fs.Close() }

// ProjectRoots returns a Roots function for RunOptions: what to watch for
// the project opt selects, read from its config each time. While the config
// cannot be read, the config file and the default paths are watched, so
// that the edit that fixes it is seen.
func ProjectRoots(opt build.Options) func() ([]Root, error) {
	return func() ([]Root, error) {
		cfg, err := build.LoadConfig(opt)
		if err != nil {
			cfg = config.Default()
			cfg.File = opt.Config
			switch {
			case opt.Source != "":
				cfg.Root = opt.Source
			case opt.Config != "":
				cfg.Root = filepath.Dir(opt.Config)
			default:
				cfg.Root = "."
			}
		}
		return Roots(cfg)
	}
}
