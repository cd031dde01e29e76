package render

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"sync"

	"github.com/evalbook/evalbook/internal/discrepancy"
	"github.com/evalbook/evalbook/internal/jsonappend"
	"github.com/evalbook/evalbook/internal/reliability"
	"github.com/evalbook/evalbook/internal/trend"
)

// The large JSON documents (api/metrics.json, annotations.json,
// discrepancy.json, documents.json, alerts.json, raters.json and
// agreement.json, nearly all of site/api's bytes) are written by the typed
// appenders below rather than by encoding/json's reflection, which cost
// about 2 % of a knowledge-base build's CPU. The struct types and their
// json tags stay the reference: every appender writes exactly the bytes
// encoding/json writes for its value with SetEscapeHTML(false), field by
// field in declaration order (TestAPIAppendersMatchEncodingJSON and
// FuzzAPIAppenders compare the two). A field added to one of these types
// must be added to its appender too; the tests fail until it is.

// jsonAppender is a document that writes its own JSON.
type jsonAppender interface {
	appendJSON(w *jsonWriter)
}

// jsonWriter appends JSON to b, a chunk of about jsonChunk bytes that
// list moves to full when it is full, so that a document of megabytes is
// written without growing (copying and clearing) one buffer again and
// again; bytes joins the chunks. err is the first value encoding/json
// would have refused (a NaN or infinite float).
type jsonWriter struct {
	b    []byte
	full [][]byte
	err  error
}

// jsonChunk is the size of a jsonWriter's chunks; they are reused through
// jsonChunks.
const jsonChunk = 64 << 10

var jsonChunks = sync.Pool{New: func() any { return new([jsonChunk]byte) }}

// newJSONWriter returns a writer with an empty chunk.
func newJSONWriter() *jsonWriter {
	return &jsonWriter{b: jsonChunks.Get().(*[jsonChunk]byte)[:0]}
}

// spill starts a new chunk when the current one is nearly full.
func (w *jsonWriter) spill() {
	if len(w.b) >= jsonChunk-jsonChunk/8 {
		w.full = append(w.full, w.b)
		w.b = jsonChunks.Get().(*[jsonChunk]byte)[:0]
	}
}

// bytes returns what w wrote followed by a newline, in one exactly sized
// slice, and gives w's chunks back to the pool: w must not be used again.
func (w *jsonWriter) bytes() []byte {
	n := len(w.b) + 1
	for _, c := range w.full {
		n += len(c)
	}
	out := make([]byte, 0, n)
	for _, c := range append(w.full, w.b) {
		out = append(out, c...)
		if cap(c) == jsonChunk {
			jsonChunks.Put((*[jsonChunk]byte)(c[:jsonChunk]))
		}
	}
	w.b, w.full = nil, nil
	return append(out, '\n')
}

// raw appends s as it is: punctuation and keys, e.g. `,"n":`.
func (w *jsonWriter) raw(s string) { w.b = append(w.b, s...) }

// str appends s as encoding/json quotes it without HTML escaping.
func (w *jsonWriter) str(s string) { w.b = jsonappend.String(w.b, s) }

// int appends n.
func (w *jsonWriter) int(n int) { w.b = strconv.AppendInt(w.b, int64(n), 10) }

// bool appends b.
func (w *jsonWriter) bool(b bool) { w.b = strconv.AppendBool(w.b, b) }

// float appends f as encoding/json does; a NaN or an infinity sets err
// to encoding/json's error for it.
func (w *jsonWriter) float(f float64) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		if w.err == nil {
			_, w.err = json.Marshal(f)
		}
		w.b = append(w.b, "null"...)
		return
	}
	w.b = jsonappend.Float(w.b, f)
}

// floatPtr appends *p, or null for nil.
func (w *jsonWriter) floatPtr(p *float64) {
	if p == nil {
		w.raw("null")
		return
	}
	w.float(*p)
}

// reflect appends v by encoding/json, for the small parts of a document
// not worth an appender of their own.
func (w *jsonWriter) reflect(v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		if w.err == nil {
			w.err = err
		}
		w.raw("null")
		return
	}
	w.b = append(w.b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
}

// list appends the elements of s as a JSON array, each by elem; nil
// writes null, as encoding/json does.
func list[T any](w *jsonWriter, s []T, elem func(*jsonWriter, *T)) {
	if s == nil {
		w.raw("null")
		return
	}
	w.b = append(w.b, '[')
	for i := range s {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		elem(w, &s[i])
		w.spill()
	}
	w.b = append(w.b, ']')
}

func (h *apiHeader) appendFields(w *jsonWriter) {
	w.raw(`{"schema_version":`)
	w.int(h.SchemaVersion)
	w.raw(`,"title":`)
	w.str(h.Title)
	w.raw(`,"confidence":`)
	w.float(h.Confidence)
	w.raw(`,"iterations":`)
	list(w, h.Iterations, (*jsonWriter).iteration)
}

func (w *jsonWriter) iteration(it *apiIteration) {
	w.raw(`{"id":`)
	w.str(it.ID)
	w.raw(`,"order":`)
	w.int(it.Order)
	w.raw(`,"date":`)
	if it.Date == nil {
		w.raw("null")
	} else {
		w.str(*it.Date)
	}
	w.raw(`,"baseline":`)
	w.str(it.Baseline)
	w.raw(`,"description":`)
	w.str(it.Description)
	w.raw(`,"round":`)
	w.str(it.Round)
	w.raw(`,"reference":`)
	w.bool(it.Reference)
	w.raw(`,"page":`)
	w.str(it.Page)
	w.raw("}")
}

func (m apiMetrics) appendJSON(w *jsonWriter) {
	m.apiHeader.appendFields(w)
	w.raw(`,"metrics":`)
	list(w, m.Metrics, (*jsonWriter).metric)
	w.raw("}")
}

func (w *jsonWriter) metric(m *apiMetric) {
	w.raw(`{"metric":`)
	w.str(m.Metric)
	w.raw(`,"label":`)
	w.str(m.Label)
	w.raw(`,"description":`)
	w.str(m.Description)
	w.raw(`,"unit":`)
	w.str(m.Unit)
	w.raw(`,"direction":`)
	w.str(m.Direction)
	w.raw(`,"headline":`)
	w.bool(m.Headline)
	w.raw(`,"page":`)
	w.str(m.Page)
	w.raw(`,"points":`)
	list(w, m.Points, (*jsonWriter).metricPoint)
	w.raw(`,"thresholds":`)
	w.thresholds(&m.Thresholds)
	w.raw(`,"comparisons":`)
	list(w, m.Comparisons, (*jsonWriter).comparison)
	w.raw("}")
}

func (w *jsonWriter) metricPoint(p *trend.MetricPoint) {
	w.raw(`{"iteration":`)
	w.str(p.Iteration)
	w.raw(`,"n":`)
	w.int(p.N)
	w.raw(`,"mean":`)
	w.float(p.Mean)
	w.raw(`,"sd":`)
	w.floatPtr(p.SD)
	w.raw(`,"ci":`)
	w.trendInterval(p.CI)
	w.raw(`,"delta_prev":`)
	w.floatPtr(p.DeltaPrev)
	w.raw(`,"delta_baseline":`)
	w.floatPtr(p.DeltaBaseline)
	if p.Baseline != "" {
		w.raw(`,"baseline":`)
		w.str(p.Baseline)
	}
	w.raw(`,"improved":`)
	if p.Improved == nil {
		w.raw("null")
	} else {
		w.bool(*p.Improved)
	}
	if len(p.Slices) > 0 {
		w.raw(`,"slices":`)
		list(w, p.Slices, func(w *jsonWriter, s *trend.SliceStat) {
			w.raw(`{"slice":`)
			w.str(s.Slice)
			w.raw(`,"n":`)
			w.int(s.N)
			w.raw(`,"mean":`)
			w.float(s.Mean)
			w.raw("}")
		})
	}
	w.methodUnavailable(p.Method, p.Unavailable)
	if p.Replicates != 0 {
		w.raw(`,"replicates":`)
		w.int(p.Replicates)
	}
	w.raw("}")
}

// methodUnavailable appends the omitempty "method" and "unavailable" keys
// of an aggregated point or record.
func (w *jsonWriter) methodUnavailable(method, unavailable string) {
	if method != "" {
		w.raw(`,"method":`)
		w.str(method)
	}
	if unavailable != "" {
		w.raw(`,"unavailable":`)
		w.str(unavailable)
	}
}

func (w *jsonWriter) trendInterval(ci *trend.Interval) {
	if ci == nil {
		w.raw("null")
		return
	}
	w.interval(ci.Low, ci.High)
}

func (w *jsonWriter) apiInterval(ci *apiInterval) {
	if ci == nil {
		w.raw("null")
		return
	}
	w.interval(ci.Low, ci.High)
}

func (w *jsonWriter) interval(low, high float64) {
	w.raw(`{"low":`)
	w.float(low)
	w.raw(`,"high":`)
	w.float(high)
	w.raw("}")
}

func (w *jsonWriter) thresholds(t *apiThresholds) {
	w.raw(`{"min":`)
	w.floatPtr(t.Min)
	w.raw(`,"max":`)
	w.floatPtr(t.Max)
	w.raw(`,"max_regression":`)
	w.floatPtr(t.MaxRegression)
	w.raw(`,"max_regression_rel":`)
	w.floatPtr(t.MaxRegressionRel)
	w.raw(`,"significant_regression":`)
	w.str(t.SignificantRegression)
	w.raw(`,"sentinel":`)
	w.bool(t.Sentinel)
	w.raw("}")
}

func (w *jsonWriter) comparison(c *apiComparison) {
	w.raw(`{"iteration":`)
	w.str(c.Iteration)
	w.raw(`,"against":`)
	w.str(c.Against)
	w.raw(`,"target":`)
	w.str(c.Target)
	w.raw(`,"subject":`)
	w.str(c.Subject)
	w.raw(`,"kind":`)
	w.str(c.Kind)
	w.raw(`,"direction":`)
	w.str(c.Direction)
	w.raw(`,"paired":`)
	w.bool(c.Paired)
	w.raw(`,"method":`)
	w.str(c.Method)
	w.raw(`,"n":`)
	w.int(c.N)
	w.raw(`,"n_against":`)
	w.int(c.NAgainst)
	w.raw(`,"mean":`)
	w.floatPtr(c.Mean)
	w.raw(`,"mean_against":`)
	w.floatPtr(c.MeanAgainst)
	w.raw(`,"delta":`)
	w.floatPtr(c.Delta)
	w.raw(`,"relative_change":`)
	w.floatPtr(c.Relative)
	w.raw(`,"ci":`)
	w.apiInterval(c.CI)
	w.raw(`,"p":`)
	w.floatPtr(c.P)
	w.raw(`,"p_method":`)
	w.str(c.PMethod)
	w.raw(`,"p_adjusted":`)
	w.floatPtr(c.PAdjusted)
	w.raw(`,"weight":`)
	w.float(c.Weight)
	w.raw(`,"tests":`)
	w.int(c.Tests)
	w.raw(`,"effect":`)
	w.floatPtr(c.Effect)
	w.raw(`,"verdict":`)
	w.str(c.Verdict)
	w.raw(`,"significant":`)
	w.bool(c.Significant)
	w.raw(`,"slices":`)
	list(w, c.Slices, (*jsonWriter).sliceComparison)
	w.raw(`,"page":`)
	w.str(c.Page)
	w.raw("}")
}

func (w *jsonWriter) sliceComparison(s *apiSliceComp) {
	w.raw(`{"slice":`)
	w.str(s.Slice)
	w.raw(`,"n":`)
	w.int(s.N)
	w.raw(`,"delta":`)
	w.floatPtr(s.Delta)
	w.raw(`,"ci":`)
	w.apiInterval(s.CI)
	w.raw(`,"p":`)
	w.floatPtr(s.P)
	w.raw(`,"p_method":`)
	w.str(s.PMethod)
	w.raw(`,"p_adjusted":`)
	w.floatPtr(s.PAdjusted)
	w.raw(`,"weight":`)
	w.float(s.Weight)
	w.raw(`,"significant":`)
	w.bool(s.Significant)
	w.raw(`,"verdict":`)
	w.str(s.Verdict)
	w.raw(`,"reversal":`)
	w.bool(s.Reversal)
	w.raw(`,"possible_reversal":`)
	w.bool(s.PossibleReversal)
	w.raw("}")
}

func (a apiAnnotations) appendJSON(w *jsonWriter) {
	a.apiHeader.appendFields(w)
	w.raw(`,"dimensions":`)
	list(w, a.Dimensions, (*jsonWriter).dimension)
	w.raw("}")
}

func (w *jsonWriter) dimension(d *apiDimension) {
	w.raw(`{"dimension":`)
	w.str(d.Dimension)
	w.raw(`,"label":`)
	w.str(d.Label)
	w.raw(`,"description":`)
	w.str(d.Description)
	w.raw(`,"scale":`)
	w.str(d.Scale)
	w.raw(`,"numeric":`)
	w.bool(d.Numeric)
	w.raw(`,"labels":`)
	list(w, d.Labels, func(w *jsonWriter, s *string) { w.str(*s) })
	w.raw(`,"min":`)
	w.floatPtr(d.Min)
	w.raw(`,"max":`)
	w.floatPtr(d.Max)
	w.raw(`,"raters":`)
	list(w, d.Raters, func(w *jsonWriter, s *string) { w.str(*s) })
	w.raw(`,"page":`)
	w.str(d.Page)
	w.raw(`,"points":`)
	list(w, d.Points, (*jsonWriter).dimensionPoint)
	w.raw(`,"direction":`)
	w.str(d.Direction)
	w.raw(`,"thresholds":`)
	w.thresholds(&d.Thresholds)
	w.raw(`,"comparisons":`)
	list(w, d.Comparisons, (*jsonWriter).comparison)
	w.raw("}")
}

func (w *jsonWriter) dimensionPoint(p *trend.DimensionPoint) {
	w.raw(`{"iteration":`)
	w.str(p.Iteration)
	w.raw(`,"n_ratings":`)
	w.int(p.Ratings)
	w.raw(`,"n_raters":`)
	w.int(p.Raters)
	w.raw(`,"n_items":`)
	w.int(p.Items)
	w.raw(`,"mean":`)
	w.floatPtr(p.Mean)
	w.raw(`,"sd":`)
	w.floatPtr(p.SD)
	w.raw(`,"ci":`)
	w.trendInterval(p.CI)
	w.raw(`,"delta_prev":`)
	w.floatPtr(p.DeltaPrev)
	w.raw(`,"distribution":`)
	list(w, p.Distribution, func(w *jsonWriter, c *trend.Count) {
		w.raw(`{"value":`)
		w.str(c.Value)
		w.raw(`,"n":`)
		w.int(c.N)
		w.raw(`,"share":`)
		w.float(c.Share)
		w.raw("}")
	})
	w.methodUnavailable(p.Method, p.Unavailable)
	w.raw("}")
}

// appendJSON writes the pairs and the records, nearly all of the
// document's bytes, by hand and the small lists after them by reflection.
func (d apiDiscrepancy) appendJSON(w *jsonWriter) {
	d.apiHeader.appendFields(w)
	w.raw(`,"floor":`)
	w.float(d.Floor)
	w.raw(`,"drop":`)
	w.float(d.Drop)
	w.raw(`,"page":`)
	w.str(d.Page)
	w.raw(`,"pairs":`)
	list(w, d.Pairs, func(w *jsonWriter, p *apiDiscPair) {
		w.raw(`{"metric":`)
		w.str(p.Metric)
		w.raw(`,"dimension":`)
		w.str(p.Dimension)
		w.raw(`,"correlated":`)
		w.bool(p.Correlated)
		w.raw(`,"units":`)
		w.int(p.Units)
		w.raw(`,"page":`)
		w.str(p.Page)
		w.raw(`,"orientation":`)
		w.int(p.Orientation)
		w.raw("}")
	})
	w.raw(`,"records":`)
	list(w, d.Records, (*jsonWriter).discRecord)
	w.raw(`,"slices":`)
	w.reflect(d.Slices)
	w.raw(`,"disagreements":`)
	w.reflect(d.Disagreements)
	w.raw(`,"verdicts":`)
	w.reflect(d.Verdicts)
	w.raw(`,"findings":`)
	w.reflect(d.Findings)
	w.raw(`,"investigations":`)
	w.reflect(d.Investigations)
	w.raw(`,"dimensions":`)
	w.reflect(d.Dimensions)
	w.raw("}")
}

func (w *jsonWriter) discRecord(r *discrepancy.Record) {
	w.raw(`{"metric":`)
	w.str(r.Metric)
	w.raw(`,"dimension":`)
	w.str(r.Dimension)
	w.raw(`,"iteration":`)
	w.str(r.Iteration)
	w.raw(`,"level":`)
	w.str(r.Level)
	w.raw(`,`)
	w.coefficients(&r.Coefficients)
	if r.Partial != nil {
		w.raw(`,"partial":{`)
		w.coefficients(r.Partial)
		w.raw("}")
	}
	w.methodUnavailable(r.Method, r.Unavailable)
	w.raw("}")
}

// coefficients appends c's keys without braces: Record embeds it.
func (w *jsonWriter) coefficients(c *discrepancy.Coefficients) {
	w.raw(`"n":`)
	w.int(c.N)
	w.raw(`,"pearson":`)
	w.floatPtr(c.Pearson)
	w.raw(`,"pearson_low":`)
	w.floatPtr(c.PearsonLow)
	w.raw(`,"pearson_high":`)
	w.floatPtr(c.PearsonHigh)
	w.raw(`,"spearman":`)
	w.floatPtr(c.Spearman)
	w.raw(`,"spearman_low":`)
	w.floatPtr(c.SpearmanLow)
	w.raw(`,"spearman_high":`)
	w.floatPtr(c.SpearmanHigh)
	w.raw(`,"kendall_tau_b":`)
	w.floatPtr(c.KendallTauB)
	w.raw(`,"kendall_tau_b_low":`)
	w.floatPtr(c.KendallTauBLow)
	w.raw(`,"kendall_tau_b_high":`)
	w.floatPtr(c.KendallTauBHigh)
}

// strs appends a list of strings (null for nil).
func (w *jsonWriter) strs(s []string) {
	list(w, s, func(w *jsonWriter, s *string) { w.str(*s) })
}

// appendJSON writes the alerts; their numbers' keys sorted, as
// encoding/json writes a map.
func (a apiAlerts) appendJSON(w *jsonWriter) {
	w.raw(`{"schema_version":`)
	w.int(a.SchemaVersion)
	w.raw(`,"alerts":`)
	list(w, a.Alerts, func(w *jsonWriter, x *apiAlert) {
		w.raw(`{"kind":`)
		w.str(x.Kind)
		w.raw(`,"severity":`)
		w.str(x.Severity)
		w.raw(`,"subject":`)
		w.str(x.Subject)
		w.raw(`,"iteration":`)
		w.str(x.Iteration)
		w.raw(`,"message":`)
		w.str(x.Message)
		w.raw(`,"numbers":`)
		if x.Numbers == nil {
			w.raw("null")
		} else {
			var buf [8]string // an alert has a few numbers
			keys := buf[:0]
			for k := range x.Numbers {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			w.raw("{")
			for i, k := range keys {
				if i > 0 {
					w.raw(",")
				}
				w.str(k)
				w.raw(":")
				w.floatPtr(x.Numbers[k])
			}
			w.raw("}")
		}
		w.raw(`,"link":`)
		w.str(x.Link)
		w.raw("}")
	})
	w.raw("}")
}

// appendJSON writes the records and disagreements by hand.
func (a apiAgreement) appendJSON(w *jsonWriter) {
	w.raw(`{"schema_version":`)
	w.int(a.SchemaVersion)
	w.raw(`,"confidence":`)
	w.float(a.Confidence)
	w.raw(`,"thresholds":{"alert":`)
	w.float(a.Thresholds.Alert)
	w.raw(`,"warn":`)
	w.float(a.Thresholds.Warn)
	w.raw(`},"records":`)
	list(w, a.Records, (*jsonWriter).reliabilityRecord)
	w.raw(`,"disagreements":`)
	list(w, a.Disagreements, func(w *jsonWriter, d *apiDisagreement) {
		w.raw(`{"dimension":`)
		w.str(d.Dimension)
		w.raw(`,"item":`)
		w.str(d.Item)
		w.raw(`,"iteration":`)
		w.str(d.Iteration)
		w.raw(`,"values":`)
		w.strs(d.Values)
		w.raw(`,"raters":`)
		w.strs(d.Raters)
		w.raw(`,"spread":`)
		w.floatPtr(d.Spread)
		w.raw(`,"page":`)
		w.str(d.Page)
		w.raw("}")
	})
	w.raw("}")
}

func (w *jsonWriter) reliabilityRecord(r *reliability.Record) {
	w.raw(`{"dimension":`)
	w.str(r.Dimension)
	w.raw(`,"iteration":`)
	w.str(r.Iteration)
	w.raw(`,"n_items":`)
	w.int(r.NItems)
	w.raw(`,"n_raters":`)
	w.int(r.NRaters)
	w.raw(`,"n_ratings":`)
	w.int(r.NRatings)
	w.raw(`,"alpha_nominal":`)
	w.floatPtr(r.AlphaNominal)
	w.raw(`,"alpha_ordinal":`)
	w.floatPtr(r.AlphaOrdinal)
	w.raw(`,"alpha_interval":`)
	w.floatPtr(r.AlphaInterval)
	w.raw(`,"alpha_ratio":`)
	w.floatPtr(r.AlphaRatio)
	w.raw(`,"level":`)
	w.str(r.Level)
	w.raw(`,"alpha":`)
	w.floatPtr(r.Alpha)
	w.raw(`,"alpha_ci_low":`)
	w.floatPtr(r.AlphaCILow)
	w.raw(`,"alpha_ci_high":`)
	w.floatPtr(r.AlphaCIHigh)
	w.raw(`,"fleiss_kappa":`)
	w.floatPtr(r.FleissKappa)
	w.raw(`,"cohen_kappa":`)
	w.floatPtr(r.CohenKappa)
	w.raw(`,"cohen_kappa_linear":`)
	w.floatPtr(r.CohenKappaLinear)
	w.raw(`,"cohen_kappa_quadratic":`)
	w.floatPtr(r.CohenKappaQuadratic)
	w.raw(`,"percent_agreement":`)
	w.floatPtr(r.PercentAgreement)
	w.raw(`,"status":`)
	w.str(r.Status)
	if r.Reason != "" {
		w.raw(`,"reason":`)
		w.str(r.Reason)
	}
	w.methodUnavailable(r.Method, r.Unavailable)
	w.raw("}")
}

// appendJSON writes the raters by hand and the small lists after them by
// reflection.
func (a apiRaters) appendJSON(w *jsonWriter) {
	w.raw(`{"schema_version":`)
	w.int(a.SchemaVersion)
	w.raw(`,"thresholds":`)
	w.reflect(a.Thresholds)
	w.raw(`,"raters":`)
	list(w, a.Raters, func(w *jsonWriter, r *reliability.Rater) {
		w.raw(`{"rater":`)
		w.str(r.Rater)
		w.raw(`,"dimension":`)
		w.str(r.Dimension)
		w.raw(`,"iteration":`)
		w.str(r.Iteration)
		w.raw(`,"n_ratings":`)
		w.int(r.NRatings)
		w.raw(`,"alpha_without":`)
		w.floatPtr(r.AlphaWithout)
		w.raw(`,"alpha_delta":`)
		w.floatPtr(r.AlphaDelta)
		w.raw(`,"agreement":`)
		w.floatPtr(r.Agreement)
		w.raw(`,"offset":`)
		w.floatPtr(r.Offset)
		w.raw(`,"gold_n":`)
		w.int(r.GoldN)
		w.raw(`,"gold_accuracy":`)
		w.floatPtr(r.GoldAccuracy)
		w.raw("}")
	})
	w.raw(`,"pairs":`)
	w.reflect(a.Pairs)
	w.raw(`,"attributes":`)
	w.reflect(a.Attributes)
	w.raw(`,"groups":`)
	w.reflect(a.Groups)
	w.raw(`,"group_diffs":`)
	w.reflect(a.GroupDiffs)
	w.raw("}")
}

// appendJSON writes the documents by hand and the small lists after them
// by reflection.
func (d apiDocuments) appendJSON(w *jsonWriter) {
	d.apiHeader.appendFields(w)
	w.raw(`,"reference_date":`)
	w.str(d.Reference)
	w.raw(`,"documents":`)
	list(w, d.Documents, (*jsonWriter).document)
	w.raw(`,"taxonomies":`)
	w.reflect(d.Taxonomies)
	w.raw(`,"open_follow_ups":`)
	w.reflect(d.FollowUps)
	w.raw(`,"open_escalations":`)
	w.reflect(d.Escalations)
	w.raw(`,"follow_ups_done":`)
	w.int(d.Done)
	w.raw(`,"escalations_resolved":`)
	w.int(d.Resolved)
	w.raw(`,"guidelines":`)
	w.reflect(d.Guidelines)
	w.raw("}")
}

// optStr appends `,"key":s` unless s is empty (omitempty).
func (w *jsonWriter) optStr(key, s string) {
	if s != "" {
		w.raw(key)
		w.str(s)
	}
}

func (w *jsonWriter) document(d *apiDocument) {
	w.raw(`{"slug":`)
	w.str(d.Slug)
	w.raw(`,"kind":`)
	w.str(d.Kind)
	w.raw(`,"title":`)
	w.str(d.Title)
	w.optStr(`,"date":`, d.Date)
	w.raw(`,"page":`)
	w.str(d.Page)
	w.raw(`,"source":`)
	w.str(d.Source)
	w.raw(`,"tags":`)
	w.strs(d.Tags)
	w.optStr(`,"status":`, d.Status)
	w.optStr(`,"owner":`, d.Owner)
	w.optStr(`,"decision":`, d.Decision)
	if len(d.DecidedBy) > 0 {
		w.raw(`,"decided_by":`)
		w.strs(d.DecidedBy)
	}
	if len(d.ApprovedBy) > 0 {
		w.raw(`,"approved_by":`)
		w.strs(d.ApprovedBy)
	}
	w.optStr(`,"risk":`, d.Risk)
	if e := d.Escalation; e != nil {
		w.raw(`,"escalation":{"to":`)
		w.str(e.To)
		w.raw(`,"why":`)
		w.str(e.Why)
		w.raw(`,"status":`)
		w.str(e.Status)
		w.optStr(`,"due":`, e.Due)
		w.raw("}")
	}
	if len(d.FollowUps) > 0 {
		w.raw(`,"follow_ups":`)
		list(w, d.FollowUps, func(w *jsonWriter, f *apiDocFollowUp) {
			w.raw(`{"text":`)
			w.str(f.Text)
			w.raw(`,"owner":`)
			w.str(f.Owner)
			w.optStr(`,"due":`, f.Due)
			w.raw(`,"done":`)
			w.bool(f.Done)
			w.raw("}")
		})
	}
	w.optStr(`,"supersedes":`, d.Supersedes)
	w.raw(`,"iterations":`)
	w.strs(d.Iterations)
	w.raw("}")
}
