package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/evalbook/evalbook/internal/render"
)

// aheadProject is a project of files a.md, b.md and c.md under content/
// served by Run through a builder that joins them into one page, records
// each call and takes build long (set with setBuild), stopping early when
// its context ends as internal/build does.
type aheadProject struct {
	dir     string
	base    string // the site's URL
	events  *bufio.Scanner
	started chan aheadCall // each call with changed paths, as it begins
	mu      sync.Mutex
	build   time.Duration
	calls   []aheadCall
}

// aheadCall is one call of the builder.
type aheadCall struct {
	at      time.Time
	changed []string
	// ahead says that it was a build ahead: its context is not Run's own,
	// which Rebuild passes on, but one that a change stops.
	ahead   bool
	stopped bool // its context ended while it built
}

// newAheadProject serves the project with quiet periods quietOne and
// quiet and no max delay (an hour); builds take no time until setBuild.
func newAheadProject(t *testing.T, quietOne, quiet time.Duration) *aheadProject {
	t.Helper()
	p := &aheadProject{dir: t.TempDir(), started: make(chan aheadCall, 16)}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	os.MkdirAll(filepath.Join(p.dir, "content"), 0o755)
	for _, f := range []string{"a", "b", "c"} {
		if err := os.WriteFile(p.file(f), []byte(f), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	runCtx := ctx
	b := BuilderFunc(func(ctx context.Context, changed []string) (Site, error) {
		call := aheadCall{at: time.Now(), changed: changed, ahead: ctx.Done() != runCtx.Done()}
		p.mu.Lock()
		build := p.build
		p.mu.Unlock()
		if changed != nil {
			p.started <- call
		}
		var page strings.Builder
		for _, f := range []string{"a", "b", "c"} {
			text, err := os.ReadFile(p.file(f))
			if err != nil {
				return Site{}, err
			}
			page.Write(text)
			page.WriteByte('|')
		}
		if changed != nil && build > 0 {
			select {
			case <-time.After(build):
			case <-ctx.Done():
				call.stopped = true
			}
		}
		p.mu.Lock()
		p.calls = append(p.calls, call)
		p.mu.Unlock()
		if call.stopped {
			return Site{}, ctx.Err()
		}
		return Site{Files: render.Files{"index.html": []byte(page.String())}}, nil
	})
	s := NewServer(b, "/", nil)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ready := make(chan Event, 1)
	stopped := make(chan error, 1)
	go func() {
		stopped <- s.Run(ctx, ln, RunOptions{
			Project:  p.dir,
			Roots:    func() ([]Root, error) { return []Root{{Path: filepath.Join(p.dir, "content"), Tree: true}}, nil },
			QuietOne: quietOne, Quiet: quiet, MaxDelay: time.Hour,
			Ready: func(ev Event) { ready <- ev },
		})
	}()
	t.Cleanup(func() { cancel(); <-stopped })
	<-ready
	p.base = "http://" + ln.Addr().String() + "/"
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, p.base+"_evalbook/reload", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	p.events = bufio.NewScanner(resp.Body)
	p.next(t, "state")
	p.mu.Lock()
	p.calls = nil
	p.mu.Unlock()
	return p
}

// setBuild makes the builder's later calls take d, or until their
// context ends.
func (p *aheadProject) setBuild(d time.Duration) {
	p.mu.Lock()
	p.build = d
	p.mu.Unlock()
}

// began waits up to wait for the builder's next call with changed paths
// to begin; ok is false if none did.
func (p *aheadProject) began(wait time.Duration) (call aheadCall, ok bool) {
	select {
	case call := <-p.started:
		return call, true
	case <-time.After(wait):
		return aheadCall{}, false
	}
}

// tryAhead runs try on a new project served with the quiet periods
// quietOne and quiet, again on another one (up to three in all) while try
// reports that the save it made built no build ahead: Run offers a build
// ahead only while it waits for changes, and on a loaded host it may not
// have reached its loop yet when the test saves.
func tryAhead(t *testing.T, quietOne, quiet time.Duration, try func(p *aheadProject) (missed bool)) {
	t.Helper()
	for range 3 {
		if !try(newAheadProject(t, quietOne, quiet)) {
			return
		}
		t.Log("Run was not yet waiting for changes when the file was saved; again on a new project")
	}
	t.Fatal("three saves built no build ahead")
}

func (p *aheadProject) file(name string) string {
	return filepath.Join(p.dir, "content", name+".md")
}

// appendTo appends text to the file name, as savereload does.
func (p *aheadProject) appendTo(t *testing.T, name, text string) {
	t.Helper()
	f, err := os.OpenFile(p.file(name), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(text)
	f.Close()
}

// next returns the data of the next event of kind on the reload stream.
func (p *aheadProject) next(t *testing.T, kind string) Event {
	t.Helper()
	for p.events.Scan() {
		if p.events.Text() == "event: "+kind {
			p.events.Scan() // id
			p.events.Scan()
			var ev Event
			if err := json.Unmarshal([]byte(strings.TrimPrefix(p.events.Text(), "data: ")), &ev); err != nil {
				t.Fatal(err)
			}
			return ev
		}
	}
	t.Fatalf("stream ended: %v", p.events.Err())
	return Event{}
}

// page returns the site's front page.
func (p *aheadProject) page(t *testing.T) string {
	t.Helper()
	resp, err := http.Get(p.base)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	bufio.NewReader(resp.Body).WriteTo(&b)
	return b.String()
}

// builds returns the builder's calls since the first build.
func (p *aheadProject) builds() []aheadCall {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.calls)
}

// TestRunAheadStartsAtOnce checks that a save written in place starts
// building before the quiet period has passed: with an hour's quiet
// period, the build ahead of the saved file begins.
func TestRunAheadStartsAtOnce(t *testing.T) {
	t.Parallel()
	tryAhead(t, time.Hour, time.Hour, func(p *aheadProject) bool {
		p.setBuild(time.Hour) // stopped when the test ends
		p.appendTo(t, "a", "+1")
		call, ok := p.began(5 * time.Second)
		if !ok {
			return true // the offer was dropped: nothing builds for an hour
		}
		if want := []string{"content/a.md"}; !call.ahead || !slices.Equal(call.changed, want) {
			t.Errorf("the first build after the save %+v, want a build ahead of %q", call, want)
		}
		return false
	})
}

// TestRunAheadOneSave checks that the site a save's build ahead made is
// served once the quiet period has passed, not before: one build, ahead,
// run to its end, one event, the saved bytes served.
func TestRunAheadOneSave(t *testing.T) {
	t.Parallel()
	const quietOne = 200 * time.Millisecond
	tryAhead(t, quietOne, quietOne, func(p *aheadProject) bool {
		p.setBuild(20 * time.Millisecond)
		saved := time.Now()
		p.appendTo(t, "a", "+1")
		ev := p.next(t, "build")
		served := time.Since(saved)
		calls := p.builds()
		if len(calls) == 1 && !calls[0].ahead {
			return true
		}
		if !ev.OK || !slices.Equal(ev.Changed, []string{"content/a.md"}) {
			t.Errorf("event %+v, want a good build after content/a.md changed", ev)
		}
		if len(calls) != 1 || calls[0].stopped || !slices.Equal(calls[0].changed, []string{"content/a.md"}) {
			t.Fatalf("builder calls %+v, want one build ahead for content/a.md, run to its end", calls)
		}
		if served < quietOne {
			t.Errorf("served %s after the save, before the quiet period of %s passed", served, quietOne)
		}
		if got, want := p.page(t), "a+1|b|c|"; !strings.Contains(got, want) {
			t.Errorf("page %q, want %q", got, want)
		}
		return false
	})
}

// TestRunAheadBurst checks that changes after a save's build ahead began
// stop it and join the burst: one event naming every file, whose site has
// every file's last bytes.
func TestRunAheadBurst(t *testing.T) {
	t.Parallel()
	// The quiet period must outlast the time from the first save to the
	// second one's event on a loaded host.
	const quiet = 500 * time.Millisecond
	tryAhead(t, quiet, quiet, func(p *aheadProject) bool {
		p.setBuild(time.Hour) // the build ahead runs until stopped
		p.appendTo(t, "a", "+1")
		call, ok := p.began(10 * time.Second)
		if !ok {
			t.Fatal("no build began within 10s of the save")
		}
		if !call.ahead {
			return true // a rebuild after the quiet period, which runs for the hour
		}
		if !slices.Equal(call.changed, []string{"content/a.md"}) {
			t.Fatalf("the build ahead was given %q, want content/a.md", call.changed)
		}
		p.setBuild(0)
		p.appendTo(t, "b", "+2")
		p.appendTo(t, "c", "+3")
		ev := p.next(t, "build")
		want := []string{"content/a.md", "content/b.md", "content/c.md"}
		if !ev.OK || !slices.Equal(ev.Changed, want) {
			t.Errorf("event %+v, want a good build after %q changed", ev, want)
		}
		calls := p.builds()
		if len(calls) != 2 || !calls[0].stopped || !slices.Equal(calls[0].changed, []string{"content/a.md"}) ||
			calls[1].stopped || calls[1].ahead || !slices.Equal(calls[1].changed, want) {
			t.Errorf("builder calls %+v, want the build ahead for a.md stopped, then one whole build", calls)
		}
		if got, want := p.page(t), "a+1|b+2|c+3|"; !strings.Contains(got, want) {
			t.Errorf("page %q, want %q", got, want)
		}
		return false
	})
}

// TestRunCreatedWaits checks that a file created (a save by rename, an
// export copied in), whose first event is no write, gets no build ahead:
// it builds once, no earlier than the quiet period.
func TestRunCreatedWaits(t *testing.T) {
	t.Parallel()
	const quietOne = 300 * time.Millisecond
	p := newAheadProject(t, quietOne, quietOne)
	created := time.Now()
	if err := os.WriteFile(filepath.Join(p.dir, "content", "d.md"), []byte("d"), 0o644); err != nil {
		t.Fatal(err)
	}
	ev := p.next(t, "build")
	if !ev.OK || !slices.Equal(ev.Changed, []string{"content/d.md"}) {
		t.Errorf("event %+v, want a good build after content/d.md was created", ev)
	}
	if calls := p.builds(); len(calls) != 1 || calls[0].ahead || calls[0].at.Sub(created) < quietOne {
		t.Errorf("builder calls %+v after a file was created at %s, want one, no build ahead, after the quiet period", calls, created)
	}
}
