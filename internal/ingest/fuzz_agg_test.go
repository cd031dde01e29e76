package ingest

import (
	"math"
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/project"
)

// FuzzAggregates reads one aggregate file (docs/aggregates.md), seeded with
// a row or two of every table and with the contradictions the reader must
// refuse. For any input: no panic, an error that starts with the file's
// path, and on success only finite numbers, whole non-negative counts and
// positions in that file.
func FuzzAggregates(f *testing.F) {
	for _, s := range []string{
		"metric,iteration,slice,n,sum,sumsq\nacc,v1,,4,3,3\nacc,v1,de,2,1,1\nacc,v2,,2,2,2\n",
		"metric,iteration,n,sum,sumsq\nacc,v1,0,1,1\n",
		"dimension,iteration,value_a,value_b,count\nhelp,v1,1,1,2\nhelp,v1,1,2,1\nhelp,v1,2,1,1\n",
		"dimension,iteration,value_a,value_b,count\ntone,v1,ok,rude,1\ntone,v1,rude,ok,0.5\n",
		"metric,iteration,against,n,sum_a,sum_b,sum_d,sumsq_d\nacc,v2,v1,2,2,3,-1,1\n",
		"metric,dimension,iteration,n,sx,sy,sxx,syy,sxy\nacc,help,v1,3,1.5,9,1.25,29,5\n",
		"dimension,iteration,rater_a,rater_b,value_a,value_b,count\nhelp,v1,r1,r2,3,4,2\nhelp,v1,r2,r1,3,4,2\n",
		"dimension,iteration,n,sum,sumsq,within,min,max\ncont,v1,6,21,91,4,1,6\n",
		"dimension,iteration,rater,n,sum,sumsq\nhelp,v1,r1,2,3,5\n",
		"metric,dimension,iteration,both_pass,metric_only,humans_only,neither_pass\nacc,help,v1,3,1,0,2\n",
		"metric,iteration,replicate,n,sum\nacc,v1,1,3,2.5\nacc,v1,2,0,0\n",
		"metric,iteration,n,sum,sumsq,mean\n",
		"metric,n\nacc,1\n",
		"",
	} {
		f.Add(s)
	}
	const name = "agg/a.csv"
	f.Fuzz(func(t *testing.T, data string) {
		p, _, err := Load(aggConfig(), files{name: data}.fs())
		if err != nil {
			if !strings.HasPrefix(err.Error(), name+":") {
				t.Fatalf("error does not start with %q: %v", name+":", err)
			}
			return
		}
		finite := func(what string, pos project.Pos, xs ...float64) {
			for _, x := range xs {
				if math.IsNaN(x) || math.IsInf(x, 0) || pos.File != name || pos.Line < 2 {
					t.Fatalf("bad %s at %v: %v", what, pos, xs)
				}
			}
		}
		whole := func(what string, pos project.Pos, xs ...float64) {
			finite(what, pos, xs...)
			for _, x := range xs {
				if x < 0 || x != math.Trunc(x) {
					t.Fatalf("%s at %v: count %v is not whole", what, pos, x)
				}
			}
		}
		for _, m := range p.Metrics {
			for _, r := range m.Moments {
				whole("moments", r.Pos, r.N)
				finite("moments", r.Pos, r.Sum, r.SumSq)
			}
			for _, r := range m.Paired {
				whole("paired moments", r.Pos, r.N)
				finite("paired moments", r.Pos, r.SumA, r.SumB, r.SumD, r.SumSqD)
			}
			for _, r := range m.Pearson {
				whole("Pearson sums", r.Pos, r.N)
				finite("Pearson sums", r.Pos, r.SX, r.SY, r.SXX, r.SYY, r.SXY)
			}
			for _, r := range m.Verdicts {
				whole("verdict counts", r.Pos, r.BothPass, r.MetricOnly, r.HumansOnly, r.NeitherPass)
			}
			for _, r := range m.Replicates {
				whole("replicate", r.Pos, r.N, float64(r.Replicate))
				finite("replicate", r.Pos, r.Sum)
				if r.N == 0 && r.Sum != 0 {
					t.Fatalf("replicate without weight has sum %v", r.Sum)
				}
			}
		}
		for _, d := range p.Dimensions {
			for _, c := range d.Coincidences {
				finite("coincidence", c.Pos, c.Count)
				if c.Count < 0 {
					t.Fatalf("negative coincidence %+v", c)
				}
			}
			for _, r := range d.RaterMoments {
				whole("rater moments", r.Pos, r.N)
				finite("rater moments", r.Pos, r.Sum, r.SumSq)
			}
			for _, r := range d.RaterPairs {
				whole("rater pair", r.Pos, r.Count)
				if !(r.RaterA < r.RaterB) {
					t.Fatalf("rater pair out of order %+v", r)
				}
			}
			for _, r := range d.AlphaMoments {
				whole("alpha moments", r.Pos, r.N)
				finite("alpha moments", r.Pos, r.Sum, r.SumSq, r.Within)
			}
		}
	})
}
