package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/evalbook/evalbook/internal/fingerprint"
	"github.com/evalbook/evalbook/internal/markdown"
	pool "github.com/evalbook/evalbook/internal/parallel" // ingest has a parallel of its own
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/safetext"
	"github.com/evalbook/evalbook/internal/tomlfile"
)

// docJob is one Markdown file to read.
type docJob struct {
	source string // path relative to the project root
	slug   string
	kind   project.Kind // CaseStudy, or Page for content (Decision is decided by the file)
}

// docResult is one Markdown file read.
type docResult struct {
	doc   project.Document
	draft bool
	lines map[string]int // line of each front-matter key that names iterations, metrics or dimensions
	front string         // the file up to the end of its front matter, for positions (governance.go)
	err   error
}

// planDocs lists the case studies (casestudies/*.md) and the content pages
// (content/**/*.md). Hidden files and folders are skipped.
func (l *loader) planDocs() error {
	cs, err := l.listFiles(l.cfg.Paths.CaseStudies, ".md")
	if err != nil {
		return err
	}
	for _, f := range cs {
		l.docs = append(l.docs, docJob{source: f, slug: "casestudies/" + strings.TrimSuffix(path.Base(f), ".md"), kind: project.CaseStudy})
	}
	root, err := l.relPath("content", l.cfg.Paths.Content)
	if err != nil {
		return err
	}
	err = fs.WalkDir(l.fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == root && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			return fmt.Errorf("%s: %w", p, err)
		}
		hidden := p != root && strings.HasPrefix(d.Name(), ".")
		switch {
		case d.IsDir() && hidden:
			return fs.SkipDir
		case d.IsDir() || hidden || path.Ext(p) != ".md":
			return nil
		}
		slug := strings.TrimSuffix(strings.TrimPrefix(p, root+"/"), ".md")
		if root == "." {
			slug = strings.TrimSuffix(p, ".md")
		}
		l.docs = append(l.docs, docJob{source: p, slug: slug, kind: project.Page})
		return nil
	})
	return err
}

// readDoc reads and renders one Markdown file.
func readDoc(fsys fs.FS, job docJob, unsafe, plain bool) *docResult {
	res := &docResult{}
	src, err := fs.ReadFile(fsys, job.source)
	if err != nil {
		res.err = fmt.Errorf("%s: %w", job.source, err)
		return res
	}
	if !plain && !markdown.HasFrontMatter(src) {
		res.err = fmt.Errorf("%s:1: %w: a document starts with a +++ line, its TOML front matter (at least a title) and another +++ line; set [content] plain_pages = true to publish Markdown without it", job.source, ErrNoFrontMatter)
		return res
	}
	src = safetext.Bytes(src)
	opt := markdown.Options{Unsafe: unsafe, Root: strings.Repeat("../", strings.Count(job.slug, "/"))}
	meta, body, err := markdown.Parse(src, job.source, opt)
	if err != nil {
		res.err = err
		return res
	}
	if res.draft = meta.Draft; res.draft {
		return res
	}
	front := scanFront(src)
	kind, err := docKind(job, meta.Kind)
	if err != nil {
		res.err = errorf(job.source, front.keyLines("kind")[0], 0, "%v", err)
		return res
	}
	if meta.Title == "" {
		meta.Title = path.Base(job.slug)
	}
	// lines holds the keys set (a key left out reads as line 0 all the same).
	res.lines = map[string]int{}
	keys := []string{"iterations", "baseline", "candidate", "metrics", "dimensions", "primary"}
	for i, line := range front.keyLines(keys...) {
		if line > 0 {
			res.lines[keys[i]] = line
		}
	}
	res.front = front.text
	if strings.Contains(res.front, "discrepancies") { // tableLines finds nothing else
		for i, line := range tableLines(res.front, "discrepancies") {
			res.lines[fmt.Sprintf("discrepancies.%d", i)] = line
		}
	}
	res.doc = project.Document{Kind: kind, Source: job.source, Slug: job.slug, Meta: meta, HTML: body.HTML, Shortcodes: body.Shortcodes}
	return res
}

// docKind decides a document's kind from its folder and front matter.
func docKind(job docJob, kind string) (project.Kind, error) {
	if job.kind == project.CaseStudy {
		if kind != "" && kind != string(project.CaseStudy) {
			return "", fmt.Errorf("kind %q: a file in the case-study folder is a case study; move it to the content folder", kind)
		}
		return project.CaseStudy, nil
	}
	switch kind {
	case string(project.Decision):
		return project.Decision, nil
	case string(project.Page):
		return project.Page, nil
	case "":
		if strings.HasPrefix(job.slug, "decisions/") {
			return project.Decision, nil
		}
		return project.Page, nil
	}
	return "", fmt.Errorf("kind %q is not known; want \"decision\", \"page\" or no kind", kind)
}

// frontScan is a document's front matter as found by scanFront.
type frontScan struct {
	// text is the file up to the line that closes its front matter (that
	// line and the newline before it left out), so line numbers in it are
	// the file's; "" when no line after the first is +++.
	text string
	// block is the front matter's TOML: the lines after the first up to
	// the closing one (the rest of the file when none closes it); keys
	// holds whether the first line is +++, so that block holds keys.
	block string
	keys  bool
}

// scanFront finds src's front matter in one reading of its lines up to
// the one that closes it. Lines are compared with their spaces trimmed,
// and a byte order mark is skipped.
func scanFront(src []byte) frontScan {
	src = bytes.TrimPrefix(src, []byte(bom))
	first, _, found := bytes.Cut(src, []byte("\n"))
	if !found {
		return frontScan{}
	}
	keys := string(bytes.TrimSpace(first)) == "+++"
	start := len(first) + 1
	for off := start; off < len(src); {
		line, _, _ := bytes.Cut(src[off:], []byte("\n"))
		if string(bytes.TrimSpace(line)) == "+++" {
			head := string(src[:off])
			return frontScan{text: head[:off-1], block: head[start:], keys: keys}
		}
		off += len(line) + 1
	}
	return frontScan{block: string(src[start:]), keys: keys}
}

// keyLines returns the line of the file on which the front matter sets
// each of keys, or 0, as tomlfile.KeyLines finds them in f.block in one
// reading (only the keys whose name is in its text: most documents leave
// most keys out).
func (f frontScan) keyLines(keys ...string) []int {
	lines := make([]int, len(keys))
	if !f.keys {
		return lines
	}
	var want []toml.Key
	var at []int
	for i, key := range keys {
		// A key set in valid TOML (Parse has decoded it) has its name in
		// the text, bare or quoted.
		if strings.Contains(f.block, key) {
			want, at = append(want, toml.Key{key}), append(at, i)
		}
	}
	if len(want) == 0 {
		return lines
	}
	for k, n := range tomlfile.KeyLines(f.block, want...) {
		if n > 0 {
			lines[at[k]] = n + 1
		}
	}
	return lines
}

// checkNames returns an error naming the first iteration, metric or
// dimension that d's front matter names but the project lacks.
func checkNames(p *project.Project, d project.Document, lines map[string]int) error {
	m := d.Meta
	// The checks are an array of plain values, each name list a slice or
	// one name: closures and one-name slices were allocations for every
	// document.
	const (
		anIteration = iota
		aMetric
		aDimension
		aMetricOrDimension
	)
	checks := [...]struct {
		key, what string
		names     []string
		one       string // a name when not "", after names
		kind      int
	}{
		{"iterations", "iteration", m.Iterations, "", anIteration},
		{"baseline", "iteration", nil, m.Baseline, anIteration},
		{"candidate", "iteration", nil, m.Candidate, anIteration},
		{"metrics", "metric", m.Metrics, "", aMetric},
		{"dimensions", "dimension", m.Dimensions, "", aDimension},
		{"primary", "metric or dimension", nil, m.Primary, aMetricOrDimension},
	}
	known := func(kind int, name string) bool {
		switch kind {
		case anIteration:
			return hasIteration(p, name)
		case aMetric:
			return metricIndex(p, name) >= 0
		case aDimension:
			return dimensionIndex(p, name) >= 0
		}
		return metricIndex(p, name) >= 0 || dimensionIndex(p, name) >= 0
	}
	for _, c := range &checks {
		for _, name := range c.names {
			if !known(c.kind, name) {
				return errorf(d.Source, lines[c.key], 0, "%s: unknown %s %q", c.key, c.what, name)
			}
		}
		if c.one != "" && !known(c.kind, c.one) {
			return errorf(d.Source, lines[c.key], 0, "%s: unknown %s %q", c.key, c.what, c.one)
		}
	}
	if m.Primary != "" && m.Candidate == "" {
		return errorf(d.Source, lines["primary"], 0, "primary is set but candidate is not; an experiment needs the candidate iteration")
	}
	for i, ref := range m.Discrepancies {
		if err := checkDiscrepancy(p, ref); err != nil {
			return errorf(d.Source, lines[fmt.Sprintf("discrepancies.%d", i)], 0, "discrepancies entry %d: %v", i+1, err)
		}
	}
	return nil
}

// checkDiscrepancy checks one discrepancy an investigation names: its
// metric and dimension exist, its iterations exist, its items are items of
// the project, and its cause is one of project.Causes.
func checkDiscrepancy(p *project.Project, ref project.DiscrepancyRef) error {
	mi := metricIndex(p, ref.Metric)
	di := dimensionIndex(p, ref.Dimension)
	switch {
	case ref.Metric == "" || ref.Dimension == "":
		return fmt.Errorf("needs a metric and a dimension")
	case mi < 0:
		return fmt.Errorf("unknown metric %q", ref.Metric)
	case di < 0:
		return fmt.Errorf("unknown dimension %q", ref.Dimension)
	case !slices.Contains(project.Causes, ref.Cause):
		return fmt.Errorf("cause %q; want one of %s", ref.Cause, strings.Join(project.Causes, ", "))
	}
	for _, id := range ref.Iterations {
		if !hasIteration(p, id) {
			return fmt.Errorf("unknown iteration %q", id)
		}
	}
	for _, id := range ref.Items {
		if !hasItem(p, &p.Metrics[mi], &p.Dimensions[di], id) {
			return fmt.Errorf("item %q is neither in the items file nor rated or measured on %s and %s", id, ref.Metric, ref.Dimension)
		}
	}
	return nil
}

// hasItem reports whether id is an item of the project's items file, or an
// item m measured or d rated.
func hasItem(p *project.Project, m *project.Metric, d *project.Dimension, id string) bool {
	if _, ok := p.Item(id); ok {
		return true
	}
	if k, ok := m.Values.Items.Lookup(id); ok && slices.Contains(m.Values.Item, k) {
		return true
	}
	return ratesItem(&d.Ratings, id)
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// mergeDocs collects the documents that are not drafts, checks that the
// iterations they name exist and that no two share a slug, sorts them and
// fingerprints them but their bodies (Project.DocsFront).
//
// data is the data merge of p. When it is the one the cache's last merge
// of the documents was checked against (so the data and the config are
// the same), a document whose parse is that merge's keeps its checked
// front matter and fingerprint, and when only bodies changed (a prose
// edit: the changed documents check and fingerprint as before) the last
// merge's lists are patched instead of sorted again (docMerge.patch).
func (l *loader) mergeDocs(p *project.Project, data *dataMerge) (cases, pages []project.Document, front [32]byte, err error) {
	var last *docMerge
	if c := l.cache; c != nil && data != nil {
		c.mu.Lock()
		if c.docs != nil && c.docs.data == data {
			last = c.docs
		}
		c.mu.Unlock()
	}
	m, ok := last.patch(l, p)
	if !ok {
		if m, err = l.mergeAllDocs(p, last); err != nil {
			return nil, nil, front, err
		}
	}
	if c := l.cache; c != nil && data != nil {
		m.data = data
		c.mu.Lock()
		if c.data == data {
			c.docs = m
		}
		c.mu.Unlock()
	}
	return m.cases, m.pages, m.front, nil
}

// docMerge is one merge of the documents: the parses merged (in plan
// order), each one's checked document and the merged lists.
type docMerge struct {
	data         *dataMerge // what the documents were checked against; nil when not kept
	results      []*docResult
	checked      []checkedDoc // by plan order
	cases, pages []project.Document
	front        [32]byte
}

// checkedDoc is one document as checked, before checkLinks, with the
// fingerprint of all of it but its body and where it is in the merged
// lists: cases[at], or pages[-1-at].
type checkedDoc struct {
	doc   project.Document
	sum   fingerprint.Sum
	at    int
	draft bool
}

// checkDoc checks one document against p (names, shortcodes, governance)
// and returns it as checked.
func (l *loader) checkDoc(p *project.Project, r *docResult) (checkedDoc, error) {
	d := r.doc
	if err := checkNames(p, d, r.lines); err != nil {
		return checkedDoc{}, err
	}
	if err := checkShortcodes(p, d); err != nil {
		return checkedDoc{}, err
	}
	var err error
	if d.Meta, err = checkGovernance(p, l.cfg.People, d, r.front); err != nil {
		return checkedDoc{}, err
	}
	return checkedDoc{doc: d, sum: docSum(d)}, nil
}

// docSum fingerprints d but its body.
func docSum(d project.Document) fingerprint.Sum {
	d.HTML = ""
	return fingerprint.New("document").Value(d).Done()
}

// patch returns m with the parses of l.docOut, when they differ from m's
// in a few documents' bodies only: each changed document checks and
// fingerprints as its last parse did, so it keeps its place and m's lists
// need only its new HTML. A nil m patches nothing.
func (m *docMerge) patch(l *loader, p *project.Project) (*docMerge, bool) {
	const most = 16 // more changes than this merge anew
	if m == nil || len(l.docOut) != len(m.results) {
		return nil, false
	}
	var changed []int
	for i, r := range l.docOut {
		if r == m.results[i] {
			continue
		}
		if changed = append(changed, i); len(changed) > most || r.err != nil || r.draft || m.checked[i].draft {
			return nil, false
		}
	}
	checked := make([]checkedDoc, len(changed))
	for k, i := range changed {
		c, err := l.checkDoc(p, l.docOut[i])
		if err != nil || c.sum != m.checked[i].sum {
			return nil, false // the whole merge finds the error again, in its order
		}
		c.at = m.checked[i].at
		checked[k] = c
	}
	// The lists are copied: the last project holds them. The rest of m
	// is only the cache's, which takes the patched merge in its place.
	n := &docMerge{results: m.results, checked: m.checked,
		cases: slices.Clone(m.cases), pages: slices.Clone(m.pages), front: m.front}
	for k, i := range changed {
		c := checked[k]
		n.results[i], n.checked[i] = l.docOut[i], c
		if c.at >= 0 {
			n.cases[c.at].HTML = c.doc.HTML
		} else {
			n.pages[-1-c.at].HTML = c.doc.HTML
		}
	}
	m.results, m.checked = nil, nil // n has them now
	return n, true
}

// mergeAllDocs merges every document. A document whose parse is one of
// last's (nil: none) keeps the checks it passed there.
func (l *loader) mergeAllDocs(p *project.Project, last *docMerge) (*docMerge, error) {
	var kept map[*docResult]int
	if last != nil {
		kept = make(map[*docResult]int, len(last.results))
		for i, r := range last.results {
			kept[r] = i
		}
	}
	// The documents are checked on every core first; the errors are then
	// reported in plan order, as one pass would meet them.
	pre := make([]checkedDoc, len(l.docOut))
	errs := make([]error, len(l.docOut))
	nCases := 0
	for _, r := range l.docOut {
		if r.err == nil && !r.draft && r.doc.Kind == project.CaseStudy {
			nCases++
		}
	}
	pool.For(len(l.docOut), func(i int) {
		r := l.docOut[i]
		if r.err != nil || r.draft {
			return
		}
		if j, ok := kept[r]; ok && !last.checked[j].draft {
			pre[i] = last.checked[j]
			return
		}
		pre[i], errs[i] = l.checkDoc(p, r)
	})
	m := &docMerge{results: slices.Clone(l.docOut), checked: make([]checkedDoc, len(l.docOut))}
	index := make(map[string]int, len(l.docOut))     // slug -> plan order
	fronts := make(map[string]string, len(l.docOut)) // by source
	cases := make([]project.Document, 0, nCases)
	var pages []project.Document
	for i, r := range l.docOut {
		if r.err != nil {
			return nil, r.err
		}
		if r.draft {
			m.checked[i].draft = true
			continue
		}
		if errs[i] != nil {
			return nil, errs[i]
		}
		c := pre[i]
		m.checked[i] = c
		d := c.doc
		if other, dup := index[d.Slug]; dup {
			return nil, fmt.Errorf("%s:1:1: has the slug %s of %s; both would be written to %s.html: rename one", d.Source, d.Slug, l.docOut[other].doc.Source, d.Slug)
		}
		index[d.Slug] = i
		fronts[d.Source] = r.front
		if d.Kind == project.CaseStudy {
			cases = append(cases, d)
		} else {
			pages = append(pages, d)
		}
	}
	project.SortNewestFirst(cases)
	slices.SortFunc(pages, func(a, b project.Document) int { return strings.Compare(a.Slug, b.Slug) })
	if err := checkLinks(p, pages, fronts); err != nil {
		return nil, err
	}
	h := fingerprint.New("documents").Int(len(cases))
	for k, d := range cases {
		c := &m.checked[index[d.Slug]]
		c.at = k
		h.Sum(c.sum)
	}
	h.Int(len(pages))
	for k, d := range pages {
		c := &m.checked[index[d.Slug]]
		c.at = -1 - k
		h.Sum(c.sum)
	}
	m.cases, m.pages, m.front = cases, pages, h.Done()
	return m, nil
}

// ErrNoFrontMatter is the error of a Markdown file without front matter
// when [content] plain_pages is off.
var ErrNoFrontMatter = errors.New("no front matter")

// ratesItem reports whether any of rs is a rating of the item id.
func ratesItem(rs *project.Ratings, id string) bool {
	k, ok := rs.Items.Lookup(id)
	return ok && slices.Contains(rs.Item, k)
}
