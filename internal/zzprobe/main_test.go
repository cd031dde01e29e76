package probe

import (
	"os"
	"testing"
	"time"

	"github.com/evalbook/evalbook/internal/build"
)

func TestProbe(t *testing.T) {
	dir := os.Getenv("PROBE_DIR")
	s := build.NewSession("")
	opt := build.Options{Source: dir, Log: os.Stderr}
	for i := range 3 {
		if i == 2 {
			f := dir + "/casestudies/cs-0001.md"
			b, _ := os.ReadFile(f)
			os.WriteFile(f, append(b, "More prose.\n"...), 0o644)
		}
		start := time.Now()
		if _, _, err := s.Site(opt); err != nil {
			t.Fatal(err)
		}
		t.Logf("build %d: %s; %s", i, time.Since(start), s.Stats())
	}
}
