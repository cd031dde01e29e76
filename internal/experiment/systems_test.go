package experiment

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/compare"
	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/project"
)

// systemsProject returns four systems s1..s4 on 30 shared items; s_k scores
// k/2 + jitter, so each is clearly better than the one before. A min
// threshold of 1.2 holds every system to a level.
func systemsProject(shape, reference string, rounds ...string) *project.Project {
	p := &project.Project{}
	var values []project.MetricValue
	for k := 1; k <= 4; k++ {
		id := fmt.Sprintf("s%d", k)
		it := project.Iteration{ID: id, Order: k - 1}
		if len(rounds) > 0 {
			it.Round = rounds[k-1]
			it.Reference = k%2 == 0
		}
		p.Iterations = append(p.Iterations, it)
		values = append(values, itemValues(id, 30, func(i int) float64 { return float64(k)/2 + jitter(i) }, nil)...)
	}
	p.Metrics = []project.Metric{{Name: "acc", Values: project.ValuesOf(values)}}
	if err := p.SetShape(shape, reference); err != nil {
		panic(err)
	}
	return p
}

// TestSystemTargets checks which comparisons an unordered project makes,
// that their family is the whole round, and that they raise no regression
// alerts while thresholds still hold for every system.
func TestSystemTargets(t *testing.T) {
	min := 1.2
	opt := Options{Seed: 1, MetricThresholds: map[string]config.Thresholds{"acc": {Min: &min}}}
	tests := []struct {
		name string
		p    *project.Project
		want []string // iteration/against/target
	}{
		{"reference", systemsProject("systems", "s2"),
			[]string{"s1/s2/reference", "s3/s2/reference", "s4/s2/reference"}},
		{"all pairs", systemsProject("systems", ""),
			[]string{"s2/s1/pair", "s3/s1/pair", "s4/s1/pair", "s3/s2/pair", "s4/s2/pair", "s4/s3/pair"}},
		{"rounds", systemsProject("rounds", "", "r1", "r1", "r2", "r2"),
			[]string{"s1/s2/reference", "s3/s4/reference", "s4/s2/previous"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := analyseChecked(t, tt.p, opt)
			var got []string
			var ps []float64
			for _, c := range rep.Comparisons {
				got = append(got, c.Iteration+"/"+c.Against+"/"+c.Target)
				if c.Target != TargetPrevious && c.P != nil {
					ps = append(ps, *c.P)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("comparisons %v; want %v", got, tt.want)
			}
			// One family per round: the adjusted p-values are Holm's over
			// the round's comparisons, not over each system's alone.
			if tt.name != "rounds" {
				adj := compare.Holm(ps)
				k := 0
				for _, c := range rep.Comparisons {
					if c.P != nil {
						if math.Abs(*c.PAdjusted-adj[k]) > 1e-12 {
							t.Errorf("%s/%s: adjusted p %v; want %v (Holm over the round)", c.Iteration, c.Against, *c.PAdjusted, adj[k])
						}
						k++
					}
				}
			}
			for _, a := range rep.Alerts {
				if a.Kind != KindThreshold {
					t.Errorf("unordered project raised a %s alert: %s", a.Kind, a.Message)
				}
				if strings.Contains(a.Message, "previous") {
					t.Errorf("alert message speaks of a previous iteration: %s", a.Message)
				}
			}
			// s1 (mean 0.5) and s2 (1.0) are below the min of 1.2.
			if n := len(rep.Alerts); n != 2 {
				t.Errorf("%d alerts; want the 2 threshold alerts of s1 and s2", n)
			}
		})
	}
}
