package build

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"testing"
	"time"
)

// scratch (val10m, not committed): whole build of $EVALBOOK_BENCH, heap
// profiles written to $VAL10M_HEAP-N.prof whenever the heap grows by 10 %.
func BenchmarkZZBuildScale(b *testing.B) {
	proj := os.Getenv("EVALBOOK_BENCH")
	if proj == "" {
		b.Skip()
	}
	stop := make(chan bool)
	if pre := os.Getenv("VAL10M_HEAP"); pre != "" {
		go func() {
			var peak uint64
			n := 0
			for {
				select {
				case <-stop:
					return
				case <-time.After(100 * time.Millisecond):
				}
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				if ms.HeapAlloc > peak+peak/10 {
					peak = ms.HeapAlloc
					f, _ := os.Create(fmt.Sprintf("%s-%02d.prof", pre, n))
					pprof.Lookup("heap").WriteTo(f, 0)
					f.Close()
					fmt.Fprintf(os.Stderr, "heap %d: %d MB at %s\n", n, peak>>20, time.Now().Format("15:04:05"))
					n++
				}
			}
		}()
	}
	out := filepath.Join(b.TempDir(), "site")
	for b.Loop() {
		if _, err := Build(Options{Source: proj, Output: out, Log: os.Stderr}); err != nil {
			b.Fatal(err)
		}
	}
	close(stop)
}
