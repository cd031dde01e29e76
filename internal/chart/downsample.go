package chart

import "math"

// MaxPoints is the most points a chart hands to ECharts per series. Longer
// series are downsampled first.
const MaxPoints = 500

// Downsample returns the indices of at most n points of y that keep its
// shape, in increasing order, by Largest-Triangle-Three-Buckets (Steinarsson
// 2013): the first and the last point are always kept, the points between
// are split into n-2 buckets of equal width, and from each bucket the point
// that spans the largest triangle with the point kept before it and the mean
// of the next bucket is kept.
//
// NaN values (gaps) are never chosen while a bucket has a number; a bucket
// of only NaN keeps its first index, so wide gaps survive and gaps narrower
// than a bucket may close. If len(y) <= n or n < 3, every index is returned.
func Downsample(y []float64, n int) []int {
	if len(y) <= n || n < 3 {
		return allIndices(len(y))
	}
	every := float64(len(y)-2) / float64(n-2)
	out := make([]int, 0, n)
	out = append(out, 0)
	a := 0
	for i := 0; i < n-2; i++ {
		lo := int(float64(i)*every) + 1
		hi := int(float64(i+1)*every) + 1
		nx, ny := bucketMean(y, hi, min(int(float64(i+2)*every)+1, len(y)))
		a = largestTriangle(y, lo, hi, a, nx, ny)
		out = append(out, a)
	}
	return append(out, len(y)-1)
}

// allIndices returns 0, 1, ..., n-1.
func allIndices(n int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return idx
}

// bucketMean returns the mean position and value of the numbers in
// y[lo:hi]; the value is NaN when there are none.
func bucketMean(y []float64, lo, hi int) (x, v float64) {
	var sx, sv float64
	var n int
	for j := lo; j < hi; j++ {
		if math.IsNaN(y[j]) {
			continue
		}
		sx += float64(j)
		sv += y[j]
		n++
	}
	if n == 0 {
		return float64(lo+hi-1) / 2, math.NaN()
	}
	return sx / float64(n), sv / float64(n)
}

// largestTriangle returns the index in [lo, hi) whose point spans the
// largest triangle with the point at a and (nx, ny). A NaN corner counts as
// the other known value, so gaps next to a bucket still let it choose.
func largestTriangle(y []float64, lo, hi, a int, nx, ny float64) int {
	ax, ay := float64(a), y[a]
	if math.IsNaN(ay) {
		ay = ny
	}
	if math.IsNaN(ny) {
		ny = ay
	}
	best, bestArea := lo, -1.0
	for j := lo; j < hi; j++ {
		if math.IsNaN(y[j]) {
			continue
		}
		by := y[j]
		ay, ny := orValue(ay, by), orValue(ny, by)
		area := math.Abs((ax-nx)*(by-ay) - (ax-float64(j))*(ny-ay))
		if area > bestArea {
			best, bestArea = j, area
		}
	}
	return best
}

// orValue returns v, or w when v is NaN.
func orValue(v, w float64) float64 {
	if math.IsNaN(v) {
		return w
	}
	return v
}

// pick returns v at the indices idx.
func pick[T any](v []T, idx []int) []T {
	if v == nil {
		return nil
	}
	out := make([]T, len(idx))
	for i, j := range idx {
		out[i] = v[j]
	}
	return out
}
