package render

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/evalbook/evalbook/internal/alert"
	"github.com/evalbook/evalbook/internal/project"
)

// groupShown and dashShown are how many findings a group of alerts lists
// on the alerts page and on the dashboard before folding the rest under
// "and N more": a project can raise thousands.
const (
	groupShown = 5
	dashShown  = 3
)

// alertView is an alert with its links resolved: Path is the page that
// explains it when that page exists in the site, else "".
type alertView struct {
	alert.Alert
	Path  string
	Iter  *iterView // the iteration's page, nil when none
	Label string    // the subject by display labels, such as "Helpfulness"
}

// SeverityName is the severity as text, for the template and CSS class.
func (a alertView) SeverityName() string { return a.Severity.String() }

// alertIndex is every alert, most severe first, and indexes of them, in
// that order, by Subject and by Iteration.
type alertIndex struct {
	alerts            []alertView
	alertsBySubject   map[alert.Subject][]alertView
	alertsByIteration map[string][]alertView
}

// newAlertIndex sorts the alerts most severe first, labels their subjects
// by the metric and dimension views, and resolves their links against the
// pages of the site (known), so an alert never links to a missing page.
func newAlertIndex(alerts []alert.Alert, iterBy iterIndex, metric metricIndex, dim dimIndex,
	known map[string]string) alertIndex {
	alerts = slices.Clone(alerts)
	alert.Sort(alerts)
	x := alertIndex{alertsBySubject: map[alert.Subject][]alertView{}, alertsByIteration: map[string][]alertView{}}
	for _, a := range alerts {
		v := alertView{Alert: a, Iter: iterBy[a.Iteration], Label: subjectLabel(a.Subject, metric, dim)}
		page, _, _ := strings.Cut(a.Link, "#")
		if _, ok := known[page]; ok && page != "" {
			v.Path = a.Link
		}
		x.alerts = append(x.alerts, v)
		x.alertsBySubject[a.Subject] = append(x.alertsBySubject[a.Subject], v)
		x.alertsByIteration[a.Iteration] = append(x.alertsByIteration[a.Iteration], v)
	}
	return x
}

// subjectLabel spells an alert's subject with display labels (see
// alert.Subject.Label): a metric and a dimension by their labels, "rater r4
// on Helpfulness", "ROUGE-L vs Helpfulness". Names the project does not
// know are kept as they are.
func subjectLabel(s alert.Subject, metric metricIndex, dim dimIndex) string {
	return s.Label(func(name string) string {
		if m := metric[name]; m != nil {
			return m.Label
		}
		return name
	}, func(name string) string {
		if d := dim[name]; d != nil {
			return d.Label
		}
		return name
	})
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

// countSeverities counts alerts by severity, most severe first, listing
// only severities with alerts.
func countSeverities(alerts []alertView) []severityCount {
	var n [alert.Error + 1]int
	for _, a := range alerts {
		n[a.Severity]++
	}
	var out []severityCount
	for s := alert.Error; s >= alert.Info; s-- {
		if n[s] > 0 {
			out = append(out, severityCount{s.String(), n[s]})
		}
	}
	return out
}

// alertFinding is one finding: the most severe of the alerts of one kind
// about one subject in one iteration, with the others (duplicates, such
// as a regression beyond its limit that is also significant) folded under
// it.
type alertFinding struct {
	alertView
	Also []alertView // most severe first
}

// Main is the finding's most severe alert.
func (f alertFinding) Main() alertView { return f.alertView }

// alertGroup is the findings of one kind in one part of the triage.
type alertGroup struct {
	Kind   string
	Shown  []alertFinding // the first groupShown findings
	More   []alertFinding // the rest, folded
	N      int            // alerts, duplicates included
	Counts []severityCount
}

// alertSection is the alerts about one iteration, grouped by kind.
type alertSection struct {
	ID   string    // the iteration; "" for alerts about no iteration
	Iter *iterView // its page, nil when the project does not know it
	// Pooled is set on the latest iteration's section, which also holds
	// the alerts about no iteration (those over all iterations pooled).
	Pooled    bool
	Groups    []alertGroup // the most severe group first
	N         int          // alerts, duplicates included
	Counts    []severityCount
	Decisions []*docView // decisions naming the iteration, newest first
}

// Anchor is the section's fragment identifier on the alerts page.
func (s alertSection) Anchor() string {
	if s.ID == "" {
		return "alerts-pooled"
	}
	return "alerts-" + Slug(s.ID)
}

// alertTriage is every alert arranged for a reader: the current
// iteration's (renderer.current: the latest of a timeline, the reference
// of unordered systems; with those about no iteration) first, then each
// other iteration's, from the last in series order to the first.
type alertTriage struct {
	Current alertSection   // the latest iteration's, and the pooled ones
	Older   []alertSection // newest first; iterations the project lacks last, by ID
}

// alertsInputs is what the alerts page and the dashboard's panel read:
// every alert (Deps: every result), the iterations with the current one,
// and the decisions by the iterations they name.
type alertsInputs struct {
	alerts  []alertView // most severe first
	current *iterView
	iters   []*iterView
	byIter  map[string][]*docView
}

// alertsInputsOf picks the alerts page's inputs out of the model.
func alertsInputsOf(r *renderer) alertsInputs {
	return alertsInputs{alerts: r.alerts, current: r.current, iters: r.iters, byIter: r.byIter}
}

// triage arranges the alerts (sorted most severe first).
func (r alertsInputs) triage(alerts []alertView) alertTriage {
	latest := r.current
	byIter := map[string][]alertView{}
	for _, a := range alerts {
		id := a.Iteration
		if latest != nil && id == "" {
			id = latest.ID
		}
		byIter[id] = append(byIter[id], a)
	}
	var t alertTriage
	if latest != nil {
		t.Current = r.section(latest.ID, latest, byIter[latest.ID])
		t.Current.Pooled = true
		delete(byIter, latest.ID)
	} else {
		t.Current = r.section("", nil, byIter[""])
		delete(byIter, "")
	}
	for i := len(r.iters) - 1; i >= 0; i-- {
		it := r.iters[i]
		if it == latest {
			continue
		}
		if as, ok := byIter[it.ID]; ok {
			t.Older = append(t.Older, r.section(it.ID, it, as))
			delete(byIter, it.ID)
		}
	}
	for _, id := range slices.Sorted(maps.Keys(byIter)) {
		t.Older = append(t.Older, r.section(id, nil, byIter[id]))
	}
	return t
}

// section groups the alerts of one iteration (sorted most severe first)
// by kind, and merges the alerts of one finding.
func (r alertsInputs) section(id string, it *iterView, alerts []alertView) alertSection {
	s := alertSection{ID: id, Iter: it, N: len(alerts), Counts: countSeverities(alerts)}
	for _, d := range r.byIter[id] {
		if id != "" && d.Kind == project.Decision {
			s.Decisions = append(s.Decisions, d)
		}
	}
	s.Groups = groupAlerts(alerts, groupShown)
	return s
}

// groupAlerts merges alerts (sorted most severe first) about one finding
// (same kind, subject and iteration) and groups the findings by kind,
// showing the first shown findings of each group. The groups come in order
// of their most severe alert, then kind; findings in the alerts' order.
func groupAlerts(alerts []alertView, shown int) []alertGroup {
	type key struct {
		kind      string
		subject   alert.Subject
		iteration string
	}
	var findings []alertFinding
	at := map[key]int{}
	for _, a := range alerts {
		k := key{a.Kind, a.Subject, a.Iteration}
		if i, ok := at[k]; ok {
			findings[i].Also = append(findings[i].Also, a)
			continue
		}
		at[k] = len(findings)
		findings = append(findings, alertFinding{alertView: a})
	}
	var groups []alertGroup
	kinds := map[string]int{}
	var members [][]alertView
	for _, f := range findings {
		i, ok := kinds[f.Kind]
		if !ok {
			i = len(groups)
			kinds[f.Kind] = i
			groups = append(groups, alertGroup{Kind: f.Kind})
			members = append(members, nil)
		}
		g := &groups[i]
		if len(g.Shown) < shown {
			g.Shown = append(g.Shown, f)
		} else {
			g.More = append(g.More, f)
		}
		members[i] = append(members[i], f.alertView)
		members[i] = append(members[i], f.Also...)
	}
	for i := range groups {
		groups[i].N = len(members[i])
		groups[i].Counts = countSeverities(members[i])
	}
	return groups
}

// alertsData is the data of the alerts page.
type alertsData struct {
	alertTriage
	N       int             // every alert
	Counts  []severityCount // most severe first, only severities with alerts
	Filters alertFilters
	script  string // the path from the page to alerts.js, for the page Go writes
}

// alertFilters are the choices of the alerts page's filters, each in the
// order the page shows the alerts.
type alertFilters struct {
	Iterations []string // IDs, the latest first; "" (pooled) last when any alert has no iteration
	Kinds      []string // sorted
	Severities []string // most severe first
}

// filters lists the iterations, kinds and severities the alerts have.
func (t *alertTriage) filters(alerts []alertView) alertFilters {
	var f alertFilters
	iters := map[string]bool{}
	for _, a := range alerts {
		iters[a.Iteration] = true
		f.Kinds = append(f.Kinds, a.Kind)
	}
	slices.Sort(f.Kinds)
	f.Kinds = slices.Compact(f.Kinds)
	for _, s := range slices.Concat([]alertSection{t.Current}, t.Older) {
		if s.ID != "" && iters[s.ID] {
			f.Iterations = append(f.Iterations, s.ID)
		}
	}
	if iters[""] {
		f.Iterations = append(f.Iterations, "")
	}
	for _, c := range countSeverities(alerts) {
		f.Severities = append(f.Severities, c.Severity)
	}
	return f
}

// alertsPage builds alerts.html.
func alertsPage(f frame, p string, in alertsInputs) (*page, error) {
	d := &alertsData{alertTriage: in.triage(in.alerts), N: len(in.alerts), Counts: countSeverities(in.alerts)}
	d.Filters = d.filters(in.alerts)
	pg := f.newPage(p, "Alerts", "alerts", d)
	if d.N > 0 {
		var err error
		if d.script, err = pg.Asset("alerts.js"); err != nil {
			return nil, err
		}
	}
	return pg, nil
}

// alertPanel is the dashboard's alert panel: the warnings and errors about
// the latest iteration and about no iteration, and how many other alerts
// the alerts page has.
type alertPanel struct {
	Latest *iterView    // nil for a project without iterations
	Groups []alertGroup // the warnings and errors, grouped as on the alerts page
	// Decisions are the decisions naming the latest iteration, newest first.
	Decisions []*docView
	N         int // alerts in Groups
	Older     int // alerts about other iterations
	Info      int // information about the latest iteration or none, left out
	All       int // every alert
}

// Severity is the class of the panel: the highest severity it shows, or
// "none".
func (p *alertPanel) Severity() string {
	sev := "none"
	for _, g := range p.Groups {
		for _, f := range g.Shown {
			if f.Severity == alert.Error {
				return "error"
			}
			sev = "warning"
		}
	}
	return sev
}

// newAlertPanel builds the dashboard's alert panel; nil when the project
// has neither alerts nor iterations.
func newAlertPanel(r alertsInputs) *alertPanel {
	t := r.triage(r.alerts)
	p := &alertPanel{Latest: t.Current.Iter, Decisions: t.Current.Decisions, All: len(r.alerts)}
	if len(r.alerts) == 0 && p.Latest == nil {
		return nil
	}
	var shown []alertView
	for _, g := range t.Current.Groups {
		for _, f := range slices.Concat(g.Shown, g.More) {
			for _, a := range slices.Concat([]alertView{f.alertView}, f.Also) {
				if a.Severity >= alert.Warning {
					shown = append(shown, a)
				} else {
					p.Info++
				}
			}
		}
	}
	p.Groups, p.N = groupAlerts(shown, dashShown), len(shown)
	p.Older = p.All - p.N - p.Info
	return p
}

// Decided is the decisions of a section as one line for its summary:
// "rollback — Roll back v5: guardrails", the title alone for a decision
// whose front matter names no kind, several joined by "; ".
func (s alertSection) Decided() string {
	var parts []string
	for _, d := range s.Decisions {
		if d.Meta.Decision == "" {
			parts = append(parts, d.Meta.Title)
			continue
		}
		parts = append(parts, d.Meta.Decision+" — "+d.Meta.Title)
	}
	return strings.Join(parts, "; ")
}
