package serve

import (
	"slices"
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

// coalesce reads changed paths from in and sends one sorted list of paths
// per burst to out: a burst ends after a quiet period of one while it
// touched one path, of quiet once it touched more (see batch). While out is not ready (a rebuild is running), later
// changes join the waiting list, so a burst that outlasts a rebuild causes
// one more rebuild, not one per event. It returns when in is closed, after
// sending what waits, or when done is closed.
func coalesce(in <-chan string, out chan<- []string, one, quiet, max time.Duration, done <-chan struct{}) {
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
		case p, ok := <-in:
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
			b.add(p, time.Now())
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
