// Package aggtest tests sql/aggregates.sql on DuckDB: it generates a
// project, loads its rows into DuckDB, runs the SQL, writes the aggregates,
// builds the site once from the aggregates and once from the rows, and
// compares every figure both give in site/api to 1e-9.
//
// It is its own Go module, so that DuckDB (cgo, a bundled library that
// takes about 35 s to build) stays out of the main module and of
// `go test ./...`; .ci/run runs it with `cd internal/aggtest && go test ./...`.
package aggtest

import (
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/evalbook/evalbook/internal/build"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/stats"
	"github.com/evalbook/evalbook/internal/synth"
)

// config is the twin projects' config: the example's dimensions, with the
// label dimension's order, a seed, and the pass thresholds of verdicts.
var config = `title = "aggregates"
[analysis]
seed = 1
resamples = 200
[dimensions.tone]
scale = "nominal"
labels = ["appropriate", "too_formal", "too_casual"]
` + passes.config()

// pass is one pass threshold of verdict agreement, written into both the
// config and the SQL's input tables, so that the two cannot differ.
type pass struct {
	kind, name string // "metrics" or "dimensions"
	value      float64
	lower      bool // direction = "lower"
}

type passList []pass

// passes gives verdicts on both sides of both directions: a higher and a
// lower metric against a higher and a lower dimension.
var passes = passList{
	{"metrics", "answer_accuracy", 1, false},
	{"metrics", "toxicity", 0.02, true},
	{"dimensions", "helpfulness", 4, false},
	{"dimensions", "factuality", 3, true},
}

func (ps passList) config() string {
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "[%s.%s]\npass = %v\n", p.kind, p.name, p.value)
		if p.lower {
			b.WriteString("direction = \"lower\"\n")
		}
	}
	return b.String()
}

// sql creates the SQL's input tables metric_passes and dimension_passes.
func (ps passList) sql() []string {
	out := []string{`CREATE TABLE metric_passes (metric VARCHAR, pass DOUBLE, lower BOOLEAN)`,
		`CREATE TABLE dimension_passes (dimension VARCHAR, pass DOUBLE, lower BOOLEAN)`}
	for _, p := range ps {
		table := map[string]string{"metrics": "metric_passes", "dimensions": "dimension_passes"}[p.kind]
		out = append(out, fmt.Sprintf(`INSERT INTO %s VALUES (%s, %v, %v)`, table, quote(p.name), p.value, p.lower))
	}
	return out
}

const aggSources = `
[[sources]]
path = "data/aggregates/*"
kind = "aggregates"
`

func TestAggregatesMatchRows(t *testing.T) {
	if testing.Short() {
		t.Skip("DuckDB test; not under -short")
	}
	tmp := t.TempDir()
	if keep := os.Getenv("AGGTEST_KEEP"); keep != "" {
		tmp = keep // keep the twins, to look at them
	}
	gen, raw, agg := filepath.Join(tmp, "gen"), filepath.Join(tmp, "raw"), filepath.Join(tmp, "agg")

	// A generated project, read once to write its rows in the long forms.
	if err := synth.Write(gen, synth.Example()); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(gen, "config.toml"), config)
	a, err := build.Analyse(build.Options{Source: gen})
	if err != nil {
		t.Fatal(err)
	}
	iters, err := os.ReadFile(filepath.Join(gen, "data", "iterations.toml"))
	if err != nil {
		t.Fatal(err)
	}
	var metrics, ratings [][]string
	metrics = append(metrics, []string{"iteration", "item", "slice", "metric", "value"})
	for _, m := range a.Project.Metrics {
		for _, v := range m.Values.Rows() {
			metrics = append(metrics, []string{v.Iteration, v.Item, v.Slice, m.Name, strconv.FormatFloat(v.Value, 'g', -1, 64)})
		}
	}
	ratings = append(ratings, []string{"item", "rater", "iteration", "dimension", "value"})
	for _, d := range a.Project.Dimensions {
		for _, r := range d.Ratings.Slice() {
			ratings = append(ratings, []string{r.Item, r.Rater, r.Iteration, d.Name, r.Label})
			if d.Name == "helpfulness" && (r.Rater == "r1" || r.Rater == "r2") {
				// A dimension of exactly two raters, for Cohen's kappas.
				ratings = append(ratings, []string{r.Item, r.Rater, r.Iteration, "duo", r.Label})
			}
			if d.Name == "factuality" {
				// A continuous dimension, for alpha from moments: the
				// rating plus a jitter that few ratings share.
				jitter := float64(len(ratings)%97) / 97
				ratings = append(ratings, []string{r.Item, r.Rater, r.Iteration, "cont", strconv.FormatFloat(r.Value+jitter, 'g', -1, 64)})
			}
		}
	}
	if len(metrics) < 1000 || len(ratings) < 1000 {
		t.Fatalf("%d metric rows, %d ratings: too few for a test", len(metrics), len(ratings))
	}

	// The raw twin: the rows as long CSVs.
	write(t, filepath.Join(raw, "config.toml"), config)
	write(t, filepath.Join(raw, "data", "iterations.toml"), string(iters))
	writeCSV(t, filepath.Join(raw, "data", "metrics", "metrics.csv"), metrics)
	writeCSV(t, filepath.Join(raw, "data", "annotations", "ratings.csv"), ratings)

	// The aggregate twin: DuckDB runs the SQL over the same CSVs.
	write(t, filepath.Join(agg, "config.toml"), config+aggSources)
	write(t, filepath.Join(agg, "data", "iterations.toml"), string(iters))
	out := filepath.Join(agg, "data", "aggregates")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	script, err := os.ReadFile("../../sql/aggregates.sql")
	if err != nil {
		t.Fatal(err)
	}
	stmts := []string{
		fmt.Sprintf(`CREATE TABLE metrics AS SELECT item, iteration, metric, CAST(value AS DOUBLE) AS value, slice
			FROM read_csv(%s, header = true, all_varchar = true)`, quote(filepath.Join(raw, "data", "metrics", "metrics.csv"))),
		fmt.Sprintf(`CREATE TABLE ratings AS SELECT item, rater, iteration, dimension, value
			FROM read_csv(%s, header = true, all_varchar = true)`, quote(filepath.Join(raw, "data", "annotations", "ratings.csv"))),
	}
	// The pairs evalbook compares: each iteration with its baseline, else
	// with the previous one.
	stmts = append(stmts, `CREATE TABLE pairs (iteration VARCHAR, against VARCHAR)`)
	for i, it := range a.Project.Iterations {
		against := it.Baseline
		if against == "" && i > 0 {
			against = a.Project.Iterations[i-1].ID
		}
		if against != "" {
			stmts = append(stmts, fmt.Sprintf(`INSERT INTO pairs VALUES (%s, %s)`, quote(it.ID), quote(against)))
		}
	}
	stmts = append(stmts, passes.sql()...)
	stmts = append(stmts, fmt.Sprintf(`CREATE TABLE replicates AS SELECT CAST(range AS INTEGER) AS replicate FROM range(1, %d)`, replicates+1))
	stmts = append(stmts, splitSQL(string(script))...)
	stmts = append(stmts,
		// Parquet for the metric moments, CSV for the others: both readers.
		fmt.Sprintf(`COPY (SELECT * FROM metric_moments ORDER BY metric, iteration, slice) TO %s (FORMAT PARQUET)`, quote(filepath.Join(out, "metric_moments.parquet"))),
		fmt.Sprintf(`COPY (SELECT * FROM coincidences WHERE dimension <> 'cont' ORDER BY dimension, iteration, value_a, value_b) TO %s (HEADER)`, quote(filepath.Join(out, "coincidences.csv"))),
		fmt.Sprintf(`COPY (SELECT * FROM alpha_moments WHERE dimension = 'cont' ORDER BY dimension, iteration) TO %s (HEADER)`, quote(filepath.Join(out, "alpha_moments.csv"))),
		fmt.Sprintf(`COPY (SELECT * FROM rater_moments ORDER BY dimension, iteration, rater) TO %s (HEADER)`, quote(filepath.Join(out, "rater_moments.csv"))),
		fmt.Sprintf(`COPY (SELECT * FROM paired_moments ORDER BY metric, iteration, against) TO %s (FORMAT PARQUET)`, quote(filepath.Join(out, "paired_moments.parquet"))),
		fmt.Sprintf(`COPY (SELECT * FROM rater_pairs ORDER BY ALL) TO %s (HEADER)`, quote(filepath.Join(out, "rater_pairs.csv"))),
		fmt.Sprintf(`COPY (SELECT * FROM pearson_sums ORDER BY metric, dimension, iteration) TO %s (HEADER)`, quote(filepath.Join(out, "pearson_sums.csv"))),
		fmt.Sprintf(`COPY (SELECT * FROM metric_replicates ORDER BY metric, iteration, replicate) TO %s (FORMAT PARQUET)`, quote(filepath.Join(out, "metric_replicates.parquet"))),
		fmt.Sprintf(`COPY (SELECT * FROM verdict_counts ORDER BY metric, dimension, iteration) TO %s (HEADER)`, quote(filepath.Join(out, "verdict_counts.csv"))),
	)
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%v\n%s", err, s)
		}
	}

	reps := checkReplicates(t, db, a.Project)

	for _, dir := range []string{raw, agg} {
		if _, err := build.Build(build.Options{Source: dir, Output: filepath.Join(dir, "site")}); err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
	}
	checkReplicateCIs(t, filepath.Join(agg, "site", "api", "metrics.json"), reps)
	// The metric page says where its interval came from.
	if page, err := os.ReadFile(filepath.Join(agg, "site", "metrics", "answer_accuracy.html")); err != nil {
		t.Error(err)
	} else if want := fmt.Sprintf("percentile interval of %d Poisson bootstrap replicates", replicates); !strings.Contains(string(page), want) {
		t.Errorf("metrics/answer_accuracy.html does not say %q", want)
	}
	c := &comparison{t: t}
	for _, name := range []string{"metrics.json", "annotations.json", "agreement.json", "raters.json", "discrepancy.json"} {
		c.file(filepath.Join(raw, "site", "api", name), filepath.Join(agg, "site", "api", name))
	}
	t.Logf("%d figures compared, %d left out (null or empty from aggregates); by key %v", c.n, c.skipped, c.byKey)
	for _, key := range []string{"mean", "sd", "delta", "mean_against", "effect", "cohen_kappa", "cohen_kappa_linear", "cohen_kappa_quadratic", "agreement", "pearson", "spearman", "kendall_tau_b", "alpha", "alpha_nominal", "alpha_interval", "alpha_ordinal", "alpha_ratio", "n_ratings", "n_raters", "both_pass", "neither_pass", "kappa", "kappa_low"} {
		if c.byKey[key] == 0 {
			t.Errorf("no %q compared", key)
		}
	}
}

// replicates is how many Poisson bootstrap replicates the SQL draws.
const replicates = 100

// checkReplicates compares the SQL's Poisson bootstrap replicate sums with
// the same sums computed here from the rows with stats.PoissonWeight: the
// engine and evalbook must weight every item alike.
// It returns the sums per metric and iteration, in replicate order.
func checkReplicates(t *testing.T, db *sql.DB, p *project.Project) map[[2]string][][2]float64 {
	type key struct {
		metric, iteration string
		replicate         int
	}
	want := map[key][2]float64{}
	for _, m := range p.Metrics {
		for _, v := range m.Values.Rows() {
			if v.Item == "" {
				continue
			}
			for r := 1; r <= replicates; r++ {
				w := float64(stats.PoissonWeight(v.Item, r))
				k := key{m.Name, v.Iteration, r}
				s := want[k]
				want[k] = [2]float64{s[0] + w, s[1] + w*v.Value}
			}
		}
	}
	rows, err := db.Query(`SELECT metric, iteration, replicate, n, sum FROM metric_replicates`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var k key
		var cnt, sum float64
		if err := rows.Scan(&k.metric, &k.iteration, &k.replicate, &cnt, &sum); err != nil {
			t.Fatal(err)
		}
		w, ok := want[k]
		if !ok || w[0] != cnt || math.Abs(w[1]-sum) > 1e-9*max(1, math.Abs(sum)) {
			t.Errorf("replicate %+v: n %v, sum %v from SQL; %v, %v here", k, cnt, sum, w[0], w[1])
		}
		n++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n != len(want) {
		t.Errorf("%d replicate rows from SQL; want %d", n, len(want))
	}
	out := map[[2]string][][2]float64{}
	for r := 1; r <= replicates; r++ {
		for k, w := range want {
			if k.replicate == r {
				out[[2]string{k.metric, k.iteration}] = append(out[[2]string{k.metric, k.iteration}], w)
			}
		}
	}
	return out
}

// checkReplicateCIs checks that every metric point of the aggregate site
// whose iteration has replicates takes its interval from them: the
// percentile interval of the replicate means.
func checkReplicateCIs(t *testing.T, metricsJSON string, reps map[[2]string][][2]float64) {
	data, err := os.ReadFile(metricsJSON)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Confidence float64
		Metrics    []struct {
			Metric string
			Points []struct {
				Iteration  string
				Replicates int
				CI         *struct{ Low, High float64 }
			}
		}
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, m := range doc.Metrics {
		for _, pt := range m.Points {
			r := reps[[2]string{m.Metric, pt.Iteration}]
			if len(r) == 0 {
				continue
			}
			sums, counts := make([]float64, len(r)), make([]float64, len(r))
			for i, x := range r {
				counts[i], sums[i] = x[0], x[1]
			}
			lo, hi := stats.ReplicateMeansCI(sums, counts, doc.Confidence)
			if pt.Replicates != replicates || pt.CI == nil || math.Abs(pt.CI.Low-lo) > 1e-12 || math.Abs(pt.CI.High-hi) > 1e-12 {
				t.Errorf("%s %s: %d replicates, CI %+v; want %d and [%v, %v]", m.Metric, pt.Iteration, pt.Replicates, pt.CI, replicates, lo, hi)
			}
			checked++
		}
	}
	if checked == 0 {
		t.Error("no metric point with replicates")
	}
}

// comparison walks two JSON documents in step: the one from the rows and
// the one from the aggregates.
type comparison struct {
	t          *testing.T
	n, skipped int
	byKey      map[string]int
}

// byMethod are the fields an aggregate object computes differently (a t
// interval instead of a bootstrap one) or not at all.
var byMethod = []string{"ci", "method", "unavailable", "n_items", "distribution", "reason",
	"p", "p_method", "p_adjusted", "weight", "tests", "verdict", "significant", "pearson_low", "pearson_high"}

// labels are the string fields that say which figure an object holds: they
// must agree, so that arrays line up.
var labels = []string{"metric", "dimension", "iteration", "rater", "slice", "level", "status", "direction", "scale"}

func (c *comparison) file(rawPath, aggPath string) {
	var a, b any
	for _, x := range []struct {
		path string
		v    *any
	}{{rawPath, &a}, {aggPath, &b}} {
		data, err := os.ReadFile(x.path)
		if err != nil {
			c.t.Fatal(err)
		}
		if err := json.Unmarshal(data, x.v); err != nil {
			c.t.Fatalf("%s: %v", x.path, err)
		}
	}
	if c.byKey == nil {
		c.byKey = map[string]int{}
	}
	if filepath.Base(rawPath) == "discrepancy.json" {
		// The correlations and the verdicts: the dimensions' unit counts
		// and the findings need the rows.
		keep := func(v any) any {
			m := v.(map[string]any)
			return map[string]any{"records": m["records"], "verdicts": m["verdicts"]}
		}
		a, b = keep(a), keep(b)
	}
	c.walk(filepath.Base(rawPath), "", a, b)
}

func (c *comparison) walk(at, key string, a, b any) {
	switch bv := b.(type) {
	case nil:
		if a != nil {
			c.skipped++
		}
	case map[string]any:
		av, ok := a.(map[string]any)
		if !ok {
			c.t.Errorf("%s: an object from aggregates, %T from rows", at, a)
			return
		}
		method, _ := bv["method"].(string)
		aggregate := strings.HasPrefix(method, "aggregate")
		for _, k := range slices.Sorted(mapsKeys(bv)) {
			if aggregate && slices.Contains(byMethod, k) {
				continue
			}
			if _, comparison := bv["against"]; aggregate && comparison && k == "slices" {
				continue // slice comparisons need the items
			}
			if _, ok := av[k]; !ok {
				continue // a field only aggregates have
			}
			c.walk(at+"."+k, k, av[k], bv[k])
		}
	case []any:
		av, ok := a.([]any)
		if !ok {
			c.t.Errorf("%s: an array from aggregates, %T from rows", at, a)
			return
		}
		if len(bv) == 0 {
			c.skipped += len(av)
			return
		}
		if len(av) != len(bv) {
			c.t.Errorf("%s: %d entries from rows, %d from aggregates", at, len(av), len(bv))
			return
		}
		for i := range bv {
			c.walk(fmt.Sprintf("%s[%d]", at, i), key, av[i], bv[i])
		}
	case float64:
		av, ok := a.(float64)
		if !ok {
			if a == nil {
				c.t.Errorf("%s: %v from aggregates, null from rows", at, bv)
			}
			return
		}
		if math.Abs(av-bv) > 1e-9*max(1, math.Abs(av)) {
			c.t.Errorf("%s: %.15g from rows, %.15g from aggregates", at, av, bv)
		}
		c.n++
		c.byKey[key]++
	case string:
		if slices.Contains(labels, key) && a != bv {
			c.t.Errorf("%s: %q from rows, %q from aggregates", at, a, bv)
		}
	}
}

func mapsKeys(m map[string]any) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// splitSQL splits a script into statements at semicolons that end a line,
// dropping comment lines.
func splitSQL(script string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(script, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "--") {
			continue
		}
		cur.WriteString(line + "\n")
		if strings.HasSuffix(strings.TrimSpace(line), ";") {
			out = append(out, strings.TrimSpace(cur.String()))
			cur.Reset()
		}
	}
	return out
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func writeCSV(t *testing.T, path string, rows [][]string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
