package render

import (
	"bytes"
	"math"
	"slices"
	"testing"

	"github.com/evalbook/evalbook/internal/discrepancy"
	"github.com/evalbook/evalbook/internal/reliability"
	"github.com/evalbook/evalbook/internal/route"
	"github.com/evalbook/evalbook/internal/trend"
)

// sameJSON fails t unless marshal (the appenders) and marshalReflect
// (encoding/json) write the same bytes, or both fail, for v.
func sameJSON(t *testing.T, name string, v any) {
	t.Helper()
	got, gotErr := marshal(v)
	want, wantErr := marshalReflect(v)
	if (gotErr != nil) != (wantErr != nil) {
		t.Fatalf("%s: appender error %v, encoding/json error %v", name, gotErr, wantErr)
	}
	if wantErr != nil {
		if gotErr.Error() != wantErr.Error() {
			t.Errorf("%s: appender error %q, encoding/json error %q", name, gotErr, wantErr)
		}
		return
	}
	if !bytes.Equal(got, want) {
		i := firstDiff(got, want)
		lo := max(0, i-120)
		t.Errorf("%s differs from encoding/json at byte %d of %d:\nappender: %q\njson:     %q", name, i, len(want),
			got[lo:min(len(got), i+120)], want[lo:min(len(want), i+120)])
	}
}

// checkAPIDocs compares every document of in's JSON API that writes itself
// with encoding/json's bytes for it, and requires the large ones among
// them.
func checkAPIDocs(t *testing.T, in Input) {
	t.Helper()
	r, err := newRenderer(in)
	if err != nil {
		t.Fatal(err)
	}
	var appended []string
	for name, doc := range r.apiDocs() {
		if _, ok := doc.(jsonAppender); ok {
			sameJSON(t, name, doc)
			appended = append(appended, name)
		}
	}
	slices.Sort(appended)
	want := []string{route.APIAgreement, route.APIAlerts, route.APIAnnotations, route.APIDiscrepancy, route.APIDocuments, route.APIMetrics, route.APIRaters}
	slices.Sort(want)
	if !slices.Equal(appended, want) {
		t.Errorf("documents that write themselves: %v, want %v", appended, want)
	}
}

func TestAPIAppendersMatchEncodingJSON(t *testing.T) {
	t.Run("fixture", func(t *testing.T) {
		checkAPIDocs(t, testInput())
	})
	t.Run("corpora", func(t *testing.T) {
		for name, in := range corpora(t) {
			t.Run(name, func(t *testing.T) { checkAPIDocs(t, in) })
		}
	})
}

func TestAPIAppendersEdgeValues(t *testing.T) {
	floats := []float64{0, math.Copysign(0, -1), 1, -1, 0.1, 1e-6, 9.99e-7, 1e-7, -1e-7, 1e20, 1e21, 1.5e300,
		5e-324, math.MaxFloat64, 0.5024183937956919, -0.010000000000000009, 123456789.125}
	for _, x := range floats {
		sameJSON(t, "float", x)
	}
	for _, x := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		sameJSON(t, "non-finite float", apiAnnotations{Dimensions: []apiDimension{{Min: &x}}})
	}
	strs := []string{"", "plain", `quote " and \ backslash`, "<b>&amp;</b>", "tab\tnl\nret\rbs\bff\f",
		"\x00\x01\x1f\x7f", "ρ × Ω 🙂", "line\u2028para\u2029", "bad \xff\xfe utf8 \xe2\x82", "\xed\xa0\x80"}
	for _, s := range strs {
		sameJSON(t, "string", apiMetrics{apiHeader: apiHeader{Title: s}})
	}
}

// fuzzDocs builds the appended documents with every field set from
// the fuzzer's values; set chooses which pointers and omitempty fields
// are filled.
func fuzzDocs(s string, x, y float64, n int, set uint8) []any {
	on := func(bit uint8) bool { return set&(1<<bit) != 0 }
	ptr := func(bit uint8, v float64) *float64 {
		if !on(bit) {
			return nil
		}
		return &v
	}
	str := func(bit uint8) string {
		if on(bit) {
			return s
		}
		return ""
	}
	head := apiHeader{SchemaVersion: n, Title: s, Confidence: x, Iterations: []apiIteration{{ID: s, Order: n, Baseline: s, Description: s, Round: s, Reference: on(0), Page: s}}}
	if on(1) {
		head.Iterations[0].Date = &s
	}
	var ci *trend.Interval
	if on(2) {
		ci = &trend.Interval{Low: x, High: y}
	}
	improved := on(3)
	mp := trend.MetricPoint{Iteration: s, N: n, Mean: x, SD: ptr(4, y), CI: ci, DeltaPrev: ptr(5, x), DeltaBaseline: ptr(6, y),
		Baseline: str(7), Method: str(1), Unavailable: str(2), Replicates: n * int(set&1)}
	if on(3) {
		mp.Improved = &improved
		mp.Slices = []trend.SliceStat{{Slice: s, N: n, Mean: y}, {}}
	}
	var aci *apiInterval
	if on(4) {
		aci = &apiInterval{Low: y, High: x}
	}
	comp := apiComparison{Iteration: s, Against: s, Target: s, Subject: s, Kind: s, Direction: s, Paired: on(0), Method: s,
		N: n, NAgainst: -n, Mean: ptr(0, x), MeanAgainst: ptr(1, y), Delta: ptr(2, x), Relative: ptr(3, y), CI: aci,
		P: ptr(5, x), PMethod: s, PAdjusted: ptr(6, y), Weight: x, Tests: n, Effect: ptr(7, y), Verdict: s, Significant: on(1),
		Slices: []apiSliceComp{{Slice: s, N: n, Delta: ptr(0, y), CI: aci, P: ptr(1, x), PMethod: s, PAdjusted: ptr(2, x),
			Weight: y, Significant: on(3), Verdict: s, Reversal: on(4), PossibleReversal: on(5)}}, Page: s}
	th := apiThresholds{Min: ptr(1, x), Max: ptr(2, y), MaxRegression: ptr(3, x), MaxRegressionRel: ptr(4, y), SignificantRegression: s, Sentinel: on(6)}
	metrics := apiMetrics{apiHeader: head, Metrics: []apiMetric{{Metric: s, Label: s, Description: s, Unit: s, Direction: s,
		Headline: on(2), Page: s, Points: []trend.MetricPoint{mp, {}}, Thresholds: th, Comparisons: []apiComparison{comp, {}}}}}
	dp := trend.DimensionPoint{Iteration: s, Ratings: n, Raters: n, Items: n, Mean: ptr(0, x), SD: ptr(1, y), CI: ci, DeltaPrev: ptr(3, y),
		Distribution: []trend.Count{{Value: s, N: n, Share: y}}, Method: str(4), Unavailable: str(5)}
	annotations := apiAnnotations{apiHeader: head, Dimensions: []apiDimension{{Dimension: s, Label: s, Description: s, Scale: s,
		Numeric: on(6), Labels: []string{s, ""}, Min: ptr(2, x), Max: ptr(3, y), Raters: []string{s}, Page: s,
		Points: []trend.DimensionPoint{dp, {}}, Direction: s, Thresholds: th, Comparisons: []apiComparison{comp}}, {}}}
	co := discrepancy.Coefficients{N: n, Pearson: ptr(0, x), PearsonLow: ptr(1, y), PearsonHigh: ptr(2, x), Spearman: ptr(3, y),
		SpearmanLow: ptr(4, x), SpearmanHigh: ptr(5, y), KendallTauB: ptr(6, x), KendallTauBLow: ptr(7, y), KendallTauBHigh: ptr(0, y)}
	rec := discrepancy.Record{Metric: s, Dimension: s, Iteration: s, Level: s, Coefficients: co, Method: str(6), Unavailable: str(7)}
	if on(5) {
		rec.Partial = &co
	}
	disc := apiDiscrepancy{apiHeader: head, Floor: x, Drop: y, Page: s,
		Pairs:   []apiDiscPair{{Metric: s, Dimension: s, Correlated: on(1), Units: n, Page: s, Orientation: -n}},
		Records: []discrepancy.Record{rec, {}},
		Slices:  []discrepancy.SliceRecord{{Metric: s, Dimension: s, Slice: s, Coefficients: co}},
	}
	rr := reliability.Record{Dimension: s, Iteration: s, NItems: n, NRaters: n, NRatings: n, AlphaNominal: ptr(0, x), AlphaOrdinal: ptr(1, y),
		AlphaInterval: ptr(2, x), AlphaRatio: ptr(3, y), Level: s, Alpha: ptr(4, x), AlphaCILow: ptr(5, y), AlphaCIHigh: ptr(6, x),
		FleissKappa: ptr(7, y), CohenKappa: ptr(0, y), CohenKappaLinear: ptr(1, x), CohenKappaQuadratic: ptr(2, y), PercentAgreement: ptr(3, x),
		Status: s, Reason: str(4), Method: str(5), Unavailable: str(6)}
	agreement := apiAgreement{SchemaVersion: n, Confidence: x, Thresholds: apiAlphaThresholds{Alert: y, Warn: x},
		Records:       []reliability.Record{rr, {}},
		Disagreements: []apiDisagreement{{Dimension: s, Item: s, Iteration: s, Values: []string{s}, Raters: []string{s, s}, Spread: ptr(7, y), Page: s}, {}}}
	raters := apiRaters{SchemaVersion: n, Thresholds: apiRaterThresholds{DriftDrop: x, MaxOffset: y, MaxOffsetRel: x, OffsetLimits: map[string]float64{s: y, "a": x}},
		Raters: []reliability.Rater{{Rater: s, Dimension: s, Iteration: s, NRatings: n, AlphaWithout: ptr(0, x), AlphaDelta: ptr(1, y),
			Agreement: ptr(2, x), Offset: ptr(3, y), GoldN: n, GoldAccuracy: ptr(4, x)}, {}},
		Pairs: []apiPair{{Dimension: s, Pair: reliability.Pair{RaterA: s, RaterB: s, NItems: n, Agreement: ptr(5, x), Alpha: ptr(6, y)}}}}
	numbers := map[string]*float64{s: ptr(0, x), "alpha": ptr(1, y), "ci_low": ptr(2, x), "threshold": &y}
	if on(3) {
		numbers = nil
	}
	alerts := apiAlerts{SchemaVersion: n, Alerts: []apiAlert{{Kind: s, Severity: s, Subject: s, Iteration: s, Message: s, Numbers: numbers, Link: s}, {Numbers: map[string]*float64{}}}}
	doc := apiDocument{Slug: s, Kind: s, Title: s, Date: str(0), Page: s, Source: s, Tags: []string{s}, Status: str(1), Owner: str(2),
		Decision: str(3), Risk: str(4), Supersedes: str(5), Iterations: []string{s, s}}
	if on(6) {
		doc.DecidedBy, doc.ApprovedBy = []string{s}, []string{s, s}
		doc.Escalation = &apiEscalation{To: s, Why: s, Status: s, Due: str(7)}
		doc.FollowUps = []apiDocFollowUp{{Text: s, Owner: s, Due: str(1), Done: on(2)}, {}}
	}
	documents := apiDocuments{apiHeader: head, Reference: s, Documents: []apiDocument{doc, {}}, Taxonomies: map[string][]termCount{s: {{s, s, n}}},
		FollowUps: []apiFollowUp{{Decision: s, Text: s, Owner: s, Due: str(3), Overdue: on(4), DaysOver: n}}, Done: n, Resolved: -n,
		Guidelines: []apiGuideline{{Version: s, Slug: s, EffectiveFrom: str(5), Dimensions: []string{s}}}}
	return []any{metrics, annotations, disc, agreement, raters, alerts, documents,
		apiMetrics{}, apiAnnotations{}, apiDiscrepancy{}, apiAgreement{}, apiRaters{}, apiAlerts{}, apiDocuments{}}
}

// FuzzAPIAppenders compares the appenders with encoding/json over random
// strings, floats (NaN and infinities included: both must refuse them),
// ints and choices of null pointers and empty omitempty fields, seeded
// with values of the real documents' shapes.
func FuzzAPIAppenders(f *testing.F) {
	f.Add("it001", 0.51, 0.5024183937956919, 100, uint8(0xff))
	f.Add("answer_accuracy", -0.010000000000000009, 0.09, 40, uint8(0x5a))
	f.Add("paired bootstrap, McNemar exact test", 0.18774155899882153, 1.0, 5000, uint8(0xa5))
	f.Add("<b> & \u2028 ρ \x00 \xff", 1e-7, 1e21, -3, uint8(0x0f))
	f.Add("", 0.0, math.Copysign(0, -1), 0, uint8(0))
	f.Add("nan", math.NaN(), 1.0, 1, uint8(0xff))
	f.Add("inf", 1.0, math.Inf(-1), 1, uint8(0xf0))
	f.Fuzz(func(t *testing.T, s string, x, y float64, n int, set uint8) {
		for _, doc := range fuzzDocs(s, x, y, n, set) {
			sameJSON(t, "doc", doc)
		}
	})
}

// BenchmarkAPIJSON writes the benchmark corpus's metrics, annotations and
// discrepancy documents with the appenders (marshal) and with
// encoding/json (reflect), for the allocation and ns figures.
func BenchmarkAPIJSON(b *testing.B) {
	r, err := newRenderer(benchCorpusInput(b))
	if err != nil {
		b.Fatal(err)
	}
	docs := r.apiDocs()
	var large []any
	for _, doc := range docs {
		if _, ok := doc.(jsonAppender); ok {
			large = append(large, doc)
		}
	}
	for _, bc := range []struct {
		name string
		enc  func(any) ([]byte, error)
	}{{"appenders", marshal}, {"reflect", marshalReflect}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				n = 0
				for _, doc := range large {
					out, err := bc.enc(doc)
					if err != nil {
						b.Fatal(err)
					}
					n += len(out)
				}
			}
			b.SetBytes(int64(n))
		})
	}
}
