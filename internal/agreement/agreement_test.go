package agreement

import (
	"encoding/csv"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// shared is the directory of the shared reference datasets; the tests that
// read it skip when it is absent.
const shared = "../../../shared/datasets/agreement_reference"

// krippendorff2011 is the reliability data matrix of the worked example in
// Krippendorff (2011), section C: four observers, twelve units, NaN missing.
// Published: nominal .743, ordinal .815, interval .849, ratio .797.
var krippendorff2011 = [][]float64{
	{1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan},
	{1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3},
	{nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan},
	{1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan},
}

var nan = math.NaN()

func TestLevel(t *testing.T) {
	for l := Nominal; l <= Ratio; l++ {
		got, err := ParseLevel(l.String())
		if err != nil || got != l {
			t.Errorf("ParseLevel(%q) = %v, %v; want %v", l.String(), got, err, l)
		}
	}
	for _, s := range []string{"", "Nominal", "scale", "level(4)"} {
		if _, err := ParseLevel(s); err == nil {
			t.Errorf("ParseLevel(%q) succeeded", s)
		}
	}
	if s := Level(7).String(); s != "Level(7)" {
		t.Errorf("Level(7).String() = %q", s)
	}
}

func TestAlphaKrippendorff2011(t *testing.T) {
	r := New(matrixRatings(krippendorff2011))
	for _, tt := range []struct {
		l    Level
		want float64
	}{{Nominal, 0.743}, {Ordinal, 0.815}, {Interval, 0.849}, {Ratio, 0.797}} {
		got, ok := r.Alpha(tt.l)
		if !ok || !near(got, tt.want, 0.0005) {
			t.Errorf("alpha %s = %.4f, %v; want %.3f", tt.l, got, ok, tt.want)
		}
	}
	if r.Pairable() != 40 || r.Units() != 11 {
		t.Errorf("%d pairable values in %d units; want 40 in 11 (unit 12 has one value)", r.Pairable(), r.Units())
	}
}

// TestAlphaTwoObservers is the binary two-observer example of Krippendorff
// (2011), section A: alpha = 1 - 19*4/(14*6) = 0.095.
func TestAlphaTwoObservers(t *testing.T) {
	r := New(matrixRatings([][]float64{
		{0, 1, 0, 0, 0, 0, 0, 0, 1, 0},
		{1, 1, 1, 0, 0, 1, 0, 0, 0, 0},
	}))
	got, ok := r.Alpha(Nominal)
	if want := 1 - 19.0*4/(14*6); !ok || !near(got, want, 1e-12) || !near(got, 0.095, 0.0005) {
		t.Errorf("alpha = %v, %v; want %v (published .095)", got, ok, want)
	}
}

// readMatrix reads a CSV of the shared datasets with a header row and a
// label column; blank cells are NaN.
func readMatrix(t *testing.T, name string) [][]float64 {
	t.Helper()
	f, err := os.Open(filepath.Join(shared, name))
	if err != nil {
		t.Skipf("shared reference datasets not found (%v); skipping the check against published values", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var m [][]float64
	for i, row := range rows[1:] {
		var vals []float64
		for j, cell := range row[1:] {
			v := math.NaN()
			if cell != "" {
				if v, err = strconv.ParseFloat(cell, 64); err != nil {
					t.Fatalf("%s:%d:%d: %v", name, i+2, j+2, err)
				}
			}
			vals = append(vals, v)
		}
		m = append(m, vals)
	}
	return m
}

func TestAlphaPublishedDatasets(t *testing.T) {
	for _, tt := range []struct {
		file string
		l    Level
		want float64
		tol  float64
	}{
		{"krippendorff2011_example_4coders_12units.csv", Nominal, 0.743, 5e-4},
		{"krippendorff2011_example_4coders_12units.csv", Ordinal, 0.815, 5e-4},
		{"krippendorff2011_example_4coders_12units.csv", Interval, 0.849, 5e-4},
		{"krippendorff2011_example_4coders_12units.csv", Ratio, 0.797, 5e-4},
		{"krippendorff_wikipedia_example_3coders_15units.csv", Nominal, 0.691358, 5e-7},
		{"krippendorff_wikipedia_example_3coders_15units.csv", Interval, 0.810845, 5e-7},
	} {
		got, ok := New(matrixRatings(readMatrix(t, tt.file))).Alpha(tt.l)
		if !ok || !near(got, tt.want, tt.tol) {
			t.Errorf("%s: %s alpha = %.6f, %v; want %v", tt.file, tt.l, got, ok, tt.want)
		}
	}
}

// TestAlphaMatchesDefinition compares Alpha with naiveAlpha on random data:
// Likert and continuous values, with and without missing ratings, two to
// seven raters.
func TestAlphaMatchesDefinition(t *testing.T) {
	for _, tt := range []struct {
		name   string
		units  int
		raters int
		miss   float64
		value  func(*rand.Rand) float64
	}{
		{"likert complete", 60, 5, 0, likert},
		{"likert missing", 80, 7, 0.4, likert},
		{"two raters", 50, 2, 0, likert},
		{"continuous missing", 40, 4, 0.3, continuous},
		{"binary", 30, 3, 0.1, func(r *rand.Rand) float64 { return float64(r.IntN(2)) }},
	} {
		for seed := range uint64(3) {
			rs := randomRatings(seed, tt.units, tt.raters, tt.miss, tt.value)
			r := New(rs)
			for l := Nominal; l <= Ratio; l++ {
				want, wok := naiveAlpha(rs, l)
				got, ok := r.Alpha(l)
				if ok != wok || !near(got, want, 1e-12) {
					t.Errorf("%s seed %d: %s alpha = %v, %v; definition gives %v, %v", tt.name, seed, l, got, ok, want, wok)
				}
			}
		}
	}
}

func TestAlphaProperties(t *testing.T) {
	base := randomRatings(1, 40, 4, 0.2, likert)
	ref := New(base)
	check := func(t *testing.T, rs []Rating, levels ...Level) {
		t.Helper()
		r := New(rs)
		for _, l := range levels {
			want, _ := ref.Alpha(l)
			if got, ok := r.Alpha(l); !ok || !near(got, want, 1e-12) {
				t.Errorf("%s alpha = %v, %v; want %v as for the original data", l, got, ok, want)
			}
		}
	}
	all := []Level{Nominal, Ordinal, Interval, Ratio}
	t.Run("perfect agreement", func(t *testing.T) {
		var rs []Rating
		for u := range 10 {
			for rater := range 1 + u%4 {
				rs = append(rs, Rating{u, rater, float64(1 + u%4)})
			}
		}
		r := New(rs)
		for l := Nominal; l <= Ratio; l++ {
			if a, ok := r.Alpha(l); !ok || a != 1 {
				t.Errorf("%s alpha of perfect agreement = %v, %v; want 1", l, a, ok)
			}
		}
	})
	t.Run("input order", func(t *testing.T) {
		rs := append([]Rating(nil), base...)
		rand.New(rand.NewPCG(5, 5)).Shuffle(len(rs), func(i, j int) { rs[i], rs[j] = rs[j], rs[i] })
		check(t, rs, all...)
	})
	t.Run("relabelled raters and units", func(t *testing.T) {
		rs := append([]Rating(nil), base...)
		for i := range rs {
			rs[i].Unit = 3*(39-rs[i].Unit) + 1
			rs[i].Rater = (rs[i].Rater + 2) % 4
		}
		check(t, rs, all...)
	})
	t.Run("nominal relabelled categories", func(t *testing.T) {
		perm := map[float64]float64{1: 40, 2: -3, 3: 7.5, 4: 0, 5: 2}
		rs := append([]Rating(nil), base...)
		for i := range rs {
			rs[i].Value = perm[rs[i].Value]
		}
		check(t, rs, Nominal)
	})
	t.Run("ordinal monotone transform", func(t *testing.T) {
		rs := append([]Rating(nil), base...)
		for i := range rs {
			rs[i].Value = math.Exp(rs[i].Value)
		}
		check(t, rs, Nominal, Ordinal)
	})
	t.Run("interval affine transforms", func(t *testing.T) {
		for _, ab := range [][2]float64{{2, 0}, {-3, 7}, {0.25, 1e4}, {1e-3, -2}, {-1, 0}} {
			rs := append([]Rating(nil), base...)
			for i := range rs {
				rs[i].Value = ab[0]*rs[i].Value + ab[1]
			}
			check(t, rs, Nominal, Interval)
		}
	})
	t.Run("units with one rating", func(t *testing.T) {
		rs := append(append([]Rating(nil), base...), Rating{500, 0, 1}, Rating{501, 1, 5}, Rating{502, 2, 99})
		check(t, rs, all...)
	})
	t.Run("missing values", func(t *testing.T) {
		rs := append(append([]Rating(nil), base...), Rating{0, 9, nan}, Rating{600, 0, nan}, Rating{600, 1, 3})
		check(t, rs, all...)
	})
}

func TestAlphaEdgeCases(t *testing.T) {
	for _, tt := range []struct {
		name     string
		rs       []Rating
		pairable int
		units    int
	}{
		{"no ratings", nil, 0, 0},
		{"no pairable unit", []Rating{{0, 0, 1}, {1, 1, 2}, {2, 0, 3}}, 0, 0},
		{"only missing values", []Rating{{0, 0, nan}, {0, 1, nan}}, 0, 0},
		{"single category", []Rating{{0, 0, 3}, {0, 1, 3}, {1, 0, 3}, {1, 1, 3}, {1, 2, 3}}, 5, 2},
	} {
		r := New(tt.rs)
		if r.Pairable() != tt.pairable || r.Units() != tt.units {
			t.Errorf("%s: %d pairable values in %d units; want %d in %d", tt.name, r.Pairable(), r.Units(), tt.pairable, tt.units)
		}
		for l := Nominal; l <= Ratio; l++ {
			if a, ok := r.Alpha(l); ok {
				t.Errorf("%s: %s alpha = %v; want undefined", tt.name, l, a)
			}
			if lo, hi, ok := r.Bootstrap(l, 100, 0.95, 1); ok {
				t.Errorf("%s: %s bootstrap = [%v, %v]; want undefined", tt.name, l, lo, hi)
			}
		}
	}
	if _, ok := New(matrixRatings(krippendorff2011)).Alpha(Level(9)); ok {
		t.Error("alpha at Level(9) is defined")
	}
}

func TestNewPanicsOnNegativeUnit(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("New accepted a negative unit")
		}
	}()
	New([]Rating{{-1, 0, 1}})
}

// TestUnitIndexesNeedNotStartAtZero: shifting and spreading the unit
// indexes (keeping their order) leaves alpha and its bootstrap interval
// unchanged.
func TestUnitIndexesNeedNotStartAtZero(t *testing.T) {
	rs := []Rating{{0, 0, 1}, {0, 1, 2}, {1, 0, 3}, {1, 1, 3}, {2, 0, 1}, {2, 1, 1}, {3, 0, 2}, {3, 2, 2}, {5, 1, 3}, {5, 2, 1}}
	shifted := make([]Rating, len(rs))
	for i, x := range rs {
		shifted[i] = Rating{Unit: 4000 + 997*x.Unit, Rater: x.Rater, Value: x.Value}
	}
	a, b := New(rs), New(shifted)
	for _, l := range []Level{Nominal, Ordinal, Interval, Ratio} {
		x, okx := a.Alpha(l)
		y, oky := b.Alpha(l)
		if x != y || okx != oky {
			t.Errorf("level %v: alpha %v (%v) from 0, %v (%v) shifted", l, x, okx, y, oky)
		}
	}
	if a.Units() != b.Units() || a.BootstrapAll(200, 0.95, 3) != b.BootstrapAll(200, 0.95, 3) {
		t.Error("shifted units change the units or the bootstrap")
	}
}
