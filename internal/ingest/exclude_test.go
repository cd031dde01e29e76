package ingest

import (
	"slices"
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/project"
)

// TestMissingTokens checks that the cells a source lists as missing read as
// missing values, in metric and annotation files, and are counted.
func TestMissingTokens(t *testing.T) {
	p, _ := mustLoad(t, files{
		"data/metrics/m.tsv":     "system\tseg_id\tscore\nA\t1\t-2.5\nA\t2\tNone\nB\t1\tNA\n",
		"data/annotations/a.csv": "item,rater,dimension,value,iteration\n1,r1,q,None,A\n1,r2,q,3,A\n",
	}, func(c *config.Config) {
		c.Sources = []config.Source{
			{Path: "data/metrics/*.tsv", Iteration: "system", Item: "seg_id", Missing: []string{"None", "NA"}},
			{Path: "data/annotations/*.csv", Missing: []string{"None"}},
		}
	})
	if got := p.Metrics[0].Values.Len(); got != 1 {
		t.Errorf("%d metric values, want 1 (None and NA are missing)", got)
	}
	if got := p.Dimensions[0].Ratings.Len(); got != 1 {
		t.Errorf("%d ratings, want 1", got)
	}
	for _, s := range p.Sources {
		if s.Kind == "annotations" && !hasSkip(s, "no value (a missing rating)", 1) {
			t.Errorf("%s: the missing rating is not counted: %+v", s.Path, s.Skipped)
		}
	}
}

// TestExclude checks that project.exclude leaves an iteration out: its
// values and ratings are dropped and counted, the others keep their order.
func TestExclude(t *testing.T) {
	p, warnings := mustLoad(t, files{
		"data/metrics/m.csv":     "iteration,item,score\nHuman,1,1\nA,1,0.5\nB,1,0.4\nHuman,2,1\n",
		"data/annotations/a.csv": "item,rater,dimension,value,iteration\n1,r1,q,5,Human\n1,r1,q,3,A\n",
	}, func(c *config.Config) { c.Project.Exclude = []string{"Human", "Nobody"} })
	var ids []string
	for _, it := range p.Iterations {
		ids = append(ids, it.ID)
		if it.Order != len(ids)-1 {
			t.Errorf("%s has order %d", it.ID, it.Order)
		}
	}
	if !slices.Equal(ids, []string{"A", "B"}) {
		t.Errorf("iterations %v, want [A B]", ids)
	}
	if n := p.Metrics[0].Values.Len(); n != 2 {
		t.Errorf("%d metric values, want 2", n)
	}
	if n := p.Dimensions[0].Ratings.Len(); n != 1 || p.Dimensions[0].Ratings.At(0).Iteration != "A" {
		t.Errorf("ratings %+v, want A's only", p.Dimensions[0].Ratings)
	}
	want := map[string]int{"data/metrics/m.csv": 2, "data/annotations/a.csv": 1}
	for _, s := range p.Sources {
		if !hasSkip(s, excludedReason, want[s.Path]) {
			t.Errorf("%s: skips %+v, want %d of %q", s.Path, s.Skipped, want[s.Path], excludedReason)
		}
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], `project.exclude names "Nobody", which is no iteration`) {
		t.Errorf("warnings %q", warnings)
	}
}

func TestExcludeBaseline(t *testing.T) {
	cfg := config.Default()
	cfg.Project.Exclude = []string{"v1"}
	_, _, err := Load(cfg, files{
		"data/metrics/m.csv":   "iteration,item,score\nv1,1,1\nv2,1,0.5\n",
		"data/iterations.toml": "[[iteration]]\nid = \"v1\"\n[[iteration]]\nid = \"v2\"\nbaseline = \"v1\"\n",
	}.fs())
	if err == nil || !strings.Contains(err.Error(), "iteration v2 has the baseline v1, which project.exclude leaves out") {
		t.Errorf("err = %v", err)
	}
}

func hasSkip(s project.SourceReport, reason string, n int) bool {
	for _, k := range s.Skipped {
		if k.Reason == reason {
			return k.N == n
		}
	}
	return n == 0
}
