package render

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/evalbook/evalbook/internal/experiment"
	"github.com/evalbook/evalbook/internal/trend"
)

func TestOverlay(t *testing.T) {
	defaults := fstest.MapFS{
		"partials/nav.html":    {Data: []byte("default nav")},
		"partials/footer.html": {Data: []byte("default footer")},
		"assets/style.css":     {Data: []byte("default css")},
	}
	project := fstest.MapFS{
		"partials/footer.html": {Data: []byte("project footer")},
		"partials/extra.html":  {Data: []byte("project extra")},
	}
	o := Overlay(project, defaults)
	for name, want := range map[string]string{
		"partials/nav.html":    "default nav",
		"partials/footer.html": "project footer",
		"partials/extra.html":  "project extra",
		"assets/style.css":     "default css",
	} {
		b, err := fs.ReadFile(o, name)
		if err != nil || string(b) != want {
			t.Errorf("ReadFile(%s) = %q, %v; want %q", name, b, err, want)
		}
	}
	if _, err := fs.ReadFile(o, "partials/none.html"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: error %v; want fs.ErrNotExist", err)
	}
	if _, err := o.Open("../x"); err == nil {
		t.Error("Open accepted an invalid path")
	}
	got, err := fs.Glob(o, "partials/*.html")
	if want := "partials/extra.html partials/footer.html partials/nav.html"; err != nil || strings.Join(got, " ") != want {
		t.Errorf("Glob = %v, %v; want %s", got, err, want)
	}
	if err := fstest.TestFS(o, "partials/nav.html", "partials/footer.html", "partials/extra.html", "assets/style.css"); err != nil {
		t.Error(err)
	}
	if Overlay(nil, defaults) == nil {
		t.Error("Overlay(nil, defaults) is nil")
	}
	if b, _ := fs.ReadFile(Overlay(nil, defaults), "partials/footer.html"); string(b) != "default footer" {
		t.Errorf("Overlay(nil, defaults) reads %q", b)
	}
}

func TestAssets(t *testing.T) {
	fsys := fstest.MapFS{
		"assets/style.css":                  {Data: []byte("body{}")},
		"assets/vendor/echarts.min.js":      {Data: []byte("var echarts;")},
		"assets/vendor/echarts.LICENSE.txt": {Data: []byte("Apache")},
	}
	a, err := loadAssets(fsys)
	if err != nil {
		t.Fatal(err)
	}
	hashed := regexp.MustCompile(`^assets/style\.[0-9a-f]{8}\.css$`)
	css, _ := a.path("style.css")
	if !hashed.MatchString(css) {
		t.Errorf("style.css -> %s; want assets/style.<8 hex>.css", css)
	}
	js, _ := a.path("vendor/echarts.min.js")
	if !regexp.MustCompile(`^assets/vendor/echarts\.min\.[0-9a-f]{8}\.js$`).MatchString(js) {
		t.Errorf("echarts -> %s", js)
	}
	if lic, _ := a.path("vendor/echarts.LICENSE.txt"); lic != "assets/vendor/echarts.LICENSE.txt" {
		t.Errorf("licence -> %s; want its own name", lic)
	}
	if len(a.files) != 3 || string(a.files[css]) != "body{}" {
		t.Errorf("files = %v", a.files)
	}
	if _, err := a.path("none.css"); err == nil {
		t.Error("unknown asset: no error")
	}
	// A change of content changes the name; the same content keeps it.
	if hashedName("assets/style.css", []byte("body{}")) != css {
		t.Error("the same content got another name")
	}
	if hashedName("assets/style.css", []byte("body{ }")) == css {
		t.Error("changed content kept its name")
	}
	if a, err := loadAssets(fstest.MapFS{}); err != nil || len(a.files) != 0 {
		t.Errorf("no assets folder: %v, %v", a, err)
	}
}

func TestFormat(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, c := range []struct {
		v    any
		unit string
		num  string
		dlt  string
	}{
		{0.73311, "", "0.733", "+0.733"},
		{73.31, "%", "73.3%", "+73.3%"},
		{1264.4, "ms", "1264 ms", "+1264 ms"},
		{-0.051234, "", "-0.0512", "-0.0512"},
		{0.0, "", "0", "±0"},
		{-0.00000001, "", "0", "±0"},
		{1e-9, "", "0", "±0"},
		{3.0, "", "3.00", "+3.00"},
		{12345678.9, "USD", "12345679 USD", "+12345679 USD"},
		{f(2.5), "", "2.50", "+2.50"},
		{(*float64)(nil), "ms", "n/a", "n/a"},
		{nil, "", "n/a", "n/a"},
		{nan, "", "n/a", "n/a"},
		{f(inf), "", "n/a", "n/a"},
		{7, "", "7.00", "+7.00"},
	} {
		if got := formatNum(c.v, c.unit); got != c.num {
			t.Errorf("num(%v, %q) = %q; want %q", c.v, c.unit, got, c.num)
		}
		if got := string(formatDelta(c.v, c.unit)); got != c.dlt {
			t.Errorf("delta(%v, %q) = %q; want %q", c.v, c.unit, got, c.dlt)
		}
	}
	if got := formatDelta(f(1), "<b>"); got != "+1.00 &lt;b&gt;" {
		t.Errorf("delta escapes its unit as %q", got)
	}
	for _, c := range []struct {
		ci   *trend.Interval
		want string
	}{
		{&trend.Interval{Low: 0.70123, High: 0.765}, "[0.701, 0.765]"},
		{nil, "n/a"},
		{&trend.Interval{Low: nan, High: 1}, "n/a"},
		{&trend.Interval{Low: -0.00000001, High: 12345678.9}, "[0, 12345679]"},
	} {
		if got := formatCI(c.ci, ""); got != c.want {
			t.Errorf("ci(%v) = %q; want %q", c.ci, got, c.want)
		}
	}
	long := strings.Repeat("unit", 20) // longer than the writers' stack buffers
	for _, c := range []struct{ got, want string }{
		{formatCI(&trend.Interval{Low: 0.5, High: 1.5}, "%"), "[0.500, 1.50]%"},
		{formatCI(&trend.Interval{Low: -1234.5, High: -2}, long), "[-1234, -2.00] " + long},
		{formatSpan(0.25, 0.75, "ms"), "[0.250, 0.750] ms"},
		{formatSpan(0.25, inf, "ms"), "n/a"},
		{formatNum(-0.5, long), "-0.500 " + long},
		{deltaText(-0.5, long), "-0.500 " + long},
		{deltaText(0.0, long), "±0 " + long},
		{formatPct(0.425), "42.5%"},
		{formatPctSpan(0.017, 0.0364), "[1.7%, 3.6%]"},
		{formatPctSpan(-0.5, 12.345), "[-50.0%, 1234.5%]"},
		{formatPctSpan(math.NaN(), 0.5), "n/a"},
	} {
		if c.got != c.want {
			t.Errorf("got %q; want %q", c.got, c.want)
		}
	}
	if got := formatPct(2.0 / 3); got != "66.7%" {
		t.Errorf("pct(2/3) = %q", got)
	}
}

func TestTone(t *testing.T) {
	for _, c := range []struct {
		v    any
		dir  string
		want string
	}{
		{0.1, "higher", "good"},
		{-0.1, "higher", "bad"},
		{0.1, "lower", "bad"},
		{-0.1, "lower", "good"},
		{0.0, "higher", "flat"},
		{1e-12, "higher", "flat"},
		{(*float64)(nil), "higher", "flat"},
	} {
		if got := tone(c.v, c.dir); got != c.want {
			t.Errorf("tone(%v, %s) = %s; want %s", c.v, c.dir, got, c.want)
		}
	}
}

func TestPercents(t *testing.T) {
	counts := func(ns ...int) []trend.Count {
		var out []trend.Count
		for _, n := range ns {
			out = append(out, trend.Count{N: n})
		}
		return out
	}
	for _, c := range []struct {
		in   []trend.Count
		want string
	}{
		{counts(1, 1, 1), "[34 33 33]"},
		{counts(158, 72, 43), "[58 26 16]"},
		{counts(0, 5), "[0 100]"},
		{counts(0, 0), "[0 0]"},
		{counts(1, 2, 3, 4, 5, 6, 7), "[4 7 11 14 18 21 25]"},
	} {
		got := percents(c.in)
		sum := 0
		for _, p := range got {
			sum += p
		}
		if s := fmt.Sprint(got); s != c.want {
			t.Errorf("percents(%v) = %s; want %s", c.in, s, c.want)
		}
		if sum != 100 && sum != 0 {
			t.Errorf("percents(%v) adds up to %d", c.in, sum)
		}
	}
}

func TestExperimentFormats(t *testing.T) {
	for _, c := range []struct {
		v    any
		want string
	}{
		{0.034, "0.034"}, {0.0005, "< 0.001"}, {0.001, "0.001"}, {1.0, "1.000"}, {0.04999, "0.050"},
		{(*float64)(nil), "n/a"}, {math.NaN(), "n/a"}, {nil, "n/a"},
	} {
		if got := formatP(c.v); got != c.want {
			t.Errorf("formatP(%v) = %q; want %q", c.v, got, c.want)
		}
	}
	for v, want := range map[string]string{"better": "good", "worse": "bad", "no change": "flat", "no test": "flat", "": "flat"} {
		if got := verdictClass(v); got != want {
			t.Errorf("verdictClass(%q) = %q; want %q", v, got, want)
		}
	}
	for o, want := range map[string]string{"supported": "outcome-supported", "refuted": "outcome-refuted",
		"inconclusive": "outcome-inconclusive", "invalid": "outcome-invalid", "odd": "outcome-invalid"} {
		if got := outcomeClass(o); got != want {
			t.Errorf("outcomeClass(%q) = %q; want %q", o, got, want)
		}
	}
	for c, want := range map[string]string{"holm": "Holm", "": "Holm", "bh": "Benjamini-Hochberg", "none": "none"} {
		if got := correctionName(c); got != want {
			t.Errorf("correctionName(%q) = %q; want %q", c, got, want)
		}
	}
	if got := formatCI(&experiment.Interval{Low: -0.25, High: 0.5}, "ms"); got != "[-0.250, 0.500] ms" {
		t.Errorf("formatCI of an experiment interval = %q", got)
	}
	if got := formatCI((*experiment.Interval)(nil), ""); got != na {
		t.Errorf("formatCI of a nil experiment interval = %q", got)
	}
}

// TestFormatAllocs checks that the figures of a page's tables (num, pct,
// pctspan, delta, ci, span) are each written with one allocation, their string:
// an iteration page writes hundreds of them.
func TestFormatAllocs(t *testing.T) {
	ci := &experiment.Interval{Low: -0.25, High: 0.5}
	for name, f := range map[string]func(){
		"num":     func() { formatNum(1264.4, "ms") },
		"delta":   func() { deltaText(-0.051234, "%") },
		"ci":      func() { formatCI(ci, "ms") },
		"span":    func() { formatSpan(0.70123, 0.765, "") },
		"pct":     func() { formatPct(0.425) },
		"pctspan": func() { formatPctSpan(0.017, 0.036) },
	} {
		if n := testing.AllocsPerRun(100, f); n > 1 {
			t.Errorf("%s: %v allocations, want at most 1", name, n)
		}
	}
}
