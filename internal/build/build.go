// Package build runs evalbook's pipeline: it loads the configuration, reads
// the project folder into a project.Project, analyses it, renders the site
// and writes it atomically to the output folder.
//
// Each stage lives in its own package (config, ingest, trend, render,
// output); this package only wires them together and reports progress. A
// Session (session.go) carries caches from one build to the next: input
// parses, and analysis units kept by the fingerprints of their inputs
// (analysisMemo, memo.go).
package build

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/evalbook/evalbook/internal/alert"
	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/contain"
	"github.com/evalbook/evalbook/internal/discrepancy"
	"github.com/evalbook/evalbook/internal/experiment"
	"github.com/evalbook/evalbook/internal/ingest"
	"github.com/evalbook/evalbook/internal/leaderboard"
	"github.com/evalbook/evalbook/internal/output"
	"github.com/evalbook/evalbook/internal/preference"
	"github.com/evalbook/evalbook/internal/progress"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/reliability"
	"github.com/evalbook/evalbook/internal/render"
	"github.com/evalbook/evalbook/internal/trend"
	"github.com/evalbook/evalbook/templates"
)

// Options selects the project and overrides parts of its configuration.
type Options struct {
	Source  string    // project root; "" means the config file's folder, or "."
	Config  string    // config file; "" means <Source>/config.toml, which may be absent
	Output  string    // output folder, overriding paths.output; relative to the working directory
	BaseURL string    // overrides baseURL
	Log     io.Writer // progress messages; nil for none
	// Progress draws the status line of a long build on a terminal; nil
	// for none. Log is usually the same Reporter, so that messages appear
	// above the line.
	Progress *progress.Reporter
	// Context, when set, stops the build between its stages once it is
	// done, with its error: serve stops a build begun on a save when the
	// file changes again while it runs. A build stopped so leaves a
	// Session as a build that failed there does. Nil never stops.
	Context context.Context
}

// stopped returns the error of opt's Context once it is done, else nil.
func (opt Options) stopped() error {
	if opt.Context == nil {
		return nil
	}
	return opt.Context.Err()
}

// Analysed is a project read and analysed: everything a page shows.
type Analysed struct {
	Config      *config.Config
	Project     *project.Project
	Trends      trend.Report
	Reliability reliability.Report
	Experiments experiment.Report
	Discrepancy discrepancy.Report
	Leaderboard leaderboard.Report // one board per round; none for a timeline
	Preference  preference.Report  // pairwise dimensions
	Warnings    []string
	// Redone says which analysis units were recomputed when a memo was
	// used (a Session's rebuild); nil when everything was.
	Redone AnalysisSummary
	// resultsID identifies the analyses' results within a session, 0
	// without one (render.Input.ResultsID).
	resultsID uint64
}

// Alerts returns every alert of every analysis, most severe first.
func (a *Analysed) Alerts() []alert.Alert {
	all := slices.Concat(a.Reliability.Alerts, a.Experiments.Alerts, a.Discrepancy.Alerts)
	alert.Sort(all)
	return all
}

// Gate returns the iteration `evalbook check` gates by default: the latest
// iteration of a timeline; the reference system of a project of systems
// (a candidate below a threshold is a finding on the leaderboard, not a
// failed release); the reference of the last round of a project of
// rounds; and "all" when there is no such iteration (systems with no
// reference, or no iterations).
func (a *Analysed) Gate() string {
	p := a.Project
	if !p.Shape.Unordered() {
		if n := len(p.Iterations); n > 0 {
			return p.Iterations[n-1].ID
		}
		return "all"
	}
	gate := "all"
	for _, r := range p.Rounds() {
		gate = "all"
		if r.Reference >= 0 {
			gate = p.Iterations[r.Reference].ID
		}
	}
	return gate
}

// ErrNotFolder is returned when the project folder named by --source is
// not a folder.
var ErrNotFolder = errors.New("not a folder")

// Result describes a finished build.
type Result struct {
	Output string // the folder written
	Pages  int    // HTML pages
	Files  int    // all files
}

// LoadConfig reads the configuration that opt selects and applies its
// overrides. A --source that is not an existing folder is an error naming
// it, so a mistyped path never becomes a new, empty project.
func LoadConfig(opt Options) (*config.Config, error) {
	if opt.Source != "" {
		fi, err := os.Stat(opt.Source)
		if err != nil {
			return nil, fmt.Errorf("project folder %s: %w", opt.Source, err)
		}
		if !fi.IsDir() {
			return nil, fmt.Errorf("project folder %s: %w", opt.Source, ErrNotFolder)
		}
	}
	path, optional := opt.Config, false
	if path == "" {
		src := opt.Source
		if src == "" {
			src = "."
		}
		path, optional = filepath.Join(src, "config.toml"), true
	}
	cfg, err := config.Load(path, optional)
	if err != nil {
		return nil, err
	}
	if opt.Source != "" {
		cfg.Root = opt.Source
	}
	if opt.BaseURL != "" {
		cfg.BaseURL = opt.BaseURL
	}
	return cfg, nil
}

// Analyse reads the project and runs the analyses, without rendering.
func Analyse(opt Options) (*Analysed, error) { return analyse(opt, nil) }

// analyse is Analyse that reuses what the session s (nil: none) keeps; with
// a session, Analysed.Redone says what was recomputed.
func analyse(opt Options, s *Session) (*Analysed, error) {
	cfg, err := LoadConfig(opt)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	opt.Progress.Stage("reading")
	data := progress.Size(cfg.Path(cfg.Paths.Metrics), cfg.Path(cfg.Paths.Annotations),
		cfg.Path(cfg.Paths.Items), cfg.Path(cfg.Paths.Outputs))
	opt.Progress.ReadTotal(data)
	restoreGC := func() {}
	if s == nil {
		restoreGC = readGC(data)
	}
	p, warnings, err := s.load(cfg, opt.Progress)
	restoreGC()
	if err != nil {
		return nil, err
	}
	if err := opt.stopped(); err != nil {
		return nil, err
	}
	if err := p.SetShape(cfg.Project.Shape, cfg.Project.Reference); err != nil {
		return nil, fmt.Errorf("%s: %w", configName(cfg), err)
	}
	logf(opt.Log, "read %s in %s", describe(p), since(start))
	start = time.Now()
	a := &Analysed{Config: cfg, Project: p, Warnings: warnings}
	var an analyses
	opt.Progress.Stage("analysing")
	opt.Progress.Analyses(6)
	restore := func() {}
	if s == nil {
		restore = stageLimit(analysesLimit)
	}
	an, a.Redone = s.analysisMemo().analyseCounted(cfg, p, opt.Progress.AnalysisDone)
	restore()
	a.Trends, a.Reliability, a.Experiments, a.Discrepancy, a.Leaderboard = an.Trends, an.Reliability, an.Experiments, an.Discrepancy, an.Leaderboard
	a.Preference, a.resultsID = an.Preference, an.id
	if err := opt.stopped(); err != nil {
		return nil, err
	}
	if a.Redone != nil {
		logf(opt.Log, "analysed in %s, redid %s", since(start), a.Redone)
	} else {
		logf(opt.Log, "analysed in %s", since(start))
	}
	return a, nil
}

// Build runs the whole pipeline and writes the site. On error the previous
// site is left untouched.
func Build(opt Options) (Result, error) { return build(opt, nil) }

// build is Build that reuses what the session s (nil: none) keeps.
func build(opt Options, s *Session) (Result, error) {
	if s == nil {
		return buildStream(opt)
	}
	sb, err := s.snapshotSite(opt)
	if err != nil {
		return Result{}, err
	}
	res := Result{Output: opt.Output, Files: len(sb.files), Pages: pages(sb.files)}
	if res.Output == "" {
		res.Output = sb.cfg.Path(sb.cfg.Paths.Output)
	}
	if sb.kept != nil {
		res.Files, res.Pages = sb.kept.Files, sb.kept.Pages
		opt.Progress.Pages(res.Pages)
		return res, nil
	}
	start := time.Now()
	opt.Progress.Stage("writing")
	if err := output.Write(res.Output, sb.cfg.Root, sb.files); err != nil {
		return Result{}, err
	}
	s.keepState(sb, res)
	opt.Progress.Pages(res.Pages)
	logf(opt.Log, "wrote %d files to %s in %s", res.Files, res.Output, since(start))
	return res, nil
}

// buildStream is Build without a session: it writes every page into the
// output's temporary folder as soon as it is rendered (output.Stream), so
// the site is never held in memory whole, and swaps the folder into place
// when all went well. The bytes written are Site's. The pages' buffers
// are the render's, lent (render.RenderToLending) and given back by the
// stream once written (output.Stream.PutLent), so the render writes later
// pages into them.
func buildStream(opt Options) (Result, error) {
	a, err := analyse(opt, nil)
	if err != nil {
		return Result{}, err
	}
	for _, w := range a.Warnings {
		logf(opt.Log, "warning: %s", w)
	}
	res := Result{Output: opt.Output}
	if res.Output == "" {
		res.Output = a.Config.Path(a.Config.Paths.Output)
	}
	in, err := renderInput(a)
	if err != nil {
		return Result{}, err
	}
	start := time.Now()
	opt.Progress.Stage("rendering")
	st, err := output.Begin(res.Output, a.Config.Root)
	if err != nil {
		return Result{}, err
	}
	defer stageLimit(renderLimit)()
	if err := render.RenderToLending(in, st.PutLent); err != nil {
		st.Abort()
		return Result{}, fmt.Errorf("rendering: %w", err)
	}
	res.Files, res.Pages = st.Counts()
	if err := st.Commit(); err != nil {
		return Result{}, err
	}
	opt.Progress.Pages(res.Pages)
	logf(opt.Log, "rendered %d pages and wrote %d files to %s in %s", res.Pages, res.Files, res.Output, since(start))
	return res, nil
}

// Site reads, analyses and renders the project into memory, writing
// nothing: Build writes what it returns, and `evalbook serve` serves it.
func Site(opt Options) (render.Files, *Analysed, error) { return site(opt, nil) }

// site is Site that reuses what the session s (nil: none) keeps.
func site(opt Options, s *Session) (render.Files, *Analysed, error) {
	parts, a, err := siteParts(opt, s)
	if err != nil {
		return nil, nil, err
	}
	return parts.Whole(), a, nil
}

// siteParts is site with the pages a session's render gave a new nav only
// in parts (render.Site), as serve serves them: no page is copied whole
// for a new nav.
func siteParts(opt Options, s *Session) (render.Site, *Analysed, error) {
	a, err := analyse(opt, s)
	if err != nil {
		return render.Site{}, nil, err
	}
	for _, w := range a.Warnings {
		logf(opt.Log, "warning: %s", w)
	}
	start := time.Now()
	in, err := renderInput(a)
	if err != nil {
		return render.Site{}, nil, err
	}
	opt.Progress.Stage("rendering")
	files, err := s.render(in)
	if err != nil {
		return render.Site{}, nil, fmt.Errorf("rendering: %w", err)
	}
	if s != nil {
		logf(opt.Log, "rendered in %s, %s", since(start), s.pages.Stats())
	} else {
		logf(opt.Log, "rendered %d pages in %s", pages(files.Files), since(start))
	}
	return files, a, nil
}

// renderInput is what the render of a reads: its results and the
// project's templates over the built-in ones.
func renderInput(a *Analysed) (render.Input, error) {
	tmpl, err := projectTemplates(a.Config)
	if err != nil {
		return render.Input{}, err
	}
	return render.Input{
		Config:      a.Config,
		Project:     a.Project,
		Trends:      a.Trends,
		Reliability: a.Reliability,
		Experiments: a.Experiments,
		Discrepancy: a.Discrepancy,
		Leaderboard: a.Leaderboard,
		Preference:  a.Preference,
		Alerts:      slices.Concat(a.Experiments.Alerts, a.Discrepancy.Alerts),
		Templates:   render.Overlay(tmpl, templates.FS),
		ResultsID:   a.resultsID,
	}, nil
}

// configName names the config file in messages: its path, or
// "config.toml" when the defaults were used.
func configName(cfg *config.Config) string {
	if cfg.File != "" {
		return cfg.File
	}
	return "config.toml"
}

// projectTemplates returns the project's templates folder, or nil when it
// has none. It is read as the other inputs are (ingest.ProjectFS): a link
// out of the project, a special file or a file over limits.file_bytes
// under it is an error.
func projectTemplates(cfg *config.Config) (fs.FS, error) {
	dir := cfg.Path(cfg.Paths.Templates)
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return nil, nil
	}
	fsys, err := ingest.ProjectFS(cfg)
	if err != nil {
		return nil, err
	}
	root, err := filepath.Abs(cfg.Root)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || !filepath.IsLocal(rel) {
		return nil, contain.Outsidef("%s: paths.templates is %q, outside the project folder %s", cfg.Where("paths.templates"), cfg.Paths.Templates, root)
	}
	if _, err := fs.Stat(fsys, filepath.ToSlash(rel)); err != nil {
		return nil, err
	}
	return fs.Sub(fsys, filepath.ToSlash(rel))
}

// pages counts the HTML pages of a site.
func pages(files render.Files) int {
	n := 0
	for name := range files {
		if filepath.Ext(name) == ".html" {
			n++
		}
	}
	return n
}

func describe(p *project.Project) string {
	values, ratings := 0, 0
	for _, m := range p.Metrics {
		values += m.Values.Len()
	}
	for _, d := range p.Dimensions {
		ratings += d.Ratings.Len()
	}
	return fmt.Sprintf("%d iterations, %d metrics (%d values), %d dimensions (%d ratings), %d items, %d case studies, %d pages",
		len(p.Iterations), len(p.Metrics), values, len(p.Dimensions), ratings, len(p.Items), len(p.CaseStudies), len(p.Pages))
}

func since(t time.Time) time.Duration { return time.Since(t).Round(time.Millisecond) }

func logf(w io.Writer, format string, args ...any) {
	if w != nil {
		fmt.Fprintf(w, format+"\n", args...)
	}
}
