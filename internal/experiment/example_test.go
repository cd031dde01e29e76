package experiment

import (
	"os"
	"testing"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/ingest"
	"github.com/evalbook/evalbook/internal/project"
)

// loadExample loads the example project at the repository root.
func loadExample(t testing.TB) (*project.Project, Options) {
	t.Helper()
	cfg, err := config.Load("../../config.toml", false)
	if err != nil {
		t.Fatal(err)
	}
	p, _, err := ingest.Load(cfg, os.DirFS(cfg.Root))
	if err != nil {
		t.Fatal(err)
	}
	return p, OptionsFrom(cfg)
}

func TestExampleDump(t *testing.T) {
	p, opt := loadExample(t)
	rep := Analyse(p, opt)
	for _, c := range rep.Comparisons {
		t.Logf("%s vs %s %-16s %-7v n=%3d d=%+.4f ci=%v p=%v padj=%v %s %s", c.Iteration, c.Against, c.Subject, c.Paired, c.N, c.Delta, fmtCI(c.CI), fp(c.P), fp(c.PAdjusted), c.Verdict, c.Method)
		for _, s := range c.Slices {
			if s.Reversal || c.Subject == "answer_accuracy" {
				t.Logf("    slice %s n=%d d=%+.4f ci=%v %s REVERSAL", s.Slice, s.N, s.Delta, fmtCI(s.CI), s.Verdict)
			}
		}
	}
	for _, a := range rep.Alerts {
		t.Logf("ALERT %s %s %s %s: %s %v %s", a.Severity, a.Kind, a.Subject, a.Iteration, a.Message, a.Numbers, a.Link)
	}
	for _, v := range rep.Verdicts {
		t.Logf("VERDICT %s %s vs %s on %s: %s — %s", v.CaseStudy, v.Candidate, v.Baseline, v.Primary, v.Outcome, v.Reason)
	}
}
