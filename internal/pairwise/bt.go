package pairwise

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/evalbook/evalbook/internal/stats"
)

// EloScale converts a log-strength difference to Elo points: a system
// EloScale·(θ_i - θ_j) points above another wins with probability
// 1 / (1 + 10^(-(R_i - R_j)/400)) = σ(θ_i - θ_j), the scale of chess
// ratings and of arena leaderboards.
const EloScale = 400 / math.Ln10

// EloBase is the Elo rating of a system of average strength (θ = 0).
const EloBase = 1000

// Elo returns the Elo-like rating EloBase + EloScale·θ of a log-strength.
func Elo(theta float64) float64 { return EloBase + EloScale*theta }

// BTOptions configures BradleyTerry. Zero fields take the defaults named.
type BTOptions struct {
	Level     float64 // level of the intervals and rank ranges; 0.95
	Resamples int     // bootstrap resamples; 1000; negative for none
	Seed      uint64  // the bootstrap's seed, typically from stats.Seed
	// Ridge is λ ≥ 0 of the penalty (λ/2) Σ θ_i², a Gaussian prior
	// N(0, 1/λ) on the log-strengths. 0 (the default) is the plain
	// maximum-likelihood fit.
	Ridge float64
}

func (o BTOptions) withDefaults() BTOptions {
	if o.Level == 0 {
		o.Level = 0.95
	}
	if o.Resamples == 0 {
		o.Resamples = 1000
	}
	if !(o.Level > 0 && o.Level < 1) {
		panic("pairwise: confidence level outside (0, 1)")
	}
	if !(o.Ridge >= 0) || math.IsInf(o.Ridge, 0) {
		panic("pairwise: ridge penalty must be a finite number ≥ 0")
	}
	return o
}

// Strength is one system's Bradley-Terry strength.
type Strength struct {
	System    int `json:"system"`
	Component int `json:"component"`  // index into BT.Components
	N         int `json:"judgements"` // judgements the system took part in
	// Strength is the log-strength θ (natural log-odds scale), centred to
	// sum zero over the component; NaN when the component has no finite
	// maximum-likelihood fit. Elo(Strength) gives the Elo-like scale.
	Strength float64 `json:"strength"`
	CILow    float64 `json:"ci_low"`    // percentile bootstrap interval of θ; NaN when undefined
	CIHigh   float64 `json:"ci_high"`   //
	Rank     int     `json:"rank"`      // within the component: 1 + systems with a larger θ; 0 when undefined
	RankLow  int     `json:"rank_low"`  // bootstrap rank range within the component; 0 when undefined
	RankHigh int     `json:"rank_high"` //
}

// Component is a connected component of the comparison graph: systems
// linked by chains of head-to-head judgements. Strengths are comparable
// only within a component.
type Component struct {
	Systems []int `json:"systems"` // ascending
	// Finite is true when the component has a finite fit: with Ridge > 0
	// always; with Ridge 0 when its comparisons form a strongly connected
	// graph (see the package documentation), else its strengths are NaN.
	Finite bool `json:"finite"`
	// Resamples is the number of bootstrap resamples behind the intervals,
	// after Skipped resamples in which the component had no finite fit.
	Resamples int `json:"resamples"`
	Skipped   int `json:"skipped"`
}

// BT is a Bradley-Terry fit.
type BT struct {
	// Strengths holds the systems that took part in some judgement, by
	// component and, within one, by rank (ties by system index).
	Strengths  []Strength
	Components []Component
}

// Get returns the strength of system s, and false when s was never
// judged.
func (bt *BT) Get(s int) (Strength, bool) {
	for _, x := range bt.Strengths {
		if x.System == s {
			return x, true
		}
	}
	return Strength{}, false
}

// BradleyTerry fits Bradley-Terry strengths to the judgements by
// maximum likelihood, with bootstrap intervals and rank ranges over items
// (see the package documentation for the model, the fit and the
// bootstrap). It panics when a judgement is invalid or opt is.
func BradleyTerry(js []Judgement, opt BTOptions) *BT {
	mustValid(js)
	opt = opt.withDefaults()
	k := systems(js)
	agg := newAggregate(js, k)
	bt := &BT{}
	comps := agg.components()
	thetas := make([][]float64, len(comps))
	for c, sys := range comps {
		f := newFitter(sys, k)
		comp := Component{Systems: sys}
		theta := make([]float64, len(sys))
		if opt.Ridge > 0 || f.stronglyConnected(agg.s, agg.n) {
			comp.Finite = f.fit(theta, agg.s, agg.n, opt.Ridge)
		}
		if !comp.Finite {
			for i := range theta {
				theta[i] = math.NaN()
			}
		}
		thetas[c] = theta
		bt.Components = append(bt.Components, comp)
	}
	var boot *bootResult
	if opt.Resamples > 0 {
		boot = agg.bootstrap(comps, thetas, bt.Components, opt)
	}
	for c, sys := range comps {
		theta := thetas[c]
		order := make([]int, len(sys))
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(theta[b], theta[a]) })
		for _, i := range order {
			s := sys[i]
			st := Strength{System: s, Component: c, N: agg.judged[s], Strength: theta[i],
				CILow: math.NaN(), CIHigh: math.NaN()}
			if bt.Components[c].Finite {
				st.Rank = 1 + greater(theta, theta[i])
			}
			if boot != nil && 2*bt.Components[c].Skipped < opt.Resamples && bt.Components[c].Finite {
				st.CILow, st.CIHigh = stats.PercentileInterval(boot.finite(s), opt.Level)
				tail := (1 - opt.Level) / 2
				st.RankLow, st.RankHigh = stats.RankQuantile(boot.ranks[s], tail), stats.RankQuantile(boot.ranks[s], 1-tail)
			}
			bt.Strengths = append(bt.Strengths, st)
		}
	}
	return bt
}

func greater(x []float64, v float64) int {
	c := 0
	for _, y := range x {
		if y > v {
			c++
		}
	}
	return c
}

// aggregate holds the judgements summed per pair of systems and laid out
// per item for the bootstrap.
type aggregate struct {
	k      int
	s, n   []float64 // per pair: the higher-indexed system's score, judgements
	judged []int     // per system: judgements it took part in
	// Per item (dense, in order of first appearance), its judgements'
	// pairs and scores of the higher-indexed system: entries
	// off[u]..off[u+1] of pair and score.
	off   []int32
	pair  []int32
	score []float64
}

func newAggregate(js []Judgement, k int) *aggregate {
	np := max(0, k*(k-1)/2)
	a := &aggregate{k: k, s: make([]float64, np), n: make([]float64, np), judged: make([]int, k)}
	dense := map[int32]int32{}
	for _, j := range js {
		if _, ok := dense[j.Item]; !ok {
			dense[j.Item] = int32(len(dense))
		}
	}
	a.off = make([]int32, len(dense)+1)
	for _, j := range js {
		a.off[dense[j.Item]+1]++
	}
	for u := range len(dense) {
		a.off[u+1] += a.off[u]
	}
	next := slices.Clone(a.off[:len(dense)])
	a.pair = make([]int32, len(js))
	a.score = make([]float64, len(js))
	for _, j := range js {
		lo, hi, sc := canonical(j)
		p := pairIndex(lo, hi, k)
		a.s[p] += sc
		a.n[p]++
		a.judged[lo]++
		a.judged[hi]++
		u := dense[j.Item]
		a.pair[next[u]], a.score[next[u]] = int32(p), sc
		next[u]++
	}
	return a
}

// components returns the connected components of the systems judged, each
// ascending, in order of their smallest system.
func (a *aggregate) components() [][]int {
	parent := make([]int, a.k)
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for lo := range a.k {
		for hi := lo + 1; hi < a.k; hi++ {
			if a.n[pairIndex(lo, hi, a.k)] > 0 {
				parent[find(hi)] = find(lo)
			}
		}
	}
	byRoot := map[int]int{}
	var comps [][]int
	for s := range a.k {
		if a.judged[s] == 0 {
			continue
		}
		r := find(s)
		c, ok := byRoot[r]
		if !ok {
			c = len(comps)
			byRoot[r] = c
			comps = append(comps, nil)
		}
		comps[c] = append(comps[c], s)
	}
	return comps
}

// fitter fits the strengths of one component: m systems, the pairs among
// them, and working space for Newton's method.
type fitter struct {
	sys            []int
	lo, hi, global []int32 // per local pair: local indexes and the global pair index
	g, d, a, next  []float64
	queue          []int
	seen           []bool
}

func newFitter(sys []int, k int) *fitter {
	m := len(sys)
	f := &fitter{sys: sys, g: make([]float64, m), d: make([]float64, m), a: make([]float64, m*m), next: make([]float64, m),
		queue: make([]int, 0, m), seen: make([]bool, m)}
	for i := range m {
		for j := i + 1; j < m; j++ {
			f.lo = append(f.lo, int32(i))
			f.hi = append(f.hi, int32(j))
			f.global = append(f.global, int32(pairIndex(sys[i], sys[j], k)))
		}
	}
	return f
}

// stronglyConnected reports whether every system of the component can be
// reached from every other along "beat" edges (i → j when i scored more
// than nothing against j): the condition for a finite maximum-likelihood
// fit (Ford, 1957; Hunter, 2004, Assumption 1).
func (f *fitter) stronglyConnected(s, n []float64) bool {
	m := len(f.sys)
	if m < 2 {
		return true
	}
	for _, forward := range []bool{true, false} {
		clear(f.seen)
		f.queue = append(f.queue[:0], 0)
		f.seen[0] = true
		reached := 1
		for len(f.queue) > 0 {
			x := f.queue[len(f.queue)-1]
			f.queue = f.queue[:len(f.queue)-1]
			for q, p := range f.global {
				lo, hi := int(f.lo[q]), int(f.hi[q])
				if lo != x && hi != x || n[p] == 0 {
					continue
				}
				// Forward: x beat y; backward: y beat x.
				y, xBeatY, yBeatX := hi, n[p]-s[p] > 0, s[p] > 0
				if x == hi {
					y, xBeatY, yBeatX = lo, yBeatX, xBeatY
				}
				edge := xBeatY
				if !forward {
					edge = yBeatX
				}
				if edge && !f.seen[y] {
					f.seen[y] = true
					reached++
					f.queue = append(f.queue, y)
				}
			}
		}
		if reached < m {
			return false
		}
	}
	return true
}

// loglik returns the penalised log-likelihood of theta.
func (f *fitter) loglik(theta, s, n []float64, ridge float64) float64 {
	var l float64
	for q, p := range f.global {
		if n[p] == 0 {
			continue
		}
		a, b := theta[f.lo[q]], theta[f.hi[q]]
		l += s[p]*b + (n[p]-s[p])*a - n[p]*logSumExp(a, b)
	}
	for _, t := range theta {
		l -= ridge / 2 * t * t
	}
	return l
}

func logSumExp(a, b float64) float64 {
	m := max(a, b)
	return m + math.Log1p(math.Exp(-math.Abs(a-b)))
}

// fit maximises the penalised log-likelihood by Newton's method from
// theta, which it overwrites with the maximum (centred to sum zero). It
// returns false when it did not converge in maxIter steps.
func (f *fitter) fit(theta, s, n []float64, ridge float64) bool {
	m := len(theta)
	if m == 1 {
		theta[0] = 0
		return true
	}
	centre(theta)
	const maxIter = 200
	l := f.loglik(theta, s, n, ridge)
	for range maxIter {
		// Gradient g and the matrix A = -H + λI + c 11ᵀ (see the package
		// documentation); c, the mean diagonal of -H, keeps A well scaled.
		clear(f.g)
		clear(f.a)
		for q, p := range f.global {
			if n[p] == 0 {
				continue
			}
			i, j := int(f.lo[q]), int(f.hi[q])
			pj := sigmoid(theta[j] - theta[i]) // P(hi beats lo)
			f.g[j] += s[p] - n[p]*pj
			f.g[i] -= s[p] - n[p]*pj
			v := n[p] * pj * (1 - pj)
			f.a[i*m+i] += v
			f.a[j*m+j] += v
			f.a[i*m+j] -= v
			f.a[j*m+i] -= v
		}
		var c float64
		for i := range m {
			f.g[i] -= ridge * theta[i]
			f.a[i*m+i] += ridge
			c += f.a[i*m+i]
		}
		c /= float64(m)
		if !(c > 0) {
			c = 1
		}
		for i := range f.a {
			f.a[i] += c
		}
		copy(f.d, f.g)
		if !cholSolve(f.a, f.d, m) {
			return false
		}
		dmax := 0.0
		for _, v := range f.d {
			dmax = max(dmax, math.Abs(v))
		}
		if dmax < 1e-12 {
			centre(theta)
			return true
		}
		// Step halving while the likelihood falls. Close to the maximum
		// (steps below 1e-6) Newton's step is taken whole: the change in
		// the likelihood is then below its rounding error.
		next, step := f.next, 1.0
		for range 60 {
			for i := range m {
				next[i] = theta[i] + step*f.d[i]
			}
			nl := f.loglik(next, s, n, ridge)
			if nl >= l || dmax < 1e-6 {
				l = nl
				break
			}
			step /= 2
		}
		copy(theta, next)
	}
	return false
}

func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

func centre(theta []float64) {
	var s float64
	for _, t := range theta {
		s += t
	}
	s /= float64(len(theta))
	for i := range theta {
		theta[i] -= s
	}
}

// cholSolve solves a x = b in place (b becomes x) for the symmetric
// positive definite m × m matrix a (row-major, overwritten by its Cholesky
// factor). It returns false when a is not positive definite.
func cholSolve(a, b []float64, m int) bool {
	for j := range m {
		d := a[j*m+j]
		for k := range j {
			d -= a[j*m+k] * a[j*m+k]
		}
		if !(d > 0) {
			return false
		}
		d = math.Sqrt(d)
		a[j*m+j] = d
		for i := j + 1; i < m; i++ {
			v := a[i*m+j]
			for k := range j {
				v -= a[i*m+k] * a[j*m+k]
			}
			a[i*m+j] = v / d
		}
	}
	for i := range m { // L y = b
		v := b[i]
		for k := range i {
			v -= a[i*m+k] * b[k]
		}
		b[i] = v / a[i*m+i]
	}
	for i := m - 1; i >= 0; i-- { // Lᵀ x = y
		v := b[i]
		for k := i + 1; k < m; k++ {
			v -= a[k*m+i] * b[k]
		}
		b[i] = v / a[i*m+i]
	}
	return true
}

// bootResult holds each system's bootstrap strengths (NaN in resamples
// skipped for its component) and rank counts.
type bootResult struct {
	theta [][]float64 // [system][resample]
	ranks [][]int     // [system][rank-1]
}

func (b *bootResult) finite(s int) []float64 {
	var out []float64
	for _, v := range b.theta[s] {
		if !math.IsNaN(v) {
			out = append(out, v)
		}
	}
	return out
}

// bootstrap refits every finite component on opt.Resamples resamples of
// the items, each drawn from its own stream stats.Seed(opt.Seed,
// "bradley-terry", b) so that the result does not depend on the number of
// workers. It sets the components' Resamples and Skipped.
func (a *aggregate) bootstrap(comps [][]int, thetas [][]float64, cs []Component, opt BTOptions) *bootResult {
	B := opt.Resamples
	res := &bootResult{theta: make([][]float64, a.k), ranks: make([][]int, a.k)}
	for c, sys := range comps {
		if !cs[c].Finite {
			continue
		}
		for _, s := range sys {
			res.theta[s] = make([]float64, B)
			res.ranks[s] = make([]int, len(sys))
		}
	}
	units := len(a.off) - 1
	if units == 0 {
		return res
	}
	skipped := make([][]bool, len(comps)) // [component][resample]
	rankOf := make([][]int32, a.k)        // [system][resample]
	for c, sys := range comps {
		skipped[c] = make([]bool, B)
		if cs[c].Finite {
			for _, s := range sys {
				rankOf[s] = make([]int32, B)
			}
		}
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), B) {
		wg.Go(func() {
			np := len(a.s)
			s, n := make([]float64, np), make([]float64, np)
			idx := make([]uint32, units)
			w := make([]uint32, units)
			fitters := make([]*fitter, len(comps))
			theta := make([][]float64, len(comps))
			for c, sys := range comps {
				fitters[c] = newFitter(sys, a.k)
				theta[c] = make([]float64, len(sys))
			}
			for {
				b := int(next.Add(1) - 1)
				if b >= B {
					return
				}
				d := stats.NewIndexDrawerSeed(stats.Seed(opt.Seed, "bradley-terry", strconv.Itoa(b)), units)
				d.Fill(idx)
				clear(w)
				for _, u := range idx {
					w[u]++
				}
				a.accumulate(w, s, n)
				for c, f := range fitters {
					if !cs[c].Finite {
						continue
					}
					t := theta[c]
					copy(t, thetas[c])
					ok := opt.Ridge > 0 || f.stronglyConnected(s, n)
					ok = ok && f.fit(t, s, n, opt.Ridge)
					for i, sy := range f.sys {
						if ok {
							res.theta[sy][b] = t[i]
							rankOf[sy][b] = int32(greater(t, t[i]))
						} else {
							res.theta[sy][b] = math.NaN()
						}
					}
					skipped[c][b] = !ok
				}
			}
		})
	}
	wg.Wait()
	for c, sys := range comps {
		if !cs[c].Finite {
			continue
		}
		for b := range B {
			if skipped[c][b] {
				cs[c].Skipped++
				continue
			}
			for _, s := range sys {
				res.ranks[s][rankOf[s][b]]++
			}
		}
		cs[c].Resamples = B - cs[c].Skipped
	}
	return res
}

// accumulate sets s and n to the per-pair sums of the resample in which
// item u is drawn w[u] times.
func (a *aggregate) accumulate(w []uint32, s, n []float64) {
	clear(s)
	clear(n)
	for u, c := range w {
		if c == 0 {
			continue
		}
		fw := float64(c)
		for e := a.off[u]; e < a.off[u+1]; e++ {
			p := a.pair[e]
			s[p] += fw * a.score[e]
			n[p] += fw
		}
	}
}
