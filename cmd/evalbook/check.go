package main

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/evalbook/evalbook/internal/alert"
	"github.com/evalbook/evalbook/internal/build"
	"github.com/evalbook/evalbook/internal/experiment"
)

const checkSummary = `Reads and analyses the project without writing a site, prints the latest
figures of every metric and the alerts, and exits 1 when an alert about the
gated iteration (the latest, or --iteration) is at or above --fail-on.
This is the release gate for CI.`

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("check", checkSummary, stderr)
	o := projectFlags(fs)
	format := fs.String("format", "text", "output `format`: text or json")
	failOn := fs.String("fail-on", "error", "lowest alert `severity` that fails the check: info, warning or error")
	gate := fs.String("iteration", "", "`iteration` to gate (default: the latest); \"all\" gates on every alert")
	quiet := fs.Bool("quiet", false, "print no progress (stage lines, or a status line on a terminal) on stderr")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "evalbook: --format is %q; want text or json\n", *format)
		return exitUsage
	}
	threshold, err := alert.ParseSeverity(*failOn)
	if err != nil {
		fmt.Fprintf(stderr, "evalbook: --fail-on: %v\n", err)
		return exitUsage
	}
	rep := reporter(o, stderr, *quiet)
	a, err := build.Analyse(*o)
	rep.Done()
	if err != nil {
		fmt.Fprintf(stderr, "evalbook: check failed: %v\n", err)
		return exitFailed
	}
	for _, w := range a.Warnings {
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
	r, err := checkReport(a, *gate, threshold)
	if err != nil {
		fmt.Fprintf(stderr, "evalbook: %v\n", err)
		return exitUsage
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(r); err != nil {
			fmt.Fprintf(stderr, "evalbook: %v\n", err)
			return exitFailed
		}
	} else {
		printCheck(stdout, r)
	}
	if r.Failed {
		fmt.Fprintf(stderr, "evalbook: check failed: %d alerts at or above %s for %s\n", len(r.Failing), threshold, r.Gate)
		return exitFailed
	}
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

// report is what check prints.
type report struct {
	Gate       string        `json:"gate"` // the gated iteration, or "all"
	FailOn     string        `json:"fail_on"`
	Failed     bool          `json:"failed"`
	Failing    []alert.Alert `json:"failing"` // the alerts that fail the gate
	Iterations int           `json:"iterations"`
	Metrics    []latest      `json:"metrics"`
	Alerts     []alert.Alert `json:"alerts"` // every alert
	// Verdicts are the case studies' experiments, evaluated.
	Verdicts []experiment.Verdict `json:"verdicts"`
	Warnings []string             `json:"warnings"`
}

func checkReport(a *build.Analysed, gate string, threshold alert.Severity) (report, error) {
	if gate == "" {
		gate = a.Gate()
	} else if _, ok := a.Project.Iteration(gate); !ok && gate != "all" {
		return report{}, fmt.Errorf("--iteration: no iteration %q in the project", gate)
	}
	r := report{
		Gate: gate, FailOn: threshold.String(), Iterations: len(a.Project.Iterations),
		Metrics: []latest{}, Alerts: a.Alerts(), Failing: []alert.Alert{}, Warnings: a.Warnings,
		Verdicts: a.Experiments.Verdicts,
	}
	if r.Verdicts == nil {
		r.Verdicts = []experiment.Verdict{}
	}
	if r.Warnings == nil {
		r.Warnings = []string{}
	}
	for _, al := range r.Alerts {
		if al.Severity >= threshold && (gate == "all" || al.Iteration == gate) {
			r.Failing = append(r.Failing, al)
		}
	}
	r.Failed = len(r.Failing) > 0
	for _, m := range a.Trends.Metrics {
		if len(m.Points) == 0 {
			continue
		}
		p := m.Points[len(m.Points)-1]
		r.Metrics = append(r.Metrics, latest{m.Metric, p.Iteration, p.N, p.Mean, p.DeltaPrev, p.Improved})
	}
	return r, nil
}

func printCheck(w io.Writer, r report) {
	fmt.Fprintf(w, "%d iterations, %d metrics, %d alerts, %d warnings; gating %s at %s\n\n",
		r.Iterations, len(r.Metrics), len(r.Alerts), len(r.Warnings), r.Gate, r.FailOn)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "METRIC\tITERATION\tN\tMEAN\tCHANGE")
	for _, m := range r.Metrics {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%.4g\t%s\n", m.Metric, m.Iteration, m.N, m.Mean, change(m.DeltaPrev, m.Improved))
	}
	tw.Flush()
	printVerdicts(w, r.Verdicts)
	if len(r.Alerts) == 0 {
		fmt.Fprintln(w, "\nno alerts")
		return
	}
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SEVERITY\tKIND\tITERATION\tMESSAGE")
	for _, al := range r.Alerts {
		it := al.Iteration
		if it == "" {
			it = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", al.Severity, al.Kind, it, al.Message)
	}
	tw.Flush()
}

func printVerdicts(w io.Writer, verdicts []experiment.Verdict) {
	if len(verdicts) == 0 {
		return
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CASE STUDY\tCOMPARISON\tPRIMARY\tDELTA\tCI\tOUTCOME")
	for _, v := range verdicts {
		ci := "-"
		if v.CI != nil {
			ci = fmt.Sprintf("[%.3g, %.3g]", v.CI.Low, v.CI.High)
		}
		fmt.Fprintf(tw, "%s\t%s -> %s\t%s\t%+.3g\t%s\t%s\n", v.CaseStudy, v.Baseline, v.Candidate, v.Primary, v.Delta, ci, v.Outcome)
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
