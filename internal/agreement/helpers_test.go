package agreement

import (
	"math"
	"math/rand/v2"
	"slices"

	"github.com/evalbook/evalbook/internal/stats"
)

func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

// matrixRatings turns a rater x unit matrix (NaN = missing) into ratings.
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

// naiveAlpha computes alpha straight from Krippendorff's (2011) definition,
// independently of Reliability: a dense coincidence matrix built by
// enumerating the ordered pairs of values within each unit, and d_ck
// evaluated term by term (the ordinal one by summing n_g from c to k).
func naiveAlpha(rs []Rating, l Level) (float64, bool) {
	byUnit := map[int][]float64{}
	for _, x := range rs {
		if !math.IsNaN(x.Value) {
			byUnit[x.Unit] = append(byUnit[x.Unit], x.Value)
		}
	}
	var values []float64
	for _, vs := range byUnit {
		if len(vs) >= 2 {
			values = append(values, vs...)
		}
	}
	slices.Sort(values)
	values = slices.Compact(values)
	V := len(values)
	index := func(x float64) int { i, _ := slices.BinarySearch(values, x); return i }
	o := make([][]float64, V)
	for c := range o {
		o[c] = make([]float64, V)
	}
	for _, vs := range byUnit {
		m := float64(len(vs))
		if m < 2 {
			continue
		}
		for i := range vs {
			for j := range vs {
				if i != j {
					o[index(vs[i])][index(vs[j])] += 1 / (m - 1)
				}
			}
		}
	}
	nc := make([]float64, V)
	var n float64
	for c := range o {
		for k := range o {
			nc[c] += o[c][k]
		}
		n += nc[c]
	}
	d := func(c, k int) float64 {
		switch l {
		case Nominal:
			if c == k {
				return 0
			}
			return 1
		case Ordinal:
			lo, hi := min(c, k), max(c, k)
			var s float64
			for g := lo; g <= hi; g++ {
				s += nc[g]
			}
			s -= (nc[c] + nc[k]) / 2
			return s * s
		case Interval:
			return (values[c] - values[k]) * (values[c] - values[k])
		}
		if values[c]+values[k] == 0 {
			return 0
		}
		x := (values[c] - values[k]) / (values[c] + values[k])
		return x * x
	}
	var do, de float64
	for c := range V {
		for k := range V {
			do += o[c][k] * d(c, k)
			de += nc[c] * nc[k] * d(c, k)
		}
	}
	if n < 2 || de <= 1e-9 {
		return 0, false
	}
	return 1 - (n-1)*do/de, true
}

// randomRatings makes units x raters ratings with values from value(rng),
// each missing with probability miss; a share of raters copy the unit's
// first value so that agreement is moderate.
func randomRatings(seed uint64, units, raters int, miss float64, value func(*rand.Rand) float64) []Rating {
	rng := rand.New(rand.NewPCG(seed, 99))
	var rs []Rating
	for u := range units {
		truth := value(rng)
		for r := range raters {
			if rng.Float64() < miss {
				continue
			}
			v := truth
			if rng.Float64() < 0.4 {
				v = value(rng)
			}
			rs = append(rs, Rating{u, r, v})
		}
	}
	return rs
}

func likert(rng *rand.Rand) float64     { return float64(1 + rng.IntN(5)) }
func continuous(rng *rand.Rand) float64 { return math.Round(rng.NormFloat64()*1000+50) / 100 }

// quantiles returns the bootstrap bounds of alphas the way Bootstrap
// defines them.
func quantiles(x []float64, level float64) (float64, float64) {
	s := slices.Clone(x)
	slices.Sort(s)
	tail := (1 - level) / 2
	return stats.Quantile(s, tail), stats.Quantile(s, 1-tail)
}
