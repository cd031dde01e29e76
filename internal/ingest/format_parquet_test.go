package ingest

import (
	"bytes"
	"fmt"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/project"
)

// pqCol is a column of a test table: its Parquet node, its cells as CSV
// text ("" for a missing value) and how a cell becomes a Parquet value.
type pqCol struct {
	name  string
	node  parquet.Node
	conv  func(string) any // nil: the text itself
	cells []string
}

// sortedCols returns cols in the order parquet.Group gives its columns.
func sortedCols(cols []pqCol) []pqCol {
	out := slices.Clone(cols)
	slices.SortFunc(out, func(a, b pqCol) int { return strings.Compare(a.name, b.name) })
	return out
}

// tableCSV writes cols as CSV, in the Parquet file's column order.
func tableCSV(cols []pqCol) string {
	cols = sortedCols(cols)
	var b strings.Builder
	for j, c := range cols {
		if j > 0 {
			b.WriteByte(',')
		}
		b.WriteString(c.name)
	}
	b.WriteByte('\n')
	for i := range cols[0].cells {
		for j, c := range cols {
			if j > 0 {
				b.WriteByte(',')
			}
			s := c.cells[i]
			if strings.ContainsAny(s, ",\"\n") {
				s = `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
			}
			b.WriteString(s)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// tableParquet writes cols as Parquet with codec, perGroup rows per row
// group and small pages, so a table of a few rows has several of each.
func tableParquet(t testing.TB, codec compress.Codec, perGroup int64, cols []pqCol) []byte {
	return tableParquetAs(t, codec, perGroup, cols, pqOptional)
}

// pqLayout is how tableParquetAs writes its columns.
type pqLayout int

const (
	pqOptional   pqLayout = iota // optional columns, plain pages
	pqDictionary                 // optional columns, dictionary-encoded pages (booleans plain)
	pqRequired                   // required columns, plain pages: only for tables without empty cells
)

var pqLayouts = []struct {
	name   string
	layout pqLayout
}{{"optional", pqOptional}, {"dictionary", pqDictionary}, {"required", pqRequired}}

// tableParquetAs is tableParquet with the columns written as layout says.
func tableParquetAs(t testing.TB, codec compress.Codec, perGroup int64, cols []pqCol, layout pqLayout) []byte {
	t.Helper()
	cols = sortedCols(cols)
	g := parquet.Group{}
	def := byte(1)
	for _, c := range cols {
		switch n := c.node; layout {
		case pqRequired:
			g[c.name] = parquet.Required(n)
			def = 0
		case pqDictionary:
			if n.Type().Kind() != parquet.Boolean {
				n = parquet.Encoded(n, &parquet.RLEDictionary)
			}
			g[c.name] = parquet.Optional(n)
		default:
			g[c.name] = parquet.Optional(n)
		}
	}
	schema := parquet.NewSchema("t", g)
	var buf bytes.Buffer
	w := parquet.NewWriter(&buf, schema, parquet.Compression(codec), parquet.MaxRowsPerRowGroup(perGroup), parquet.PageBufferSize(64))
	rows := make([]parquet.Row, len(cols[0].cells))
	for i := range rows {
		for j, c := range cols {
			s := c.cells[i]
			if s == "" {
				rows[i] = append(rows[i], parquet.Value{}.Level(0, 0, j))
				continue
			}
			var v any = s
			if c.conv != nil {
				v = c.conv(s)
			}
			pv, ok := v.(parquet.Value)
			if !ok {
				pv = parquet.ValueOf(v)
			}
			rows[i] = append(rows[i], pv.Level(0, int(def), j))
		}
	}
	if _, err := w.WriteRows(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Cell converters of the test tables.
var (
	asF64 = func(s string) any { x, _ := strconv.ParseFloat(s, 64); return x }
	asF32 = func(s string) any { x, _ := strconv.ParseFloat(s, 32); return float32(x) }
	asI32 = func(s string) any { x, _ := strconv.ParseInt(s, 10, 32); return int32(x) }
	asI64 = func(s string) any { x, _ := strconv.ParseInt(s, 10, 64); return x }
	asU64 = func(s string) any { x, _ := strconv.ParseUint(s, 10, 64); return x }
	asU32 = func(s string) any { x, _ := strconv.ParseUint(s, 10, 32); return uint32(x) }
	asB   = func(s string) any { return s == "1" }
	asTS  = func(s string) any {
		tm, err := parseTime(s)
		if err != nil {
			panic(err)
		}
		return tm.UnixMicro()
	}
)

// unscaled returns the decimal text s times 10^scale as an integer.
func unscaled(s string, scale int) *big.Int {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		panic(s)
	}
	r.Mul(r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil)))
	if !r.IsInt() {
		panic(s)
	}
	return r.Num()
}

// twos returns x as big-endian two's complement in n bytes.
func twos(x *big.Int, n int) []byte {
	if x.Sign() < 0 {
		x = new(big.Int).Add(x, new(big.Int).Lsh(big.NewInt(1), uint(8*n)))
	}
	b := x.Bytes()
	out := make([]byte, n)
	copy(out[n-len(b):], b)
	if x.Sign() < 0 || len(b) > n {
		panic("out of range")
	}
	return out
}

func asDec32(scale int) func(string) any {
	return func(s string) any { return int32(unscaled(s, scale).Int64()) }
}
func asDec64(scale int) func(string) any {
	return func(s string) any { return unscaled(s, scale).Int64() }
}
func asDecFixed(scale, n int) func(string) any {
	return func(s string) any { return parquet.FixedLenByteArrayValue(twos(unscaled(s, scale), n)) }
}
func asDecBytes(scale int) func(string) any {
	return func(s string) any {
		x := unscaled(s, scale)
		return parquet.ByteArrayValue(twos(x, len(x.Bytes())+1))
	}
}

// projectText prints what a project holds, with the data file's name
// made the same and the reader's name left out, for comparing the project
// read from a CSV with that read from a Parquet file.
func projectText(t *testing.T, p *project.Project) string {
	t.Helper()
	for i := range p.Sources {
		p.Sources[i].Format = ""
	}
	s := fmt.Sprintf("%+v", *p)
	return strings.ReplaceAll(s, ".parquet", ".csv")
}

var codecs = []struct {
	name  string
	codec compress.Codec
}{
	{"snappy", &parquet.Snappy}, {"zstd", &parquet.Zstd}, {"gzip", &parquet.Gzip}, {"none", &parquet.Uncompressed},
}

// TestParquetLikeCSV reads the same tables as CSV and as Parquet (in each
// compression, with row groups of three rows and several pages) and wants
// the same project: metrics long and wide in every numeric type,
// annotations, and pairwise judgements by their columns and through a
// source's mapping.
func TestParquetLikeCSV(t *testing.T) {
	str := parquet.String()
	dbl := parquet.Leaf(parquet.DoubleType)
	tests := []struct {
		name, dir string
		sources   []config.Source // paths without extension: .csv and .parquet are added
		cols      []pqCol
		check     func(t *testing.T, p *project.Project)
	}{
		{
			name: "metrics long", dir: "data/metrics",
			cols: []pqCol{
				{"iteration", str, nil, []string{"v1", "v1", "v2", "v2", "v2", "v3", "v3"}},
				{"metric", str, nil, []string{"acc", "f1", "acc", "f1", "acc", "acc", "f1"}},
				{"value", dbl, asF64, []string{"0.5", "0.25", "0.75", "12", "1e-7", "0.875", "-3"}},
				{"item", str, nil, []string{"q1", "q1", "q1", "q2", "q2", "", "q1"}},
				{"slice", str, nil, []string{"", "", "a", "a", "b", "", ""}},
				{"timestamp", parquet.Timestamp(parquet.Microsecond), asTS, []string{"2026-01-12", "2026-01-12", "2026-02-01T10:30:00.25Z", "", "", "2026-03-01T00:00:00Z", ""}},
			},
			check: func(t *testing.T, p *project.Project) {
				if len(p.Metrics) != 2 || len(p.Iterations) != 3 {
					t.Errorf("%d metrics, %d iterations", len(p.Metrics), len(p.Iterations))
				}
			},
		},
		{
			name: "metrics wide, every cell set", dir: "data/metrics",
			cols: []pqCol{
				{"iteration", str, nil, []string{"v1", "v1", "v1", "v2", "v2", "v2", "v2"}},
				{"item", str, nil, []string{"q1", "q2", "q3", "q1", "q2", "q3", "q4"}},
				{"acc", dbl, asF64, []string{"0.5", "0.1", "-0", "5e-324", "1.7976931348623157e+308", "0.30000000000000004", "-3"}},
				{"n", parquet.Leaf(parquet.Int64Type), asI64, []string{"9007199254740993", "-1", "0", "7", "100", "-9223372036854775808", "9223372036854775807"}},
				{"k", parquet.Leaf(parquet.Int32Type), asI32, []string{"1", "-2147483648", "2147483647", "5", "5", "5", "0"}},
			},
		},
		{
			name: "metrics wide, every numeric type", dir: "data/metrics",
			cols: []pqCol{
				{"iteration", str, nil, []string{"v1", "v2", "v3", "v4", "v5"}},
				{"f32", parquet.Leaf(parquet.FloatType), asF32, []string{"0.1", "", "3.25", "-1e-05", "16777216"}},
				{"f64", dbl, asF64, []string{"0.1", "2.5", "", "-7.125", "1e+300"}},
				{"i32", parquet.Leaf(parquet.Int32Type), asI32, []string{"1", "-2147483648", "2147483647", "", "0"}},
				{"i64", parquet.Leaf(parquet.Int64Type), asI64, []string{"9007199254740993", "-5", "", "0", "42"}},
				{"i8", parquet.Int(8), asI32, []string{"-128", "127", "", "3", "0"}},
				{"u32", parquet.Uint(32), asU32, []string{"4294967295", "1", "", "0", "7"}},
				{"u64", parquet.Uint(64), asU64, []string{"18446744073709551615", "1", "", "0", "7"}},
				{"d32", parquet.Decimal(2, 9, parquet.Int32Type), asDec32(2), []string{"1.25", "-0.05", "1234567.89", "", "0.00"}},
				{"d64", parquet.Decimal(3, 18, parquet.Int64Type), asDec64(3), []string{"-123456789012.345", "0.001", "", "7.000", "-0.999"}},
				{"dfix", parquet.Decimal(4, 20, parquet.FixedLenByteArrayType(9)), asDecFixed(4, 9), []string{"12345678901234.5678", "-0.0001", "", "1.5000", "-99999999999999.9999"}},
				{"dbytes", parquet.Decimal(2, 38, parquet.ByteArrayType), asDecBytes(2), []string{"123456789012345678901234567890.12", "-1.01", "0.50", "", "-0.01"}},
				{"flag", parquet.Leaf(parquet.BooleanType), asB, []string{"1", "0", "", "1", "0"}},
			},
			check: func(t *testing.T, p *project.Project) {
				if len(p.Metrics) != 12 {
					t.Errorf("%d metrics, want 12", len(p.Metrics))
				}
			},
		},
		{
			name: "annotations", dir: "data/annotations",
			cols: []pqCol{
				{"item", str, nil, []string{"q1", "q1", "q2", "q2", "q3", "q3", "q1"}},
				{"rater", str, nil, []string{"ann", "bob", "ann", "bob", "ann", "bob", "cy"}},
				{"dimension", str, nil, []string{"help", "help", "help", "help", "tone", "tone", "help"}},
				{"value", str, nil, []string{"4", "5", "2", "", "good", "bad", "3"}},
				{"iteration", str, nil, []string{"v1", "v1", "v1", "v1", "v1", "v1", "v2"}},
				{"timestamp", str, nil, []string{"2026-01-03", "", "", "", "", "", "2026-02-03T09:00:00Z"}},
				{"gold", str, nil, []string{"", "", "", "", "good", "good", ""}},
				{"comment", str, nil, []string{"fine, \"mostly\"", "", "", "", "", "", "terse"}},
			},
			check: func(t *testing.T, p *project.Project) {
				if len(p.Dimensions) != 2 {
					t.Errorf("%d dimensions, want 2", len(p.Dimensions))
				}
			},
		},
		{
			name: "annotations with integer values", dir: "data/annotations",
			cols: []pqCol{
				{"item", str, nil, []string{"q1", "q1", "q2", "q2"}},
				{"rater", str, nil, []string{"ann", "bob", "ann", "bob"}},
				{"dimension", str, nil, []string{"help", "help", "help", "help"}},
				{"value", parquet.Leaf(parquet.Int64Type), asI64, []string{"4", "5", "2", ""}},
			},
		},
		{
			name: "pairwise", dir: "data/annotations",
			cols: []pqCol{
				{"item", str, nil, []string{"q1", "q1", "q2", "q3"}},
				{"rater", str, nil, []string{"ann", "judge", "judge", "ann"}},
				{"dimension", str, nil, []string{"pref", "pref", "pref", "pref"}},
				{"system_a", str, nil, []string{"v4", "v6", "v4", "v4"}},
				{"system_b", str, nil, []string{"v6", "v4", "v6", "v6"}},
				{"winner", str, nil, []string{"b", "tie", "0.25", ""}},
				{"length_a", parquet.Leaf(parquet.Int32Type), asI32, []string{"120", "", "", ""}},
				{"extra", str, nil, []string{"x", "y", "z", "w"}},
			},
			check: func(t *testing.T, p *project.Project) {
				if len(p.Pairwise) != 1 || len(p.Pairwise[0].Judgements) != 3 {
					t.Errorf("pairwise = %+v", p.Pairwise)
				}
			},
		},
		{
			name: "pairwise through a mapping", dir: "data/alpaca",
			sources: []config.Source{{Path: "data/alpaca/prefs", Kind: "annotations", Item: "instruction_id",
				SystemA: "baseline", SystemB: "generator", Winner: "preference", WinnerScale: "1-2", LengthB: "output_chars",
				Slice: "dataset", RaterValue: "gpt4_turbo", DimensionValue: "alpaca"}},
			cols: []pqCol{
				{"instruction_id", str, nil, []string{"ae000", "ae001", "ae002"}},
				{"dataset", str, nil, []string{"helpful_base", "koala", "koala"}},
				{"baseline", str, nil, []string{"gpt4", "gpt4", "gpt4"}},
				{"generator", str, nil, []string{"alpaca-7b", "alpaca-7b", "alpaca-7b"}},
				{"preference", dbl, asF64, []string{"1.0000001827", "1.5", ""}},
				{"output_chars", parquet.Leaf(parquet.Int64Type), asI64, []string{"147", "344", "10"}},
			},
			check: func(t *testing.T, p *project.Project) {
				if len(p.Pairwise) != 1 || len(p.Pairwise[0].Judgements) != 2 {
					t.Errorf("pairwise = %+v", p.Pairwise)
				}
			},
		},
		{
			name: "annotations through a mapping with a fixed iteration", dir: "data/export",
			sources: []config.Source{{Path: "data/export/r", Kind: "annotations", Item: "prompt", Rater: "worker", Value: "score",
				DimensionValue: "quality", IterationValue: "v9"}},
			cols: []pqCol{
				{"prompt", str, nil, []string{"p1", "p1", "p2"}},
				{"worker", str, nil, []string{"w1", "w2", "w1"}},
				{"score", parquet.Decimal(1, 4, parquet.Int32Type), asDec32(1), []string{"4.5", "3.0", "1.5"}},
			},
		},
	}
	for _, tc := range tests {
		name := "t"
		if len(tc.sources) > 0 {
			name = filepath.Base(tc.sources[0].Path)
		}
		base := tc.dir + "/" + name
		load := func(t *testing.T, ext string, data []byte) *project.Project {
			cfg := config.Default()
			for _, s := range tc.sources {
				s.Path += ext
				cfg.Sources = append(cfg.Sources, s)
			}
			p, _, err := Load(cfg, fstest.MapFS{base + ext: {Data: data}})
			if err != nil {
				t.Fatal(err)
			}
			return p
		}
		for _, c := range codecs {
			for _, l := range pqLayouts {
				if l.layout == pqRequired && hasEmpty(tc.cols) {
					continue
				}
				t.Run(tc.name+"/"+c.name+"/"+l.name, func(t *testing.T) {
					fromCSV := load(t, ".csv", []byte(tableCSV(tc.cols)))
					fromPQ := load(t, ".parquet", tableParquetAs(t, c.codec, 3, tc.cols, l.layout))
					if got := fromPQ.Sources[0].Format; got != "parquet" {
						t.Errorf("read by %q", got)
					}
					if tc.check != nil {
						tc.check(t, fromPQ)
					}
					want, got := projectText(t, fromCSV), projectText(t, fromPQ)
					if got != want {
						t.Errorf("Parquet and CSV differ\nparquet %s\n    csv %s", got, want)
					}
				})
			}
		}
	}
}

// hasEmpty reports whether a cell of cols is empty (a null in Parquet).
func hasEmpty(cols []pqCol) bool {
	for _, c := range cols {
		if slices.Contains(c.cells, "") {
			return true
		}
	}
	return false
}

// TestParquetValues checks cells against values worked out by hand: the
// decimals, the unsigned integers, a NaN as a missing value, timestamps in
// each unit.
func TestParquetValues(t *testing.T) {
	cols := []pqCol{
		{"iteration", parquet.String(), nil, []string{"v1", "v2"}},
		{"dfix", parquet.Decimal(4, 20, parquet.FixedLenByteArrayType(9)), asDecFixed(4, 9), []string{"-0.0001", "12345.5"}},
		{"u64", parquet.Uint(64), asU64, []string{"18446744073709551615", "3"}},
		{"nan", parquet.Leaf(parquet.DoubleType), func(s string) any { return math.NaN() }, []string{"x", "x"}},
	}
	p, _, err := Load(config.Default(), fstest.MapFS{"data/metrics/m.parquet": {Data: tableParquet(t, &parquet.Zstd, 10, cols)}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]float64{}
	for _, m := range p.Metrics {
		for _, v := range m.Values.Rows() {
			got[m.Name] = append(got[m.Name], v.Value)
		}
	}
	want := map[string][]float64{"dfix": {-0.0001, 12345.5}, "u64": {18446744073709551615, 3}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("values = %v, want %v", got, want)
	}
	for _, c := range []struct {
		unit parquet.TimeUnit
		n    int64
	}{{parquet.Millisecond, 1768210200250}, {parquet.Microsecond, 1768210200250000}, {parquet.Nanosecond, 1768210200250000000}} {
		cols := []pqCol{
			{"iteration", parquet.String(), nil, []string{"v1"}},
			{"metric", parquet.String(), nil, []string{"m"}},
			{"value", parquet.Leaf(parquet.DoubleType), asF64, []string{"1"}},
			{"timestamp", parquet.Timestamp(c.unit), func(string) any { return c.n }, []string{"x"}},
		}
		p, _, err := Load(config.Default(), fstest.MapFS{"data/metrics/m.parquet": {Data: tableParquet(t, &parquet.Snappy, 10, cols)}})
		if err != nil {
			t.Fatal(err)
		}
		want := time.Date(2026, 1, 12, 9, 30, 0, 250e6, time.UTC)
		if got := p.Metrics[0].Values.At(0).Time; !got.Equal(want) {
			t.Errorf("%v: time %v, want %v", c.unit, got, want)
		}
	}
}

// TestParquetErrors checks that bad files are errors naming the file, the
// row group, the row and the column.
func TestParquetErrors(t *testing.T) {
	str := parquet.String()
	metricCols := func(values []string) []pqCol {
		return []pqCol{
			{"iteration", str, nil, []string{"v1", "v1", "v1", "v1", "v1"}},
			{"metric", str, nil, []string{"a", "a", "a", "a", "a"}},
			{"value", str, nil, values},
		}
	}
	text := []byte("iteration,metric,value\nv1,a,1\n")
	tests := []struct {
		name    string
		file    string
		data    []byte
		sources []config.Source
		want    []string
	}{
		{"a text value in row 5", "data/metrics/m.parquet", tableParquet(t, &parquet.Snappy, 3, metricCols([]string{"1", "2", "3", "4", "abc"})),
			nil, []string{`data/metrics/m.parquet: row group 2, row 2 (row 5 of the file), column "value": metric "a": value "abc" is not a number`}},
		{"no iteration column", "data/metrics/m.parquet", tableParquet(t, &parquet.Snappy, 3, metricCols([]string{"1", "2", "3", "4", "5"})[1:]),
			nil, []string{`data/metrics/m.parquet: header: the header has no "iteration" column`}},
		{"no value column", "data/annotations/r.parquet", tableParquet(t, &parquet.Gzip, 3, []pqCol{
			{"item", str, nil, []string{"q"}}, {"rater", str, nil, []string{"a"}}, {"dimension", str, nil, []string{"d"}}}),
			nil, []string{`data/annotations/r.parquet: header: the header has no "value" column`}},
		{"an unknown column", "data/annotations/r.parquet", tableParquet(t, &parquet.Gzip, 3, []pqCol{
			{"item", str, nil, []string{"q"}}, {"rater", str, nil, []string{"a"}}, {"dimension", str, nil, []string{"d"}},
			{"value", str, nil, []string{"1"}}, {"colour", str, nil, []string{"red"}}}),
			nil, []string{`data/annotations/r.parquet: header, column "colour": unknown column "colour"`}},
		{"a pairwise row naming one system twice", "data/annotations/p.parquet", tableParquet(t, &parquet.Zstd, 2, []pqCol{
			{"item", str, nil, []string{"q1", "q2", "q3"}}, {"rater", str, nil, []string{"a", "a", "a"}}, {"dimension", str, nil, []string{"d", "d", "d"}},
			{"system_a", str, nil, []string{"x", "x", "y"}}, {"system_b", str, nil, []string{"y", "y", "y"}}, {"winner", str, nil, []string{"a", "b", "a"}}}),
			nil, []string{`data/annotations/p.parquet: row group 2, row 1 (row 3 of the file), column `}},
		{"a list column", "data/metrics/m.parquet", func() []byte {
			type row struct {
				Iteration string    `parquet:"iteration"`
				Scores    []float64 `parquet:"scores,list"`
			}
			var b bytes.Buffer
			if err := parquet.Write(&b, []row{{"v1", []float64{1, 2}}}); err != nil {
				t.Fatal(err)
			}
			return b.Bytes()
		}(), nil, []string{`data/metrics/m.parquet: column "scores.list.element" is repeated`}},
		{"text named .parquet", "data/metrics/m.parquet", text, nil,
			[]string{`data/metrics/m.parquet: no reader takes this file as metrics`, `parquet: named .parquet but does not start with the Parquet magic "PAR1"`}},
		{"text read as parquet", "data/metrics/m.csv", text, []config.Source{{Path: "data/metrics/m.csv", Format: "parquet"}},
			[]string{`data/metrics/m.csv: not a Parquet file: it does not start with the magic "PAR1"`}},
		{"a cut Parquet file", "data/metrics/m.parquet", tableParquet(t, &parquet.Snappy, 3, metricCols([]string{"1", "2", "3", "4", "5"}))[:40], nil,
			[]string{`data/metrics/m.parquet: not a Parquet file: it does not end with the magic "PAR1" (cut short while being copied?)`}},
		{"a footer longer than the file", "data/metrics/m.parquet", []byte("PAR1\x15\x06\x15$\x15(\x15\xafPAR1"), nil,
			[]string{`data/metrics/m.parquet: not a readable Parquet file: its footer claims 2937399317 bytes, but the file has 16 bytes in all`}},
		{"a footer over the leading magic", "data/metrics/m.parquet", []byte("PAR1\x00\x00\x00\x00\x05\x00\x00\x00PAR1"), nil,
			[]string{`data/metrics/m.parquet: not a readable Parquet file: its footer claims 5 bytes, but the file has 16 bytes in all`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := config.Default()
			cfg.Sources = tc.sources
			_, _, err := Load(cfg, fstest.MapFS{tc.file: {Data: tc.data}})
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\nlacks %q", err, w)
				}
			}
		})
	}
}

// TestParquetFromDisk reads a Parquet file through the operating system's
// files (random access) and through the cache's tap.
func TestParquetFromDisk(t *testing.T) {
	dir := t.TempDir()
	cols := []pqCol{
		{"iteration", parquet.String(), nil, []string{"v1", "v2"}},
		{"acc", parquet.Leaf(parquet.DoubleType), asF64, []string{"0.5", "0.75"}},
	}
	path := filepath.Join(dir, "data", "metrics", "m.parquet")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, tableParquet(t, &parquet.Snappy, 1, cols), 0o644); err != nil {
		t.Fatal(err)
	}
	cache := NewCache(t.TempDir())
	for range 2 {
		p, _, err := LoadCached(config.Default(), os.DirFS(dir), cache)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Metrics) != 1 || p.Metrics[0].Values.Len() != 2 || p.Metrics[0].Values.At(1).Value != 0.75 {
			t.Fatalf("metrics = %+v", p.Metrics)
		}
	}
}

// FuzzParquet reads arbitrary bytes as a Parquet file of annotations and
// of metrics (whose numbers are taken from typed pages): an error naming
// the file or a project whose values are sound, never a panic.
func FuzzParquet(f *testing.F) {
	str := parquet.String()
	f.Add(string(tableParquet(f, &parquet.Snappy, 2, []pqCol{
		{"item", str, nil, []string{"q1", "q1", "q2"}}, {"rater", str, nil, []string{"a", "b", "a"}},
		{"dimension", str, nil, []string{"d", "d", "d"}}, {"value", parquet.Leaf(parquet.DoubleType), asF64, []string{"1", "", "2.5"}},
	})))
	f.Add(string(tableParquet(f, &parquet.Uncompressed, 2, []pqCol{
		{"item", str, nil, []string{"q1", "q1", "q2"}}, {"rater", str, nil, []string{"a", "b", "a"}},
		{"dimension", str, nil, []string{"d", "d", "d"}}, {"value", parquet.Decimal(2, 9, parquet.Int32Type), asDec32(2), []string{"1.5", "", "2.25"}},
	})))
	metrics := []pqCol{
		{"iteration", str, nil, []string{"v1", "v1", "v2"}}, {"item", str, nil, []string{"q1", "q2", "q1"}},
		{"acc", parquet.Leaf(parquet.DoubleType), asF64, []string{"0.5", "0.25", "1e-7"}},
		{"n", parquet.Leaf(parquet.Int64Type), asI64, []string{"3", "-7", "9007199254740993"}},
	}
	for _, l := range pqLayouts {
		f.Add(string(tableParquetAs(f, &parquet.Snappy, 2, metrics, l.layout)))
	}
	f.Add(string(tableParquetAs(f, &parquet.Uncompressed, 2, []pqCol{
		{"iteration", str, nil, []string{"v1", "v1", "v2"}}, {"metric", str, nil, []string{"m", "k", "m"}},
		{"value", parquet.Leaf(parquet.Int32Type), asI32, []string{"1", "", "2"}},
	}, pqDictionary)))
	f.Add("PAR1")
	f.Fuzz(func(t *testing.T, data string) {
		checkReport(t, "data/annotations/r.parquet", data)
		checkReport(t, "data/metrics/m.parquet", data)
	})
}
