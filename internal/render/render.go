// Package render turns an analysed project into the files of its static
// site: HTML pages, the JSON API and the assets.
//
// Render is a pure function of its Input (RenderTo the same, handing each
// file to a callback as it is made, so that a build can write pages as
// they come instead of holding the site in memory): it reads templates and assets only
// through Input.Templates, does no other I/O, and gives byte-identical Files
// for identical input (no clock, no map order, chart IDs derived from names).
//
// # Site layout
//
// Every page's path comes from the route table, internal/route, whose
// package documentation lists the layout. The renderer's jobs are the pages
// of route.Site.Pages (routeSite gives it the names from the project and
// the reports), one page builder per route.Kind; the navigation, the known
// pages that evidence and alert links resolve against (pageTitles) and the
// check that no document replaces a generated page come from the same
// table. Every page links to others by paths relative to itself.
//
// # Views and page builders
//
// A Render first builds its model (model.go, type renderer): the views of
// the project and the analyses, each made by a constructor that takes the
// views it reads as arguments (newIterViews, newMetricViews, newDimViews,
// newItemSite, newDocViews, newDiscSite, newAlertIndex, newPwSite,
// newExpIndex, newBoards, newKnowledge, newSite); ARCHITECTURE.md lists
// them in order. Each page kind then has a builder, a plain function of
// the frame (frame.go: the site value every page shows, the assets, the
// base URL) and of the inputs it reads, in one file per page family:
// dashboard.go (dashboardPage: dashboardInputs), iterations.go
// (iterationIndexPage, iterationPage: iterationInputs), metrics.go
// (metricIndexPage, metricPage: metricInputs), dimensions.go
// (dimensionIndexPage, dimensionPage: dimensionInputs), alerts.go
// (alertsPage: alertsInputs), sources.go, searchpage.go, timeline.go
// (timelinePage, timelineAPI: the timelineSet newTimelineSet makes once
// per render), leaderboard.go, pairwise.go (pwPage, pwItemPage:
// pwItemInputs), discrepancy.go (discMatrixPage, pairPage: discInputs),
// items.go (itemIndexPage, itemPage: the itemSite), knowledge.go
// (taxonomyPage, followUpsPage) and pages.go (caseStudyIndex,
// decisionIndex, docPage: figureInputs, notFoundPage). An inputs struct
// names exactly what its page reads, and its xInputsOf function picks it
// out of the model; job (pages.go) wires each page kind to its builder.
//
// Every job also carries the inputs its page reads (Deps, from DepsOf: a
// function of the route.Page alone; DocDeps narrows a document's page by
// what its front matter and shortcodes cite), the contract an incremental
// renderer uses to tell which pages an edit touches; deps.go states it,
// resultparts.go fingerprints the parts of the results aggregate pages
// name, and TestDepsCoverEdits and TestRenderCachedResults check it by
// editing inputs and results one at a time.
// RenderCached (incremental.go) is that renderer: through a Cache it
// renders only the pages whose declared inputs, or the site frame, changed
// since the last render, and reuses the bytes of the others (with the new
// nav spliced in when only the nav changed, navsplice.go); after a prose
// edit it reuses the last render's model too (reuse.go).
//
// # Templates
//
// Templates are read from Input.Templates, normally Overlay(the project's
// templates/ folder, templates.FS). Each page type is its own template set,
// parsed once per Render from layout/base.html, partials/*.html and
// pages/<type>.html, and executed as "base"; so {{define}} names of
// different pages never clash. The page types are dashboard, iterations,
// iteration, metrics, metric, dimensions, dimension, casestudies,
// casestudy, decisions, page (content pages and decisions), notfound,
// items, item, alerts, discrepancies (the overview and the matrix pages),
// discrepancy (a pair), leaderboard (a round's board, or the list of
// rounds), sources, search, timeline, pairwise (a pairwise dimension),
// pairwiseitem (an item's judgements on one), followups and taxonomy (a
// taxonomy's index and its terms' pages). Each file is a template named by
// its path, and a parse or execution error is a *TemplateError naming the
// file, line and column and whether it is the project's override or the
// built-in ("templates/partials/footer.html:7:3 (project override): ...").
//
// A template's data is a page: .Site (Title, Description, BaseURL, Nav),
// .Title, .Path (the page's site path), .Root ("" or "../" and so on, the
// way back to the site root), .Section (the nav entry to highlight),
// .Charts (whether the page draws ECharts charts, so echarts.min.js and
// charts.js must be loaded; SVG sparklines need neither) and
// .Data, which depends on the page type (see the types in pages.go). Its
// methods give relative links: {{.Rel "metrics/index.html"}} and
// {{.Asset "style.css"}}, the hashed asset path. {{.Part "nav"}} writes a
// part of the layout executed once per template set, depth (.Root) and
// section in a render, not once per page (base.html writes the head's
// links, the nav and the footer so; a part may read only .Site, .Root, .Section and the link
// methods), and {{$p.Row "docrow" $doc}} a row executed once per set,
// depth and value (the doclist partial's document lines; written in Go by
// docRow when the templates' docrow and outcome are the default ones).
// Functions: num, delta, ci, pct, date, tone, join, pval, verdictClass,
// outcomeClass, changeSpan and verdictSpan (see format.go and
// fragment.go). Every string from the data is escaped by html/template;
// only Markdown bodies and chart snippets, which are template.HTML, are
// written as they are.
//
// Where a page has hundreds of small cells, the default templates print
// HTML written in Go (fragment.go) rather than execute an action a cell:
// the rating grids of the item pages, a doclist's lines, a change and a
// verdict (changeSpan, verdictSpan), a comparison's cells (compView.Fmt),
// an iteration's comparison rows and slice tables (compView.IterRow,
// SliceRows) and a verdict panel's rows (panelRow.HTML). Each writes the
// very bytes of the template it replaced, escaped as html/template
// escapes them, and a test in fragment_test.go compares the two on
// hostile values; the partials it replaced stay for templates of one's
// own.
//
// # The knowledge base
//
// knowledge.go makes the documents a knowledge base. Tags, case studies'
// status, owners and decision kinds are taxonomies (route.Taxonomies):
// each with terms gets an index with counts and a page per term (template
// "taxonomy"), and every document page shows its tags as pills (ul.pills,
// a.pill) linking there. A decision's page shows its governance (decided
// by, approved by, risk as span.risk.risk-<level>, what it supersedes, a
// banner naming the decisions that supersede it, its escalation and
// follow-ups) and its evidence with the figures behind it: a metric's or
// dimension's point, interval, comparison and (dimensions) alpha in each
// of the decision's iterations, a case study's verdict. followups.html
// lists the open follow-ups and unresolved escalations of every decision,
// overdue first; overdue is measured against project.ReferenceDate, the
// newest date in the project, never the clock. An iteration page groups the
// documents about it (case studies, decisions, investigations, the
// guideline versions in force from it); a dimension page lists which
// version of the rating guidelines each iteration was rated under
// (project.Guidelines), and its alpha chart draws a dashed vertical line
// (chart.Band.Changes) where the version changed. Document pages link to
// their source's edit page when Config.Repository is set. feed.go writes
// feed.xml (Atom, decisions and case studies, dated by front matter) and,
// with Config.BaseURL, sitemap.xml; api/documents.json holds every figure
// of these pages.
//
// # Reliability and alerts
//
// A dimension with an entry in Input.Reliability gets a reliability panel
// (alpha at the configured level with its interval and status, the other
// agreement figures where they exist, or the reason none can be computed),
// a chart of alpha per iteration against the agreement.alert and
// agreement.warn thresholds, a rater table, rater drift charts, a heat map
// of pairwise agreement and the items with the widest disagreement. A
// rater's offset is read as "lenient" or "severe" from half of the
// dimension's calibration limit (reliability.Dimension.MaxOffset, relative
// to its scale) on, in the dimension's direction (rating above the others
// is severe where lower is better), and marked bad beyond it. Each row of
// the full rater table has the id "rater-" and the rater's Slug, which the
// item pages' rating grids link to. With more than manyRaters (30) raters
// the page summarises instead of listing: the 20 least agreeing and the 10
// most prolific raters, the full table folded (up to 1,000), drift charts
// of the least agreeing only, and instead of the pair heat map and table
// the quantiles of pairwise agreement and the 20 least agreeing pairs.
// When the project has rater attributes (project.Raters), the page has a
// "Rater groups" section (#groups, #groups-<Slug(attribute)>): per
// attribute, a table of the groups (reliability.Group) and one of their
// pairwise comparisons (reliability.GroupDiff), flagged ones marked "judge
// differently"; api/raters.json has the same figures.
//
// Alerts (those of the report and Input.Alerts) are sorted most severe
// first (alert.Sort) and triaged (alerts.go). Alerts of one kind about one
// subject in one iteration are one finding, shown once at the highest
// severity with the others' messages folded under it. The alerts page opens
// with the latest iteration's alerts and those about no iteration, grouped
// by kind (groups in order of their most severe alert, then kind; a group
// lists its first five findings and folds the rest under "and N more"),
// then one <details> per older iteration, newest first (iterations the
// project lacks last), its summary counting the alerts by severity and
// naming the decisions whose front matter names the iteration. Every alert
// shows its subject by display labels (alert.Subject.Label: a metric as
// its label) and carries data-iteration, data-kind and data-severity;
// assets/alerts.js, loaded with defer, filters by the three from a form
// (hidden without the script, when everything is shown), keeps the filter
// in the URL's hash (#iteration=v5&kind=reliability&severity=error;
// "iteration=" for the alerts about no iteration), opens the folds that
// hold what it shows and updates the counts and a live region. The
// dashboard's panel ("dashalerts") shows only the latest iteration's and
// the pooled warnings and errors, three findings a group, with the
// decisions about that iteration and a line counting the rest; it says so
// when there are none. The nav shows "Alerts (N)" when there are any, and
// an alert links to its page only when the site has that page.
//
// # The verdict panel
//
// The dashboard (for the latest iteration) and every iteration page with a
// comparison open with a verdict panel (verdict.go, partials/verdict.html):
// the iteration against its comparison target, one row per compared metric,
// then one per rating dimension, each with the change ("Δ vs v4"), its
// interval and the verdict, and a forest plot drawn as inline SVG
// (chart.Forest): the change as a share of the target's mean, oriented so
// that right is better, on one axis whose half-width is chosen from the
// rows with an interval (a single far value is drawn clipped, as an arrow);
// a dashed tick marks a case study's minimum effect for that subject and
// iteration pair and the largest regression the thresholds allow. Human
// rows carry the dimension's own agreement record in that iteration (never
// the pooled one). A roll-up counts the verdicts of each channel and words
// the least reliable dimension's status; the decision shown is the one that
// names the iteration first and decides about the model (ship, rollback,
// hold). Rows carry data-kind and data-subject, the panel data-iteration and
// data-against, so tests read the figures a reader sees. Dashboard cards
// show the same comparison's delta, "vs" its target, and the iteration's
// alpha.
//
// # Experiments
//
// Input.Experiments gives every iteration page a comparison table against
// its target (its baseline, else the previous iteration, named above the
// table): mean, target mean, delta with its interval, p, p adjusted with the
// configured correction (named in the header), effect size, n, whether the
// comparison is paired (unpaired ones are labelled) and a verdict coloured
// by direction, bold when significant after correction, flagged with the
// kinds of the alerts about that subject in that iteration. Below it come
// the slice breakdowns, a slice that reverses the overall direction marked
// as a slice regression hidden by the aggregate, and above everything the
// alerts about the iteration. An alert's typed Subject (alert.Subject)
// says which metric, dimension, rater or pair it is about, and gives its
// display label; the metric and dimension pages list the alerts about them, mark their iterations on the trend
// chart, draw the configured floor and ceiling as dashed lines, state the
// thresholds and list the subject's comparisons. A case study with a
// verdict gets a verdict panel beside its prose (anchor #verdict), and its
// outcome is shown as a badge in the case-study index and in every list of
// documents. Anchors other pages may link to: #alerts, #comparisons and
// #slices on iteration pages, #comparisons on metric and dimension pages.
//
// # Discrepancy
//
// Input.Discrepancy gives the site its discrepancy pages when it has at
// least one pair (a metric and a dimension sharing an item); the nav then
// shows "Discrepancy" after "Human ratings". The overview opens with the
// open findings (no investigation explains them), then a selector of the
// matrix pages (all iterations pooled, each iteration with item-level
// records, the iteration level), the matrix of Spearman's rho of every
// metric (rows) with every correlated dimension (columns) as a diverging
// heat map whose cells open the pair pages and as a table with intervals and
// n, the explained findings with their investigations, the pooled verdict
// agreement of pairs with pass thresholds, the investigations, and notes on
// dimensions that are not correlated or have tied majorities.
//
// The heat map colours and labels each cell by the oriented rho: rho times
// the pair's orientation, -1 when exactly one of the metric and the
// dimension is lower-is-better and 1 otherwise, so that blue always means
// the metric agrees with the humans; its legend reads "disagrees" to
// "agrees" and its tooltips give the raw rho and the oriented one. Tables
// (the matrix, the pair page's coefficients, the pairs of a metric or
// dimension page) show rho as computed, each with its reading: "agrees"
// when the oriented rho is at least Config.Discrepancy.Floor, "disagrees"
// at most its negative, "weak" between, and the oriented value where it
// differs. A pair's validity chart draws the floor at orientation times
// Config.Discrepancy.Floor. The disagreement lists read "the metric rates
// better (worse) than the humans", in the metric's direction.
//
// A pair page shows the pooled, partial and iteration-level coefficients
// with intervals, the per-iteration Spearman rho with its band, the floor and
// a mark on each iteration with a finding, the per-iteration records, a
// scatter plot of metric against consensus (one group per iteration, or per
// run of iterations beyond maxScatterGroups, thinned evenly beyond
// maxScatter points, each point opening its item's page), the
// verdict agreement (pooled confusion matrix and per-iteration kappa), the
// two disagreement lists with the items' texts escaped, cut to an excerpt
// with the whole text in a <details>, items an investigation examined
// marked, and the pair's findings and investigations. A pair of a nominal
// dimension shows its reason and the verdicts only: unordered labels have no
// position to plot.
// Items of the lists get item pages listing the lists they appear in.
// An item page shows, per dimension, its ratings as a grid of raters (rows)
// by iterations (columns) with the column's consensus (discrepancy.Combine)
// at the bottom, each rater linking to their row of the dimension page's
// rater table; a rating with a comment (project.Rating.Comment) has a
// numbered link (a.cmark) in its cell to the comment, listed below the grid
// (ol.comments, ids "<grid anchor>-c<n>"). The item's outputs per
// iteration (project.Item.Outputs) are shown side by side (div.outputs,
// one section.output each; one column below about 40rem and in print),
// each with a word diff (internal/textdiff, <del> and <ins> in
// pre.text.diff) against the reference system of its round in an
// unordered project (or the round's first system with an output when it
// names no reference) and against the baseline's or else the nearest
// earlier iteration's output in a timeline; texts over textdiff's caps are
// shown unmarked with a note, and long ones folded (pre.text.fold, a
// scroll box on screen, whole in print). Its metric values are a table of
// iterations by metrics;
// metric and dimension pages list their pairs (#discrepancy), a document
// that investigates discrepancies shows what it investigates, and the
// dashboard counts the open findings. Anchors: #verdicts, #high, #low,
// #validity and #findings on pair pages.
//
// # Systems and leaderboards
//
// When the project's shape is unordered (project.Shape: "systems" or
// "rounds"), site.Unordered is set and the iteration pages describe
// systems: the nav says "Systems"; the iteration index lists each system's
// round and role (reference or candidate), not an order; a system's page
// has no previous/next pager, shows its ranks on its round's leaderboard
// and its comparison with the reference ("the reference system"; pairs
// when the round has none, each shown on the later system's page, with
// no verdict panel); "Δ previous" columns are left out (trend has no such
// delta); the dashboard shows the last leaderboard's top groups instead
// of the latest iteration and its cards; the alerts open with
// renderer.current, the reference system (the last round's reference for
// rounds, none without one), then the other systems; metric cards show
// the best system's mean. Input.Leaderboard gives one leaderboard page per
// round (boardView): the ranks of every system on every metric and
// numeric dimension side by side, the system-level Kendall tau-b and
// Pearson r of each metric with each dimension, and per subject a table of
// rank, system (linked to its page, the reference tagged), mean with
// interval, rank range and group, a line (tr.group-start) opening each
// group after the first. The page draws no chart; its tables scroll in
// their boxes at 390 px.
//
// # Pairwise preferences
//
// Input.Preference (package preference) gives each pairwise dimension a
// page (pairwise.go, pages/pairwise.html; the nav's "Side by side" opens
// the first): the head-to-head matrix, the win rate of the row's system
// over the column's in Bradley-Terry order (table.pwmatrix; td.pw with
// class good above 50%, bad below, flat at it, sig bold when the interval
// excludes 50%, unjudged for a pair never judged, shown as "not judged",
// never 50%), every judged pair with counts, interval and standard error,
// the Bradley-Terry strengths with their Elo-like ratings, in a star the
// candidates compared through the hub, iterations against their
// baselines, win rates by slice, the judges' quality (alpha among raters,
// people against judge models with Cohen's kappa, length bias, position
// bias per rater, self-preference), per-round tables, and the judged items.
// Each judged item has a drill-down (pages/pairwiseitem.html): its input,
// per pair of systems both answers side by side (div.outputs) and every
// judgement read from the pair's first side, with the rater's kind and
// comment (escaped). A system's page lists its win rate against each
// opponent (#pairwise); the leaderboards rank the systems by strength on
// each pairwise dimension (subjectBoard.Pairwise: no groups; the win rate
// over the reference in the group's column). api/pairwise.json has every
// figure, and the footer links it.
//
// # Layout, assets and charts
//
// layout/base.html loads the hashed style.css and favicon.svg, keys.js on
// every page (under 1 KB, deferred: "/" focuses the search box), and, on
// pages with ECharts charts only, echarts.min.js and charts.js, both with
// defer;
// a page type may add to the <head> by defining "head" (404.html does).
// partials/nav.html writes the nav twice: a bar for wide screens and, below
// 40rem, a <details class="menu"> whose summary names the current section,
// so the menu opens without script. The wide bar ends with a search box, a
// GET form to search.html?q=... (none on search.html itself, which has its
// own); below 40rem the menu's Search link stands for it. style.css holds the light and dark
// (prefers-color-scheme) colours, the chart colours (--chart-strong,
// --chart-tint, --chart-cap, --chart-ref, --chart-mark, --chart-text,
// --chart-axis, --chart-grid and the series palette --chart-1 to
// --chart-7), which charts.js hands to ECharts, and the print styles (no
// navigation, tables unclipped, charts at page width, colours kept).
//
// Every chart carries a one-sentence summary built from the figures it
// draws (charts.go: seriesSummary, bandSummary and the like), which is its
// aria-label. Sparklines are inline SVG (chart.Spark): the dashboard and the
// metric index load no script but keys.js. After a page is executed, every
// <div class="scroll"> of it becomes a focusable region (tabindex="0",
// role="region") named by its table's caption or the heading above it
// (a11y.go), so templates write a plain <div class="scroll">.
//
// 404.html links relative to the site root, which is right from a file
// system and at a server's root; over http(s) its script probes for the
// hashed style sheet under the path of Config.BaseURL and then under every
// folder above the requested address, deepest first, and makes every
// relative link start from the folder where it is found.
//
// Every page carries a Content-Security-Policy meta element right after its
// charset (layout/base.html, block "csp"): script only from the site's own
// files (script-src 'self', no 'unsafe-inline', no 'unsafe-eval'), style
// attributes allowed, images from the site and data: URLs, no plugins, no
// <base>. Charts carry their options as JSON blocks that charts.js draws
// (package chart); the one inline script, 404.html's, is allowed by its
// hash in that page's own "csp" block. TestInlineScripts and
// TestContentSecurityPolicy hold every page to it.
//
// # Live figures, search and timeline
//
// A document's shortcodes (project.Document.Shortcodes, placeholders in its
// HTML) are resolved on its own page (figures.go) into docData.Body, which
// the casestudy and page templates write: metric and delta give a
// <span class="fig"> (delta also "delta good", "bad", "flat", "hint-good"
// or "hint-bad" after the comparison's verdict) with data-fig,
// data-subject and data-iteration, the value and its interval in
// <span class="fig-ci">, and a title that words the figure in full; alpha
// the same for Krippendorff's alpha at the dimension's level; verdict the
// outcome badge ("fig outcome outcome-supported"); chart the metric's or
// dimension's trend chart in a <div class="fig-chart"> (the page then loads
// ECharts). A figure the data does not have (no value, comparison or alpha
// in that iteration; the same chart twice on a page) is an error naming the
// shortcode's file:line:col. Every text is escaped.
//
// The case-study index is paginated: route.PerPage case studies a page,
// the first at casestudies/index.html and the others at
// casestudies/page-<n>.html (route.CaseStudiesPage), each with a
// nav.listpager (partial listpager, docsData.Pager) above and below the
// table: the rows shown, previous and next, and the first, last and
// nearest pages; search finds any case study by a word. A term's documents
// (route.TermPage, taxonomyData.Pager) and the documents about an
// iteration (route.IterationPage; the first page is the iteration's own,
// the others iterdocs.html with iterDocsData) are paginated the same way,
// the iteration's groups (case studies, decisions, ...) cut across pages.
//
// search.html (searchpage.go, pages/search.html) loads the vendored
// MiniSearch, the search index (search.go: route.SearchIndex, a script
// assigning window.evalbookSearch, written with the pages) and
// assets/search.js; the data is searchData (the index's path and size).
// timeline.html (timeline.go, pages/timeline.html) shows a chart.Timeline
// of the iterations, case studies, decisions, investigations and error
// alerts (one event per iteration with any, linking to the alerts page
// filtered to them) and the same events as a list (ol.timeline) newest
// first, undated ones apart; the data is timelineData. A lane of more than
// timelineMarkers events is drawn one point per month, sized by its count
// (chart.TimelineEvent.Count, .Period), linking the month in the list. The
// list holds route.PerPage events a page (route.TimelinePage), grouped by
// month under h3 headings whose id (m2006-01) marks a month's newest
// event; the first page also has the index by month (a table of counts by
// kind). The events are made once per render (newTimelineSet) and
// api/timeline.json holds every count. The nav ends with "Timeline" and
// "Search" before the weighted content pages.
//
// # Figures
//
// Figures show three significant digits, never fewer integer digits, with
// the metric's unit; a figure that cannot be computed shows "n/a", never
// NaN. Changes are signed and carry the class good, bad or flat, read in
// the metric's direction.
package render

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"html/template"
	"io/fs"
	"runtime"
	"runtime/pprof"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/evalbook/evalbook/internal/alert"
	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/discrepancy"
	"github.com/evalbook/evalbook/internal/experiment"
	"github.com/evalbook/evalbook/internal/leaderboard"
	"github.com/evalbook/evalbook/internal/preference"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/reliability"
	"github.com/evalbook/evalbook/internal/route"
	"github.com/evalbook/evalbook/internal/trend"
)

// Input is everything a render needs.
type Input struct {
	Config  *config.Config   // nil means config.Default()
	Project *project.Project // nil means an empty project
	Trends  trend.Report     // the analyses of Project
	// Reliability is the agreement analysis of Project's ratings; the zero
	// Report renders as a site without reliability figures. Its Alerts are
	// shown on the dashboard and the alerts page.
	Reliability reliability.Report
	// Experiments are the comparisons of every iteration with its target
	// and the verdicts of the case studies' experiments; the zero Report
	// renders as a site without them. Its Alerts are not read: pass them
	// in Alerts.
	Experiments experiment.Report
	// Discrepancy is the analysis of where metrics and ratings disagree; the
	// zero Report renders as a site without discrepancy pages. Its Alerts
	// are not read: pass them in Alerts.
	Discrepancy discrepancy.Report
	// Leaderboard ranks the systems of every round of an unordered project
	// (project.Shape); the zero Report renders no leaderboard pages.
	Leaderboard leaderboard.Report
	// Preference is the analysis of the project's pairwise dimensions; the
	// zero Report renders no pairwise pages and no api/pairwise.json.
	Preference preference.Report
	// Alerts are the findings of other analyses (the experiment analysis
	// among them), shown with Reliability.Alerts; nil for none.
	Alerts    []alert.Alert
	Templates fs.FS // see Overlay
	// ResultsID, when not 0, names the analysis results above (Trends to
	// Alerts): a caller gives two renders through one Cache the same
	// ResultsID only when it gives them the very same results, so that
	// RenderCached may reuse what it made of them (reuse.go). 0 promises
	// nothing.
	ResultsID uint64
}

// Files is a rendered site: slash-separated paths relative to the site root
// -> contents.
type Files map[string][]byte

// add puts a file in the set; a path written twice is an error, since one of
// the two pages would be lost.
func (f Files) add(name string, b []byte) error {
	if _, dup := f[name]; dup {
		return fmt.Errorf("two outputs want the path %s", name)
	}
	f[name] = b
	return nil
}

// Render renders every page and JSON document of the site.
func Render(in Input) (Files, error) {
	files := Files{}
	var mu sync.Mutex
	err := RenderTo(in, func(name string, b []byte) error {
		mu.Lock()
		defer mu.Unlock()
		return files.add(name, b)
	})
	if err != nil {
		return nil, err
	}
	return files, nil
}

// RenderTo renders what Render does but hands each file to put as soon as
// it is made, from the render's goroutines, and keeps none: a build that
// writes the pages as they come (output.Stream) never holds the whole site
// in memory. put must be safe for concurrent use and refuse a name given
// twice. On error some files may have been put already; the caller drops
// them (output.Stream.Abort).
func RenderTo(in Input, put func(name string, b []byte) error) error {
	return renderTo(in, nil, func(name string, b []byte, _ func([]byte)) error { return put(name, b) })
}

// RenderToLending is RenderTo for a caller that gives the pages' bytes
// back: with a file's bytes b, put gets release, nil when b is the
// caller's to keep, else what the caller calls with b, once, when it no
// longer reads b (a one-off build: once the file is written); the render
// then writes a later page into the same memory. `evalbook serve` keeps
// the pages of its last build, so it renders with Render.
func RenderToLending(in Input, put func(name string, b []byte, release func([]byte)) error) error {
	return renderTo(in, newPagePool(), put)
}

// renderTo is RenderToLending with the pages' buffers lent from pool (nil:
// none lent).
func renderTo(in Input, pool *pagePool, put func(name string, b []byte, release func([]byte)) error) error {
	if in.Templates == nil {
		return fmt.Errorf("render: no templates")
	}
	// The templates are parsed while the views are built: neither reads
	// the other, and the views are mostly one goroutine's work.
	src := sourceOf(in)
	var sets map[string]*template.Template
	var setsErr error
	parsed := make(chan struct{})
	go func() {
		defer close(parsed)
		sets, setsErr = parseSets(src)
	}()
	r, err := newRenderer(in)
	<-parsed
	if err != nil {
		return err
	}
	if setsErr != nil {
		return setsErr
	}
	return r.putFiles(sets, src, pool, put)
}

// putFiles puts every file of the render: the assets, the search index
// and the feeds, the API, and the pages, these with their buffers lent
// from pool (nil: not lent; see RenderToLending).
func (r *renderer) putFiles(sets map[string]*template.Template, src templateSource, pool *pagePool, lend func(name string, b []byte, release func([]byte)) error) error {
	put := func(name string, b []byte) error { return lend(name, b, nil) }
	for _, name := range sortedKeys(r.assets.files) {
		if err := put(name, r.assets.files[name]); err != nil {
			return err
		}
	}
	// The pages are rendered while the search index is still being built
	// (newRenderer starts it) and while the extras and the API are made,
	// which no page reads: the search page waits for the index's path.
	// Made after the pages, the API's marshalling left a core idle at the
	// render's end.
	var extrasErr, apiErr error
	var rest sync.WaitGroup
	rest.Go(func() { extrasErr = r.putExtras(put) })
	rest.Go(func() { apiErr = r.putAPI(put) })
	var release func([]byte)
	if pool != nil {
		release = pool.release
	}
	pagesErr := runTo(len(r.pages), func(i int) job { return r.job(r.pages[i]) }, sets, src, pool, func(_ int, pg rendered) error {
		if pg.lent {
			return lend(pg.name, pg.body, release)
		}
		return put(pg.name, pg.body)
	})
	rest.Wait()
	return cmp.Or(extrasErr, pagesErr, apiErr)
}

// putExtras puts the extras (addExtras: the search index and the feeds),
// then lets go of the index's body and of the parts kept for patching it
// (some MB on thousands of documents).
func (r *renderer) putExtras(put func(name string, b []byte) error) error {
	extras := Files{}
	if err := r.addExtras(extras); err != nil {
		return err
	}
	for _, name := range sortedKeys(extras) {
		if err := put(name, extras[name]); err != nil {
			return err
		}
	}
	r.search.dropParts()
	return nil
}

// putAPI puts the JSON API's documents.
func (r *renderer) putAPI(put func(name string, b []byte) error) error {
	api, err := r.api()
	if err != nil {
		return err
	}
	for _, name := range sortedKeys(api) {
		if err := put(name, api[name]); err != nil {
			return err
		}
	}
	return nil
}

// sortedKeys returns the names of a file set in order.
func sortedKeys[V any](m map[string]V) []string {
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// addExtras adds the files that are neither pages nor the API, which every
// render writes whole: the search index and the feeds.
func (r *renderer) addExtras(files Files) error {
	feeds, err := r.feeds()
	if err != nil {
		return err
	}
	return r.addSearchAnd(files, feeds)
}

// addSearchAnd adds the search index and the files extra.
func (r *renderer) addSearchAnd(files, extra Files) error {
	ix, err := r.awaitSearch()
	if err != nil {
		return err
	}
	if err := files.add(ix.Path, ix.Body); err != nil {
		return err
	}
	for name, b := range extra {
		if err := files.add(name, b); err != nil {
			return err
		}
	}
	return nil
}

// job is one page to render: its template set, and a function building its
// data (charts included, so they are built in parallel too).
type job struct {
	pg   route.Page
	path string
	kind string // the template set
	deps Deps   // what the page reads (DepsOf)
	page func() (*page, error)
}

// rendered is one rendered page.
type rendered struct {
	name    string
	body    []byte
	section string // the page's nav section (page.Section)
	lent    bool   // body is a buffer of the render's pagePool
}

// run renders the jobs on GOMAXPROCS goroutines. The result is in job order
// and the first error in job order wins, so failures are deterministic too.
func run(jobs []job, sets map[string]*template.Template, src templateSource) ([]rendered, error) {
	out := make([]rendered, len(jobs))
	err := runTo(len(jobs), func(i int) job { return jobs[i] }, sets, src, nil, func(i int, pg rendered) error {
		out[i] = pg // each index is written by one goroutine
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// runTo renders the jobs jobAt(0) to jobAt(n-1) on GOMAXPROCS goroutines
// and hands each page to put with its job's index as it is done, in no
// fixed order, keeping none. The first error in job order wins (a
// render's or put's), so failures are deterministic. A job is made
// (jobAt) when a goroutine takes it, so that a render of hundreds of
// thousands of pages does not hold every job's closure and inputs for its
// whole length. With a pool, the pages' bytes are the pool's buffers where
// they can be (execute) and put must see that they are given back.
func runTo(n int, jobAt func(int) job, sets map[string]*template.Template, src templateSource, pool *pagePool, put func(i int, pg rendered) error) error {
	errs := make([]error, n)
	pc := newParts(sets)
	pc.fsys = src.fsys
	var next atomic.Int64 // the index of the next job to take
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(1, n)) {
		wg.Go(func() {
			var buf bytes.Buffer
			// The page type as a profile label (pprof -tags splits
			// the render's time by it), set when it changes.
			labels, kind := map[string]context.Context{}, ""
			defer pprof.SetGoroutineLabels(context.Background())
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				j := jobAt(i)
				if j.kind != kind {
					ctx := labels[j.kind]
					if ctx == nil {
						ctx = pprof.WithLabels(context.Background(), pprof.Labels("kind", j.kind))
						labels[j.kind] = ctx
					}
					pprof.SetGoroutineLabels(ctx)
					kind = j.kind
				}
				var pg rendered
				if pg, errs[i] = execute(j, sets, src, pc, &buf, pool); errs[i] == nil {
					errs[i] = put(i, pg)
				}
				// A page's template output far larger than the others'
				// (an index of every item) is not kept for the rest of
				// the render.
				if buf.Cap() > bigBuffer {
					buf = bytes.Buffer{}
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// bigBuffer is the largest template output a render goroutine keeps its
// buffer's room for.
const bigBuffer = 4 << 20

// execute renders one job into a fresh byte slice, or one of pool's (then
// the page is lent). A page type Go writes whole (goBase) is written into
// a builder of its own sized from the last page of the type
// (parts.sizeHint), or into a buffer of pool, whose bytes become the
// page's without a copy (pageBuf.bytes); a template's output goes through buf
// and is copied out of it.
func execute(j job, sets map[string]*template.Template, src templateSource, pc *parts, buf *bytes.Buffer, pool *pagePool) (rendered, error) {
	set, ok := sets[j.kind]
	if !ok {
		return rendered{}, fmt.Errorf("render: no template set %q", j.kind)
	}
	pg, err := j.page()
	if err != nil {
		return rendered{}, fmt.Errorf("rendering %s: %w", j.path, err)
	}
	pg.kind, pg.parts = j.kind, pc
	if d, ok := pg.Data.(interface{ release() }); ok {
		defer d.release() // the page's data is not read once it is written
	}
	if content := pc.goBase(j.kind); content != nil {
		var b pageBuf
		if n := pc.sizeHint(j.kind); pool != nil {
			b.lend(pool.get(n))
		} else {
			b.Grow(n)
		}
		plainBox, err := writeBase(&b, pg, content)
		if err != nil {
			return rendered{}, fmt.Errorf("rendering %s: %w", j.path, src.place(err))
		}
		pc.noteSize(j.kind, b.Len())
		body := b.bytes()
		if pool != nil {
			body = b.lent()
		}
		if plainBox || !scrollFree[j.kind] {
			// body itself when it has no plain box, else a new slice:
			// then the pool's buffer is free again.
			if out := scrollRegions(body); len(out) == 0 || len(body) == 0 || &out[0] != &body[0] {
				if pool != nil {
					pool.release(body)
				}
				return rendered{name: j.path, body: out, section: pg.Section}, nil
			}
		}
		return rendered{name: j.path, body: body, section: pg.Section, lent: pool != nil}, nil
	}
	buf.Reset()
	if err := set.ExecuteTemplate(buf, "base", pg); err != nil {
		return rendered{}, fmt.Errorf("rendering %s: %w", j.path, src.place(err))
	}
	body := scrollRegions(buf.Bytes())
	if pool != nil && len(body) > 0 && len(body) <= maxPooled {
		return rendered{name: j.path, body: append(pool.get(len(body)), body...), section: pg.Section, lent: true}, nil
	}
	// A page with table boxes is a new slice already; the buffer's own
	// bytes, or a slice with much room to spare (kept by a render.Cache),
	// are copied.
	if len(body) > 0 && (&body[0] == &buf.Bytes()[0] || cap(body)-len(body) > 512) {
		body = bytes.Clone(body)
	}
	return rendered{name: j.path, body: body, section: pg.Section}, nil
}

// pageTypes lists the template sets, by the name of their file in pages/.
var pageTypes = []string{
	"dashboard", "iterations", "iteration", "metrics", "metric", "dimensions",
	"dimension", "iterdocs", "casestudies", "casestudy", "decisions", "page", "notfound",
	"items", "item", "alerts", "discrepancies", "discrepancy", "leaderboard", "sources",
	"pairwise", "pairwiseitem", "search", "timeline", "followups", "taxonomy",
}

// sourceOf returns where in's templates come from.
func sourceOf(in Input) templateSource {
	src := templateSource{fsys: in.Templates}
	if in.Config != nil {
		src.dir = in.Config.Paths.Templates
	}
	return src
}

// parseSets parses one template set per page type from src (parseTemplates)
// and, where the templates are the default ones, lets Go write what they
// would (goContents): a case study's page, the case-study index, the
// timeline's and the taxonomies' pages, the discrepancy and alerts pages,
// and an item's, iteration's, metric's and dimension's page.
//
// The sets of the built-in templates (builtIn: no file overridden or
// added) are made once per process and shared by every render
// (builtInSets), as a Cache shares its sets between renders: a render
// only executes its sets, html/template escapes a template on its first
// execution under the set's lock, and executing a set is safe
// concurrently. Copying every page type's trees was most of a small
// render's template setup.
func parseSets(src templateSource) (map[string]*template.Template, error) {
	if builtIn(src.fsys) {
		return builtInSets()
	}
	return newSets(src)
}

// newSets is parseSets making the sets anew.
func newSets(src templateSource) (map[string]*template.Template, error) {
	sets, err := parseTemplates(src)
	if err != nil {
		return nil, err
	}
	for _, g := range goContents {
		if !g.apart(src.fsys) {
			continue
		}
		if _, err := sets[g.kind].New("go:" + g.kind).Parse(g.stub); err != nil {
			return nil, err
		}
	}
	return sets, nil
}

// parseTemplates parses one template set per page type from src. Each file
// is a template named by its path ("partials/footer.html"), so that errors
// name the file (TemplateError). The layout and the partials, which every
// set holds, are parsed once and copied into each set (html/template
// rewrites a set's trees when it first executes, so sets share none); each
// page type's file is then parsed into its own set, after them, as if the
// set had been parsed file by file. The built-in files are parsed once per
// process, not per render (parseFiles, defaultTrees); a project's
// overrides are parsed here.
func parseTemplates(src templateSource) (map[string]*template.Template, error) {
	fsys := src.fsys
	partials, err := fs.Glob(fsys, "partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("listing partials: %w", err)
	}
	fm := funcs()
	common, err := parseFiles(src, template.New(pageTypes[0]).Funcs(fm), append([]string{"layout/base.html"}, partials...), true)
	if err != nil {
		return nil, fmt.Errorf("parsing templates of page type %s: %w", pageTypes[0], err)
	}
	sets := make(map[string]*template.Template, len(pageTypes))
	for _, kind := range pageTypes {
		t := template.New(kind).Funcs(fm)
		for _, c := range common.Templates() {
			if c.Tree == nil {
				continue
			}
			if _, err := t.AddParseTree(c.Name(), c.Tree.Copy()); err != nil {
				return nil, err
			}
		}
		if _, err := parseFiles(src, t, []string{"pages/" + kind + ".html"}, false); err != nil {
			return nil, fmt.Errorf("parsing templates of page type %s: %w", kind, err)
		}
		if t.Lookup("base") == nil {
			return nil, fmt.Errorf("templates of page type %s: layout/base.html defines no \"base\"", kind)
		}
		sets[kind] = t
	}
	return sets, nil
}

// parseFiles parses the files names of src into t, each as a template
// named by its path, and returns t. A file that is byte for byte the
// built-in one (not overridden by the project) is not parsed again: t gets
// the trees parsed once per process (defaultTrees), themselves when t is
// never executed (shared), else copies of them.
func parseFiles(src templateSource, t *template.Template, names []string, shared bool) (*template.Template, error) {
	defaults := defaultTrees()
	for _, f := range names {
		b, err := fs.ReadFile(src.fsys, f)
		if err != nil {
			return nil, err
		}
		if d := defaults[f]; d != nil && d.text == string(b) {
			if d.err != nil {
				return nil, src.place(d.err)
			}
			if err := addTrees(t, d.trees, shared); err != nil {
				return nil, err
			}
			continue
		}
		if _, err := t.New(f).Parse(string(b)); err != nil {
			return nil, src.place(err)
		}
	}
	return t, nil
}
