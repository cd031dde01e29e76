// Package route is the one table of the site's addresses. Every page and
// JSON document of a rendered site has its path here, and every link to
// one, from an analysis's alert or from a page, is built here, so the
// analyses, the renderer's jobs, its navigation and its collision check
// cannot disagree.
//
// # Site layout
//
// Every path is slash-separated and relative to the site root, and always
// names a file (iterations/v2.html, never iterations/v2/), because a file
// system does not serve index.html for a folder; pages link to each other
// by paths relative to themselves, so the site works from a file system,
// from a server root and from a subpath such as a GitHub Pages project
// site.
//
//	index.html                  Dashboard
//	iterations/index.html       Iterations; iterations/<Slug(id)>.html: Iteration(id), with the first PerPage
//	                            documents about it; iterations/<Slug(id)>/page-<n>.html: IterationPage(id, n),
//	                            the n-th PerPage of them (n from 2)
//	metrics/index.html          Metrics; metrics/<Slug(name)>.html: Metric(name)
//	dimensions/index.html       Dimensions (human ratings); dimensions/<Slug(name)>.html: Dimension(name)
//	casestudies/index.html      CaseStudies, the first PerPage case studies; casestudies/page-<n>.html:
//	                            CaseStudiesPage(n), the n-th PerPage of them (n from 2)
//	decisions/index.html        Decisions, the decision log
//	<document slug>.html        Doc(slug): every Markdown document, case studies and decisions
//	                            included (casestudies/x.md -> casestudies/x.html, content/a/b.md -> a/b.html)
//	items/index.html            Items; items/<Slug(id)>.html: Item(id), for every item of items.jsonl
//	                            and every item a disagreement list (reliability or discrepancy) names
//	leaderboard/index.html      Leaderboards: shape systems, the leaderboard; shape rounds, the list of rounds
//	leaderboard/<Slug(round)>.html  Leaderboard(round): shape rounds, one round's leaderboard
//	discrepancy/index.html      DiscrepancyIndex: findings, pooled matrix, verdicts, investigations
//	discrepancy/system.html     DiscrepancySystem: the matrix at iteration (system) level
//	discrepancy/<Slug(iteration)>/index.html      DiscrepancyIteration(id): one iteration's item-level matrix
//	discrepancy/<Slug(metric)>/<Slug(dim)>.html   DiscrepancyPair(metric, dim): one joined pair
//	pairwise/<Slug(dim)>.html   Pairwise(dim): one pairwise dimension (head-to-head matrix, strengths, judges)
//	pairwise/<Slug(dim)>/<Slug(item)>.html  PairwiseItem(dim, item): one item's judgements, both answers side by side
//	alerts.html                 Alerts: every alert, the latest iteration's first, older ones folded
//	followups.html              FollowUps: decisions' open follow-ups and unresolved escalations
//	<taxonomy>/index.html       Taxonomy(t): the terms of tags, status, owners or kinds with counts
//	<taxonomy>/<Slug(term)>.html  Term(t, term): the documents with that tag, status, owner or kind, the first
//	                            PerPage of them; <taxonomy>/<Slug(term)>/page-<n>.html: TermPage(t, term, n)
//	feed.xml                    Feed: an Atom feed of decisions and case studies
//	sitemap.xml                 Sitemap: every page, only when baseURL is set
//	sources.html                Sources: data quality per data file (only when ingest read any)
//	search.html                 Search: full-text search in the browser over the search index
//	search/index.<hash>.js      SearchIndex(hash): the search index, a script assigning a global
//	timeline.html               Timeline: iterations, decisions, investigations and error alerts on one time axis,
//	                            the chart, an index by month and the PerPage newest events; timeline/page-<n>.html:
//	                            TimelinePage(n), the n-th PerPage of the events, newest first (n from 2)
//	404.html                    NotFound: links from the site root; its script finds the root when served deeper
//	api/metrics.json            APIMetrics: every number the metric pages show (docs/json-api.md)
//	api/annotations.json        APIAnnotations: every number the dimension pages show
//	api/agreement.json          APIAgreement: reliability per dimension and iteration (and pooled)
//	api/raters.json             APIRaters: per-rater figures, rater pairs and groups
//	api/alerts.json             APIAlerts: every alert with the numbers behind it
//	api/experiments.json        APIExperiments: the verdicts of the case studies' experiments
//	api/discrepancy.json        APIDiscrepancy: the discrepancy report and every pair's page
//	api/leaderboard.json        APILeaderboard: every leaderboard record and system-level correlation
//	api/pairwise.json           APIPairwise: win rates and Bradley-Terry strengths (only with pairwise dimensions)
//	api/sources.json            APISources: what each data file gave (only with sources.html)
//	api/documents.json          APIDocuments: every document's front matter, taxonomies, follow-ups
//	api/timeline.json           APITimeline: the timeline's counts by month and kind, and its pages
//	assets/<name>.<hash>.<ext>  the templates' assets/ folder; .js, .css and .svg get a content hash
//
// The discrepancy pages, the leaderboard pages and the pairwise pages
// appear only when the analyses have any (a pair; a leaderboard; a
// pairwise dimension); a taxonomy's pages only when some document has one
// of its terms. Below pairwise/, a file is a dimension's page and a folder
// holds that dimension's item pages.
//
// # Names
//
// Names taken from data (iteration, metric, dimension, item and round IDs)
// become file names through slug.Make: a name that is already safe
// (lower-case letters, digits, '-', '_' and '.', not starting with '.', not
// "index") is kept as it is; any other gets a short hash of the original
// name, so "V1" becomes "v1-<hash>". A page's address therefore depends only
// on its own name, never on which other names exist, and two distinct names
// of one kind never share a page.
//
// Pages of different kinds cannot collide either, whatever the names: every
// kind has its own folder, and no slug is "index", so no name's page is a
// folder's index.html. Below discrepancy/, the files one level down are only
// index.html and system.html; two levels down, a file named index.html is
// an iteration's matrix and any other file is a pair page (an iteration and
// a metric with the same slug share a folder but no file). Documents are the
// one exception, since their slugs come from the project's folders: a
// document whose page would replace another page is an error (see Pages).
//
// 404.html is the one page whose links start from the site root, because a
// host serves it at whatever depth the missing address had.
package route

import (
	"fmt"
	"strconv"

	"github.com/evalbook/evalbook/internal/slug"
)

// The pages every site has, and the index and overview pages of the
// optional sections.
const (
	Dashboard   = "index.html"
	NotFound    = "404.html"
	Iterations  = "iterations/index.html"
	Metrics     = "metrics/index.html"
	Dimensions  = "dimensions/index.html"
	CaseStudies = "casestudies/index.html"
	Decisions   = "decisions/index.html"
	Items       = "items/index.html"
	Alerts      = "alerts.html"
	// Search is the full-text search page; Timeline puts the project's
	// events on one time axis.
	Search   = "search.html"
	Timeline = "timeline.html"
	// FollowUps lists the decisions' open follow-ups and unresolved
	// escalations.
	FollowUps = "followups.html"
	// Feed is the Atom feed of decisions and case studies; Sitemap the
	// sitemap, written only when the config sets baseURL.
	Feed    = "feed.xml"
	Sitemap = "sitemap.xml"
	// Sources is the data-quality page, written only when ingest read a
	// data file.
	Sources = "sources.html"
	// Leaderboards is the leaderboard of a project of systems, or the list
	// of rounds of a project of rounds.
	Leaderboards      = "leaderboard/index.html"
	DiscrepancyIndex  = "discrepancy/index.html"
	DiscrepancySystem = "discrepancy/system.html"
)

// The JSON documents of the site (docs/json-api.md).
const (
	APIMetrics     = "api/metrics.json"
	APIAnnotations = "api/annotations.json"
	APIAgreement   = "api/agreement.json"
	APIRaters      = "api/raters.json"
	APIAlerts      = "api/alerts.json"
	APIExperiments = "api/experiments.json"
	APIDiscrepancy = "api/discrepancy.json"
	APILeaderboard = "api/leaderboard.json"
	APISources     = "api/sources.json"
	APIPairwise    = "api/pairwise.json"
	APIDocuments   = "api/documents.json"
	APITimeline    = "api/timeline.json"
)

// Pairwise is the page of one pairwise dimension.
func Pairwise(dim string) string { return "pairwise/" + slug.Make(dim) + ".html" }

// PairwiseItem is the drill-down of one item's judgements on a pairwise
// dimension.
func PairwiseItem(dim, item string) string {
	return "pairwise/" + slug.Make(dim) + "/" + slug.Make(item) + ".html"
}

// The taxonomies of documents, by the folder of their pages: tags, case
// studies' status, owners and decision kinds.
const (
	TaxTags   = "tags"
	TaxStatus = "status"
	TaxOwners = "owners"
	TaxKinds  = "kinds"
)

// Taxonomies lists the taxonomies in the order their pages are listed.
var Taxonomies = []string{TaxTags, TaxStatus, TaxOwners, TaxKinds}

// Taxonomy is the index of one taxonomy: its terms with counts.
func Taxonomy(tax string) string { return tax + "/index.html" }

// Term is the page of one term of a taxonomy: the documents that have it.
func Term(tax, term string) string { return tax + "/" + slug.Make(term) + ".html" }

// Iteration is the page of one iteration (or system).
func Iteration(id string) string { return "iterations/" + slug.Make(id) + ".html" }

// Metric is the page of one metric.
func Metric(name string) string { return "metrics/" + slug.Make(name) + ".html" }

// Dimension is the page of one rating dimension.
func Dimension(name string) string { return "dimensions/" + slug.Make(name) + ".html" }

// SearchIndex is the search index, a script whose name carries hash, the
// start of the SHA-256 of its content (so a browser never runs a stale
// index).
func SearchIndex(hash string) string { return "search/index." + hash + ".js" }

// Item is the page of one item.
func Item(id string) string { return "items/" + slug.Make(id) + ".html" }

// Doc is the page of the Markdown document with the slug docSlug (its
// output path without extension, project.Document.Slug).
func Doc(docSlug string) string { return docSlug + ".html" }

// PerPage is how many rows a page of a paginated list shows: the
// case-study index, the timeline's events, a term's documents and the
// documents about an iteration are split into pages of PerPage rows.
const PerPage = 100

// ListPages is the number of pages of a paginated list of n rows: at
// least one.
func ListPages(n int) int { return max(1, (n+PerPage-1)/PerPage) }

// CaseStudiesPage is the n-th page (from 1) of the case-study index; the
// first is CaseStudies.
func CaseStudiesPage(n int) string {
	if n <= 1 {
		return CaseStudies
	}
	return "casestudies/page-" + strconv.Itoa(n) + ".html"
}

// TimelinePage is the n-th page (from 1) of the timeline's events; the
// first is Timeline.
func TimelinePage(n int) string {
	if n <= 1 {
		return Timeline
	}
	return "timeline/page-" + strconv.Itoa(n) + ".html"
}

// TermPage is the n-th page (from 1) of the documents of a term; the first
// is Term(tax, term).
func TermPage(tax, term string, n int) string {
	if n <= 1 {
		return Term(tax, term)
	}
	return tax + "/" + slug.Make(term) + "/page-" + strconv.Itoa(n) + ".html"
}

// IterationPage is the n-th page (from 1) of the documents about an
// iteration; the first is the iteration's page, Iteration(id).
func IterationPage(id string, n int) string {
	if n <= 1 {
		return Iteration(id)
	}
	return "iterations/" + slug.Make(id) + "/page-" + strconv.Itoa(n) + ".html"
}

// Leaderboard is the leaderboard page of one round of a project of rounds;
// a project of systems has its one leaderboard at Leaderboards.
func Leaderboard(round string) string { return "leaderboard/" + slug.Make(round) + ".html" }

// DiscrepancyIteration is the item-level correlation matrix of one
// iteration.
func DiscrepancyIteration(id string) string { return "discrepancy/" + slug.Make(id) + "/index.html" }

// DiscrepancyPair is the page of one metric-dimension pair.
func DiscrepancyPair(metric, dim string) string {
	return "discrepancy/" + slug.Make(metric) + "/" + slug.Make(dim) + ".html"
}

// Kind is what a page shows; pages of one kind are built by one page
// builder.
type Kind string

// The kinds of pages.
const (
	KindDashboard         Kind = "dashboard"
	KindNotFound          Kind = "notfound"
	KindIterations        Kind = "iterations"
	KindIteration         Kind = "iteration"
	KindMetrics           Kind = "metrics"
	KindMetric            Kind = "metric"
	KindDimensions        Kind = "dimensions"
	KindDimension         Kind = "dimension"
	KindCaseStudies       Kind = "casestudies"
	KindDecisions         Kind = "decisions"
	KindDoc               Kind = "doc"
	KindItems             Kind = "items"
	KindItem              Kind = "item"
	KindAlerts            Kind = "alerts"
	KindSources           Kind = "sources"
	KindSearch            Kind = "search"
	KindTimeline          Kind = "timeline"
	KindRounds            Kind = "rounds"      // Leaderboards of a project of rounds
	KindLeaderboard       Kind = "leaderboard" // one round's board (or the one board of systems, at Leaderboards)
	KindDiscrepancyIndex  Kind = "discrepancy-index"
	KindDiscrepancySystem Kind = "discrepancy-system"
	KindDiscrepancyIter   Kind = "discrepancy-iteration"
	KindDiscrepancyPair   Kind = "discrepancy-pair"
	KindPairwise          Kind = "pairwise"
	KindPairwiseItem      Kind = "pairwiseitem"
	KindFollowUps         Kind = "followups"
	KindTaxonomy          Kind = "taxonomy" // Name is the taxonomy
	KindTerm              Kind = "term"     // Name is the taxonomy, Term the term
)

// Page is one page of a site: its path, its kind and the name it is
// about.
type Page struct {
	Path string
	Kind Kind
	// Name is what the page is about: the iteration ID, metric, dimension
	// or item name, the document's slug, the round, or the metric of a
	// pair; "" for pages every site has and overview pages.
	Name string
	// Dimension is the dimension of a pair page or of a pairwise item
	// page (whose Name is the item); "" otherwise.
	Dimension string
	// Term is the term of a taxonomy's term page; "" otherwise.
	Term string
	// Number is the page of a paginated list from 2 on (CaseStudiesPage,
	// TimelinePage, TermPage, IterationPage); 0 for its first page and
	// every other page.
	Number int
}

// TermSet is a taxonomy with the terms documents give it, sorted.
type TermSet struct {
	Taxonomy string
	Terms    []string
	// Pages is the number of pages of each term's list of documents
	// (ListPages), parallel to Terms; nil or 0 for one.
	Pages []int
}

// DocName is a Markdown document as the route table sees it.
type DocName struct {
	Slug   string // project.Document.Slug
	Source string // its file, named by errors
}

// Pair is a metric and a dimension with a pair page.
type Pair struct{ Metric, Dimension string }

// Site is what decides which pages a site has: the names from the data, in
// the order their pages are listed.
type Site struct {
	Iterations []string
	Metrics    []string
	Dimensions []string
	Items      []string  // every item with a page
	Docs       []DocName // case studies, then content pages
	// CaseStudies is the number of case studies, which sets the pages of
	// the case-study index (ListPages).
	CaseStudies int
	// IterationPages is the number of pages of the documents about each
	// iteration (ListPages), parallel to Iterations; nil or 0 for one.
	// TimelinePages is the number of pages of the timeline's events.
	// Both are page counts rather than row counts, so that a document
	// added or edited changes the route table only when a list gains or
	// loses a page.
	IterationPages []int
	TimelinePages  int
	// Sources is set when ingest read any data file.
	Sources bool
	// Boards is the number of leaderboards: one for a project of systems,
	// one per round (Rounds) for a project of rounds, none for a timeline.
	Boards int
	Rounds []string // the rounds with a board, for a project of rounds
	// Discrepancy is set when the discrepancy analysis has a pair;
	// DiscIterations are the iterations with an item-level matrix, Pairs
	// the pairs.
	Discrepancy    bool
	DiscIterations []string
	Pairs          []Pair
	// Pairwise lists the pairwise dimensions, PairwiseItems each one's
	// judged items.
	Pairwise      []string
	PairwiseItems []PairwiseItemName
	// Terms are the taxonomies that have terms, in the order of
	// Taxonomies.
	Terms []TermSet
	// BaseURL is set when the config names the site's address, which
	// the sitemap needs.
	BaseURL bool
}

// Feeds lists the XML documents of s: the Atom feed, and the sitemap when
// the site has a base URL.
func (s Site) Feeds() []string {
	if s.BaseURL {
		return []string{Feed, Sitemap}
	}
	return []string{Feed}
}

// PairwiseItemName is an item judged on a pairwise dimension.
type PairwiseItemName struct{ Dimension, Item string }

// Pages lists every page of s: the pages every site has, the sources page,
// then the pages of iterations, metrics, dimensions, items and documents,
// the leaderboards and the discrepancy pages. It reports two names of one
// kind that would share a page (which slug.Make all but rules out), and a
// document whose page would replace another page.
func (s Site) Pages() ([]Page, error) {
	out := []Page{
		{Path: Dashboard, Kind: KindDashboard},
		{Path: Iterations, Kind: KindIterations},
		{Path: Metrics, Kind: KindMetrics},
		{Path: Dimensions, Kind: KindDimensions},
		{Path: CaseStudies, Kind: KindCaseStudies},
		{Path: Decisions, Kind: KindDecisions},
		{Path: NotFound, Kind: KindNotFound},
		{Path: Items, Kind: KindItems},
		{Path: Alerts, Kind: KindAlerts},
		{Path: Search, Kind: KindSearch},
		{Path: Timeline, Kind: KindTimeline},
		{Path: FollowUps, Kind: KindFollowUps},
	}
	if s.Sources {
		out = append(out, Page{Path: Sources, Kind: KindSources})
	}
	for n := 2; n <= ListPages(s.CaseStudies); n++ {
		out = append(out, Page{Path: CaseStudiesPage(n), Kind: KindCaseStudies, Number: n})
	}
	for n := 2; n <= s.TimelinePages; n++ {
		out = append(out, Page{Path: TimelinePage(n), Kind: KindTimeline, Number: n})
	}
	seen := map[string]string{}
	for _, p := range out {
		seen[p.Path] = "a page evalbook generates"
	}
	named := func(kind Kind, what string, path func(string) string, names []string) error {
		for _, n := range names {
			p := Page{Path: path(n), Kind: kind, Name: n}
			if other, dup := seen[p.Path]; dup {
				return fmt.Errorf("%s and %s %q would both be written to %s", other, what, n, p.Path)
			}
			seen[p.Path] = fmt.Sprintf("%s %q", what, n)
			out = append(out, p)
		}
		return nil
	}
	for _, k := range []struct {
		kind  Kind
		what  string
		path  func(string) string
		names []string
	}{
		{KindIteration, "iteration", Iteration, s.Iterations},
		{KindMetric, "metric", Metric, s.Metrics},
		{KindDimension, "dimension", Dimension, s.Dimensions},
		{KindItem, "item", Item, s.Items},
	} {
		if err := named(k.kind, k.what, k.path, k.names); err != nil {
			return nil, err
		}
	}
	for i, id := range s.Iterations {
		for n := 2; i < len(s.IterationPages) && n <= s.IterationPages[i]; n++ {
			p := Page{Path: IterationPage(id, n), Kind: KindIteration, Name: id, Number: n}
			seen[p.Path] = "a page evalbook generates"
			out = append(out, p)
		}
	}
	var later []Page
	switch {
	case s.Boards > 0 && len(s.Rounds) > 0:
		later = append(later, Page{Path: Leaderboards, Kind: KindRounds})
		for _, r := range s.Rounds {
			later = append(later, Page{Path: Leaderboard(r), Kind: KindLeaderboard, Name: r})
		}
	case s.Boards > 0:
		later = append(later, Page{Path: Leaderboards, Kind: KindLeaderboard})
	}
	if s.Discrepancy {
		later = append(later,
			Page{Path: DiscrepancyIndex, Kind: KindDiscrepancyIndex},
			Page{Path: DiscrepancySystem, Kind: KindDiscrepancySystem})
		for _, id := range s.DiscIterations {
			later = append(later, Page{Path: DiscrepancyIteration(id), Kind: KindDiscrepancyIter, Name: id})
		}
		for _, p := range s.Pairs {
			later = append(later, Page{Path: DiscrepancyPair(p.Metric, p.Dimension), Kind: KindDiscrepancyPair, Name: p.Metric, Dimension: p.Dimension})
		}
	}
	for _, d := range s.Pairwise {
		later = append(later, Page{Path: Pairwise(d), Kind: KindPairwise, Name: d})
	}
	for _, x := range s.PairwiseItems {
		later = append(later, Page{Path: PairwiseItem(x.Dimension, x.Item), Kind: KindPairwiseItem, Name: x.Item, Dimension: x.Dimension})
	}
	for _, ts := range s.Terms {
		later = append(later, Page{Path: Taxonomy(ts.Taxonomy), Kind: KindTaxonomy, Name: ts.Taxonomy})
		for i, t := range ts.Terms {
			later = append(later, Page{Path: Term(ts.Taxonomy, t), Kind: KindTerm, Name: ts.Taxonomy, Term: t})
			for n := 2; i < len(ts.Pages) && n <= ts.Pages[i]; n++ {
				later = append(later, Page{Path: TermPage(ts.Taxonomy, t, n), Kind: KindTerm, Name: ts.Taxonomy, Term: t, Number: n})
			}
		}
	}
	for _, p := range later {
		if other, dup := seen[p.Path]; dup {
			return nil, fmt.Errorf("%s and a page evalbook generates would both be written to %s", other, p.Path)
		}
		seen[p.Path] = "a page evalbook generates"
	}
	for _, d := range s.Docs {
		p := Doc(d.Slug)
		if other, dup := seen[p]; dup {
			return nil, fmt.Errorf("%s: its page %s would replace %s; rename the file", d.Source, p, other)
		}
		seen[p] = d.Source
		out = append(out, Page{Path: p, Kind: KindDoc, Name: d.Slug})
	}
	return append(out, later...), nil
}

// API lists the JSON documents of s.
func (s Site) API() []string {
	out := []string{APIMetrics, APIAnnotations, APIAgreement, APIRaters, APIAlerts, APIExperiments, APIDiscrepancy, APILeaderboard}
	if s.Sources {
		out = append(out, APISources)
	}
	if len(s.Pairwise) > 0 {
		out = append(out, APIPairwise)
	}
	return append(out, APIDocuments, APITimeline)
}
