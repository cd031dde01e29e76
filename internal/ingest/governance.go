package ingest

import (
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/tomlfile"
)

// checkGovernance checks the keys of d's front matter that take a value
// from a list (decision, status, risk, an escalation's status), the names
// of people (against people, when the config lists any), that governance
// keys appear on decisions only, and a guideline's effective_from. It
// returns the front matter with deciders merged into decided_by and due
// dates in UTC. front is the file up to the end of its front matter; errors
// point into it as file:line:col.
func checkGovernance(p *project.Project, people []string, d project.Document, front string) (project.FrontMatter, error) {
	m := d.Meta
	fail := func(key toml.Key, needle, format string, args ...any) error {
		line, col := valuePos(front, key, needle)
		return errorf(d.Source, line, col, format, args...)
	}
	oneOf := func(key, v string, list []string) error {
		if v == "" || slices.Contains(list, v) {
			return nil
		}
		return fail(toml.Key{key}, v, "%s %q is not known; want one of %s", key, v, strings.Join(list, ", "))
	}
	if err := oneOf("decision", m.Decision, project.DecisionKinds); err != nil {
		return m, err
	}
	if err := oneOf("status", m.Status, project.Statuses); err != nil {
		return m, err
	}
	if err := oneOf("risk", m.Risk, project.Risks); err != nil {
		return m, err
	}
	if d.Kind != project.Decision {
		for _, k := range []struct {
			key string
			set bool
		}{
			{"decided_by", len(m.DecidedBy) > 0}, {"deciders", len(m.Deciders) > 0}, {"approved_by", len(m.ApprovedBy) > 0},
			{"risk", m.Risk != ""}, {"escalation", m.Escalation != nil}, {"follow_ups", len(m.FollowUps) > 0},
			{"supersedes", m.Supersedes != ""},
		} {
			if k.set {
				return m, fail(toml.Key{k.key}, "", "%s is a key of decisions; this document is a %s (a decision has kind = \"decision\" or lies in a decisions/ folder)", k.key, d.Kind)
			}
		}
	}
	if len(m.DecidedBy) > 0 && len(m.Deciders) > 0 {
		return m, fail(toml.Key{"deciders"}, "", "deciders is the older spelling of decided_by; set only decided_by")
	}
	if len(m.DecidedBy) == 0 {
		m.DecidedBy = m.Deciders
	}
	m.Deciders = m.DecidedBy
	person := func(key toml.Key, start int, name string) error {
		if len(people) == 0 || slices.Contains(people, name) {
			return nil
		}
		line, col := 0, 0
		if start > 0 {
			line, col = posFrom(front, start, name)
		} else {
			line, col = valuePos(front, key, name)
		}
		return errorf(d.Source, line, col, "%s: %q is not one of the people config.toml lists (people)", strings.Join(key, "."), name)
	}
	for _, k := range []struct {
		key   string
		names []string
	}{{"decided_by", m.DecidedBy}, {"approved_by", m.ApprovedBy}, {"owner", nonEmpty(m.Owner)}} {
		key := k.key
		if key == "decided_by" && len(d.Meta.Deciders) > 0 {
			key = "deciders"
		}
		for _, n := range k.names {
			if err := person(toml.Key{key}, 0, n); err != nil {
				return m, err
			}
		}
	}
	if e := m.Escalation; e != nil {
		e2 := *e
		e2.Due = wallClockUTC(e.Due)
		m.Escalation = &e2
		switch {
		case e.To == "":
			return m, fail(toml.Key{"escalation"}, "", "escalation: to is missing; name whom the decision was escalated to")
		case e.Status == "":
			return m, fail(toml.Key{"escalation"}, "", "escalation: status is missing; want open or resolved")
		case !slices.Contains(project.EscalationStatuses, e.Status):
			return m, fail(toml.Key{"escalation", "status"}, e.Status, "escalation.status %q is not known; want open or resolved", e.Status)
		}
		if err := person(toml.Key{"escalation", "to"}, 0, e.To); err != nil {
			return m, err
		}
	}
	starts := tableLines(front, "follow_ups")
	m.FollowUps = slices.Clone(m.FollowUps)
	for i := range m.FollowUps {
		f := &m.FollowUps[i]
		f.Due = wallClockUTC(f.Due)
		start := tomlfile.KeyLine(front, toml.Key{"follow_ups"})
		if i < len(starts) {
			start = starts[i]
		}
		switch {
		case strings.TrimSpace(f.Text) == "":
			return m, errorf(d.Source, start, 0, "follow_ups entry %d: text is missing; say what is to be done", i+1)
		case f.Owner == "":
			return m, errorf(d.Source, start, 0, "follow_ups entry %d: owner is missing; name who does it", i+1)
		}
		if err := person(toml.Key{"follow_ups", "owner"}, start, f.Owner); err != nil {
			return m, err
		}
	}
	if m.EffectiveFrom != "" {
		if m.GuidelineVersion == "" {
			return m, fail(toml.Key{"effective_from"}, "", "effective_from is set but guideline_version is not; a version of the guidelines needs both")
		}
		if _, ok := p.Iteration(m.EffectiveFrom); !ok {
			return m, fail(toml.Key{"effective_from"}, m.EffectiveFrom, "effective_from: unknown iteration %q", m.EffectiveFrom)
		}
	}
	if m.GuidelineVersion != "" && d.Kind != project.Page {
		return m, fail(toml.Key{"guideline_version"}, "", "guideline_version belongs on a content page, not on a %s", d.Kind)
	}
	return m, nil
}

// checkLinks checks what relates documents to each other: that the
// decision each decision supersedes exists, is a decision and is not
// newer (storing its slug in Supersedes), and that no two documents state
// the same version of the guidelines. fronts maps a document's source to
// its front matter text.
func checkLinks(p *project.Project, pages []project.Document, fronts map[string]string) error {
	versions := map[string]string{}
	for i := range pages {
		d := &pages[i]
		front := fronts[d.Source]
		if v := d.Meta.GuidelineVersion; v != "" {
			if other, dup := versions[v]; dup {
				line, col := valuePos(front, toml.Key{"guideline_version"}, v)
				return errorf(d.Source, line, col, "guideline_version %q is already stated by %s", v, other)
			}
			versions[v] = d.Source
		}
		sup := d.Meta.Supersedes
		if sup == "" {
			continue
		}
		line, col := valuePos(front, toml.Key{"supersedes"}, sup)
		want := strings.TrimPrefix(sup, "/")
		want = strings.TrimSuffix(strings.TrimSuffix(want, ".md"), ".html")
		j := slices.IndexFunc(pages, func(x project.Document) bool {
			return x.Slug == want || strings.TrimSuffix(x.Source, ".md") == want
		})
		switch {
		case j < 0:
			return errorf(d.Source, line, col, "supersedes %q: no such decision (give its slug, such as \"decisions/hold-v6\", or its path)", sup)
		case j == i:
			return errorf(d.Source, line, col, "supersedes %q: a decision cannot supersede itself", sup)
		case pages[j].Kind != project.Decision:
			return errorf(d.Source, line, col, "supersedes %q: %s is not a decision", sup, pages[j].Source)
		case pages[j].Meta.Date.After(d.Meta.Date):
			return errorf(d.Source, line, col, "supersedes %q: that decision is dated after this one", sup)
		}
		d.Meta.Supersedes = pages[j].Slug
	}
	return nil
}

// valuePos returns the position of key's value in front: the line that
// sets key and the column of needle (quoted) on it or on a later line, or
// of the first character after "=" when needle is "" or not found. It
// returns 0, 0 when the key cannot be found.
func valuePos(front string, key toml.Key, needle string) (line, col int) {
	line = tomlfile.KeyLine(front, key)
	if line == 0 {
		return 0, 0
	}
	if needle != "" {
		if l, c := posFrom(front, line, needle); c > 0 {
			return l, c
		}
	}
	text := strings.Split(front, "\n")[line-1]
	eq := strings.Index(text, "=")
	if eq < 0 {
		return line, len(text) - len(strings.TrimLeft(text, " \t")) + 1
	}
	rest := text[eq+1:]
	return line, eq + 2 + len(rest) - len(strings.TrimLeft(rest, " \t"))
}

// posFrom returns the first position at or after line start where needle
// appears quoted ("needle" or 'needle'), the column of its opening quote;
// else start and column 0.
func posFrom(front string, start int, needle string) (line, col int) {
	lines := strings.Split(front, "\n")
	for i := max(start-1, 0); i < len(lines); i++ {
		for _, q := range []string{`"`, `'`} {
			if j := strings.Index(lines[i], q+needle+q); j >= 0 {
				return i + 1, j + 1
			}
		}
	}
	return start, 0
}
