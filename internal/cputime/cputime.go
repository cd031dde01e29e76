// Package cputime gives benchmarks the CPU time the process has used: a
// figure that other load on a shared machine disturbs less than wall time.
package cputime

import "time"

// Process returns the CPU time (user and system) the process has used,
// or 0 where it cannot be measured (then report no CPU figure).
func Process() time.Duration { return process() }
