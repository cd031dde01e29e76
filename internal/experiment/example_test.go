package experiment

import (
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/alert"
	"github.com/evalbook/evalbook/internal/exampletest"
	"github.com/evalbook/evalbook/internal/project"
)

// loadExample loads the example project at the repository root.
func loadExample(t testing.TB) (*project.Project, Options) {
	cfg, p := exampletest.Load(t)
	return p, OptionsFrom(cfg)
}

// TestExample checks the example project's story: grounding is
// supported, the guardrails are refuted, the prompt rewrite and the ticket
// fine-tune are inconclusive; v5's guardrails fail the release gate (an
// error alert); v4's accuracy gain hides a drop in Japanese. Run with -v
// to see every comparison, alert and verdict.
func TestExample(t *testing.T) {
	p, opt := loadExample(t)
	rep := Analyse(p, opt)
	for _, c := range rep.Comparisons {
		t.Logf("%s vs %s %-16s paired=%-5v n=%3d d=%+.4f ci=%v p=%v padj=%v %s (%s)", c.Iteration, c.Against, c.Subject,
			c.Paired, c.N, c.Delta, fmtCI(c.CI), fp(c.P), fp(c.PAdjusted), c.Verdict, c.Method)
	}
	for _, a := range rep.Alerts {
		t.Logf("alert %s %s %s %s: %s", a.Severity, a.Kind, a.Subject, a.Iteration, a.Message)
	}
	outcomes := map[string]string{}
	for _, v := range rep.Verdicts {
		t.Logf("verdict %s: %s: %s", v.CaseStudy, v.Outcome, v.Reason)
		outcomes[v.CaseStudy] = v.Outcome
	}
	want := map[string]string{
		"casestudies/grounding": Supported, "casestudies/guardrails": Refuted,
		"casestudies/prompt-rewrite": Inconclusive, "casestudies/ticket-finetune": Inconclusive,
	}
	for slug, o := range want {
		if outcomes[slug] != o {
			t.Errorf("%s: %q; want %q", slug, outcomes[slug], o)
		}
	}
	gate, ja := false, false
	for _, a := range rep.Alerts {
		if a.Iteration == "v5" && a.Severity == alert.Error && a.Subject == "dimension helpfulness" {
			gate = true
		}
		if a.Kind == KindSlice && a.Iteration == "v4" && a.Subject == "metric answer_accuracy" && strings.Contains(a.Message, `"ja"`) {
			ja = true
		}
	}
	if !gate {
		t.Error("no error alert for v5's fall in helpfulness")
	}
	if !ja {
		t.Error("no slice alert for v4's drop in Japanese accuracy")
	}
}
