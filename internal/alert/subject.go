package alert

import "github.com/evalbook/evalbook/internal/route"

// Kinds of subjects.
const (
	SubjectMetric    = "metric"    // a metric: Metric
	SubjectDimension = "dimension" // a rating dimension: Dimension
	SubjectRater     = "rater"     // one rater on a dimension: Rater, Dimension
	SubjectRaters    = "raters"    // the groups of raters by an attribute on a dimension: Attribute, Dimension
	SubjectPair      = "pair"      // a metric against a dimension: Metric, Dimension
	SubjectPairwise  = "pairwise"  // a pairwise dimension (side-by-side judgements): Dimension
)

// Subject is what an alert is about, by the names from the data. Analyses
// fill it; pages turn it into a link (Page) and a display label (Label),
// and JSON and `evalbook check` spell it as text (String).
type Subject struct {
	Kind      string // one of the Subject* kinds; "" for none
	Metric    string
	Dimension string
	Rater     string
	Attribute string
}

// Metric is the subject of an alert about a metric.
func Metric(name string) Subject { return Subject{Kind: SubjectMetric, Metric: name} }

// Dimension is the subject of an alert about a rating dimension.
func Dimension(name string) Subject { return Subject{Kind: SubjectDimension, Dimension: name} }

// Pairwise is the subject of an alert about a pairwise dimension.
func Pairwise(name string) Subject { return Subject{Kind: SubjectPairwise, Dimension: name} }

// Rater is the subject of an alert about one rater on a dimension.
func Rater(rater, dim string) Subject {
	return Subject{Kind: SubjectRater, Rater: rater, Dimension: dim}
}

// Raters is the subject of an alert about the groups of raters by an
// attribute on a dimension.
func Raters(attribute, dim string) Subject {
	return Subject{Kind: SubjectRaters, Attribute: attribute, Dimension: dim}
}

// Pair is the subject of an alert about a metric against a dimension.
func Pair(metric, dim string) Subject {
	return Subject{Kind: SubjectPair, Metric: metric, Dimension: dim}
}

// String spells the subject as JSON and `evalbook check` show it: "metric
// rouge_l", "dimension helpfulness", "pairwise preference", "rater r4 on helpfulness", "raters by
// locale on helpfulness", "metric rouge_l vs dimension helpfulness".
func (s Subject) String() string {
	switch s.Kind {
	case SubjectMetric:
		return "metric " + s.Metric
	case SubjectDimension:
		return "dimension " + s.Dimension
	case SubjectPairwise:
		return "pairwise " + s.Dimension
	case SubjectPair:
		return "metric " + s.Metric + " vs dimension " + s.Dimension
	}
	return s.Label(nil, func(name string) string { return name })
}

// Label spells the subject for a reader, naming metrics by metric(name)
// and dimensions by dim(name), such as their display labels: a metric is
// its label, a dimension its label, a rater "rater r4 on Helpfulness", a
// pair "ROUGE-L vs Helpfulness". Groups of raters are named as String
// names them.
func (s Subject) Label(metric, dim func(name string) string) string {
	switch s.Kind {
	case SubjectMetric:
		return metric(s.Metric)
	case SubjectDimension, SubjectPairwise:
		return dim(s.Dimension)
	case SubjectRater:
		return "rater " + s.Rater + " on " + dim(s.Dimension)
	case SubjectRaters:
		return "raters by " + s.Attribute + " on " + s.Dimension
	case SubjectPair:
		return metric(s.Metric) + " vs " + dim(s.Dimension)
	}
	return ""
}

// Page is the site page about the subject (see internal/route): the
// metric's or dimension's page, a rater's or group's dimension page, or a
// pair's page; "" for no subject.
func (s Subject) Page() string {
	switch s.Kind {
	case SubjectMetric:
		return route.Metric(s.Metric)
	case SubjectDimension, SubjectRater:
		return route.Dimension(s.Dimension)
	case SubjectRaters:
		return route.Dimension(s.Dimension) + "#groups"
	case SubjectPairwise:
		return route.Pairwise(s.Dimension)
	case SubjectPair:
		return route.DiscrepancyPair(s.Metric, s.Dimension)
	}
	return ""
}

// MarshalText writes the subject as String spells it, so JSON carries
// "metric rouge_l".
func (s Subject) MarshalText() ([]byte, error) { return []byte(s.String()), nil }
