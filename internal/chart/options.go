package chart

import (
	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// title returns the title component: the text, or nothing when empty.
func title(text string) opts.Title {
	if text == "" {
		return opts.Title{Show: opts.Bool(false)}
	}
	return opts.Title{
		Title:      text,
		Left:       "0",
		Top:        "0",
		TitleStyle: &opts.TextStyle{Color: textColor, FontSize: 14, FontWeight: "600"},
	}
}

// grid returns the plot area of a chart with axes, leaving room above it
// for a title or axis name and below it for a legend.
func grid(header, legend bool) opts.Grid {
	g := opts.Grid{Left: "8", Right: "24", Top: "16", Bottom: "8", ContainLabel: opts.Bool(true)}
	if header {
		g.Top = "56"
	}
	if legend {
		g.Bottom = "36"
	}
	return g
}

// categoryAxis returns the x axis of the categories.
func categoryAxis() opts.XAxis {
	return opts.XAxis{
		Type:      "category",
		AxisLine:  &opts.AxisLine{OnZero: opts.Bool(false), LineStyle: &opts.LineStyle{Color: axisColor}},
		AxisTick:  &opts.AxisTick{AlignWithLabel: opts.Bool(true)},
		AxisLabel: &opts.AxisLabel{Color: textColor, HideOverlap: opts.Bool(true)},
	}
}

// valueAxis returns a y axis named name. A scaled axis fits the data
// instead of always including zero.
func valueAxis(name string, scale bool) opts.YAxis {
	return opts.YAxis{
		Type:      "value",
		Name:      name,
		Scale:     opts.Bool(scale),
		AxisLabel: &opts.AxisLabel{Color: textColor},
		SplitLine: &opts.SplitLine{Show: opts.Bool(true), LineStyle: &opts.LineStyle{Color: gridColor}},
	}
}

// tightX removes the category axis' boundary gap, which go-echarts has no
// option for, so a Spark's line runs from edge to edge.
type tightX struct {
	charts.BaseConfigurationVisitor
}

// gaplessXAxis is an x axis with ECharts' boundaryGap.
type gaplessXAxis struct {
	opts.XAxis
	BoundaryGap bool `json:"boundaryGap"`
}

// VisitXAxis returns the x axes without a boundary gap.
func (tightX) VisitXAxis(axes []opts.XAxis) any {
	out := make([]gaplessXAxis, len(axes))
	for i, a := range axes {
		out[i] = gaplessXAxis{XAxis: a}
	}
	return out
}
