package render

import (
	"encoding/json"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestComparisonAPIKeys checks that the comparisons and slices of
// api/metrics.json and api/annotations.json carry exactly the keys
// docs/json-api.md lists for them, that the figures of the correction
// (p method, adjusted p, weight, family size, significance, possible
// reversal) pass through with their values, and that experiments.json
// states the slices' share of the weight.
func TestComparisonAPIKeys(t *testing.T) {
	in := testInput()
	c := &in.Experiments.Comparisons[1] // v3 accuracy, two slices
	c.PMethod, c.Weight, c.Tests = "exact sign-flip", 0.4, 4
	c.Slices[0].PMethod, c.Slices[0].PAdjusted, c.Slices[0].Weight = "exact sign-flip", f(0.12), 0.1
	c.Slices[0].PossibleReversal, c.Slices[0].Reversal, c.Slices[0].Significant = true, false, false
	c.Slices[1].PMethod, c.Slices[1].PAdjusted, c.Slices[1].Weight, c.Slices[1].Significant = "exact sign-flip", f(0.04), 0.1, true
	files := renderTest(t, in)

	wantComparison, wantSlice := documentedComparisonKeys(t)
	var m struct {
		Metrics []struct{ Comparisons []map[string]json.RawMessage }
	}
	var a struct {
		Dimensions []struct{ Comparisons []map[string]json.RawMessage }
	}
	if err := json.Unmarshal(files["api/metrics.json"], &m); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(files["api/annotations.json"], &a); err != nil {
		t.Fatal(err)
	}
	var all []map[string]json.RawMessage
	for _, x := range m.Metrics {
		all = append(all, x.Comparisons...)
	}
	for _, x := range a.Dimensions {
		all = append(all, x.Comparisons...)
	}
	nSlices := 0
	for _, cmp := range all {
		if got := slices.Sorted(maps.Keys(cmp)); !slices.Equal(got, wantComparison) {
			t.Errorf("comparison keys %v; docs/json-api.md lists %v", got, wantComparison)
		}
		var sls []map[string]json.RawMessage
		if err := json.Unmarshal(cmp["slices"], &sls); err != nil {
			t.Fatal(err)
		}
		for _, sl := range sls {
			nSlices++
			if got := slices.Sorted(maps.Keys(sl)); !slices.Equal(got, wantSlice) {
				t.Errorf("slice keys %v; docs/json-api.md lists %v", got, wantSlice)
			}
		}
	}
	if len(all) != 4 || nSlices != 4 {
		t.Fatalf("%d comparisons, %d slices; want 4 and 4", len(all), nSlices)
	}

	var values struct {
		Metrics []struct {
			Comparisons []struct {
				PMethod   string   `json:"p_method"`
				PAdjusted *float64 `json:"p_adjusted"`
				Weight    float64
				Tests     int
				Slices    []struct {
					PMethod          string   `json:"p_method"`
					PAdjusted        *float64 `json:"p_adjusted"`
					Weight           float64
					Significant      bool
					Reversal         bool
					PossibleReversal bool `json:"possible_reversal"`
				}
			}
		}
	}
	if err := json.Unmarshal(files["api/metrics.json"], &values); err != nil {
		t.Fatal(err)
	}
	v3 := values.Metrics[0].Comparisons[1]
	if v3.PMethod != "exact sign-flip" || v3.Weight != 0.4 || v3.Tests != 4 || *v3.PAdjusted != 0.0012 {
		t.Errorf("v3 accuracy: %+v", v3)
	}
	de, en := v3.Slices[0], v3.Slices[1]
	if de.PMethod != "exact sign-flip" || *de.PAdjusted != 0.12 || de.Weight != 0.1 || de.Significant || de.Reversal || !de.PossibleReversal {
		t.Errorf("v3 accuracy slice de: %+v", de)
	}
	if *en.PAdjusted != 0.04 || !en.Significant || en.PossibleReversal {
		t.Errorf("v3 accuracy slice en: %+v", en)
	}
	if v2 := values.Metrics[0].Comparisons[0]; v2.Slices[0].PAdjusted != nil {
		t.Errorf("v2 accuracy slice de: p_adjusted %v; want null when the report has none", *v2.Slices[0].PAdjusted)
	}

	var e map[string]any
	if err := json.Unmarshal(files["api/experiments.json"], &e); err != nil {
		t.Fatal(err)
	}
	if e["slice_weight"] != 0.2 {
		t.Errorf("experiments.json slice_weight %v; want the default 0.2", e["slice_weight"])
	}
}

// documentedComparisonKeys returns, sorted, the keys of a comparison in
// docs/json-api.md (the rows of its table) and of a slice (the braces of
// the slices row).
func documentedComparisonKeys(t *testing.T) (comparison, slice []string) {
	t.Helper()
	doc, err := os.ReadFile("../../docs/json-api.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(doc)
	start := strings.Index(s, "A **comparison** is")
	end := strings.Index(s, "Comparisons are in metrics.json")
	if start < 0 || end < start {
		t.Fatal("docs/json-api.md: no comparison section")
	}
	for _, line := range strings.Split(s[start:end], "\n") {
		m := regexp.MustCompile("^\\| `([a-z_]+)` ").FindStringSubmatch(line)
		if m == nil {
			continue
		}
		comparison = append(comparison, m[1])
		if m[1] == "slices" {
			braces := regexp.MustCompile(`\{ ([^}]*) \}`).FindStringSubmatch(line)
			if braces == nil {
				t.Fatal("docs/json-api.md: the slices row lists no keys")
			}
			for _, k := range strings.Split(braces[1], ",") {
				slice = append(slice, strings.Trim(k, ` "`))
			}
		}
	}
	slices.Sort(comparison)
	slices.Sort(slice)
	return comparison, slice
}
