package stats

import "math"

// IsFinite reports whether x is a number: neither NaN nor infinite.
func IsFinite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// Finite returns a pointer to x, or nil when x is NaN or infinite. Results
// that go to JSON carry undefined figures as nil (null), never NaN.
func Finite(x float64) *float64 {
	if !IsFinite(x) {
		return nil
	}
	return &x
}
