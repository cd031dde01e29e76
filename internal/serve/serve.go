// Package serve is `evalbook serve`: it builds the site into memory, serves
// it over HTTP, watches the project's inputs and rebuilds on every change,
// and tells open pages to reload.
//
// The parts, each in its own file:
//
//   - Builder (this file) is what serve needs of the pipeline: one call that
//     returns the whole site in memory. Rebuild builds through one
//     build.Session, which reuses unchanged parses, analysis units and
//     pages; another builder plugs in behind the same interface.
//   - watcher (watch.go) turns fsnotify's events under the config's paths
//     into changed paths, ignoring editors' swap and backup files, and
//     coalesce (batch.go) turns a burst of them into one rebuild.
//   - Handler (handler.go) serves the last good site and nothing else, and
//     injects reload.js into every HTML response; the published site never
//     carries it.
//   - the reload stream (events.go): Server-Sent Events at
//     <base>/_evalbook/reload, one "build" event per finished rebuild, which
//     reload.js turns into a reload (keeping the scroll position), an error
//     overlay or a warnings banner.
//
// serve never writes into the project.
package serve

import (
	"context"
	"fmt"
	"io"
	"os"
	"path"
	"regexp"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/evalbook/evalbook/internal/build"
	"github.com/evalbook/evalbook/internal/render"
)

// A Builder builds the whole site into memory.
//
// changed lists the inputs that changed since the previous call (paths
// relative to the project folder, slash-separated, sorted; nil on the first
// call). A builder may use it as a hint, but what it returns must be what a
// clean build of the inputs on disk returns. Build is never called twice at
// once.
type Builder interface {
	Build(ctx context.Context, changed []string) (Site, error)
}

// BuilderFunc adapts a function to Builder.
type BuilderFunc func(ctx context.Context, changed []string) (Site, error)

// Build calls f.
func (f BuilderFunc) Build(ctx context.Context, changed []string) (Site, error) {
	return f(ctx, changed)
}

// Site is one finished build.
type Site struct {
	// Files is served as it is, without a copy: the builder must not
	// change the map, nor any file's bytes, once it has returned it.
	Files render.Files
	// Spliced holds the pages held in parts (render.Site), served as
	// their bytes put together, under the same rule as Files; a path is
	// in Files or in Spliced, never both. nil for none.
	Spliced  map[string]render.Spliced
	Warnings []string
	// Redone says what the builder recomputed, for the progress line and
	// the reload event ("everything" for a full rebuild); "" when it does
	// not say.
	Redone string
	// Idle, when set, is work the builder leaves for after the site is
	// served: it runs on a goroutine of its own once the build's event is
	// sent (Rebuild collects the build's garbage there).
	Idle func()
}

// Rebuild returns the Builder that runs the pipeline of internal/build on
// every call through one build.Session kept in memory: it reads the config
// anew each time, so an edit of config.toml takes effect too, and reuses
// the parse of every unchanged input file and every analysis unit whose
// inputs did not change. The site is the one a clean build gives
// (build.TestIncrementalEqualsClean).
func Rebuild(opt build.Options) Builder {
	s := build.NewSession("")
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(minMemoryLimit)
	}
	return BuilderFunc(func(ctx context.Context, _ []string) (Site, error) {
		if err := ctx.Err(); err != nil {
			return Site{}, err
		}
		opt := opt
		opt.Context = ctx
		files, a, err := s.SiteParts(opt)
		limitMemory()
		if err != nil {
			return Site{}, err
		}
		return Site{Files: files.Files, Spliced: files.Spliced, Warnings: a.Warnings, Redone: redone(s, a), Idle: collectGarbage}, nil
	})
}

// idleGarbage is how much garbage a build must leave for collectGarbage
// to collect it.
const idleGarbage = 256 << 20

// collectGarbage collects the garbage a build left, when it left more than
// idleGarbage, then sets the memory limit anew from the live heap
// (limitMemory). It keeps the freed pages for the next rebuild
// (runtime.GC, not debug.FreeOSMemory): pages returned to the system
// must be faulted in again by the rebuild that follows, which made the
// annotation rebuild slower, not faster (BENCHMARKS.md, the eighth
// session's targets). It runs once the site is served: a rebuild after
// an annotation file allocates about 1 GB, and the garbage it leaves
// would otherwise be collected during the next rebuild, under a memory
// limit that leaves it little room, so that it collected twice (about
// 0.5 s of CPU each on the live corpus) while the page waited. A prose
// save leaves some tens of MB, which are not worth a collection of the
// whole heap between two saves.
func collectGarbage() {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 || s[1].Value.Kind() != metrics.KindUint64 {
		return
	}
	if live, objects := s[0].Value.Uint64(), s[1].Value.Uint64(); objects < live+idleGarbage {
		return
	}
	runtime.GC()
	limitMemory()
}

// minMemoryLimit is the soft memory limit Rebuild sets before the first
// build, and the least limitMemory sets.
const minMemoryLimit = 1280 << 20

// limitMemory sets the Go runtime's soft memory limit to the live heap
// plus a third and 64 MB, at least minMemoryLimit (debug.SetMemoryLimit),
// unless $GOMEMLIMIT sets one. serve keeps the last build's caches (the parses, the analyses, every
// page's bytes) for as long as it runs, so its live heap is large and
// steady; with the default GOGC alone the heap grows to twice that before
// a collection and the process keeps those pages, so its resident memory
// was about 2.5 times the live heap (BENCHMARKS.md, "Issue 11: memory and
// prose-edit latency"). The limit makes the collector run, and return
// memory to the system, before the heap outgrows the live heap by a third.
// It is soft: a build whose live heap grows past it is not stopped, the
// collector only runs more often (the runtime caps it at about half the
// CPU), and the next call raises the limit to the new live heap. On the
// live corpus (25,100 pages, a live heap of about 0.9 GB) this keeps the
// resident memory, the first build's peak included, at about 1.3 GB
// instead of 2.1 to 2.4 GB, for a first build about a fifth slower.
func limitMemory() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(live)
	if live[0].Value.Kind() != metrics.KindUint64 {
		return
	}
	n := live[0].Value.Uint64()
	debug.SetMemoryLimit(max(int64(n+n/3+64<<20), minMemoryLimit))
}

// redone words what a build through s recomputed: the input files read,
// the analysis units redone and the pages rendered ("pages: 1 of 311
// rendered").
func redone(s *build.Session, a *build.Analysed) string {
	st := s.Stats()
	out := fmt.Sprintf("%d files read, %d unchanged", st.Files.Read, st.Files.Reused)
	if a.Redone != nil {
		out += "; " + a.Redone.String()
	}
	return out + "; " + st.Pages.String()
}

// Event is the payload of a "build" event on the reload stream, as JSON.
type Event struct {
	Seq      int         `json:"seq"` // 1 for the first build, then one more per rebuild
	OK       bool        `json:"ok"`
	Changed  []string    `json:"changed"` // the paths whose events caused the build; empty for the first
	Redone   string      `json:"redone,omitempty"`
	Duration float64     `json:"duration_ms"`
	Pages    int         `json:"pages"` // HTML pages of the site now served
	Warnings []string    `json:"warnings"`
	Error    *BuildError `json:"error,omitempty"` // set when !OK
}

// BuildError is a failed build's error, with the place it names.
type BuildError struct {
	Message string `json:"message"`        // the whole error
	File    string `json:"file,omitempty"` // the first file:line:col in Message
	Line    int    `json:"line,omitempty"`
	Col     int    `json:"col,omitempty"`
}

// placeRE finds the first "file:line:" or "file:line:col:" in an error.
var placeRE = regexp.MustCompile(`([^\s:]+):(\d+)(?::(\d+))?:`)

// newBuildError splits err's message into the place it names and the rest.
func newBuildError(err error) *BuildError {
	e := &BuildError{Message: err.Error()}
	if m := placeRE.FindStringSubmatch(e.Message); m != nil {
		e.File = m[1]
		e.Line, _ = strconv.Atoi(m[2])
		e.Col, _ = strconv.Atoi(m[3])
	}
	return e
}

// Server holds the last good site and the state of the last build, and
// rebuilds on demand. Its Handler serves them.
type Server struct {
	builder Builder
	prefix  string
	log     io.Writer
	now     func() time.Time

	mu     sync.Mutex // serialises Rebuild
	warned []string   // the warnings printed last
	site   siteHolder
	state  eventHolder
	hub    hub
}

// NewServer returns a server that builds with b, serves the site under
// the URL path prefix ("/" or "/repo/"; other forms are normalised) and
// prints one line per build to log (nil for none). It holds no site until
// the first Rebuild.
func NewServer(b Builder, prefix string, log io.Writer) *Server {
	return &Server{builder: b, prefix: cleanPrefix(prefix), log: log, now: time.Now}
}

// cleanPrefix turns "", "repo", "/repo" and "/repo/" into "/" or "/repo/".
func cleanPrefix(p string) string {
	p = strings.Trim(path.Clean("/"+p), "/")
	if p == "" {
		return "/"
	}
	return "/" + p + "/"
}

// Rebuild builds the site, serves it if the build succeeded (the last good
// site stays served if not), sends a "build" event to every open page and
// prints one line. changed are the paths that caused it.
func (s *Server) Rebuild(ctx context.Context, changed []string) Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.publish(changed, s.timedBuild(ctx, changed))
}

// made is a build not yet served.
type made struct {
	site Site
	err  error
	took time.Duration
}

// timedBuild runs the builder and times it.
func (s *Server) timedBuild(ctx context.Context, changed []string) made {
	start := s.now()
	site, err := s.build(ctx, changed)
	return made{site, err, s.now().Sub(start)}
}

// buildAhead starts building, for a save of path, and returns where the
// build arrives; Run serves it with finish if no change came meanwhile.
func (s *Server) buildAhead(ctx context.Context, path string) <-chan made {
	out := make(chan made, 1)
	go func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		out <- s.timedBuild(ctx, []string{path})
	}()
	return out
}

// finish is Rebuild for a build already made: it serves b as the build
// of the changes changed.
func (s *Server) finish(changed []string, b made) Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.publish(changed, b)
}

// publish serves b's site if it built (the last good site stays served if
// not), sends a "build" event to every open page and prints one line.
func (s *Server) publish(changed []string, b made) Event {
	site, err := b.site, b.err
	ev := Event{
		Seq: s.state.seq() + 1, OK: err == nil, Changed: changed, Redone: site.Redone,
		Duration: float64(b.took.Microseconds()) / 1000, Warnings: site.Warnings,
	}
	if ev.Changed == nil {
		ev.Changed = []string{}
	}
	if err != nil {
		ev.Error = newBuildError(err)
		ev.Warnings = nil
	} else {
		s.site.set(newSnapshot(render.Site{Files: site.Files, Spliced: site.Spliced}, s.prefix, s.site.get()))
	}
	if ev.Warnings == nil {
		ev.Warnings = []string{}
	}
	ev.Pages = s.site.get().numPages()
	s.state.set(ev)
	s.hub.broadcast(ev)
	if err == nil && site.Idle != nil {
		go site.Idle()
	}
	if s.log != nil {
		fmt.Fprintln(s.log, progress(ev))
		if ev.OK && !slices.Equal(ev.Warnings, s.warned) {
			for _, w := range ev.Warnings {
				fmt.Fprintf(s.log, "warning: %s\n", w)
			}
			s.warned = ev.Warnings
		}
	}
	return ev
}

// build runs the builder, turning a panic into an error so that a file
// that vanishes or is half written mid-build never stops serve.
func (s *Server) build(ctx context.Context, changed []string) (site Site, err error) {
	defer func() {
		if r := recover(); r != nil {
			site, err = Site{}, fmt.Errorf("internal error while building: %v", r)
		}
	}()
	return s.builder.Build(ctx, changed)
}

// progress is the line printed for a build: the outcome, how long it
// took, what changed and what was redone.
func progress(ev Event) string {
	var b strings.Builder
	d := time.Duration(ev.Duration * float64(time.Millisecond)).Round(time.Millisecond)
	verb := "rebuilt"
	switch {
	case !ev.OK:
		verb = "build failed"
	case len(ev.Changed) == 0:
		verb = "built"
	}
	fmt.Fprintf(&b, "%s in %s", verb, d)
	if len(ev.Changed) > 0 {
		shown, more := ev.Changed, ""
		if len(shown) > 3 {
			shown, more = shown[:3], fmt.Sprintf(" and %d more", len(shown)-3)
		}
		fmt.Fprintf(&b, " after %s%s changed", strings.Join(shown, ", "), more)
	}
	if !ev.OK {
		fmt.Fprintf(&b, ": %s (still serving the last good site)", ev.Error.Message)
		return b.String()
	}
	if ev.Redone != "" {
		fmt.Fprintf(&b, "; redone: %s", ev.Redone)
	}
	fmt.Fprintf(&b, "; %d pages", ev.Pages)
	if n := len(ev.Warnings); n > 0 {
		fmt.Fprintf(&b, ", %d warnings", n)
	}
	return b.String()
}

// siteHolder holds the snapshot served now.
type siteHolder struct {
	mu sync.RWMutex
	s  *snapshot
}

func (h *siteHolder) get() *snapshot {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return h.s
}

func (h *siteHolder) set(s *snapshot) {
	h.mu.Lock()
	h.s = s
	h.mu.Unlock()
}

// eventHolder holds the last build's event.
type eventHolder struct {
	mu sync.RWMutex
	ev *Event
}

func (h *eventHolder) get() *Event {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return h.ev
}

func (h *eventHolder) set(ev Event) {
	h.mu.Lock()
	h.ev = &ev
	h.mu.Unlock()
}

func (h *eventHolder) seq() int {
	if ev := h.get(); ev != nil {
		return ev.Seq
	}
	return 0
}
