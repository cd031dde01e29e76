package stats

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
)

// classesOf returns units in classes of the given sizes, the classes
// interleaved as units of a data set would be.
func classesOf(sizes []int) []int32 {
	var class []int32
	left := append([]int(nil), sizes...)
	for more := true; more; {
		more = false
		for c := range left {
			if left[c] > 0 {
				class = append(class, int32(c))
				left[c]--
				more = true
			}
		}
	}
	return class
}

// TestClassDrawerMultinomial checks that ClassDrawer's counts follow the
// multinomial distribution of a resample of units: every resample has n
// units, and over 20,000 resamples each count's mean and every pair's
// covariance are those of Multinomial(n, size/n) (mean n pi_c, covariance
// n (pi_c [c = k] - pi_c pi_k)) within five standard errors of their
// estimates; so are those of IndexDrawer.CountBy, its unit-by-unit
// counterpart, as a check on the check. The classes mix large ones (drawn as
// binomials) and small ones (drawn unit by unit).
func TestClassDrawerMultinomial(t *testing.T) {
	sizes := []int{400, 3, 120, 1, 33, 31, 2, 80, 1, 64, 5, 32, 200}
	class := classesOf(sizes)
	n, C := len(class), len(sizes)
	const resamples = 20000
	draws := map[string]func(counts []uint32){}
	cd := NewClassDrawerSeed(1, class, C)
	draws["ClassDrawer"] = cd.Draw
	id := NewIndexDrawerSeed(1, n)
	draws["IndexDrawer"] = func(counts []uint32) { clear(counts); id.CountBy(counts, class, n) }
	if len(cd.big) == 0 || len(cd.restClass) == 0 {
		t.Fatalf("the classes do not take both ways: %d large, %d units in small ones", len(cd.big), len(cd.restClass))
	}
	for name, draw := range draws {
		sum := make([]float64, C)
		prod := make([]float64, C*C)
		counts := make([]uint32, C)
		for range resamples {
			draw(counts)
			total := 0
			for c, k := range counts {
				total += int(k)
				sum[c] += float64(k)
				for j := range C {
					prod[c*C+j] += float64(k) * float64(counts[j])
				}
			}
			if total != n {
				t.Fatalf("%s: a resample of %d units has %d", name, n, total)
			}
		}
		pi := func(c int) float64 { return float64(sizes[c]) / float64(n) }
		for c := range C {
			mean, want := sum[c]/resamples, float64(n)*pi(c)
			if se := math.Sqrt(want * (1 - pi(c)) / resamples); math.Abs(mean-want) > 5*se {
				t.Errorf("%s: class %d (%d units): mean count %v, want %v (se %v)", name, c, sizes[c], mean, want, se)
			}
			for k := range C {
				cov := prod[c*C+k]/resamples - sum[c]*sum[k]/resamples/resamples
				want := -float64(n) * pi(c) * pi(k)
				if c == k {
					want += float64(n) * pi(c)
				}
				vc, vk := float64(n)*pi(c)*(1-pi(c)), float64(n)*pi(k)*(1-pi(k))
				if se := math.Sqrt((vc*vk + want*want) / resamples); math.Abs(cov-want) > 5*se {
					t.Errorf("%s: classes %d, %d: covariance %v, want %v (se %v)", name, c, k, cov, want, se)
				}
			}
		}
	}
}

// referenceClassDraw draws ClassDrawer's resamples by their definition,
// from rng: the counts of the classes of at least bigClass units, largest
// first (ties in class order), as binomials conditional on those before,
// and the units of the other classes, pooled in unit order, drawn one by
// one (referenceDraws) for the trials left.
func referenceClassDraw(rng *rand.Rand, class []int32, classes int) func(counts []uint32) {
	size := make([]int, classes)
	for _, c := range class {
		size[c]++
	}
	var big []int
	for c := range classes {
		if size[c] >= bigClass {
			big = append(big, c)
		}
	}
	sort.SliceStable(big, func(i, j int) bool { return size[big[i]] > size[big[j]] })
	var rest []int32
	for _, c := range class {
		if size[c] < bigClass {
			rest = append(rest, c)
		}
	}
	return func(counts []uint32) {
		clear(counts)
		left, units := len(class), float64(len(class))
		for _, c := range big {
			k := Binomial(rng, left, float64(size[c])/units)
			counts[c] = uint32(k)
			left -= k
			units -= float64(size[c])
		}
		if left > 0 {
			for _, i := range referenceDraws(rng.Uint64, len(rest), left) {
				counts[rest[i]]++
			}
		}
	}
}

// TestClassDrawerSeed checks that NewClassDrawerSeed(seed) draws the
// resamples of referenceClassDraw from NewRand(seed), resample after
// resample, and that all-small and all-large classes work, small units on
// both lane widths (40,000 rejects many 16-bit lanes; 70,000 takes the
// 32-bit path).
func TestClassDrawerSeed(t *testing.T) {
	ones := func(n int) []int { return slices.Repeat([]int{1}, n) }
	for _, sizes := range [][]int{{400, 3, 120, 1}, {5, 3, 1}, {100, 40}, {1000}, {40, 90, 40, 3}, append(ones(40000), 500), ones(70000)} {
		class := classesOf(sizes)
		d, ref := NewClassDrawerSeed(7, class, len(sizes)), referenceClassDraw(NewRand(7), class, len(sizes))
		got, want := make([]uint32, len(sizes)), make([]uint32, len(sizes))
		for range 50 {
			d.Draw(got)
			ref(want)
			if !slices.Equal(got, want) {
				t.Fatalf("%d classes: counts differ from the reference", len(sizes))
			}
			total := 0
			for _, k := range got {
				total += int(k)
			}
			if total != len(class) {
				t.Fatalf("%d classes: counts sum to %d, not %d", len(sizes), total, len(class))
			}
		}
	}
}

// BenchmarkClassDrawer draws resamples of 10,000 units in classes of
// sizes 1 to 100, with ClassDrawer and unit by unit (IndexDrawer.CountBy).
func BenchmarkClassDrawer(b *testing.B) {
	var sizes []int
	for s, n := 1, 0; n < 10000; s = s%100 + 1 {
		sizes = append(sizes, min(s, 10000-n))
		n += s
	}
	class := classesOf(sizes)
	counts := make([]uint32, len(sizes))
	b.Run("classes", func(b *testing.B) {
		d := NewClassDrawerSeed(1, class, len(sizes))
		for b.Loop() {
			d.Draw(counts)
		}
	})
	b.Run("units", func(b *testing.B) {
		d := NewIndexDrawerSeed(1, len(class))
		for b.Loop() {
			clear(counts)
			d.CountBy(counts, class, len(class))
		}
	})
}

// TestRowDrawer checks that a RowDrawer sums the rows of the very
// resamples ClassDrawer.Draw counts: two drawers from one seed, one drawing
// counts and one sums, resample after resample (so the generator is left
// where Draw leaves it), on large and small classes and both lane widths.
// The rows are random words, so the sums wrap modulo 2^64 as the lanes'
// would not.
func TestRowDrawer(t *testing.T) {
	ones := func(n int) []int { return slices.Repeat([]int{1}, n) }
	rng := NewRand(3)
	for _, sizes := range [][]int{{400, 3, 120, 1}, {5, 3, 1}, {1, 1, 1, 1, 2, 1, 3, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1}, {100, 40}, {1000}, {40, 90, 40, 3}, append(ones(40000), 500), ones(70000)} {
		class := classesOf(sizes)
		rows := make([]Row, len(sizes))
		for c := range rows {
			for w := range rows[c] {
				rows[c][w] = rng.Uint64()
			}
		}
		counter, summer := NewClassDrawerSeed(9, class, len(sizes)), NewClassDrawerSeed(9, class, len(sizes)).Rows(rows)
		counts := make([]uint32, len(sizes))
		var got Row
		for i := range 40 {
			counter.Draw(counts)
			var want Row
			for c, k := range counts {
				for w := range want {
					want[w] += uint64(k) * rows[c][w]
				}
			}
			got[0] = 12345 // Draw sets acc, not adds to it
			summer.Draw(&got)
			if got != want {
				t.Fatalf("%d classes, resample %d: RowDrawer.Draw = %x; the rows of ClassDrawer.Draw's counts sum to %x", len(sizes), i, got, want)
			}
		}
	}
}
