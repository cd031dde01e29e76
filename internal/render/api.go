package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"github.com/evalbook/evalbook/internal/route"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/trend"
)

// schemaVersion is the version of the JSON API's layout; it changes only
// when a field is removed or changes meaning (docs/json-api.md).
const schemaVersion = 1

// apiIteration is an iteration in the JSON API.
type apiIteration struct {
	ID          string  `json:"id"`
	Order       int     `json:"order"`
	Date        *string `json:"date"` // "2006-01-02", null when unknown
	Baseline    string  `json:"baseline"`
	Description string  `json:"description"`
	Round       string  `json:"round"`     // project shape rounds; "" otherwise
	Reference   bool    `json:"reference"` // the reference system of its round
	Page        string  `json:"page"`
}

// apiHeader opens both JSON documents.
type apiHeader struct {
	SchemaVersion int            `json:"schema_version"`
	Title         string         `json:"title"`
	Confidence    float64        `json:"confidence"`
	Iterations    []apiIteration `json:"iterations"`
}

type apiMetrics struct {
	apiHeader
	Metrics []apiMetric `json:"metrics"`
}

type apiMetric struct {
	Metric      string              `json:"metric"`
	Label       string              `json:"label"`
	Description string              `json:"description"`
	Unit        string              `json:"unit"`
	Direction   string              `json:"direction"`
	Headline    bool                `json:"headline"`
	Page        string              `json:"page"`
	Points      []trend.MetricPoint `json:"points"`
	Thresholds  apiThresholds       `json:"thresholds"`
	Comparisons []apiComparison     `json:"comparisons"`
}

type apiAnnotations struct {
	apiHeader
	Dimensions []apiDimension `json:"dimensions"`
}

type apiDimension struct {
	Dimension   string                 `json:"dimension"`
	Label       string                 `json:"label"`
	Description string                 `json:"description"`
	Scale       string                 `json:"scale"`
	Numeric     bool                   `json:"numeric"`
	Labels      []string               `json:"labels"`
	Min         *float64               `json:"min"`
	Max         *float64               `json:"max"`
	Raters      []string               `json:"raters"`
	Page        string                 `json:"page"`
	Points      []trend.DimensionPoint `json:"points"`
	// Direction, Thresholds and Comparisons concern numeric dimensions;
	// a label dimension has "" and no comparisons.
	Direction   string          `json:"direction"`
	Thresholds  apiThresholds   `json:"thresholds"`
	Comparisons []apiComparison `json:"comparisons"`
}

// api renders api/metrics.json, api/annotations.json, api/experiments.json,
// api/discrepancy.json and the reliability documents api/agreement.json, api/raters.json and
// api/alerts.json.
func (r *renderer) api() (Files, error) {
	docs := r.apiDocs()
	names := sortedKeys(docs)
	bodies := make([][]byte, len(names))
	errs := make([]error, len(names))
	inParallel(len(names), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			if bodies[i], errs[i] = marshal(docs[names[i]]); errs[i] != nil {
				errs[i] = fmt.Errorf("writing %s: %w", names[i], errs[i])
			}
		}
	})
	files := make(Files, len(names))
	for i, name := range names {
		if errs[i] != nil {
			return nil, errs[i]
		}
		files[name] = bodies[i]
	}
	return files, nil
}

// apiDocs returns the JSON API's documents by path.
func (r *renderer) apiDocs() map[string]any {
	head := newAPIHeader(r.cfg, r.iters)
	m := apiMetrics{apiHeader: head, Metrics: []apiMetric{}}
	for _, v := range r.metrics {
		m.Metrics = append(m.Metrics, apiMetric{
			Metric: v.Name, Label: v.Label, Description: v.Description, Unit: v.Unit,
			Direction: v.Direction, Headline: v.Headline, Page: v.Path,
			Points:      nonNil(v.Trend.Points),
			Thresholds:  thresholdsAPI(r.cfg.Metric(v.Name).Thresholds),
			Comparisons: comparisonsAPI(r.compSubj[subjectKey(kindMetric, v.Name)]),
		})
	}
	a := apiAnnotations{apiHeader: head, Dimensions: []apiDimension{}}
	for _, v := range r.dims {
		ad := apiDimension{
			Dimension: v.Name, Label: v.Label, Description: v.Description, Scale: v.Scale,
			Numeric: v.Numeric, Labels: nonNil(v.Labels), Min: v.Min, Max: v.Max,
			Raters: nonNil(v.Raters), Page: v.Path, Points: nonNil(v.Trend.Points),
			Comparisons: comparisonsAPI(r.compSubj[subjectKey(kindDimension, v.Name)]),
		}
		if v.Numeric {
			dc := r.cfg.Dimension(v.Name)
			ad.Direction, ad.Thresholds = dc.Direction, thresholdsAPI(dc.Thresholds())
		} else {
			ad.Thresholds = thresholdsAPI(config.Thresholds{SignificantRegression: "off"})
		}
		a.Dimensions = append(a.Dimensions, ad)
	}
	docs := reliabilityAPI(r.cfg, r.p.Raters, r.dims, r.item, r.alerts)
	docs[route.APIMetrics], docs[route.APIAnnotations] = m, a
	docs[route.APIExperiments] = experimentsAPI(r.cfg, r.verdicts)
	docs[route.APIDiscrepancy] = discrepancyAPI(discInputsOf(r), r.disc)
	docs[route.APILeaderboard] = leaderboardAPI(r.cfg, r.boards)
	if r.routes.Sources {
		docs[route.APISources] = sourcesAPI(head, r.p.Sources)
	}
	if len(r.routes.Pairwise) > 0 {
		docs[route.APIPairwise] = pairwiseAPI(r.cfg, r.prefRep, r.compSubj)
	}
	docs[route.APIDocuments] = documentsAPI(head, allDocs(r.p, r.docs), r.knowledgeIndex, r.guides, r.refDate)
	docs[route.APITimeline] = timelineAPI(r.timeline())
	return docs
}

// marshal writes v as compact JSON (no indentation: indenting cost about a
// tenth of a build's CPU, and `jq .` pretty-prints for a reader), with a
// final newline. Text is written as it is ("<" stays "<"): the documents are
// served as application/json, never inlined into HTML. A jsonAppender
// writes itself (api_json.go), with the same bytes.
func marshal(v any) ([]byte, error) {
	if a, ok := v.(jsonAppender); ok {
		w := newJSONWriter()
		a.appendJSON(w)
		out := w.bytes()
		if w.err != nil {
			return nil, w.err
		}
		return out, nil
	}
	return marshalReflect(v)
}

// marshalReflect is marshal by encoding/json alone.
func marshalReflect(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// newAPIHeader returns the keys every JSON document opens with: the
// config's title and confidence, and the iterations.
func newAPIHeader(cfg *config.Config, iters []*iterView) apiHeader {
	h := apiHeader{
		SchemaVersion: schemaVersion, Title: cfg.Title,
		Confidence: cfg.Analysis.Confidence, Iterations: []apiIteration{},
	}
	for _, it := range iters {
		ai := apiIteration{
			ID: it.ID, Order: it.Order, Baseline: it.Baseline,
			Description: it.Description, Round: it.Round, Reference: it.Reference, Page: it.Path,
		}
		if d := formatDate(it.Date); d != "" {
			ai.Date = &d
		}
		h.Iterations = append(h.Iterations, ai)
	}
	return h
}

// nonNil returns s, or an empty slice for nil, so the JSON has [] rather
// than null for an empty list.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
