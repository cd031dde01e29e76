// Package synth generates synthetic evalbook projects: the data of the
// example project in the repository root and the benchmark corpus.
//
// A Spec describes a project: its iterations with the true effect of each
// change, the items and their slices, the human raters and their habits, and
// the rating dimensions. Write turns a Spec into the input files evalbook
// reads. Generation is deterministic: every random number comes from
// math/rand/v2's PCG generator seeded from Spec.Seed and a name (one stream
// per purpose and iteration), values are rounded to a fixed number of
// decimals, and nothing depends on the clock or on map order. Writing the
// same Spec twice gives the same bytes.
//
// The generative model, per item and iteration:
//
//   - answer_accuracy (0 or 1): an item has a fixed difficulty, so an item
//     that is hard in one iteration tends to be hard in the next (paired
//     comparisons are meaningful). The chance of a correct answer is the
//     iteration's Accuracy plus its shift for the item's language plus the
//     spec's shift for the item's topic.
//   - rouge_l, groundedness (0 to 1), toxicity (small, lower is better) and
//     response_tokens scatter around the iteration's targets; correct
//     answers score higher on rouge_l and groundedness. Each metric has
//     its own standard normal draw; rouge_l's stands for how closely the
//     answer follows the reference's wording, response_tokens' is the
//     answer's length z-score, and an iteration may make rouge_l rise with
//     length (Iteration.RougeLength).
//   - Human ratings cover a fixed, language-stratified sample of items. An
//     item's true score on a numeric dimension is the iteration's target
//     plus a bonus for a correct answer plus item noise of a fixed spread;
//     that noise may correlate with the answer's wording score
//     (Dimension.Wording) and with its length z-score (Target.Length, per
//     iteration), so a metric can track the humans in one iteration and
//     not in the next. Each rater adds a
//     personal bias, a drift that grows per iteration from a given one on,
//     and noise, and the result is rounded and clamped to the scale. On a
//     label dimension the item's true label is drawn from the iteration's
//     shares and each rater reports it with a personal agreement rate
//     (which may fall per iteration from the drift's start on), otherwise
//     another label.
//   - Gold items are calibration items with fixed answers and known true
//     ratings, mixed into every iteration's batch: every rater rates each of
//     them on the dimensions whose answers are known, by the same rules with
//     the known answer as the truth. Their answers are written in
//     items.jsonl's "gold" object; they have no metrics.
//
// Files written (see Write): data/iterations.toml, data/items.jsonl,
// data/metrics/items.csv (wide: iteration,item,slice,<metric>...) or
// data/metrics/items-long.csv (long: iteration,metric,value,item,slice),
// data/metrics/serving.csv (long, iteration-level: iteration,metric,value),
// data/annotations/<iteration>.csv (item,rater,dimension,value,iteration,
// timestamp) and, when Spec.Config is set, a minimal config.toml. The slice
// column of metric files holds the item's language.
package synth

import "time"

// Names of the per-item metrics every synthetic project has.
const (
	Accuracy       = "answer_accuracy"
	RougeL         = "rouge_l"
	Groundedness   = "groundedness"
	Toxicity       = "toxicity"
	ResponseTokens = "response_tokens"
)

// ItemMetrics lists the per-item metrics in the column order of the files.
var ItemMetrics = []string{Accuracy, RougeL, Groundedness, Toxicity, ResponseTokens}

// Spec describes a synthetic project.
type Spec struct {
	// Seed selects the random numbers; a different seed gives a different
	// project with the same story.
	Seed uint64
	// RatingSeed, when not 0, selects the random numbers of the human
	// ratings (regular and gold) in place of Seed, so the ratings can be
	// redrawn while the items and metrics stay as they are.
	RatingSeed uint64
	// Items is the number of items; every iteration answers the same items,
	// with IDs q0001, q0002, ...
	Items int
	// Languages are the values of the language slice with their relative
	// weights; item counts follow the weights exactly when Items allows.
	Languages []Weighted
	// Topics are the values of the topic slice, equally frequent within
	// each language, with their shift of the chance of a correct answer.
	Topics []Weighted
	// Iterations in series order.
	Iterations []Iteration
	// Raters rate RatedItems items per iteration on every dimension, each
	// rating with probability Coverage (1 means every rater rates every
	// sampled item).
	Raters     []Rater
	Dimensions []Dimension
	RatedItems int
	Coverage   float64
	// Gold are the calibration items, IDs g01, g02, ... in this order.
	Gold []GoldItem
	// Long writes the per-item metrics in long form (one row per item per
	// metric) instead of wide form.
	Long bool
	// OutputItems is the number of items (the first, in item order) whose
	// answer in every iteration is written to data/outputs/answers.csv; 0
	// writes no outputs file.
	OutputItems int
	// Pairwise, when set, adds side-by-side judgements of two iterations
	// (data/annotations/preferences.csv).
	Pairwise *PairwiseSpec
	// CaseStudies is the number of generated case studies written to
	// casestudies/cs-0001.md, ... (see caseStudy); 0 writes none.
	CaseStudies int
	// Config, when not empty, is written to config.toml.
	Config string
}

// Weighted is a slice value with a weight (Languages) or a shift of the
// chance of a correct answer (Topics).
type Weighted struct {
	Value  string
	Weight float64
}

// Iteration is one model version and the true effect of its change.
type Iteration struct {
	ID          string
	Date        time.Time // a calendar date; only year, month and day are written
	Baseline    string
	Description string

	// Accuracy is the chance of a correct answer before slice shifts, and
	// LanguageShift adds to it per language (a slice regression).
	Accuracy      float64
	LanguageShift map[string]float64
	// Targets of the other per-item metrics.
	RougeL, Groundedness, Toxicity, Tokens float64
	// RougeLength is how much rouge_l gains per standard deviation of
	// answer length (the length z-score of Target.Length): long answers
	// repeat more of the reference's wording, which a recall-heavy
	// overlap metric rewards. It keeps the iteration's mean in
	// expectation, since the z-score has mean zero.
	RougeLength float64
	// Serving holds the iteration-level metrics (latency, cost), written to
	// data/metrics/serving.csv.
	Serving []Value
	// Human holds the true mean (numeric dimensions) or label shares (label
	// dimensions) of each dimension, by dimension name.
	Human map[string]Target
}

// Value is a named number.
type Value struct {
	Metric string
	Value  float64
}

// Target is what raters would report on average for one dimension: Mean
// on a numeric scale, or Shares of each label in Dimension.Labels order.
//
// Length, between -1 and 1, is the correlation of an item's true score on
// a numeric dimension with its answer's length z-score (the standard normal
// draw that places the item's response_tokens around the iteration's
// target): below 0, raters find longer answers worse than their
// correctness alone would make them. The item's spread around Mean stays
// Dimension.ItemSD whatever Length is.
type Target struct {
	Mean   float64
	Shares []float64
	Length float64
}

// Dimension is a rating dimension. A dimension with Labels is nominal;
// otherwise ratings are whole numbers from Min to Max.
type Dimension struct {
	Name     string
	Min, Max float64
	Labels   []string
	// CorrectBonus is how much more a correct answer scores than an
	// incorrect one, on average; ItemSD spreads items around the target.
	CorrectBonus float64
	ItemSD       float64
	// Wording, between -1 and 1, is the correlation of an item's true
	// score on a numeric dimension with how closely its answer follows the
	// reference's wording beyond correctness (the draw that also moves its
	// rouge_l). The spread stays ItemSD.
	Wording float64
}

// Rater is one human rater's habits.
type Rater struct {
	ID    string
	Bias  float64 // added to every numeric rating: > 0 lenient, < 0 severe
	Noise float64 // standard deviation of the rater's noise
	// From the iteration with index DriftFrom on (0-based; negative for
	// never), the bias grows by DriftStep per iteration.
	DriftFrom int
	DriftStep float64
	// Agreement is the chance of reporting an item's true label. From the
	// iteration with index DriftFrom on, it falls by AgreementDrop per
	// iteration (never below 0).
	Agreement     float64
	AgreementDrop float64
	// Attrs are the rater's attributes for data/raters.csv (group,
	// locale ...); the file is written when a rater has one.
	Attrs map[string]string
}

// GoldItem is a calibration item: a fixed question and answer whose true
// rating is known on some dimensions.
type GoldItem struct {
	Lang, Topic string
	// Intent picks the question among the topic's intents (modulo their
	// number); Correct says whether the answer is the help centre's one or
	// a neighbouring question's. Verbose wraps it in formal filler, Casual
	// in chatty English.
	Intent                   int
	Correct, Verbose, Casual bool
	// Answers maps a dimension to the known answer as written: a whole
	// number on a numeric dimension, one of the labels on a label one.
	Answers map[string]string
}

// ratingSeed returns the seed of the rating streams.
func (s Spec) ratingSeed() uint64 {
	if s.RatingSeed != 0 {
		return s.RatingSeed
	}
	return s.Seed
}

// drift returns the rater's extra bias in the iteration with index i.
func (r Rater) drift(i int) float64 {
	if r.DriftFrom < 0 || i < r.DriftFrom {
		return 0
	}
	return float64(i-r.DriftFrom+1) * r.DriftStep
}

// agreement returns the rater's chance of reporting the true label in the
// iteration with index i.
func (r Rater) agreement(i int) float64 {
	if r.DriftFrom < 0 || i < r.DriftFrom {
		return r.Agreement
	}
	return max(0, r.Agreement-float64(i-r.DriftFrom+1)*r.AgreementDrop)
}
