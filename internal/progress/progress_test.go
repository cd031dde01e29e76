package progress

import (
	"bytes"
	"io"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// clock is a settable clock for New.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }
func newClock() *clock                   { return &clock{time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)} }
func lastLine(out string) string         { return out[strings.LastIndex(out, "\r\x1b[K")+len("\r\x1b[K"):] }
func steps(c *clock, r *Reporter, fs ...func()) {
	for _, f := range fs {
		c.advance(time.Second)
		f()
	}
}

func TestStatus(t *testing.T) {
	for _, tt := range []struct {
		name string
		run  func(c *clock, r *Reporter)
		want string
	}{
		{"reading with a rate and an estimate", func(c *clock, r *Reporter) {
			r.Stage("reading")
			r.ReadTotal(40e6)
			r.Read(1) // the rate counts from the first byte read
			c.advance(2 * time.Second)
			r.Read(10e6 - 1)
		}, "reading · read 10.0 MB of 40.0 MB (5.0 MB/s) · about 6s left"},
		{"reading without a total", func(c *clock, r *Reporter) {
			r.Stage("reading")
			r.Read(1)
			c.advance(4 * time.Second)
			r.Read(2e6 - 1)
		}, "reading · read 2.0 MB (0.5 MB/s)"},
		{"analyses", func(c *clock, r *Reporter) {
			r.Stage("analysing")
			r.Analyses(6)
			c.advance(3 * time.Second)
			r.AnalysisDone()
			r.AnalysisDone()
		}, "analysing · analyses 2 of 6 · about 6s left"},
		{"stage estimate only for its own stage", func(c *clock, r *Reporter) {
			r.Stage("reading")
			r.ReadTotal(1e6)
			r.Read(1e6)
			r.Stage("analysing")
			r.Analyses(6)
			c.advance(time.Second)
		}, "analysing · read 1.0 MB of 1.0 MB · analyses 0 of 6"},
		{"pages", func(c *clock, r *Reporter) {
			r.Stage("writing")
			r.Pages(200)
			r.Pages(16)
		}, "writing · 216 pages written"},
	} {
		c := newClock()
		r := New(io.Discard, true, c.now)
		tt.run(c, r)
		if got := r.Status(); got != tt.want {
			t.Errorf("%s: status %q; want %q", tt.name, got, tt.want)
		}
	}
}

func TestTerminalRedraw(t *testing.T) {
	c := newClock()
	var out bytes.Buffer
	r := New(&out, true, c.now)
	r.Stage("reading")
	r.ReadTotal(100)
	drawn := strings.Count(out.String(), "\r\x1b[K")
	r.Read(10) // within 100 ms of the last drawing: not drawn
	if n := strings.Count(out.String(), "\r\x1b[K"); n != drawn {
		t.Errorf("redrawn %d times within %v", n-drawn, redraw)
	}
	c.advance(redraw)
	r.Read(10)
	if got := lastLine(out.String()); !strings.HasPrefix(got, "reading · read 0.0 MB of 0.0 MB") {
		t.Errorf("status line after %v: %q", redraw, got)
	}
	fmt := func(s string) { io.WriteString(r, s) }
	fmt("read 3 files in 1s\n")
	if s := out.String(); !strings.Contains(s, "\r\x1b[Kread 3 files in 1s\n\r\x1b[Kreading · ") {
		t.Errorf("a message does not clear the status line and redraw it after: %q", s)
	}
	r.Done()
	if s := out.String(); !strings.HasSuffix(s, "\r\x1b[K") {
		t.Errorf("Done leaves the status line: %q", s)
	}
}

// TestPlain: off a terminal only messages are written, as they are.
func TestPlain(t *testing.T) {
	c := newClock()
	var out bytes.Buffer
	r := New(&out, false, c.now)
	steps(c, r, func() { r.Stage("reading") }, func() { r.Read(5e6) }, func() { io.WriteString(r, "read 2 files\n") },
		func() { r.Stage("analysing") }, func() { r.Analyses(6) }, func() { r.AnalysisDone() }, func() { r.Pages(3) }, r.Done)
	if got := out.String(); got != "read 2 files\n" {
		t.Errorf("plain output %q; want only the message", got)
	}
}

// TestNil: a nil Reporter ignores every call and leaves file systems as
// they are.
func TestNil(t *testing.T) {
	var r *Reporter
	r.Stage("reading")
	r.Read(1)
	r.ReadTotal(1)
	r.Analyses(1)
	r.AnalysisDone()
	r.Pages(1)
	r.Done()
	if n, err := r.Write([]byte("x")); n != 1 || err != nil {
		t.Errorf("nil Write = %d, %v", n, err)
	}
	fsys := fstest.MapFS{}
	if got := r.FS(fsys); got == nil {
		t.Error("nil FS lost the file system")
	}
}

// TestFS: reads through Open, ReadFile and ReadAt are counted; directories
// still list.
func TestFS(t *testing.T) {
	c := newClock()
	r := New(io.Discard, false, c.now)
	fsys := r.FS(fstest.MapFS{
		"data/a.csv": {Data: []byte("hello")},
		"data/b.csv": {Data: []byte("0123456789")},
	})
	if err := fstest.TestFS(fsys, "data/a.csv", "data/b.csv"); err != nil {
		t.Fatal(err)
	}
	r.read = 0 // TestFS reads everything; count afresh
	if b, err := fs.ReadFile(fsys, "data/a.csv"); err != nil || string(b) != "hello" {
		t.Fatalf("ReadFile: %q, %v", b, err)
	}
	f, err := fsys.Open("data/b.csv")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(f)
	p := make([]byte, 4)
	if _, err := f.(io.ReaderAt).ReadAt(p, 6); err != nil || string(p) != "6789" {
		t.Errorf("ReadAt: %q, %v", p, err)
	}
	if len(b) != 10 || r.read != 5+10+4 {
		t.Errorf("read %d bytes of b, counted %d; want 10 and 19", len(b), r.read)
	}
	if entries, err := fs.ReadDir(fsys, "data"); err != nil || len(entries) != 2 {
		t.Errorf("ReadDir: %v, %v", entries, err)
	}
}
