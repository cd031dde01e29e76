package render

import (
	"github.com/evalbook/evalbook/internal/route"
	"math"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/reliability"
)

// apiAgreement is api/agreement.json.
type apiAgreement struct {
	SchemaVersion int                  `json:"schema_version"`
	Confidence    float64              `json:"confidence"`
	Thresholds    apiAlphaThresholds   `json:"thresholds"`
	Records       []reliability.Record `json:"records"`
	Disagreements []apiDisagreement    `json:"disagreements"`
}

// apiAlphaThresholds are the alpha thresholds of the status and alerts.
type apiAlphaThresholds struct {
	Alert float64 `json:"alert"`
	Warn  float64 `json:"warn"`
}

// apiDisagreement is an item of a dimension's disagreement list.
type apiDisagreement struct {
	Dimension string   `json:"dimension"`
	Item      string   `json:"item"`
	Iteration string   `json:"iteration"`
	Values    []string `json:"values"`
	Raters    []string `json:"raters"`
	Spread    *float64 `json:"spread"`
	Page      string   `json:"page"` // the item's page
}

// apiRaters is api/raters.json.
type apiRaters struct {
	SchemaVersion int                 `json:"schema_version"`
	Thresholds    apiRaterThresholds  `json:"thresholds"`
	Raters        []reliability.Rater `json:"raters"`
	Pairs         []apiPair           `json:"pairs"`
	// Attributes are the raters' attributes from the raters file, by
	// rater; Groups and GroupDiffs the per-dimension figures of the groups
	// they form (see package reliability).
	Attributes []apiRaterAttrs         `json:"attributes"`
	Groups     []reliability.Group     `json:"groups"`
	GroupDiffs []reliability.GroupDiff `json:"group_diffs"`
}

// apiRaterAttrs is one rater's attributes.
type apiRaterAttrs struct {
	Rater      string            `json:"rater"`
	Attributes map[string]string `json:"attributes"`
}

// apiRaterThresholds are the limits of the calibration alerts: the
// configured settings, and the offset limit each numeric dimension's
// alerts were judged by, in scale points.
type apiRaterThresholds struct {
	DriftDrop    float64            `json:"drift_drop"`
	MaxOffset    float64            `json:"max_offset"`
	MaxOffsetRel float64            `json:"max_offset_rel"`
	OffsetLimits map[string]float64 `json:"offset_limits"`
}

// apiPair is a pair of raters with its dimension.
type apiPair struct {
	Dimension string `json:"dimension"`
	reliability.Pair
}

// apiAlerts is api/alerts.json.
type apiAlerts struct {
	SchemaVersion int        `json:"schema_version"`
	Alerts        []apiAlert `json:"alerts"`
}

// apiAlert is an alert whose figures are null where they are not finite.
type apiAlert struct {
	Kind      string              `json:"kind"`
	Severity  string              `json:"severity"`
	Subject   string              `json:"subject"`
	Iteration string              `json:"iteration"`
	Message   string              `json:"message"`
	Numbers   map[string]*float64 `json:"numbers"`
	Link      string              `json:"link"` // the page, "" when the site has no such page
}

// reliabilityAPI returns the three reliability documents: the dimensions'
// reliability, the raters' attributes, and every alert, with links to the
// item pages.
func reliabilityAPI(cfg *config.Config, raters []project.Rater, dims []*dimView, item map[string]*itemView, alerts []alertView) map[string]any {
	a := cfg.Agreement
	ag := apiAgreement{
		SchemaVersion: schemaVersion, Confidence: cfg.Analysis.Confidence,
		Thresholds: apiAlphaThresholds{a.Alert, a.Warn},
		Records:    []reliability.Record{}, Disagreements: []apiDisagreement{},
	}
	rt := apiRaters{
		SchemaVersion: schemaVersion, Thresholds: apiRaterThresholds{a.DriftDrop, a.MaxOffset, a.MaxOffsetRel, map[string]float64{}},
		Raters: []reliability.Rater{}, Pairs: []apiPair{},
		Attributes: []apiRaterAttrs{}, Groups: []reliability.Group{}, GroupDiffs: []reliability.GroupDiff{},
	}
	for _, x := range raters {
		attrs := x.Attrs
		if attrs == nil {
			attrs = map[string]string{}
		}
		rt.Attributes = append(rt.Attributes, apiRaterAttrs{x.ID, attrs})
	}
	for _, d := range dims {
		if d.Rel == nil {
			continue
		}
		if d.Numeric {
			rt.Thresholds.OffsetLimits[d.Name] = d.Rel.MaxOffset
		}
		ag.Records = append(ag.Records, cleanRecord(d.Rel.Pooled))
		for _, rec := range d.Rel.Iterations {
			ag.Records = append(ag.Records, cleanRecord(rec))
		}
		for _, x := range d.Rel.Disagreements {
			ag.Disagreements = append(ag.Disagreements, apiDisagreement{
				Dimension: d.Name, Item: x.Item, Iteration: x.Iteration,
				Values: nonNil(x.Values), Raters: nonNil(x.Raters), Spread: finite(&x.Spread),
				Page: item[x.Item].Path,
			})
		}
		for _, x := range d.Rel.Raters {
			rt.Raters = append(rt.Raters, cleanRater(x))
		}
		for _, x := range d.Rel.RaterTrend {
			rt.Raters = append(rt.Raters, cleanRater(x))
		}
		for _, x := range d.Rel.Pairs {
			x.Agreement, x.Alpha = finite(x.Agreement), finite(x.Alpha)
			rt.Pairs = append(rt.Pairs, apiPair{d.Name, x})
		}
		for _, x := range d.Rel.Groups {
			x.Mean, x.Alpha = finite(x.Mean), finite(x.Alpha)
			rt.Groups = append(rt.Groups, x)
		}
		for _, x := range d.Rel.GroupDiffs {
			x.Diff, x.CILow, x.CIHigh = finite(x.Diff), finite(x.CILow), finite(x.CIHigh)
			rt.GroupDiffs = append(rt.GroupDiffs, x)
		}
	}
	al := apiAlerts{SchemaVersion: schemaVersion, Alerts: []apiAlert{}}
	for _, x := range alerts {
		al.Alerts = append(al.Alerts, apiAlert{
			Kind: x.Kind, Severity: x.SeverityName(), Subject: x.Subject.String(), Iteration: x.Iteration,
			Message: x.Message, Numbers: cleanNumbers(x.Numbers), Link: x.Path,
		})
	}
	return map[string]any{route.APIAgreement: ag, route.APIRaters: rt, route.APIAlerts: al}
}

// cleanRecord returns rec with every figure that is not finite set to nil,
// so that the JSON says null where a NaN slipped through.
func cleanRecord(rec reliability.Record) reliability.Record {
	for _, p := range []**float64{
		&rec.AlphaNominal, &rec.AlphaOrdinal, &rec.AlphaInterval, &rec.AlphaRatio, &rec.Alpha,
		&rec.AlphaCILow, &rec.AlphaCIHigh, &rec.FleissKappa, &rec.CohenKappa,
		&rec.CohenKappaLinear, &rec.CohenKappaQuadratic, &rec.PercentAgreement,
	} {
		*p = finite(*p)
	}
	return rec
}

// cleanRater is cleanRecord for a rater's figures.
func cleanRater(x reliability.Rater) reliability.Rater {
	for _, p := range []**float64{&x.AlphaWithout, &x.AlphaDelta, &x.Agreement, &x.Offset, &x.GoldAccuracy} {
		*p = finite(*p)
	}
	return x
}

// cleanNumbers copies an alert's figures, null where not finite; an empty
// map for none.
func cleanNumbers(m map[string]float64) map[string]*float64 {
	out := make(map[string]*float64, len(m))
	for k, v := range m {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			out[k] = nil
			continue
		}
		out[k] = &v
	}
	return out
}
