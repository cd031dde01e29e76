package agreement

import (
	"math"
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/stats"
)

// krippendorff2011Coincidences is the coincidence matrix Krippendorff
// (2011, section C) prints for the worked example (values 1-5, n = 40):
// margins 9, 13, 10, 5, 3.
var krippendorff2011Coincidences = Coincidences{
	Values: []float64{1, 2, 3, 4, 5},
	O: [][]float64{
		{7, 4. / 3, 1. / 3, 1. / 3, 0},
		{4. / 3, 10, 4. / 3, 1. / 3, 0},
		{1. / 3, 4. / 3, 8, 1. / 3, 0},
		{1. / 3, 1. / 3, 1. / 3, 4, 0},
		{0, 0, 0, 0, 3},
	},
}

func TestCoincidencesAlphaPublished(t *testing.T) {
	c := krippendorff2011Coincidences
	if err := c.Check(); err != nil {
		t.Fatal(err)
	}
	if n := c.Pairable(); n != 40 {
		t.Errorf("n = %v; want 40", n)
	}
	r := New(matrixRatings(krippendorff2011))
	for _, tt := range []struct {
		l    Level
		want float64
	}{{Nominal, 0.743}, {Ordinal, 0.815}, {Interval, 0.849}, {Ratio, 0.797}} {
		got, ok := c.Alpha(tt.l)
		if !ok || !near(got, tt.want, 0.0005) {
			t.Errorf("alpha %s = %.4f, %v; want %.3f", tt.l, got, ok, tt.want)
		}
		raw, _ := r.Alpha(tt.l)
		if math.Abs(got-raw) > 1e-12 {
			t.Errorf("alpha %s from the matrix %.15f, from the ratings %.15f", tt.l, got, raw)
		}
	}
}

// TestCoincidencesOf checks that the matrix summed from the ratings is the
// published one.
func TestCoincidencesOf(t *testing.T) {
	got := CoincidencesOf(matrixRatings(krippendorff2011))
	want := krippendorff2011Coincidences
	if len(got.Values) != len(want.Values) {
		t.Fatalf("values %v; want %v", got.Values, want.Values)
	}
	for i := range want.O {
		for k := range want.O[i] {
			if math.Abs(got.O[i][k]-want.O[i][k]) > 1e-12 {
				t.Errorf("o(%v,%v) = %v; want %v", want.Values[i], want.Values[k], got.O[i][k], want.O[i][k])
			}
		}
	}
}

func TestCoincidencesCheck(t *testing.T) {
	for _, tt := range []struct {
		name string
		c    Coincidences
		want string
	}{
		{"asymmetric", Coincidences{Values: []float64{1, 2}, O: [][]float64{{1, 2}, {1, 1}}}, "not symmetric"},
		{"negative", Coincidences{Values: []float64{1, 2}, O: [][]float64{{1, -1}, {-1, 1}}}, "non-negative"},
		{"order", Coincidences{Values: []float64{2, 1}, O: [][]float64{{1, 0}, {0, 1}}}, "ascending"},
		{"ragged", Coincidences{Values: []float64{1, 2}, O: [][]float64{{1, 0}, {0}}}, "entries"},
	} {
		if err := tt.c.Check(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v; want an error with %q", tt.name, err, tt.want)
		}
	}
}

func TestIntervalMomentsAlpha(t *testing.T) {
	// Units of the worked example with two or more values: the moments an
	// engine sums (N, Sum, SumSq, Within = sum_u m_u s_u^2).
	var m IntervalMoments
	for u := range krippendorff2011[0] {
		var x []float64
		for _, row := range krippendorff2011 {
			if !math.IsNaN(row[u]) {
				x = append(x, row[u])
			}
		}
		if len(x) < 2 {
			continue
		}
		for _, v := range x {
			m.N++
			m.Sum += v
			m.SumSq += v * v
		}
		m.Within += float64(len(x)) * stats.Variance(x)
	}
	got, ok := m.Alpha()
	want, _ := New(matrixRatings(krippendorff2011)).Alpha(Interval)
	if !ok || math.Abs(got-want) > 1e-12 || !near(got, 0.849, 0.0005) {
		t.Errorf("interval alpha from moments %.15f, %v; want %.15f (published .849)", got, ok, want)
	}
	if _, ok := (IntervalMoments{N: 3, Sum: 6, SumSq: 12}).Alpha(); ok {
		t.Error("alpha of constant values is defined")
	}
}
