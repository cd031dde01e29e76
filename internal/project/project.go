// Package project is the in-memory model of an evalbook project: its
// iterations, automated metric values, human ratings, items and Markdown
// documents.
//
// A Project is assembled once by package ingest from a project folder and is
// read-only from then on: analyses and renderers share it without copying
// and must not modify it. Every slice in it has a documented, deterministic
// order, so everything derived from it is deterministic too.
package project

import (
	"fmt"
	"html/template"
	"iter"
	"slices"
	"strings"
	"time"
)

// Project is everything read from a project folder.
type Project struct {
	// Shape says how the iterations relate: ShapeTimeline (the zero
	// value), ShapeSystems or ShapeRounds; see SetShape.
	Shape      Shape
	Iterations []Iteration // in series order (Iteration.Order)
	Metrics    []Metric    // sorted by Name
	Dimensions []Dimension // sorted by Name
	// Pairwise holds the side-by-side judgements, one entry per pairwise
	// dimension (an aspect judged by choosing the better of two answers),
	// sorted by Name.
	Pairwise []PairwiseDimension
	Items    []Item // sorted by ID
	// Raters holds what a raters file (or an export) says about the
	// raters: their attributes, such as group, expertise or locale. Sorted
	// by ID; raters it does not name have no entry.
	Raters      []Rater
	CaseStudies []Document // newest Date first, then by Slug
	Pages       []Document // content pages, sorted by Slug
	// DocsFront is ingest's fingerprint (SHA-256) of the documents but
	// their bodies: each one's kind, source, slug, checked front matter and
	// shortcodes, the case studies then the pages, in order; zero when
	// unknown. Two projects with the same non-zero DocsFront have the same
	// documents but for their HTML, so a later stage can tell a prose edit
	// without comparing every document. Whoever changes a loaded project's
	// documents must set it to zero.
	DocsFront [32]byte
	// Sources reports what was read from each data file and what was
	// skipped and why: metric files, then annotation files, each in path
	// order.
	Sources []SourceReport
}

// SourceReport is what ingest made of one data file.
type SourceReport struct {
	Path   string // relative to the project root, slash-separated
	Kind   string // "metrics", "annotations", "outputs" or "raters"
	Format string // the reader that read it; "" when none did (see NotRead)
	// Records counts the file's records in the format's unit (a row, a
	// line, an annotation of a task, an assignment); Read those that gave at
	// least one value, rating or gold answer. Records = Read + the Skipped
	// counts.
	Records int
	Read    int
	Values  int // metric values, ratings, outputs or raters kept
	// Replaced counts ratings that a later rating by the same rater of the
	// same item, dimension and iteration replaced (a warning each).
	Replaced int
	Comments int    // rater comments kept (Rating.Comment)
	Items    int    // items whose text the file gave (their Pos is in it)
	Skipped  []Skip // by reason, most frequent first, then by reason
	NotRead  string // why no reader took the file (lenient); "" when read
	// Empty says why a file that was read gave no record: "empty file" (no
	// bytes) or "no records" (a header only, or blank lines); "" otherwise.
	// Such a file is also a warning: it is never skipped without a word.
	Empty string
}

// Skip counts the records of a source skipped for one reason, or with Part
// set the parts of read records skipped (a Label Studio result that is not
// a rating, an empty answer cell).
type Skip struct {
	Reason string
	N      int
	Part   bool
	// Configured marks what the configuration asked to leave out (columns
	// a wide pattern does not pick, iterations project.exclude names): it
	// is listed, but it is no sign of bad input.
	Configured bool
	Example    Pos // the first one
}

// SkippedRecords returns the number of whole records the source skipped.
func (s SourceReport) SkippedRecords() int {
	n := 0
	for _, k := range s.Skipped {
		if !k.Part {
			n += k.N
		}
	}
	return n
}

// Pos is a position in an input file, for error messages and links back to
// the source of a number.
type Pos struct {
	File string // path relative to the project root, slash-separated
	Line int    // 1-based
}

func (p Pos) String() string { return fmt.Sprintf("%s:%d", p.File, p.Line) }

// Iteration is one model version under evaluation.
type Iteration struct {
	ID          string
	Order       int       // 0-based position in the series
	Date        time.Time // zero when unknown
	Baseline    string    // ID of the iteration it is compared to; "" for none
	Description string
	// Round is the round of improvement the iteration is a candidate in
	// (shape rounds; from the iterations file); "" otherwise.
	Round string
	// Reference marks the system the others of its round (or of an
	// unordered project) are compared with.
	Reference bool
}

// Direction says which way a metric improves.
type Direction int

const (
	HigherIsBetter Direction = iota
	LowerIsBetter
)

func (d Direction) String() string {
	if d == LowerIsBetter {
		return "lower"
	}
	return "higher"
}

// Metric is one automated metric and all its values.
type Metric struct {
	Name        string
	Label       string // display name (config), defaults to Name
	Description string
	Unit        string
	Direction   Direction
	Headline    bool   // shown on the dashboard
	Values      Values // in input order: files by name, then rows
	// Moments are the metric's pre-aggregated moments per iteration and
	// slice, from aggregate files, in input order; a metric with moments
	// and no Values is summarised from them (Aggregated).
	Moments []MetricMoments
	// Paired are the moments of its paired differences between iterations
	// (aggregate files), in input order.
	Paired []PairedMoments
	// Pearson are the sums of its correlation with dimensions' consensus
	// per iteration (aggregate files), in input order.
	Pearson []PearsonSums
	// Replicates are the Poisson bootstrap replicates of its mean per
	// iteration (aggregate files), in input order.
	Replicates []MetricReplicate
	// Verdicts are its verdict agreement tables against dimensions per
	// iteration (aggregate files), in input order.
	Verdicts []VerdictCounts
}

// MetricValue is one observation of a metric, as Values.At gives it. Item
// is "" for a value that describes a whole iteration rather than one item.
type MetricValue struct {
	Iteration string
	Item      string
	Slice     string
	Value     float64
	Time      time.Time // zero when the input has no timestamp
	Pos       Pos
}

// Scale is the level of measurement of a rating dimension.
type Scale string

const (
	Nominal  Scale = "nominal"
	Ordinal  Scale = "ordinal"
	Interval Scale = "interval"
	Ratio    Scale = "ratio"
)

// Dimension is one aspect raters judge, with all its ratings.
type Dimension struct {
	Name        string
	Label       string
	Description string
	Scale       Scale
	Numeric     bool     // every rating is a number
	Labels      []string // category order of a label dimension (config, else first appearance)
	Ratings     Ratings  // in input order: files by name, then rows (columns.go)
	// Gold holds the known answer of gold items: item ID -> the value as
	// written (from items.jsonl's "gold" object or an annotation file's gold
	// column). Nil when the dimension has no gold items.
	Gold map[string]string
	// Coincidences, RaterMoments, RaterPairs and AlphaMoments are the dimension's pre-aggregated
	// statistics from aggregate files, in input order; a dimension with a
	// coincidence matrix and no Ratings is analysed from them (Aggregated).
	Coincidences []Coincidence
	RaterMoments []RaterMoments
	RaterPairs   []RaterPair
	AlphaMoments []AlphaMoments
}

// Rating is one rater's judgement of one item on one dimension.
type Rating struct {
	Item      string
	Rater     string
	Iteration string  // "" when the input does not say
	Value     float64 // the number, for numeric dimensions
	Label     string  // the value as written in the input
	Time      time.Time
	// Comment is the rater's free text about the item, if the input has one
	// (a Label Studio textarea); every rating of that annotation carries it.
	Comment string
	Pos     Pos
}

// Item is one evaluated example, from items.jsonl or, for items that file
// does not have, from the item text a data file carries (a Label Studio
// task's data, a batch-results file's Input.* columns).
type Item struct {
	ID        string
	Input     string
	Output    string
	Reference string
	Slices    map[string]string // slice name -> value, for example "language" -> "de"
	// Outputs are the item's outputs per iteration or system, from the
	// outputs files, in series order (iterations outside the series last,
	// by ID). Output above is the one output items.jsonl may give.
	Outputs []Output
	Pos     Pos
}

// Output is the text one iteration or system produced for an item.
type Output struct {
	Iteration string
	Text      string // as written
	Pos       Pos
}

// Rater is what the project knows about one rater beyond their ratings.
type Rater struct {
	ID string
	// Attrs maps an attribute (group, expertise, locale ...) to the
	// rater's value; an attribute the rater has no value for is absent.
	Attrs map[string]string
	Pos   Pos
}

// RaterAttributes returns the attributes any rater has, sorted.
func (p *Project) RaterAttributes() []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range p.Raters {
		for k := range r.Attrs {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	slices.Sort(out)
	return out
}

// Kind tells the sorts of Markdown document apart.
type Kind string

const (
	CaseStudy Kind = "casestudy"
	Decision  Kind = "decision"
	Page      Kind = "page"
)

// Document is a Markdown file with its front matter, rendered to HTML.
type Document struct {
	Kind   Kind
	Source string // path relative to the project root, slash-separated
	Slug   string // output path without extension, for example "casestudies/grounding"
	Meta   FrontMatter
	// HTML is the rendered body. Where the body has a shortcode, it holds a
	// placeholder (markdown.Placeholder(i) for Shortcodes[i]) that the
	// renderer replaces with the figure.
	HTML       template.HTML
	Shortcodes []Shortcode // in the order they appear
}

// Shortcode is a {{< name args >}} in a document's body: a figure computed
// from the data, put into the prose by the renderer. Its names are checked
// against the project at ingest; its figure is looked up at render time.
type Shortcode struct {
	Name      string   // one of the Shortcode* constants
	Args      []string // as written; see the constants
	Line, Col int      // where it starts in the document's file (1-based; Col counts characters)
}

// The shortcodes.
const (
	ShortcodeMetric  = "metric"  // {{< metric NAME ITERATION >}}: mean with its interval (a metric or a numeric dimension)
	ShortcodeDelta   = "delta"   // {{< delta NAME ITERATION >}}: the change against the iteration's comparison target, with its verdict
	ShortcodeAlpha   = "alpha"   // {{< alpha DIMENSION ITERATION >}}: Krippendorff's alpha with its interval
	ShortcodeVerdict = "verdict" // {{< verdict >}}: the outcome of this case study's experiment
	ShortcodeChart   = "chart"   // {{< chart metric NAME >}} or {{< chart dimension NAME >}}: the trend chart
)

// FrontMatter is the TOML block between +++ lines at the top of a document.
// Unknown keys are an error, so a misspelt key is caught at build time.
type FrontMatter struct {
	Title      string    `toml:"title"`
	Date       time.Time `toml:"date"`
	Summary    string    `toml:"summary"`
	Iterations []string  `toml:"iterations"` // iterations the document concerns; must exist
	Tags       []string  `toml:"tags"`
	Weight     int       `toml:"weight"` // orders pages in menus, lighter first
	Draft      bool      `toml:"draft"`  // drafts are not rendered
	Kind       string    `toml:"kind"`   // "decision", or empty (from the folder)

	// Case studies.
	Hypothesis string   `toml:"hypothesis"`
	Status     string   `toml:"status"`  // "planned", "running", "done"
	Outcome    string   `toml:"outcome"` // one-line result in the author's words
	Metrics    []string `toml:"metrics"`
	Dimensions []string `toml:"dimensions"`

	// Case studies that state an experiment before its result; evalbook
	// evaluates it. Primary names the metric or dimension that decides;
	// MinEffect is the smallest improvement worth shipping, in the primary's
	// units and its good direction; PlannedN the planned number of items.
	Baseline     string   `toml:"baseline"`
	Candidate    string   `toml:"candidate"`
	Primary      string   `toml:"primary"`
	MinEffect    *float64 `toml:"min_effect"`
	PlannedN     int      `toml:"planned_n"`
	StoppingRule string   `toml:"stopping_rule"`

	// Owner is the person responsible for the document (a taxonomy).
	Owner string `toml:"owner"`

	// Decisions.
	Decision string `toml:"decision"` // one of DecisionKinds
	// DecidedBy names who took the decision; Deciders is its older
	// spelling, which ingest copies into DecidedBy (setting both is an
	// error).
	DecidedBy  []string    `toml:"decided_by"`
	Deciders   []string    `toml:"deciders"`
	ApprovedBy []string    `toml:"approved_by"`
	Risk       string      `toml:"risk"` // one of Risks, or ""
	Escalation *Escalation `toml:"escalation"`
	FollowUps  []FollowUp  `toml:"follow_ups"`
	// Supersedes names an earlier decision this one replaces: its slug
	// ("decisions/hold-v6-distilled") or site path
	// ("/decisions/hold-v6-distilled.md"); ingest checks that it exists and
	// stores its slug.
	Supersedes string   `toml:"supersedes"`
	Evidence   []string `toml:"evidence"` // slugs or URLs the decision rests on

	// Annotation guidelines: a document with a GuidelineVersion is one
	// version of the rating guidelines, in force from the iteration
	// EffectiveFrom on ("" for a version not yet in force) for the
	// dimensions it lists (Dimensions above; none: every dimension).
	GuidelineVersion string `toml:"guideline_version"`
	EffectiveFrom    string `toml:"effective_from"`

	// Investigations: a document that names discrepancies between a metric
	// and a rating dimension records their root-cause analysis.
	Discrepancies []DiscrepancyRef `toml:"discrepancies"`
}

// DiscrepancyRef names one discrepancy an investigation explains: a metric
// and a dimension, optionally narrowed to iterations and items, and the root
// cause found (one of Causes).
type DiscrepancyRef struct {
	Metric     string   `toml:"metric"`
	Dimension  string   `toml:"dimension"`
	Iterations []string `toml:"iterations"` // none: every iteration
	Items      []string `toml:"items"`      // items examined; optional
	Cause      string   `toml:"cause"`
}

// Escalation is a decision's escalation: to whom, why, and whether it is
// resolved (Status "open" or "resolved"), with an optional due date.
type Escalation struct {
	To     string    `toml:"to"`
	Why    string    `toml:"why"`
	Status string    `toml:"status"`
	Due    time.Time `toml:"due"`
}

// Open reports whether the escalation is unresolved.
func (e *Escalation) Open() bool { return e != nil && e.Status == "open" }

// FollowUp is one action a decision leaves to someone: a sentence, its
// owner, an optional due date and whether it is done.
type FollowUp struct {
	Text  string    `toml:"text"`
	Owner string    `toml:"owner"`
	Due   time.Time `toml:"due"`
	Done  bool      `toml:"done"`
}

// DecisionKinds are the values of a decision's decision key: about a
// model (ship, rollback, hold), about how it is measured (the rating
// guidelines, the metrics), or about how the team works (process).
var DecisionKinds = []string{"ship", "rollback", "hold", "change-guidelines", "change-metrics", "process"}

// Risks are the values of a decision's risk key, lowest first.
var Risks = []string{"low", "medium", "high"}

// Statuses are the values of a case study's status key.
var Statuses = []string{"planned", "running", "done"}

// EscalationStatuses are the values of an escalation's status key.
var EscalationStatuses = []string{"open", "resolved"}

// Causes are the root causes an investigation may name: the rating
// guidelines did not cover the case, the data (items or references) were
// at fault, the prompt or system under test behaved unexpectedly, the
// metric measures something other than what humans judge, or none of these.
var Causes = []string{"guideline-gap", "data-gap", "prompt-issue", "metric-flaw", "other"}

// Iteration returns the iteration with the given ID.
func (p *Project) Iteration(id string) (Iteration, bool) {
	for i := range p.Iterations { // by index: a copy of each would cost more than the test
		if p.Iterations[i].ID == id {
			return p.Iterations[i], true
		}
	}
	return Iteration{}, false
}

// Item returns the item with the given ID.
func (p *Project) Item(id string) (Item, bool) {
	lo, hi := 0, len(p.Items)
	for lo < hi {
		m := (lo + hi) / 2
		if p.Items[m].ID < id {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(p.Items) && p.Items[lo].ID == id {
		return p.Items[lo], true
	}
	return Item{}, false
}

// Documents yields the case studies, then the content pages, in the
// project's order (that of slices.Concat(p.CaseStudies, p.Pages)), as
// pointers into p's slices: no document is copied. The caller must not
// change them.
func (p *Project) Documents() iter.Seq[*Document] {
	return func(yield func(*Document) bool) {
		for _, list := range [2][]Document{p.CaseStudies, p.Pages} {
			for i := range list {
				if !yield(&list[i]) {
					return
				}
			}
		}
	}
}

// Decisions returns the content pages of kind Decision, newest first.
func (p *Project) Decisions() []Document {
	var out []Document
	for _, d := range p.Pages {
		if d.Kind == Decision {
			out = append(out, d)
		}
	}
	SortNewestFirst(out)
	return out
}

// SortNewestFirst orders documents by date, newest first, then by slug
// (NewestFirst), keeping the order of equal ones.
func SortNewestFirst(docs []Document) {
	// Documents are large: their order is sorted, then applied once.
	order := make([]*Document, len(docs))
	for i := range order {
		order[i] = &docs[i]
	}
	slices.SortStableFunc(order, NewestFirst)
	sorted := make([]Document, len(docs))
	for k, d := range order {
		sorted[k] = *d
	}
	copy(docs, sorted)
}

// NewestFirst compares documents by date, newest first, then by slug: the
// order of SortNewestFirst, for sorting pointers to documents.
func NewestFirst(a, b *Document) int {
	if c := b.Meta.Date.Compare(a.Meta.Date); c != 0 {
		return c
	}
	return strings.Compare(a.Slug, b.Slug)
}

// PairwiseDimension is one aspect judged side by side: shown two systems'
// answers to the same item, a rater (a person or a judge model) says
// which is better.
type PairwiseDimension struct {
	Name        string
	Label       string // display name (config [dimensions]), defaults to Name
	Description string
	Judgements  []Judgement // in input order: files by name, then rows
}

// Judgement is one side-by-side judgement: on Item, Rater compared the
// answers of SystemA and SystemB (in the order the data gives them).
type Judgement struct {
	Item, Rater      string
	SystemA, SystemB string
	// P is the probability that B's answer is better: 0 when A won, 1 when
	// B won, 0.5 for a tie, or a weighted judge's probability in [0, 1]
	// (Weighted true).
	P        float64
	Weighted bool
	// First is "a" or "b" when the data say which answer was shown first,
	// "" when they do not.
	First string
	// LengthA and LengthB are the lengths of the two answers when the data
	// give them; NaN when not.
	LengthA, LengthB float64
	Slice            string // the item's slice from the judgement's file, "" for none
	Comment          string // the rater's comment, if any
	Pos              Pos
}
