package experiment

import (
	"fmt"
	"math"
)

func fp(p *float64) string {
	if p == nil {
		return "nil"
	}
	return fmt.Sprintf("%.4g", *p)
}

func fmtCI(ci *Interval) string {
	if ci == nil {
		return "nil"
	}
	return fmt.Sprintf("[%.4f, %.4f]", ci.Low, ci.High)
}

// near reports whether got is within tol of want.
func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

// at returns x at the positions pos.
func at(x []float64, pos []int) []float64 {
	out := make([]float64, len(pos))
	for k, i := range pos {
		out[k] = x[i]
	}
	return out
}
