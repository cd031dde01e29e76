package chart

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"
)

// jsFuncs lists every JavaScript function the package puts into chart
// options: tooltips, value formatters and cell labels. Only these come out
// of the options' JSON as code (see unwrapFuncs); a source passed to
// funcOpt must be listed here.
var jsFuncs = []string{
	bandTooltipJS, barsTooltipJS, linesTooltipJS,
	heatTooltipJS, heatLabelJS, scatterTooltipJS,
}

// funcCode maps the JSON string that go-echarts writes for each function of
// jsFuncs, quotes and markers included, to the function's code.
var funcCode = func() map[string]string {
	m := make(map[string]string, len(jsFuncs))
	for _, src := range jsFuncs {
		fs := opts.FuncOpts(src)
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false) // as go-echarts' JSONNotEscaped
		if err := enc.Encode(fs); err != nil {
			panic(err)
		}
		s := string(fs)
		m[strings.TrimSpace(b.String())] = s[len(funcMarker) : len(s)-len(funcMarker)]
	}
	return m
}()

// funcMarker is what go-echarts writes around a function's source so that
// its renderer can turn the JSON string back into code.
const funcMarker = "__f__"

// funcOpt wraps JavaScript source so that it is written as code, not as a
// string. The source must be one of jsFuncs and use single quotes only, no
// backslashes, no '<' and no // comments: go-echarts joins its lines and
// JSON-encodes it, and snippet escaping rewrites every '<'.
func funcOpt(src string) types.FuncStr {
	return opts.FuncOpts(src)
}

// unwrapFuncs returns the options' JSON with each string that holds one of
// jsFuncs replaced by the function's code. Every other string is left as it
// is, markers and all: go-echarts' own renderer deletes the markers
// wherever they are, so that a title or label from the data reading
// "__f__alert(1)__f__" would run as code.
func unwrapFuncs(js string) string {
	if !strings.Contains(js, funcMarker) {
		return js
	}
	var b strings.Builder
	b.Grow(len(js))
	for {
		start := strings.IndexByte(js, '"')
		if start < 0 {
			b.WriteString(js)
			return b.String()
		}
		end := stringEnd(js, start)
		tok := js[start:end]
		b.WriteString(js[:start])
		if code, ok := funcOf(tok); ok {
			b.WriteString(code)
		} else {
			b.WriteString(tok)
		}
		js = js[end:]
	}
}

// funcOf returns the code of the function of jsFuncs whose JSON string is
// tok, if there is one.
func funcOf(tok string) (string, bool) {
	if !strings.HasPrefix(tok, `"`+funcMarker) {
		return "", false
	}
	code, ok := funcCode[tok]
	return code, ok
}

// stringEnd returns the index just past the JSON string that starts with
// the quote at js[start], or len(js) if it is not closed.
func stringEnd(js string, start int) int {
	i := start + 1
	for {
		k := strings.IndexAny(js[i:], `"\`)
		if k < 0 {
			return len(js)
		}
		i += k
		if js[i] == '"' {
			return i + 1
		}
		i += 2 // a backslash and the character it escapes
		if i >= len(js) {
			return len(js)
		}
	}
}
