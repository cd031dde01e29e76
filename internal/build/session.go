package build

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/ingest"
	"github.com/evalbook/evalbook/internal/progress"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/render"
)

// Session keeps what one build can hand to the next, so that a build after
// a small edit redoes only what the edit touched: the parse of every input
// file (ingest.Cache), in memory and, when the session has a cache folder,
// on disk for the next process. `evalbook build` makes one session per run
// with the project's cache folder; `evalbook serve` keeps one for as long
// as it runs. A session with a cache folder also keeps there the whole
// site of its last build (snapshot.go): a build whose inputs all hash as
// they did then writes that site and reads, analyses and renders nothing,
// and writes nothing either when the output folder is still exactly as
// that build left it (site.state, output.Observe).
// Whatever a session keeps, a build through it writes exactly
// the bytes a build without one writes (TestIncrementalEqualsClean).
//
// A Session's builds run one at a time. The zero Session is not usable;
// use NewSession.
type Session struct {
	parses *ingest.Cache
	memo   analysisMemo
	redone AnalysisSummary // what the last analysis recomputed
	pages  render.Cache    // the last render's pages, by their inputs' fingerprints
	dir    string          // the cache folder, "" for none; holds the site snapshot (snapshot.go)
	// snapshot says whether the last build wrote the site snapshot's
	// files instead of reading, analysing and rendering.
	snapshot bool
	// kept says that the last build changed nothing: its inputs were
	// those of the build before, whose output folder was still exactly
	// as written (output.Unchanged).
	kept    bool
	snapErr error // the first error writing the snapshot or the site state
}

// NewSession returns a session that keeps its caches in memory and, when
// cacheDir is not "", in that folder too (see CacheDir).
func NewSession(cacheDir string) *Session {
	return &Session{parses: ingest.NewCache(cacheDir), dir: cacheDir}
}

// Build is Build through the session.
func (s *Session) Build(opt Options) (Result, error) { return build(opt, s) }

// Analyse is Analyse through the session.
func (s *Session) Analyse(opt Options) (*Analysed, error) { return analyse(opt, s) }

// Site is Site through the session: the site in memory.
func (s *Session) Site(opt Options) (render.Files, *Analysed, error) { return site(opt, s) }

// SiteParts is Site with the pages that the render gave a new nav only,
// and nothing else, held in parts (render.Site): what serve serves, with
// no copy of each such page.
func (s *Session) SiteParts(opt Options) (render.Site, *Analysed, error) { return siteParts(opt, s) }

// analysisMemo returns the session's memo of analysis units, nil for a nil
// session (the cold path: whole-report analyses, no fingerprints).
func (s *Session) analysisMemo() *analysisMemo {
	if s == nil {
		return nil
	}
	return &s.memo
}

// Stats returns what the session's last build reused and redid.
func (s *Session) Stats() Stats {
	if s.kept {
		return Stats{Kept: true}
	}
	if s.snapshot {
		return Stats{Snapshot: true}
	}
	return Stats{Files: s.parses.Stats(), Pages: s.pages.Stats()}
}

// Err returns the first error met writing the cache folder, or nil. Such
// errors never fail a build: the next build reads the files again.
func (s *Session) Err() error {
	if err := s.parses.Err(); err != nil {
		return err
	}
	return s.snapErr
}

// Stats counts what a build through a session reused and what it redid.
type Stats struct {
	Files ingest.CacheStats // input files: parses reused, files read
	Pages render.Stats      // pages rendered of all, and whether the JSON API was
	// Snapshot says that nothing changed since the last build: its site
	// snapshot was written, nothing was read, analysed or rendered.
	Snapshot bool
	// Kept says that nothing changed since the last build, whose output
	// folder was still as written: nothing was read, analysed, rendered
	// or written.
	Kept bool
}

// String gives the files read and, after a render, the pages rendered:
// "1 files read, 5012 unchanged; pages: 1 of 25097 rendered; api reused".
func (st Stats) String() string {
	if st.Kept {
		return "nothing changed; site kept as written"
	}
	if st.Snapshot {
		return "nothing changed; site snapshot reused"
	}
	out := fmt.Sprintf("%d files read, %d unchanged", st.Files.Read, st.Files.Reused)
	if st.Pages.Pages > 0 {
		out += "; " + st.Pages.String()
	}
	return out
}

// render renders in, reusing the session's pages whose inputs did not
// change; a nil session renders every page, whole.
func (s *Session) render(in render.Input) (render.Site, error) {
	if s == nil {
		files, err := render.Render(in)
		return render.Site{Files: files}, err
	}
	return render.RenderSite(in, &s.pages)
}

// load reads the project's files, reusing the session's parses; a nil
// session reads every file.
func (s *Session) load(cfg *config.Config, pr *progress.Reporter) (*project.Project, []string, error) {
	var c *ingest.Cache
	if s != nil {
		c = s.parses
	}
	fsys, err := ingest.ProjectFS(cfg)
	if err != nil {
		return nil, nil, err
	}
	return ingest.LoadCached(cfg, pr.FS(fsys), c)
}

// CacheDir returns the folder that keeps the on-disk cache of the project
// at root: <user cache dir>/evalbook/<the first 16 hex digits of the
// SHA-256 of root's absolute path>, for example
// ~/.cache/evalbook/3f2a.../ on Linux ($XDG_CACHE_HOME is honoured). The
// cache lives outside the project, so it is never committed, never read
// as input and never served.
func CacheDir(root string) (string, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return "", err
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("finding the cache folder: %w", err)
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(base, "evalbook", hex.EncodeToString(sum[:8])), nil
}
