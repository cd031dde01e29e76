package render

import "github.com/evalbook/evalbook/internal/route"

// All in a list of Deps stands for every name of that kind.
const All = "*"

// Deps is what one page shows, by the inputs it reads, so that an
// incremental renderer can tell which pages an edit touches without
// rendering them. Each list names inputs by the names from the data; All
// stands for every one (a page that lists them, or reads figures across
// them). Deps over-approximate: a page may read less than they say, never
// more.
//
// The contract: render a page again when
//
//   - the route table changed (route.Site: a page was added or removed), or
//     the site frame every page shows changed (the site value: config title,
//     description, baseURL and analysis settings, and the nav, which counts
//     the alerts and lists weighted content pages), or the templates or
//     assets changed; any of these touches every page; or
//   - an input its Deps name changed:
//   - Iterations: an iteration's entry (iterations.toml: label, date,
//     baseline, round, order), which moves neighbours and targets;
//   - Metrics: a metric's values or settings, and so its trend, its
//     comparisons and alerts, and the discrepancy pairs it is in;
//   - Dimensions: a dimension's ratings or settings, and so its trend,
//     reliability, comparisons, alerts and pairs; also a pairwise
//     dimension's judgements (its pages, the system pages and the
//     leaderboards read across every name, as All);
//   - Items: an item's texts and outputs (items.jsonl, outputs);
//   - Docs: a document's front matter (title, date, kind, the names it
//     lists, its experiment and investigations), shown wherever the
//     document is listed or linked;
//   - DocBodies: a document's Markdown body, shown on its own page only;
//   - Config: a section of config.toml ("analysis", "experiment",
//     "agreement", "discrepancy", "leaderboard", "metrics", "dimensions",
//     "project"), beyond what the frame shows;
//   - Sources: what ingest read (the data-quality page and note).
//
// So an edit to a case study's prose touches its own page only, and an
// edit to its front matter the pages that list documents.
type Deps struct {
	Iterations []string
	Metrics    []string
	Dimensions []string
	Items      []string
	Docs       []string // document slugs, front matter
	DocBodies  []string // document slugs, bodies
	Config     []string
	Sources    bool
}

// all is a dependency on every name of a kind.
var all = []string{All}

// DepsOf returns the inputs the page pg reads (see Deps). It depends on
// the page's kind and names only, so it is known from the route table
// before any page is built.
func DepsOf(pg route.Page) Deps {
	every := Deps{Iterations: all, Metrics: all, Dimensions: all, Items: all, Docs: all, Config: all, Sources: true}
	switch pg.Kind {
	case route.KindDashboard, route.KindAlerts:
		return every
	case route.KindNotFound:
		return Deps{}
	case route.KindSources:
		return Deps{Sources: true}
	case route.KindSearch:
		// The page names the index file, whose name is the hash of every
		// title, text and description of the site's pages.
		return Deps{Iterations: all, Metrics: all, Dimensions: all, Items: all, Docs: all, DocBodies: all}
	case route.KindTimeline:
		// Iterations, documents and the error alerts, which any analysis
		// may raise.
		d := every
		d.Items, d.Sources = nil, false
		return d
	case route.KindIterations:
		return Deps{Iterations: all, Metrics: all}
	case route.KindMetrics:
		return Deps{Iterations: all, Metrics: all, Dimensions: all, Config: []string{"analysis", "experiment", "metrics", "leaderboard"}}
	case route.KindDimensions:
		return Deps{Iterations: all, Dimensions: all, Config: []string{"dimensions"}}
	case route.KindCaseStudies, route.KindDecisions:
		// Case studies show their experiments' verdicts.
		return Deps{Iterations: all, Metrics: all, Dimensions: all, Docs: all, Config: []string{"analysis", "experiment", "metrics", "dimensions"}}
	case route.KindItems:
		return Deps{Iterations: all, Metrics: all, Dimensions: all, Items: all, Config: []string{"agreement", "discrepancy"}}
	case route.KindDoc:
		d := every
		d.Items, d.Sources, d.DocBodies = nil, false, []string{pg.Name}
		return d
	case route.KindItem:
		d := every
		d.Items, d.Sources = []string{pg.Name}, false
		return d
	case route.KindMetric:
		d := every
		d.Metrics, d.Items, d.Sources = []string{pg.Name}, nil, false
		return d
	case route.KindDimension:
		d := every
		d.Dimensions, d.Sources = []string{pg.Name}, false
		return d
	case route.KindDiscrepancyPair:
		d := every
		d.Metrics, d.Dimensions, d.Sources = []string{pg.Name}, []string{pg.Dimension}, false
		return d
	}
	// Iteration pages (neighbours, targets, every subject), leaderboards
	// and the discrepancy overview and matrices read across every name.
	d := every
	d.Sources = false
	return d
}
