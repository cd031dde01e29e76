package synth

import (
	"math"
	"slices"
	"strconv"
	"testing"
)

// raterFigures are one rater's figures on one dimension in one iteration,
// computed here from the raw ratings as package reliability defines them,
// so the example's story can be checked without it.
type raterFigures struct {
	offset    float64 // mean of (rating - mean of the others' ratings of the item)
	agreement float64 // correlation with the others' mean (numeric dimensions)
	goldN     int     // ratings of gold items
	goldHits  int     // of which equal to the known answer
}

// unitKey identifies the ratings of one item in one iteration.
type unitKey struct {
	iteration int
	id        string
}

// units groups the ratings of one dimension by iteration and item, rater
// -> value as written.
func units(d *dataset, dim string) map[unitKey]map[string]string {
	out := map[unitKey]map[string]string{}
	for _, r := range d.ratings {
		if r.dimension != dim {
			continue
		}
		k := unitKey{r.iteration, r.id}
		if out[k] == nil {
			out[k] = map[string]string{}
		}
		out[k][r.rater] = r.value
	}
	return out
}

// raterStats returns per iteration, per rater, the figures on dim.
func raterStats(d *dataset, dim string) []map[string]*raterFigures {
	out := make([]map[string]*raterFigures, len(d.spec.Iterations))
	type pairs struct{ x, y []float64 }
	xy := make([]map[string]*pairs, len(out))
	for i := range out {
		out[i], xy[i] = map[string]*raterFigures{}, map[string]*pairs{}
		for _, r := range d.spec.Raters {
			out[i][r.ID], xy[i][r.ID] = &raterFigures{}, &pairs{}
		}
	}
	answers := goldAnswers(d, dim)
	for k, vals := range units(d, dim) {
		for rater, v := range vals {
			f := out[k.iteration][rater]
			if ans, ok := answers[k.id]; ok {
				f.goldN++
				if v == ans {
					f.goldHits++
				}
			}
			x, err := strconv.ParseFloat(v, 64)
			if err != nil || len(vals) < 2 {
				continue
			}
			sum := 0.0
			for other, w := range vals {
				if other != rater {
					y, _ := strconv.ParseFloat(w, 64)
					sum += y
				}
			}
			p := xy[k.iteration][rater]
			p.x, p.y = append(p.x, x), append(p.y, sum/float64(len(vals)-1))
		}
	}
	for i := range out {
		for rater, p := range xy[i] {
			if len(p.x) == 0 {
				continue
			}
			diff := 0.0
			for j := range p.x {
				diff += p.x[j] - p.y[j]
			}
			out[i][rater].offset = diff / float64(len(p.x))
			out[i][rater].agreement = pearson(p.x, p.y)
		}
	}
	return out
}

// goldAnswers returns the known answers on dim by gold item ID, as written
// in items.jsonl.
func goldAnswers(d *dataset, dim string) map[string]string {
	out := map[string]string{}
	for k, g := range d.gold {
		if v, ok := d.goldJSON(k)[dim]; ok {
			switch v := v.(type) {
			case float64:
				out[g.id] = strconv.FormatFloat(v, 'f', -1, 64)
			case string:
				out[g.id] = v
			}
		}
	}
	return out
}

func pearson(x, y []float64) float64 {
	n := float64(len(x))
	var sx, sy, sxx, syy, sxy float64
	for i := range x {
		sx, sy = sx+x[i], sy+y[i]
		sxx, syy, sxy = sxx+x[i]*x[i], syy+y[i]*y[i], sxy+x[i]*y[i]
	}
	return (sxy - sx*sy/n) / math.Sqrt((sxx-sx*sx/n)*(syy-sy*sy/n))
}

// alpha returns Krippendorff's alpha of dim in iteration i: interval for
// numbers, nominal for labels. Units are items; an item with one rating is
// not pairable. D_o and D_e come from the sums over ordered pairs of values
// within units and over all pairable values, the textbook definition.
func alpha(d *dataset, dim string, i int) float64 {
	var all []string
	do, n := 0.0, 0.0
	for k, vals := range units(d, dim) {
		if k.iteration != i || len(vals) < 2 {
			continue
		}
		var vs []string
		for _, v := range vals {
			vs = append(vs, v)
		}
		do += pairSum(vs) / float64(len(vs)-1)
		n += float64(len(vs))
		all = append(all, vs...)
	}
	de := pairSum(all) / (n - 1)
	return 1 - do/de
}

// pairSum is the sum of the distances of all ordered pairs of values:
// squared differences for numbers, 1 per differing pair for labels.
func pairSum(vs []string) float64 {
	var sum, sq float64
	numeric := true
	counts := map[string]float64{}
	for _, v := range vs {
		x, err := strconv.ParseFloat(v, 64)
		numeric = numeric && err == nil
		sum, sq = sum+x, sq+x*x
		counts[v]++
	}
	m := float64(len(vs))
	if numeric {
		return 2 * (m*sq - sum*sum)
	}
	same := 0.0
	for _, c := range counts {
		same += c * c
	}
	return m*m - same
}

// TestPairSum checks pairSum against a direct double loop.
func TestPairSum(t *testing.T) {
	for _, vs := range [][]string{{"1", "2", "4"}, {"a", "b", "a", "c"}, {"3", "3"}} {
		want := 0.0
		for i, a := range vs {
			for j, b := range vs {
				if i == j {
					continue
				}
				x, errA := strconv.ParseFloat(a, 64)
				y, errB := strconv.ParseFloat(b, 64)
				switch {
				case errA == nil && errB == nil:
					want += (x - y) * (x - y)
				case a != b:
					want++
				}
			}
		}
		if got := pairSum(vs); got != want {
			t.Errorf("pairSum(%q) = %v; want %v", vs, got, want)
		}
	}
}

// TestAlphaKrippendorff checks alpha on the interval example of
// Krippendorff (2011), "Computing Krippendorff's alpha-reliability": four
// observers, twelve units, alpha interval 0.849.
func TestAlphaKrippendorff(t *testing.T) {
	data := [][]string{ // units in columns, observers in rows; "" missing
		{"1", "2", "3", "3", "2", "1", "4", "1", "2", "", "", ""},
		{"1", "2", "3", "3", "2", "2", "4", "1", "2", "5", "", "3"},
		{"", "3", "3", "3", "2", "3", "4", "2", "2", "5", "1", ""},
		{"1", "2", "3", "3", "2", "4", "4", "1", "2", "5", "1", ""},
	}
	d := &dataset{spec: Spec{Iterations: []Iteration{{ID: "v1"}}}}
	for o, row := range data {
		for u, v := range row {
			if v != "" {
				d.ratings = append(d.ratings, rating{id: strconv.Itoa(u), rater: strconv.Itoa(o), dimension: "x", value: v})
			}
		}
	}
	if got := alpha(d, "x", 0); math.Abs(got-0.849) > 0.0005 {
		t.Errorf("alpha = %.4f; want 0.849", got)
	}
}

// reliabilityProblems lists the ways the example fails its reliability
// story: r4 drifts lenient on helpfulness to about a point by v6 and loses
// accuracy on gold items, while the others stay close to each other and
// steady. The others' offsets are measured against a consensus that
// includes r4, so r4's drift pulls them down by about a quarter of its own
// offset; hence their bound of 0.35.
func reliabilityProblems(d *dataset) []string {
	var problems []string
	expect := func(ok bool, what string) {
		if !ok {
			problems = append(problems, what)
		}
	}
	help := raterStats(d, "helpfulness")
	last := len(help) - 1
	for i, rs := range help {
		for rater, f := range rs {
			if rater != "r4" {
				expect(math.Abs(f.offset) <= 0.35, "a rater other than r4 is more than 0.35 off on helpfulness")
			}
			if i > 0 && rater != "r4" {
				expect(help[i-1][rater].agreement-f.agreement < 0.15, "a rater other than r4 loses 0.15 of agreement in one iteration")
			}
		}
	}
	expect(math.Abs(help[0]["r4"].offset) < 0.2 && math.Abs(help[1]["r4"].offset) < 0.2, "r4 is off before v3")
	expect(help[last]["r4"].offset >= 0.85 && help[last]["r4"].offset <= 1.3, "r4's offset by v6 is not about a point")
	expect(help[last-1]["r4"].offset > 0.5, "r4's offset in v5 is within 0.5")
	// Gold accuracy on factuality and tone, early (v1, v2) against late (v5, v6).
	acc := func(rater string, its ...int) float64 {
		hits, n := 0, 0
		for _, dim := range []string{"factuality", "tone"} {
			st := raterStats(d, dim)
			for _, i := range its {
				hits += st[i][rater].goldHits
				n += st[i][rater].goldN
			}
		}
		return float64(hits) / float64(n)
	}
	for _, r := range d.spec.Raters {
		early, late := acc(r.ID, 0, 1), acc(r.ID, last-1, last)
		if r.ID == "r4" {
			expect(early-late >= 0.25, "r4's gold accuracy does not fall by 0.25")
			expect(early >= 0.6, "r4's gold accuracy is low from the start")
		} else {
			expect(early-late <= 0.15, "the gold accuracy of a rater other than r4 falls by more than 0.15")
		}
	}
	return problems
}

func TestExampleReliability(t *testing.T) {
	d, err := generate(Example())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range reliabilityProblems(d) {
		t.Error(p)
	}
	if v3, v6 := alpha(d, "helpfulness", 2), alpha(d, "helpfulness", 5); v6 >= v3-0.05 {
		t.Errorf("helpfulness alpha %.3f in v6, %.3f in v3; r4's drift should lower it", v6, v3)
	}
	for i := range d.spec.Iterations {
		for _, dim := range []string{"helpfulness", "factuality", "tone"} {
			if a := alpha(d, dim, i); math.IsNaN(a) || a < 0.3 {
				t.Errorf("%s %s: alpha %.3f; the example's raters should agree at least somewhat", d.spec.Iterations[i].ID, dim, a)
			}
		}
	}
}

func TestPrintReliability(t *testing.T) {
	if !testing.Verbose() {
		t.Skip("prints the example's reliability figures with -v")
	}
	d, err := generate(Example())
	if err != nil {
		t.Fatal(err)
	}
	for _, dim := range []string{"helpfulness", "factuality", "tone"} {
		st := raterStats(d, dim)
		for i, rs := range st {
			line := ""
			raters := make([]string, 0, len(rs))
			for r := range rs {
				raters = append(raters, r)
			}
			slices.Sort(raters)
			for _, r := range raters {
				f := rs[r]
				line += " " + r + " off " + strconv.FormatFloat(f.offset, 'f', 2, 64) + " cor " + strconv.FormatFloat(f.agreement, 'f', 2, 64) +
					" gold " + strconv.Itoa(f.goldHits) + "/" + strconv.Itoa(f.goldN)
			}
			t.Logf("%s %s alpha %.3f:%s", dim, d.spec.Iterations[i].ID, alpha(d, dim, i), line)
		}
	}
}
