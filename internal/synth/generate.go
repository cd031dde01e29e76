package synth

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"
)

// item is one generated item.
type item struct {
	id, lang, topic string
	intent          int
	difficulty      float64 // fixed latent: higher is harder
	input, output   string
	reference       string
}

// metricRow holds the per-item metrics of one item in one iteration.
type metricRow struct {
	iteration int // index into Spec.Iterations
	item      int // index into dataset.items
	values    [5]float64
	correct   bool
	// wording is how closely the answer follows the reference's wording
	// beyond its correctness: rouge_l's own standard normal draw.
	wording float64
	// length is the answer's length z-score: the standard normal draw
	// that sets response_tokens around the iteration's target for the
	// item's language. Longer answers than usual have length > 0.
	length float64
}

// rating is one human rating.
type rating struct {
	iteration int
	item      int    // index into dataset.items, or -1 for a gold item
	id        string // the item's ID
	rater     string
	dimension string
	value     string // a whole number or a label
	time      time.Time
}

// dataset is a generated project in memory, in the order it is written.
type dataset struct {
	spec    Spec
	items   []item
	gold    []item      // calibration items, in Spec.Gold order
	metrics []metricRow // by iteration, then item
	ratings []rating    // by iteration, then gold items, items, rater, dimension
}

// rng returns the random stream for a purpose, derived from the seed and
// the names, so that changing one part of a spec leaves the numbers of the
// other parts alone.
func rng(seed uint64, names ...string) *rand.Rand {
	h := fnv.New64a()
	for _, n := range names {
		h.Write([]byte(n))
		h.Write([]byte{0})
	}
	return rand.New(rand.NewPCG(seed, h.Sum64()))
}

// generate builds the whole dataset for s.
func generate(s Spec) (*dataset, error) {
	if err := check(s); err != nil {
		return nil, err
	}
	d := &dataset{spec: s, items: makeItems(s), gold: makeGold(s)}
	sample := ratedSample(s, d.items)
	for i := range s.Iterations {
		rows := d.iterationMetrics(i)
		d.metrics = append(d.metrics, rows...)
		d.ratings = append(d.ratings, d.goldRatings(i)...)
		d.ratings = append(d.ratings, d.iterationRatings(i, rows, sample)...)
	}
	d.latestAnswers()
	return d, nil
}

// check reports a spec that cannot be generated.
func check(s Spec) error {
	switch {
	case s.Items <= 0:
		return fmt.Errorf("synth: spec has %d items; want at least 1", s.Items)
	case len(s.Languages) == 0 || len(s.Topics) == 0:
		return fmt.Errorf("synth: spec needs at least one language and one topic")
	case s.RatedItems > s.Items:
		return fmt.Errorf("synth: %d rated items of %d", s.RatedItems, s.Items)
	}
	if err := checkGold(s); err != nil {
		return err
	}
	ids := map[string]bool{}
	for _, it := range s.Iterations {
		if ids[it.ID] {
			return fmt.Errorf("synth: iteration %q appears twice", it.ID)
		}
		ids[it.ID] = true
	}
	for _, it := range s.Iterations {
		if it.Baseline != "" && !ids[it.Baseline] {
			return fmt.Errorf("synth: iteration %q has unknown baseline %q", it.ID, it.Baseline)
		}
		for _, dim := range s.Dimensions {
			t := it.Human[dim.Name]
			if len(dim.Labels) > 0 && len(t.Shares) != len(dim.Labels) {
				return fmt.Errorf("synth: iteration %q: dimension %q needs %d label shares, has %d",
					it.ID, dim.Name, len(dim.Labels), len(t.Shares))
			}
		}
	}
	return nil
}

// makeItems creates the items: languages in proportion to their weights,
// topics evenly within each language, in shuffled order.
func makeItems(s Spec) []item {
	r := rng(s.Seed, "items")
	langs := languageCycle(s.Languages)
	items := make([]item, s.Items)
	for i := range items {
		items[i] = item{
			lang:       langs[i%len(langs)],
			topic:      s.Topics[(i/len(langs))%len(s.Topics)].Value,
			difficulty: r.NormFloat64(),
		}
	}
	r.Shuffle(len(items), func(i, j int) { items[i], items[j] = items[j], items[i] })
	for i := range items {
		it := &items[i]
		it.id = fmt.Sprintf("q%04d", i+1)
		choices := topicIntents(it.topic)
		it.intent = choices[r.IntN(len(choices))]
		itemText(it, r)
	}
	return items
}

// checkGold reports a gold answer for a dimension the spec does not have
// or that does not fit its dimension.
func checkGold(s Spec) error {
	for k, g := range s.Gold {
		for _, name := range sortedNames(g.Answers) {
			if _, ok := goldTruth(s, g, name); !ok {
				return fmt.Errorf("synth: gold item %d: answer %q on %q does not fit a dimension of the spec", k+1, g.Answers[name], name)
			}
		}
	}
	return nil
}

// goldTruth returns the true score (numeric dimension) or label index
// (label dimension) of a gold item on the named dimension, and false when
// the item has no fitting answer there.
func goldTruth(s Spec, g GoldItem, name string) (float64, bool) {
	ans, ok := g.Answers[name]
	if !ok {
		return 0, false
	}
	for _, dim := range s.Dimensions {
		if dim.Name != name {
			continue
		}
		if len(dim.Labels) > 0 {
			k := slices.Index(dim.Labels, ans)
			return float64(k), k >= 0
		}
		v, err := strconv.ParseFloat(ans, 64)
		return v, err == nil && v == math.Round(v) && v >= dim.Min && v <= dim.Max
	}
	return 0, false
}

// sortedNames returns the keys of m in increasing order.
func sortedNames(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// makeGold creates the calibration items from the spec, with their own
// random stream for order numbers.
func makeGold(s Spec) []item {
	r := rng(s.Seed, "gold items")
	out := make([]item, len(s.Gold))
	for k, g := range s.Gold {
		it := &out[k]
		it.id = fmt.Sprintf("g%02d", k+1)
		it.lang, it.topic = g.Lang, g.Topic
		choices := topicIntents(g.Topic)
		it.intent = choices[g.Intent%len(choices)]
		itemText(it, r)
		it.output = answer(it, g.Correct, g.Verbose)
		if g.Casual {
			it.output = "hey! so basically: " + it.output + " cheers :)"
		}
	}
	return out
}

// goldRatings draws every rater's ratings of the gold items in iteration i,
// on the dimensions whose answers are known.
func (d *dataset) goldRatings(i int) []rating {
	s := d.spec
	it := s.Iterations[i]
	r := rng(s.ratingSeed(), "gold", it.ID)
	var out []rating
	for k, g := range s.Gold {
		for _, rater := range s.Raters {
			when := rateTime(it.Date, r)
			for _, dim := range s.Dimensions {
				truth, ok := goldTruth(s, g, dim.Name)
				if !ok {
					continue
				}
				out = append(out, rating{iteration: i, item: -1, id: d.gold[k].id, rater: rater.ID,
					dimension: dim.Name, value: rateValue(dim, rater, i, truth, r), time: when})
			}
		}
	}
	return out
}

// languageCycle expands weighted languages into one cycle of values, each
// repeated in proportion to its weight (weights are rounded to whole
// numbers, at least 1).
func languageCycle(ls []Weighted) []string {
	var cycle []string
	for _, l := range ls {
		n := max(1, int(math.Round(l.Weight)))
		for range n {
			cycle = append(cycle, l.Value)
		}
	}
	return cycle
}

// ratedSample picks the items raters see each iteration: the same items
// every iteration, taken from each language in turn so every language is
// represented equally. It returns item indices in ascending order.
func ratedSample(s Spec, items []item) []int {
	r := rng(s.Seed, "sample")
	byLang := map[string][]int{}
	for i, it := range items {
		byLang[it.lang] = append(byLang[it.lang], i)
	}
	for _, l := range s.Languages {
		pool := byLang[l.Value]
		r.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	}
	var out []int
	for len(out) < s.RatedItems {
		for _, l := range s.Languages {
			if len(out) == s.RatedItems {
				break
			}
			if pool := byLang[l.Value]; len(pool) > 0 {
				out = append(out, pool[0])
				byLang[l.Value] = pool[1:]
			}
		}
	}
	slices.Sort(out)
	return out
}

// probit is the inverse of the standard normal distribution function.
func probit(p float64) float64 {
	return math.Sqrt2 * math.Erfinv(2*p-1)
}

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

// round rounds x to the given number of decimals.
func round(x float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	return math.Round(x*p) / p
}

func logistic(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

func logit(p float64) float64 { return math.Log(p / (1 - p)) }

// pairing is the share of the variance of an answer's latent quality that
// comes from the item (its difficulty) rather than from the iteration.
const pairing = 0.5

// rougeWording is the standard deviation of rouge_l's own term: how
// closely an answer's wording follows the reference's beyond correctness.
const rougeWording = 0.04

// iterationMetrics draws the per-item metrics of iteration i. The normal
// draws come in a fixed order (latent quality, rouge_l, groundedness,
// toxicity, length) whatever the spec, so a change to one metric's formula
// leaves the others' numbers alone.
func (d *dataset) iterationMetrics(i int) []metricRow {
	s := d.spec
	it := s.Iterations[i]
	r := rng(s.Seed, "metrics", it.ID)
	rows := make([]metricRow, len(d.items))
	for k, item := range d.items {
		p := clamp(it.Accuracy+it.LanguageShift[item.lang]+topicShift(s, item.topic), 0.02, 0.98)
		latent := math.Sqrt(pairing)*item.difficulty + math.Sqrt(1-pairing)*r.NormFloat64()
		correct := latent < probit(p)
		c := 0.0
		if correct {
			c = 1
		}
		zRouge, zGround, zTox, zLen := r.NormFloat64(), r.NormFloat64(), r.NormFloat64(), r.NormFloat64()
		rouge := clamp(it.RougeL+0.08*(c-p)+rougeWording*zRouge+it.RougeLength*zLen, 0, 1)
		ground := logistic(logit(clamp(it.Groundedness, 0.01, 0.99)) + 0.6*(c-p) + 0.6*zGround)
		tox := clamp(it.Toxicity*math.Exp(0.7*zTox-0.245), 0, 1)
		tokens := math.Round(it.Tokens * languageLength(item.lang) * math.Exp(0.25*zLen-0.031))
		rows[k] = metricRow{
			iteration: i, item: k, correct: correct, wording: zRouge, length: zLen,
			values: [5]float64{c, round(rouge, 3), round(ground, 3), round(tox, 4), tokens},
		}
	}
	return rows
}

// topicShift returns the spec's shift of the chance of a correct answer for
// a topic.
func topicShift(s Spec, topic string) float64 {
	for _, t := range s.Topics {
		if t.Value == topic {
			return t.Weight
		}
	}
	return 0
}

// languageLength scales answer length by language: the same answer takes
// more tokens in German and Japanese.
func languageLength(lang string) float64 {
	switch lang {
	case "de":
		return 1.15
	case "ja":
		return 1.3
	}
	return 1
}

// iterationRatings draws the human ratings of iteration i for the sampled
// items.
func (d *dataset) iterationRatings(i int, rows []metricRow, sample []int) []rating {
	s := d.spec
	it := s.Iterations[i]
	r := rng(s.ratingSeed(), "ratings", it.ID)
	wording, length := batchScores(rows, sample)
	var out []rating
	for n, k := range sample {
		truth := d.truth(it, rows[k], wording[n], length[n], r)
		for _, rater := range s.Raters {
			when := rateTime(it.Date, r)
			rated := r.Float64() < s.Coverage
			for j, dim := range s.Dimensions {
				v := rateValue(dim, rater, i, truth[j], r)
				if rated {
					out = append(out, rating{iteration: i, item: k, id: d.items[k].id, rater: rater.ID, dimension: dim.Name, value: v, time: when})
				}
			}
		}
	}
	return out
}

// batchScores returns the wording and length scores of the sampled items'
// answers, standardised over the sample (mean 0, standard deviation 1): a
// rater judges an answer's wording and length against the other answers of
// the same round. Standardising over the batch also keeps a dimension's
// mean where the spec sets it whatever the weights of the two scores.
func batchScores(rows []metricRow, sample []int) (wording, length []float64) {
	wording = make([]float64, len(sample))
	length = make([]float64, len(sample))
	for n, k := range sample {
		wording[n], length[n] = rows[k].wording, rows[k].length
	}
	return standardise(wording), standardise(length)
}

// standardise rescales x in place to mean 0 and standard deviation 1 (the
// population's), and returns it; a constant x becomes all zeros.
func standardise(x []float64) []float64 {
	if len(x) == 0 {
		return x
	}
	mean, sq := 0.0, 0.0
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	for _, v := range x {
		sq += (v - mean) * (v - mean)
	}
	sd := math.Sqrt(sq / float64(len(x)))
	for i, v := range x {
		if sd == 0 {
			x[i] = 0
		} else {
			x[i] = (v - mean) / sd
		}
	}
	return x
}

// truth is an item's true score (numeric dimensions) or label index (label
// dimensions) in one iteration, per dimension in spec order. wording and
// length are the answer's scores against the rest of its batch (see
// batchScores).
func (d *dataset) truth(it Iteration, row metricRow, wording, length float64, r *rand.Rand) []float64 {
	out := make([]float64, len(d.spec.Dimensions))
	c := 0.0
	if row.correct {
		c = 1
	}
	acc := it.Accuracy + it.LanguageShift[d.items[row.item].lang]
	for j, dim := range d.spec.Dimensions {
		t := it.Human[dim.Name]
		if len(dim.Labels) > 0 {
			out[j] = float64(pick(t.Shares, r.Float64()))
			continue
		}
		z := itemTerm(r.NormFloat64(), [2]float64{dim.Wording, wording}, [2]float64{t.Length, length})
		out[j] = t.Mean + dim.CorrectBonus*(c-acc) + dim.ItemSD*z
	}
	return out
}

// itemTerm is the standardised part of an item's true score that
// correctness does not explain: a mix of standard normal scores of the
// answer, each given as {weight, score}, and the item's own noise for the
// rest. The result has variance 1 and correlates with each score by its
// weight, so the dimension's spread, and with it the raters' agreement,
// does not depend on the weights. Weights whose squares sum to more than 1
// are scaled down to sum to 1.
func itemTerm(noise float64, parts ...[2]float64) float64 {
	sq := 0.0
	for _, p := range parts {
		sq += p[0] * p[0]
	}
	scale := 1.0
	if sq > 1 {
		scale, sq = 1/math.Sqrt(sq), 1
	}
	z := math.Sqrt(1-sq) * noise
	for _, p := range parts {
		z += scale * p[0] * p[1]
	}
	return z
}

// pick returns the index of the share that u (in [0, 1)) falls into.
func pick(shares []float64, u float64) int {
	total := 0.0
	for _, s := range shares {
		total += s
	}
	u *= total
	for i, s := range shares {
		if u < s {
			return i
		}
		u -= s
	}
	return len(shares) - 1
}

// rateValue is one rater's rating of one item on one dimension.
func rateValue(dim Dimension, rater Rater, i int, truth float64, r *rand.Rand) string {
	noise, u, alt := r.NormFloat64(), r.Float64(), r.IntN(max(1, len(dim.Labels)-1))
	if len(dim.Labels) > 0 {
		k := int(truth)
		if u >= rater.agreement(i) {
			k = (k + 1 + alt) % len(dim.Labels)
		}
		return dim.Labels[k]
	}
	v := clamp(math.Round(truth+rater.Bias+rater.drift(i)+rater.Noise*noise), dim.Min, dim.Max)
	return fmt.Sprint(v)
}

// rateTime is when a rating was made: one to four days after the
// iteration's date, in office hours (UTC).
func rateTime(date time.Time, r *rand.Rand) time.Time {
	y, m, d := date.Date()
	return time.Date(y, m, d+1+r.IntN(4), 8+r.IntN(10), r.IntN(60), r.IntN(60), 0, time.UTC)
}

// latestAnswers sets every item's output to its answer in the last
// iteration, and puts the answers with markup in place.
func (d *dataset) latestAnswers() {
	its := d.spec.Iterations
	if len(its) == 0 {
		for k := range d.items {
			d.items[k].output = answer(&d.items[k], true, false)
		}
		return
	}
	last := d.metrics[len(d.metrics)-len(d.items):]
	verbose := its[len(its)-1].Tokens >= 150
	for k := range d.items {
		d.items[k].output = answer(&d.items[k], last[k].correct, verbose)
	}
	used := map[int]bool{}
	for _, m := range markup {
		k := m.pos % len(d.items)
		for n := 0; n < len(d.items); n++ {
			it := d.items[k]
			if !used[k] && it.lang == "en" && (m.intent < 0 || it.intent == m.intent) {
				break
			}
			k = (k + 1) % len(d.items)
		}
		used[k] = true
		if m.input != "" {
			d.items[k].input = m.input
		}
		d.items[k].output = m.output
	}
}
