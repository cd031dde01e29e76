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
// each call and takes build long, stopping early when its context ends as
// internal/build does.
type aheadProject struct {
	dir    string
	base   string // the site's URL
	events *bufio.Scanner
	mu     sync.Mutex
	calls  []aheadCall
}

// aheadCall is one call of the builder.
type aheadCall struct {
	at      time.Time
	changed []string
	stopped bool // its context ended while it built
}

func newAheadProject(t *testing.T, quietOne, quiet, build time.Duration) *aheadProject {
	t.Helper()
	p := &aheadProject{dir: t.TempDir()}
	os.MkdirAll(filepath.Join(p.dir, "content"), 0o755)
	for _, f := range []string{"a", "b", "c"} {
		if err := os.WriteFile(p.file(f), []byte(f), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b := BuilderFunc(func(ctx context.Context, changed []string) (Site, error) {
		call := aheadCall{at: time.Now(), changed: changed}
		var page strings.Builder
		for _, f := range []string{"a", "b", "c"} {
			text, err := os.ReadFile(p.file(f))
			if err != nil {
				return Site{}, err
			}
			page.Write(text)
			page.WriteByte('|')
		}
		if changed != nil {
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
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	ready := make(chan Event, 1)
	stopped := make(chan error, 1)
	go func() {
		stopped <- s.Run(ctx, ln, RunOptions{
			Project:  p.dir,
			Roots:    func() ([]Root, error) { return []Root{{Path: filepath.Join(p.dir, "content"), Tree: true}}, nil },
			QuietOne: quietOne, Quiet: quiet, MaxDelay: 10 * time.Second,
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
	p.calls = nil
	return p
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

// TestRunAheadOneSave checks that a save written in place starts building
// at once, not after the quiet period, and is served once that period
// has passed: one build, one event.
func TestRunAheadOneSave(t *testing.T) {
	const quietOne = 2 * time.Second
	p := newAheadProject(t, quietOne, quietOne, 100*time.Millisecond)
	saved := time.Now()
	p.appendTo(t, "a", "+1")
	ev := p.next(t, "build")
	served := time.Since(saved)
	calls := p.builds()
	if !ev.OK || !slices.Equal(ev.Changed, []string{"content/a.md"}) {
		t.Errorf("event %+v, want a good build after content/a.md changed", ev)
	}
	if len(calls) != 1 || calls[0].stopped {
		t.Fatalf("builder calls %+v, want one, run to its end", calls)
	}
	if began := calls[0].at.Sub(saved); began >= quietOne/2 {
		t.Errorf("the build began %s after the save, want at once (the quiet period is %s)", began, quietOne)
	}
	if served < quietOne {
		t.Errorf("served %s after the save, before the quiet period of %s passed", served, quietOne)
	}
}

// TestRunAheadBurst checks that changes after a save's build ahead began
// stop it and join the burst: one event naming every file, whose site has
// every file's last bytes; and that a file created (a save by rename, an
// export copied in) builds no earlier than the quiet period.
func TestRunAheadBurst(t *testing.T) {
	const quietOne, quiet = 100 * time.Millisecond, 300 * time.Millisecond
	p := newAheadProject(t, quietOne, quiet, time.Second)
	p.appendTo(t, "a", "+1")
	time.Sleep(20 * time.Millisecond) // the build ahead has begun
	p.appendTo(t, "b", "+2")
	p.appendTo(t, "c", "+3")
	ev := p.next(t, "build")
	if want := []string{"content/a.md", "content/b.md", "content/c.md"}; !ev.OK || !slices.Equal(ev.Changed, want) {
		t.Errorf("event %+v, want a good build after %q changed", ev, want)
	}
	calls := p.builds()
	if len(calls) != 2 || !calls[0].stopped || !slices.Equal(calls[0].changed, []string{"content/a.md"}) || calls[1].stopped {
		t.Errorf("builder calls %+v, want the build ahead for a.md stopped, then one whole build", calls)
	}
	if got, want := p.page(t), "a+1|b+2|c+3|"; !strings.Contains(got, want) {
		t.Errorf("page %q, want %q", got, want)
	}

	p.mu.Lock()
	p.calls = nil
	p.mu.Unlock()
	created := time.Now()
	if err := os.WriteFile(filepath.Join(p.dir, "content", "d.md"), []byte("d"), 0o644); err != nil {
		t.Fatal(err)
	}
	ev = p.next(t, "build")
	if !ev.OK || !slices.Equal(ev.Changed, []string{"content/d.md"}) {
		t.Errorf("event %+v, want a good build after content/d.md was created", ev)
	}
	if calls := p.builds(); len(calls) != 1 || calls[0].at.Sub(created) < quietOne {
		t.Errorf("builder calls %+v after a file was created at %s, want one, after the quiet period", calls, created)
	}
}
