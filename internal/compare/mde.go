package compare

import "math"

// MDE returns the minimum detectable effect of a two-sided z test at
// significance level alpha with the given power, for an estimate with
// standard error se: the smallest true effect the test detects with
// probability power (Bloom, "Minimum detectable effects", Evaluation
// Review 19(5), 1995, eq. 1):
//
//	MDE = (z_{1-α/2} + z_{power}) se.
//
// At α = 0.05 and power 0.8 the factor is 1.9600 + 0.8416 = 2.8016. MDE
// panics when alpha or power is outside (0, 1).
func MDE(se, alpha, power float64) float64 {
	if !(alpha > 0 && alpha < 1) || !(power > 0 && power < 1) {
		panic("compare: alpha or power outside (0, 1)")
	}
	return (zQuantile(1-alpha/2) + zQuantile(power)) * se
}

// MDEPaired returns the minimum detectable mean difference of a paired
// comparison of n pairs whose differences have standard deviation sd:
// MDE with se = sd / √n. It is NaN when n < 1.
func MDEPaired(sd float64, n int, alpha, power float64) float64 {
	if n < 1 {
		return math.NaN()
	}
	return MDE(sd/math.Sqrt(float64(n)), alpha, power)
}

// MDEUnpaired returns the minimum detectable difference of means of two
// independent groups of n1 and n2 values with standard deviations sd1 and
// sd2: MDE with se = √(sd1²/n1 + sd2²/n2). It is NaN when n1 or n2 < 1.
func MDEUnpaired(sd1 float64, n1 int, sd2 float64, n2 int, alpha, power float64) float64 {
	if n1 < 1 || n2 < 1 {
		return math.NaN()
	}
	return MDE(math.Sqrt(sd1*sd1/float64(n1)+sd2*sd2/float64(n2)), alpha, power)
}

// MDEProportions returns the minimum detectable difference of two
// independent proportions with n1 and n2 trials when both are near p:
// MDE with se = √(p(1-p)(1/n1 + 1/n2)), the standard error under no
// difference. It is NaN when n1 or n2 < 1 and panics when p is outside
// [0, 1]. For paired 0/1 outcomes use MDEPaired with the standard
// deviation of the differences.
func MDEProportions(p float64, n1, n2 int, alpha, power float64) float64 {
	if !(p >= 0 && p <= 1) {
		panic("compare: proportion outside [0, 1]")
	}
	if n1 < 1 || n2 < 1 {
		return math.NaN()
	}
	return MDE(math.Sqrt(p*(1-p)*(1/float64(n1)+1/float64(n2))), alpha, power)
}
