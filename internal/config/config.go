// Package config reads a project's config.toml.
//
// Every key has a default (see Default), so an empty or missing config.toml
// describes a valid project. Paths in the file are relative to the project
// root, the folder that holds config.toml. A key the Config type does not
// know is an error naming the key and its line: a typo never passes silently.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/evalbook/evalbook/internal/tomlfile"
)

// Config is the whole configuration of a project.
type Config struct {
	// Title is the site title shown in every page header.
	Title string `toml:"title"`
	// Description is a sentence under the title on the dashboard.
	Description string `toml:"description"`
	// BaseURL is the address the site is published at, for example
	// "https://org.github.io/repo/". Links in the site are relative, so it is
	// used only for the canonical link and the JSON API's self links.
	BaseURL string `toml:"baseURL"`
	// Repository is the web address of the repository that holds the
	// project, such as "https://github.com/org/repo"; when set, every
	// document's page links to its source file's edit page there
	// (<repository>/edit/<edit_branch>/<file>, the file relative to the
	// project folder, which is taken to be the repository's root).
	Repository string `toml:"repository"`
	// EditBranch is the branch edit links open; "main" by default.
	EditBranch string `toml:"edit_branch"`
	// People lists the names documents may give as deciders, approvers,
	// owners and escalation contacts. When it is set, any other name is a
	// build error (a typo must not pass); when empty, any name is accepted.
	People []string `toml:"people"`
	// Unsafe lets raw HTML in Markdown through; by default it is escaped.
	Unsafe bool `toml:"unsafe"`
	// Lenient turns a data file that no reader takes into a warning, and a
	// record that lacks a required field into a skipped record (counted on
	// the data-quality page), instead of an error. A source may override it.
	Lenient bool `toml:"lenient"`
	// Sources say how to read particular data files (see Source); files in
	// the data folders that no source names are read with the defaults.
	Sources []Source `toml:"sources"`

	Project     ProjectShape               `toml:"project"`
	Paths       Paths                      `toml:"paths"`
	Columns     Columns                    `toml:"columns"`
	Ingest      Ingest                     `toml:"ingest"`
	Analysis    Analysis                   `toml:"analysis"`
	Agreement   Agreement                  `toml:"agreement"`
	Experiment  Experiment                 `toml:"experiments"`
	Discrepancy Discrepancy                `toml:"discrepancy"`
	Content     Content                    `toml:"content"`
	Limits      Limits                     `toml:"limits"`
	Metrics     map[string]MetricConfig    `toml:"metrics"`
	Dimensions  map[string]DimensionConfig `toml:"dimensions"`

	// Root is the project folder: paths above are relative to it. It is set
	// by Load, not read from the file.
	Root string `toml:"-"`
	// File is the config file Load read, or "" when defaults were used.
	File string `toml:"-"`
}

// The shapes a project's iterations can take (ProjectShape.Shape).
const (
	// ShapeTimeline: the iterations are versions in series order, each
	// compared with its baseline or the previous one (the default).
	ShapeTimeline = "timeline"
	// ShapeSystems: the iterations are unordered systems judged on the same
	// items, ranked on a leaderboard and compared with the reference
	// system, or pairwise when there is none.
	ShapeSystems = "systems"
	// ShapeRounds: a timeline of rounds, each with several candidate
	// systems; data/iterations.toml gives each iteration its round, and
	// marks each round's reference (reference = true).
	ShapeRounds = "rounds"
)

// ProjectShape says how a project's iterations relate to each other.
type ProjectShape struct {
	// Shape is "timeline" (the default), "systems" or "rounds".
	Shape string `toml:"shape"`
	// Reference names the system every other system of a "systems" project
	// is compared with; "" compares every pair. Rounds name their
	// references in the iterations file instead.
	Reference string `toml:"reference"`
	// Exclude lists iterations (or systems) to leave out of the whole
	// analysis, such as the human references of a benchmark that published
	// figures leave out; their values are read, counted on the data-quality
	// page and set aside.
	Exclude []string `toml:"exclude"`
	// DataRoots lists folders outside the project that its inputs may
	// resolve into through symbolic links (such as a data folder that
	// links to a shared dataset store), relative to the project folder.
	// Every path evalbook reads must resolve inside the project folder
	// or one of these.
	DataRoots []string `toml:"data_roots"`
}

// The settings of Ingest.OnBadValue.
const (
	OnBadValueError = "error" // a value that breaks its dimension's configured scale stops the build
	OnBadValueSkip  = "skip"  // it is left out and counted on the data-quality page
)

// Ingest says how strictly data is read.
type Ingest struct {
	// OnBadValue is what a rating that breaks its dimension's configured
	// scale does (a label on a numeric scale, a number outside min and
	// max, a label the configured labels lack): "error" (the default)
	// stops the build naming its file:line:col; "skip" leaves the rating
	// out and counts it, by reason, on the data-quality page and in
	// api/sources.json, with the position of the first.
	OnBadValue string `toml:"on_bad_value"`
}

// DefaultRaters is the default raters file (Paths.Raters).
const DefaultRaters = "data/raters.csv"

// Paths locates a project's inputs and its output, relative to Root.
type Paths struct {
	Metrics     string `toml:"metrics"`     // folder of metric CSVs
	Annotations string `toml:"annotations"` // folder of annotation CSV and JSONL files
	Iterations  string `toml:"iterations"`  // optional iterations.toml
	Items       string `toml:"items"`       // optional items.jsonl
	// Outputs is the folder of outputs files (item, iteration, output:
	// each iteration's or system's own output for an item).
	Outputs string `toml:"outputs"`
	// Raters is the optional raters file (rater, then one column per
	// attribute). Left at its default, data/raters.csv, a
	// data/raters.tsv or data/raters.jsonl is read too.
	Raters      string `toml:"raters"`
	CaseStudies string `toml:"casestudies"` // folder of case-study Markdown
	Content     string `toml:"content"`     // folder of free Markdown pages
	Templates   string `toml:"templates"`   // folder whose files override the embedded templates
	Output      string `toml:"output"`      // the site folder
}

// Columns renames the columns evalbook looks for in CSV headers and JSONL
// keys: the field is the canonical name, the value the name in the files.
type Columns struct {
	Iteration string `toml:"iteration"`
	Metric    string `toml:"metric"`
	Value     string `toml:"value"`
	Item      string `toml:"item"`
	Slice     string `toml:"slice"`
	Timestamp string `toml:"timestamp"`
	Rater     string `toml:"rater"`
	Dimension string `toml:"dimension"`
}

// Source says how to read the data files that Path matches: which reader
// (Format) and where the reader finds the fields a project needs. Every
// mapping key is optional; docs/inputs.md lists which key each format uses.
type Source struct {
	// Path is a glob (path.Match syntax, slash-separated) relative to the
	// project root, such as "data/annotations/*.json".
	Path string `toml:"path"`
	// Kind is "metrics", "annotations", "outputs" (item, iteration, output),
	// "raters" (rater and attributes) or "aggregates" (pre-aggregated
	// statistics, docs/aggregates.md); empty means the kind of the data
	// folder (paths.metrics, paths.annotations, paths.outputs) the file
	// lies in, or "raters" for the raters file.
	Kind string `toml:"kind"`
	// Format names the reader ("csv", "tsv", "jsonl", "label-studio",
	// "label-studio-min", "batch-results", "argilla", "prodigy",
	// "lm-eval-results", "lm-eval-samples", "metrics-jsonl", "pairwise", "wide"); "auto"
	// or empty picks the first reader whose sniff of the file's head accepts
	// it ("wide" is read only when named).
	Format string `toml:"format"`

	// Item, Iteration, Rater, Dimension, Value, Metric and Timestamp name the
	// column (or key) holding that field, overriding [columns] for these
	// files.
	Item      string `toml:"item"`
	Iteration string `toml:"iteration"`
	Rater     string `toml:"rater"`
	Dimension string `toml:"dimension"`
	Value     string `toml:"value"`
	Metric    string `toml:"metric"`
	Timestamp string `toml:"timestamp"`
	// IterationValue, RaterValue and DimensionValue give every record of
	// a file that lacks the column the same iteration, rater or dimension.
	IterationValue string `toml:"iteration_value"`
	RaterValue     string `toml:"rater_value"`
	DimensionValue string `toml:"dimension_value"`
	// Dimensions lists the fields that hold ratings, for formats that
	// cannot tell ratings from other fields (label-studio-min, batch-results);
	// empty means every field the format takes for a rating.
	Dimensions []string `toml:"dimensions"`
	// Comment names the field that holds a rater's free-text comment
	// (csv, jsonl, label-studio-min, batch-results; Label Studio's own
	// export marks comments by their textarea type).
	Comment string `toml:"comment"`
	// Input, Output and Reference name the fields kept as an item's text.
	// In an outputs file, Input is the item's input text (kept when the
	// items file has no such item) and Output the output (canonically
	// output).
	Input     string `toml:"input"`
	Output    string `toml:"output"`
	Reference string `toml:"reference"`
	// OtherIteration and OtherOutput name a second iteration (or system)
	// and its output on the same record of an outputs file, such as
	// AlpacaEval's baseline and baseline_output; a text repeated for the
	// same item and iteration is kept once.
	OtherIteration string `toml:"other_iteration"`
	OtherOutput    string `toml:"other_output"`
	// OtherColumns says what an outputs file's columns (JSONL keys) that
	// no field names do: "error" (the default) or "ignore" (left out and
	// counted in the source's report).
	OtherColumns string `toml:"other_columns"`
	// Delimiter of delimited text: ",", "\t", ";", "|", " " (runs of
	// spaces and tabs); empty means sniffed from the header line.
	Delimiter string `toml:"delimiter"`
	// Lenient overrides the top-level lenient for these files.
	Lenient *bool `toml:"lenient"`
	// Missing lists the cell texts of delimited text that mean a missing
	// value, such as "None" or "NA"; such a cell reads as empty. Only the
	// data rows are affected, not the header.
	Missing []string `toml:"missing"`

	// Columns is a regular expression that picks the value columns of a
	// wide table (format "wide"), matched against the whole column name.
	// Its named groups rater and dimension (annotations) or metric
	// (metrics) take that field from the column name; columns it does not
	// match are ignored and listed in the source's report.
	Columns string `toml:"columns"`
	// Rename maps, per group of Columns ("rater", "dimension", "metric"),
	// a captured text to the name evalbook uses: [sources.rename.dimension]
	// RE = "relevance".
	Rename map[string]map[string]string `toml:"rename"`
	// Stderr says what the lm-eval-results format does with a task's
	// standard errors ("acc_stderr,none"): "skip" (the default; counted in
	// the report) or "keep" (a metric named task/acc_stderr).
	Stderr string `toml:"stderr"`

	// SystemA, SystemB and Winner name the columns of a pairwise
	// preferences file (the two systems in the order shown and the outcome;
	// canonically system_a, system_b and winner): a source that sets any of
	// them is read as pairwise judgements (format "pairwise").
	SystemA string `toml:"system_a"`
	SystemB string `toml:"system_b"`
	Winner  string `toml:"winner"`
	// WinnerScale says how the winner column reads: "ab" (the default: a,
	// b, tie, or a number in [0, 1], the probability that b is better) or
	// "1-2" (AlpacaEval's preference: 1 for a, 2 for b, 1.5 a draw,
	// fractions weighted; b's probability is the value minus 1).
	WinnerScale string `toml:"winner_scale"`
	// First names the column that says which answer was shown first ("a"
	// or "b"; canonically first), LengthA and LengthB the columns of the
	// two answers' lengths (canonically length_a and length_b), and Slice
	// the column of the item's slice (else [columns] slice).
	First   string `toml:"first"`
	LengthA string `toml:"length_a"`
	LengthB string `toml:"length_b"`
	Slice   string `toml:"slice"`

	// Line is the line of the [[sources]] table in the config file, for
	// messages; set by Load.
	Line int `toml:"-"`
}

// Pairwise reports whether the source maps the columns of a pairwise
// preferences file.
func (s Source) Pairwise() bool {
	return s.SystemA != "" || s.SystemB != "" || s.Winner != "" || s.WinnerScale != ""
}

// Analysis holds the settings shared by the statistical analyses.
type Analysis struct {
	// Confidence is the level of every confidence interval, in (0, 1).
	Confidence float64 `toml:"confidence"`
	// Resamples is the number of bootstrap resamples.
	Resamples int `toml:"resamples"`
	// Seed fixes the bootstrap's random numbers, so builds are reproducible.
	Seed uint64 `toml:"seed"`
}

// Agreement holds the thresholds of the inter-rater reliability analysis.
type Agreement struct {
	// Alert is the alpha below which a dimension's ratings support no
	// conclusions (Krippendorff: 0.667); an error alert.
	Alert float64 `toml:"alert"`
	// Warn is the alpha below which conclusions are tentative
	// (Krippendorff: 0.8); a warning.
	Warn float64 `toml:"warn"`
	// DriftDrop is how far a rater's agreement with the others (correlation
	// with the leave-one-out consensus, or for labels the rate of agreeing
	// with its majority) may fall below its best earlier iteration before a
	// calibration alert is raised.
	DriftDrop float64 `toml:"drift_drop"`
	// MaxOffsetRel is how far a rater's mean rating may sit from the
	// consensus of the others in one iteration before a calibration alert
	// is raised (leniency or severity), as a fraction of the dimension's
	// range: its configured max minus min, else the range of its ratings.
	// The default 0.125 is half a point on a 1-5 scale and about 3 points
	// on a 0-25 penalty scale.
	MaxOffsetRel float64 `toml:"max_offset_rel"`
	// MaxOffset, when above 0, is the same limit in scale points for every
	// dimension, in place of MaxOffsetRel.
	MaxOffset float64 `toml:"max_offset"`
	// Strict makes a repeated rating (same rater, item, dimension and
	// iteration) an error instead of a warning.
	Strict bool `toml:"strict"`
	// Disagreements is how many items with the widest disagreement each
	// dimension page lists.
	Disagreements int `toml:"disagreements"`
}

// MetricConfig describes one automated metric.
type MetricConfig struct {
	Label       string `toml:"label"`       // display name; defaults to the metric name
	Description string `toml:"description"` // what the metric measures
	Unit        string `toml:"unit"`        // shown after values, for example "ms" or "%"
	Direction   string `toml:"direction"`   // "higher" (default) or "lower" is better
	Headline    bool   `toml:"headline"`    // show on the dashboard
	Thresholds
}

// Thresholds are the limits an iteration is held to on one metric or
// dimension; every one is optional. Values are in the subject's own units.
type Thresholds struct {
	// Min and Max bound the iteration's mean: outside them is an error alert.
	Min *float64 `toml:"min"`
	Max *float64 `toml:"max"`
	// MaxRegression is the largest change in the bad direction against the
	// baseline that is allowed, in the subject's units; MaxRegressionRel the
	// same as a fraction of the baseline's mean (0.05 = 5%). A change beyond
	// either is an error alert when the comparison is "worse": its interval
	// excludes zero and it is significant after the iteration's correction
	// (Experiment.Correction), or it has no test at all (one value on each
	// side). Beyond a limit but not significant, it is an info alert, a
	// possible regression.
	MaxRegression    *float64 `toml:"max_regression"`
	MaxRegressionRel *float64 `toml:"max_regression_rel"`
	// SignificantRegression is the severity of a regression within the
	// limits that is "worse" (its confidence interval excludes zero in the
	// bad direction and it is significant after the iteration's
	// correction): "error", "warning" (the default) or "off".
	SignificantRegression string `toml:"significant_regression"`
	// Sentinel watches every iteration's value for anomalies: a value far
	// outside its recent history (robust z-score) raises a warning.
	Sentinel bool `toml:"sentinel"`
	// Pass is the per-item value at or beyond which (in the good direction)
	// an item passes on a metric, for the verdict agreement with human
	// ratings; it is not an alert threshold.
	Pass *float64 `toml:"pass"`
}

// Experiment holds the settings of the iteration comparisons and case-study
// verdicts.
type Experiment struct {
	// Correction adjusts the p-values of one iteration's family of tests,
	// its comparisons and all their slices, for their number: "holm"
	// (default; Holm's weighted procedure, which keeps the chance of any
	// false significance in the family at most Alpha), "bh" (the weighted
	// Benjamini-Hochberg procedure, which keeps the expected share of false
	// discoveries at most Alpha) or "none" (raw p-values, no weights).
	Correction string `toml:"correction"`
	// SliceWeight is the share of the family's weight the slice
	// comparisons get in the correction (0.2): each of the m subject
	// comparisons of an iteration gets (1 - SliceWeight) / m and each of
	// its s slice comparisons SliceWeight / s, so that the comparisons a
	// release depends on keep most of their power however many slices
	// there are. 0 means slices never count as significant; it must be
	// below 1. An iteration without slices gives its comparisons all the
	// weight. Nil only in a Config not made by Default or Load.
	SliceWeight *float64 `toml:"slice_weight"`
	// Alpha is the significance level of the tests (0.05).
	Alpha float64 `toml:"alpha"`
	// Power is the power used for minimum detectable effects (0.8).
	Power float64 `toml:"power"`
	// AnomalyWindow is how many earlier iterations a sentinel compares with
	// (8); AnomalyZ the robust z-score beyond which a value is anomalous (3.5).
	AnomalyWindow int     `toml:"anomaly_window"`
	AnomalyZ      float64 `toml:"anomaly_z"`
}

// Discrepancy holds the settings of the analysis of where metrics and
// human ratings disagree.
type Discrepancy struct {
	// Floor is the Spearman correlation with a dimension a metric must be
	// shown to reach (an iteration's interval above it) and below which (an
	// iteration's interval below it) it is said to have stopped (0.3); Drop
	// the largest gap tolerated between the highest earlier interval's lower
	// end and an iteration's upper end (0.2). Both are read in the metric's
	// good direction; see package discrepancy.
	Floor float64 `toml:"floor"`
	Drop  float64 `toml:"drop"`
	// MinItems is the fewest items with both a metric value and a rating an
	// iteration needs for its correlation to be checked (20).
	MinItems int `toml:"min_items"`
	// Top is how many items each disagreement list shows per direction (10).
	Top int `toml:"top"`
	// Partial adds the partial correlation controlling for iteration to the
	// pooled records (true).
	Partial bool `toml:"partial"`
	// Intervals is how the intervals of the item-level correlations are
	// computed: "analytic" (Fisher's z, and the asymptotic variance of
	// tau-b; the default) or "bootstrap" (analysis.resamples percentile
	// bootstrap resamples, slower).
	Intervals string `toml:"intervals"`
}

// DimensionConfig describes one human-rating dimension.
type DimensionConfig struct {
	Label       string `toml:"label"`
	Description string `toml:"description"`
	// Scale is the level of measurement: "nominal", "ordinal", "interval" or
	// "ratio". Empty means interval for numeric ratings, nominal for labels.
	Scale string `toml:"scale"`
	// Labels lists the categories of a label dimension in their order.
	Labels []string `toml:"labels"`
	// Min and Max bound a numeric scale, for example 1 and 5.
	Min *float64 `toml:"min"`
	Max *float64 `toml:"max"`
	// Direction says which way the consensus improves: "higher" (default)
	// or "lower"; label dimensions are not compared.
	Direction string `toml:"direction"`
	// Thresholds for the consensus mean, as for metrics. Its min and max
	// are spelt floor and ceiling here, since min and max bound the scale.
	Floor                 *float64 `toml:"floor"`
	Ceiling               *float64 `toml:"ceiling"`
	MaxRegression         *float64 `toml:"max_regression"`
	MaxRegressionRel      *float64 `toml:"max_regression_rel"`
	SignificantRegression string   `toml:"significant_regression"`
	// Consensus combines the ratings of one item in one iteration: "mean"
	// (the default), "median" or "majority" for numeric ratings; label
	// dimensions always take the majority.
	Consensus string `toml:"consensus"`
	// Pass is the consensus at or beyond which (in the good direction) an
	// item passes; PassLabels the passing labels of a label dimension.
	// With a metric's pass, they give the verdict agreement of the two.
	Pass       *float64 `toml:"pass"`
	PassLabels []string `toml:"pass_labels"`
}

// Content holds the settings of the Markdown documents.
type Content struct {
	// PlainPages lets Markdown files without +++ front matter through as
	// pages titled by their file name; by default such a file is an error,
	// so that a stray text file (or a link to one) is never published by
	// accident.
	PlainPages bool `toml:"plain_pages"`
}

// Limits bounds what evalbook reads, so that a broken or hostile input
// ends in a clear error instead of exhausting memory or time. Every
// limit is generous by default (DefaultLimits).
type Limits struct {
	// FileBytes is the largest input file, in bytes.
	FileBytes int64 `toml:"file_bytes"`
	// FieldBytes is the longest field of a data file: a CSV cell, a JSON
	// string.
	FieldBytes int `toml:"field_bytes"`
	// NameBytes is the longest name: of an iteration, metric, dimension,
	// rater or item.
	NameBytes int `toml:"name_bytes"`
	// Columns is the most columns a delimited file's header may have.
	Columns int `toml:"columns"`
	// Resamples is the most bootstrap resamples analysis.resamples may ask
	// for.
	Resamples int `toml:"resamples"`
	// ExcerptBytes is how much of an offending value an error quotes; a
	// longer value is cut, with an ellipsis and its length.
	ExcerptBytes int `toml:"excerpt_bytes"`
}

// DefaultLimits returns the limits of a config that sets none.
func DefaultLimits() Limits {
	return Limits{FileBytes: 1 << 30, FieldBytes: 8 << 20, NameBytes: 1024, Columns: 10000, Resamples: 100000, ExcerptBytes: 200}
}

// Default returns the configuration of a project with no config.toml.
func Default() *Config {
	return &Config{
		Title:      "Evaluation report",
		EditBranch: "main",
		Project:    ProjectShape{Shape: ShapeTimeline},
		Paths: Paths{
			Metrics:     "data/metrics",
			Annotations: "data/annotations",
			Iterations:  "data/iterations.toml",
			Items:       "data/items.jsonl",
			Outputs:     "data/outputs",
			Raters:      DefaultRaters,
			CaseStudies: "casestudies",
			Content:     "content",
			Templates:   "templates",
			Output:      "site",
		},
		Columns: Columns{
			Iteration: "iteration", Metric: "metric", Value: "value", Item: "item",
			Slice: "slice", Timestamp: "timestamp", Rater: "rater", Dimension: "dimension",
		},
		Ingest:      Ingest{OnBadValue: OnBadValueError},
		Analysis:    Analysis{Confidence: 0.95, Resamples: 1000, Seed: 1},
		Agreement:   Agreement{Alert: 0.667, Warn: 0.8, DriftDrop: 0.2, MaxOffsetRel: 0.125, Disagreements: 20},
		Experiment:  Experiment{Correction: "holm", SliceWeight: ptr(0.2), Alpha: 0.05, Power: 0.8, AnomalyWindow: 8, AnomalyZ: 3.5},
		Discrepancy: Discrepancy{Floor: 0.3, Drop: 0.2, MinItems: 20, Top: 10, Partial: true, Intervals: "analytic"},
		Limits:      DefaultLimits(),
	}
}

// ErrInvalid is the kind of a config value that is out of range or not
// one of those allowed (errors.Is finds it through Load's errors).
var ErrInvalid = errors.New("invalid setting")

// invalid is a validation error of kind ErrInvalid, with err's message.
type invalid struct{ error }

func (e invalid) Unwrap() []error { return []error{e.error, ErrInvalid} }

// Load reads the config file at path over the defaults and sets Root to its
// folder. When path does not exist and optional is true (the user did not
// name a file), Load returns the defaults rooted at the file's folder.
func Load(path string, optional bool) (*Config, error) {
	c := Default()
	c.Root = filepath.Dir(path)
	if info, err := os.Stat(path); err == nil && !info.Mode().IsRegular() {
		return nil, fmt.Errorf("reading config: %s is not a regular file", path) // a named pipe would block
	}
	src, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && optional {
		return c, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading config: %w", err)
	}
	c.File = path
	if _, err := tomlfile.Decode(string(src), path, 1, c); err != nil {
		return nil, err
	}
	if err := c.validate(); err != nil {
		var ke *keyError
		if errors.As(err, &ke) {
			return nil, &tomlfile.Error{File: path, Line: keyLine(string(src), ke.key), Msg: ke.msg, Kind: ErrInvalid}
		}
		return nil, fmt.Errorf("%s: %w", path, invalid{err})
	}
	if err := c.validateSources(string(src)); err != nil {
		return nil, err
	}
	return c, nil
}

// keyLine returns the line of key in src, else of its closest enclosing
// table that is there, else 0.
func keyLine(src string, key toml.Key) int {
	for n := len(key); n > 0; n-- {
		if line := tomlfile.KeyLine(src, key[:n]); line > 0 {
			return line
		}
	}
	return 0
}

// Where names the place of the dotted key (such as "paths.metrics") in
// the config file for messages: "config.toml:12", the file alone when the
// key is not written there, or "config.toml (defaults)" when there is no
// file.
func (c *Config) Where(key string) string {
	if c.File == "" {
		return "config.toml (defaults)"
	}
	src, err := os.ReadFile(c.File)
	if err != nil {
		return c.File
	}
	if line := tomlfile.KeyLine(string(src), strings.Split(key, ".")); line > 0 {
		return fmt.Sprintf("%s:%d", c.File, line)
	}
	return c.File
}

// Path returns p, a path from the config, joined to the project root.
func (c *Config) Path(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(c.Root, p)
}

// Metric returns the settings of the named metric, filled with defaults.
func (c *Config) Metric(name string) MetricConfig {
	m := c.Metrics[name]
	if m.Label == "" {
		m.Label = name
	}
	if m.Direction == "" {
		m.Direction = "higher"
	}
	return m
}

// Dimension returns the settings of the named dimension, with its label
// and direction defaulted; Scale stays empty when the config leaves it to
// the data.
func (c *Config) Dimension(name string) DimensionConfig {
	d := c.Dimensions[name]
	if d.Label == "" {
		d.Label = name
	}
	if d.Direction == "" {
		d.Direction = "higher"
	}
	return d
}

// OffsetLimit is the calibration limit of a dimension in scale points:
// agreement.max_offset when it is set, else agreement.max_offset_rel times
// the dimension's range, its configured max minus min when both are set,
// else observed (the range of its ratings, 0 when unknown).
func (c *Config) OffsetLimit(name string, observed float64) float64 {
	if c.Agreement.MaxOffset > 0 {
		return c.Agreement.MaxOffset
	}
	d := c.Dimensions[name]
	if d.Min != nil && d.Max != nil && *d.Max > *d.Min {
		return c.Agreement.MaxOffsetRel * (*d.Max - *d.Min)
	}
	return c.Agreement.MaxOffsetRel * observed
}

// Thresholds returns the dimension's limits in the shape metrics use.
func (d DimensionConfig) Thresholds() Thresholds {
	return Thresholds{
		Min: d.Floor, Max: d.Ceiling,
		MaxRegression: d.MaxRegression, MaxRegressionRel: d.MaxRegressionRel,
		SignificantRegression: d.SignificantRegression,
	}
}

var scales = map[string]bool{"": true, "nominal": true, "ordinal": true, "interval": true, "ratio": true}

func (c *Config) validate() error {
	if c.Analysis.Confidence <= 0 || c.Analysis.Confidence >= 1 {
		return keyErrorf("analysis.confidence", "analysis.confidence is %v; want a level between 0 and 1, such as 0.95", c.Analysis.Confidence)
	}
	if err := c.Limits.validate(); err != nil {
		return err
	}
	if c.Analysis.Resamples < 100 {
		return keyErrorf("analysis.resamples", "analysis.resamples is %d; want at least 100 (1000 is the default)", c.Analysis.Resamples)
	}
	if c.Analysis.Resamples > c.Limits.Resamples {
		return keyErrorf("analysis.resamples", "analysis.resamples is %d, over limits.resamples (%d); raise the limit if you mean it", c.Analysis.Resamples, c.Limits.Resamples)
	}
	if a := c.Agreement; a.Alert > a.Warn || a.Warn > 1 || a.Alert < -1 {
		return keyErrorf("agreement.alert", "agreement.alert (%v) and agreement.warn (%v) must satisfy -1 <= alert <= warn <= 1", a.Alert, a.Warn)
	}
	if a := c.Agreement; a.DriftDrop <= 0 || a.MaxOffsetRel <= 0 || a.MaxOffset < 0 || a.Disagreements < 0 {
		key := "agreement.drift_drop"
		switch {
		case a.MaxOffsetRel <= 0:
			key = "agreement.max_offset_rel"
		case a.MaxOffset < 0:
			key = "agreement.max_offset"
		case a.Disagreements < 0:
			key = "agreement.disagreements"
		}
		return keyErrorf(key, "agreement.drift_drop and agreement.max_offset_rel must be above 0, agreement.max_offset and agreement.disagreements at least 0")
	}
	if r := c.Repository; r != "" && !strings.HasPrefix(r, "https://") && !strings.HasPrefix(r, "http://") {
		return &keyError{key: toml.Key{"repository"}, msg: fmt.Sprintf("repository is %q; want the repository's web address, such as \"https://github.com/org/repo\"", r)}
	}
	if v := c.Ingest.OnBadValue; v != OnBadValueError && v != OnBadValueSkip {
		return &keyError{key: toml.Key{"ingest", "on_bad_value"}, msg: fmt.Sprintf("ingest.on_bad_value is %q; want %q or %q", v, OnBadValueError, OnBadValueSkip)}
	}
	switch c.Project.Shape {
	case ShapeTimeline, ShapeSystems, ShapeRounds:
	default:
		return keyErrorf("project.shape", "project.shape is %q; want timeline, systems or rounds", c.Project.Shape)
	}
	if c.Project.Reference != "" && c.Project.Shape != ShapeSystems {
		return keyErrorf("project.reference", "project.reference is set for shape %q; it names the reference of a \"systems\" project (rounds mark theirs in the iterations file)", c.Project.Shape)
	}
	if err := c.Experiment.validate(); err != nil {
		return err
	}
	if err := c.Discrepancy.validate(); err != nil {
		return err
	}
	for _, name := range sortedKeys(c.Metrics) {
		m := c.Metrics[name]
		if err := checkDirection(toml.Key{"metrics", name}, m.Direction); err != nil {
			return err
		}
		if err := m.Thresholds.validate(toml.Key{"metrics", name}); err != nil {
			return err
		}
	}
	for _, name := range sortedKeys(c.Dimensions) {
		d := c.Dimensions[name]
		if !scales[d.Scale] {
			return &keyError{toml.Key{"dimensions", name, "scale"}, fmt.Sprintf("dimensions.%s.scale is %q; want nominal, ordinal, interval or ratio", name, d.Scale)}
		}
		if d.Min != nil && d.Max != nil && *d.Min >= *d.Max {
			return &keyError{toml.Key{"dimensions", name, "min"}, fmt.Sprintf("dimensions.%s: min %v is not below max %v", name, *d.Min, *d.Max)}
		}
		if err := checkDirection(toml.Key{"dimensions", name}, d.Direction); err != nil {
			return err
		}
		if err := d.Thresholds().validate(toml.Key{"dimensions", name}); err != nil {
			return err
		}
		if err := d.validateConsensus(toml.Key{"dimensions", name}); err != nil {
			return err
		}
	}
	for _, p := range []struct{ key, val string }{
		{"paths.metrics", c.Paths.Metrics}, {"paths.annotations", c.Paths.Annotations},
		{"paths.casestudies", c.Paths.CaseStudies}, {"paths.content", c.Paths.Content},
		{"paths.output", c.Paths.Output}, {"paths.outputs", c.Paths.Outputs},
	} {
		if strings.TrimSpace(p.val) == "" {
			return keyErrorf(p.key, "%s is empty; remove the key to use the default", p.key)
		}
	}
	return nil
}

// validateSources checks the [[sources]] tables and records their lines;
// errors name the file and the table's line.
func (c *Config) validateSources(src string) error {
	lines := tableLines(src, "sources")
	for i := range c.Sources {
		s := &c.Sources[i]
		if i < len(lines) {
			s.Line = lines[i]
		}
		fail := func(format string, args ...any) error {
			return &tomlfile.Error{File: c.File, Line: s.Line, Msg: fmt.Sprintf("[[sources]] %d: ", i+1) + fmt.Sprintf(format, args...), Kind: ErrInvalid}
		}
		switch {
		case strings.TrimSpace(s.Path) == "":
			return fail("path is empty; want a glob relative to the project root, such as \"data/annotations/*.json\"")
		case s.Kind != "" && !slices.Contains([]string{"metrics", "annotations", "outputs", "raters", "aggregates"}, s.Kind):
			return fail("kind is %q; want \"metrics\", \"annotations\", \"outputs\", \"raters\" or \"aggregates\"", s.Kind)
		}
		if _, err := path.Match(s.Path, ""); err != nil {
			return fail("path %q is not a valid glob: %v", s.Path, err)
		}
		switch s.Delimiter {
		case "", ",", "\t", ";", "|", " ":
		default:
			return fail("delimiter is %q; want \",\", \"\\t\", \";\", \"|\" or \" \" (runs of spaces and tabs)", s.Delimiter)
		}
		switch s.WinnerScale {
		case "", "ab", "1-2":
		default:
			return fail("winner_scale is %q; want \"ab\" (a, b, tie or a number in [0, 1]) or \"1-2\" (AlpacaEval's preference)", s.WinnerScale)
		}
		switch s.OtherColumns {
		case "", "error", "ignore":
		default:
			return fail("other_columns is %q; want \"error\" or \"ignore\"", s.OtherColumns)
		}
		if (s.OtherIteration == "") != (s.OtherOutput == "") {
			return fail("sets only one of other_iteration and other_output; a second output needs both")
		}
		if err := s.validateWide(); err != nil {
			return fail("%v", err)
		}
		for _, p := range [][2]string{{"iteration", s.Iteration}, {"rater", s.Rater}, {"dimension", s.Dimension}} {
			v := map[string]string{"iteration": s.IterationValue, "rater": s.RaterValue, "dimension": s.DimensionValue}[p[0]]
			if p[1] != "" && v != "" {
				return fail("sets both %s (a column) and %s_value (a fixed value); keep one", p[0], p[0])
			}
		}
	}
	return nil
}

// tableLines returns the lines of the [[name]] headers in src, in order.
func tableLines(src, name string) []int {
	var out []int
	for i, line := range strings.Split(src, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "[[") {
			inner, _, _ := strings.Cut(strings.TrimPrefix(t, "[["), "]]")
			if strings.TrimSpace(inner) == name {
				out = append(out, i+1)
			}
		}
	}
	return out
}

func checkDirection(key toml.Key, d string) error {
	if d != "" && d != "higher" && d != "lower" {
		return atKey(key, "direction", "%s.direction is %q; want \"higher\" or \"lower\"", key, d)
	}
	return nil
}

func (t Thresholds) validate(key toml.Key) error {
	switch t.SignificantRegression {
	case "", "error", "warning", "off":
	default:
		return atKey(key, "significant_regression", "%s.significant_regression is %q; want error, warning or off", key, t.SignificantRegression)
	}
	if t.Min != nil && t.Max != nil && *t.Min > *t.Max {
		return atKey(key, "min", "%s: the lower threshold %v is above the upper %v", key, *t.Min, *t.Max)
	}
	for i, v := range []*float64{t.MaxRegression, t.MaxRegressionRel} {
		if v != nil && *v < 0 {
			return atKey(key, []string{"max_regression", "max_regression_rel"}[i], "%s: max_regression and max_regression_rel are sizes of a change; write them as positive numbers", key)
		}
	}
	return nil
}

func (e Experiment) validate() error {
	switch e.Correction {
	case "holm", "bh", "none":
	default:
		return &keyError{toml.Key{"experiments", "correction"},
			fmt.Sprintf("experiments.correction is %q; want holm, bh or none", e.Correction)}
	}
	if w := e.SliceWeight; w != nil && !(*w >= 0 && *w < 1) {
		return &keyError{toml.Key{"experiments", "slice_weight"},
			fmt.Sprintf("experiments.slice_weight is %v; want the slices' share of the correction's weight, at least 0 and below 1 (0.2 is the default)", *w)}
	}
	if e.Alpha <= 0 || e.Alpha >= 1 || e.Power <= 0 || e.Power >= 1 {
		return keyErrorf("experiments.alpha", "experiments.alpha (%v) and experiments.power (%v) must lie between 0 and 1", e.Alpha, e.Power)
	}
	if e.AnomalyWindow < 3 || e.AnomalyZ <= 0 {
		return keyErrorf("experiments.anomaly_window", "experiments.anomaly_window must be at least 3 and experiments.anomaly_z above 0")
	}
	return nil
}

func (d Discrepancy) validate() error {
	if d.Floor < -1 || d.Floor > 1 {
		return keyErrorf("discrepancy.floor", "discrepancy.floor is %v; want a correlation between -1 and 1", d.Floor)
	}
	if d.Drop <= 0 || d.Drop > 2 {
		return keyErrorf("discrepancy.drop", "discrepancy.drop is %v; want a fall of correlation above 0 and at most 2", d.Drop)
	}
	if d.Intervals != "analytic" && d.Intervals != "bootstrap" {
		return keyErrorf("discrepancy.intervals", "discrepancy.intervals is %q; want analytic or bootstrap", d.Intervals)
	}
	if d.MinItems < 3 || d.Top < 1 {
		return keyErrorf("discrepancy.min_items", "discrepancy.min_items must be at least 3 and discrepancy.top at least 1")
	}
	return nil
}

func (d DimensionConfig) validateConsensus(key toml.Key) error {
	switch d.Consensus {
	case "", "mean", "median", "majority":
	default:
		return atKey(key, "consensus", "%s.consensus is %q; want mean, median or majority", key, d.Consensus)
	}
	if d.Pass != nil && len(d.PassLabels) > 0 {
		return atKey(key, "pass", "%s: set pass for numeric ratings or pass_labels for labels, not both", key)
	}
	for _, l := range d.PassLabels {
		if len(d.Labels) > 0 && !slices.Contains(d.Labels, l) {
			return atKey(key, "pass_labels", "%s.pass_labels names %q, which is not one of its labels %v", key, l, d.Labels)
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// keyError is a validation error about one key, which Load reports at the
// key's line: "config.toml:12: experiments.slice_weight is 1.5; ...".
type keyError struct {
	key toml.Key
	msg string
}

func (e *keyError) Error() string { return e.msg }

// keyErrorf returns a keyError about the dotted key (whose parts contain
// no dots).
func keyErrorf(key, format string, args ...any) error {
	return &keyError{key: strings.Split(key, "."), msg: fmt.Sprintf(format, args...)}
}

// atKey returns a keyError about sub in the table key ("" for the table
// itself; the table's line when sub is not in the file).
func atKey(key toml.Key, sub, format string, args ...any) error {
	k := slices.Clone(key)
	if sub != "" {
		k = append(k, sub)
	}
	return &keyError{key: k, msg: fmt.Sprintf(format, args...)}
}

// validate checks that every limit is positive.
func (l Limits) validate() error {
	for _, v := range []struct {
		key string
		n   int64
	}{
		{"file_bytes", l.FileBytes}, {"field_bytes", int64(l.FieldBytes)}, {"name_bytes", int64(l.NameBytes)},
		{"columns", int64(l.Columns)}, {"resamples", int64(l.Resamples)}, {"excerpt_bytes", int64(l.ExcerptBytes)},
	} {
		if v.n <= 0 {
			return keyErrorf("limits."+v.key, "limits.%s is %d; want a positive number", v.key, v.n)
		}
	}
	return nil
}

func ptr(v float64) *float64 { return &v }
