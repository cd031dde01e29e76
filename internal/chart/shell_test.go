package chart

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// sameAsReference fails t unless c, drawn from its cached shell with its
// data appended, is byte for byte the chart go-echarts encodes whole.
func sameAsReference(t *testing.T, c Chart) {
	t.Helper()
	got, err := c.HTML()
	if err != nil {
		t.Fatal(err)
	}
	var want string
	switch c := c.(type) {
	case Heatmap:
		height, err := c.check()
		if err != nil {
			t.Fatal(err)
		}
		h, err := c.html(height, true)
		if err != nil {
			t.Fatal(err)
		}
		want = string(h)
	case Scatter:
		height, err := c.check()
		if err != nil {
			t.Fatal(err)
		}
		h, err := c.html(height, true)
		if err != nil {
			t.Fatal(err)
		}
		want = string(h)
	default:
		t.Fatalf("%T draws no shell", c)
	}
	if string(got) != want {
		i := 0
		for i < min(len(got), len(want)) && got[i] == want[i] {
			i++
		}
		lo := max(0, i-120)
		t.Errorf("%s differs from go-echarts' encoding at byte %d:\nshell:     %q\nreference: %q", c.chartID(), i,
			got[lo:min(len(got), i+120)], want[lo:min(len(want), i+120)])
	}
}

// testHeatmap is a heat map whose settings come from s and whose data
// (values, links, tips) from seed; charts with the same s share a shell.
func testHeatmap(id, s string, seed float64, diverging bool) Heatmap {
	h := Heatmap{ID: id, Title: s, Summary: "A summary.", X: []string{"a", s, "<c>"}, Y: []string{s + "y", "ρ"}, Diverging: diverging, MaxText: s}
	for i := range h.Y {
		row, links, tips := make([]float64, len(h.X)), make([]string, len(h.X)), make([]string, len(h.X))
		for j := range row {
			row[j] = math.Mod(seed*float64(i*7+j+1), 2) - 1
			links[j] = fmt.Sprintf("p%d/%d.html", i, j)
			tips[j] = fmt.Sprintf("%s ρ %.3g <b>", s, row[j])
		}
		if i == 1 {
			row[0], links[1], tips[2] = math.NaN(), "", ""
		}
		h.Values, h.Links, h.Tips = append(h.Values, row), append(h.Links, links), append(h.Tips, tips)
	}
	return h
}

// testScatter is a scatter of three groups whose settings come from s and
// whose points from seed.
func testScatter(id, s string, seed float64, n int) Scatter {
	sc := Scatter{ID: id, Title: s, XName: s + " x", YName: "<y>", Summary: "A summary."}
	for g := range 3 {
		grp := ScatterGroup{Name: fmt.Sprintf("%s %d", s, g)}
		for i := range n {
			x := math.Mod(seed*float64(i+g+1), 3) - 1
			if i%11 == 3 {
				x = math.NaN()
			}
			grp.X = append(grp.X, x)
			grp.Y = append(grp.Y, float64(i%5)+1e-9*float64(g))
			if g != 1 {
				grp.Labels = append(grp.Labels, fmt.Sprintf("q%d \u2028 %s", i, s))
				grp.Links = append(grp.Links, fmt.Sprintf("../items/q%d.html", i*(g%2)))
			}
		}
		sc.Groups = append(sc.Groups, grp)
	}
	return sc
}

// TestShellsMatchGoEcharts draws heat maps and scatters, several of them
// with the same settings (one cached shell) over different data and IDs,
// and compares each with go-echarts' encoding of the whole chart.
func TestShellsMatchGoEcharts(t *testing.T) {
	for i, s := range []string{"", "Matrix", `"quoted" <b>&</b>`, "ρ × \u2029 \xff"} {
		for k, seed := range []float64{0.37, 1.91, 1e-8} {
			id := fmt.Sprintf("c%d_%d", i, k)
			sameAsReference(t, testHeatmap("heat_"+id, s, seed, k%2 == 0))
			sameAsReference(t, testHeatmap("heat2_"+id, s, seed, true))
			sameAsReference(t, testScatter("scatter_"+id, s, seed, 40*k))
		}
	}
	sameAsReference(t, Heatmap{ID: "empty", Summary: "A summary."})
	sameAsReference(t, Scatter{ID: "none", Summary: "A summary."})
	sameAsReference(t, Scatter{ID: "one", Summary: "A summary.", Groups: []ScatterGroup{{Name: "g", X: []float64{1}, Y: []float64{2}}}})
	sameAsReference(t, testScatter("big", "big", 0.123, 3000))
}

// FuzzShells compares heat maps and scatters drawn from shells with
// go-echarts' encoding over random text and values.
func FuzzShells(f *testing.F) {
	f.Add("Matrix", 0.37, true, 20)
	f.Add(`<script>"x"</script>`, 1e-9, false, 3)
	f.Add("\xff\u2028", 12345.678, true, 0)
	f.Fuzz(func(t *testing.T, s string, seed float64, diverging bool, n int) {
		if math.IsNaN(seed) || math.IsInf(seed, 0) || n < 0 || n > 200 {
			return
		}
		sameAsReference(t, testHeatmap("heat", s, seed, diverging))
		sameAsReference(t, testScatter("scatter", s, seed, n))
	})
}

// TestShellMarkerInSettings checks that a chart whose setting is the text
// of a data marker is refused, not drawn with its data in the wrong place.
func TestShellMarkerInSettings(t *testing.T) {
	marker := "evalbook:data:0"
	if _, err := testHeatmap("markerHeat", marker, 0.3, false).HTML(); err == nil || !strings.Contains(err.Error(), marker) {
		t.Errorf("heat map titled %q: err = %v; want one naming the marker", marker, err)
	}
	if _, err := testHeatmap("plainHeat", "evalbook:data", 0.3, false).HTML(); err != nil {
		t.Errorf("heat map titled evalbook:data: %v", err)
	}
}
