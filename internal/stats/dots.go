package stats

import "gonum.org/v1/gonum/floats"

// Dots adds to dst[q] the dot product of x with row q of w, the len(x)
// values w[q*stride : q*stride+len(x)], for every q < len(dst): what
//
//	dst[q] += floats.Dot(w[q*stride:q*stride+len(x)], x)
//
// gives, bit for bit, but with AVX2 where the processor has it: eight (or
// four) rows per pass over x, each row's four running sums in one 256-bit
// register, so that x is loaded once for all of them and the rows' chains
// of additions are independent of each other (floats.Dot's SSE2 assembly
// keeps two chains, so it waits on the adder's latency; a plain Go loop
// with four scalar sums per row was slower still than floats.Dot). A
// bootstrap's inner loop is such products of resample weights (w) with a
// sample's values (x).
//
// The sums are added in the order of gonum's floats.Dot on this platform:
// on amd64 (gonum's assembly) four running sums, one for each position
// modulo 4, the 0 to 3 values after the last full group of four added to
// the first, and the four added as (s0+s2) + (s1+s3); elsewhere floats.Dot
// itself. Each product is rounded before it is added (no fused
// multiply-add), as there. Rows left over after the groups of four, and
// every row without AVX2 (or built with the purego tag), go through
// floats.Dot.
func Dots(dst, w []float64, stride int, x []float64) {
	n := len(x)
	if len(dst) == 0 {
		return
	}
	if len(w) < (len(dst)-1)*stride+n || (len(dst) > 1 && stride < n) {
		panic("stats: Dots rows out of range")
	}
	q := 0
	if dotsFour && dotsAVX2 && n >= 4 {
		var out [32]float64
		for q+4 <= len(dst) {
			rows := 4
			if q+8 <= len(dst) {
				rows = 8
				dots8AVX2(w[q*stride:], stride, x, &out)
			} else {
				dots4AVX2(w[q*stride:], stride, x, (*[16]float64)(out[:16]))
			}
			for r := range rows {
				s0, s1, s2, s3 := out[4*r], out[4*r+1], out[4*r+2], out[4*r+3]
				a := w[(q+r)*stride : (q+r)*stride+n]
				for i := n &^ 3; i < n; i++ {
					s0 += float64(a[i] * x[i])
				}
				dst[q+r] += (s0 + s2) + (s1 + s3)
			}
			q += rows
		}
	}
	for ; q < len(dst); q++ {
		dst[q] += floats.Dot(w[q*stride:q*stride+n], x)
	}
}
