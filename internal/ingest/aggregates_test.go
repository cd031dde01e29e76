package ingest

import (
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/parquet-go/parquet-go"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/project"
)

func aggConfig() *config.Config {
	cfg := config.Default()
	cfg.Sources = []config.Source{{Path: "agg/*", Kind: "aggregates"}}
	return cfg
}

func TestAggregatesRead(t *testing.T) {
	fsys := fstest.MapFS{
		"agg/moments.csv": {Data: []byte("metric,iteration,slice,n,sum,sumsq\n" +
			"acc,v1,,4,3,3\nacc,v1,de,2,1,1\nacc,v2,,2,2,2\n")},
		"agg/coincidences.csv": {Data: []byte("dimension,iteration,value_a,value_b,count\n" +
			"help,v1,1,1,2\nhelp,v1,1,2,1\nhelp,v1,2,1,1\nhelp,v2,2,2,2\n")},
		"agg/raters.csv":     {Data: []byte("dimension,iteration,rater,n,sum,sumsq\nhelp,v1,r1,2,3,5\nhelp,v1,r2,2,3,5\n")},
		"agg/replicates.csv": {Data: []byte("metric,iteration,replicate,n,sum\nacc,v1,1,3,2.5\nacc,v1,2,5,4\n")},
		"agg/verdicts.csv":   {Data: []byte("metric,dimension,iteration,both_pass,metric_only,humans_only,neither_pass\nacc,help,v2,1,0,2,3\n")},
	}
	p, _, err := Load(aggConfig(), fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Metrics) != 1 || p.Metrics[0].Name != "acc" || !p.Metrics[0].Aggregated() || len(p.Metrics[0].Moments) != 3 {
		t.Fatalf("metrics %+v", p.Metrics)
	}
	want := project.MetricMoments{Iteration: "v1", Slice: "de", N: 2, Sum: 1, SumSq: 1, Pos: project.Pos{File: "agg/moments.csv", Line: 3}}
	if got := p.Metrics[0].Moments[1]; got != want {
		t.Errorf("moments[1] = %+v; want %+v", got, want)
	}
	wantR := project.MetricReplicate{Iteration: "v1", Replicate: 2, N: 5, Sum: 4, Pos: project.Pos{File: "agg/replicates.csv", Line: 3}}
	if r := p.Metrics[0].Replicates; len(r) != 2 || r[1] != wantR {
		t.Errorf("replicates %+v; want 2, the second %+v", r, wantR)
	}
	wantV := project.VerdictCounts{Dimension: "help", Iteration: "v2", BothPass: 1, HumansOnly: 2, NeitherPass: 3, Pos: project.Pos{File: "agg/verdicts.csv", Line: 2}}
	if v := p.Metrics[0].Verdicts; len(v) != 1 || v[0] != wantV {
		t.Errorf("verdicts %+v; want %+v", v, wantV)
	}
	if len(p.Dimensions) != 1 || !p.Dimensions[0].Aggregated() || !p.Dimensions[0].Numeric ||
		len(p.Dimensions[0].Coincidences) != 4 || len(p.Dimensions[0].RaterMoments) != 2 || p.Dimensions[0].Scale != project.Interval {
		t.Fatalf("dimensions %+v", p.Dimensions)
	}
	var ids []string
	for _, it := range p.Iterations {
		ids = append(ids, it.ID)
	}
	if strings.Join(ids, ",") != "v1,v2" {
		t.Errorf("iterations %v; want v1, v2", ids)
	}
}

// TestAggregatesExclude checks that project.exclude leaves an iteration's
// aggregate rows out as it does its raw rows: dropped, counted on the
// file's report, the iteration gone from the series.
func TestAggregatesExclude(t *testing.T) {
	fsys := fstest.MapFS{
		"agg/moments.csv": {Data: []byte("metric,iteration,slice,n,sum,sumsq\n" +
			"acc,v1,,4,3,3\nacc,v2,,2,2,2\nacc,v3,,2,1,1\n")},
		"agg/paired.csv": {Data: []byte("metric,iteration,against,n,sum_a,sum_b,sum_d,sumsq_d\nacc,v2,v1,2,2,3,-1,1\nacc,v3,v2,2,1,2,-1,1\n")},
		"agg/coincidences.csv": {Data: []byte("dimension,iteration,value_a,value_b,count\n" +
			"help,v1,1,1,2\nhelp,v2,2,2,2\nhelp,v3,1,2,1\nhelp,v3,2,1,1\n")},
	}
	cfg := aggConfig()
	cfg.Project.Exclude = []string{"v2"}
	p, _, err := Load(cfg, fsys)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, it := range p.Iterations {
		ids = append(ids, it.ID)
	}
	if strings.Join(ids, ",") != "v1,v3" {
		t.Errorf("iterations %v; want v1, v3", ids)
	}
	m, d := p.Metrics[0], p.Dimensions[0]
	if len(m.Moments) != 2 || m.Moments[0].Iteration != "v1" || m.Moments[1].Iteration != "v3" {
		t.Errorf("moments %+v; want v1's and v3's", m.Moments)
	}
	if len(m.Paired) != 0 {
		t.Errorf("paired %+v; want none (both pairs name v2)", m.Paired)
	}
	if len(d.Coincidences) != 3 {
		t.Errorf("coincidences %+v; want v1's and v3's", d.Coincidences)
	}
	want := map[string]int{"agg/moments.csv": 1, "agg/paired.csv": 2, "agg/coincidences.csv": 1}
	for _, s := range p.Sources {
		if !hasSkip(s, excludedReason, want[s.Path]) {
			t.Errorf("%s: skips %+v, want %d of %q", s.Path, s.Skipped, want[s.Path], excludedReason)
		}
	}
}

// TestAggregateErrors checks that contradictory aggregates are errors that
// name the file, the row and the column (the column's name, and its byte
// position as every CSV error gives it).
func TestAggregateErrors(t *testing.T) {
	const mh = "metric,iteration,n,sum,sumsq\n"
	const ch = "dimension,iteration,value_a,value_b,count\n"
	tests := []struct {
		name, file, data string
		want             string
	}{
		{"count 0 with a sum", "agg/m.csv", mh + "acc,v1,2,1,1\nacc,v2,0,1,1\n", `agg/m.csv:3:10: column "sum": count 0 with sum 1`},
		{"negative count", "agg/m.csv", mh + "acc,v1,-2,1,1\n", `agg/m.csv:2:8: column "n": count -2 is not a non-negative whole number`},
		{"sumsq below sum²/n", "agg/m.csv", mh + "acc,v1,2,4,7\n", `agg/m.csv:2:12: column "sumsq": sum of squares 7 is below`},
		{"not a number", "agg/m.csv", mh + "acc,v1,2,x,7\n", `agg/m.csv:2:10: column "sum": "x" is not a number`},
		{"no metric", "agg/m.csv", mh + ",v1,2,1,1\n", `agg/m.csv:2:1: column "metric": empty`},
		{"unknown table", "agg/m.csv", "metric,n\nacc,1\n", `agg/m.csv:1: not an aggregate table evalbook knows`},
		{"unknown column", "agg/m.csv", "metric,iteration,n,sum,sumsq,mean\n", `agg/m.csv:1:30: unknown column "mean" in a metric_moments aggregate`},
		{"fractional verdict count", "agg/v.csv", "metric,dimension,iteration,both_pass,metric_only,humans_only,neither_pass\nacc,help,v1,3,1.5,0,2\n",
			`agg/v.csv:2:15: column "metric_only": 1.5 is not a non-negative whole number`},
		{"verdict counts without moments", "agg/v.csv", "metric,dimension,iteration,both_pass,metric_only,humans_only,neither_pass\nacc,help,v1,3,1,0,2\n",
			`metric "acc" has paired moments, Pearson sums, verdict counts or replicates but no metric_moments; give both`},
		{"replicate weight total not whole", "agg/r.csv", "metric,iteration,replicate,n,sum\nacc,v1,1,2.5,1\n",
			`agg/r.csv:2:10: column "n": 2.5 is not a non-negative whole number (a sum of Poisson weights)`},
		{"replicate sum without weight", "agg/r.csv", "metric,iteration,replicate,n,sum\nacc,v1,1,0,1\n",
			`agg/r.csv:2:12: column "sum": 1 with n 0: a replicate without weight has sum 0`},
		{"replicate number", "agg/r.csv", "metric,iteration,replicate,n,sum\nacc,v1,-1,2,1\n",
			`agg/r.csv:2:8: column "replicate": -1 is not a replicate number (a whole number from 0)`},
		{"negative coincidence", "agg/c.csv", ch + "help,v1,1,2,-1\n", `agg/c.csv:2:13: column "count": -1 is negative`},
		{"asymmetric matrix", "agg/c.csv", ch + "help,v1,1,1,2\nhelp,v1,1,2,1\nhelp,v1,2,1,0.5\n",
			`agg/c.csv:3: column "count": dimension "help", iteration "v1": the coincidence matrix is not symmetric: o(1, 2) = 1 but o(2, 1) = 0.5`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := Load(aggConfig(), fstest.MapFS{tc.file: {Data: []byte(tc.data)}})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v\nwant %q", err, tc.want)
			}
		})
	}
}

func TestAggregatesParquet(t *testing.T) {
	str := parquet.String()
	num := func(s string) any { v, _ := strconv.ParseFloat(s, 64); return v }
	dbl := parquet.Leaf(parquet.DoubleType)
	cols := []pqCol{
		{"metric", str, nil, []string{"acc", "acc", "acc"}},
		{"iteration", str, nil, []string{"v1", "v2", "v3"}},
		{"n", dbl, num, []string{"2", "2", "0"}},
		{"sum", dbl, num, []string{"1", "2", "1"}},
		{"sumsq", dbl, num, []string{"1", "2", "1"}},
	}
	_, _, err := Load(aggConfig(), fstest.MapFS{"agg/m.parquet": {Data: tableParquet(t, &parquet.Zstd, 2, cols)}})
	want := `agg/m.parquet: row group 2, row 1 (row 3 of the file), column "sum": count 0 with sum 1`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error %v\nwant %q", err, want)
	}
	for i := range cols[2:] {
		cols[2+i].cells = cols[2+i].cells[:2]
	}
	for i := range cols[:2] {
		cols[i].cells = cols[i].cells[:2]
	}
	p, _, err := Load(aggConfig(), fstest.MapFS{"agg/m.parquet": {Data: tableParquet(t, &parquet.Zstd, 2, cols)}})
	if err != nil {
		t.Fatal(err)
	}
	if m := p.Metrics[0].Moments; len(m) != 2 || m[1].N != 2 || m[1].Sum != 2 {
		t.Errorf("moments %+v", m)
	}
}

func TestAggregatesWithRows(t *testing.T) {
	fsys := fstest.MapFS{
		"data/metrics/m.csv": {Data: []byte("iteration,metric,value\nv1,acc,1\n")},
		"agg/m.csv":          {Data: []byte("metric,iteration,n,sum,sumsq\nacc,v1,2,1,1\n")},
	}
	_, _, err := Load(aggConfig(), fsys)
	if err == nil || !strings.Contains(err.Error(), `agg/m.csv:2: metric "acc" has both values (data/metrics/m.csv:2) and aggregate moments`) {
		t.Errorf("error %v", err)
	}
}

// TestAggregateTableErrors checks the contradictions of the paired, Pearson
// and rater-pair tables.
func TestAggregateTableErrors(t *testing.T) {
	const moments = "metric,iteration,n,sum,sumsq\nacc,v1,2,1,1\nacc,v2,2,1,1\n"
	tests := []struct {
		name, file, data string
		want             string
	}{
		{"sum_d is not sum_a - sum_b", "agg/p.csv", "metric,iteration,against,n,sum_a,sum_b,sum_d,sumsq_d\nacc,v2,v1,2,2,1,0.5,1\n",
			`agg/p.csv:2:17: column "sum_d": 0.5 is not sum_a - sum_b = 1`},
		{"paired sumsq_d too small", "agg/p.csv", "metric,iteration,against,n,sum_a,sum_b,sum_d,sumsq_d\nacc,v2,v1,2,3,1,2,1\n",
			`column "sumsq_d": sum of squares 1 is below`},
		{"r beyond 1", "agg/r.csv", "metric,dimension,iteration,n,sx,sy,sxx,syy,sxy\nacc,help,v1,2,3,3,5,5,9\n",
			`agg/r.csv:2:23: column "sxy": the cross sum gives a correlation beyond ±1`},
		{"raters out of order", "agg/q.csv", "dimension,iteration,rater_a,rater_b,value_a,value_b,count\nhelp,v1,r2,r1,1,2,3\n",
			`agg/q.csv:2:12: column "rater_b": "r1" does not sort after rater_a "r2"`},
		{"within beyond the spread", "agg/w.csv", "dimension,iteration,n,sum,sumsq,within\nhelp,v1,4,10,30,11\n",
			`agg/w.csv:2:17: column "within": 11 is outside [0, 10], what the values' spread allows`},
		{"fractional pair count", "agg/q.csv", "dimension,iteration,rater_a,rater_b,value_a,value_b,count\nhelp,v1,r1,r2,1,2,0.5\n",
			`column "count": 0.5 is not a non-negative whole number`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{tc.file: {Data: []byte(tc.data)}, "agg/m.csv": {Data: []byte(moments)}}
			_, _, err := Load(aggConfig(), fsys)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v\nwant %q", err, tc.want)
			}
		})
	}
}
