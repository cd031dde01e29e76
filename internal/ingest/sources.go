package ingest

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/project"
)

// sourceFile is one data file: how to read it (its kind, format, mapping)
// and, once read, what it held and what its reader skipped.
type sourceFile struct {
	path    string
	entry   *cacheEntry // the cache entry of its parse; nil without a cache or when the reading failed
	kind    string      // kindMetrics, kindAnnotations, kindOutputs or kindRaters
	spec    config.Source
	format  string // the configured format; "" or "auto" to sniff
	delim   string // the configured delimiter; "" to sniff
	cols    columns
	lenient bool
	lim     limits
	size    int64
	noPipe  bool // read without pipeRows (loader.pipeOrNot)
	// badValues counts the ratings the merge left out for breaking their
	// dimension's configured scale (ingest.on_bad_value = "skip").
	badValues int
	in        interner

	metric   *metricResult   // kind metrics
	annot    *annotResult    // kind annotations
	side     *sideResult     // kinds outputs and raters
	agg      *aggResult      // kind aggregates
	items    []project.Item  // item text the file carries, first per ID
	itemSeen map[string]bool // IDs of the items the file described
	// outSeen holds the first text of each item and iteration of an
	// outputs file, so that a text repeated on later records is kept once.
	outSeen map[[2]string]string

	lsRated []lsRated // scratch of the Label Studio reader

	report project.SourceReport
	skips  map[string]int // reason -> index in report.Skipped
}

// newSourceFile returns the source for file of kind, read as spec says
// (spec is the zero Source for a file no [[sources]] table names).
func (l *loader) newSourceFile(file, kind string, spec config.Source) *sourceFile {
	sf := &sourceFile{
		path: file, kind: kind, spec: spec, format: spec.Format, delim: spec.Delimiter,
		cols: l.cols, lenient: l.cfg.Lenient, lim: l.lim, in: interner{},
		report: project.SourceReport{Path: file, Kind: kind},
	}
	if alias, ok := formatAliases[spec.Format]; ok {
		sf.format = alias.name
		if sf.delim == "" {
			sf.delim = alias.delimiter
		}
	}
	if spec.Pairwise() && (sf.format == "" || sf.format == "auto") && strings.ToLower(extOf(file)) != ".parquet" {
		sf.format = "pairwise"
	}
	if spec.Lenient != nil {
		sf.lenient = *spec.Lenient
	}
	set := func(dst *string, v string) {
		if v = strings.TrimSpace(v); v != "" {
			*dst = v
		}
	}
	set(&sf.cols.item, spec.Item)
	set(&sf.cols.iteration, spec.Iteration)
	set(&sf.cols.rater, spec.Rater)
	set(&sf.cols.dimension, spec.Dimension)
	set(&sf.cols.value, spec.Value)
	set(&sf.cols.metric, spec.Metric)
	set(&sf.cols.timestamp, spec.Timestamp)
	set(&sf.cols.slice, spec.Slice)
	return sf
}

// mapped reports whether the source's config names a column for field,
// one of "item", "iteration", "rater", "dimension", "value".
func (sf *sourceFile) mapped(field string) string {
	return map[string]string{
		"item": sf.spec.Item, "iteration": sf.spec.Iteration, "rater": sf.spec.Rater,
		"dimension": sf.spec.Dimension, "value": sf.spec.Value,
	}[field]
}

// record counts one record of the file.
func (sf *sourceFile) record() { sf.report.Records++ }

// skip counts a record skipped for reason; line (0 when unknown) locates
// the first such record.
func (sf *sourceFile) skip(reason string, line int) { sf.skipAs(reason, line, false) }

// skipPart counts a part of a read record skipped for reason.
func (sf *sourceFile) skipPart(reason string, line int) { sf.skipAs(reason, line, true) }

// leaveOut counts a part of a read record that the configuration asked to
// leave out (Skip.Configured).
func (sf *sourceFile) leaveOut(reason string, line int) {
	sf.skipAs(reason, line, true)
	sf.report.Skipped[sf.skips[reason]].Configured = true
}

func (sf *sourceFile) skipAs(reason string, line int, part bool) {
	if sf.skips == nil {
		sf.skips = map[string]int{}
	}
	i, ok := sf.skips[reason]
	if !ok {
		i = len(sf.report.Skipped)
		sf.skips[reason] = i
		sf.report.Skipped = append(sf.report.Skipped, project.Skip{Reason: reason, Part: part, Example: project.Pos{File: sf.path, Line: line}})
	}
	sf.report.Skipped[i].N++
}

// soft returns err, or, for a lenient source, counts the record as skipped
// for reason and returns nil. Readers pass the errors of a record that
// lacks a required field through it.
func (sf *sourceFile) soft(err error, reason string, line int) error {
	if err == nil || !sf.lenient {
		return err
	}
	sf.skip(reason, line)
	return nil
}

// finish fills the report's counts from what was read.
func (sf *sourceFile) finish() {
	r := &sf.report
	r.Read = r.Records - r.SkippedRecords()
	switch {
	case sf.metric != nil:
		for _, vals := range sf.metric.values {
			r.Values += vals.Len()
		}
	case sf.annot != nil:
		r.Values = sf.annot.ratings.Len() + len(sf.annot.pairs) - r.Replaced - sf.badValues
	case sf.side != nil:
		r.Values = len(sf.side.outputs) + len(sf.side.raters)
	case sf.agg != nil:
		r.Values = sf.agg.values()
	}
	r.Items = len(sf.items)
	if r.Records == 0 && r.NotRead == "" {
		r.Empty = "no records"
		if sf.size == 0 {
			r.Empty = "empty file"
		}
	}
	slices.SortStableFunc(r.Skipped, func(a, b project.Skip) int {
		if a.N != b.N {
			return b.N - a.N
		}
		return strings.Compare(a.Reason, b.Reason)
	})
}

// err returns the error that stopped the file's reading, if any.
func (sf *sourceFile) err() error {
	switch {
	case sf.metric != nil:
		return sf.metric.err
	case sf.annot != nil:
		return sf.annot.err
	case sf.side != nil:
		return sf.side.err
	case sf.agg != nil:
		return sf.agg.err
	}
	return nil
}

// planSources lists the data files: every file directly in the metrics and
// annotations folders, and every file a [[sources]] glob matches. The first
// source of each kind whose glob matches a file says how to read it as that
// kind, so one file may be read twice, once for its metrics and once for
// its ratings (a wide table with both); a file no source names is read with
// the defaults, its kind from its folder.
func (l *loader) planSources() error {
	dirs := map[string]string{} // folder -> kind
	var folderFiles []struct{ file, kind string }
	for _, d := range []struct{ dir, kind string }{
		{l.cfg.Paths.Metrics, kindMetrics}, {l.cfg.Paths.Annotations, kindAnnotations},
		{l.cfg.Paths.Outputs, kindOutputs},
	} {
		dir, err := l.relPath(keyOf(l.cfg, d.dir), d.dir)
		if err != nil {
			return err
		}
		dirs[dir] = d.kind
		files, err := l.listFiles(d.dir)
		if err != nil {
			return err
		}
		for _, f := range files {
			folderFiles = append(folderFiles, struct{ file, kind string }{f, d.kind})
		}
	}
	raters, err := l.ratersFiles()
	if err != nil {
		return err
	}
	for _, f := range raters {
		folderFiles = append(folderFiles, struct{ file, kind string }{f, kindRaters})
	}
	file, _ := l.configSource()
	claimed := map[string]*sourceFile{} // kind + "\x00" + file
	named := map[string]bool{}          // files some source names
	for i, spec := range l.cfg.Sources {
		at := fmt.Sprintf("%s: [[sources]] %d", where(file, spec.Line, 0), i+1)
		pattern := path.Clean(strings.TrimPrefix(spec.Path, "./"))
		if !fs.ValidPath(pattern) {
			return fmt.Errorf("%s: path %q must be a glob inside the project folder, relative to it", at, spec.Path)
		}
		matches, err := fs.Glob(l.fsys, pattern)
		if err != nil {
			return fmt.Errorf("%s: path %q: %w", at, spec.Path, err)
		}
		n := 0
		for _, m := range matches {
			if info, err := fs.Stat(l.fsys, m); err != nil || info.IsDir() {
				continue
			}
			n++
			kind := spec.Kind
			if kind == "" {
				kind = dirs[path.Dir(m)]
			}
			if kind == "" {
				return fmt.Errorf("%s: %s is in no data folder; set kind = \"metrics\", \"annotations\", \"outputs\", \"raters\" or \"aggregates\"", at, m)
			}
			named[m] = true
			if claimed[kind+"\x00"+m] == nil {
				claimed[kind+"\x00"+m] = l.newSourceFile(m, kind, spec)
			}
		}
		if n == 0 {
			l.warnings = append(l.warnings, fmt.Sprintf("%s: path %q matches no file", at, spec.Path))
		}
	}
	for _, f := range folderFiles {
		if !named[f.file] {
			claimed[f.kind+"\x00"+f.file] = l.newSourceFile(f.file, f.kind, config.Source{})
		}
	}
	for _, name := range sortedKeys(claimed) {
		sf := claimed[name]
		switch sf.kind {
		case kindMetrics:
			l.metricSrc = append(l.metricSrc, sf)
		case kindAnnotations:
			l.annotSrc = append(l.annotSrc, sf)
		case kindAggregates:
			l.aggSrc = append(l.aggSrc, sf)
		default:
			l.sideSrc = append(l.sideSrc, sf)
		}
	}
	return nil
}

// readSource reads one data file with the format its source names or the
// first whose sniff accepts its head. A file no format takes is an error,
// or for a lenient source a warning and a report saying why.
func (l *loader) readSource(sf *sourceFile, fsys fs.FS) {
	switch sf.kind {
	case kindMetrics:
		sf.metric = &metricResult{values: map[string]*project.Values{}, seen: newIterSeen()}
	case kindAnnotations:
		sf.annot = &annotResult{seen: newIterSeen()}
	case kindAggregates:
		sf.agg = newAggResult()
	default:
		sf.side = &sideResult{}
	}
	setErr := func(err error) {
		switch {
		case sf.metric != nil:
			sf.metric.err = err
		case sf.annot != nil:
			sf.annot.err = err
		case sf.agg != nil:
			sf.agg.err = err
		default:
			sf.side.err = err
		}
	}
	f, err := fsys.Open(sf.path)
	if err != nil {
		setErr(fmt.Errorf("%s: %w", sf.path, err))
		return
	}
	defer f.Close()
	sf.size = fileSize(f)
	br := newReaderSize(f, readerSize(sf.size))
	// A small file's buffer is smaller than headSize: the sniff sees what
	// it holds, which is the whole file unless it filled up (the file grew
	// since its size was taken).
	peek := min(headSize, br.Size())
	b, err := br.Peek(peek)
	if err != nil && err != io.EOF && !errors.Is(err, io.ErrUnexpectedEOF) && len(b) == 0 {
		setErr(fmt.Errorf("%s: %w", sf.path, err))
		return
	}
	h := &head{name: sf.path, kind: sf.kind, b: b, all: len(b) < peek}
	fm, err := pick(h, sf.format)
	var se *sniffError
	if errors.As(err, &se) && sf.lenient {
		sf.report.NotRead = strings.TrimPrefix(err.Error(), sf.path+": ")
		w := err.Error() + " (skipped: lenient is on)"
		switch {
		case sf.metric != nil:
			sf.metric.warnings = append(sf.metric.warnings, w)
		case sf.annot != nil:
			sf.annot.warnings = append(sf.annot.warnings, w)
		case sf.agg != nil:
			sf.agg.warnings = append(sf.agg.warnings, w)
		default:
			sf.side.warnings = append(sf.side.warnings, w)
		}
		return
	}
	if err != nil {
		if se != nil {
			err = fmt.Errorf("%w (set lenient = true in config.toml to skip it with a warning, or name its format in a [[sources]] table)", err)
		}
		setErr(err)
		return
	}
	sf.report.Format = fm.name
	if ra := readerAtOf(f); fm.readAt != nil && ra != nil && sf.size > 0 {
		setErr(fm.readAt(sf, ra, sf.size))
		return
	}
	setErr(fm.read(sf, br))
}

// readSourceCached reads one data file, or takes its parse from the cache
// when the file and its settings are unchanged.
func (l *loader) readSourceCached(sf *sourceFile) {
	sf.entry = readCached(l.cache, l.fsys, sf.path, sourceKey(sf),
		func(e *cacheEntry) bool {
			if e.src == nil {
				return false
			}
			e.src.restore(sf)
			return true
		},
		func(fsys fs.FS) *cacheEntry {
			l.readSource(sf, fsys)
			if sf.err() != nil {
				return nil
			}
			return &cacheEntry{src: snapshot(sf)}
		})
}

// sourceReports returns the reports of every data file: metrics, then
// annotations, then outputs and raters files.
func (l *loader) sourceReports() []project.SourceReport {
	var out []project.SourceReport
	for _, sf := range slices.Concat(l.metricSrc, l.annotSrc, l.sideSrc, l.aggSrc) {
		out = append(out, sf.report)
	}
	return out
}

// sourceItems adds to items (those of the items file) the items whose text
// the data files carry, in file order; an item the items file or an
// earlier data file already has keeps that text.
func (l *loader) sourceItems(items []project.Item) []project.Item {
	seen := make(map[string]bool, len(items))
	for _, it := range items {
		seen[it.ID] = true
	}
	for _, sf := range slices.Concat(l.annotSrc, l.sideSrc) {
		kept := sf.items[:0]
		for _, it := range sf.items {
			if !seen[it.ID] {
				seen[it.ID] = true
				items = append(items, it)
				kept = append(kept, it)
			}
		}
		sf.items = kept
	}
	return items
}
