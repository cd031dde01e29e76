package cputime

import (
	"testing"
	"time"
)

// TestReportPerOp checks the metric ReportPerOp gives a benchmark: the
// CPU time over the operations, in milliseconds, and none for a CPU time
// that could not be measured.
func TestReportPerOp(t *testing.T) {
	for _, c := range []struct {
		cpu  time.Duration
		n    int
		want float64 // 0: no metric
	}{
		{3 * time.Millisecond, 2, 1.5},
		{1500 * time.Microsecond, 1, 1.5},
		{0, 4, 0},
		{time.Millisecond, 0, 0},
	} {
		r := testing.Benchmark(func(b *testing.B) { ReportPerOp(b, c.cpu, c.n) })
		got, ok := r.Extra["cpu-ms/op"]
		if ok != (c.want != 0) || got != c.want {
			t.Errorf("ReportPerOp(%v, %d): cpu-ms/op %v (reported %t); want %v", c.cpu, c.n, got, ok, c.want)
		}
	}
}
