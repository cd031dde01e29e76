package compare

import (
	"math"
	"slices"

	"github.com/evalbook/evalbook/internal/stats"
)

// MADScale is 1/Φ⁻¹(3/4), the factor that makes the median absolute
// deviation a consistent estimate of the standard deviation of normal data.
const MADScale = 1.482602218505602

// MeanADScale is √(π/2), the factor that makes the mean absolute deviation
// a consistent estimate of the standard deviation of normal data.
const MeanADScale = 1.2533141373155003

// MinHistory is the fewest earlier values RollingRobustZ scores against.
const MinHistory = 3

// RobustZ returns the robust z-score of x against the values of window
// (Iglewicz and Hoaglin, "How to Detect and Handle Outliers", ASQC, 1993,
// §3.2, here scaled to the normal standard deviation):
//
//	z = (x - M) / (1.4826 MAD),   M = median(window),
//	MAD = median |w_i - M|.
//
// Median and MAD are not moved by a few wild values in the window, so one
// earlier anomaly does not hide the next.
//
// When more than half the window's values are equal the MAD is 0. Then the
// mean absolute deviation from the median takes its place, scaled to the
// standard deviation, z = (x - M) / (1.2533 meanAD) (the fallback IBM SPSS
// Modeler documents for its anomaly scores). When that is 0 too, every
// value of the window is M, and z is 0 if x equals M and ±Inf otherwise:
// any change from a constant history is an anomaly at every threshold.
//
// NaN values in window are ignored. z is NaN when x is NaN or window holds
// no other value. window is not modified.
func RobustZ(x float64, window []float64) float64 {
	w := make([]float64, 0, len(window))
	for _, v := range window {
		if !math.IsNaN(v) {
			w = append(w, v)
		}
	}
	if math.IsNaN(x) || len(w) == 0 {
		return math.NaN()
	}
	slices.Sort(w)
	med := stats.Quantile(w, 0.5)
	dev := make([]float64, len(w))
	for i, v := range w {
		dev[i] = math.Abs(v - med)
	}
	mean := stats.Mean(dev)
	slices.Sort(dev)
	scale := MADScale * stats.Quantile(dev, 0.5)
	if scale == 0 {
		scale = MeanADScale * mean
	}
	if scale == 0 {
		if x == med {
			return 0
		}
		return math.Copysign(math.Inf(1), x-med)
	}
	return (x - med) / scale
}

// RollingRobustZ returns the robust z-score of every value of series
// against the up to window values before it: z[i] is RobustZ(series[i],
// series[max(0, i-window):i]). Values with fewer than MinHistory non-NaN
// values before them in their window get NaN, as do NaN values.
// RollingRobustZ panics when window < MinHistory.
func RollingRobustZ(series []float64, window int) []float64 {
	if window < MinHistory {
		panic("compare: anomaly window shorter than MinHistory")
	}
	z := make([]float64, len(series))
	for i, x := range series {
		w := series[max(0, i-window):i]
		if len(w)-countNaN(w) < MinHistory {
			z[i] = math.NaN()
			continue
		}
		z[i] = RobustZ(x, w)
	}
	return z
}

func countNaN(x []float64) int {
	n := 0
	for _, v := range x {
		if math.IsNaN(v) {
			n++
		}
	}
	return n
}
