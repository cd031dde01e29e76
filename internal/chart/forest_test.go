package chart

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

func TestForestLimit(t *testing.T) {
	nan := math.NaN()
	for _, c := range []struct {
		name string
		rows []ForestRow
		want float64
	}{
		{"empty", nil, 1},
		{"all NaN", []ForestRow{{Point: nan, Low: nan, High: nan, MinEffect: nan, MaxLoss: nan}}, 1},
		{"rounds up to 2", []ForestRow{{Point: 0.05, Low: -0.12, High: 0.15, MinEffect: nan, MaxLoss: nan}}, 0.2},
		{"exact power of ten", []ForestRow{{Point: 1, Low: nan, High: nan, MinEffect: nan, MaxLoss: nan}}, 1},
		{"rounds up to 5", []ForestRow{{Point: -3.2, Low: nan, High: nan, MinEffect: nan, MaxLoss: nan}}, 5},
		{"rounds up to 10", []ForestRow{{Point: 0.63, Low: nan, High: nan, MinEffect: nan, MaxLoss: nan}}, 1},
		{"min effect counts", []ForestRow{{Point: 0.01, Low: nan, High: nan, MinEffect: 0.3, MaxLoss: nan}}, 0.5},
		{"infinity ignored", []ForestRow{{Point: 0.01, Low: math.Inf(-1), High: nan, MinEffect: nan, MaxLoss: nan}}, 0.01},
	} {
		if got := ForestLimit(c.rows); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("%s: ForestLimit = %v, want %v", c.name, got, c.want)
		}
	}
}

// attr returns the value of the first attribute name="..." after the
// element tag in svg.
func attr(t *testing.T, svg, tag, name string) string {
	t.Helper()
	i := strings.Index(svg, "<"+tag+" ")
	if i < 0 {
		t.Fatalf("no <%s> in %s", tag, svg)
	}
	rest := svg[i:]
	j := strings.Index(rest, " "+name+`="`)
	if j < 0 {
		t.Fatalf("<%s> has no %s in %s", tag, name, svg)
	}
	rest = rest[j+len(name)+3:]
	return rest[:strings.IndexByte(rest, '"')]
}

func TestForestGlyph(t *testing.T) {
	nan := math.NaN()
	f := Forest{Limit: 0.2}
	// The axis runs over 160 units with 6 units of padding: zero at 80,
	// +0.2 at 154, -0.2 at 6.
	svg, err := f.Glyph(ForestRow{Point: 0.1, Low: -0.1, High: 0.2, MinEffect: 0.05, MaxLoss: 0.1, Class: "good", Label: `a <b> "c"`})
	if err != nil {
		t.Fatal(err)
	}
	s := string(svg)
	for _, c := range []struct{ tag, name, want string }{
		{"circle", "cx", "117"},
		{"line class=\"ci\"", "x1", "43"},
		{"line class=\"ci\"", "x2", "154"},
		{"line class=\"zero\"", "x1", "80"},
		{"line class=\"target\"", "x1", "98.5"},
		{"line class=\"limit\"", "x1", "43"},
	} {
		if got := attr(t, s, c.tag, c.name); got != c.want {
			t.Errorf("<%s> %s = %s, want %s", c.tag, c.name, got, c.want)
		}
	}
	if !strings.Contains(s, `class="forest good"`) || !strings.Contains(s, `role="img"`) {
		t.Errorf("glyph lacks its class or role: %s", s)
	}
	if !strings.Contains(s, `aria-label="a &lt;b&gt; &#34;c&#34;"`) || !strings.Contains(s, `<title>a &lt;b&gt; &#34;c&#34;</title>`) {
		t.Errorf("label not escaped: %s", s)
	}
	if strings.Contains(s, `class="clip"`) {
		t.Errorf("an interval inside the axis is clipped: %s", s)
	}

	// Beyond the axis: the interval is clipped with an arrow head and the
	// point becomes an arrow at the edge.
	svg, err = f.Glyph(ForestRow{Point: -0.5, Low: -0.7, High: -0.1, MinEffect: nan, MaxLoss: nan})
	if err != nil {
		t.Fatal(err)
	}
	s = string(svg)
	if strings.Contains(s, "<circle") || !strings.Contains(s, `<path class="point"`) || !strings.Contains(s, `<path class="clip"`) {
		t.Errorf("a point beyond the axis is not drawn as an arrow: %s", s)
	}
	if strings.Contains(s, `class="target"`) || strings.Contains(s, `class="limit"`) {
		t.Errorf("NaN ticks drawn: %s", s)
	}
	// No interval: no line.
	svg, _ = f.Glyph(ForestRow{Point: 0, Low: nan, High: nan, MinEffect: nan, MaxLoss: nan})
	if strings.Contains(string(svg), `class="ci"`) {
		t.Errorf("a row without an interval has one: %s", svg)
	}
}

func TestForestErrors(t *testing.T) {
	nan := math.NaN()
	for _, f := range []Forest{{}, {Limit: -1}, {Limit: math.Inf(1)}, {Limit: nan}} {
		if _, err := f.Glyph(ForestRow{Point: 0}); err == nil {
			t.Errorf("limit %v: no error", f.Limit)
		}
		if _, err := f.Axis(func(float64) string { return "" }); err == nil {
			t.Errorf("axis limit %v: no error", f.Limit)
		}
	}
	if _, err := (Forest{Limit: 1}).Glyph(ForestRow{Point: nan}); err == nil {
		t.Error("NaN point: no error")
	}
}

func TestForestAxis(t *testing.T) {
	svg, err := Forest{Limit: 0.2}.Axis(func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) })
	if err != nil {
		t.Fatal(err)
	}
	s := string(svg)
	for _, want := range []string{`>-0.2</text>`, `>0</text>`, `>0.2</text>`, `← worse`, `better →`, `aria-label="Axis from -0.2 (worse) to 0.2 (better)"`} {
		if !strings.Contains(s, want) {
			t.Errorf("axis lacks %q: %s", want, s)
		}
	}
}
