package agreement

import (
	"errors"
	"testing"
)

func TestPercentAgreement(t *testing.T) {
	for _, tt := range []struct {
		name string
		rs   []Rating
		want float64
		ok   bool
	}{
		// Unit 0: values 1, 1, 2: 2 agreeing ordered pairs of 6; unit 1:
		// 3, 3: 2 of 2; unit 2 has one value and drops out.
		{"mixed", []Rating{{0, 0, 1}, {0, 1, 1}, {0, 2, 2}, {1, 0, 3}, {1, 1, 3}, {2, 0, 9}}, 4.0 / 8, true},
		{"full agreement", []Rating{{0, 0, 2}, {0, 1, 2}, {1, 0, 5}, {1, 1, 5}}, 1, true},
		{"no agreement", []Rating{{0, 0, 1}, {0, 1, 2}, {0, 2, 3}}, 0, true},
		{"no pairable unit", []Rating{{0, 0, 1}, {1, 0, 1}}, 0, false},
	} {
		got, ok := PercentAgreement(tt.rs)
		if ok != tt.ok || !near(got, tt.want, 1e-12) {
			t.Errorf("%s: PercentAgreement = %v, %v; want %v, %v", tt.name, got, ok, tt.want, tt.ok)
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
	if err != nil || !near(got, 0.210, 0.0005) {
		t.Errorf("Fleiss' kappa = %.5f, %v; want 0.210", got, err)
	}
}

func TestFleissKappa(t *testing.T) {
	for _, tt := range []struct {
		name   string
		counts [][]int
		want   float64
		err    error
	}{
		// Perfect agreement on two categories: P = 1, P_e = 1/2.
		{"perfect", [][]int{{3, 0}, {0, 3}}, 1, nil},
		// Two raters split on every item: P = 0, P_e = 1/2, kappa = -1.
		{"opposed", [][]int{{1, 1}, {1, 1}}, -1, nil},
		// P_1 = 1, P_2 = 1/3 (3 raters: 2 agree), mean 2/3; p = (4/6, 2/6),
		// P_e = 5/9: kappa = (2/3 - 5/9) / (4/9) = 1/4.
		{"worked", [][]int{{3, 0}, {1, 2}}, 0.25, nil},
		{"unequal raters", [][]int{{3, 0}, {1, 1}}, 0, ErrUnequalRaters},
		{"one rater", [][]int{{1, 0}, {0, 1}}, 0, ErrUnequalRaters},
		{"no items", nil, 0, errAny},
		{"ragged", [][]int{{2, 0}, {1, 0, 1}}, 0, errAny},
		{"one category used", [][]int{{2, 0}, {2, 0}}, 0, errAny},
		{"negative count", [][]int{{3, -1}, {1, 1}}, 0, errAny},
	} {
		got, err := FleissKappa(tt.counts)
		switch {
		case tt.err == nil && (err != nil || !near(got, tt.want, 1e-12)):
			t.Errorf("%s: FleissKappa = %v, %v; want %v", tt.name, got, err, tt.want)
		case tt.err == errAny && err == nil, tt.err == ErrUnequalRaters && !errors.Is(err, ErrUnequalRaters):
			t.Errorf("%s: FleissKappa = %v, %v; want error %v", tt.name, got, err, tt.err)
		}
	}
}

var errAny = errors.New("any error")

func TestCohenSAS(t *testing.T) {
	m := readMatrix(t, "cohen_kappa_sas_3x3_table.csv")
	for _, tt := range []struct {
		w    Weighting
		want float64
	}{{Unweighted, 0.4842}, {Linear, 0.4701}} {
		got, err := CohenKappa(m, tt.w)
		if err != nil || !near(got, tt.want, 0.00005) {
			t.Errorf("Cohen's kappa (weighting %d) = %.5f, %v; want %.4f", tt.w, got, err, tt.want)
		}
	}
}

// TestCohenKappaSE checks the asymptotic standard error against the SAS
// example's published ASE 0.1380 and 95% interval 0.2137 to 0.7547.
func TestCohenKappaSE(t *testing.T) {
	m := readMatrix(t, "cohen_kappa_sas_3x3_table.csv")
	se, err := CohenKappaSE(m)
	if err != nil || !near(se, 0.1380, 0.00005) {
		t.Fatalf("CohenKappaSE = %.5f, %v; want 0.1380", se, err)
	}
	kappa, _ := CohenKappa(m, Unweighted)
	if lo, hi := kappa-1.959964*se, kappa+1.959964*se; !near(lo, 0.2137, 0.00005) || !near(hi, 0.7547, 0.00005) {
		t.Errorf("interval %.4f to %.4f; want 0.2137 to 0.7547", lo, hi)
	}
	// Perfect agreement has no sampling variance; a bad table is an error.
	if se, err := CohenKappaSE([][]float64{{5, 0}, {0, 3}}); err != nil || se != 0 {
		t.Errorf("perfect table: se = %v, %v; want 0", se, err)
	}
	if _, err := CohenKappaSE([][]float64{{4, 0}, {0, 0}}); err == nil {
		t.Error("chance agreement 1: no error")
	}
}

func TestCohenKappa(t *testing.T) {
	sas := [][]float64{{0, 4, 1}, {0, 8, 0}, {0, 1, 5}} // the SAS table, 19 items
	for _, tt := range []struct {
		name  string
		table [][]float64
		w     Weighting
		want  float64
		err   bool
	}{
		// p_o = 13/19; p_e = (5*0 + 8*13 + 6*6)/19^2 = 140/361.
		{"SAS unweighted", sas, Unweighted, (13.0/19 - 140.0/361) / (1 - 140.0/361), false},
		// Quadratic agreement weights 1, 3/4, 0 for |i-j| = 0, 1, 2:
		// p_o = (13 + 3/4*(4+1))/19 = 16.75/19; rows (5, 8, 6), columns
		// (0, 13, 6): p_e = (5*(13*.75) + 8*(13+6*.75) + 6*(13*.75+6))/361 = 283.25/361.
		{"SAS quadratic", sas, Quadratic, (16.75/19 - 283.25/361) / (1 - 283.25/361), false},
		{"perfect", [][]float64{{5, 0}, {0, 3}}, Linear, 1, false},
		{"not square", [][]float64{{1, 2}, {3}}, Unweighted, 0, true},
		{"one category", [][]float64{{4}}, Unweighted, 0, true},
		{"empty table", [][]float64{{0, 0}, {0, 0}}, Unweighted, 0, true},
		{"negative cell", [][]float64{{3, -1}, {1, 2}}, Unweighted, 0, true},
		{"chance agreement 1", [][]float64{{4, 0}, {0, 0}}, Unweighted, 0, true},
	} {
		got, err := CohenKappa(tt.table, tt.w)
		if (err != nil) != tt.err || !tt.err && !near(got, tt.want, 1e-12) {
			t.Errorf("%s: CohenKappa = %v, %v; want %v (error %v)", tt.name, got, err, tt.want, tt.err)
		}
	}
}
