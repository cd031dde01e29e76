package experiment

import (
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/evalbook/evalbook/internal/alert"
	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/stats"
)

// calibrationRuns scales the calibration test: go test
// ./internal/experiment/ -run Calibration -v -calibration=5000 runs 5,000
// null projects per setting and logs every rate (BENCHMARKS.md).
var calibrationRuns = flag.Int("calibration", 0, "null projects per setting of TestCalibration (0: the CI size)")

// nullSpec describes the null projects of one calibration setting.
type nullSpec struct {
	items   int  // items, in four slices
	metrics int  // continuous metrics
	binary  bool // plus one 0/1 metric
}

// nullProject returns iterations a and b (b's baseline a) where b = a +
// noise on every item: continuous metrics get symmetric normal noise, the
// 0/1 metric keeps a's value with probability 0.7 and is drawn afresh
// (success 0.7) otherwise, so each pair (a, b) is exchangeable. One metric
// has a MaxRegression, so that limits are exercised too.
func nullProject(rng *rand.Rand, s nullSpec) *project.Project {
	p := twoIterations()
	slice := func(i int) string { return []string{"de", "en", "es", "ja"}[i%4] }
	add := func(name string, a, b func(i int) float64) {
		m := project.Metric{Name: name, Direction: project.HigherIsBetter}
		for i := range s.items {
			id := fmt.Sprintf("q%04d", i)
			va := a(i)
			m.Values.Append(
				project.MetricValue{Iteration: "a", Item: id, Value: va, Slice: slice(i)},
				project.MetricValue{Iteration: "b", Item: id, Value: b(i) + va, Slice: slice(i)})
		}
		p.Metrics = append(p.Metrics, m)
	}
	for j := range s.metrics {
		add(fmt.Sprintf("m%d", j), func(int) float64 { return 5 + rng.NormFloat64() },
			func(int) float64 { return 0.5 * rng.NormFloat64() })
	}
	if s.binary {
		var a []float64
		add("acc", func(int) float64 {
			v := float64(pick(rng.Float64() < 0.7, 1, 0))
			a = append(a, v)
			return v
		}, func(i int) float64 {
			if rng.Float64() < 0.7 {
				return 0 // b = a
			}
			return float64(pick(rng.Float64() < 0.7, 1, 0)) - a[i]
		})
	}
	return p
}

// rates are the outcomes of many null projects.
type rates struct {
	projects, alarmed                     int // projects, those with a warning or error
	tests, significant                    int // comparisons and slices, those significant
	intervals, below, above               int // continuous aggregate intervals, those wholly below or above 0
	comparisons, flagged, possiblyFlagged int // comparisons, those "better"/"worse", "possibly ..."
	sliceAlerts, regressAlert             int
}

func (r rates) share(k, n int) float64 { return float64(k) / float64(n) }

func runNull(s nullSpec, runs int, seed uint64) rates {
	rng := stats.NewRand(seed)
	f := func(v float64) *float64 { return &v }
	opt := Options{Seed: seed, MetricThresholds: map[string]config.Thresholds{"m0": {MaxRegression: f(0.05)}}}
	var r rates
	for range runs {
		rep := Analyse(nullProject(rng, s), opt)
		r.projects++
		if sev, ok := alert.Max(rep.Alerts); ok && sev >= alert.Warning {
			r.alarmed++
		}
		for _, a := range rep.Alerts {
			switch {
			case a.Kind == KindSlice:
				r.sliceAlerts++
			case a.Kind == KindRegression && a.Severity >= alert.Warning:
				r.regressAlert++
			}
		}
		for _, c := range rep.Comparisons {
			r.tests++
			r.comparisons++
			r.significant += b2i(c.Significant)
			r.flagged += b2i(c.Verdict == Better || c.Verdict == Worse)
			r.possiblyFlagged += b2i(c.Verdict == PossiblyBetter || c.Verdict == PossiblyWorse)
			for _, sl := range c.Slices {
				r.tests++
				r.significant += b2i(sl.Significant)
			}
			if c.Subject == "acc" || c.CI == nil {
				continue
			}
			r.intervals++
			r.below += b2i(c.CI.High < 0)
			r.above += b2i(c.CI.Low > 0)
		}
	}
	return r
}

func b2i(b bool) int { return pick(b, 1, 0) }

// within reports whether a share k/n is within z binomial standard errors
// of want; atMost only checks the upper side.
func within(k, n int, want, z float64, atMost bool) bool {
	got := float64(k) / float64(n)
	se := math.Sqrt(want * (1 - want) / float64(n))
	if atMost {
		return got <= want+z*se
	}
	return math.Abs(got-want) <= z*se
}

// TestCalibration runs null projects (b = a + noise, four slices) and
// checks what a reader acts on: the share of projects with any warning or
// error stays at most alpha (0.05; about half that, since only falls raise
// alerts) for one and three metrics, with a 0/1 metric; and the 95%
// intervals cover the true change 0 with each tail missed about 2.5% of
// the time at n = 15, 50 and 200. Tolerances are 3 binomial standard
// errors (the chance that a calibrated run fails one check is about 0.1%,
// and the seed is fixed). -short runs fewer projects; -calibration N runs
// N per setting.
func TestCalibration(t *testing.T) {
	t.Parallel()
	const alpha, tail = 0.05, 0.025
	for _, tc := range []struct {
		s           nullSpec
		runs, short int
	}{
		// At n = 15 the sign-flip test enumerates 2^15 patterns per metric,
		// which sets the cost.
		{nullSpec{15, 1, false}, 600, 200},
		{nullSpec{15, 3, true}, 300, 60},
		{nullSpec{50, 1, false}, 400, 150},
		{nullSpec{50, 3, true}, 400, 150},
		{nullSpec{200, 3, true}, 300, 60},
	} {
		s, runs := tc.s, pick(testing.Short(), tc.short, tc.runs)
		if *calibrationRuns > 0 {
			runs = *calibrationRuns
		}
		name := fmt.Sprintf("n%d_metrics%d_binary%v", s.items, s.metrics, s.binary)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := runNull(s, runs, stats.Seed(1, name))
			t.Logf("%s: %d projects: alarmed %.4f (slice %d, regression %d); tests %d, significant %.4f; comparisons %d: better/worse %.4f, possibly %.4f; %d intervals: below %.4f, above %.4f, coverage %.4f",
				name, r.projects, r.share(r.alarmed, r.projects), r.sliceAlerts, r.regressAlert,
				r.tests, r.share(r.significant, r.tests), r.comparisons, r.share(r.flagged, r.comparisons), r.share(r.possiblyFlagged, r.comparisons),
				r.intervals, r.share(r.below, r.intervals), r.share(r.above, r.intervals),
				1-r.share(r.below+r.above, r.intervals))
			if !within(r.alarmed, r.projects, alpha, 3, true) {
				t.Errorf("%d of %d null projects raised a warning or error; want at most alpha %v", r.alarmed, r.projects, alpha)
			}
			if !within(r.significant, r.tests, alpha, 3, true) {
				t.Errorf("%d of %d null tests significant; want at most alpha %v", r.significant, r.tests, alpha)
			}
			if !within(r.flagged, r.comparisons, alpha, 3, true) {
				t.Errorf("%d of %d null comparisons better or worse; want at most alpha %v", r.flagged, r.comparisons, alpha)
			}
			if !within(r.below, r.intervals, tail, 3, false) || !within(r.above, r.intervals, tail, 3, false) {
				t.Errorf("intervals wholly below 0: %d, above: %d of %d; want %v each", r.below, r.above, r.intervals, tail)
			}
			if !within(r.intervals-r.below-r.above, r.intervals, 1-2*tail, 3, false) {
				t.Errorf("coverage %d of %d; want %v", r.intervals-r.below-r.above, r.intervals, 1-2*tail)
			}
		})
	}
}
