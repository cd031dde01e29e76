package render

import (
	"github.com/evalbook/evalbook/internal/chart"
)

// matrixChart draws the Spearman correlations of a matrix page as a
// diverging heat map whose cells open their pairs' pages.
func (r *renderer) matrixChart(pg *page, d *discMatrixData, name string) chart.Heatmap {
	h := chart.Heatmap{ID: chart.NewID(matrixPrefix, name), Min: -1, Max: 1, Diverging: true}
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
		h.Values, h.Links = append(h.Values, values), append(h.Links, links)
	}
	return h
}

// scatter returns the scatter plot of a pair's joined units, one group per
// iteration in series order, and the number of units it draws.
func (r *renderer) scatter(pg *page, p *discPair) (chart.Scatter, int) {
	yName := "consensus"
	if !r.dimNumeric(p.dim) {
		yName = "consensus (label position)"
	}
	sc := chart.Scatter{
		ID: chart.NewID(scatterPrefix, p.Name), XName: withUnit(p.Metric.Label, unitSuffix(p.Unit)),
		YName: p.Dim.Label + " " + yName, Height: "420px",
	}
	step := (len(p.units) + maxScatter - 1) / maxScatter
	groups := map[string]int{}
	shown := 0
	for i, u := range p.units {
		if step > 1 && i%step != 0 {
			continue
		}
		g, ok := groups[u.Iteration]
		if !ok {
			g = len(sc.Groups)
			groups[u.Iteration] = g
			sc.Groups = append(sc.Groups, chart.ScatterGroup{Name: u.Iteration})
		}
		link := ""
		if it := r.item[u.Item]; it != nil {
			link = pg.Rel(it.Path)
		}
		grp := &sc.Groups[g]
		grp.X, grp.Y = append(grp.X, u.Metric), append(grp.Y, u.Consensus)
		grp.Labels, grp.Links = append(grp.Labels, u.Item), append(grp.Links, link)
		shown++
	}
	return sc, shown
}
