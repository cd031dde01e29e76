//go:build !unix

package build

import "time"

// processCPU is 0 where getrusage is missing: no cpu-ns/op then.
func processCPU() time.Duration { return 0 }
