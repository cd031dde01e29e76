package chart

import (
	"math"
	"slices"
	"testing"
)

func TestDownsampleWorkedExample(t *testing.T) {
	// Worked by hand: with 8 points and n = 4 the buckets are indices 1-3
	// and 4-6. From the first, the spike at 3 spans the largest triangle
	// with point 0 and the next bucket's mean (5, 1/3): area 24 against
	// 4.67 and 0.67. From the second, with point 3 and the last point
	// (7, 0), index 4 spans 15 against 6 and 5.
	y := []float64{0, 1, 0, 5, 0, 1, 0, 0}
	if got, want := Downsample(y, 4), []int{0, 3, 4, 7}; !slices.Equal(got, want) {
		t.Errorf("Downsample = %v, want %v", got, want)
	}
}

func TestDownsampleShort(t *testing.T) {
	tests := []struct {
		n, max int
	}{{0, 500}, {1, 500}, {500, 500}, {10, 2}, {10, 0}}
	for _, tt := range tests {
		y := make([]float64, tt.n)
		got := Downsample(y, tt.max)
		if want := allIndices(tt.n); !slices.Equal(got, want) {
			t.Errorf("Downsample(%d values, %d) = %v, want every index", tt.n, tt.max, got)
		}
	}
}

func TestDownsampleProperties(t *testing.T) {
	for _, tt := range []struct{ n, max int }{{501, 500}, {1000, 500}, {2000, 500}, {100000, 500}, {10, 3}, {7, 5}} {
		y := make([]float64, tt.n)
		for i := range y {
			y[i] = math.Sin(float64(i)/17) + float64(i%5)/10
		}
		spike := tt.n / 3
		y[spike] = 100
		got := Downsample(y, tt.max)
		if len(got) != tt.max {
			t.Errorf("n=%d: %d indices, want %d", tt.n, len(got), tt.max)
		}
		if got[0] != 0 || got[len(got)-1] != tt.n-1 {
			t.Errorf("n=%d: first/last index %d, %d; want 0, %d", tt.n, got[0], got[len(got)-1], tt.n-1)
		}
		for i := 1; i < len(got); i++ {
			if got[i] <= got[i-1] {
				t.Fatalf("n=%d: indices not increasing at %d: %v", tt.n, i, got[i-1:i+1])
			}
		}
		if !slices.Contains(got, spike) {
			t.Errorf("n=%d: the spike at %d was dropped", tt.n, spike)
		}
	}
}

func TestDownsampleGaps(t *testing.T) {
	// 1000 points with a gap over a quarter of them: the gap must survive
	// as NaN points, and no point outside it is NaN.
	y := make([]float64, 1000)
	for i := range y {
		y[i] = float64(i % 10)
		if i >= 400 && i < 650 {
			y[i] = math.NaN()
		}
	}
	got := Downsample(y, 100)
	var gaps int
	for _, i := range got {
		if math.IsNaN(y[i]) {
			gaps++
			if i < 400 || i >= 650 {
				t.Errorf("index %d is NaN outside the gap", i)
			}
		}
	}
	if gaps == 0 {
		t.Error("the gap vanished")
	}
	// A bucket that mixes numbers and NaN keeps a number.
	y = []float64{1, math.NaN(), 5, math.NaN(), math.NaN(), 2, 3}
	got = Downsample(y, 4)
	for _, i := range got {
		if math.IsNaN(y[i]) {
			t.Errorf("Downsample(%v) kept NaN index %d: %v", y, i, got)
		}
	}
	// All NaN: still n indices, first and last kept.
	y = make([]float64, 50)
	for i := range y {
		y[i] = math.NaN()
	}
	if got := Downsample(y, 10); len(got) != 10 || got[0] != 0 || got[9] != 49 {
		t.Errorf("all NaN: %v", got)
	}
}

func BenchmarkDownsample(b *testing.B) {
	y := make([]float64, 100000)
	for i := range y {
		y[i] = math.Sin(float64(i) / 100)
	}
	b.ReportAllocs()
	for b.Loop() {
		Downsample(y, MaxPoints)
	}
}
