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

// PairDots sets dst0[j] and dst1[j] to the dot products of x0 and of x1
// with row j of a, the len(x0) values a[j*stride : j*stride+len(x0)],
// for every j < len(dst0), each summed as gonum's amd64 Gemv (blas64.Gemv
// with NoTrans, its GemvN assembly) sums a row in a block of four, bit
// for bit: two running sums, of the products at even and at odd
// positions of the largest even prefix, added together, then the last
// product when the length is odd. It takes up to eight rows and both x's
// in one pass, with AVX2. It reports false, and does nothing, where that
// is not available (no AVX2, gonum without its assembly, the purego tag):
// the caller then calls Gemv itself. A resampling test's products are
// such sums of each metric's values (a) with two resamples' weights (x0,
// x1).
func PairDots(dst0, dst1, a []float64, stride int, x0, x1 []float64) bool {
	return pairDots(dst0, dst1, a, stride, x0, x1, false)
}

// PairDotsPlain is PairDots with each sum added up as a plain Go loop
// with two running sums does it,
//
//	for ; i+2 <= n; i += 2 { s0 += x[i] * y[i]; s1 += x[i+1] * y[i+1] }
//	if i < n { s0 += x[i] * y[i] }
//	sum := s0 + s1
//
// bit for bit: the last product of an odd length is added to the sum of
// the even positions before the odd positions' sum, not after.
func PairDotsPlain(dst0, dst1, a []float64, stride int, x0, x1 []float64) bool {
	return pairDots(dst0, dst1, a, stride, x0, x1, true)
}

// pairDots is PairDots (lastEven false) and PairDotsPlain (true). The
// running sums of a row do not depend on which other rows share its pass,
// so the rows go eight to a pass, the last pass taking the rest.
func pairDots(dst0, dst1, a []float64, stride int, x0, x1 []float64, lastEven bool) bool {
	if !dotsFour || !dotsAVX2 {
		return false
	}
	m, n := len(dst0), len(x0)
	if len(dst1) != m || len(x1) != n {
		panic("stats: PairDots lengths differ")
	}
	if m == 0 {
		return true
	}
	if len(a) < (m-1)*stride+n || (m > 1 && stride < n) {
		panic("stats: PairDots rows out of range")
	}
	n2 := n &^ 1
	var out [32]float64
	for lo := 0; lo < m; lo += 8 {
		k := min(8, m-lo)
		pairDotsNAVX2(a[lo*stride:], stride, x0[:n2], x1[:n2], k, &out)
		d0, d1 := dst0[lo:lo+k], dst1[lo:lo+k]
		if n2 == n {
			for r := range d0 {
				d0[r], d1[r] = out[4*r]+out[4*r+1], out[4*r+2]+out[4*r+3]
			}
			continue
		}
		// The last product of an odd length, added where the loop
		// adds it.
		y0, y1, rows := x0[n2], x1[n2], a[lo*stride+n2:]
		for r := range d0 {
			e0, o0, e1, o1 := out[4*r], out[4*r+1], out[4*r+2], out[4*r+3]
			last := rows[r*stride]
			if lastEven {
				d0[r] = (e0 + float64(last*y0)) + o0
				d1[r] = (e1 + float64(last*y1)) + o1
			} else {
				d0[r] = (e0 + o0) + float64(last*y0)
				d1[r] = (e1 + o1) + float64(last*y1)
			}
		}
	}
	return true
}
