package stats

import (
	"math"
	"strings"
	"testing"
)

func TestMomentsMatchRows(t *testing.T) {
	for _, x := range [][]float64{
		{1, 2, 3, 4, 5},
		{0.25, 0.5, 0.75, 1, 0, 0.125},
		{4, 4, 4, 5},
		{-3.5, 2, 7.25},
	} {
		m := MomentsOf(x)
		if got, want := m.Mean(), Mean(x); math.Abs(got-want) > 1e-12 {
			t.Errorf("%v: mean %v; want %v", x, got, want)
		}
		if got, want := m.StdDev(), StdDev(x); math.Abs(got-want) > 1e-12 {
			t.Errorf("%v: sd %v; want %v", x, got, want)
		}
	}
}

// TestTInterval checks the interval against a worked example: 1..5 has mean
// 3 and s = √2.5; t(0.975, 4) = 2.776445105 (tables), so the 95% interval
// is 3 ± 2.776445105·√2.5/√5 = 3 ± 1.963243161.
func TestTInterval(t *testing.T) {
	lo, hi, ok := MomentsOf([]float64{1, 2, 3, 4, 5}).TInterval(0.95)
	if !ok || math.Abs(lo-(3-1.963243161)) > 1e-8 || math.Abs(hi-(3+1.963243161)) > 1e-8 {
		t.Errorf("interval [%v, %v], %v; want 3 ± 1.963243161", lo, hi, ok)
	}
	if _, _, ok := (Moments{N: 1, Sum: 2, SumSq: 4}).TInterval(0.95); ok {
		t.Error("an interval from one value")
	}
}

func TestMomentsCheck(t *testing.T) {
	for _, tt := range []struct {
		m    Moments
		want string
	}{
		{Moments{N: 0, Sum: 1}, "count 0"},
		{Moments{N: -1}, "non-negative"},
		{Moments{N: 1.5, Sum: 1, SumSq: 1}, "whole"},
		{Moments{N: 2, Sum: 4, SumSq: 7}, "negative"}, // 7 < 16/2
		{Moments{N: 2, Sum: 1, SumSq: -1}, "negative"},
	} {
		if err := tt.m.Check(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: %v; want an error with %q", tt.m, err, tt.want)
		}
	}
	for _, m := range []Moments{{}, {N: 2, Sum: 4, SumSq: 8}, MomentsOf([]float64{0.1, 0.2, 0.3})} {
		if err := m.Check(); err != nil {
			t.Errorf("%+v: %v", m, err)
		}
	}
}

// TestTTest checks the paired t test against a worked example: the
// differences 1, 2, 3, 4, 5 have t = 3/(√2.5/√5) = 4.242641 on 4 degrees of
// freedom, and for 4 degrees of freedom the t distribution's survival has
// the closed form S(t) = 1/2 - t(t²+6)/(2(t²+4)^{3/2}), so p = 2S(t) =
// 0.0132355995636828.
func TestTTest(t *testing.T) {
	p, ok := MomentsOf([]float64{1, 2, 3, 4, 5}).TTest()
	if !ok || math.Abs(p-0.0132355995636828) > 1e-12 {
		t.Errorf("p = %v, %v; want 0.0132355995636828", p, ok)
	}
	if _, ok := MomentsOf([]float64{2, 2, 2}).TTest(); ok {
		t.Error("a test of constant differences")
	}
}
