package render

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// appendFloatLog10 is appendFloat as it was written before decimalsOf and
// appendFixed: the reference they must match byte for byte.
func appendFloatLog10(dst []byte, x float64) []byte {
	dec := 0
	if x != 0 {
		dec = sigDigits - 1 - int(math.Floor(math.Log10(math.Abs(x))))
		dec = max(0, min(dec, maxDecimals))
	}
	start := len(dst)
	dst = strconv.AppendFloat(dst, x, 'f', dec, 64)
	for _, c := range dst[start:] {
		if c != '-' && c != '0' && c != '.' {
			return dst
		}
	}
	return append(dst[:start], '0')
}

// floatCases returns figures that try appendFixed's edges: exact halves
// at every decimal (ties, rounded to even), the powers of ten and their
// neighbours, integers, the largest and smallest floats, subnormals, and
// random figures over every magnitude and of the scale projects' form
// (a tenth of them with -short).
func floatCases() []float64 {
	xs := []float64{0, math.Copysign(0, -1), 1, -1, 0.5, 1.5, 2.5, 0.125, 0.375, 0.0625, 0.03125,
		1e-7, 5e-7, 0.0000005, 0.0000015, 0.0000025, 0.0005, 0.00125, 99.95, 9.995, 0.9995,
		1 << 52, 1<<53 - 1, 1 << 53, 1e19, 1.8446744073709552e19, 1e300, math.MaxFloat64,
		math.SmallestNonzeroFloat64, 2.2250738585072014e-308, 1e-310,
		math.NaN(), math.Inf(1), math.Inf(-1)}
	for k := -12; k <= 22; k++ {
		p := math.Pow(10, float64(k))
		xs = append(xs, p, math.Nextafter(p, 0), math.Nextafter(p, math.Inf(1)), p*(1-1e-9), p*(1+1e-9), p*(1-2e-9), p*(1+2e-9))
	}
	for n := range 2000 {
		for dec := range maxDecimals + 1 {
			xs = append(xs, (float64(n)+0.5)/float64(pow10[dec])) // a tie when exact in binary
		}
	}
	r := rand.New(rand.NewPCG(13, 10))
	draws := 30000
	if testing.Short() {
		draws = 3000 // the inner loop; the edges above are all kept
	}
	for range draws {
		xs = append(xs, math.Float64frombits(r.Uint64()))         // any bits
		xs = append(xs, math.Ldexp(r.Float64(), r.IntN(140)-100)) // every magnitude of interest
		xs = append(xs, float64(r.IntN(100000))/float64(10000))   // four decimals, as the CSVs hold
		xs = append(xs, float64(r.IntN(2000)))                    // counts
	}
	for i, n := 0, len(xs); i < n; i++ {
		xs = append(xs, -xs[i])
	}
	return xs
}

// TestAppendFixed compares appendFixed with strconv.AppendFloat at every
// number of decimals, where it answers.
func TestAppendFixed(t *testing.T) {
	answered := 0
	for _, x := range floatCases() {
		for dec := range maxDecimals + 1 {
			got, ok := appendFixed([]byte("x"), x, dec)
			if !ok {
				if string(got) != "x" {
					t.Fatalf("appendFixed(%v, %d) declined but wrote %q", x, dec, got)
				}
				continue
			}
			answered++
			if want := strconv.AppendFloat([]byte("x"), x, 'f', dec, 64); string(got) != string(want) {
				t.Fatalf("appendFixed(%v (%#x), %d) = %q; want %q", x, math.Float64bits(x), dec, got, want)
			}
		}
	}
	if answered == 0 {
		t.Fatal("appendFixed answered no case")
	}
}

// TestAppendFloat compares appendFloat with the Log10 and strconv form it
// replaced, and decimalsOf with the decimals that form takes.
func TestAppendFloat(t *testing.T) {
	byCompare := 0
	for _, x := range floatCases() {
		if got, want := appendFloat([]byte("x"), x), appendFloatLog10([]byte("x"), x); string(got) != string(want) {
			t.Fatalf("appendFloat(%v (%#x)) = %q; want %q", x, math.Float64bits(x), got, want)
		}
		a := math.Abs(x)
		if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
			continue
		}
		if dec, ok := decimalsOf(a); ok {
			byCompare++
			want := max(0, min(sigDigits-1-int(math.Floor(math.Log10(a))), maxDecimals))
			if dec != want {
				t.Fatalf("decimalsOf(%v) = %d; want %d", a, dec, want)
			}
		}
	}
	if byCompare == 0 {
		t.Fatal("decimalsOf answered no case")
	}
}
