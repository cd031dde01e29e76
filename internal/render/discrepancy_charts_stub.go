//go:build !chartnext

package render

import (
	"github.com/evalbook/evalbook/internal/chart"
)

// matrixChart draws the Spearman correlations of a matrix page as a
// diverging heat map whose cells open their pairs' pages.
func (r *renderer) matrixChart(pg *page, d *discMatrixData, name string) chart.Heatmap {
	h := chart.Heatmap{ID: chart.NewID(matrixPrefix, name), Min: -1, Max: 1}
	for _, c := range d.Cols {
		h.X = append(h.X, c.Label)
	}
	for _, row := range d.Rows {
		label := row.Metric.Label
		if row.Direction == "lower" {
			label += " (lower is better)"
		}
		h.Y = append(h.Y, label)
		values, links := nans(len(row.Cells)), make([]string, len(row.Cells))
		for j, c := range row.Cells {
			if c.Pair == nil {
				continue
			}
			links[j] = pg.Rel(c.Pair.Path)
			if c.Row != nil {
				values[j] = value(c.Row.coef.Spearman)
			}
		}
		h.Values = append(h.Values, values)
		_ = links
	}
	return h
}

// scatter draws nothing until package chart has Scatter.
func (r *renderer) scatter(pg *page, p *discPair) (chart.Chart, int) { return nil, 0 }
