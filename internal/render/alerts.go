package render

import (
	"fmt"
	"slices"
	"strings"

	"github.com/evalbook/evalbook/internal/alert"
)

// dashboardAlerts is how many alerts the dashboard lists before linking to
// the alerts page.
const dashboardAlerts = 10

// alertView is an alert with its links resolved: Path is the page that
// explains it when that page exists in the site, else "".
type alertView struct {
	alert.Alert
	Path string
	Iter *iterView // the iteration's page, nil when none
}

// SeverityName is the severity as text, for the template and CSS class.
func (a alertView) SeverityName() string { return a.Severity.String() }

// buildAlerts sorts the alerts most severe first and resolves their links
// against the pages of the site, so an alert never links to a missing page.
func (r *renderer) buildAlerts(alerts []alert.Alert) {
	alerts = slices.Clone(alerts)
	alert.Sort(alerts)
	known := r.pagePaths()
	r.alertsBySubject = map[string][]alertView{}
	r.alertsByIteration = map[string][]alertView{}
	for _, a := range alerts {
		v := alertView{Alert: a, Iter: r.iterBy[a.Iteration]}
		page, _, _ := strings.Cut(a.Link, "#")
		if _, ok := known[page]; ok && page != "" {
			v.Path = a.Link
		}
		r.alerts = append(r.alerts, v)
		r.alertsBySubject[a.Subject] = append(r.alertsBySubject[a.Subject], v)
		r.alertsByIteration[a.Iteration] = append(r.alertsByIteration[a.Iteration], v)
	}
}

// alertsData is the data of the alerts page.
type alertsData struct {
	Alerts []alertView
	Counts []severityCount // most severe first, only severities with alerts
}

// severityCount is the number of alerts of one severity.
type severityCount struct {
	Severity string
	N        int
}

// Label reads the count: "1 error", "2 warnings", "3 info".
func (c severityCount) Label() string {
	if c.N == 1 || c.Severity == "info" {
		return fmt.Sprintf("%d %s", c.N, c.Severity)
	}
	return fmt.Sprintf("%d %ss", c.N, c.Severity)
}

// countSeverities counts alerts, which are sorted most severe first.
func countSeverities(alerts []alertView) []severityCount {
	var out []severityCount
	for _, a := range alerts {
		name := a.SeverityName()
		if n := len(out); n > 0 && out[n-1].Severity == name {
			out[n-1].N++
			continue
		}
		out = append(out, severityCount{name, 1})
	}
	return out
}

// alertsPage builds alerts.html.
func (r *renderer) alertsPage(p string) (*page, error) {
	d := &alertsData{Alerts: r.alerts, Counts: countSeverities(r.alerts)}
	return r.newPage(p, "Alerts", "alerts", d), nil
}
