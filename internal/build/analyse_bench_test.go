package build

import (
	"os"
	"testing"

	"github.com/evalbook/evalbook/internal/cputime"
)

// BenchmarkAnalyseStage reads the benchmark corpus (go run ./cmd/examplegen
// -bench -dir DIR) from the folder $EVALBOOK_BENCH names once and times the
// analyse stage alone, every analysis side by side as `evalbook build` runs
// them (no memo); it is skipped without it. Besides the wall time it
// reports the process's CPU time per analysis (cpu-ms/op: the analyses
// run side by side, so this is the figure a loaded machine does not
// distort). Profile it with -cpuprofile.
func BenchmarkAnalyseStage(b *testing.B) {
	proj := os.Getenv("EVALBOOK_BENCH")
	if proj == "" {
		b.Skip("EVALBOOK_BENCH names no corpus (go run ./cmd/examplegen -bench -dir DIR writes one)")
	}
	a, err := Analyse(Options{Source: proj})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	start := cputime.Process()
	for b.Loop() {
		(*analysisMemo)(nil).analyse(a.Config, a.Project)
	}
	cputime.ReportPerOp(b, cputime.Process()-start, b.N)
}
