package chart

import "github.com/go-echarts/go-echarts/v2/types"

// Formatter names. A chart's options are JSON, never code: where ECharts
// takes a function (a tooltip's formatter or valueFormatter, a label's
// formatter), the options hold one of these names, and the site's charts.js
// puts the function of that name in its place before it draws the chart
// (its table formatters). A string that names no function stays a string,
// which ECharts reads as a text template, never as code.
const (
	fmtBandTooltip     = "evalbook:bandTooltip"
	fmtNumber          = "evalbook:number"
	fmtLinesTooltip    = "evalbook:linesTooltip"
	fmtHeatTooltip     = "evalbook:heatTooltip"
	fmtHeatLabel       = "evalbook:heatLabel"
	fmtScatterTooltip  = "evalbook:scatterTooltip"
	fmtTimelineTooltip = "evalbook:timelineTooltip"
)

// formatters lists every formatter name the package writes; charts.js must
// define each (TestFormattersDefined).
var formatters = []string{fmtBandTooltip, fmtNumber, fmtLinesTooltip, fmtHeatTooltip, fmtHeatLabel, fmtScatterTooltip, fmtTimelineTooltip}

// formatter returns the option value that names the formatter name.
func formatter(name string) types.FuncStr {
	return types.FuncStr(name)
}
