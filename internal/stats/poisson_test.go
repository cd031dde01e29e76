package stats

import (
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestPoissonThresholds checks the cut points against P(X ≤ k) of
// Poisson(1) written out by hand: e^-1 (1 + 1 + 1/2 + 1/6 + ...).
func TestPoissonThresholds(t *testing.T) {
	want := []uint32{6171993, 12343986, 15429982, 16458648, 16715814, 16767247, 16775819, 16777044, 16777197, 16777214}
	if !slices.Equal(PoissonThresholds, want) {
		t.Errorf("thresholds %v; want %v", PoissonThresholds, want)
	}
}

// TestPoissonWeightKnown pins the hash: MD5("q1:1") starts a03edd, which is
// 10501853 as a 24-bit number: at or above 6171993 and below 12343986, so
// weight 1; MD5("q1:2") starts e9e655 = 15328853, weight 2; MD5("q2:1")
// starts 4cf974 = 5044596, weight 0.
func TestPoissonWeightKnown(t *testing.T) {
	for _, tc := range []struct {
		key  string
		r    int
		want int
	}{{"q1", 1, 1}, {"q1", 2, 2}, {"q2", 1, 0}} {
		if got := PoissonWeight(tc.key, tc.r); got != tc.want {
			t.Errorf("PoissonWeight(%q, %d) = %d; want %d", tc.key, tc.r, got, tc.want)
		}
	}
}

// TestPoissonWeightDistribution checks that the weights over many units
// and replicates follow Poisson(1): mean 1, variance 1, P(0) = e^-1.
func TestPoissonWeightDistribution(t *testing.T) {
	const n = 200_000
	var sum, sumsq, zeros float64
	for i := range n {
		w := float64(PoissonWeight("item-"+strconv.Itoa(i/20), i%20))
		sum += w
		sumsq += w * w
		if w == 0 {
			zeros++
		}
	}
	mean := sum / n
	variance := sumsq/n - mean*mean
	// Standard errors at n = 200,000: mean 0.0022, variance about 0.0032,
	// share of zeros 0.0011; allow five of each.
	if math.Abs(mean-1) > 0.011 || math.Abs(variance-1) > 0.016 || math.Abs(zeros/n-math.Exp(-1)) > 0.0055 {
		t.Errorf("mean %.4f, variance %.4f, share of zeros %.4f; want 1, 1 and %.4f", mean, variance, zeros/n, math.Exp(-1))
	}
}

// TestReplicateMeansCI checks that the interval is the percentile interval
// of the replicate means, leaving out replicates without weight.
func TestReplicateMeansCI(t *testing.T) {
	sums := []float64{2, 6, 0, 12, 20, 30}
	counts := []float64{2, 3, 0, 4, 5, 6} // means 1, 2, -, 3, 4, 5
	lo, hi := ReplicateMeansCI(sums, counts, 0.5)
	// Type 7 quantiles of 1..5 at 0.25 and 0.75: 2 and 4.
	if lo != 2 || hi != 4 {
		t.Errorf("interval [%v, %v]; want [2, 4]", lo, hi)
	}
	if lo, hi := ReplicateMeansCI([]float64{1}, []float64{1}, 0.95); !math.IsNaN(lo) || !math.IsNaN(hi) {
		t.Errorf("one replicate: [%v, %v]; want NaN", lo, hi)
	}
}

// TestPoissonBootstrapAgreesWithMultinomial checks on a skewed sample that
// the Poisson bootstrap interval of a mean is close to the ordinary
// (multinomial) one: both estimate the same sampling distribution.
func TestPoissonBootstrapAgreesWithMultinomial(t *testing.T) {
	x := make([]float64, 300)
	for i := range x {
		x[i] = math.Exp(float64(i%37) / 12) // skewed, fixed
	}
	const reps = 1000
	sums, counts := make([]float64, reps), make([]float64, reps)
	for r := range reps {
		for i, v := range x {
			w := float64(PoissonWeight("u"+strconv.Itoa(i), r))
			sums[r] += w * v
			counts[r] += w
		}
	}
	plo, phi := ReplicateMeansCI(sums, counts, 0.95)
	mlo, mhi := BootstrapMeanCISeed(x, reps, 0.95, 1)
	width := mhi - mlo
	if math.Abs(plo-mlo) > 0.1*width || math.Abs(phi-mhi) > 0.1*width {
		t.Errorf("Poisson [%.4f, %.4f], multinomial [%.4f, %.4f]: ends differ by more than a tenth of the width", plo, phi, mlo, mhi)
	}
}

// TestPoissonThresholdsInSQL checks that sql/aggregates.sql cuts the hash
// at the same points as PoissonWeight.
func TestPoissonThresholdsInSQL(t *testing.T) {
	script, err := os.ReadFile("../../sql/aggregates.sql")
	if err != nil {
		t.Skipf("no SQL script: %v", err)
	}
	var got []uint32
	for _, m := range regexp.MustCompile(`WHEN h < (\d+) THEN (\d+)`).FindAllStringSubmatch(string(script), -1) {
		v, _ := strconv.ParseUint(m[1], 10, 32)
		if k, _ := strconv.Atoi(m[2]); k != len(got) {
			t.Fatalf("cut point %s gives weight %d; want %d", m[1], k, len(got))
		}
		got = append(got, uint32(v))
	}
	if !slices.Equal(got, PoissonThresholds) {
		t.Errorf("SQL cut points %v; want %v", got, PoissonThresholds)
	}
	if !strings.Contains(string(script), "ELSE "+strconv.Itoa(len(PoissonThresholds))+" END AS w") {
		t.Errorf("SQL's weight above the last cut point is not %d", len(PoissonThresholds))
	}
}
