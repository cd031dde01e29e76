package main

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/evalbook/evalbook/internal/build"
)

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("check", "Reads and analyses the project without writing a site, and prints the latest\nfigures of every metric and dimension. Exits 1 when the input has errors.", stderr)
	o := projectFlags(fs)
	format := fs.String("format", "text", "output `format`: text or json")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "evalbook: --format is %q; want text or json\n", *format)
		return exitUsage
	}
	a, err := build.Analyse(*o)
	if err != nil {
		fmt.Fprintf(stderr, "evalbook: check failed: %v\n", err)
		return exitFailed
	}
	for _, w := range a.Warnings {
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(checkReport(a)); err != nil {
			fmt.Fprintf(stderr, "evalbook: %v\n", err)
			return exitFailed
		}
		return exitOK
	}
	printCheck(stdout, a)
	return exitOK
}

// latest is the newest figure of one metric, as check reports it.
type latest struct {
	Metric    string   `json:"metric"`
	Iteration string   `json:"iteration"`
	N         int      `json:"n"`
	Mean      float64  `json:"mean"`
	DeltaPrev *float64 `json:"delta_prev"`
	Improved  *bool    `json:"improved"`
}

type report struct {
	Iterations int      `json:"iterations"`
	Metrics    []latest `json:"metrics"`
	Warnings   []string `json:"warnings"`
}

func checkReport(a *build.Analysed) report {
	r := report{Iterations: len(a.Project.Iterations), Warnings: a.Warnings}
	if r.Warnings == nil {
		r.Warnings = []string{}
	}
	r.Metrics = []latest{}
	for _, m := range a.Trends.Metrics {
		if len(m.Points) == 0 {
			continue
		}
		p := m.Points[len(m.Points)-1]
		r.Metrics = append(r.Metrics, latest{m.Metric, p.Iteration, p.N, p.Mean, p.DeltaPrev, p.Improved})
	}
	return r
}

func printCheck(w io.Writer, a *build.Analysed) {
	r := checkReport(a)
	fmt.Fprintf(w, "%d iterations, %d metrics, %d dimensions, %d warnings\n\n", r.Iterations, len(r.Metrics), len(a.Trends.Dimensions), len(r.Warnings))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "METRIC\tITERATION\tN\tMEAN\tCHANGE")
	for _, m := range r.Metrics {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%.4g\t%s\n", m.Metric, m.Iteration, m.N, m.Mean, change(m.DeltaPrev, m.Improved))
	}
	tw.Flush()
}

func change(d *float64, improved *bool) string {
	switch {
	case d == nil:
		return "-"
	case improved == nil:
		return fmt.Sprintf("%+.4g", *d)
	case *improved:
		return fmt.Sprintf("%+.4g (better)", *d)
	}
	return fmt.Sprintf("%+.4g (worse)", *d)
}
