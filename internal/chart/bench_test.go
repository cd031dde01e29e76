package chart

import (
	"fmt"
	"testing"
)

// BenchmarkBand200 renders a Band of 200 iterations with an interval and a
// reference line, the size of a long-running project's trend chart.
func BenchmarkBand200(b *testing.B) {
	band := Band{Summary: "A summary.", ID: "trend_accuracy", Title: "Accuracy", YName: "mean accuracy", Lines: []RefLine{{"threshold", 0.75}}}
	for i := range 200 {
		v := 0.7 + float64(i%17)/100
		band.X = append(band.X, fmt.Sprintf("v%d", i+1))
		band.Y = append(band.Y, v)
		band.Low = append(band.Low, v-0.02)
		band.High = append(band.High, v+0.02)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := band.HTML(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSpark renders a Spark of 200 values, one per dashboard card.
func BenchmarkSpark(b *testing.B) {
	s := Spark{Summary: "A summary.", ID: "spark_accuracy"}
	for i := range 200 {
		s.Y = append(s.Y, float64(i%17))
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.HTML(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScatter draws 2,000 labelled, linked points in five groups, a
// pair page's scatter of consensus against metric.
func BenchmarkScatter(b *testing.B) {
	s := Scatter{Summary: "A summary.", ID: "scatter", XName: "metric", YName: "consensus"}
	for g := range 5 {
		grp := ScatterGroup{Name: fmt.Sprintf("v%d", g+1)}
		for i := range 400 {
			grp.X = append(grp.X, float64(i%97)/97)
			grp.Y = append(grp.Y, 1+float64(i%13)/3)
			grp.Labels = append(grp.Labels, fmt.Sprintf("q%04d", i))
			grp.Links = append(grp.Links, fmt.Sprintf("../../items/q%04d.html", i))
		}
		s.Groups = append(s.Groups, grp)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.HTML(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHeatmapDiverging draws a 50 x 10 matrix of correlations with a
// link per cell, the discrepancy overview of a large project.
func BenchmarkHeatmapDiverging(b *testing.B) {
	h := Heatmap{Summary: "A summary.", ID: "matrix", Diverging: true, Min: -1, Max: 1}
	for j := range 10 {
		h.X = append(h.X, fmt.Sprintf("dimension_%d", j))
	}
	for i := range 50 {
		h.Y = append(h.Y, fmt.Sprintf("metric_%d", i))
		row, links := make([]float64, 10), make([]string, 10)
		for j := range row {
			row[j] = float64((i*10+j)%41)/20 - 1
			links[j] = fmt.Sprintf("metric_%d/dimension_%d.html", i, j)
		}
		h.Values = append(h.Values, row)
		h.Links = append(h.Links, links)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := h.HTML(); err != nil {
			b.Fatal(err)
		}
	}
}
