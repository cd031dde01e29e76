// Package ingest reads a project folder into one project.Project.
//
// Load reads, relative to the project root and through an fs.FS:
//
//   - data files: every file directly in paths.metrics (metrics) and
//     paths.annotations (annotations), and every file a [[sources]] glob of
//     the config matches, each read by a format (a reader, format_*.go): the
//     one its source names, else the first in sniff order whose sniff of the
//     file's name and first 64 KiB accepts it. The formats are label-studio
//     and label-studio-min (Label Studio's JSON and JSON_MIN exports),
//     batch-results (a crowd platform's batch results CSV), pairwise
//     (side-by-side judgements into Project.Pairwise), jsonl and csv
//     (evalbook's own shapes, below); docs/inputs.md gives each one's sniff,
//     mapping defaults and config keys. A file that no format takes is an
//     error listing every format tried and why it did not fit; with lenient
//     (top-level, or the source's) it is a warning. A source's mapping keys
//     rename the fields for its files (item, iteration, rater, dimension,
//     value, metric, timestamp) or give a fixed value to a file that lacks
//     the column (iteration_value, rater_value, dimension_value).
//   - evalbook's metric files (csv: delimited text, the delimiter sniffed
//     from the header: tab, else the commonest of comma, semicolon and
//     pipe, else runs of spaces). A file whose header has both the metric
//     and the value column is in long form,
//     iteration,metric,value[,item][,slice][,timestamp], and any other column
//     is an error. Any other file is in wide form, iteration[,item][,slice]
//     [,timestamp],<metric>...: every column that is not one of those names a
//     metric, and an empty cell is a missing value.
//   - evalbook's annotation files (csv as above, or jsonl), with the columns
//     (or JSON keys) item, rater, dimension, value and optionally iteration,
//     timestamp and gold. An empty value is a missing rating. The gold column
//     holds the known answer for the row's item and dimension (empty for
//     none); it keeps its name whatever [columns] says.
//   - paths.iterations (optional), a TOML file of [[iteration]] tables with
//     id, date, baseline and description, which fixes the iteration order.
//   - paths.items (optional), JSON Lines with id, input, output, reference,
//     gold and any other key as a slice field. gold is an object that maps a
//     dimension to the item's known answer, a number or a string, such as
//     {"factuality": 2, "tone": "too_casual"}; null or "" is no answer.
//   - Markdown: casestudies/*.md as case studies and content/**/*.md as pages
//     (decisions when under content/decisions/ or marked kind = "decision").
//
// Column names in CSV headers and keys in annotation JSONL go through the
// config's [columns] table, and are matched after trimming spaces and a
// UTF-8 byte order mark. Cells are trimmed of surrounding spaces. Timestamps
// are RFC 3339 or YYYY-MM-DD and are kept in UTC.
//
// A second value for the same iteration, metric and item is an error. A
// rating value that parses as a finite number is numeric, and a dimension is
// Numeric when all its ratings are. Its scale is the configured one, else
// interval for numeric dimensions and nominal for the rest; a label on an
// interval or ratio dimension, a label outside the configured labels and a
// number outside the configured min and max are errors, as is a label on a
// dimension with a configured min or max (and no labels); with
// ingest.on_bad_value = "skip" each such rating is left out instead and
// counted (a skipped part, by reason) in its file's SourceReport. A dimension with
// neither a configured scale nor configured labels whose ratings are more
// than half numbers and yet include a label is an error at the first label:
// a stray label in a numeric column is far likelier than a label scale
// whose categories happen to be digits (which the config can declare). Labels
// are the configured ones, else those of a label dimension in order of first
// appearance; ratings on an ordinal label dimension get Value = the label's
// index. When a rater rates the same item on the same dimension in the same
// iteration again, the later rating replaces the earlier one, with a warning;
// with agreement.strict set it is an error naming both lines.
//
// Gold answers fill Dimension.Gold (item ID -> the answer as written), read
// from items.jsonl first, then from the annotation files in name order. The
// first answer for an item and dimension is kept; a later one that differs
// (other than as the same number written differently, "4" and "4.0") is an
// error naming both places. A label as the answer on a Numeric dimension, an
// answer outside the configured labels and a number outside the configured
// min and max are errors, as for ratings. Answers for a dimension that no
// rating has are dropped with one warning per dimension.
//
// Without an iterations file, iterations are ordered by the earliest
// timestamp seen for each when every iteration has one, else by first
// appearance: metric files in name order, then annotation files. An
// iteration's Date is the file's date, else its earliest timestamp.
//
// Every value read as a number (cells, JSON numbers, gold answers) is in
// the one strict decimal syntax of package number; a number a float64
// cannot hold (1e400, 1e-400) is an error naming it. A JSON object that
// names a key twice is an error, as is a value of the wrong type, with
// line, column and record number.
//
// Every error starts with the path of the offending file relative to the
// project root and, where the input allows, its line and column:
// "data/metrics/run.csv:14:3: ...". A record without a required field (an
// item, a rater, a dimension) is an error naming its line (or element
// number) and the field; with lenient it is skipped and counted. Errors
// carry a kind for errors.Is (ErrSyntax, ErrBadValue, ErrDuplicateKey,
// ErrType; errors.go). Warnings are findings that do not stop a build, each "file:line: message" (or
// "file: message" without a line).
//
// Project.Sources reports every data file: the format that read it, its
// records (rows, lines, annotations, assignments), those read, the values
// kept, the ratings a later one replaced, the comments and item texts kept,
// and every skipped record (or skipped part of a read record, such as a
// Label Studio result that is not a rating) counted by reason with the
// position of the first. Item text a data file carries (a task's data,
// Input.* columns) becomes an Item when the items file lacks that ID.
//
// Files are read in parallel, one goroutine per file bounded by GOMAXPROCS,
// each in one streaming pass (a JSON array one element at a time), so
// memory follows the ratings and items kept, not the size of the files;
// results are merged in file order, so Load's output and its first error do
// not depend on scheduling. Repeated
// identifiers (iterations, items, slices, raters, metric and dimension
// names) are interned per file, so a large file holds one copy of each.
//
// The command reads through ProjectFS (package contain): every path must
// resolve inside the project folder or a data root, only regular files are
// opened, none past limits.file_bytes. The readers apply the rest of
// [limits] as they stream: a header over limits.columns, a field (CSV
// cell, JSON string) over limits.field_bytes and a line or JSON element
// longer than 64 MiB (or twice limits.field_bytes) are errors at their position (ErrTooManyColumns,
// ErrFieldTooLong), and the merge refuses a name over limits.name_bytes
// (ErrNameTooLong). A value quoted in any error is cut to
// limits.excerpt_bytes. A Markdown file without front matter is an error
// (ErrNoFrontMatter) unless [content] plain_pages is set.
//
// LoadCached reads through a Cache, which keeps each file's parse and hands
// it back while the file's bytes (by SHA-256) and the settings that shape its
// parse are unchanged; its result is exactly Load's.
package ingest

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/contain"
	"github.com/evalbook/evalbook/internal/fingerprint"
	"github.com/evalbook/evalbook/internal/project"
)

// Load reads the project that cfg describes from fsys, the project root
// (os.DirFS(cfg.Root) in the command; fstest.MapFS in tests). Paths in
// cfg.Paths are relative to that root, slash-separated. Warnings are
// non-fatal findings, each "file:line: message".
func Load(cfg *config.Config, fsys fs.FS) (p *project.Project, warnings []string, err error) {
	return LoadCached(cfg, fsys, nil)
}

// LoadCached is Load that takes the parse of every file whose content and
// settings are unchanged from c, and leaves the parses of this load in c
// for the next. A nil c reads every file. The documents are merged every
// time, but a document whose parse is the last load's keeps the checks it
// passed then while the data merge is the last load's too; the merge of
// the data files is the last load's (the very same slices, never changed)
// when every data, iterations and items file's parse and the config are
// the last load's. Its result is the same as Load's.
func LoadCached(cfg *config.Config, fsys fs.FS, c *Cache) (p *project.Project, warnings []string, err error) {
	l := &loader{cfg: cfg, fsys: fsys, cols: columnsOf(cfg), lim: limitsOf(cfg), cache: c}
	defer func() { err = clip(err, l.lim.Excerpt) }()
	if c != nil {
		c.begin()
	}
	if err := l.plan(); err != nil {
		if c != nil {
			c.end(false)
		}
		return nil, nil, err
	}
	l.run()
	if c != nil {
		c.end(true)
	}
	p, err = l.merge()
	if err != nil {
		return nil, nil, err
	}
	return p, l.warnings, nil
}

// loader holds the state of one Load call.
type loader struct {
	cfg   *config.Config
	fsys  fs.FS
	cols  columns
	lim   limits
	cache *Cache // nil: read every file

	metricSrc []*sourceFile // metric files, in path order
	annotSrc  []*sourceFile // annotation files, in path order
	sideSrc   []*sourceFile // outputs and raters files, in path order
	aggSrc    []*sourceFile // aggregate files, in path order (read without the cache: they are small)
	itersFile string        // "" when there is none
	itemsFile string        // "" when there is none
	// itersEntry and itemsEntry are the cache entries of their parses;
	// nil without a cache or when the reading failed.
	itersEntry, itemsEntry *cacheEntry
	docs                   []docJob // Markdown files: case studies, then content

	metrics []*metricResult
	annots  []*annotResult
	iters   *iterationsResult
	items   *itemsResult
	docOut  []*docResult

	warnings []string
	// lastData is the last load's data merge under the same config, whose
	// metrics and dimensions this merge may reuse; nil for none.
	lastData *dataMerge
	// from is what this merge made of each metric and dimension from
	// which parses (dataMerge.from).
	from mergeFrom
}

// plan lists the files to read.
func (l *loader) plan() error {
	var err error
	paths := l.cfg.Paths
	if err := l.planSources(); err != nil {
		return err
	}
	if l.itersFile, err = l.optionalFile(paths.Iterations); err != nil {
		return err
	}
	if l.itemsFile, err = l.optionalFile(paths.Items); err != nil {
		return err
	}
	return l.planDocs()
}

// run reads every planned file, in parallel.
func (l *loader) run() {
	l.docOut = make([]*docResult, len(l.docs))
	l.pipeOrNot()
	var jobs []func()
	for _, sf := range slices.Concat(l.metricSrc, l.annotSrc, l.sideSrc) {
		jobs = append(jobs, func() {
			l.readSourceCached(sf)
			if sf.annot != nil {
				sf.annot.dimensions() // here, on all cores, rather than in the merge
			}
		})
	}
	for _, sf := range l.aggSrc {
		jobs = append(jobs, func() { l.readSource(sf, l.fsys) })
	}
	if l.itersFile != "" {
		jobs = append(jobs, func() {
			l.itersEntry = readCached(l.cache, l.fsys, l.itersFile, cacheKey("iterations", l.itersFile),
				func(e *cacheEntry) bool { l.iters = e.iters; return e.iters != nil },
				func(fsys fs.FS) *cacheEntry {
					l.iters = readIterations(fsys, l.itersFile)
					if l.iters.err != nil {
						return nil
					}
					return &cacheEntry{iters: l.iters}
				})
		})
	}
	if l.itemsFile != "" {
		jobs = append(jobs, func() {
			l.itemsEntry = readCached(l.cache, l.fsys, l.itemsFile, cacheKey("items", struct {
				File   string
				Limits limits
			}{l.itemsFile, l.lim}),
				func(e *cacheEntry) bool { l.items = e.items; return e.items != nil },
				func(fsys fs.FS) *cacheEntry {
					l.items = readItems(fsys, l.itemsFile, l.lim)
					if l.items.err != nil {
						return nil
					}
					return &cacheEntry{items: l.items}
				})
		})
	}
	// A document's cache key is made in its job: with thousands of case
	// studies, marshalling their keys one after the other before the jobs
	// start was a serial part of every load.
	for i, d := range l.docs {
		jobs = append(jobs, func() {
			key := "" // readCached reads no key without a cache (--no-cache)
			if l.cache != nil {
				key = cacheKey("doc", struct {
					Source, Slug string
					Kind         project.Kind
					Unsafe       bool
					Plain        bool
				}{d.source, d.slug, d.kind, l.cfg.Unsafe, l.cfg.Content.PlainPages})
			}
			readCached(l.cache, l.fsys, d.source, key,
				func(e *cacheEntry) bool { l.docOut[i] = e.doc; return e.doc != nil },
				func(fsys fs.FS) *cacheEntry {
					l.docOut[i] = readDoc(fsys, d, l.cfg.Unsafe, l.cfg.Content.PlainPages)
					if l.docOut[i].err != nil {
						return nil
					}
					return &cacheEntry{doc: l.docOut[i]}
				})
		})
	}
	parallel(runtime.GOMAXPROCS(0), jobs)
	for _, sf := range l.metricSrc {
		l.metrics = append(l.metrics, sf.metric)
	}
	for _, sf := range l.annotSrc {
		l.annots = append(l.annots, sf.annot)
	}
}

// pipeOrNot turns the pipe (pipeRows) off for every file when the load
// has at least as many files of pipeMin or more as there are cores: the
// files then keep the cores busy side by side, and a pipe would only add
// its hand-over (a copy of every record and its positions) to the CPU.
func (l *loader) pipeOrNot() {
	var sizes []int64
	for _, sf := range slices.Concat(l.metricSrc, l.annotSrc) {
		if fi, err := fs.Stat(l.fsys, sf.path); err == nil {
			sizes = append(sizes, fi.Size())
		}
	}
	if !pipeHelps(sizes, runtime.GOMAXPROCS(0)) {
		for _, sf := range slices.Concat(l.metricSrc, l.annotSrc) {
			sf.noPipe = true
		}
	}
}

// pipeHelps reports whether files of these sizes, read side by side on
// procs cores, leave a core to a pipe: fewer than procs are of pipeMin or
// more.
func pipeHelps(sizes []int64, procs int) bool {
	big := 0
	for _, n := range sizes {
		if n >= pipeMin {
			big++
		}
	}
	return big < procs
}

// parallel runs jobs on n goroutines (at least one, at most one a job),
// each taking the next job not yet taken, and waits for all.
func parallel(n int, jobs []func()) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(max(n, 1), len(jobs)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(jobs) {
					return
				}
				jobs[i]()
			}
		})
	}
	wg.Wait()
}

// merge assembles the project from the per-file results, in file order:
// the data part (mergeData, or the cache's copy of it when no data file
// and no setting changed), then the documents.
func (l *loader) merge() (*project.Project, error) {
	d, err := l.mergedData()
	if err != nil {
		return nil, err
	}
	p := d.project()
	l.warnings = append(l.warnings, d.warnings...)
	if p.CaseStudies, p.Pages, p.DocsFront, err = l.mergeDocs(p, d); err != nil {
		return nil, err
	}
	if d.nameErr != nil {
		return nil, d.nameErr
	}
	l.warnings = append(l.warnings, d.nameWarnings...)
	return p, nil
}

// mergedData returns the merge of the data files: the cache's when it
// holds one made from the same parses (the same entries, by identity)
// under the same settings, else a new one, which it keeps.
func (l *loader) mergedData() (*dataMerge, error) {
	sig := l.dataSig()
	if c := l.cache; c != nil && sig != nil {
		c.mu.Lock()
		last := c.data
		c.mu.Unlock()
		if last != nil && last.sig.same(sig) {
			c.mu.Lock()
			c.stats.DataReused = true
			c.mu.Unlock()
			return last, nil
		}
	}
	if c := l.cache; c != nil && sig != nil && len(l.cfg.Project.Exclude) == 0 {
		// The last merge lends the metrics and dimensions whose files did
		// not change (see dataMerge.from); leaving iterations out changes
		// the merged arrays in place, so it lends nothing then.
		c.mu.Lock()
		if last := c.data; last != nil && last.sig.cfg == sig.cfg {
			l.lastData = last
		}
		c.mu.Unlock()
	}
	d, err := l.mergeData()
	if err != nil {
		return nil, err
	}
	if c := l.cache; c != nil {
		d.sig = sig
		c.mu.Lock()
		c.data = d
		if sig == nil || d.nameErr != nil {
			c.data = nil
		}
		c.mu.Unlock()
	}
	return d, nil
}

// mergeData merges the data files, the iterations and the items files:
// every part of the project but the documents.
func (l *loader) mergeData() (*dataMerge, error) {
	p := &project.Project{}
	seen := newIterSeen()
	var err error
	from := len(l.warnings)
	if p.Metrics, err = l.mergeMetrics(seen); err != nil {
		return nil, err
	}
	if p.Dimensions, err = l.mergeAnnotations(seen); err != nil {
		return nil, err
	}
	if err := l.mergeAggregates(p, seen); err != nil {
		return nil, err
	}
	p.Pairwise = l.mergePairwise()
	if p.Iterations, err = l.iterations(seen); err != nil {
		return nil, err
	}
	if ex := l.cfg.Project.Exclude; len(ex) > 0 {
		if err := l.exclude(p, ex); err != nil {
			return nil, err
		}
	}
	if l.items != nil {
		if l.items.err != nil {
			return nil, l.items.err
		}
		p.Items = slices.Clone(l.items.items) // the merge changes items in place; the parse may be cached
	}
	p.Items = l.sourceItems(p.Items)
	if err := l.sideErr(); err != nil {
		return nil, err
	}
	if p.Items, err = l.mergeOutputs(p); err != nil {
		return nil, err
	}
	slices.SortFunc(p.Items, func(a, b project.Item) int { return strings.Compare(a.ID, b.ID) })
	if p.Raters, err = l.mergeRaters(); err != nil {
		return nil, err
	}
	if err := l.mergeGold(p.Dimensions); err != nil {
		return nil, err
	}
	var checked *project.Project // a merge that passed checkNames under this config
	if l.lastData != nil {
		checked = &l.lastData.p
	}
	if err := l.lim.checkNames(p, checked); err != nil {
		return nil, err
	}
	d := &dataMerge{p: *p, warnings: slices.Clone(l.warnings[from:]), from: l.from}
	l.warnings = l.warnings[:from]
	// The names the config gives are checked against the data; a load
	// reports a document's error before an error of these.
	d.nameErr = l.checkConfigNames(p)
	d.nameWarnings = slices.Clone(l.warnings[from:])
	l.warnings = l.warnings[:from]
	for _, sf := range slices.Concat(l.metricSrc, l.annotSrc, l.sideSrc, l.aggSrc) {
		sf.finish()
	}
	d.p.Sources = l.sourceReports()
	for _, r := range d.p.Sources {
		if r.Empty != "" && !slices.Contains(d.warnings, r.Path+":1: empty file, no header") {
			d.warnings = append(d.warnings, fmt.Sprintf("%s: %s: nothing read from it", r.Path, r.Empty))
		}
	}
	return d, nil
}

// dataMerge is the data part of a merged project and the warnings its
// merge gave: those of the data files, then those of the config's names
// (which a load reports after the documents' merge). A Cache keeps the
// latest; it is never changed once made.
type dataMerge struct {
	sig          *dataSig
	p            project.Project // no documents
	warnings     []string
	nameWarnings []string
	nameErr      error // of checkConfigNames; such a merge is not kept
	from         mergeFrom
}

// mergeFrom says, for each metric and dimension of a data merge, the
// parses it was merged from (the cache entries of the files that have it,
// in file order), for a dimension only when its merge dropped no rating
// (a repeat, a bad value skipped). A later merge under the same config
// whose metric or dimension comes from the very same parses takes the
// merged one as it is (mergeMetrics, mergeAnnotations): adding one
// annotation file of one dimension merges that dimension alone.
type mergeFrom struct {
	metrics, dims map[string][]*cacheEntry
}

// reusable returns the entries of the files named by idx that hold a
// name, when each file has a cache entry, else nil.
func reusable(srcs []*sourceFile, idx []int) []*cacheEntry {
	out := make([]*cacheEntry, len(idx))
	for k, i := range idx {
		if out[k] = srcs[i].entry; out[k] == nil {
			return nil
		}
	}
	return out
}

// lent returns the metric or dimension called name of the last merge when
// it was merged from the parses from, else false.
func lent[T any](last *dataMerge, lastFrom map[string][]*cacheEntry, from []*cacheEntry, list []T, name string, nameOf func(*T) string) (T, bool) {
	var zero T
	if last == nil || from == nil {
		return zero, false
	}
	prev, ok := lastFrom[name]
	if !ok || !slices.Equal(prev, from) {
		return zero, false
	}
	i, ok := slices.BinarySearchFunc(list, name, func(x T, n string) int { return strings.Compare(nameOf(&x), n) })
	if !ok {
		return zero, false
	}
	return list[i], true
}

// project returns a new project with d's data. The iterations are copied,
// since SetShape marks a reference in place; the other slices are shared
// with every project made from d and never changed.
func (d *dataMerge) project() *project.Project {
	p := d.p
	p.Iterations = slices.Clone(d.p.Iterations)
	return &p
}

// dataSig is what a data merge is made from: the config and, for every
// data, iterations and items file in the plan's order, its key and the
// cache entry of its parse.
type dataSig struct {
	cfg     fingerprint.Sum
	keys    []string
	entries []*cacheEntry
}

// same reports whether s and o name the same parses under the same
// config.
func (s *dataSig) same(o *dataSig) bool {
	return s != nil && o != nil && s.cfg == o.cfg && slices.Equal(s.keys, o.keys) && slices.Equal(s.entries, o.entries)
}

// dataSig returns the signature of this load's data merge, or nil when a
// file's parse is not in the cache (it failed, or there is no cache).
func (l *loader) dataSig() *dataSig {
	if l.cache == nil || len(l.aggSrc) > 0 {
		return nil // aggregate files are read anew each time, so their merge is too
	}
	s := &dataSig{cfg: fingerprint.New("config").Value(*l.cfg).Done()}
	add := func(key string, e *cacheEntry) bool {
		s.keys, s.entries = append(s.keys, key), append(s.entries, e)
		return e != nil
	}
	for _, sf := range slices.Concat(l.metricSrc, l.annotSrc, l.sideSrc) {
		if !add(sourceKey(sf), sf.entry) {
			return nil
		}
	}
	if l.itersFile != "" && !add("iterations "+l.itersFile, l.itersEntry) {
		return nil
	}
	if l.itemsFile != "" && !add("items "+l.itemsFile, l.itemsEntry) {
		return nil
	}
	return s
}

// relPath turns a path from the config into a clean slash-separated path
// relative to the project root, as fs.FS wants it.
func (l *loader) relPath(key, p string) (string, error) {
	if filepath.IsAbs(p) {
		root, err := filepath.Abs(l.cfg.Root)
		if err != nil {
			return "", fmt.Errorf("paths.%s: %w", key, err)
		}
		r, err := filepath.Rel(root, p)
		if err != nil || !filepath.IsLocal(r) && r != "." {
			return "", contain.Outsidef("%s: paths.%s is %q, outside the project folder %s", l.cfg.Where("paths."+key), key, p, root)
		}
		p = r
	}
	p = path.Clean(filepath.ToSlash(p))
	if !fs.ValidPath(p) {
		return "", contain.Outsidef("%s: paths.%s is %q; want a path inside the project folder", l.cfg.Where("paths."+key), key, p)
	}
	return p, nil
}

// listFiles returns the files directly in the folder dir (a config path)
// whose names end in one of exts (any name when exts is empty), in name
// order. A missing folder has no files. Hidden files (starting with ".")
// are skipped.
func (l *loader) listFiles(dir string, exts ...string) ([]string, error) {
	d, err := l.relPath(keyOf(l.cfg, dir), dir)
	if err != nil {
		return nil, err
	}
	entries, err := fs.ReadDir(l.fsys, d)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", d, err)
	}
	var files []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || strings.HasPrefix(name, ".") || len(exts) > 0 && !slices.Contains(exts, path.Ext(name)) {
			continue
		}
		files = append(files, path.Join(d, name))
	}
	return files, nil
}

// optionalFile returns the path of an optional input file, or "" when the
// config path is empty or the file does not exist.
func (l *loader) optionalFile(p string) (string, error) {
	if strings.TrimSpace(p) == "" {
		return "", nil
	}
	f, err := l.relPath(keyOf(l.cfg, p), p)
	if err != nil {
		return "", err
	}
	info, err := fs.Stat(l.fsys, f)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("%s: %w", f, err)
	}
	if info.IsDir() {
		return "", fmt.Errorf("%s: is a folder; want a file", f)
	}
	return f, nil
}

// keyOf names the config key whose value is p, for error messages.
func keyOf(cfg *config.Config, p string) string {
	for _, k := range []struct{ key, val string }{
		{"metrics", cfg.Paths.Metrics}, {"annotations", cfg.Paths.Annotations},
		{"iterations", cfg.Paths.Iterations}, {"items", cfg.Paths.Items},
		{"casestudies", cfg.Paths.CaseStudies}, {"content", cfg.Paths.Content},
		{"outputs", cfg.Paths.Outputs}, {"raters", cfg.Paths.Raters},
	} {
		if k.val == p {
			return k.key
		}
	}
	return "?"
}

// ProjectFS returns the project folder of cfg as the fs.FS Load reads:
// every path must resolve inside it or a data root (project.data_roots),
// only regular files are read, none past limits.file_bytes (package
// contain).
func ProjectFS(cfg *config.Config) (fs.FS, error) {
	fsys, err := contain.New(cfg.Root, cfg.Project.DataRoots, cfg.Limits.FileBytes)
	if err != nil {
		return nil, fmt.Errorf("%s: project.data_roots: %w", cfg.Where("project.data_roots"), err)
	}
	return fsys, nil
}
