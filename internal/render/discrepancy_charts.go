package render

import (
	"fmt"
	"strings"

	"github.com/evalbook/evalbook/internal/chart"
)

// matrixChart draws the Spearman correlations of a matrix page as a
// diverging heat map whose cells open their pairs' pages.
func matrixChart(pg *page, d *discMatrixData, name string) chart.Heatmap {
	// Colours read the oriented ρ (discPair.Sign), so blue always means
	// the metric agrees with the humans; the tooltip keeps the raw ρ.
	h := chart.Heatmap{ID: chart.NewID(matrixPrefix, name), Min: -1, Max: 1, Diverging: true,
		MinText: "disagrees", MaxText: "agrees"}
	for _, c := range d.Cols {
		h.X = append(h.X, c.Label)
	}
	for _, row := range d.Rows {
		label := row.Metric.Label
		if row.Direction == "lower" {
			label += " (lower is better)"
		}
		h.Y = append(h.Y, label)
		values, links, tips := nans(len(row.Cells)), make([]string, len(row.Cells)), make([]string, len(row.Cells))
		for j, c := range row.Cells {
			if c.Pair == nil {
				continue
			}
			links[j] = pg.Rel(c.Pair.Path)
			if c.Row != nil {
				values[j] = value(c.Row.coef.Spearman) * float64(c.Pair.Sign)
				tips[j] = c.Row.tip()
			}
		}
		h.Values, h.Links, h.Tips = append(h.Values, values), append(h.Links, links), append(h.Tips, tips)
	}
	h.Summary = heatSummary("Spearman's ρ of each metric (rows) with each human rating (columns), "+strings.TrimSpace(name), h)
	return h
}

// maxScatterGroups is the most colours a scatter uses: beyond it, runs of
// consecutive iterations share one, since a legend of dozens of iterations
// tells nothing apart.
const maxScatterGroups = 8

// scatter returns the scatter plot of a pair's joined units, one group per
// iteration in series order (per run of iterations on long series), and the
// number of units it draws.
func (in discInputs) scatter(pg *page, p *discPair) (chart.Scatter, int) {
	yName := "consensus"
	if !in.dim.numeric(p.dim) {
		yName = "consensus (label position)"
	}
	sc := chart.Scatter{
		ID: chart.NewID(scatterPrefix, p.Name), XName: withUnit(p.Metric.Label, unitSuffix(p.Unit)),
		YName: p.Dim.Label + " " + yName, Height: "420px",
	}
	units := p.units
	group, names := scatterGroups(units.Iterations())
	for _, name := range names {
		sc.Groups = append(sc.Groups, chart.ScatterGroup{Name: name})
	}
	bucketed := len(names) < len(group)
	step := max(1, (units.Len()+maxScatter-1)/maxScatter)
	shown := 0
	for i := 0; i < units.Len(); i += step {
		item, iteration := units.Item(i), units.Iteration(i)
		link, label := "", item
		if it := in.item[item]; it != nil {
			link = pg.Rel(it.Path)
		}
		if bucketed {
			label += " (" + iteration + ")"
		}
		grp := &sc.Groups[group[iteration]]
		grp.X, grp.Y = append(grp.X, units.Metric(i)), append(grp.Y, units.Consensus(i))
		grp.Labels, grp.Links = append(grp.Labels, label), append(grp.Links, link)
		shown++
	}
	sc.Summary = fmt.Sprintf("%s (across) against %s (up), one point per item and iteration: %d points in %d groups (%s).",
		sc.XName, sc.YName, shown, len(names), strings.Join(names, ", "))
	return sc, shown
}

// scatterGroups gives each iteration of its (the units' iterations in
// series order, each once) its group and names the groups: the iteration
// itself, or "first to last" of a run when there are more than
// maxScatterGroups iterations.
func scatterGroups(its []string) (group map[string]int, names []string) {
	n := len(its)
	k := min(n, maxScatterGroups)
	group = make(map[string]int, n)
	first := make([]string, k)
	last := make([]string, k)
	for pos, it := range its {
		g := pos * k / n
		group[it] = g
		if first[g] == "" {
			first[g] = it
		}
		last[g] = it
	}
	for g := range k {
		name := first[g]
		if last[g] != first[g] {
			name += " to " + last[g]
		}
		names = append(names, name)
	}
	return group, names
}
