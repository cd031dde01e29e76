package ingest

import (
	"bufio"
	"fmt"
	"testing"

	"github.com/parquet-go/parquet-go"
)

// Size of the Parquet benchmark: 1,000,000 ratings, 100,000 items x 10
// raters, one dimension per item, written by parquet-go with its defaults
// (snappy, dictionary-encoded text) in row groups of 128 Ki rows.
const (
	benchPQItems  = 100_000
	benchPQRaters = 10
)

// writeRatingsParquet writes the benchmark's ratings as Parquet.
func writeRatingsParquet(w *bufio.Writer) {
	schema := parquet.NewSchema("ratings", parquet.Group{
		"item": parquet.String(), "rater": parquet.String(), "dimension": parquet.String(),
		"value": parquet.Leaf(parquet.Int64Type), "iteration": parquet.String(),
	})
	pw := parquet.NewWriter(w, schema, parquet.Compression(&parquet.Snappy), parquet.MaxRowsPerRowGroup(128<<10))
	rows := make([]parquet.Row, 0, 4096)
	flush := func() {
		if _, err := pw.WriteRows(rows); err != nil {
			panic(err)
		}
		rows = rows[:0]
	}
	for i := range benchPQItems {
		item := fmt.Sprintf("item-%06d", i)
		dim := fmt.Sprintf("dim-%d", i%10)
		iter := fmt.Sprintf("v%d", i%10)
		for r := range benchPQRaters {
			// Columns in the schema's (sorted) order: dimension, item, iteration, rater, value.
			rows = append(rows, parquet.Row{
				parquet.ValueOf(dim).Level(0, 0, 0), parquet.ValueOf(item).Level(0, 0, 1),
				parquet.ValueOf(iter).Level(0, 0, 2), parquet.ValueOf(fmt.Sprintf("rater-%02d", r)).Level(0, 0, 3),
				parquet.ValueOf(int64(1+(i*7+r*3)%5)).Level(0, 0, 4),
			})
			if len(rows) == cap(rows) {
				flush()
			}
		}
	}
	flush()
	if err := pw.Close(); err != nil {
		panic(err)
	}
}

// writeRatingsCSV writes the same ratings as CSV, for comparison.
func writeRatingsCSV(w *bufio.Writer) {
	w.WriteString("dimension,item,iteration,rater,value\n")
	for i := range benchPQItems {
		for r := range benchPQRaters {
			fmt.Fprintf(w, "dim-%d,item-%06d,v%d,rater-%02d,%d\n", i%10, i, i%10, r, 1+(i*7+r*3)%5)
		}
	}
}

func BenchmarkReadParquet(b *testing.B) {
	benchRead(b, "data/annotations/ratings.parquet", writeRatingsParquet, benchPQItems*benchPQRaters)
}

func BenchmarkReadParquetCSVTwin(b *testing.B) {
	benchRead(b, "data/annotations/ratings.csv", writeRatingsCSV, benchPQItems*benchPQRaters)
}
