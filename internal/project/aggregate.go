package project

// MetricMoments are pre-aggregated sufficient statistics of one metric in
// one iteration (and slice): the count, sum and sum of squares of its
// values, read from an aggregate file (docs/aggregates.md). Slice "" is
// the whole iteration; a row with a slice counts its values again, within
// that slice.
type MetricMoments struct {
	Iteration string
	Slice     string
	N         float64
	Sum       float64
	SumSq     float64
	Pos       Pos
}

// PairedMoments are the moments of one metric's paired differences between
// an iteration and the one it is compared with (Against), over the items
// both have: N pairs, SumA and SumB the sums of each side's values, SumD
// and SumSqD the sum of the differences (iteration minus against) and of
// their squares. Read from an aggregate file.
type PairedMoments struct {
	Iteration, Against string
	N                  float64
	SumA, SumB         float64
	SumD, SumSqD       float64
	Pos                Pos
}

// PearsonSums are the sums Pearson's r needs of one metric (x) against the
// consensus of one dimension (y, the mean rating of the item in the
// iteration) over the (item, iteration) units that have both, in one
// iteration: N, SX, SY, SXX, SYY, SXY. Read from an aggregate file.
type PearsonSums struct {
	Dimension, Iteration string
	N                    float64
	SX, SY               float64
	SXX, SYY, SXY        float64
	Pos                  Pos
}

// MetricReplicate is one replicate of a Poisson bootstrap of one metric's
// mean in one iteration, computed where the rows live: N = Σ w and Sum =
// Σ w·x over the iteration's item values, each item weighted by
// stats.PoissonWeight(item, Replicate). Read from an aggregate file.
type MetricReplicate struct {
	Iteration string
	Replicate int
	N, Sum    float64
	Pos       Pos
}

// VerdictCounts is the verdict agreement table of one metric against the
// consensus of one dimension in one iteration, read from an aggregate
// file: of the (item, iteration) units that have both, how many pass the
// metric's threshold and the humans' (BothPass), only the metric's
// (MetricOnly), only the humans' (HumansOnly), or neither (NeitherPass).
// The engine applies the thresholds; they must be those of the config.
type VerdictCounts struct {
	Dimension, Iteration    string
	BothPass, MetricOnly    float64
	HumansOnly, NeitherPass float64
	Pos                     Pos
}

// Coincidence is one entry o(A, B) of a dimension's coincidence matrix of
// Krippendorff's alpha in one iteration ("" for ratings without one), read
// from an aggregate file: the pairable value pairs (A, B) summed over the
// (item, iteration) units, each unit's pairs weighted 1/(m_u - 1). A and B
// are the values as written (numbers, or labels of a label dimension).
type Coincidence struct {
	Iteration string
	A, B      string
	Count     float64
	Pos       Pos
}

// AlphaMoments are the sums interval alpha needs of a dimension in one
// iteration, for continuous ratings where a coincidence matrix would be as
// large as the data: over the pairable values (units with m >= 2
// ratings), N, Sum, SumSq and Within = Σ_u m_u s_u² (s_u² the sample
// variance of unit u's ratings). Read from an aggregate file.
type AlphaMoments struct {
	Iteration string
	N         float64
	Sum       float64
	SumSq     float64
	Within    float64
	// Min and Max are the smallest and largest pairable values, for the
	// calibration limit; both 0 when the file does not give them.
	Min, Max float64
	Pos      Pos
}

// RaterPair is one cell of the contingency table of two raters of a
// dimension in one iteration: the units (items in the iteration) both
// rated on which RaterA (the first by name) gave A and RaterB gave B, with
// the values as written. Read from an aggregate file.
type RaterPair struct {
	Iteration      string
	RaterA, RaterB string
	A, B           string
	Count          float64
	Pos            Pos
}

// RaterMoments are the count, sum and sum of squares of one rater's
// ratings of a dimension in one iteration, from an aggregate file.
type RaterMoments struct {
	Iteration string
	Rater     string
	N         float64
	Sum       float64
	SumSq     float64
	Pos       Pos
}

// Aggregated reports whether the metric's figures come from aggregates:
// it has moments and no values.
func (m *Metric) Aggregated() bool { return m.Values.Len() == 0 && len(m.Moments) > 0 }

// Aggregated reports whether the dimension's figures come from
// aggregates: it has a coincidence matrix or alpha moments and no ratings.
func (d *Dimension) Aggregated() bool {
	return d.Ratings.Len() == 0 && len(d.Coincidences)+len(d.AlphaMoments) > 0
}
