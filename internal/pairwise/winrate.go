package pairwise

import (
	"math"
	"slices"

	"github.com/evalbook/evalbook/internal/compare"
	"github.com/evalbook/evalbook/internal/stats"
	"gonum.org/v1/gonum/stat/distuv"
)

// Interval is a confidence interval; both ends are NaN when undefined.
type Interval = compare.Interval

// The interval methods of a Rate, in words fit for a page.
const (
	MethodWilson = "Wilson score"
	MethodT      = "Student t"
)

// Rate is a win rate: the mean of n scores in [0, 1] (1 a win, 0 a loss,
// 0.5 a tie, or a weighted judge's probability), with its standard error
// and interval (see Summarise).
type Rate struct {
	N             int      `json:"n"`
	Rate          float64  `json:"rate"`
	StandardError float64  `json:"standard_error"`
	CI            Interval `json:"ci"`
	Method        string   `json:"method"`
}

// Summarise returns the Rate of the scores x, each in [0, 1]:
//
//	rate = (1/n) Σ x_i,   se = s / √n,   s² = Σ (x_i - rate)² / (n - 1),
//
// the standard error of AlpacaEval (pandas' sem: the sample standard
// deviation with n - 1 over √n). se is NaN when n < 2.
//
// The interval depends on the scores:
//
//   - discrete scores (every x_i is 0, 0.5 or 1): Wilson's score interval
//     at p̂ = rate with n trials (see Wilson). A tie counts as half a win;
//     since a score in [0, 1] with mean p has variance at most p(1 - p)
//     (the Bhatia-Davis inequality), ties only make the interval
//     conservative. Wilson keeps its coverage at small n and does not
//     collapse to a point at 0 or n wins, where the Wald interval does
//     (Brown, Cai and DasGupta, "Interval estimation for a binomial
//     proportion", Statistical Science 16(2), 2001).
//   - weighted scores: the Student t interval rate ± t_{(1+level)/2, n-1} se,
//     clipped to [0, 1], which agrees with the published standard error; when
//     s = 0 or n = 1 it would be a point, and Wilson's interval takes its
//     place (conservative by the same inequality).
//
// Every figure is NaN when x is empty. It panics when level is outside
// (0, 1); scores outside [0, 1] are a programming error and are not checked.
func Summarise(x []float64, level float64) Rate {
	if !(level > 0 && level < 1) {
		panic("pairwise: confidence level outside (0, 1)")
	}
	n := len(x)
	r := Rate{N: n, Rate: math.NaN(), StandardError: math.NaN(), CI: nanInterval()}
	if n == 0 {
		return r
	}
	r.Rate = stats.Mean(x)
	sd := stats.StdDev(x)
	if n >= 2 {
		r.StandardError = sd / math.Sqrt(float64(n))
	}
	if !isDiscrete(x) && n >= 2 && sd > 0 {
		t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile((1 + level) / 2)
		r.CI = Interval{Low: max(0, r.Rate-t*r.StandardError), High: min(1, r.Rate+t*r.StandardError)}
		r.Method = MethodT
		return r
	}
	r.CI = Wilson(r.Rate, n, level)
	r.Method = MethodWilson
	return r
}

func isDiscrete(x []float64) bool {
	return !slices.ContainsFunc(x, func(v float64) bool { return v != 0 && v != 0.5 && v != 1 })
}

func nanInterval() Interval { return Interval{Low: math.NaN(), High: math.NaN()} }

// Wilson returns Wilson's score interval for a proportion p observed in n
// trials (Wilson, "Probable inference, the law of succession, and
// statistical inference", JASA 22, 1927):
//
//	(p + z²/2n ± z √(p(1-p)/n + z²/4n²)) / (1 + z²/n),
//
// with z the (1+level)/2 standard normal quantile. It is compare.Wilson
// for a proportion that need not be a whole number of successes over n,
// as when ties count half. Both ends are NaN when n is 0.
func Wilson(p float64, n int, level float64) Interval {
	if n == 0 || math.IsNaN(p) {
		return nanInterval()
	}
	z := distuv.UnitNormal.Quantile((1 + level) / 2)
	nf, z2 := float64(n), z*z
	centre := p + z2/(2*nf)
	half := z * math.Sqrt(max(0, p*(1-p))/nf+z2/(4*nf*nf))
	den := 1 + z2/nf
	lo, hi := (centre-half)/den, (centre+half)/den
	if p == 0 {
		lo = 0
	}
	if p == 1 {
		hi = 1
	}
	return Interval{Low: max(0, lo), High: min(1, hi)}
}

// WinRate is the head-to-head record of two systems, A < B by index, over
// the judgements that compared them (in either order).
type WinRate struct {
	A int `json:"system_a"`
	B int `json:"system_b"`
	// N is the number of judgements; WinsA, WinsB and Ties count them by
	// their discrete outcome (P < 0.5, P > 0.5, P = 0.5).
	N     int `json:"n"`
	WinsA int `json:"wins_a"`
	WinsB int `json:"wins_b"`
	Ties  int `json:"ties"`
	// Weighted is true when some judgement is a weighted probability, not
	// 0, 0.5 or 1.
	Weighted bool `json:"weighted"`
	// WinRateB is the mean of P, B's win rate with ties counted half (the
	// weighted win rate when Weighted), with its StandardError and CI
	// (Summarise; Method names the interval).
	WinRateB      float64  `json:"win_rate_b"`
	StandardError float64  `json:"standard_error"`
	CI            Interval `json:"ci"`
	Method        string   `json:"method"`
	// Discrete is B's discrete win rate (WinsB + Ties/2) / N, with the
	// standard error of the discrete scores and Wilson's interval. It
	// equals WinRateB when not Weighted.
	Discrete   float64  `json:"discrete_win_rate_b"`
	DiscreteSE float64  `json:"discrete_standard_error"`
	DiscreteCI Interval `json:"discrete_ci"`
}

// Flip returns w seen from the other side: A and B swapped, B's rates
// replaced by A's (1 - rate) and the intervals mirrored.
func (w WinRate) Flip() WinRate {
	w.A, w.B = w.B, w.A
	w.WinsA, w.WinsB = w.WinsB, w.WinsA
	w.WinRateB = 1 - w.WinRateB
	w.Discrete = 1 - w.Discrete
	w.CI = Interval{Low: 1 - w.CI.High, High: 1 - w.CI.Low}
	w.DiscreteCI = Interval{Low: 1 - w.DiscreteCI.High, High: 1 - w.DiscreteCI.Low}
	return w
}

// Matrix holds the win rates of every pair of systems judged head to
// head. A pair never judged has no record: Get reports it absent, and
// pages must show it as such, never as 50%.
type Matrix struct {
	K     int       // systems: one more than the largest index judged
	Rates []WinRate // judged pairs, A < B, in order of (A, B)
	at    []int32   // pairIndex -> position in Rates, or -1
}

// Get returns the record of b against a (WinRateB is b's win rate over
// a), and false when the two were never judged against each other.
func (m *Matrix) Get(a, b int) (WinRate, bool) {
	if a == b || a < 0 || b < 0 || a >= m.K || b >= m.K {
		return WinRate{}, false
	}
	lo, hi := min(a, b), max(a, b)
	p := m.at[pairIndex(lo, hi, m.K)]
	if p < 0 {
		return WinRate{}, false
	}
	w := m.Rates[p]
	if a > b {
		w = w.Flip()
	}
	return w, true
}

// WinRates returns the head-to-head win rates of every pair of systems
// judged against each other in js. Judgements of (B, A) count for the
// pair from A's side (P becomes 1 - P). The per-pair figures are those
// of Summarise on the scores of the higher-indexed system: P itself for
// WinRateB and the discrete scores 0, 0.5 and 1 for Discrete. It panics
// when a judgement is invalid (see Validate) or level is outside (0, 1).
func WinRates(js []Judgement, level float64) *Matrix {
	mustValid(js)
	k := systems(js)
	np := max(0, k*(k-1)/2)
	// Counting sort of the judgements by pair, scores of the higher index.
	count := make([]int32, np+1)
	for _, j := range js {
		lo, hi, _ := canonical(j)
		count[pairIndex(lo, hi, k)+1]++
	}
	for p := range np {
		count[p+1] += count[p]
	}
	scores := make([]float64, len(js))
	next := slices.Clone(count[:np])
	for _, j := range js {
		lo, hi, s := canonical(j)
		p := pairIndex(lo, hi, k)
		scores[next[p]] = s
		next[p]++
	}
	m := &Matrix{K: k, at: make([]int32, np)}
	disc := make([]float64, 0, 64)
	for a := range k {
		for b := a + 1; b < k; b++ {
			p := pairIndex(a, b, k)
			x := scores[count[p]:count[p+1]]
			if len(x) == 0 {
				m.at[p] = -1
				continue
			}
			m.at[p] = int32(len(m.Rates))
			m.Rates = append(m.Rates, pairRate(a, b, x, &disc, level))
		}
	}
	return m
}

func pairRate(a, b int, x []float64, disc *[]float64, level float64) WinRate {
	w := WinRate{A: a, B: b, N: len(x)}
	*disc = (*disc)[:0]
	for _, s := range x {
		switch discrete(s) {
		case -1:
			w.WinsA++
		case 1:
			w.WinsB++
		default:
			w.Ties++
		}
		if s != 0 && s != 0.5 && s != 1 {
			w.Weighted = true
		}
		*disc = append(*disc, discreteScore(s))
	}
	r := Summarise(x, level)
	w.WinRateB, w.StandardError, w.CI, w.Method = r.Rate, r.StandardError, r.CI, r.Method
	d := r
	if w.Weighted {
		d = Summarise(*disc, level)
	}
	w.DiscreteSE, w.DiscreteCI = d.StandardError, d.CI
	w.Discrete = (float64(w.WinsB) + float64(w.Ties)/2) / float64(w.N)
	return w
}
