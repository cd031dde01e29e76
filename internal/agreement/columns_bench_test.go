package agreement

import (
	"encoding/binary"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/evalbook/evalbook/internal/cputime"
)

var columnData = flag.String("columndata", "", "directory of the 1,000,000-rating columns shared with scripts/bench/numpy_alpha.py: TestWriteColumnData writes them there, BenchmarkColumns reads them")

// The files of -columndata, raw little-endian arrays without header:
// units.i32 (int32 unit ids, ascending), interval.f64 (float64 ratings 1..5)
// and nominal.i32 (int32 label ids 0..4, the ratings minus one), plus
// alpha.txt with Go's interval and nominal alpha, 17 digits each.
const (
	unitsFile    = "units.i32"
	intervalFile = "interval.f64"
	nominalFile  = "nominal.i32"
)

// columnRatings is the benchmark data: 100,000 units x 10 raters of
// benchRatings, as columns.
func columnRatings() (units []int32, interval []float64, nominal []int32) {
	rs := benchRatings(100_000, 10, 1)
	units, interval = columns(rs)
	nominal = make([]int32, len(rs))
	for i, v := range interval {
		nominal[i] = int32(v) - 1
	}
	return units, interval, nominal
}

// TestWriteColumnData writes the columns of columnRatings and their alphas
// to -columndata; without the flag it is skipped.
func TestWriteColumnData(t *testing.T) {
	if *columnData == "" {
		t.Skip("-columndata not set; nothing to write")
	}
	units, interval, nominal := columnRatings()
	ai, ok1 := FromColumns(units, interval).Alpha(Interval)
	an, ok2 := FromLabels(units, nominal).Alpha(Nominal)
	if !ok1 || !ok2 {
		t.Fatal("alpha of the benchmark data is undefined")
	}
	files := map[string][]byte{
		unitsFile:    nil,
		intervalFile: nil,
		nominalFile:  nil,
		"alpha.txt":  []byte("interval " + strconv.FormatFloat(ai, 'g', 17, 64) + "\nnominal " + strconv.FormatFloat(an, 'g', 17, 64) + "\n"),
	}
	for i := range units {
		files[unitsFile] = binary.LittleEndian.AppendUint32(files[unitsFile], uint32(units[i]))
		files[intervalFile] = binary.LittleEndian.AppendUint64(files[intervalFile], math.Float64bits(interval[i]))
		files[nominalFile] = binary.LittleEndian.AppendUint32(files[nominalFile], uint32(nominal[i]))
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(*columnData, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// readColumns reads the -columndata files, or makes the same columns when
// the flag is not set.
func readColumns(b *testing.B) (units []int32, interval []float64, nominal []int32) {
	if *columnData == "" {
		return columnRatings()
	}
	read := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join(*columnData, name))
		if err != nil {
			b.Fatal(err)
		}
		return data
	}
	u, x, l := read(unitsFile), read(intervalFile), read(nominalFile)
	units, interval, nominal = make([]int32, len(u)/4), make([]float64, len(x)/8), make([]int32, len(l)/4)
	for i := range units {
		units[i] = int32(binary.LittleEndian.Uint32(u[4*i:]))
		interval[i] = math.Float64frombits(binary.LittleEndian.Uint64(x[8*i:]))
		nominal[i] = int32(binary.LittleEndian.Uint32(l[4*i:]))
	}
	return units, interval, nominal
}

// reportCPU, deferred with its result called, reports the process CPU time
// per iteration as cpu-ns/op: a figure that other load on the machine
// disturbs less than wall time.
func reportCPU(b *testing.B) func() {
	start := cputime.Process()
	return func() {
		if cpu := cputime.Process() - start; cpu > 0 {
			b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
		}
	}
}

// BenchmarkColumns is interval and nominal alpha over 1,000,000 ratings
// (100,000 units x 10 raters) from columns, the figure set beside
// scripts/bench/numpy_alpha.py on the same data: FromColumns on the float64
// ratings, FromLabels on the int32 label ids. "New" is the interval figure
// through []Rating.
func BenchmarkColumns(b *testing.B) {
	units, interval, nominal := readColumns(b)
	b.Run("interval", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			FromColumns(units, interval).Alpha(Interval)
		}
	})
	b.Run("nominal", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			FromLabels(units, nominal).Alpha(Nominal)
		}
	})
	rs := make([]Rating, len(units))
	for i := range rs {
		rs[i] = Rating{Unit: int(units[i]), Value: interval[i]}
	}
	b.Run("New/interval", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			New(rs).Alpha(Interval)
		}
	})
}
