package agreement

// maxPairValues is the most distinct values for which a resample's alpha
// is taken from its coincidence matrix (see resampler): the matrix has
// V^2 entries, and a profile with d values has d(d-1)/2 pairs.
const maxPairValues = 16

// resampler computes alpha at the nominal, ordinal and ratio levels for
// profile weights w (a bootstrap resample's counts) from the coincidence
// matrix, which is linear in the weights:
//
//	n_c  = sum_p w_p n_pc
//	o_ck = sum_p w_p n_pc n_pk / (m_p - 1)   (c != k)
//
// so each resample costs one pass, without a branch, over a flat list of
// the profiles' (value, count) entries and pairs of distinct values, then O(V^2) for the disagreements: sum_ck o_ck d_ck = 2 sum_{c<k}
// o_ck d_ck. The interval level, whose per-profile sums already make alpha
// O(P), and data with more than maxPairValues values take Reliability.alpha.
// The figures equal Reliability.alpha's up to rounding; the point estimate
// (Alpha) is always Reliability.alpha's.
type resampler struct {
	r *Reliability
	s scratch

	// Term t adds w[t.prof] * t.coef to acc[t.at]: acc[c] is n_c, and
	// acc[V + c*V + k] is o_ck for c < k.
	terms []term
	acc   []float64
}

// term is one profile's contribution to a marginal or a coincidence.
type term struct {
	prof, at int32
	coef     float64
}

// newResampler returns a resampler of r, or nil when r has more than
// maxPairValues values.
func (r *Reliability) newResampler() *resampler {
	V := len(r.values)
	if V > maxPairValues {
		return nil
	}
	nt := 0
	for p := range r.m {
		d := int(r.start[p+1] - r.start[p])
		nt += d * (d + 1) / 2
	}
	z := &resampler{r: r, s: r.newScratch(), acc: make([]float64, V+V*V), terms: make([]term, 0, nt)}
	for p := range r.m {
		val, cnt, m := r.profile(p)
		for i, c := range val {
			z.terms = append(z.terms, term{int32(p), c, cnt[i]})
			for j := i + 1; j < len(val); j++ { // val ascends: c < val[j]
				at := int32(V) + c*int32(V) + val[j]
				z.terms = append(z.terms, term{int32(p), at, cnt[i] * cnt[j] / (m - 1)})
			}
		}
	}
	return z
}

// alpha returns alpha at level l for the data in which profile p occurs
// w[p] times, as Reliability.alpha does. It does not allocate.
func (z *resampler) alpha(l Level, w []float64) (float64, bool) {
	r := z.r
	if l == Interval || l < Nominal || l > Ratio {
		return r.alpha(l, w, &z.s)
	}
	acc := z.acc
	clear(acc)
	for _, t := range z.terms {
		acc[t.at] += w[t.prof] * t.coef
	}
	V := len(r.values)
	nc, o := acc[:V], acc[V:]
	var n float64
	for _, c := range nc {
		n += c
	}
	var do, de float64
	switch l {
	case Nominal:
		de = n * n
		for c, a := range nc {
			de -= a * a
			for k := c + 1; k < V; k++ {
				do += o[c*V+k]
			}
		}
	case Ordinal:
		g := z.s.g
		midRanks(g, nc)
		for c := range V {
			for k := c + 1; k < V; k++ {
				d := g[c] - g[k]
				do += o[c*V+k] * d * d
			}
		}
		de = 2 * n * centredSquares(g, nc, n)
	case Ratio:
		x := r.values
		for c := range V {
			for k := c + 1; k < V; k++ {
				do += o[c*V+k] * ratioD(x[c], x[k])
			}
		}
		de = r.ratioExpected(nc)
	}
	if n < 2 || !(de > 0) {
		return 0, false
	}
	return 1 - (n-1)*2*do/de, true
}
