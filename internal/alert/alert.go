// Package alert is the common shape of every finding that asks a person to
// look: unreliable raters, a drifting rater, and (in later analyses)
// regressions and anomalies. Analyses produce alerts; the dashboard, the
// alerts page, site/api/alerts.json and `evalbook check` show them.
package alert

import (
	"cmp"
	"fmt"
	"slices"
)

// Severity ranks alerts. The zero value is Info.
type Severity int

const (
	Info Severity = iota
	Warning
	Error
)

var severityNames = [...]string{"info", "warning", "error"}

func (s Severity) String() string {
	if s < Info || s > Error {
		return fmt.Sprintf("severity(%d)", int(s))
	}
	return severityNames[s]
}

// MarshalText writes the severity's name, so JSON carries "warning", not 1.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// ParseSeverity reads a severity name, as --fail-on takes it.
func ParseSeverity(name string) (Severity, error) {
	for i, n := range severityNames {
		if n == name {
			return Severity(i), nil
		}
	}
	return 0, fmt.Errorf("unknown severity %q; want info, warning or error", name)
}

// Alert is one finding.
type Alert struct {
	Kind      string   `json:"kind"`      // what raised it, e.g. "reliability", "calibration"
	Severity  Severity `json:"severity"`  // info, warning or error
	Subject   Subject  `json:"subject"`   // what it is about; JSON spells it as text, e.g. "dimension helpfulness", "rater r4 on helpfulness"
	Iteration string   `json:"iteration"` // "" when not about one iteration
	Message   string   `json:"message"`   // one sentence for a person
	// Numbers are the figures behind the alert, e.g. {"alpha": 0.61,
	// "threshold": 0.667}. encoding/json writes map keys sorted.
	Numbers map[string]float64 `json:"numbers"`
	// Link is the site-relative page that explains the alert, e.g.
	// "dimensions/helpfulness.html", built from the route table (often
	// Subject.Page); "" for none.
	Link string `json:"link"`
}

// Sort orders alerts most severe first, then by kind, subject, iteration and
// message, so every list of alerts has one deterministic order.
func Sort(alerts []Alert) {
	slices.SortStableFunc(alerts, func(a, b Alert) int {
		return cmp.Or(
			cmp.Compare(b.Severity, a.Severity),
			cmp.Compare(a.Kind, b.Kind),
			cmp.Compare(a.Subject.String(), b.Subject.String()),
			cmp.Compare(a.Iteration, b.Iteration),
			cmp.Compare(a.Message, b.Message),
		)
	})
}

// Max returns the highest severity among alerts, and false when there are none.
func Max(alerts []Alert) (Severity, bool) {
	if len(alerts) == 0 {
		return Info, false
	}
	m := alerts[0].Severity
	for _, a := range alerts[1:] {
		m = max(m, a.Severity)
	}
	return m, true
}
