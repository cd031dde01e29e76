package render

import (
	"slices"

	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/route"
)

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
//   - Metrics: a metric's values or settings, and its own results: its
//     trend and the alerts about it;
//   - Dimensions: a dimension's ratings or settings, and its own results:
//     its trend, its reliability and the alerts about it; also a pairwise
//     dimension's judgements (its pages, the system pages and the
//     leaderboards read across every name, as All);
//   - Results: every analysis result, whole (comparisons and verdicts,
//     whose corrections span subjects, the discrepancy analysis,
//     leaderboards, pairwise preferences, every alert); a page that reads
//     any result beyond its named subjects' own and its named Parts says
//     Results;
//   - Parts: named parts of the results (resultparts.go): a subject's
//     comparisons (ComparisonsPart), a discrepancy pair's results
//     (PairPart, MetricPairsPart, DimensionPairsPart), a pairwise
//     dimension's preferences (PairwisePart), an iteration's rows
//     (IterationPart) and the subjects' settings (SettingsPart);
//   - Items: an item's texts and outputs (items.jsonl, outputs);
//   - ItemData: what an item's page shows of the data: the item's metric
//     values and ratings (with whether each rater has a row in the
//     dimension's rater table), its gold answers, where it appears in the
//     discrepancy lists, and the settings (names, labels, units,
//     directions) of every metric and dimension;
//   - Docs: a document's front matter (title, date, kind, the names it
//     lists, its experiment and investigations), shown wherever the
//     document is listed or linked;
//   - DocBodies: a document's Markdown body, shown on its own page only;
//   - Config: a section of config.toml ("analysis", "experiment",
//     "agreement", "discrepancy", "leaderboard", "metrics", "dimensions",
//     "project"), beyond what the frame shows;
//   - Sources: what ingest read (the data-quality page and note).
//
// So an edit to a case study's prose touches its own page only, an edit
// to its front matter the pages that list documents, and new ratings on
// one dimension in one iteration the pages of the items rated, the
// dimension's page and its discrepancy pairs' pages, the pages of the
// iterations whose rows changed (that iteration, the next one, whose
// point's change from the previous moved, and any whose comparisons
// moved), the indexes whose rows changed and the pages reading across
// results (dashboard, alerts, matrices), never the other dimensions'
// pages nor the documents that cite other subjects; the case-study index
// and the timeline only when a verdict or an iteration's count of error
// alerts changed (their parts).
type Deps struct {
	Iterations []string
	Metrics    []string
	Dimensions []string
	Results    bool
	Parts      []string // part names (resultparts.go)
	Items      []string
	ItemData   []string // item IDs
	Docs       []string // document slugs, front matter
	DocBodies  []string // document slugs, bodies
	Config     []string
	Sources    bool
}

// all is a dependency on every name of a kind.
var all = []string{All}

// DepsOf returns the inputs the page pg reads (see Deps). It depends on
// the page's kind and names only, so it is known from the route table
// before any page is built. A document's page reads at most what DepsOf
// says; DocDeps narrows it by the document's front matter and shortcodes.
func DepsOf(pg route.Page) Deps {
	every := Deps{Iterations: all, Metrics: all, Dimensions: all, Results: true, Items: all, Docs: all, Config: all, Sources: true}
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
		return Deps{Iterations: all, Metrics: all, Dimensions: all, Results: true, Items: all, Docs: all, DocBodies: all}
	case route.KindTimeline:
		// Iterations, documents and the count of error alerts in each
		// iteration, which any analysis may raise.
		return Deps{Iterations: all, Docs: all, Config: all, Parts: []string{ErrorAlertsPart}}
	case route.KindIterations:
		return Deps{Iterations: all, Metrics: all, Results: true}
	case route.KindMetrics:
		return Deps{Iterations: all, Metrics: all, Dimensions: all, Results: true, Config: []string{"analysis", "experiment", "metrics", "leaderboard"}}
	case route.KindDimensions:
		// Each dimension's latest point, from its own results.
		return Deps{Iterations: all, Dimensions: all, Config: []string{"dimensions"}}
	case route.KindCaseStudies:
		// The case studies, their experiments' verdicts, and the settings
		// of the iterations and subjects they link.
		return Deps{Iterations: all, Docs: all, Config: []string{"analysis", "experiment", "metrics", "dimensions"},
			Parts: []string{VerdictsPart, SettingsPart}}
	case route.KindDecisions:
		// Decisions show their evidence's figures and their case studies'
		// verdicts.
		return Deps{Iterations: all, Metrics: all, Dimensions: all, Results: true, Docs: all, Config: []string{"analysis", "experiment", "metrics", "dimensions"}}
	case route.KindItems:
		// A row per item: its texts and its counts of ratings and values
		// (its share of the data).
		return Deps{Iterations: all, Items: all, ItemData: all, Config: all}
	case route.KindDoc:
		d := every
		d.Items, d.Sources, d.DocBodies = nil, false, []string{pg.Name}
		return d
	case route.KindItem:
		// The item's texts and its share of the data (ItemData); the
		// iterations order its rows and columns.
		return Deps{Iterations: all, Items: []string{pg.Name}, ItemData: []string{pg.Name}, Config: all}
	case route.KindMetric:
		// Its own data and results, its comparisons, its pairs, and the
		// settings of the subjects it links.
		return Deps{Iterations: all, Metrics: []string{pg.Name}, Docs: all, Config: all,
			Parts: []string{ComparisonsPart("metric", pg.Name), MetricPairsPart(pg.Name), SettingsPart}}
	case route.KindDimension:
		// Its own data and results, its comparisons, its pairs, the
		// settings of the subjects it links, and the items its
		// reliability panel quotes.
		return Deps{Iterations: all, Dimensions: []string{pg.Name}, Items: all, Docs: all, Config: all,
			Parts: []string{ComparisonsPart("dimension", pg.Name), DimensionPairsPart(pg.Name), SettingsPart}}
	case route.KindDiscrepancyPair:
		// The pair's results, its dimension, its metric's settings (label,
		// unit, direction), and the items and documents it quotes and
		// links.
		return Deps{Iterations: all, Dimensions: []string{pg.Dimension}, Items: all, Docs: all, Config: all,
			Parts: []string{PairPart(pg.Name, pg.Dimension), SettingsPart}}
	case route.KindPairwiseItem:
		// The item's judgements on the dimension (its Dimensions entry),
		// the dimension's label, the item's texts and outputs.
		return Deps{Iterations: all, Dimensions: []string{pg.Dimension}, Items: []string{pg.Name}, Config: all,
			Parts: []string{PairwisePart(pg.Dimension)}}
	case route.KindIteration:
		// Its rows of every metric, dimension, comparison and alert
		// (IterationPart), and the documents about it.
		return Deps{Iterations: all, Docs: all, Config: all,
			Parts: []string{IterationPart(pg.Name), SettingsPart}}
	}
	// Leaderboards and the discrepancy overview and matrices read across
	// every name.
	d := every
	d.Sources = false
	return d
}

// DocDeps returns the inputs the page of the document d reads: what
// DepsOf says of a document's page, narrowed to the metrics and
// dimensions its shortcodes cite (a metric, alpha or chart figure reads
// that subject's own results) and the settings of those its front matter
// lists (shown as links), unless it reads results across subjects: an
// experiment's verdict, investigations, evidence with figures, a delta or
// verdict shortcode (comparisons are corrected across a family of
// subjects). The names are read off the parsed document, so they are
// known before any page is built.
func DocDeps(d *project.Document) Deps {
	deps := DepsOf(route.Page{Kind: route.KindDoc, Name: d.Slug})
	m := &d.Meta
	if m.Baseline != "" || m.Candidate != "" || m.Primary != "" || len(m.Discrepancies) > 0 || len(m.Evidence) > 0 {
		return deps
	}
	var metrics, dims []string
	for _, sc := range d.Shortcodes {
		switch {
		case sc.Name == project.ShortcodeMetric && len(sc.Args) > 0:
			// A metric or a numeric dimension: the name is looked up as both.
			metrics, dims = append(metrics, sc.Args[0]), append(dims, sc.Args[0])
		case sc.Name == project.ShortcodeAlpha && len(sc.Args) > 0:
			dims = append(dims, sc.Args[0])
		case sc.Name == project.ShortcodeChart && len(sc.Args) > 1 && sc.Args[0] == "metric":
			metrics = append(metrics, sc.Args[1])
		case sc.Name == project.ShortcodeChart && len(sc.Args) > 1:
			dims = append(dims, sc.Args[1])
		default:
			return deps
		}
	}
	slices.Sort(metrics)
	slices.Sort(dims)
	deps.Metrics, deps.Dimensions, deps.Results = slices.Compact(metrics), slices.Compact(dims), false
	if len(m.Metrics) > 0 || len(m.Dimensions) > 0 {
		deps.Parts = []string{SettingsPart}
	}
	return deps
}
