// Package cputime gives benchmarks the CPU time the process has used: a
// figure that other load on a shared machine disturbs less than wall time.
package cputime

import (
	"testing"
	"time"
)

// Process returns the CPU time (user and system) the process has used,
// or 0 where it cannot be measured (then report no CPU figure).
func Process() time.Duration { return process() }

// ReportPerOp reports cpu, the CPU time that n operations of benchmark b
// used, as b's metric cpu-ms/op (to the microsecond). It reports nothing
// when cpu is not positive (Process cannot measure it here) or n is 0.
func ReportPerOp(b *testing.B, cpu time.Duration, n int) {
	if cpu > 0 && n > 0 {
		b.ReportMetric(float64(cpu.Microseconds())/1e3/float64(n), "cpu-ms/op")
	}
}
