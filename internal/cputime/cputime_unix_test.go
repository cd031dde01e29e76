//go:build unix

package cputime

import (
	"testing"
	"time"
)

// TestProcessGrows checks that busy work adds CPU time where getrusage
// measures it: Process stays 0 or flat only if it is broken.
func TestProcessGrows(t *testing.T) {
	start := Process()
	for i := 0; Process()-start < time.Millisecond; i++ {
		if i == 50_000_000 {
			t.Fatalf("CPU time stayed at %v over 50,000,000 calls", start)
		}
	}
	if start <= 0 {
		t.Fatalf("Process() = %v at start; a running test has used CPU", start)
	}
}
