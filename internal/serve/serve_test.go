package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/evalbook/evalbook/internal/render"
)

func TestNewBuildError(t *testing.T) {
	tests := []struct {
		msg       string
		file      string
		line, col int
	}{
		{`data/metrics/serving.csv:14:27: extraneous or missing " in quoted-field`, "data/metrics/serving.csv", 14, 27},
		{"rendering: template: pages/case.html:12: unexpected EOF", "pages/case.html", 12, 0},
		{"casestudies/a.md:3:1: front matter: unknown key \"titel\"", "casestudies/a.md", 3, 1},
		{"reading config: open /p/config.toml: no such file or directory", "", 0, 0},
		{"data/annotations/x.jsonl: line 4: bad JSON", "", 0, 0},
	}
	for _, tt := range tests {
		e := newBuildError(errors.New(tt.msg))
		if e.Message != tt.msg || e.File != tt.file || e.Line != tt.line || e.Col != tt.col {
			t.Errorf("newBuildError(%q) = %+v, want file %q line %d col %d", tt.msg, *e, tt.file, tt.line, tt.col)
		}
	}
}

func TestProgress(t *testing.T) {
	tests := []struct {
		ev   Event
		want string
	}{
		{Event{OK: true, Duration: 240.4, Pages: 311, Redone: "everything"}, "built in 240ms; redone: everything; 311 pages"},
		{Event{OK: true, Duration: 12, Pages: 3, Changed: []string{"casestudies/a.md"}, Warnings: []string{"w"}},
			"rebuilt in 12ms after casestudies/a.md changed; 3 pages, 1 warnings"},
		{Event{OK: true, Duration: 1, Pages: 3, Changed: []string{"a", "b", "c", "d", "e"}, Redone: "metric acc"},
			"rebuilt in 1ms after a, b, c and 2 more changed; redone: metric acc; 3 pages"},
		{Event{OK: false, Duration: 5, Changed: []string{"data/m.csv"}, Error: &BuildError{Message: "data/m.csv:2:1: bad"}},
			"build failed in 5ms after data/m.csv changed: data/m.csv:2:1: bad (still serving the last good site)"},
	}
	for _, tt := range tests {
		if got := progress(tt.ev); got != tt.want {
			t.Errorf("progress:\n got %q\nwant %q", got, tt.want)
		}
	}
}

// TestRebuildSurvivesPanic checks that a builder that panics (a file that
// vanished under a reader that did not expect it) fails the build, keeps
// the last good site and leaves the server working.
func TestRebuildSurvivesPanic(t *testing.T) {
	panicking := false
	var log strings.Builder
	s := NewServer(BuilderFunc(func(context.Context, []string) (Site, error) {
		if panicking {
			panic("index out of range")
		}
		return Site{Files: testSite}, nil
	}), "/", &log)
	s.Rebuild(context.Background(), nil)
	panicking = true
	ev := s.Rebuild(context.Background(), []string{"data/m.csv"})
	if ev.OK || !strings.Contains(ev.Error.Message, "index out of range") || ev.Pages != 5 {
		t.Errorf("event %+v, want a failure naming the panic, with the 5 pages still served", ev)
	}
	if w := get(s, http.MethodGet, "/", nil); w.Code != 200 {
		t.Errorf("status %d after a panic, want the last good site", w.Code)
	}
	if lines := strings.Count(log.String(), "\n"); lines != 2 {
		t.Errorf("printed %d lines for 2 builds:\n%s", lines, log.String())
	}
}

// TestRebuildIdle checks that a build's Idle work runs once its site is
// served and its event sent, and that a failed build's does not run.
func TestRebuildIdle(t *testing.T) {
	ran := make(chan int, 2)
	fail := false
	var s *Server
	s = NewServer(BuilderFunc(func(context.Context, []string) (Site, error) {
		idle := func() {
			w := get(s, http.MethodGet, "/", nil)
			if w.Code != http.StatusOK {
				t.Errorf("status %d when the idle work ran, want the site served", w.Code)
			}
			ran <- s.state.seq()
		}
		if fail {
			return Site{Idle: idle}, errors.New("broken")
		}
		return Site{Files: testSite, Idle: idle}, nil
	}), "/", nil)
	s.Rebuild(context.Background(), nil)
	if seq := <-ran; seq != 1 {
		t.Errorf("idle work ran with event %d sent, want 1", seq)
	}
	fail = true
	s.Rebuild(context.Background(), []string{"data/m.csv"})
	fail = false
	s.Rebuild(context.Background(), []string{"data/m.csv"})
	if seq := <-ran; seq != 3 {
		t.Errorf("idle work ran with event %d sent, want 3 (the failed build's never runs)", seq)
	}
}

// TestRun runs the whole loop on a real folder: a builder that reads the
// project's one input, the watcher, the coalescing and the reload stream.
// An edit gives one build event naming the file; a broken file gives a
// failed build and the last good page stays; a fix serves the new page.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "content", "about.md")
	os.MkdirAll(filepath.Dir(page), 0o755)
	if err := os.WriteFile(page, []byte("first"), 0o644); err != nil {
		t.Fatal(err)
	}
	var changes [][]string
	b := BuilderFunc(func(_ context.Context, changed []string) (Site, error) {
		changes = append(changes, changed)
		text, err := os.ReadFile(page)
		if err != nil {
			return Site{}, err
		}
		if strings.Contains(string(text), "broken") {
			return Site{}, fmt.Errorf("content/about.md:1:1: broken")
		}
		return Site{Files: render.Files{"index.html": []byte("<html><head></head><body>" + string(text) + "</body></html>")}}, nil
	})
	var log strings.Builder
	s := NewServer(b, "/sub/", &log)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	ready := make(chan Event, 1)
	stopped := make(chan error, 1)
	go func() {
		stopped <- s.Run(ctx, ln, RunOptions{
			Project: dir,
			Roots:   func() ([]Root, error) { return []Root{{Path: filepath.Join(dir, "content"), Tree: true}}, nil },
			Quiet:   50 * time.Millisecond,
			Ready:   func(ev Event) { ready <- ev },
		})
	}()
	if ev := <-ready; !ev.OK {
		t.Fatalf("first build failed: %+v", ev.Error)
	}
	base := "http://" + ln.Addr().String() + "/sub/"
	body := func() string {
		resp, err := http.Get(base)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b strings.Builder
		bufio.NewReader(resp.Body).WriteTo(&b)
		return b.String()
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"_evalbook/reload", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	events := bufio.NewScanner(resp.Body)
	next := func(kind string) Event {
		t.Helper()
		for events.Scan() {
			if line := events.Text(); line == "event: "+kind {
				events.Scan() // id
				events.Scan()
				var ev Event
				if err := json.Unmarshal([]byte(strings.TrimPrefix(events.Text(), "data: ")), &ev); err != nil {
					t.Fatal(err)
				}
				return ev
			}
		}
		t.Fatalf("stream ended: %v", events.Err())
		return Event{}
	}
	next("state")
	for _, step := range []struct {
		text string
		ok   bool
		body string
	}{
		{"second", true, "second"},
		{"broken", false, "second"},
		{"third", true, "third"},
	} {
		// An editor's swap file first: it must not add a build.
		os.WriteFile(filepath.Join(dir, "content", ".about.md.swp"), []byte("x"), 0o644)
		if err := os.WriteFile(page, []byte(step.text), 0o644); err != nil {
			t.Fatal(err)
		}
		ev := next("build")
		if ev.OK != step.ok || !slices.Equal(ev.Changed, []string{"content/about.md"}) {
			t.Errorf("%s: event %+v, want ok %v after content/about.md changed", step.text, ev, step.ok)
		}
		if !step.ok && (ev.Error == nil || ev.Error.File != "content/about.md" || ev.Error.Line != 1) {
			t.Errorf("%s: error %+v, want content/about.md:1", step.text, ev.Error)
		}
		if got := body(); !strings.Contains(got, step.body) || !strings.Contains(got, "/sub/_evalbook/reload.js") {
			t.Errorf("%s: page %q, want %q with the reload script", step.text, got, step.body)
		}
	}
	cancel()
	select {
	case err := <-stopped:
		if err != nil {
			t.Errorf("Run returned %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop within 5s of its context's end")
	}
	// A save that writes the file in place may start a build ahead that
	// the save's next event stops (see ahead), so the builder can be
	// called more often than once per edit; each call names the edit.
	if len(changes) < 4 || changes[0] != nil {
		t.Errorf("builder called with %q, want nil and then at least one list per edit", changes)
	}
	for _, c := range changes[1:] {
		if !slices.Equal(c, []string{"content/about.md"}) {
			t.Errorf("builder called with %q, want content/about.md", c)
		}
	}
	if n := strings.Count(log.String(), "\n"); n != 4 {
		t.Errorf("printed %d progress lines, want 4:\n%s", n, log.String())
	}
}
