package render

import (
	"cmp"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/fingerprint"
	"github.com/evalbook/evalbook/internal/project"
)

// Cache keeps what one Render can hand to the next: every page's bytes
// with the fingerprint of the inputs it declares (its Deps, plus the site
// frame every page shows), the JSON API with the fingerprint of
// everything it reads, and the parsed templates. RenderCached renders only
// the pages whose fingerprint changed and reuses the bytes of the others,
// which are then the bytes a full Render gives (the contract in deps.go).
//
// What is fingerprinted (see inputSums):
//
//   - the frame: the route table, the site value (title, description,
//     baseURL, analysis settings; the nav with its alert count only when
//     the templates do not let it be spliced, navsplice.go), the config
//     beyond its analysis sections, the project's shape and rater
//     attributes, and every byte of the templates and assets;
//   - per iteration, metric, dimension, item, document (front matter and
//     body apart), config section and the data-quality report, what the
//     project says of it; a metric's and a dimension's fingerprint also
//     covers its own results (resultSums); every result, whole, is the
//     Results fingerprint; each item's share of the data is its ItemData
//     fingerprint (itemsums.go).
//
// It also keeps the last render's model for a render after a prose edit
// (reuse.go).
//
// The zero Cache is empty and ready; a Cache is not safe for concurrent
// RenderCached calls.
type Cache struct {
	pages    map[string]cachedPage
	api      fingerprint.Sum
	apiFiles Files
	tmpl     fingerprint.Sum
	sets     map[string]*template.Template
	navApart bool // the templates of tmpl let the nav be spliced (navsplice.go)
	stats    Stats
	// data holds the last render's metrics and dimensions with the sums of
	// their values and ratings, reused while a render gets the very same
	// arrays (see sameSlice).
	data dataSums
	// search holds the last render's search entries, searchSrc what
	// they were made from (searchMemo).
	search    map[fingerprint.Sum]searchDoc
	searchSrc map[string]srcMemo
	// last is the last render's model, for a render whose input differs
	// in documents' bodies only (reuse.go); nil after a failed render.
	last *lastRender
	// files are the files the last render returned, never changed since
	// (a render that reuses the model starts from a copy: patchFiles);
	// nav is the nav's fingerprint every page of it was given, and
	// searchPath the search index's path in it.
	files      Site
	nav        fingerprint.Sum
	searchPath string
}

// dataSums are the fingerprints of the values of every metric and the
// ratings of every dimension of one project. Holding the slices keeps
// their arrays alive, so an array at the same address is the same array,
// and the project's data is never changed once loaded: the same array
// has the same contents.
type dataSums struct {
	metrics         []project.Metric
	dimensions      []project.Dimension
	values, ratings []fingerprint.Sum
	// items holds the per-item fingerprints of each metric's values and
	// each dimension's ratings (itemsums.go), reused per subject.
	items itemParts
	// units holds the sums of the discrepancy pairs' joined units
	// (resultparts.go), reused per pair.
	units map[[2]string]unitSums
	// docs holds the documents' sums, reused for the documents of a
	// project with the same DocsFront (docMemo).
	docs docMemo
	// projItems are the items whose sums are itemSums (by ID), itemsAll
	// (every one, in the order itemsOrder): kept whole while ingest keeps
	// the array.
	projItems  []project.Item
	itemSums   map[string]fingerprint.Sum
	itemsAll   fingerprint.Sum
	itemsOrder []string
}

// sameSlice reports whether a and b are the same array, whole.
func sameSlice[T any](a, b []T) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// sameItems reports whether the items a and b are equal, one by one: the
// same array, or a new one (a load that merged the items again) equal to
// it, which costs far less than hashing every item again.
func sameItems(a, b []project.Item) bool {
	if sameSlice(a, b) {
		return true
	}
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !sameItem(&a[i], &b[i]) {
			return false
		}
	}
	return true
}

// sameItem reports whether a and b are equal in every field
// (TestSameItem checks that it compares them all).
func sameItem(a, b *project.Item) bool {
	return a.ID == b.ID && a.Input == b.Input && a.Output == b.Output && a.Reference == b.Reference &&
		a.Pos == b.Pos && maps.Equal(a.Slices, b.Slices) && slices.Equal(a.Outputs, b.Outputs)
}

type cachedPage struct {
	sum  fingerprint.Sum // the page's inputs, the nav apart when navApart
	body []byte          // the bytes the page was rendered with
	nav  navPlace        // where body holds the nav, and the nav shown now
}

// spliced returns the page in parts and true when a splice gave it a nav
// other than its body's own (navPlace.now); else false, and the body is
// the page whole.
func (p *cachedPage) spliced() (Spliced, bool) {
	if p.nav.now == nil {
		return Spliced{}, false
	}
	return Spliced{Head: p.body[:p.nav.at], Nav: p.nav.now, Tail: p.body[p.nav.at+p.nav.n:]}, true
}

// addTo puts the page in site at path, whole or in parts.
func (p *cachedPage) addTo(site Site, path string) error {
	if sp, ok := p.spliced(); ok {
		return site.addSpliced(path, sp)
	}
	return site.add(path, p.body)
}

// Stats says what one RenderCached redid.
type Stats struct {
	Rendered, Pages int  // pages (HTML) rendered, and in the site
	NavOnly         int  // pages not rendered whose nav alone was put in anew (navsplice.go)
	Reused          bool // the last render's model was reused (reuse.go)
	API             bool // the JSON API was rendered again
	// Paths are the site paths of the pages rendered, in job order.
	Paths []string
}

// String gives the stats as serve prints them: "pages: 1 of 311 rendered;
// api reused".
func (s Stats) String() string {
	api := "api reused"
	if s.API {
		api = "api rendered"
	}
	nav := ""
	if s.NavOnly > 0 {
		nav = fmt.Sprintf(", %d given the new nav", s.NavOnly)
	}
	return fmt.Sprintf("pages: %d of %d rendered%s; %s", s.Rendered, s.Pages, nav, api)
}

// Stats returns what the last RenderCached through c redid.
func (c *Cache) Stats() Stats { return c.stats }

// RenderCached is Render that reuses, from c, every page whose inputs did
// not change since the last render through c, and keeps this render's
// pages in c for the next. On error c is left as it was, but for the
// model it may reuse, which it drops.
//
// The arrays of a project's metric values and ratings must not be
// changed in place between renders through one c: a render given the very
// arrays of the last (as loads through one ingest.Cache give when no data
// file changed) takes their fingerprints from c without hashing them.
func RenderCached(in Input, c *Cache) (Files, error) {
	site, err := RenderSite(in, c)
	if err != nil {
		return nil, err
	}
	return site.Whole(), nil
}

// RenderSite is RenderCached that returns the pages given a new nav only
// in parts (Site.Spliced), not whole: their bytes are those RenderCached
// returns, without a copy of each.
func RenderSite(in Input, c *Cache) (Site, error) {
	if in.Templates == nil {
		return Site{}, fmt.Errorf("render: no templates")
	}
	tmpl, err := treeSum(in.Templates)
	if err != nil {
		return Site{}, err
	}
	cfg := in.Config
	if cfg == nil {
		cfg = config.Default()
	}
	cfgSum := fingerprint.New("config").Value(*cfg).Done()
	search := &searchMemo{last: c.search, lastSrc: c.searchSrc}
	var lastSums *inputSums
	if c.last != nil {
		lastSums = c.last.state.sums
	}
	st, reused, err := c.reuse(in, tmpl, cfgSum)
	if err != nil {
		return Site{}, err
	}
	// The last model is dropped before a new one is built, so the two are
	// never held at once, and on error, as a reused model may be half
	// brought up to date; a render that succeeds keeps its own.
	c.last = nil
	if !reused {
		if st, err = c.prepare(in, tmpl, search); err != nil {
			return Site{}, err
		}
	}
	r, jobs, sums, pageSums := st.r, st.jobs, st.sums, st.pageSums
	var todo []job
	var todoAt []int // todo's places in jobs
	for i, j := range jobs {
		old, ok := c.pages[j.path]
		if !ok || old.sum != pageSums[i] || (old.nav.sum != sums.nav && old.nav.at < 0) {
			todo, todoAt = append(todo, j), append(todoAt, i)
		}
	}
	apiSum := sums.api()
	patch := reused && c.files.Files != nil && c.apiFiles != nil && apiSum == c.api && c.nav == sums.nav
	// The feeds and the JSON API read the model only, as the pages do:
	// they are made while the pages render (the API's marshalling after
	// the pages left a core idle at the render's end).
	var more *extras
	if !patch {
		more = c.startExtras(st, reused, apiSum)
	}
	if !reused {
		r.itemSite.last = &lastGrids{pages: c.pages, same: sameGrids(lastSums, sums, r.in.dimData)}
	}
	done, err := run(todo, st.sets, sourceOf(in))
	r.itemSite.last = nil // the last pages are not kept with the model
	if err != nil {
		more.wait()
		return Site{}, err
	}
	nv := &navs{r: r, sets: st.sets, done: map[string][]byte{}}
	var site Site
	var next map[string]cachedPage
	var spliced int
	if patch {
		site, next, err = c.patchFiles(st, todoAt, done, nv)
	} else {
		site, next, spliced, err = c.assemble(st, done, nv, more)
	}
	if err != nil {
		return Site{}, err
	}
	if reused {
		search.next, search.nextSrc = c.search, c.searchSrc
	}
	api := c.apiFiles
	if !patch && more.renderAPI {
		api = more.api
	}
	*c = Cache{pages: next, api: apiSum, apiFiles: api, tmpl: tmpl, sets: st.sets, navApart: st.apart, data: sums.data, search: search.next, searchSrc: search.nextSrc,
		last:  &lastRender{state: *st, resultsID: in.ResultsID, cfg: cfgSum},
		stats: Stats{Rendered: len(todo), Pages: len(jobs), NavOnly: spliced, API: !patch && more.renderAPI, Reused: reused, Paths: paths(todo)},
		files: site, nav: sums.nav, searchPath: r.search.Path}
	return site, nil
}

// extras are the files of a render besides its pages: the feeds and the
// JSON API, made on a goroutine of their own (startExtras).
type extras struct {
	wg        sync.WaitGroup
	renderAPI bool // the API is made anew, not the last render's
	feeds     Files
	api       Files
	err       error
}

// wait waits for the extras to be made; a nil e has none to wait for.
func (e *extras) wait() {
	if e != nil {
		e.wg.Wait()
	}
}

// startExtras starts making the feeds of st (a reused model's are the
// last render's: they read the documents' front matter only, which a
// reused model's documents share with the last render's) and, when its
// inputs' fingerprint apiSum is not the last render's, the JSON API. The
// result is ready after wait.
func (c *Cache) startExtras(st *renderState, reused bool, apiSum fingerprint.Sum) *extras {
	e := &extras{renderAPI: c.apiFiles == nil || apiSum != c.api, feeds: st.feeds, api: c.apiFiles}
	e.wg.Go(func() {
		var feedsErr, apiErr error
		if !reused {
			e.feeds, feedsErr = st.r.feeds()
		}
		if e.renderAPI {
			e.api, apiErr = st.r.api()
		}
		e.err = cmp.Or(feedsErr, apiErr)
	})
	return e
}

// assemble returns the site of a render of st whose pages done (the jobs
// not reused, in job order) are rendered, with the pages to keep: each
// page rendered now (its nav found), the last render's with the new nav
// shown in place of its own (navs.splice, no copy), or the last render's
// as it was, with the assets, the search index and the extras, once made
// (more); and the number of pages given the new nav only.
func (c *Cache) assemble(st *renderState, done []rendered, nv *navs, more *extras) (Site, map[string]cachedPage, int, error) {
	r, jobs := st.r, st.jobs
	fresh := make(map[string]rendered, len(done))
	for _, pg := range done {
		fresh[pg.name] = pg
	}
	pages := make([]cachedPage, len(jobs))
	errs := make([]error, len(jobs))
	var nspliced atomic.Int64
	inParallel(len(jobs), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			j := jobs[i]
			pg, ok := fresh[j.path]
			old := c.pages[j.path]
			cp := cachedPage{sum: st.pageSums[i], body: old.body, nav: old.nav}
			switch {
			case ok:
				cp.body, cp.nav = pg.body, navPlace{sum: st.sums.nav, at: -1}
				if st.apart {
					cp.nav, errs[i] = nv.place(j, pg.body, pg.section, st.sums.nav)
				}
			case old.nav.sum != st.sums.nav:
				cp.nav, errs[i] = nv.splice(j, old.body, old.nav, st.sums.nav)
				nspliced.Add(1)
			}
			pages[i] = cp
		}
	})
	more.wait()
	if err := cmp.Or(slices.Concat(errs, []error{more.err})...); err != nil {
		return Site{}, nil, 0, err
	}
	site := Site{Files: make(Files, len(r.assets.files)+len(more.api)+8), Spliced: map[string]Spliced{}} // the assets, API, search and feeds
	for name, b := range r.assets.files {
		site.Files[name] = b
	}
	if err := r.addSearchAnd(site.Files, more.feeds); err != nil {
		return Site{}, nil, 0, err
	}
	st.feeds = more.feeds
	next := make(map[string]cachedPage, len(jobs))
	for i, j := range jobs {
		if err := pages[i].addTo(site, j.path); err != nil {
			return Site{}, nil, 0, err
		}
		next[j.path] = pages[i]
	}
	for name, b := range more.api {
		if err := site.add(name, b); err != nil {
			return Site{}, nil, 0, err
		}
	}
	return site, next, int(nspliced.Load()), nil
}

// patchFiles returns the site, and the pages to keep, of a render that
// reused the last render's model (reuse.go) and whose API and nav are the
// last render's: the last render's files and pages with the pages
// rendered now (done, the jobs at todoAt of st) and the search index put
// in anew. Every other file of such a render is the last render's: the
// same assets, feeds and API, and the same bytes of each page not
// rendered, whose nav is unchanged. Copying the last maps costs a fraction
// of filing 25,000 pages one by one again. c's maps are not changed: the
// last render's files may still be served.
func (c *Cache) patchFiles(st *renderState, todoAt []int, done []rendered, nv *navs) (Site, map[string]cachedPage, error) {
	ix, err := st.r.awaitSearch()
	if err != nil {
		return Site{}, nil, err
	}
	site := Site{Files: maps.Clone(c.files.Files), Spliced: maps.Clone(c.files.Spliced)}
	next := maps.Clone(c.pages)
	delete(site.Files, c.searchPath)
	if err := site.add(ix.Path, ix.Body); err != nil {
		return Site{}, nil, err
	}
	for k, i := range todoAt {
		j, pg := st.jobs[i], done[k]
		cp := cachedPage{sum: st.pageSums[i], body: pg.body, nav: navPlace{sum: st.sums.nav, at: -1}}
		if st.apart {
			if cp.nav, err = nv.place(j, pg.body, pg.section, st.sums.nav); err != nil {
				return Site{}, nil, err
			}
		}
		delete(site.Spliced, j.path)
		site.Files[j.path], next[j.path] = cp.body, cp
	}
	return site, next, nil
}

// renderState is what a render renders from: the model, the jobs with the
// fingerprints of their inputs, and the templates.
type renderState struct {
	r        *renderer
	jobs     []job
	sums     *inputSums
	pageSums []fingerprint.Sum // by job
	sets     map[string]*template.Template
	apart    bool  // the nav is apart from the pages' fingerprints (navsplice.go)
	feeds    Files // the feeds (feed.go), once made
}

// prepare builds the model of in and fingerprints every page's inputs.
func (c *Cache) prepare(in Input, tmpl fingerprint.Sum, search *searchMemo) (*renderState, error) {
	r, err := newRendererMemo(in, search)
	if err != nil {
		return nil, err
	}
	if _, err := r.awaitSearch(); err != nil { // reuse patches it; the page sums read it
		return nil, err
	}
	sets, apart := c.sets, c.navApart
	if sets == nil || tmpl != c.tmpl {
		if sets, err = parseSets(sourceOf(in)); err != nil {
			return nil, err
		}
		if apart, err = navApart(in.Templates); err != nil {
			return nil, err
		}
	}
	sums := newInputSums(r, in, tmpl, &c.data, apart)
	jobs := r.jobs()
	pageSums := make([]fingerprint.Sum, len(jobs))
	inParallel(len(jobs), func(lo, hi int) { // 25,000 pages: 45 ms of hashing
		for i := lo; i < hi; i++ {
			pageSums[i] = sums.page(jobs[i].deps)
		}
	})
	return &renderState{r: r, jobs: jobs, sums: sums, pageSums: pageSums, sets: sets, apart: apart}, nil
}

// paths returns the site paths of js.
func paths(js []job) []string {
	out := make([]string, len(js))
	for i, j := range js {
		out[i] = j.path
	}
	return out
}

// treeSum fingerprints every file of a template tree, names and bytes.
func treeSum(fsys fs.FS) (fingerprint.Sum, error) {
	h := fingerprint.New("templates")
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		h.String(p).String(string(b))
		return nil
	})
	if err != nil {
		return fingerprint.Sum{}, fmt.Errorf("reading templates: %w", err)
	}
	return h.Done(), nil
}

// inputSums are the fingerprints of one render's inputs, by the kinds and
// names Deps use.
type inputSums struct {
	frame                                  fingerprint.Sum
	nav                                    fingerprint.Sum // the site's nav when apart from the frame (navsplice.go), else zero
	iterations, metrics, dimensions, items map[string]fingerprint.Sum
	docs, bodies, config                   map[string]fingerprint.Sum
	sources                                fingerprint.Sum
	all                                    map[string]fingerprint.Sum // kind -> every name's sum, in order
	order                                  map[string][]string        // kind -> names, in order
	data                                   dataSums                   // the values' and ratings' sums, for the next render
	results                                fingerprint.Sum            // every analysis result, whole
	itemData                               map[string]fingerprint.Sum // by item ID (itemsums.go)
	parts                                  map[string]fingerprint.Sum // parts of the results, by name (resultparts.go)
}

// sameGrids says, by dimension of dims, whether the item pages' grids of
// the dimension are as a render whose inputs had the sums last made
// them: the dimension's sum (its definition, ratings and results) is the
// same, and so are the frame (templates, routes, raters, the config
// outside its sections), the config's sections and the iterations. All
// false when there was no such render.
func sameGrids(last, now *inputSums, dims []project.Dimension) []bool {
	if last == nil || last.frame != now.frame || last.all["config"] != now.all["config"] ||
		last.all["iterations"] != now.all["iterations"] {
		return make([]bool, len(dims))
	}
	same := make([]bool, len(dims))
	for k, d := range dims {
		old, ok := last.dimensions[d.Name]
		same[k] = ok && old == now.dimensions[d.Name]
	}
	return same
}

// configSections names the config fields of each section Deps name;
// the other fields belong to the frame.
var configSections = map[string][]string{
	"analysis": {"Analysis"}, "experiment": {"Experiment"}, "agreement": {"Agreement"},
	"discrepancy": {"Discrepancy"}, "metrics": {"Metrics"}, "dimensions": {"Dimensions"},
	"project": {"Project"}, "leaderboard": {"Analysis", "Experiment", "Dimensions"},
}

// newInputSums fingerprints the inputs of a render; last, when it holds
// the sums of the very arrays of values and ratings this render gets,
// spares hashing them again.
func newInputSums(r *renderer, in Input, tmpl fingerprint.Sum, last *dataSums, navApart bool) *inputSums {
	p := r.p
	s := &inputSums{
		iterations: map[string]fingerprint.Sum{}, metrics: map[string]fingerprint.Sum{},
		dimensions: map[string]fingerprint.Sum{}, items: map[string]fingerprint.Sum{},
		docs: map[string]fingerprint.Sum{}, bodies: map[string]fingerprint.Sum{}, config: map[string]fingerprint.Sum{},
		all: map[string]fingerprint.Sum{}, order: map[string][]string{},
	}
	// The analysis results and the raw values are the expensive part;
	// they are hashed side by side.
	var wg sync.WaitGroup
	var results subjectResults
	var lastUnits map[[2]string]unitSums
	if last != nil {
		lastUnits = last.units
	}
	wg.Go(func() { results = resultSums(&in, lastUnits) })
	values := make([]fingerprint.Sum, len(p.Metrics))
	ratings := make([]fingerprint.Sum, len(p.Dimensions))
	// A metric or dimension whose array is the last render's (ingest lends
	// the unchanged ones to a new merge) keeps its sum.
	switch {
	case last != nil && sameSlice(last.metrics, p.Metrics):
		copy(values, last.values)
	default:
		for i := range p.Metrics {
			if last != nil && i < len(last.metrics) && last.metrics[i].Values.Same(&p.Metrics[i].Values) {
				values[i] = last.values[i]
				continue
			}
			wg.Go(func() { values[i] = metricValuesSum(&p.Metrics[i].Values) })
		}
	}
	switch {
	case last != nil && sameSlice(last.dimensions, p.Dimensions):
		copy(ratings, last.ratings)
	default:
		for k := range p.Dimensions {
			if last != nil && k < len(last.dimensions) && last.dimensions[k].Ratings.Same(&p.Dimensions[k].Ratings) {
				ratings[k] = last.ratings[k]
				continue
			}
			wg.Go(func() { ratings[k] = ratingsSum(&p.Dimensions[k].Ratings) })
		}
	}
	s.data = dataSums{metrics: p.Metrics, dimensions: p.Dimensions, values: values, ratings: ratings}
	cfg := *r.cfg
	for name, fields := range configSections {
		h := fingerprint.New("config " + name)
		for _, f := range fields {
			h.Value(fieldOf(&cfg, f))
		}
		s.config[name] = h.Done()
	}
	cfg.Analysis, cfg.Experiment, cfg.Agreement, cfg.Discrepancy = config.Analysis{}, config.Experiment{}, config.Agreement{}, config.Discrepancy{}
	cfg.Metrics, cfg.Dimensions, cfg.Project = nil, nil, config.ProjectShape{}
	st := *r.site
	if navApart {
		s.nav = fingerprint.New("nav").Value(st.Nav).Done()
		st.Nav = nil
	}
	s.frame = fingerprint.New("frame").Sum(tmpl).Value(st).Value(r.pages).Value(r.routes).Value(cfg).
		Value(p.Shape).Value(p.Raters).Done()
	for _, it := range p.Iterations {
		s.iterations[it.ID] = fingerprint.New("iteration").Value(it).Done()
	}
	keepItems := last != nil && last.itemSums != nil && sameItems(last.projItems, p.Items)
	if keepItems { // never written to once made
		s.items = last.itemSums
	} else {
		for i := range p.Items {
			s.items[p.Items[i].ID] = fingerprint.New("item").Value(p.Items[i]).Done()
		}
	}
	var lastDocs *docMemo
	if last != nil {
		lastDocs = &last.docs
	}
	s.data.docs = newDocMemo(p, lastDocs)
	s.docs, s.bodies = s.data.docs.docs, s.data.docs.bodies
	s.sources = fingerprint.New("sources").Value(p.Sources).Done()
	wg.Wait()
	s.results, s.parts, s.data.units = results.whole, results.parts, results.units
	own := results
	for i, m := range p.Metrics {
		m.Values = project.Values{}
		s.metrics[m.Name] = fingerprint.New("metric").Value(m).Sum(values[i]).Sum(own.metrics[m.Name]).Done()
	}
	for k, d := range p.Dimensions {
		d.Ratings = project.Ratings{}
		s.dimensions[d.Name] = fingerprint.New("dimension").Value(d).Sum(ratings[k]).Sum(own.dims[d.Name]).Done()
	}
	// A pairwise dimension's judgements, which its pages show (comments
	// and positions too, which no analysis result holds).
	for _, d := range p.Pairwise {
		s.dimensions[d.Name] = fingerprint.New("pairwise dimension").Sum(s.dimensions[d.Name]).Value(d).Done()
	}
	s.itemData, s.data.items = itemDataSums(r, &s.data, last)
	for kind, m := range map[string]map[string]fingerprint.Sum{
		"iterations": s.iterations, "metrics": s.metrics, "dimensions": s.dimensions, "items": s.items,
		"itemdata": s.itemData, "docs": s.docs, "bodies": s.bodies, "config": s.config,
	} {
		if kind == "items" && keepItems {
			s.all[kind], s.order[kind] = last.itemsAll, last.itemsOrder
			continue
		}
		if (kind == "docs" || kind == "bodies") && s.data.docs.kept {
			s.order[kind] = s.data.docs.order
			s.all[kind] = s.data.docs.all(kind, m)
			continue
		}
		names := make([]string, 0, len(m))
		for n := range m {
			names = append(names, n)
		}
		slices.Sort(names)
		s.all[kind], s.order[kind] = allSum(kind, m, names), names
	}
	s.data.docs.order, s.data.docs.docsAll = s.order["docs"], s.all["docs"]
	s.data.projItems, s.data.itemSums, s.data.itemsAll, s.data.itemsOrder = p.Items, s.items, s.all["items"], s.order["items"]
	return s
}

// allSum fingerprints every name of a kind, in the order names, with its
// sum in m: what All in a Deps list stands for.
func allSum(kind string, m map[string]fingerprint.Sum, names []string) fingerprint.Sum {
	h := fingerprint.New("all " + kind)
	for _, n := range names {
		h.String(n).Sum(m[n])
	}
	return h.Done()
}

// bodySum fingerprints a document's body.
func bodySum(d *project.Document) fingerprint.Sum {
	return fingerprint.New("body").String(string(d.HTML)).Done()
}

// fieldOf returns the field name of cfg.
func fieldOf(cfg *config.Config, name string) any {
	switch name {
	case "Analysis":
		return cfg.Analysis
	case "Experiment":
		return cfg.Experiment
	case "Agreement":
		return cfg.Agreement
	case "Discrepancy":
		return cfg.Discrepancy
	case "Metrics":
		return cfg.Metrics
	case "Dimensions":
		return cfg.Dimensions
	case "Project":
		return cfg.Project
	}
	panic("render: no config section field " + name)
}

// names writes the sums of the names of one kind a page reads.
func (s *inputSums) names(h *fingerprint.Hash, kind string, sums map[string]fingerprint.Sum, names []string) {
	h.String(kind).Int(len(names))
	for _, n := range names {
		if n == All {
			h.String(All).Sum(s.all[kind])
			continue
		}
		sum, ok := sums[n]
		h.String(n).Bool(ok).Sum(sum)
	}
}

// page returns the fingerprint of what a page with deps d reads.
func (s *inputSums) page(d Deps) fingerprint.Sum {
	h := fingerprint.New("page").Sum(s.frame)
	s.names(h, "iterations", s.iterations, d.Iterations)
	s.names(h, "metrics", s.metrics, d.Metrics)
	s.names(h, "dimensions", s.dimensions, d.Dimensions)
	h.Bool(d.Results)
	if d.Results {
		h.Sum(s.results)
	}
	s.names(h, "parts", s.parts, d.Parts)
	s.names(h, "items", s.items, d.Items)
	s.names(h, "itemdata", s.itemData, d.ItemData)
	s.names(h, "docs", s.docs, d.Docs)
	s.names(h, "bodies", s.bodies, d.DocBodies)
	s.names(h, "config", s.config, d.Config)
	h.Bool(d.Sources)
	if d.Sources {
		h.Sum(s.sources)
	}
	return h.Done()
}

// api returns the fingerprint of what the JSON API reads: everything but
// the documents' bodies.
func (s *inputSums) api() fingerprint.Sum {
	return s.page(Deps{Iterations: all, Metrics: all, Dimensions: all, Results: true, Items: all, Docs: all, Config: all, Sources: true})
}

// metricValuesSum fingerprints a metric's values, every field of each.
func metricValuesSum(vs *project.Values) fingerprint.Sum {
	h := fingerprint.New("values").Int(vs.Len())
	for i := range vs.Len() {
		v := vs.At(i)
		h.String(v.Iteration).String(v.Item).String(v.Slice).Float(v.Value).
			Int(int(v.Time.UnixNano())).Bool(v.Time.IsZero()).String(v.Time.Location().String()).String(v.Pos.File).Int(v.Pos.Line)
	}
	return h.Done()
}

// ratingsSum fingerprints a dimension's ratings, every field of each.
func ratingsSum(rs *project.Ratings) fingerprint.Sum {
	h := fingerprint.New("ratings").Int(rs.Len())
	for i := range rs.Len() {
		x := rs.At(i)
		h.String(x.Item).String(x.Rater).String(x.Iteration).Float(x.Value).String(x.Label).
			Int(int(x.Time.UnixNano())).Bool(x.Time.IsZero()).String(x.Time.Location().String()).String(x.Comment).String(x.Pos.File).Int(x.Pos.Line)
	}
	return h.Done()
}
