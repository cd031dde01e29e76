// Package progress shows how far a long build or check has come: on a
// terminal one status line, rewritten in place, with the bytes of input
// read and their rate, the analyses finished of their total, the pages
// written, and an estimate of the time left in the current stage. Messages
// written through the Reporter (the pipeline's stage lines and warnings)
// appear above the status line.
//
// Off a terminal (a CI log) a Reporter writes only the messages: the
// pipeline's plain stage lines. With --quiet there is no Reporter at all.
//
// The clock is injected (New's now), so the core is tested without timing.
package progress

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// redraw is the least time between two drawings of the status line.
const redraw = 100 * time.Millisecond

// Reporter collects progress counts from the pipeline's goroutines and
// draws them. Its methods are safe for concurrent use; a nil *Reporter
// ignores every call, so the pipeline calls it unconditionally.
type Reporter struct {
	mu   sync.Mutex
	w    io.Writer
	tty  bool
	now  func() time.Time
	line string    // the status line on screen, "" when none
	last time.Time // when it was drawn
	done bool      // Done was called: draw no more

	stage                   string
	stageStart              time.Time
	read, readTotal         int64
	readStart, readLast     time.Time // the first and latest read
	analyses, analysesTotal int
	pages                   int
}

// New returns a Reporter writing to w. tty says whether w is a terminal
// (see IsTerminal); now is the clock, time.Now outside tests.
func New(w io.Writer, tty bool, now func() time.Time) *Reporter {
	return &Reporter{w: w, tty: tty, now: now}
}

// Write writes a message (one or more whole lines) above the status line.
func (r *Reporter) Write(p []byte) (int, error) {
	if r == nil {
		return len(p), nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.clear()
	n, err := r.w.Write(p)
	r.draw(true)
	return n, err
}

// Stage starts the named stage ("reading", "analysing", "rendering",
// "writing"); the estimate of the time left is the current stage's.
func (r *Reporter) Stage(name string) {
	r.update(func() {
		r.stage, r.stageStart = name, r.now()
	}, true)
}

// ReadTotal sets the bytes of input expected.
func (r *Reporter) ReadTotal(n int64) { r.update(func() { r.readTotal = n }, false) }

// Read counts n bytes of input read.
func (r *Reporter) Read(n int64) {
	r.update(func() {
		if r.read == 0 {
			r.readStart = r.now()
		}
		r.read += n
		r.readLast = r.now()
	}, false)
}

// Analyses sets the number of analyses to run.
func (r *Reporter) Analyses(total int) { r.update(func() { r.analysesTotal = total }, false) }

// AnalysisDone counts one analysis finished.
func (r *Reporter) AnalysisDone() { r.update(func() { r.analyses++ }, true) }

// Pages counts n pages written.
func (r *Reporter) Pages(n int) { r.update(func() { r.pages += n }, true) }

// Done removes the status line for good: later messages are written
// alone.
func (r *Reporter) Done() {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.clear()
	r.done = true
}

// update applies f under the lock and redraws the status line, at once when
// force is set, otherwise at most every redraw.
func (r *Reporter) update(f func(), force bool) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	f()
	r.draw(force)
}

// Status returns the status line for the counts so far.
func (r *Reporter) Status() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.status()
}

func (r *Reporter) status() string {
	now := r.now()
	parts := []string{r.stage}
	if r.read > 0 || r.readTotal > 0 {
		s := "read " + megabytes(r.read)
		if r.readTotal > 0 {
			s += " of " + megabytes(r.readTotal)
		}
		if d := r.readLast.Sub(r.readStart); d > 0 {
			s += fmt.Sprintf(" (%.1f MB/s)", float64(r.read)/1e6/d.Seconds())
		}
		parts = append(parts, s)
	}
	if r.analysesTotal > 0 {
		parts = append(parts, fmt.Sprintf("analyses %d of %d", r.analyses, r.analysesTotal))
	}
	if r.pages > 0 {
		parts = append(parts, fmt.Sprintf("%d pages written", r.pages))
	}
	if left, ok := r.left(now); ok {
		parts = append(parts, "about "+left.String()+" left")
	}
	return strings.Join(parts, " · ")
}

// left estimates the time left in the current stage from the share done
// and the time spent: false when the stage has no share to go by yet.
func (r *Reporter) left(now time.Time) (time.Duration, bool) {
	var done float64
	switch {
	case r.stage == "reading" && r.readTotal > 0:
		done = float64(r.read) / float64(r.readTotal)
	case r.stage == "analysing" && r.analysesTotal > 0:
		done = float64(r.analyses) / float64(r.analysesTotal)
	}
	spent := now.Sub(r.stageStart)
	if !(done > 0 && done < 1) || spent <= 0 {
		return 0, false
	}
	left := time.Duration(float64(spent) * (1 - done) / done)
	return left.Round(time.Second), true
}

// megabytes formats n bytes in MB with one decimal.
func megabytes(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }

// draw writes the status line on a terminal: at once when force is set,
// otherwise when redraw has passed since the last drawing.
func (r *Reporter) draw(force bool) {
	if !r.tty || r.stage == "" || r.done {
		return
	}
	now := r.now()
	if !force && r.line != "" && now.Sub(r.last) < redraw {
		return
	}
	r.line, r.last = r.status(), now
	fmt.Fprintf(r.w, "\r\x1b[K%s", r.line)
}

// clear erases the status line from a terminal.
func (r *Reporter) clear() {
	if r.line != "" {
		io.WriteString(r.w, "\r\x1b[K")
		r.line = ""
	}
}
