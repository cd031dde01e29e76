package jsonappend

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"
)

// reference is encoding/json's encoding of v without HTML escaping.
func reference(t *testing.T, v any) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

func checkFloat(t *testing.T, f float64) {
	t.Helper()
	if got, want := Float([]byte("x"), f), append([]byte("x"), reference(t, f)...); !bytes.Equal(got, want) {
		t.Errorf("Float(%v) = %q, encoding/json %q", f, got, want)
	}
}

func checkString(t *testing.T, s string) {
	t.Helper()
	if got, want := String([]byte("x"), s), append([]byte("x"), reference(t, s)...); !bytes.Equal(got, want) {
		t.Errorf("String(%q) = %q, encoding/json %q", s, got, want)
	}
}

var (
	floats = []float64{0, math.Copysign(0, -1), 1, -1, 0.1, 1e-6, 9.99e-7, 1e-7, -1e-7, 1.5e-10, 1e-100, 1e20, 1e21, -1e21,
		1.5e300, 5e-324, math.MaxFloat64, 0.5024183937956919, -0.010000000000000009, 123456789.125, 3.6239999999999997}
	strs = []string{"", "plain", `quote " and \ backslash`, "<b>&amp;</b>", "tab\tnl\nret\rbs\bff\f",
		"\x00\x01\x1f\x7f", "ρ × Ω 🙂", "line\u2028para\u2029", "bad \xff\xfe utf8 \xe2\x82", "\xed\xa0\x80", "var(--chart-1)"}
)

func TestFloat(t *testing.T) {
	for _, f := range floats {
		checkFloat(t, f)
	}
}

func TestString(t *testing.T) {
	for _, s := range strs {
		checkString(t, s)
	}
}

// FuzzFloatString compares Float and String with encoding/json over
// random finite floats and random strings (invalid UTF-8 included).
func FuzzFloatString(f *testing.F) {
	for i, x := range floats {
		f.Add(x, strs[i%len(strs)])
	}
	f.Fuzz(func(t *testing.T, x float64, s string) {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			checkFloat(t, x)
		}
		checkString(t, s)
	})
}
