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

const shared = "../../../shared/datasets/agreement_reference"

// krippendorff2011 is the published example of Krippendorff (2011): four
// observers, twelve units, 0 = missing.
var krippendorff2011 = [4][12]float64{
	{1, 2, 3, 3, 2, 1, 4, 1, 2, 0, 0, 0},
	{1, 2, 3, 3, 2, 2, 4, 1, 2, 5, 0, 3},
	{0, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 0},
	{1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, 0},
}

func matrixRatings(m [][]float64) []Rating {
	var rs []Rating
	for rater, row := range m {
		for unit, v := range row {
			if !math.IsNaN(v) {
				rs = append(rs, Rating{Unit: unit, Rater: rater, Value: v})
			}
		}
	}
	return rs
}

func k2011() []Rating {
	m := make([][]float64, 4)
	for i, row := range krippendorff2011 {
		m[i] = make([]float64, 12)
		for j, v := range row {
			if v == 0 {
				v = math.NaN()
			}
			m[i][j] = v
		}
	}
	return matrixRatings(m)
}

func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

func TestAlphaKrippendorff2011(t *testing.T) {
	r := New(k2011())
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
		t.Errorf("pairable values %d in %d units; want 40 in 11 (unit 12 has one value)", r.Pairable(), r.Units())
	}
}

// readMatrix reads a coder x unit CSV with blanks for missing values.
func readMatrix(t *testing.T, name string) [][]float64 {
	t.Helper()
	f, err := os.Open(filepath.Join(shared, name))
	if err != nil {
		t.Skipf("shared datasets not found (%v); skipping the published-value check", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var m [][]float64
	for _, row := range rows[1:] {
		var vals []float64
		for _, cell := range row[1:] {
			v := math.NaN()
			if cell != "" {
				v, _ = strconv.ParseFloat(cell, 64)
			}
			vals = append(vals, v)
		}
		m = append(m, vals)
	}
	return m
}

func TestAlphaPublishedDatasets(t *testing.T) {
	r := New(matrixRatings(readMatrix(t, "krippendorff2011_example_4coders_12units.csv")))
	for l, want := range map[Level]float64{Nominal: 0.743, Ordinal: 0.815, Interval: 0.849, Ratio: 0.797} {
		if got, _ := r.Alpha(l); !near(got, want, 0.0005) {
			t.Errorf("Krippendorff 2011 %s alpha = %.4f; want %.3f", l, got, want)
		}
	}
	w := New(matrixRatings(readMatrix(t, "krippendorff_wikipedia_example_3coders_15units.csv")))
	for l, want := range map[Level]float64{Nominal: 0.691358, Interval: 0.810845} {
		if got, _ := w.Alpha(l); !near(got, want, 0.0000005) {
			t.Errorf("Wikipedia %s alpha = %.6f; want %.6f", l, got, want)
		}
	}
}

func TestFleissWikipedia(t *testing.T) {
	m := readMatrix(t, "fleiss_wikipedia_10x5_counts.csv")
	counts := make([][]int, len(m))
	for i, row := range m {
		for _, v := range row {
			counts[i] = append(counts[i], int(v))
		}
	}
	got, err := FleissKappa(counts)
	if err != nil || !near(got, 0.20993, 0.00001) {
		t.Errorf("Fleiss kappa = %.5f, %v; want 0.210 (0.20993)", got, err)
	}
	counts[0][4]--
	if _, err := FleissKappa(counts); err != ErrUnequalRaters {
		t.Errorf("unequal raters: error %v; want ErrUnequalRaters", err)
	}
}

func TestCohenSAS(t *testing.T) {
	table := [][]float64{{0, 4, 1}, {0, 8, 0}, {0, 1, 5}}
	if m := readMatrix(t, "cohen_kappa_sas_3x3_table.csv"); len(m) == 3 {
		for i := range m {
			copy(table[i], m[i])
		}
	}
	for _, tt := range []struct {
		w    Weighting
		want float64
	}{{Unweighted, 0.48416}, {Linear, 0.47012}} {
		got, err := CohenKappa(table, tt.w)
		if err != nil || !near(got, tt.want, 0.00001) {
			t.Errorf("Cohen kappa (weighting %d) = %.5f, %v; want %.5f", tt.w, got, err, tt.want)
		}
	}
	// Quadratic weights: worked from the definition on the same table.
	got, _ := CohenKappa(table, Quadratic)
	rows, cols := []float64{5, 8, 6}, []float64{0, 13, 6}
	pe := 0.0
	for i := range 3 {
		for j := range 3 {
			d := float64(i-j) / 2
			pe += (1 - d*d) * rows[i] * cols[j] / (19 * 19)
		}
	}
	var po2 float64
	for i := range 3 {
		for j := range 3 {
			d := float64(i-j) / 2
			po2 += (1 - d*d) * table[i][j] / 19
		}
	}
	if want := (po2 - pe) / (1 - pe); !near(got, want, 1e-12) {
		t.Errorf("quadratic kappa = %v; want %v", got, want)
	}
}

func TestAlphaProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var base []Rating
	for u := range 40 {
		truth := float64(1 + rng.IntN(5))
		for rater := range 4 {
			if rng.Float64() < 0.2 {
				continue
			}
			v := truth
			if rng.Float64() < 0.3 {
				v = float64(1 + rng.IntN(5))
			}
			base = append(base, Rating{u, rater, v})
		}
	}
	ref := New(base)
	alpha := func(rs []Rating, l Level) float64 { a, _ := New(rs).Alpha(l); return a }
	t.Run("perfect agreement", func(t *testing.T) {
		var rs []Rating
		for u := range 10 {
			for rater := range 3 {
				rs = append(rs, Rating{u, rater, float64(u % 4)})
			}
		}
		for l := Nominal; l <= Ratio; l++ {
			if a := alpha(rs, l); !near(a, 1, 1e-12) {
				t.Errorf("%s alpha of perfect agreement = %v", l, a)
			}
		}
	})
	t.Run("order, rater and unit relabelling", func(t *testing.T) {
		shuffled := append([]Rating(nil), base...)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		for i := range shuffled {
			shuffled[i].Unit = 1000 - shuffled[i].Unit
			shuffled[i].Rater = (shuffled[i].Rater + 2) % 4
		}
		for l := Nominal; l <= Ratio; l++ {
			want, _ := ref.Alpha(l)
			if a := alpha(shuffled, l); !near(a, want, 1e-12) {
				t.Errorf("%s alpha changed from %v to %v", l, want, a)
			}
		}
	})
	t.Run("affine invariance of interval, relabelling of nominal", func(t *testing.T) {
		moved := append([]Rating(nil), base...)
		for i := range moved {
			moved[i].Value = -3*moved[i].Value + 7
		}
		for _, l := range []Level{Nominal, Interval} {
			want, _ := ref.Alpha(l)
			if a := alpha(moved, l); !near(a, want, 1e-12) {
				t.Errorf("%s alpha changed under a*x+b from %v to %v", l, want, a)
			}
		}
	})
	t.Run("single ratings drop out", func(t *testing.T) {
		extra := append(append([]Rating(nil), base...), Rating{500, 0, 1}, Rating{501, 1, 5})
		for l := Nominal; l <= Ratio; l++ {
			want, _ := ref.Alpha(l)
			if a := alpha(extra, l); !near(a, want, 1e-12) {
				t.Errorf("%s alpha changed from %v to %v", l, want, a)
			}
		}
	})
}

func TestAlphaUndefined(t *testing.T) {
	if _, ok := New(nil).Alpha(Nominal); ok {
		t.Error("alpha of no ratings is defined")
	}
	if _, ok := New([]Rating{{0, 0, 1}, {1, 1, 2}}).Alpha(Interval); ok {
		t.Error("alpha without pairable units is defined")
	}
	same := []Rating{{0, 0, 3}, {0, 1, 3}, {1, 0, 3}, {1, 1, 3}}
	if _, ok := New(same).Alpha(Ordinal); ok {
		t.Error("alpha of a single value is defined")
	}
	if _, _, ok := New(same).Bootstrap(Interval, 100, 0.95, 1); ok {
		t.Error("bootstrap of an undefined alpha gave an interval")
	}
}

// naiveBootstrapAlpha resamples units and rebuilds the matrix from scratch,
// drawing the same units in the same order as Bootstrap.
func naiveBootstrapAlpha(rs []Rating, l Level, resamples int, seed uint64) []float64 {
	units := map[int][]Rating{}
	for _, x := range rs {
		units[x.Unit] = append(units[x.Unit], x)
	}
	var pairable [][]Rating
	for u := range 1000 {
		if len(units[u]) >= 2 {
			pairable = append(pairable, units[u])
		}
	}
	rng := newRand(seed)
	var out []float64
	for range resamples {
		var sample []Rating
		for k := range len(pairable) {
			u := rng.IntN(len(pairable))
			for _, x := range pairable[u] {
				sample = append(sample, Rating{k, x.Rater, x.Value})
			}
		}
		if a, ok := New(sample).Alpha(l); ok {
			out = append(out, a)
		}
	}
	return out
}

func TestBootstrapMatchesNaive(t *testing.T) {
	rs := k2011()
	r := New(rs)
	for l := Nominal; l <= Ratio; l++ {
		alphas := naiveBootstrapAlpha(rs, l, 200, 7)
		lo, hi := quantiles(alphas, 0.95)
		glo, ghi, ok := r.Bootstrap(l, 200, 0.95, 7)
		if !ok || !near(glo, lo, 1e-12) || !near(ghi, hi, 1e-12) {
			t.Errorf("%s: Bootstrap = [%v, %v] %v; naive = [%v, %v]", l, glo, ghi, ok, lo, hi)
		}
		point, _ := r.Alpha(l)
		if glo > point || ghi < point {
			t.Errorf("%s: interval [%v, %v] excludes the estimate %v", l, glo, ghi, point)
		}
	}
}

func TestPercentAgreement(t *testing.T) {
	// Unit 0: values 1,1,2 -> 2 agreeing ordered pairs of 6; unit 1: 3,3 -> 2 of 2.
	rs := []Rating{{0, 0, 1}, {0, 1, 1}, {0, 2, 2}, {1, 0, 3}, {1, 1, 3}, {2, 0, 9}}
	got, ok := PercentAgreement(rs)
	if !ok || !near(got, 4.0/8, 1e-12) {
		t.Errorf("PercentAgreement = %v, %v; want 0.5", got, ok)
	}
}
