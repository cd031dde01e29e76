package number

import (
	"errors"
	"math"
	"strconv"
	"testing"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want float64
		kind error
	}{
		{"0", 0, nil},
		{"-0", 0, nil},
		{"42", 42, nil},
		{"+3.5", 3.5, nil},
		{".5", 0.5, nil},
		{"5.", 5, nil},
		{"1e3", 1000, nil},
		{"1.5E-2", 0.015, nil},
		{"0.000e-400", 0, nil}, // zero written small is still zero
		{"4.9e-324", 5e-324, nil},
		{"1.7976931348623157e308", math.MaxFloat64, nil},
		{"1e-400", 0, ErrRange},
		{"-2.5e-999", 0, ErrRange},
		{"1e400", 0, ErrRange},
		{"-1e309", 0, ErrRange},
		{"0x10", 0, ErrSyntax},
		{"0x1p-2", 0, ErrSyntax},
		{"1_000", 0, ErrSyntax},
		{"0b101", 0, ErrSyntax},
		{"Inf", 0, ErrSyntax},
		{"+Inf", 0, ErrSyntax},
		{"NaN", 0, ErrSyntax},
		{"infinity", 0, ErrSyntax},
		{"", 0, ErrSyntax},
		{".", 0, ErrSyntax},
		{"-", 0, ErrSyntax},
		{"1e", 0, ErrSyntax},
		{"1e+", 0, ErrSyntax},
		{" 1", 0, ErrSyntax},
		{"1 ", 0, ErrSyntax},
		{"1.2.3", 0, ErrSyntax},
		{"--1", 0, ErrSyntax},
		{"n/a", 0, ErrSyntax},
	} {
		got, err := Parse(tc.in)
		if !errors.Is(err, tc.kind) || (tc.kind == nil) != (err == nil) {
			t.Errorf("Parse(%q) error = %v, want kind %v", tc.in, err, tc.kind)
			continue
		}
		if err == nil && got != tc.want {
			t.Errorf("Parse(%q) = %v, want %v", tc.in, got, tc.want)
		}
		if Valid(tc.in) != !errors.Is(err, ErrSyntax) {
			t.Errorf("Valid(%q) = %v, disagrees with Parse's %v", tc.in, Valid(tc.in), err)
		}
	}
}

func TestParseNamesTheValue(t *testing.T) {
	_, err := Parse("1e-400")
	if err == nil || err.Error() != "1e-400 is too close to 0 for a 64-bit float (it would read as 0)" {
		t.Errorf("got %v", err)
	}
}

func BenchmarkParse(b *testing.B) {
	for b.Loop() {
		Parse("0.8734")
		Parse("12")
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"1", "-0.5e3", "0x10", "1e-400", "NaN", ".5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := Parse(s)
		if err == nil && (math.IsNaN(v) || math.IsInf(v, 0)) {
			t.Fatalf("Parse(%q) = %v", s, v)
		}
		if err != nil && !errors.Is(err, ErrSyntax) && !errors.Is(err, ErrRange) {
			t.Fatalf("Parse(%q): error of no kind: %v", s, err)
		}
		if w, ok := small(s); ok {
			want, err := strconv.ParseFloat(s, 64)
			if err != nil || math.Float64bits(w) != math.Float64bits(want) {
				t.Fatalf("small(%q) = %v; strconv gives %v, %v", s, w, want, err)
			}
		}
		fv, fkind := Float(s)
		if bv, bkind := FloatBytes([]byte(s)); bkind != fkind || math.Float64bits(bv) != math.Float64bits(fv) {
			t.Fatalf("FloatBytes(%q) = %v, %v; Float gives %v, %v", s, bv, bkind, fv, fkind)
		}
	})
}

// TestFloatBytes checks that FloatBytes gives what Float gives, and that
// it allocates nothing for a short number or a label.
func TestFloatBytes(t *testing.T) {
	for _, s := range []string{"3", "-0.25", "1e3", "1e400", "1e-400", "0.1234567890123456", "good", "", "1.2.3", "-"} {
		fv, fkind := Float(s)
		bv, bkind := FloatBytes([]byte(s))
		if bkind != fkind || math.Float64bits(bv) != math.Float64bits(fv) {
			t.Errorf("FloatBytes(%q) = %v, %v; Float gives %v, %v", s, bv, bkind, fv, fkind)
		}
	}
	for _, s := range []string{"3", "-12.5", "very good"} {
		b := []byte(s)
		if n := testing.AllocsPerRun(10, func() { FloatBytes(b) }); n != 0 {
			t.Errorf("FloatBytes(%q) allocates %v times", s, n)
		}
	}
}

// TestSmall checks the fast path against strconv.ParseFloat bit for bit,
// and that it leaves what it cannot do exactly to the slow path.
func TestSmall(t *testing.T) {
	for _, tc := range []struct {
		s  string
		ok bool
	}{
		{"0", true}, {"-0", true}, {"+0.0", true}, {"5.", true}, {".5", true}, {"-.25", true},
		{"0.8734", true}, {"12", true}, {"0.1", true}, {"0.3", true}, {"2.675", true},
		{"999999999999999", true}, {".000000000000001", true}, {"0.000000000000001", false}, {"1.23456789012345", true},
		{"007.50", true}, {"-123456.789012345", true},
		{"1234567890123456", false}, {"0.1234567890123456", false}, {"1e3", false}, {"1E-2", false},
		{"", false}, {"-", false}, {".", false}, {"+", false}, {"1.2.3", false}, {"1_000", false},
		{" 1", false}, {"1 ", false}, {"0x10", false}, {"NaN", false}, {"Inf", false}, {"--1", false},
	} {
		v, ok := small(tc.s)
		if ok != tc.ok {
			t.Errorf("small(%q) ok = %v; want %v", tc.s, ok, tc.ok)
			continue
		}
		if !ok {
			continue
		}
		want, err := strconv.ParseFloat(tc.s, 64)
		if err != nil || math.Float64bits(v) != math.Float64bits(want) {
			t.Errorf("small(%q) = %v (%x); strconv gives %v (%x), %v", tc.s, v, math.Float64bits(v), want, math.Float64bits(want), err)
		}
		if got, err := Parse(tc.s); err != nil || math.Float64bits(got) != math.Float64bits(want) {
			t.Errorf("Parse(%q) = %v, %v; want %v", tc.s, got, err, want)
		}
	}
}

// BenchmarkParseFloat is strconv.ParseFloat on the same texts, the cost
// before the strict syntax.
func BenchmarkParseFloat(b *testing.B) {
	for b.Loop() {
		strconv.ParseFloat("0.8734", 64)
		strconv.ParseFloat("12", 64)
	}
}

// BenchmarkFloatLabel is a label through Float: no allocation.
func BenchmarkFloatLabel(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Float("too_casual")
	}
}
