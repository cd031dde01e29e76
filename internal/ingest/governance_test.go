package ingest

import (
	"testing"
	"time"

	"github.com/evalbook/evalbook/internal/config"
)

// TestGovernanceErrors checks the errors of the governance, guideline and
// taxonomy keys against the exact message; columns are counted by hand
// (1-based bytes) and point at the offending value.
func TestGovernanceErrors(t *testing.T) {
	const m = "data/metrics/a.csv"
	const dec = "content/decisions/d.md"
	metrics := "iteration,metric,value\nv1,acc,1\nv2,acc,1\n"
	people := func(c *config.Config) { c.People = []string{"Ana", "Bo"} }
	tests := []struct {
		name  string
		files files
		cfg   func(*config.Config)
		want  string
	}{
		{"decision kind outside the list", files{dec: "+++\ntitle = \"D\"\ndecision = \"shipit\"\n+++\n"}, nil,
			`content/decisions/d.md:3:12: decision "shipit" is not known; want one of ship, rollback, hold, change-guidelines, change-metrics, process`},
		{"risk outside the list", files{dec: "+++\nrisk = \"huge\"\n+++\n"}, nil,
			`content/decisions/d.md:2:8: risk "huge" is not known; want one of low, medium, high`},
		{"status outside the list", files{"casestudies/c.md": "+++\nstatus = \"finished\"\n+++\n"}, nil,
			`casestudies/c.md:2:10: status "finished" is not known; want one of planned, running, done`},
		{"malformed date", files{dec: "+++\ntitle = \"D\"\ndate = 2026-02-30\n+++\n"}, nil,
			`content/decisions/d.md:3:8: invalid datetime: "2026-02-30"`},
		{"malformed due date", files{dec: "+++\n[[follow_ups]]\ntext = \"x\"\nowner = \"Ana\"\ndue = 2026-13-01\n+++\n"}, nil,
			`content/decisions/d.md:5:7: invalid datetime: "2026-13-01"`},
		{"unknown key in a follow-up", files{dec: "+++\n[[follow_ups]]\ntext = \"x\"\nowners = \"Ana\"\n+++\n"}, nil,
			`content/decisions/d.md:4: unknown key "follow_ups.owners"`},
		{"unknown decider", files{dec: "+++\ndecided_by = [\"Ana\", \"Bob\"]\n+++\n"}, people,
			`content/decisions/d.md:2:22: decided_by: "Bob" is not one of the people config.toml lists (people)`},
		{"unknown decider, older spelling", files{dec: "+++\ndeciders = [\"Al\"]\n+++\n"}, people,
			`content/decisions/d.md:2:13: deciders: "Al" is not one of the people config.toml lists (people)`},
		{"both spellings", files{dec: "+++\ndecided_by = [\"Ana\"]\ndeciders = [\"Ana\"]\n+++\n"}, nil,
			`content/decisions/d.md:3:12: deciders is the older spelling of decided_by; set only decided_by`},
		{"unknown approver", files{dec: "+++\napproved_by = [\"Zed\"]\n+++\n"}, people,
			`content/decisions/d.md:2:16: approved_by: "Zed" is not one of the people config.toml lists (people)`},
		{"unknown follow-up owner", files{dec: "+++\n[[follow_ups]]\ntext = \"a\"\nowner = \"Ana\"\n[[follow_ups]]\ntext = \"b\"\nowner = \"Ann\"\n+++\n"}, people,
			`content/decisions/d.md:7:9: follow_ups.owner: "Ann" is not one of the people config.toml lists (people)`},
		{"follow-up without owner", files{dec: "+++\n[[follow_ups]]\ntext = \"a\"\n+++\n"}, nil,
			`content/decisions/d.md:2: follow_ups entry 1: owner is missing; name who does it`},
		{"escalation to an unknown person", files{dec: "+++\n[escalation]\nto = \"Cy\"\nstatus = \"open\"\n+++\n"}, people,
			`content/decisions/d.md:3:6: escalation.to: "Cy" is not one of the people config.toml lists (people)`},
		{"escalation status", files{dec: "+++\n[escalation]\nto = \"Ana\"\nstatus = \"pending\"\n+++\n"}, nil,
			`content/decisions/d.md:4:10: escalation.status "pending" is not known; want open or resolved`},
		{"governance on a case study", files{"casestudies/c.md": "+++\ntitle = \"C\"\nrisk = \"low\"\n+++\n"}, nil,
			`casestudies/c.md:3:8: risk is a key of decisions; this document is a casestudy (a decision has kind = "decision" or lies in a decisions/ folder)`},
		{"superseded decision does not exist", files{dec: "+++\ndate = 2026-02-01\nsupersedes = \"decisions/hold-v9\"\n+++\n"}, nil,
			`content/decisions/d.md:3:14: supersedes "decisions/hold-v9": no such decision (give its slug, such as "decisions/hold-v6", or its path)`},
		{"superseding a page", files{dec: "+++\nsupersedes = \"/about.md\"\n+++\n", "content/about.md": "About\n"}, func(c *config.Config) { c.Content.PlainPages = true },
			`content/decisions/d.md:2:14: supersedes "/about.md": content/about.md is not a decision`},
		{"superseding a newer decision", files{
			dec:                      "+++\ndate = 2026-02-01\nsupersedes = \"decisions/e\"\n+++\n",
			"content/decisions/e.md": "+++\ndate = 2026-03-01\n+++\n",
		}, nil, `content/decisions/d.md:3:14: supersedes "decisions/e": that decision is dated after this one`},
		{"guideline from an unknown iteration", files{m: metrics, "content/g.md": "+++\nguideline_version = \"2\"\neffective_from = \"v9\"\n+++\n"}, nil,
			`content/g.md:3:18: effective_from: unknown iteration "v9"`},
		{"effective_from without a version", files{m: metrics, "content/g.md": "+++\neffective_from = \"v2\"\n+++\n"}, nil,
			`content/g.md:2:18: effective_from is set but guideline_version is not; a version of the guidelines needs both`},
		{"one guideline version twice", files{m: metrics,
			"content/g1.md": "+++\nguideline_version = \"2\"\n+++\n",
			"content/g2.md": "+++\nguideline_version = \"2\"\n+++\n",
		}, nil, `content/g2.md:2:21: guideline_version "2" is already stated by content/g1.md`},
		{"two documents with one slug", files{
			"casestudies/x.md":         "Body\n",
			"content/casestudies/x.md": "Body\n",
		}, func(c *config.Config) { c.Content.PlainPages = true }, `content/casestudies/x.md:1:1: has the slug casestudies/x of casestudies/x.md; both would be written to casestudies/x.html: rename one`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := config.Default()
			if tt.cfg != nil {
				tt.cfg(cfg)
			}
			_, _, err := Load(cfg, tt.files.fs())
			if err == nil {
				t.Fatalf("Load succeeded; want error %q", tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("error\n got: %s\nwant: %s", err, tt.want)
			}
		})
	}
}

// TestGovernance checks what a valid decision's governance keys become:
// deciders merged into decided_by, due dates in UTC, a superseded
// decision's path turned into its slug.
func TestGovernance(t *testing.T) {
	cfg := config.Default()
	cfg.People = []string{"Ana", "Bo"}
	p, _, err := Load(cfg, files{
		"content/decisions/old.md": "+++\ntitle = \"Old\"\ndate = 2026-01-01\ndeciders = [\"Ana\"]\n+++\n",
		"content/decisions/new.md": "+++\ntitle = \"New\"\ndate = 2026-02-01\ndecided_by = [\"Bo\"]\napproved_by = [\"Ana\"]\nrisk = \"high\"\n" +
			"supersedes = \"/decisions/old.md\"\n[escalation]\nto = \"Ana\"\nwhy = \"Cost\"\nstatus = \"open\"\n" +
			"[[follow_ups]]\ntext = \"Re-rate\"\nowner = \"Bo\"\ndue = 2026-02-10\n[[follow_ups]]\ntext = \"Tell legal\"\nowner = \"Ana\"\ndone = true\n+++\n",
	}.fs())
	if err != nil {
		t.Fatal(err)
	}
	ds := p.Decisions()
	if len(ds) != 2 {
		t.Fatalf("%d decisions; want 2", len(ds))
	}
	nw, old := ds[0].Meta, ds[1].Meta
	if got := old.DecidedBy; len(got) != 1 || got[0] != "Ana" {
		t.Errorf("old decided_by = %q; want [Ana] from deciders", got)
	}
	if nw.Supersedes != "decisions/old" {
		t.Errorf("supersedes = %q; want decisions/old", nw.Supersedes)
	}
	if !nw.Escalation.Open() || nw.Escalation.To != "Ana" {
		t.Errorf("escalation = %+v; want open, to Ana", nw.Escalation)
	}
	want := time.Date(2026, 2, 10, 0, 0, 0, 0, time.UTC)
	if len(nw.FollowUps) != 2 || !nw.FollowUps[0].Due.Equal(want) || nw.FollowUps[0].Due.Location() != time.UTC || !nw.FollowUps[1].Done {
		t.Errorf("follow-ups = %+v; want a first due %v UTC and a second done", nw.FollowUps, want)
	}
}
