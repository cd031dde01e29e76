package render

import (
	"maps"
	"reflect"
	"slices"

	"github.com/evalbook/evalbook/internal/fingerprint"
	"github.com/evalbook/evalbook/internal/project"
)

// A prose edit changes one document's body and nothing else: the data,
// the analysis results, the config, the templates and every document's
// front matter are those of the last render. RenderCached then reuses
// that render's model (the renderer with its views) and its pages'
// fingerprints instead of building them again: it points the document
// views at the new documents, fingerprints the changed bodies, and
// fingerprints again only the pages that read one of them (DocBodies),
// so it builds one page's view plus the search index.

// lastRender is what RenderCached keeps of its last render for reuse.
type lastRender struct {
	state     renderState
	resultsID uint64          // Input.ResultsID of the render, 0 for none
	cfg       fingerprint.Sum // the config it rendered with
}

// reuse returns the last render's state brought up to date with in when
// in differs from that render's input in documents' bodies only, and
// whether it did. It needs the caller's word that the results are the
// same (Input.ResultsID); the project's data must be the very same arrays
// (as loads through one ingest.Cache give when no data file changed), and
// the documents the same ones, in the same order, equal but for their
// bodies. A render that would redo an item page is not reused: the model
// keeps no item rows (RenderCached drops them).
func (c *Cache) reuse(in Input, tmpl, cfg fingerprint.Sum) (*renderState, bool, error) {
	l := c.last
	if l == nil || in.ResultsID == 0 || in.ResultsID != l.resultsID || tmpl != c.tmpl || cfg != l.cfg || in.Project == nil {
		return nil, false, nil
	}
	st := l.state
	p, old := in.Project, st.r.p
	if !sameData(p, old) {
		return nil, false, nil
	}
	changed, ok := bodiesOnly(old, p)
	if !ok {
		return nil, false, nil
	}
	sums := *st.sums
	sums.bodies, sums.all = maps.Clone(sums.bodies), maps.Clone(sums.all)
	for slug, d := range changed {
		sums.bodies[slug] = bodySum(d)
	}
	sums.all["bodies"] = allSum("bodies", sums.bodies, sums.order["bodies"])
	pageSums := slices.Clone(st.pageSums)
	for i, j := range st.jobs {
		if !readsBody(j.deps.DocBodies, changed) {
			continue
		}
		pageSums[i] = sums.page(j.deps)
		if j.kind == "item" && c.pages[j.path].sum != pageSums[i] {
			return nil, false, nil
		}
	}
	r := st.r
	r.p = p
	bySlug := make(map[string]*project.Document, len(p.CaseStudies)+len(p.Pages))
	var ids []int
	var docs []*project.Document // the changed documents, by ids
	n := 0                       // a document's place among the case studies, then the pages
	for _, list := range [][]project.Document{p.CaseStudies, p.Pages} {
		for i := range list {
			d := &list[i]
			bySlug[d.Slug] = d
			if changed[d.Slug] != nil {
				ids, docs = append(ids, n), append(docs, d)
			}
			n++
		}
	}
	for slug, v := range r.docs {
		v.Document = bySlug[slug]
	}
	r.guides = p.Guidelines()
	// The index is patched on a goroutine of its own, beside the pages
	// (awaitSearch waits for it, as for the index startSearch builds).
	last := r.search
	r.searchDone, r.search, r.searchErr = make(chan struct{}), nil, nil
	go func() {
		defer close(r.searchDone)
		entries := slices.Clone(last.entries)
		for k, id := range ids {
			entries[id] = docSearch(id, docs[k])
		}
		r.search, r.searchErr = last.patch(entries, ids)
	}()
	st.sums, st.pageSums = &sums, pageSums
	return &st, true, nil
}

// sameData reports whether p and q hold the very same data arrays and
// equal shape and iterations.
func sameData(p, q *project.Project) bool {
	return sameSlice(p.Metrics, q.Metrics) && sameSlice(p.Dimensions, q.Dimensions) &&
		sameSlice(p.Pairwise, q.Pairwise) && sameSlice(p.Items, q.Items) &&
		sameSlice(p.Raters, q.Raters) && sameSlice(p.Sources, q.Sources) &&
		reflect.DeepEqual(p.Shape, q.Shape) && reflect.DeepEqual(p.Iterations, q.Iterations)
}

// bodiesOnly returns the documents of p whose body differs from old's, by
// slug, and whether the documents differ in their bodies only: the same
// slugs in the same order, equal front matter, sources and shortcodes.
// When both projects carry ingest's fingerprint of their documents but
// their bodies (Project.DocsFront), that decides, and only the bodies are
// compared.
func bodiesOnly(old, p *project.Project) (map[string]*project.Document, bool) {
	changed := map[string]*project.Document{}
	if old.DocsFront != ([32]byte{}) && p.DocsFront != ([32]byte{}) {
		if old.DocsFront != p.DocsFront || len(old.CaseStudies) != len(p.CaseStudies) || len(old.Pages) != len(p.Pages) {
			return nil, false
		}
		for _, pair := range [][2][]project.Document{{old.CaseStudies, p.CaseStudies}, {old.Pages, p.Pages}} {
			for i := range pair[1] {
				if pair[0][i].HTML != pair[1][i].HTML {
					changed[pair[1][i].Slug] = &pair[1][i]
				}
			}
		}
		return changed, true
	}
	for _, pair := range [][2][]project.Document{{old.CaseStudies, p.CaseStudies}, {old.Pages, p.Pages}} {
		a, b := pair[0], pair[1]
		if len(a) != len(b) {
			return nil, false
		}
		for i := range a {
			x, y := a[i], b[i]
			if x.Slug != y.Slug {
				return nil, false
			}
			if x.HTML != y.HTML {
				changed[y.Slug] = &b[i]
			}
			x.HTML, y.HTML = "", ""
			if !reflect.DeepEqual(x, y) {
				return nil, false
			}
		}
	}
	return changed, true
}

// readsBody reports whether a page reading the bodies names reads one of
// changed.
func readsBody(names []string, changed map[string]*project.Document) bool {
	for _, n := range names {
		if n == All && len(changed) > 0 || changed[n] != nil {
			return true
		}
	}
	return false
}
