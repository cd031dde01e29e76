package ingest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/project"
)

// TestCheckRepeatsDenseAndSparse finds the same repeat whether the
// (iteration, item) pairs are few (a dense array) or many more than the
// values (a map).
func TestCheckRepeatsDenseAndSparse(t *testing.T) {
	tests := []struct {
		name  string
		iters int // distinct iterations: 1 gives few pairs, n many
	}{
		{"dense", 1},
		{"sparse", 2000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var vs []project.MetricValue
			for i := range 2000 {
				vs = append(vs, project.MetricValue{Iteration: fmt.Sprintf("it%d", i%tt.iters), Item: fmt.Sprintf("q%d", i), Pos: project.Pos{File: "m.csv", Line: i + 2}})
			}
			vs = append(vs, project.MetricValue{Iteration: vs[5].Iteration, Item: "q5", Pos: project.Pos{File: "m.csv", Line: 9999}})
			m := &project.Metric{Name: "acc", Values: project.ValuesOf(vs)}
			err := checkRepeats([]string{"acc"}, map[string]*project.Metric{"acc": m}, nil)
			want := fmt.Sprintf(`m.csv:9999: metric "acc": second value for iteration %q, item "q5"; the first is at m.csv:7`, vs[5].Iteration)
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("got %v; want %s", err, want)
			}
			m.Values = project.ValuesOf(vs[:2000])
			if err := checkRepeats([]string{"acc"}, map[string]*project.Metric{"acc": m}, nil); err != nil {
				t.Errorf("no repeat: %v", err)
			}
		})
	}
}
