package discrepancy

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/evalbook/evalbook/internal/exampletest"
	"github.com/evalbook/evalbook/internal/project"
)

// loadExample reads the example project (the repository root).
func loadExample(t testing.TB) *project.Project {
	_, p := exampletest.Load(t)
	return p
}

// TestExampleFlagsRougeDrift checks the example's story: from v4 on rouge_l
// no longer tracks helpfulness, while answer_accuracy keeps tracking
// factuality.
func TestExampleFlagsRougeDrift(t *testing.T) {
	rep := Analyse(loadExample(t), Options{})
	flagged := map[string]bool{}
	for _, a := range rep.Alerts {
		if a.Kind != "validity" || a.Iteration == "" || a.Link != "" {
			t.Errorf("malformed alert %+v", a)
		}
		flagged[a.Subject+" "+a.Iteration] = true
	}
	if !flagged["metric rouge_l vs dimension helpfulness v4"] {
		t.Errorf("rouge_l vs helpfulness not flagged in v4; alerts %v", flagged)
	}
	for _, it := range []string{"v1", "v2", "v3"} {
		if flagged["metric rouge_l vs dimension helpfulness "+it] {
			t.Errorf("rouge_l vs helpfulness flagged in %s, before the drift", it)
		}
	}
	for _, it := range []string{"v2", "v3", "v4", "v5", "v6"} {
		if flagged["metric answer_accuracy vs dimension factuality "+it] {
			t.Errorf("steady answer_accuracy vs factuality flagged in %s", it)
		}
	}
	if len(rep.Skipped) != 1 || rep.Skipped[0] != "tone" {
		t.Errorf("Skipped = %v; want the label dimension tone", rep.Skipped)
	}
}

// TestExampleDeterministic analyses the example twice and compares the JSON.
func TestExampleDeterministic(t *testing.T) {
	p := loadExample(t)
	a, err := json.Marshal(Analyse(p, Options{Partial: true}))
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		b, err := json.Marshal(Analyse(p, Options{Partial: true}))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Fatal("two analyses of the example differ")
		}
	}
}

func BenchmarkExample(b *testing.B) {
	p := loadExample(b)
	b.ResetTimer()
	for b.Loop() {
		Analyse(p, Options{Partial: true})
	}
}
