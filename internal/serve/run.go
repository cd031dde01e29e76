package serve

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"
)

// RunOptions says what Run watches and how it coalesces changes.
type RunOptions struct {
	Project string // the project folder; changed paths are relative to it
	// Roots returns what to watch. Run calls it at the start and again
	// after every build, so that a config edit that moves a path moves the
	// watch too; on error the previous roots stay.
	Roots func() ([]Root, error)
	// QuietOne is how long no change must come before a rebuild is
	// served when the changes so far touched one file, an editor's save
	// (25 ms when 0; a save that writes a file in place starts building
	// at once, see ahead); Quiet is that period once they touched more, a copy of many
	// files, whose next file may come after a pause (100 ms when 0);
	// MaxDelay bounds how long a steady stream of changes can put a
	// rebuild off (1 s when 0).
	QuietOne, Quiet, MaxDelay time.Duration
	// Ready, when set, is called once the first build is done and the
	// server accepts requests.
	Ready func(Event)
}

// Run watches the project, builds the site, serves it on ln and rebuilds on
// every burst of changes, until ctx is done. It returns nil then, or the
// error that stopped it.
func (s *Server) Run(ctx context.Context, ln net.Listener, opt RunOptions) error {
	if opt.QuietOne == 0 {
		opt.QuietOne = 25 * time.Millisecond
	}
	if opt.Quiet == 0 {
		opt.Quiet = 100 * time.Millisecond
	}
	opt.QuietOne = min(opt.QuietOne, opt.Quiet)
	if opt.MaxDelay == 0 {
		opt.MaxDelay = time.Second
	}
	roots, _ := opt.Roots() // on error (a broken config) the first build reports it
	w, err := newWatcher(opt.Project, roots)
	if err != nil {
		return err
	}
	defer w.close()
	done := make(chan struct{})
	defer close(done)
	go w.run(done)
	batches := make(chan []string)
	early := newAhead()
	go coalesce(w.out, batches, early, opt.QuietOne, opt.Quiet, opt.MaxDelay, done)

	first := s.Rebuild(ctx, nil)
	s.rewatch(w, opt.Roots)

	base, cancel := context.WithCancel(ctx)
	defer cancel()
	hs := &http.Server{
		Handler:           s,
		BaseContext:       func(net.Listener) context.Context { return base },
		ReadHeaderTimeout: 10 * time.Second,
	}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	if opt.Ready != nil {
		opt.Ready(first)
	}
	var ahead <-chan made // the build begun on a save, nil when none
	for {
		offers := early.offers
		if ahead != nil {
			offers = nil // one build ahead at a time
		}
		select {
		case path := <-offers:
			ahead = s.buildAhead(early.begin(ctx), path)
		case <-ctx.Done():
			s.Close()
			cancel()
			shut, stop := context.WithTimeout(context.Background(), 2*time.Second)
			defer stop()
			_ = hs.Shutdown(shut)
			return nil
		case err := <-served:
			s.Close()
			if errors.Is(err, http.ErrServerClosed) {
				return nil
			}
			return err
		case changed := <-batches:
			if ahead != nil {
				b := <-ahead
				ahead = nil
				if early.current() {
					s.finish(changed, b)
					s.rewatch(w, opt.Roots)
					continue
				}
			}
			s.Rebuild(ctx, changed)
			s.rewatch(w, opt.Roots)
		}
	}
}

// rewatch points w at the roots as the config now names them, and keeps
// the previous ones when the config cannot be read.
func (s *Server) rewatch(w *watcher, roots func() ([]Root, error)) {
	if r, err := roots(); err == nil {
		w.setRoots(r)
	}
}
