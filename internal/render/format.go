package render

import (
	"html/template"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/evalbook/evalbook/internal/experiment"
	"github.com/evalbook/evalbook/internal/trend"
)

// sigDigits is how many significant digits a figure is shown with; digits
// before the decimal point are never rounded away.
const sigDigits = 3

// maxDecimals bounds the decimals of very small figures.
const maxDecimals = 6

// na is what a figure that cannot be computed is shown as.
const na = "n/a"

// funcs returns the functions every template can call. They are pure: the
// same arguments always give the same text.
func funcs() template.FuncMap {
	return template.FuncMap{
		"num":   formatNum,
		"delta": formatDelta,
		"ci":    formatCI,
		"pct":   formatPct,
		"date":  formatDate,
		"tone":  tone,
		"join":  strings.Join,
		"args":  args,
		// Reliability status of an agreement record.
		"status":      statusText,
		"statusClass": statusClass,
		// Comparisons and verdicts of the experiment analysis.
		"pval":         formatP,
		"verdictClass": verdictClass,
		"verdictSpan":  verdictSpan,
		"changeSpan":   changeSpan,
		"outcomeClass": outcomeClass,
		// Leaderboards.
		"span":  formatSpan,
		"ranks": rankRange,
		// Pairwise win rates.
		"pctspan": formatPctSpan,
	}
}

// argPack is what the template function args returns.
type argPack struct {
	P any   // the page
	V []any // the values
}

// args is the template function args: it bundles the page with values, so
// a partial called with {{template "x" (args $ a b)}} can link relative to
// the page ({{.P.Rel ...}}) and read its values ({{index .V 0}}).
func args(page any, values ...any) argPack { return argPack{page, values} }

// number converts a template argument to a float: float64, *float64 and int
// are figures; nil, a nil pointer, NaN and infinities are not.
func number(v any) (float64, bool) {
	var x float64
	switch v := v.(type) {
	case float64:
		x = v
	case *float64:
		if v == nil {
			return 0, false
		}
		x = *v
	case int:
		x = float64(v)
	default:
		return 0, false
	}
	return x, !math.IsNaN(x) && !math.IsInf(x, 0)
}

// fmtFloat writes x with sigDigits significant digits, keeping every digit
// before the decimal point: 1264.3 -> "1264", 73.31 -> "73.3",
// 0.73311 -> "0.733", 0.051234 -> "0.0512". A result that rounds to zero
// is "0", never "-0".
func fmtFloat(x float64) string {
	var b [24]byte
	return string(appendFloat(b[:0], x))
}

// appendFloat appends x to dst as fmtFloat writes it. An item page shows
// each of its values so (ten million on a large project), so the common
// case takes a shorter road that writes the same bytes: the decimals from
// comparisons (decimalsOf) and the digits from integer arithmetic
// (appendFixed).
func appendFloat(dst []byte, x float64) []byte {
	dec := 0
	if x != 0 {
		var ok bool
		if dec, ok = decimalsOf(math.Abs(x)); !ok {
			dec = sigDigits - 1 - int(math.Floor(math.Log10(math.Abs(x))))
			dec = max(0, min(dec, maxDecimals))
		}
	}
	start := len(dst)
	if d, ok := appendFixed(dst, x, dec); ok {
		dst = d
	} else {
		dst = strconv.AppendFloat(dst, x, 'f', dec, 64)
	}
	for _, c := range dst[start:] {
		if c != '-' && c != '0' && c != '.' {
			return dst
		}
	}
	return append(dst[:start], '0')
}

// appendNum appends the figure x with its unit to dst as formatNum writes
// them, "n/a" for NaN and infinities.
func appendNum(dst []byte, x float64, unit string) []byte {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return append(dst, na...)
	}
	return appendUnit(appendFloat(dst, x), unit)
}

// appendUnit appends unit to a figure in dst: "%" directly, any other
// unit after a space.
func appendUnit(dst []byte, unit string) []byte {
	switch unit {
	case "":
		return dst
	case "%":
		return append(dst, unit...)
	}
	return append(append(dst, ' '), unit...)
}

// withUnit appends a unit to a formatted figure as appendUnit does.
func withUnit(s, unit string) string {
	if unit == "" {
		return s
	}
	return string(appendUnit(append(make([]byte, 0, len(s)+1+len(unit)), s...), unit))
}

// formatNum is the template function num: {{num .Mean "ms"}} gives
// "1264 ms", and "n/a" for a figure that cannot be computed.
func formatNum(v any, unit string) string {
	x, ok := number(v)
	if !ok {
		return na
	}
	var b [48]byte
	return string(appendNum(b[:0], x, unit))
}

// formatDelta is the template function delta: a change with its sign,
// "+0.112", "-3.5 ms", "±0" for no change, "n/a" for none. The text is
// escaped here and returned as HTML, so that html/template does not write
// the plus sign as a character reference.
func formatDelta(v any, unit string) template.HTML {
	return template.HTML(template.HTMLEscapeString(deltaText(v, unit)))
}

// deltaText is the text of formatDelta, before escaping.
func deltaText(v any, unit string) string {
	x, ok := number(v)
	if !ok {
		return na
	}
	// The figure is written after a "+", which is dropped for a negative
	// one; a figure that rounds to zero reads "±0".
	var b [48]byte
	d := appendFloat(append(b[:0], '+'), x)
	switch {
	case len(d) == 2 && d[1] == '0':
		d = append(b[:0], "±0"...)
	case d[1] == '-':
		d = d[1:]
	}
	return string(appendUnit(d, unit))
}

// formatCI is the template function ci: "[0.701, 0.765]", or "n/a". It
// takes the intervals of package trend and package experiment.
func formatCI(ci any, unit string) string {
	var low, high float64
	switch ci := ci.(type) {
	case *trend.Interval:
		if ci == nil {
			return na
		}
		low, high = ci.Low, ci.High
	case *experiment.Interval:
		if ci == nil {
			return na
		}
		low, high = ci.Low, ci.High
	default:
		return na
	}
	return formatSpan(low, high, unit)
}

// formatPct is the template function pct: a share in [0, 1] as a percentage
// with one decimal, "42.5%".
func formatPct(v any) string {
	x, ok := number(v)
	if !ok {
		return na
	}
	var b [32]byte
	return string(appendPct(b[:0], x))
}

// appendPct appends the share x as formatPct writes it.
func appendPct(dst []byte, x float64) []byte {
	return append(strconv.AppendFloat(dst, x*100, 'f', 1, 64), '%')
}

// formatDate is the template function date: "2026-02-11", or "" for the
// zero time.
func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}

// tone is the template function tone: the CSS class of a change given the
// direction its metric improves in ("higher" or "lower"): "good", "bad",
// or "flat" for no change or no figure.
func tone(v any, direction string) string {
	x, ok := number(v)
	if !ok || fmtFloat(x) == "0" {
		return "flat"
	}
	if (x > 0) == (direction != "lower") {
		return "good"
	}
	return "bad"
}

// pFloor is the smallest p-value shown as a figure; smaller ones read
// "< 0.001".
const pFloor = 0.001

// formatP is the template function pval: a p-value with three decimals,
// "0.034", "< 0.001" below pFloor, "n/a" for none.
func formatP(v any) string {
	x, ok := number(v)
	if !ok {
		return na
	}
	if x < pFloor {
		return "< 0.001"
	}
	return strconv.FormatFloat(x, 'f', 3, 64)
}

// verdictClass is the template function verdictClass: the CSS class of a
// comparison's verdict, "good" for "better", "bad" for "worse", the hints
// "hint-good" and "hint-bad" for "possibly better" and "possibly worse"
// (not significant after correction), and "flat" for anything else ("no
// change", "no test").
func verdictClass(verdict string) string {
	switch verdict {
	case "better":
		return "good"
	case "worse":
		return "bad"
	case "possibly better":
		return "hint-good"
	case "possibly worse":
		return "hint-bad"
	}
	return "flat"
}

// outcomeClass is the template function outcomeClass: the CSS class of a
// case study's outcome badge; an unknown outcome is styled as invalid.
func outcomeClass(outcome string) string {
	switch outcome {
	case "supported", "refuted", "inconclusive":
		return "outcome-" + outcome
	}
	return "outcome-invalid"
}

// formatSpan is the template function span: an interval given by its two
// ends, "[0.701, 0.765]", or "n/a".
func formatSpan(low, high float64, unit string) string {
	lo, okLo := number(low)
	hi, okHi := number(high)
	if !okLo || !okHi {
		return na
	}
	var b [64]byte
	d := appendFloat(append(b[:0], '['), lo)
	d = append(appendFloat(append(d, ", "...), hi), ']')
	return string(appendUnit(d, unit))
}

// formatPctSpan is the template function pctspan: an interval of two
// fractions as percentages, "[1.7%, 3.6%]", or "n/a".
func formatPctSpan(low, high float64) string {
	if _, ok := number(low); !ok {
		return na
	}
	if _, ok := number(high); !ok {
		return na
	}
	var b [48]byte
	d := appendPct(append(b[:0], '['), low)
	return string(append(appendPct(append(d, ", "...), high), ']'))
}
