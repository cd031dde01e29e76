package stats

import (
	"math"
	"math/rand/v2"
)

// Binomial returns a draw from the binomial distribution of n trials with
// success probability p (0 when n < 1 or p <= 0, n when p >= 1). It takes
// p <= 1/2 (n - Binomial(n, 1-p) otherwise) and draws by inversion, a
// sequential search from 0, when the mean np is below 10, and otherwise by
// Hörmann's transformed rejection with squeeze, BTRS ("The generation of
// binomial random variates", Journal of Statistical Computation and
// Simulation 46, 1993), in the form TensorFlow and JAX use: exact up to
// floating point, the log-factorials in its acceptance test from Stirling's
// series (error below 1e-10 from 10 on, a table below). Its expected cost
// is a few uniforms and logarithms, whatever n.
func Binomial(rng *rand.Rand, n int, p float64) int {
	switch {
	case n < 1 || !(p > 0):
		return 0
	case p >= 1:
		return n
	case p > 0.5:
		return n - Binomial(rng, n, 1-p)
	case float64(n)*p < 10:
		return binomialInversion(rng, n, p)
	}
	return binomialBTRS(rng, n, p)
}

// binomialInversion draws Binomial(n, p) for p <= 1/2 and np < 10 by
// inversion (numpy's binomial_inversion): the search restarts with a new
// uniform past np + 10 sd, a tail of probability below 1e-20.
func binomialInversion(rng *rand.Rand, n int, p float64) int {
	q := 1 - p
	qn := math.Exp(float64(n) * math.Log1p(-p))
	np := float64(n) * p
	bound := min(float64(n), np+10*math.Sqrt(np*q+1))
	x, px, u := 0, qn, rng.Float64()
	for u > px {
		x++
		if float64(x) > bound {
			x, px, u = 0, qn, rng.Float64()
			continue
		}
		u -= px
		px *= float64(n-x+1) * p / (float64(x) * q)
	}
	return x
}

// binomialBTRS draws Binomial(n, p) for p <= 1/2 and np >= 10.
func binomialBTRS(rng *rand.Rand, n int, p float64) int {
	N := float64(n)
	q := 1 - p
	spq := math.Sqrt(N * p * q)
	b := 1.15 + 2.53*spq
	a := -0.0873 + 0.0248*b + 0.01*p
	c := N*p + 0.5
	vr := 0.92 - 4.2/b
	r := p / q
	alpha := (2.83 + 5.1/b) * spq
	m := math.Floor((N + 1) * p)
	for {
		u := rng.Float64() - 0.5
		v := rng.Float64()
		us := 0.5 - math.Abs(u)
		k := math.Floor((2*a/us+b)*u + c)
		if !(k >= 0 && k <= N) { // also u = -1/2, where us = 0
			continue
		}
		if us >= 0.07 && v <= vr {
			return int(k)
		}
		v = math.Log(v * alpha / (a/(us*us) + b))
		bound := (m+0.5)*math.Log((m+1)/(r*(N-m+1))) +
			(N+1)*math.Log((N-m+1)/(N-k+1)) +
			(k+0.5)*math.Log(r*(N-k+1)/(k+1)) +
			stirlingTail(m) + stirlingTail(N-m) - stirlingTail(k) - stirlingTail(N-k)
		if v <= bound {
			return int(k)
		}
	}
}

// stirlingTail returns log(k!) - ((k + 1/2) log(k + 1) - (k + 1) +
// log(2 pi)/2), the tail of Stirling's series for log(k!): a table below
// 10, the series' first three terms from 10 on.
func stirlingTail(k float64) float64 {
	if k < 10 {
		return stirlingTails[int(k)]
	}
	k1 := (k + 1) * (k + 1)
	return (1.0/12 - (1.0/360-1.0/1260/k1)/k1) / (k + 1)
}

var stirlingTails = [10]float64{
	0.0810614667953272, 0.0413406959554092, 0.0276779256849983,
	0.02079067210376509, 0.0166446911898211, 0.0138761288230707,
	0.0118967099458917, 0.0104112652619720, 0.00925546218271273,
	0.00833056343336287,
}
