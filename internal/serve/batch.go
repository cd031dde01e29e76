package serve

import (
	"context"
	"slices"
	"sync"
	"time"
)

// batch gathers the changes of one burst of file events (an editor's save,
// a copy of many files) so that they cause one rebuild. It is a plain state
// machine over the times it is given, so tests drive it with a fake clock;
// coalesce runs it on real timers.
type batch struct {
	// one is the quiet period of a burst that touched one path (an
	// editor's save: its events come within a few milliseconds), quiet
	// that of a burst that touched more (a copy, a checkout: the next
	// file may come after a pause); one <= quiet, 0 for quiet.
	one, quiet time.Duration
	max        time.Duration // flush at the latest this long after the burst's first event

	first, last time.Time
	paths       map[string]bool
}

// add records a change of path at now.
func (b *batch) add(path string, now time.Time) {
	if b.paths == nil {
		b.paths = map[string]bool{}
		b.first = now
	}
	b.paths[path] = true
	b.last = now
}

// empty reports whether no change waits.
func (b *batch) empty() bool { return len(b.paths) == 0 }

// due returns when the waiting changes should be flushed: a quiet period
// after the last event (the short one while the burst touched one path),
// but no later than max after the first.
func (b *batch) due() time.Time {
	q := b.quiet
	if len(b.paths) == 1 && b.one > 0 {
		q = b.one
	}
	d := b.last.Add(q)
	if limit := b.first.Add(b.max); limit.Before(d) {
		return limit
	}
	return d
}

// flush returns the changed paths, sorted, and empties the batch.
func (b *batch) flush() []string {
	var out []string
	for p := range b.paths {
		out = append(out, p)
	}
	slices.Sort(out)
	b.paths = nil
	return out
}

// coalesce reads changes from in and sends one sorted list of paths per
// burst to out: a burst ends after a quiet period of one while it touched
// one path, of quiet once it touched more (see batch). While out is not
// ready (a rebuild is running), later changes join the waiting list, so a
// burst that outlasts a rebuild causes one more rebuild, not one per
// event. It tells ahead (nil for no one) of every change, and offers it
// the path of a burst's first change when that is a write and no rebuild
// waits (see ahead). It returns when in is closed, after sending what
// waits, or when done is closed.
func coalesce(in <-chan change, out chan<- []string, ahead *ahead, one, quiet, max time.Duration, done <-chan struct{}) {
	b := &batch{one: one, quiet: quiet, max: max}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	var ready []string // flushed, waiting for out
	for {
		var send chan<- []string
		if ready != nil && b.empty() { // not in the middle of a burst
			send = out
		}
		select {
		case c, ok := <-in:
			if !ok {
				if !b.empty() {
					ready = slices.Concat(ready, b.flush())
				}
				if ready != nil {
					select {
					case out <- unique(ready):
					case <-done:
					}
				}
				return
			}
			ahead.seen()
			if c.write && b.empty() && ready == nil {
				ahead.offer(c.path)
			}
			b.add(c.path, time.Now())
			timer.Reset(time.Until(b.due()))
		case <-timer.C:
			if !b.empty() {
				ready = slices.Concat(ready, b.flush())
			}
		case send <- unique(ready):
			ready = nil
		case <-done:
			return
		}
	}
}

// unique sorts paths and drops repeats.
func unique(paths []string) []string {
	slices.Sort(paths)
	return slices.Compact(paths)
}

// ahead lets serve start a rebuild at the first event of a burst that
// writes a file, an editor's save in place, instead of once the quiet
// period has passed, and use it only if no other change came after it
// began: the quiet period then runs while the site builds, not before.
// A change while it runs stops it (build.Options.Context); the burst's
// list then rebuilds as usual, so a copy of many files still gives one
// rebuild and a save by rename or a new file (their first event is no
// write) waits for the quiet period as before. Its methods may be
// called on nil, which offers nothing.
type ahead struct {
	offers chan string // a written path, taken only while Run waits

	mu     sync.Mutex
	events int                // changes seen so far
	at     int                // events when the build ahead began
	cancel context.CancelFunc // stops the build ahead; nil when none runs
}

// newAhead returns an ahead whose offers Run takes.
func newAhead() *ahead { return &ahead{offers: make(chan string)} }

// seen counts a change and stops the build ahead, now out of date.
func (a *ahead) seen() {
	if a == nil {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.events++
	if a.cancel != nil {
		a.cancel()
		a.cancel = nil
	}
}

// offer passes path to Run if it is waiting for changes, else does nothing.
func (a *ahead) offer(path string) {
	if a == nil {
		return
	}
	select {
	case a.offers <- path:
	default:
	}
}

// begin returns the context of a build ahead starting now.
func (a *ahead) begin(ctx context.Context) context.Context {
	a.mu.Lock()
	defer a.mu.Unlock()
	ctx, a.cancel = context.WithCancel(ctx)
	a.at = a.events
	return ctx
}

// current ends the build ahead and reports whether no change came since
// it began, so that its site is the one the burst's rebuild would make.
func (a *ahead) current() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.cancel != nil {
		a.cancel()
		a.cancel = nil
	}
	return a.events == a.at
}
