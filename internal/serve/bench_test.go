package serve

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/evalbook/evalbook/internal/build"
)

// BenchmarkSwapLive times what Server.Rebuild does after the builder
// returns, until the reload event is sent (making the snapshot served,
// counting its pages, broadcasting), on the live corpus named by
// $EVALBOOK_LIVE (go run ./cmd/examplegen -live), after an annotation
// file of one rating is added and removed again, which gives every page a
// new nav; it is skipped without it. It reports "swap-ms/op".
func BenchmarkSwapLive(b *testing.B) {
	dir := os.Getenv("EVALBOOK_LIVE")
	if dir == "" {
		b.Skip("EVALBOOK_LIVE names no live corpus")
	}
	path := filepath.Join(dir, "data", "annotations", "zz-swap.csv")
	defer os.Remove(path)
	inner := Rebuild(build.Options{Source: dir})
	var built time.Time
	s := NewServer(BuilderFunc(func(ctx context.Context, changed []string) (Site, error) {
		site, err := inner.Build(ctx, changed)
		built = time.Now()
		return site, err
	}), "/", nil)
	if ev := s.Rebuild(context.Background(), nil); !ev.OK {
		b.Fatal(ev.Error.Message)
	}
	var swap time.Duration
	i := 0
	for b.Loop() {
		b.StopTimer()
		var err error
		if i%2 == 0 {
			err = os.WriteFile(path, []byte("item,rater,dimension,value,iteration\nq0024,swap01,dim03,1,it10\n"), 0o644)
		} else {
			err = os.Remove(path)
		}
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		ev := s.Rebuild(context.Background(), []string{"data/annotations/zz-swap.csv"})
		swap += time.Since(built)
		if !ev.OK || !strings.Contains(ev.Redone, "given the new nav") {
			b.Fatalf("rebuild %d: ok %v, redone %q", i, ev.OK, ev.Redone)
		}
		i++
	}
	b.ReportMetric(float64(swap.Microseconds())/1000/float64(i), "swap-ms/op")
}
