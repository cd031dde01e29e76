package render

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/route"
	"github.com/evalbook/evalbook/internal/trend"
)

// The knowledge base: the taxonomies of documents (tags, status, owners,
// decision kinds) with their index and term pages, the decisions'
// governance (follow-ups, escalations, what supersedes what), the versions
// of the annotation guidelines, and the links from iterations to their
// documents and from decisions to the figures behind their evidence.

// taxLabels names the taxonomies on their pages.
var taxLabels = map[string]string{
	route.TaxTags: "Tags", route.TaxStatus: "Status", route.TaxOwners: "Owners", route.TaxKinds: "Decision kinds",
}

// docTerms returns the terms d has in each taxonomy: its tags (each
// once, as written), its status, its owner and, for a decision, its kind.
func docTerms(d *project.Document) map[string][]string {
	out := map[string][]string{}
	var tags []string
	for _, t := range d.Meta.Tags {
		if t = strings.TrimSpace(t); t != "" && !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	out[route.TaxTags] = tags
	if s := d.Meta.Status; s != "" {
		out[route.TaxStatus] = []string{s}
	}
	if o := d.Meta.Owner; o != "" {
		out[route.TaxOwners] = []string{o}
	}
	if k := d.Meta.Decision; k != "" && d.Kind == project.Decision {
		out[route.TaxKinds] = []string{k}
	}
	return out
}

// termSets returns the taxonomies that have terms in p's documents, each
// with its terms sorted, for the route table.
func termSets(p *project.Project) []route.TermSet {
	seen := map[string]map[string]bool{}
	count := map[[2]string]int{}
	for _, docs := range [][]project.Document{p.CaseStudies, p.Pages} {
		for i := range docs {
			for tax, terms := range docTerms(&docs[i]) {
				for _, t := range terms {
					if seen[tax] == nil {
						seen[tax] = map[string]bool{}
					}
					seen[tax][t] = true
					count[[2]string{tax, t}]++
				}
			}
		}
	}
	var out []route.TermSet
	for _, tax := range route.Taxonomies {
		if len(seen[tax]) > 0 {
			ts := route.TermSet{Taxonomy: tax, Terms: sortedSet(seen[tax])}
			for _, t := range ts.Terms {
				ts.Pages = append(ts.Pages, route.ListPages(count[[2]string{tax, t}]))
			}
			out = append(out, ts)
		}
	}
	return out
}

// taxView is one taxonomy with its terms.
type taxView struct {
	Name, Label, Path string
	Terms             []*termView // by name
}

// termView is one term of a taxonomy with its documents, newest first.
type termView struct {
	Taxonomy string
	Name     string
	Path     string
	Docs     []*docView
}

// knowledgeIndex is the taxonomies and their terms.
type knowledgeIndex struct {
	taxes []*taxView
	taxBy map[string]*taxView
	term  map[[2]string]*termView
}

// newKnowledge makes the taxonomy views of the route table's terms and
// gives every document view of all its term links, edit link (from the
// config's repository), supersession links and, decisions, evidence
// figures (which read ev).
func newKnowledge(terms []route.TermSet, all []*docView, docs map[string]*docView, cfg *config.Config, ev evidenceInputs) knowledgeIndex {
	r := knowledgeIndex{taxBy: map[string]*taxView{}, term: map[[2]string]*termView{}}
	for _, ts := range terms {
		tv := &taxView{Name: ts.Taxonomy, Label: taxLabels[ts.Taxonomy], Path: route.Taxonomy(ts.Taxonomy)}
		for _, t := range ts.Terms {
			v := &termView{Taxonomy: ts.Taxonomy, Name: t, Path: route.Term(ts.Taxonomy, t)}
			tv.Terms = append(tv.Terms, v)
			r.term[[2]string{ts.Taxonomy, t}] = v
		}
		r.taxes = append(r.taxes, tv)
		r.taxBy[ts.Taxonomy] = tv
	}
	for _, v := range all {
		terms := docTerms(v.Document)
		for _, tax := range route.Taxonomies {
			for _, t := range terms[tax] {
				tv := r.term[[2]string{tax, t}]
				if tv == nil {
					continue
				}
				tv.Docs = append(tv.Docs, v)
				x := ref{Name: t, Label: t, Path: tv.Path}
				switch tax {
				case route.TaxTags:
					v.Tags = append(v.Tags, x)
				case route.TaxStatus:
					v.StatusRef = &x
				case route.TaxOwners:
					v.OwnerRef = &x
				case route.TaxKinds:
					v.KindRef = &x
				}
			}
		}
		if repo := strings.TrimSuffix(cfg.Repository, "/"); repo != "" {
			v.Edit = repo + "/edit/" + cmp.Or(cfg.EditBranch, "main") + "/" + v.Source
		}
		if s := v.Meta.Supersedes; s != "" {
			if old := docs[s]; old != nil {
				v.Supersedes = old
				old.SupersededBy = append(old.SupersededBy, v)
			}
		}
		if v.Kind == project.Decision {
			v.Figures = evidenceFigures(v, ev)
		}
	}
	return r
}

// allDocs returns the view of every document of p, newest first, then by
// slug.
func allDocs(p *project.Project, docs map[string]*docView) []*docView {
	all := make([]*project.Document, 0, len(p.CaseStudies)+len(p.Pages))
	for _, ds := range [][]project.Document{p.CaseStudies, p.Pages} {
		for i := range ds {
			all = append(all, &ds[i])
		}
	}
	slices.SortStableFunc(all, project.NewestFirst)
	out := make([]*docView, len(all))
	for k, d := range all {
		out[k] = docs[d.Slug]
	}
	return out
}

// evidenceView is one entry of a decision's evidence with the figures
// behind it: for a metric or dimension page, that subject in each of the
// decision's iterations; for a case study, its verdict (docView.Verdict).
type evidenceView struct {
	ref
	Doc     *docView // the evidence is a document of the site
	Metric  *metricView
	Dim     *dimView
	Metrics []metricFig
	Dims    []dimSummary
}

// metricFig is a metric's point in one iteration with its comparison.
type metricFig struct {
	ID    string
	Point *trend.MetricPoint
	Comp  *compView
}

// evidenceInputs is what a decision's evidence figures read: the subjects'
// and documents' views, the iterations and the comparisons.
type evidenceInputs struct {
	metrics  []*metricView
	dims     []*dimView
	docs     map[string]*docView
	iters    []*iterView
	compIter map[string][]*compView
}

// evidenceFigures resolves a decision's evidence to the figures behind it.
func evidenceFigures(v *docView, r evidenceInputs) []evidenceView {
	byPath := map[string]any{}
	for _, m := range r.metrics {
		byPath[m.Path] = m
	}
	for _, d := range r.dims {
		byPath[d.Path] = d
	}
	for _, d := range r.docs {
		byPath[d.Path] = d
	}
	ids := seriesOrder(r.iters, v.Meta.Iterations)
	out := make([]evidenceView, 0, len(v.Evidence))
	for _, e := range v.Evidence {
		ev := evidenceView{ref: e}
		switch x := byPath[strings.SplitN(e.Path, "#", 2)[0]].(type) {
		case *metricView:
			ev.Metric = x
			for _, id := range ids {
				if pt := x.At(id); pt != nil {
					ev.Metrics = append(ev.Metrics, metricFig{id, pt, compOf(r.compIter, id, kindMetric, x.Name)})
				}
			}
		case *dimView:
			ev.Dim = x
			for _, id := range ids {
				if pt := x.At(id); pt != nil {
					ev.Dims = append(ev.Dims, summariseIn(r.compIter, x, pt))
				}
			}
		case *docView:
			ev.Doc = x
		}
		out = append(out, ev)
	}
	return out
}

// taxonomyData is the data of a taxonomy's index and of a term's page.
type taxonomyData struct {
	Taxonomies []*taxView // every taxonomy, for the index's links
	Tax        *taxView
	Term       *termView // nil on the index
	// Docs are the term's documents on this page: all of them, or
	// route.PerPage of them when Pager is set.
	Docs  []*docView
	Pager *pagerView
}

// taxonomyPage builds a taxonomy's index (term "") or page n (0 for the
// first) of a term's documents, route.TermPage(tax, term, n) (Deps: the
// documents' front matter).
func taxonomyPage(f frame, p, tax, term string, n int, r knowledgeIndex) *page {
	d := &taxonomyData{Taxonomies: r.taxes, Tax: r.taxBy[tax]}
	title := d.Tax.Label
	if term != "" {
		d.Term = r.term[[2]string{tax, term}]
		title = d.Tax.Label + ": " + term
		d.Docs = d.Term.Docs
		d.Pager = newPager(len(d.Docs), n, func(i int) string { return route.TermPage(tax, term, i) })
		if d.Pager != nil {
			d.Docs = d.Docs[d.Pager.From-1 : d.Pager.To]
			if d.Pager.Number > 1 {
				title += fmt.Sprintf(", page %d of %d", d.Pager.Number, d.Pager.Count)
			}
		}
	}
	return f.newPage(p, title, "", d)
}

// followUpView is one follow-up of a decision as the follow-ups page shows
// it: overdue when its due date is before the project's reference date.
type followUpView struct {
	project.FollowUp
	Doc      *docView
	Overdue  bool
	DaysOver int // days past due, when Overdue
}

// escalationView is a decision's escalation as the follow-ups page shows it.
type escalationView struct {
	project.Escalation
	Doc      *docView
	Overdue  bool
	DaysOver int
}

// followUpsData is the data of followups.html.
type followUpsData struct {
	// Reference is the date overdue is measured against: the newest date
	// in the project (project.ReferenceDate), never the clock.
	Reference   time.Time
	FollowUps   []followUpView   // open ones: overdue first, then by due date, undated last
	Escalations []escalationView // unresolved ones, in the same order
	Done        int              // follow-ups done
	Resolved    int              // escalations resolved
}

// overdue says whether due is before ref, and by how many whole days.
func overdue(due, ref time.Time) (bool, int) {
	if due.IsZero() || ref.IsZero() || !due.Before(ref) {
		return false, 0
	}
	return true, int(ref.Sub(due).Hours() / 24)
}

// dueOrder orders open items: overdue and dated ones by due date (so the
// most overdue first), undated ones last, ties by the decision's date
// (newest first) and slug.
func dueOrder(a, b time.Time, da, db *docView) int {
	switch {
	case a.IsZero() != b.IsZero():
		if a.IsZero() {
			return 1
		}
		return -1
	}
	return cmp.Or(a.Compare(b), db.Meta.Date.Compare(da.Meta.Date), strings.Compare(da.Slug, db.Slug))
}

// followUps collects the open follow-ups and unresolved escalations of
// every decision of all, overdue measured against refDate.
func followUps(all []*docView, refDate time.Time) *followUpsData {
	d := &followUpsData{Reference: refDate}
	for _, v := range all {
		if v.Kind != project.Decision {
			continue
		}
		for _, f := range v.Meta.FollowUps {
			if f.Done {
				d.Done++
				continue
			}
			fv := followUpView{FollowUp: f, Doc: v}
			fv.Overdue, fv.DaysOver = overdue(f.Due, refDate)
			d.FollowUps = append(d.FollowUps, fv)
		}
		if e := v.Meta.Escalation; e != nil {
			if !e.Open() {
				d.Resolved++
				continue
			}
			ev := escalationView{Escalation: *e, Doc: v}
			ev.Overdue, ev.DaysOver = overdue(e.Due, refDate)
			d.Escalations = append(d.Escalations, ev)
		}
	}
	slices.SortStableFunc(d.FollowUps, func(a, b followUpView) int { return dueOrder(a.Due, b.Due, a.Doc, b.Doc) })
	slices.SortStableFunc(d.Escalations, func(a, b escalationView) int { return dueOrder(a.Due, b.Due, a.Doc, b.Doc) })
	return d
}

// followUpsPage builds followups.html from every document and the
// reference date.
func followUpsPage(f frame, p string, all []*docView, refDate time.Time) *page {
	return f.newPage(p, "Follow-ups and escalations", "decisions", followUps(all, refDate))
}

// docGroup is a titled list of documents.
type docGroup struct {
	Title string
	Docs  []*docView
}

// iterKnowledge groups the documents about iteration id: its case
// studies, decisions, investigations and the guideline versions in force
// from it. Empty groups are left out.
func iterKnowledge(byIter map[string][]*docView, g guideIndex, id string) []docGroup {
	groups := []docGroup{{Title: "Case studies"}, {Title: "Decisions"}, {Title: "Investigations"}, {Title: "Guideline changes"}, {Title: "Other documents"}}
	for _, v := range byIter[id] {
		switch {
		case !listedOnIteration(v.Document):
		case v.Kind == project.CaseStudy:
			groups[0].Docs = append(groups[0].Docs, v)
		case v.Kind == project.Decision:
			groups[1].Docs = append(groups[1].Docs, v)
		case len(v.Meta.Discrepancies) > 0:
			groups[2].Docs = append(groups[2].Docs, v)
		default:
			groups[4].Docs = append(groups[4].Docs, v)
		}
	}
	for _, x := range g.guides {
		if x.From == id {
			groups[3].Docs = append(groups[3].Docs, g.docs[x.Doc.Slug])
		}
	}
	return slices.DeleteFunc(groups, func(g docGroup) bool { return len(g.Docs) == 0 })
}

// listedOnIteration says whether d is listed on the page of each
// iteration its front matter names: every document but a version of the
// guidelines, which the iteration it is in force from lists.
func listedOnIteration(d *project.Document) bool {
	return d.Kind == project.CaseStudy || d.Kind == project.Decision || len(d.Meta.Discrepancies) > 0 || d.Meta.GuidelineVersion == ""
}

// iterationPages returns the number of pages of the documents about each
// of p's iterations (iterKnowledge, route.ListPages), for the route table.
func iterationPages(p *project.Project) []int {
	count := map[string]int{}
	for _, docs := range [][]project.Document{p.CaseStudies, p.Pages} {
		for i := range docs {
			if !listedOnIteration(&docs[i]) {
				continue
			}
			ids := slices.Clone(docs[i].Meta.Iterations)
			slices.Sort(ids)
			for _, id := range slices.Compact(ids) {
				count[id]++
			}
		}
	}
	for _, g := range p.Guidelines() {
		count[g.From]++
	}
	out := make([]int, len(p.Iterations))
	for i, it := range p.Iterations {
		out[i] = route.ListPages(count[it.ID])
	}
	return out
}

// iterKnowledgePage returns page n (from 1) of the documents about
// iteration id, route.PerPage of them in iterKnowledge's groups, with its
// pager (nil when they fit on one page).
func iterKnowledgePage(byIter map[string][]*docView, g guideIndex, id string, n int) ([]docGroup, *pagerView) {
	groups := iterKnowledge(byIter, g, id)
	total := 0
	for _, g := range groups {
		total += len(g.Docs)
	}
	pager := newPager(total, n, func(i int) string { return route.IterationPage(id, i) })
	if pager == nil {
		return groups, nil
	}
	var out []docGroup
	at := 0 // rows before the group
	for _, g := range groups {
		from, to := max(pager.From-1-at, 0), min(pager.To-at, len(g.Docs))
		if from < to {
			out = append(out, docGroup{Title: g.Title, Docs: g.Docs[from:to]})
		}
		at += len(g.Docs)
	}
	return out, pager
}

// iterDocsData is the data of a further page of the documents about an
// iteration (iterdocs.html).
type iterDocsData struct {
	Iteration *iterView
	Knowledge []docGroup
	Pager     *pagerView
}

// iterationDocs builds page n (from 2) of the documents about iteration
// it, route.IterationPage(it.ID, n).
func iterationDocs(f frame, byIter map[string][]*docView, g guideIndex, it *iterView, p string, n int) *page {
	d := &iterDocsData{Iteration: it}
	d.Knowledge, d.Pager = iterKnowledgePage(byIter, g, it.ID, n)
	title := fmt.Sprintf("Documents about %s, page %d of %d", it.ID, n, d.Pager.Count)
	return f.newPage(p, title, "iterations", d)
}

// guideRun is a run of consecutive iterations rated under one version of
// the guidelines; Doc is nil for iterations rated under no known version.
type guideRun struct {
	Doc      *docView
	Version  string
	From, To string // the first and last iteration of the run
}

// guideIndex is what the guideline lookups read: the versions of the
// guidelines, the project (its iterations' order) and the document views.
type guideIndex struct {
	guides []project.Guideline
	p      *project.Project
	docs   map[string]*docView
}

// guidesOf picks the guideline lookups' inputs out of the model.
func guidesOf(r *renderer) guideIndex { return guideIndex{guides: r.guides, p: r.p, docs: r.docs} }

// guideRuns returns, for dimension dim, the runs of its iterations (in
// series order) rated under each version of the guidelines; nil when the
// project states no version that applies to dim.
func (r guideIndex) guideRuns(dim string, ids []string) []guideRun {
	if !slices.ContainsFunc(r.guides, func(g project.Guideline) bool { return g.AppliesTo(dim) }) {
		return nil
	}
	var out []guideRun
	for _, id := range ids {
		var run guideRun
		if g, ok := r.p.GuidelineAt(r.guides, dim, id); ok {
			run = guideRun{Doc: r.docs[g.Doc.Slug], Version: g.Doc.Meta.GuidelineVersion}
		}
		if n := len(out); n > 0 && out[n-1].Version == run.Version {
			out[n-1].To = id
			continue
		}
		run.From, run.To = id, id
		out = append(out, run)
	}
	return out
}

// pendingGuides returns the versions of the guidelines for dim that are
// not in force yet.
func (r guideIndex) pendingGuides(dim string) []*docView {
	var out []*docView
	for _, g := range r.guides {
		if g.Order < 0 && g.AppliesTo(dim) {
			out = append(out, r.docs[g.Doc.Slug])
		}
	}
	return out
}

// guideChanges returns the iterations, other than the first rated one, at
// which the version of the guidelines for dim changes, labelled with the
// new version, for the marks on the agreement chart.
func guideChanges(runs []guideRun) []guideChange {
	var out []guideChange
	for i, run := range runs {
		if i > 0 && run.Version != "" {
			out = append(out, guideChange{Iteration: run.From, Version: run.Version})
		}
	}
	return out
}

// guideChange is an iteration where the guidelines changed.
type guideChange struct{ Iteration, Version string }

// termCount is a term and its number of documents, for the JSON.
type termCount struct {
	Term  string `json:"term"`
	Page  string `json:"page"`
	Count int    `json:"count"`
}

// apiDocuments is api/documents.json.
type apiDocuments struct {
	apiHeader
	// Reference is the date follow-ups and escalations are overdue against.
	Reference   string                 `json:"reference_date"`
	Documents   []apiDocument          `json:"documents"`
	Taxonomies  map[string][]termCount `json:"taxonomies"`
	FollowUps   []apiFollowUp          `json:"open_follow_ups"`
	Escalations []apiFollowUp          `json:"open_escalations"`
	Done        int                    `json:"follow_ups_done"`
	Resolved    int                    `json:"escalations_resolved"`
	Guidelines  []apiGuideline         `json:"guidelines"`
}

type apiDocument struct {
	Slug       string           `json:"slug"`
	Kind       string           `json:"kind"`
	Title      string           `json:"title"`
	Date       string           `json:"date,omitempty"`
	Page       string           `json:"page"`
	Source     string           `json:"source"`
	Tags       []string         `json:"tags"`
	Status     string           `json:"status,omitempty"`
	Owner      string           `json:"owner,omitempty"`
	Decision   string           `json:"decision,omitempty"`
	DecidedBy  []string         `json:"decided_by,omitempty"`
	ApprovedBy []string         `json:"approved_by,omitempty"`
	Risk       string           `json:"risk,omitempty"`
	Escalation *apiEscalation   `json:"escalation,omitempty"`
	FollowUps  []apiDocFollowUp `json:"follow_ups,omitempty"`
	Supersedes string           `json:"supersedes,omitempty"`
	Iterations []string         `json:"iterations"`
}

type apiEscalation struct {
	To     string `json:"to"`
	Why    string `json:"why"`
	Status string `json:"status"`
	Due    string `json:"due,omitempty"`
}

type apiDocFollowUp struct {
	Text  string `json:"text"`
	Owner string `json:"owner"`
	Due   string `json:"due,omitempty"`
	Done  bool   `json:"done"`
}

type apiFollowUp struct {
	Decision string `json:"decision"` // the decision's slug
	Text     string `json:"text"`
	Owner    string `json:"owner"`
	Due      string `json:"due,omitempty"`
	Overdue  bool   `json:"overdue"`
	DaysOver int    `json:"days_overdue"`
}

type apiGuideline struct {
	Version       string   `json:"version"`
	Slug          string   `json:"slug"`
	EffectiveFrom string   `json:"effective_from,omitempty"`
	Dimensions    []string `json:"dimensions"`
}

// documentsAPI builds api/documents.json from every document (all), the
// taxonomies, the guidelines and the reference date.
func documentsAPI(head apiHeader, all []*docView, r knowledgeIndex, guides []project.Guideline, refDate time.Time) apiDocuments {
	out := apiDocuments{apiHeader: head, Documents: make([]apiDocument, 0, len(all)), Taxonomies: map[string][]termCount{},
		FollowUps: []apiFollowUp{}, Escalations: []apiFollowUp{}, Guidelines: []apiGuideline{}}
	out.Reference = formatDate(refDate)
	for _, v := range all {
		m := v.Meta
		var esc *apiEscalation
		if e := m.Escalation; e != nil {
			esc = &apiEscalation{e.To, e.Why, e.Status, formatDate(e.Due)}
		}
		var fus []apiDocFollowUp
		for _, f := range m.FollowUps {
			fus = append(fus, apiDocFollowUp{f.Text, f.Owner, formatDate(f.Due), f.Done})
		}
		out.Documents = append(out.Documents, apiDocument{
			Slug: v.Slug, Kind: string(v.Kind), Title: m.Title, Date: formatDate(m.Date), Page: v.Path, Source: v.Source,
			Tags: nonNil(termNames(v.Tags)), Status: m.Status, Owner: m.Owner, Decision: m.Decision,
			DecidedBy: decidedBy(m), ApprovedBy: m.ApprovedBy, Risk: m.Risk, Escalation: esc,
			FollowUps: fus, Supersedes: m.Supersedes, Iterations: nonNil(m.Iterations),
		})
	}
	for _, tv := range r.taxes {
		for _, t := range tv.Terms {
			out.Taxonomies[tv.Name] = append(out.Taxonomies[tv.Name], termCount{t.Name, t.Path, len(t.Docs)})
		}
	}
	f := followUps(all, refDate)
	for _, x := range f.FollowUps {
		out.FollowUps = append(out.FollowUps, apiFollowUp{x.Doc.Slug, x.Text, x.Owner, formatDate(x.Due), x.Overdue, x.DaysOver})
	}
	for _, x := range f.Escalations {
		out.Escalations = append(out.Escalations, apiFollowUp{x.Doc.Slug, x.Why, x.To, formatDate(x.Due), x.Overdue, x.DaysOver})
	}
	out.Done, out.Resolved = f.Done, f.Resolved
	for _, g := range guides {
		out.Guidelines = append(out.Guidelines, apiGuideline{g.Doc.Meta.GuidelineVersion, g.Doc.Slug, g.From, nonNil(g.Doc.Meta.Dimensions)})
	}
	return out
}

// termNames returns the names of refs.
func termNames(refs []ref) []string {
	out := make([]string, 0, len(refs))
	for _, x := range refs {
		out = append(out, x.Name)
	}
	return out
}
