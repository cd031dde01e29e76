package render

import (
	"math"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/experiment"
)

// apiThresholds are a subject's configured limits; null where unset.
type apiThresholds struct {
	Min                   *float64 `json:"min"`
	Max                   *float64 `json:"max"`
	MaxRegression         *float64 `json:"max_regression"`
	MaxRegressionRel      *float64 `json:"max_regression_rel"`
	SignificantRegression string   `json:"significant_regression"` // "error", "warning" or "off"
	Sentinel              bool     `json:"sentinel"`
}

// thresholdsAPI writes t with the default severity spelt out.
func thresholdsAPI(t config.Thresholds) apiThresholds {
	return apiThresholds{
		Min: finite(t.Min), Max: finite(t.Max),
		MaxRegression: finite(t.MaxRegression), MaxRegressionRel: finite(t.MaxRegressionRel),
		SignificantRegression: thresholdView{Thresholds: t}.SignificantText(), Sentinel: t.Sentinel,
	}
}

// apiComparison is an experiment.Comparison whose figures are null where
// they are not finite, with the compared iteration's page.
type apiComparison struct {
	Iteration   string         `json:"iteration"`
	Against     string         `json:"against"`
	Target      string         `json:"target"`
	Subject     string         `json:"subject"`
	Kind        string         `json:"kind"`
	Direction   string         `json:"direction"`
	Paired      bool           `json:"paired"`
	Method      string         `json:"method"`
	N           int            `json:"n"`
	NAgainst    int            `json:"n_against"`
	Mean        *float64       `json:"mean"`
	MeanAgainst *float64       `json:"mean_against"`
	Delta       *float64       `json:"delta"`
	Relative    *float64       `json:"relative_change"` // Delta / |MeanAgainst|, what the verdict panel plots
	CI          *apiInterval   `json:"ci"`
	P           *float64       `json:"p"`
	PMethod     string         `json:"p_method"`
	PAdjusted   *float64       `json:"p_adjusted"`
	Weight      float64        `json:"weight"`
	Tests       int            `json:"tests"`
	Effect      *float64       `json:"effect"`
	Verdict     string         `json:"verdict"`
	Significant bool           `json:"significant"`
	Slices      []apiSliceComp `json:"slices"`
	Page        string         `json:"page"` // the iteration's page, "" when it has none
}

// apiSliceComp is an experiment.SliceComparison with null for figures that
// are not finite.
type apiSliceComp struct {
	Slice            string       `json:"slice"`
	N                int          `json:"n"`
	Delta            *float64     `json:"delta"`
	CI               *apiInterval `json:"ci"`
	P                *float64     `json:"p"`
	PMethod          string       `json:"p_method"`
	PAdjusted        *float64     `json:"p_adjusted"`
	Weight           float64      `json:"weight"`
	Significant      bool         `json:"significant"`
	Verdict          string       `json:"verdict"`
	Reversal         bool         `json:"reversal"`
	PossibleReversal bool         `json:"possible_reversal"`
}

// apiInterval is an interval with finite bounds.
type apiInterval struct {
	Low  float64 `json:"low"`
	High float64 `json:"high"`
}

// intervalAPI returns ci, or nil when it is missing or a bound is not finite.
func intervalAPI(ci *experiment.Interval) *apiInterval {
	if ci == nil || finite(&ci.Low) == nil || finite(&ci.High) == nil {
		return nil
	}
	return &apiInterval{ci.Low, ci.High}
}

// fig returns a pointer to x, or nil when x is not finite.
func fig(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}

// comparisonsAPI writes comparisons for the JSON API; [] for none.
func comparisonsAPI(cs []*compView) []apiComparison {
	out := make([]apiComparison, 0, len(cs))
	for _, c := range cs {
		a := apiComparison{
			Iteration: c.Iteration, Against: c.Against, Target: c.Target, Subject: c.Subject,
			Kind: c.Kind, Direction: c.Direction, Paired: c.Paired, Method: c.Method,
			N: c.N, NAgainst: c.NAgainst, Mean: fig(c.Mean), MeanAgainst: fig(c.MeanAgainst),
			Delta: fig(c.Delta), Relative: relativeChange(c.Comparison), CI: intervalAPI(c.CI), P: finite(c.P), PMethod: c.PMethod, PAdjusted: finite(c.PAdjusted),
			Weight: c.Weight, Tests: c.Tests, Effect: finite(c.Effect), Verdict: c.Verdict, Significant: c.Significant,
			Slices: make([]apiSliceComp, 0, len(c.Slices)),
		}
		if c.Iter != nil {
			a.Page = c.Iter.Path
		}
		for _, s := range c.Slices {
			a.Slices = append(a.Slices, apiSliceComp{
				Slice: s.Slice, N: s.N, Delta: fig(s.Delta), CI: intervalAPI(s.CI),
				P: finite(s.P), PMethod: s.PMethod, PAdjusted: finite(s.PAdjusted), Weight: s.Weight,
				Significant: s.Significant, Verdict: s.Verdict, Reversal: s.Reversal, PossibleReversal: s.PossibleReversal,
			})
		}
		out = append(out, a)
	}
	return out
}

// apiExperiments is api/experiments.json.
type apiExperiments struct {
	SchemaVersion int          `json:"schema_version"`
	Correction    string       `json:"correction"` // "holm", "bh" or "none"
	SliceWeight   float64      `json:"slice_weight"`
	Alpha         float64      `json:"alpha"`
	Power         float64      `json:"power"`
	Confidence    float64      `json:"confidence"`
	Verdicts      []apiVerdict `json:"verdicts"`
}

// apiVerdict is an experiment.Verdict with null for figures that are not
// finite, and the case study's page.
type apiVerdict struct {
	CaseStudy string       `json:"casestudy"`
	Title     string       `json:"title"`
	Baseline  string       `json:"baseline"`
	Candidate string       `json:"candidate"`
	Primary   string       `json:"primary"`
	MinEffect *float64     `json:"min_effect"`
	PlannedN  int          `json:"planned_n"`
	N         int          `json:"n"`
	Delta     *float64     `json:"delta"`
	CI        *apiInterval `json:"ci"`
	P         *float64     `json:"p"`
	MDE       *float64     `json:"mde"`
	Outcome   string       `json:"outcome"`
	Reason    string       `json:"reason"`
	Page      string       `json:"page"` // the case study's page, "" when none
}

// experimentsAPI returns api/experiments.json.
func experimentsAPI(cfg *config.Config, verdicts []*verdictView) apiExperiments {
	e := cfg.Experiment
	out := apiExperiments{
		SchemaVersion: schemaVersion, Correction: e.Correction, SliceWeight: sliceWeight(e), Alpha: e.Alpha, Power: e.Power,
		Confidence: cfg.Analysis.Confidence, Verdicts: make([]apiVerdict, 0, len(verdicts)),
	}
	for _, v := range verdicts {
		a := apiVerdict{
			CaseStudy: v.CaseStudy, Title: v.Title, Baseline: v.Baseline, Candidate: v.Candidate,
			Primary: v.Primary.Name, MinEffect: finite(v.MinEffect), PlannedN: v.PlannedN, N: v.N,
			Delta: fig(v.Delta), CI: intervalAPI(v.CI), P: finite(v.Verdict.P), MDE: finite(v.MDE),
			Outcome: v.Outcome, Reason: v.Reason,
		}
		if v.Doc != nil {
			a.Page = v.Doc.Path
		}
		out.Verdicts = append(out.Verdicts, a)
	}
	return out
}

// sliceWeight returns the configured share of the slices, the default for
// a Config not made by config.Default or Load.
func sliceWeight(e config.Experiment) float64 {
	if e.SliceWeight == nil {
		return *config.Default().Experiment.SliceWeight
	}
	return *e.SliceWeight
}
