package agreement

import (
	"math"

	"github.com/evalbook/evalbook/internal/stats"
)

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
// the profiles' (value, count) entries and pairs of distinct values, then
// O(V^2) for the disagreements: sum_ck o_ck d_ck = 2 sum_{c<k} o_ck d_ck.
// The interval level, whose per-profile sums already make alpha O(P), and
// data with more than maxPairValues values take Reliability.alpha. The
// figures equal Reliability.alpha's up to rounding; the point estimate
// (Alpha) is always Reliability.alpha's.
//
// When the terms are small integers, or multiples of one power of two (see
// pack), the pass can be made as the resample is drawn: each unit's terms
// packed into the lanes of a stats.Row, and a resample's sums added up in
// those lanes by a stats.RowDrawer, exactly.
type resampler struct {
	r *Reliability
	s scratch

	// Term t adds w[t.prof] * t.coef to acc[t.at]: acc holds one slot
	// (slotOf) per marginal n_c, then one per o_ck, c < k, row by row.
	terms []term
	acc   []float64

	// The same terms packed as integers, when that is exact (see pack):
	// rows[p] holds profile p's terms in lanes of lane bits, one lane per
	// slot, the marginals as they are and the coincidences times 2^E, so
	// that the lanes of a resample's sum of rows are its n_c and its o_ck
	// times 2^E. rows is nil otherwise.
	rows  []stats.Row
	lane  uint
	scale float64 // 2^-E, of the coincidences' lanes
	// exact: every figure of finish's nominal and ordinal sums is an
	// integer, or half one, below 2^53 in its units (see pack), so that
	// finishPacked can take them in integers.
	exact bool
	// pairs lists the values (c, k), c < k, of the coincidence slots in
	// order: slot V+i is o_ck of pairs[i].
	pairs [][2]uint8
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
	z := &resampler{r: r, s: r.newScratch(), acc: make([]float64, V*(V+1)/2), terms: make([]term, 0, nt)}
	for p := range r.m {
		val, cnt, m := r.profile(p)
		for i, c := range val {
			z.terms = append(z.terms, term{int32(p), c, cnt[i]})
			for j := i + 1; j < len(val); j++ { // val ascends: c < val[j]
				at := int32(slotOf(V, int(c), int(val[j])))
				z.terms = append(z.terms, term{int32(p), at, cnt[i] * cnt[j] / (m - 1)})
			}
		}
	}
	for c := range V {
		for k := c + 1; k < V; k++ {
			z.pairs = append(z.pairs, [2]uint8{uint8(c), uint8(k)})
		}
	}
	z.pack()
	return z
}

// slotOf returns the slot of o_ck, c < k, among V values: after the V
// marginals, the pairs row by row.
func slotOf(V, c, k int) int {
	return V + c*V - c*(c+1)/2 + k - c - 1
}

// maxScale is the largest E for which pack tries terms of the form k/2^E.
const maxScale = 30

// pack sets rows when every marginal term n_pc is an integer and every
// coincidence term's coefficient is k/2^E for integers k and E <=
// maxScale, and the largest sum of a lane over a resample, U (the pairable
// units) times the largest integer in the lane, fits it in a stats.Row's
// two words: 8 bits with at most 16 slots (five values: a few dozen units),
// 16 bits with at most 8 (three values) or 32 with at most 4 (two). Then
// every product w_p coef and
// every partial sum of alpha's pass is a multiple of 2^-E (of 1 for a
// marginal) below 2^32 of them, so exact in a float64: acc is the exact
// sum in any order, and the integer lanes of a sum of rows, the
// coincidences' times 2^-E, are acc bit for bit. For the ratings of most
// scales (integer counts over m - 1 = 1, 2, 4 or 8: units of 2, 3, 5 or 9
// ratings) this holds; with, say, 4 ratings a unit (thirds) it does not,
// and rows stays nil.
func (z *resampler) pack() {
	V := len(z.r.values)
	slots := len(z.acc)
	E := 0
	for _, t := range z.terms {
		if int(t.at) < V {
			if t.coef != math.Trunc(t.coef) {
				return
			}
			continue
		}
		for x := math.Ldexp(t.coef, E); x != math.Trunc(x); x = math.Ldexp(t.coef, E) {
			if E++; E > maxScale {
				return
			}
		}
	}
	var top float64
	for _, t := range z.terms {
		top = max(top, z.integer(t, E))
	}
	bound := float64(len(z.r.unitProfile)) * top
	switch {
	case slots <= 16 && bound < 1<<8:
		z.lane = 8
	case slots <= 8 && bound < 1<<16:
		z.lane = 16
	case slots <= 4 && bound < 1<<32:
		z.lane = 32
	default:
		return
	}
	per := 64 / int(z.lane)
	z.rows = make([]stats.Row, len(z.r.m))
	for _, t := range z.terms {
		s := int(t.at)
		z.rows[t.prof][s/per] |= uint64(z.integer(t, E)) << (uint(s%per) * z.lane)
	}
	z.scale = math.Ldexp(1, -E)
	// A resample has n = sum_c n_c <= U max m_p pairable values. Nominal:
	// n^2 and the n_c^2 are below 2^53. Ordinal: the mid-ranks are
	// halves of integers G_c <= 2n, and o_ck (G_c - G_k)^2 / 4 is below
	// 2^lane 2^-E (2n)^2 / 4, its integer (times 2^(E+2)) below
	// 2^lane (2n)^2, and at most 16 of them are summed.
	var mMax float64
	for _, m := range z.r.m {
		mMax = max(mMax, m)
	}
	nMax := float64(len(z.r.unitProfile)) * mMax
	z.exact = nMax*nMax < 1<<53 && math.Ldexp(4*nMax*nMax, int(z.lane)+4) < 1<<53
}

// integer returns term t's integer in its lane: the count n_pc of a
// marginal, a coincidence's coefficient times 2^E.
func (z *resampler) integer(t term, E int) float64 {
	if int(t.at) < len(z.r.values) {
		return t.coef
	}
	return math.Ldexp(t.coef, E)
}

// unpack sets acc from the lanes of a sum of rows (see pack): what the
// pass of alpha sets it to for the resample's weights, bit for bit.
func (z *resampler) unpack(sum *stats.Row) {
	acc, V, lane, scale := z.acc, len(z.r.values), z.lane, z.scale
	per, mask := int(64/lane), uint64(1)<<lane-1
	s := 0
	for _, x := range sum {
		for j := 0; j < per && s < len(acc); j++ {
			acc[s] = float64(int64(x & mask)) // below 2^32
			x >>= lane
			s++
		}
	}
	for s := V; s < len(acc); s++ {
		acc[s] *= scale
	}
}

// finishPacked returns alpha at level l, nominal or ordinal, of the
// resample whose sum of rows is sum, when z.exact: finish's figures bit
// for bit, its exact sums taken in integers (the lanes, and twice the
// mid-ranks) and only the inexact ones in floating point, in finish's
// order: the ordinal mean and centred squares, and the last division.
//
// It runs once per resample, so its loops have trip counts fixed by the
// data (the same for every resample, which a branch predictor learns): the
// lanes are read by constant shifts (lanesOf), and the ordinal
// disagreements run down z.pairs, not a triangle of loops. The integer
// sums are exact (z.exact), so their order does not matter.
func (z *resampler) finishPacked(l Level, sum *stats.Row) (float64, bool) {
	var lanes, G [16]int64 // the slots; twice the mid-ranks
	lanesOf(&lanes, sum, z.lane)
	V := len(z.r.values)
	nc, o := lanes[:V], lanes[V:len(z.acc)]
	var n, do, de float64
	switch l {
	case Nominal:
		var ni int64
		for _, c := range nc {
			ni += c
		}
		n = float64(ni)
		sq, oi := ni*ni, int64(0)
		for _, c := range nc {
			sq -= c * c
		}
		for _, v := range o {
			oi += v
		}
		de, do = float64(sq), float64(oi)*z.scale
	case Ordinal:
		var below, si int64
		for c, v := range nc {
			g := 2*below + v
			G[c] = g
			below += v
			si += v * g
		}
		n = float64(below)
		var oi int64
		o = o[:len(z.pairs)]
		for i, p := range z.pairs {
			d := G[p[0]&15] - G[p[1]&15]
			oi += o[i] * d * d
		}
		do = float64(oi) * z.scale * 0.25
		// centredSquares(g, nc, n): its first sum is si/2, exact.
		mean := float64(si) * 0.5 / n
		var ss float64
		for c, v := range nc {
			d := float64(G[c])*0.5 - mean
			ss += float64(v) * d * d
		}
		de = 2 * n * ss
	default:
		panic("agreement: finishPacked of a level other than nominal or ordinal")
	}
	if n < 2 || !(de > 0) {
		return 0, false
	}
	return 1 - (n-1)*2*do/de, true
}

// lanesOf sets lanes to the lanes of lane bits (8, 16 or 32) of the two
// words of sum, low lanes first: 16, 8 or 4 of them.
func lanesOf(lanes *[16]int64, sum *stats.Row, lane uint) {
	switch lane {
	case 8:
		for w, x := range sum {
			l := (*[8]int64)(lanes[8*w : 8*w+8])
			l[0], l[1], l[2], l[3] = int64(x&0xff), int64(x>>8&0xff), int64(x>>16&0xff), int64(x>>24&0xff)
			l[4], l[5], l[6], l[7] = int64(x>>32&0xff), int64(x>>40&0xff), int64(x>>48&0xff), int64(x>>56)
		}
	case 16:
		for w, x := range sum {
			l := (*[4]int64)(lanes[4*w : 4*w+4])
			l[0], l[1], l[2], l[3] = int64(x&0xffff), int64(x>>16&0xffff), int64(x>>32&0xffff), int64(x>>48)
		}
	case 32:
		lanes[0], lanes[1] = int64(sum[0]&0xffffffff), int64(sum[0]>>32)
		lanes[2], lanes[3] = int64(sum[1]&0xffffffff), int64(sum[1]>>32)
	default:
		panic("agreement: lanes of other than 8, 16 or 32 bits")
	}
}

// alpha returns alpha at level l for the data in which profile p occurs
// w[p] times, as Reliability.alpha does. It does not allocate.
func (z *resampler) alpha(l Level, w []float64) (float64, bool) {
	if l == Interval || l < Nominal || l > Ratio {
		return z.r.alpha(l, w, &z.s)
	}
	acc := z.acc
	clear(acc)
	for _, t := range z.terms {
		acc[t.at] += w[t.prof] * t.coef
	}
	return z.finish(l)
}

// finish returns alpha at level l (nominal, ordinal or ratio) from acc, the
// marginals and coincidences of a resample.
func (z *resampler) finish(l Level) (float64, bool) {
	r := z.r
	V := len(r.values)
	nc, o := z.acc[:V], z.acc[V:]
	var n float64
	for _, c := range nc {
		n += c
	}
	var do, de float64
	switch l {
	case Nominal:
		de = n * n
		i := 0
		for c, a := range nc {
			de -= a * a
			for k := c + 1; k < V; k++ {
				do += o[i]
				i++
			}
		}
	case Ordinal:
		g := z.s.g
		midRanks(g, nc)
		i := 0
		for c := range V {
			for k := c + 1; k < V; k++ {
				d := g[c] - g[k]
				do += o[i] * d * d
				i++
			}
		}
		de = 2 * n * centredSquares(g, nc, n)
	case Ratio:
		x := r.values
		i := 0
		for c := range V {
			for k := c + 1; k < V; k++ {
				do += o[i] * ratioD(x[c], x[k])
				i++
			}
		}
		de = r.ratioExpected(nc)
	}
	if n < 2 || !(de > 0) {
		return 0, false
	}
	return 1 - (n-1)*2*do/de, true
}
