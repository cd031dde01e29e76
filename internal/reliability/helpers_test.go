package reliability

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/project"
)

// defaults are config.Agreement's defaults with a small bootstrap.
var defaults = Options{Confidence: 0.95, Resamples: 200, Seed: 1, Alert: 0.667, Warn: 0.8, DriftDrop: 0.2, MaxOffset: 0.5, Disagreements: 20}

// dim builds a dimension from lines "item rater value [iteration]"; values
// that parse as numbers make a numeric dimension unless labels are given.
func dim(name string, scale project.Scale, labels []string, lines ...string) project.Dimension {
	d := project.Dimension{Name: name, Scale: scale, Labels: labels, Numeric: labels == nil}
	for i, l := range lines {
		f := strings.Fields(l)
		r := project.Rating{Item: f[0], Rater: f[1], Label: f[2], Pos: project.Pos{File: "t.csv", Line: i + 2}}
		if len(f) > 3 {
			r.Iteration = f[3]
		}
		if d.Numeric {
			v, err := strconv.ParseFloat(f[2], 64)
			if err != nil {
				panic(err)
			}
			r.Value = v
		}
		d.Ratings.Append(r)
	}
	return d
}

// iterations makes a series of iterations with the given IDs.
func iterations(ids ...string) []project.Iteration {
	out := make([]project.Iteration, len(ids))
	for i, id := range ids {
		out[i] = project.Iteration{ID: id, Order: i}
	}
	return out
}

// analyseOne analyses a project holding only d.
func analyseOne(t *testing.T, d project.Dimension, its []project.Iteration, opt Options) Dimension {
	t.Helper()
	rep := Analyse(&project.Project{Iterations: its, Dimensions: []project.Dimension{d}}, opt)
	if len(rep.Dimensions) != 1 {
		t.Fatalf("%d dimensions in the report; want 1", len(rep.Dimensions))
	}
	return rep.Dimensions[0]
}

// near checks that got is present and within 5e-4 of want.
func near(t *testing.T, what string, got *float64, want float64) {
	t.Helper()
	switch {
	case got == nil:
		t.Errorf("%s = nil; want %.4f", what, want)
	case math.Abs(*got-want) > 5e-4:
		t.Errorf("%s = %.4f; want %.4f", what, *got, want)
	}
}

// null checks that got is nil.
func null(t *testing.T, what string, got *float64) {
	t.Helper()
	if got != nil {
		t.Errorf("%s = %v; want nil", what, *got)
	}
}

// raterNamed returns the figures of the named rater.
func raterNamed(t *testing.T, rs []Rater, name, iteration string) Rater {
	t.Helper()
	for _, r := range rs {
		if r.Rater == name && r.Iteration == iteration {
			return r
		}
	}
	t.Fatalf("no figures for rater %s in %q", name, iteration)
	return Rater{}
}
