package aggtest

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/evalbook/evalbook/internal/build"
)

// TestBenchAggregates is the benchmark of BENCHMARKS.md ("Issue 13:
// aggregates"), run only when AGGTEST_BENCH names a number of ratings
// (100000000 for the figure):
//
//	cd internal/aggtest && AGGTEST_BENCH=100000000 go test -run BenchAggregates -v -timeout 2h
//
// DuckDB writes that many ratings (10 raters x 10 interval dimensions x 10
// iterations over as many items as it takes, values 1-5 with an item
// effect) and two per-item metrics as Parquet, then the timed part: DuckDB
// reads the Parquet files, runs sql/aggregates.sql and writes the
// aggregates as Parquet; then evalbook builds the site from them. It logs
// wall and CPU time of both.
func TestBenchAggregates(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("AGGTEST_BENCH"))
	if n <= 0 {
		t.Skip("set AGGTEST_BENCH to a number of ratings")
	}
	const raters, dims, iters = 10, 10, 10
	items := max(1, n/(raters*dims*iters))
	dir := t.TempDir()
	if keep := os.Getenv("AGGTEST_KEEP"); keep != "" {
		dir = keep
	}
	raw, agg := filepath.Join(dir, "raw"), filepath.Join(dir, "agg")
	for _, d := range []string{raw, filepath.Join(agg, "data", "aggregates")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.Exec(fmt.Sprintf(q, args...)); err != nil {
			t.Fatalf("%v\n%s", err, q)
		}
	}
	// A shared machine: bound DuckDB's memory, spilling to disk beyond it.
	exec(`SET memory_limit = '6GB'`)
	exec(`SET temp_directory = %s`, quote(filepath.Join(dir, "duckdb.tmp")))
	// The inputs, untimed.
	exec(`COPY (
		SELECT 'q' || u.i AS item, 'r' || r.i AS rater, 'v' || (t.i + 1) AS iteration, 'd' || d.i AS dimension,
		       CAST(LEAST(5, GREATEST(1, 3 + (hash(u.i, d.i) %% 3) - 1 + (hash(u.i, d.i, r.i, t.i) %% 3) - 1 + CAST(t.i >= 5 AS INT))) AS VARCHAR) AS value
		FROM range(%d) u(i), range(%d) r(i), range(%d) t(i), range(%d) d(i)
	) TO %s (FORMAT PARQUET)`, items, raters, iters, dims, quote(filepath.Join(raw, "ratings.parquet")))
	exec(`COPY (
		SELECT 'q' || u.i AS item, 'v' || (t.i + 1) AS iteration, 'm' || m.i AS metric,
		       (hash(u.i, t.i, m.i) %% 1000) / 1000.0 + t.i / 100.0 AS value, NULL::VARCHAR AS slice
		FROM range(%d) u(i), range(%d) t(i), range(2) m(i)
	) TO %s (FORMAT PARQUET)`, items, iters, quote(filepath.Join(raw, "metrics.parquet")))
	var iterTOML string
	for i := 1; i <= iters; i++ {
		iterTOML += fmt.Sprintf("[[iteration]]\nid = \"v%d\"\n", i)
	}
	write(t, filepath.Join(agg, "data", "iterations.toml"), iterTOML)
	write(t, filepath.Join(agg, "config.toml"), "title = \"bench\"\n"+aggSources)
	script, err := os.ReadFile("../../sql/aggregates.sql")
	if err != nil {
		t.Fatal(err)
	}

	// DuckDB: Parquet -> aggregates, timed.
	start, cpu0 := time.Now(), cpuTime()
	exec(`CREATE VIEW ratings AS SELECT * FROM read_parquet(%s)`, quote(filepath.Join(raw, "ratings.parquet")))
	exec(`CREATE VIEW metrics AS SELECT * FROM read_parquet(%s)`, quote(filepath.Join(raw, "metrics.parquet")))
	exec(`CREATE TABLE pairs AS SELECT 'v' || (i + 2) AS iteration, 'v' || (i + 1) AS against FROM range(%d) r(i)`, iters-1)
	for _, s := range splitSQL(string(script)) {
		exec("%s", s)
	}
	for _, v := range []string{"metric_moments", "paired_moments", "coincidences", "rater_moments", "pearson_sums"} {
		exec(`COPY (SELECT * FROM %s) TO %s (FORMAT PARQUET)`, v, quote(filepath.Join(agg, "data", "aggregates", v+".parquet")))
	}
	engineWall, engineCPU := time.Since(start), cpuTime()-cpu0

	// evalbook: aggregates -> site, timed.
	start, cpu0 = time.Now(), cpuTime()
	res, err := build.Build(build.Options{Source: agg, Output: filepath.Join(agg, "site")})
	if err != nil {
		t.Fatal(err)
	}
	buildWall, buildCPU := time.Since(start), cpuTime()-cpu0
	load, _ := os.ReadFile("/proc/loadavg")
	t.Logf("%d ratings (%d items), %d metric values", items*raters*dims*iters, items, items*iters*2)
	t.Logf("DuckDB, Parquet -> aggregates: wall %v, CPU %v", engineWall.Round(time.Millisecond), engineCPU.Round(time.Millisecond))
	t.Logf("evalbook build from aggregates: wall %v, CPU %v, %d pages", buildWall.Round(time.Millisecond), buildCPU.Round(time.Millisecond), res.Pages)
	t.Logf("load average after: %s", load)
}

// cpuTime returns the process's user and system CPU time so far (DuckDB's
// threads included: it runs in the process).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
