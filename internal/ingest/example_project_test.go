package ingest

import (
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/synth"
)

// The example project's tests and those of what synth generates, read by
// Load. They were synth's; here, synth's test binary need not link the
// reader (parquet, protobuf, compression: some 20 MB more to link).

// exampleRoot is the example project: the repository itself.
const exampleRoot = "../.."

// TestExampleProject reads the whole example project (config, generated
// data and the hand-written Markdown) with the real reader, and checks that
// every site-rooted link and evidence entry in the Markdown names a page the
// site will have.
func TestExampleProject(t *testing.T) {
	cfg, err := config.Load(filepath.Join(exampleRoot, "config.toml"), false)
	if err != nil {
		t.Fatal(err)
	}
	p, warnings, err := Load(cfg, os.DirFS(exampleRoot))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range warnings {
		t.Errorf("warning: %s", w)
	}
	if len(p.CaseStudies) < 8 {
		t.Errorf("%d case studies; want at least 8", len(p.CaseStudies))
	}
	if n := len(p.Decisions()); n < 10 {
		t.Errorf("%d decisions; want at least 10", n)
	}
	kinds := map[string]int{}
	openEscalation, openFollowUps := false, 0
	for _, d := range p.Decisions() {
		kinds[d.Meta.Decision]++
		if len(d.Meta.DecidedBy) == 0 || len(d.Meta.Evidence) == 0 || d.Meta.Risk == "" {
			t.Errorf("%s: a decision needs decided_by, evidence and a risk", d.Source)
		}
		openEscalation = openEscalation || d.Meta.Escalation.Open()
		for _, f := range d.Meta.FollowUps {
			if !f.Done {
				openFollowUps++
			}
		}
	}
	if !openEscalation || openFollowUps == 0 {
		t.Errorf("open escalation %v, %d open follow-ups; want one and some", openEscalation, openFollowUps)
	}
	// A guideline change inside the series, so the agreement charts mark it.
	changed := false
	for _, g := range p.Guidelines() {
		changed = changed || g.Order > 0
	}
	if !changed {
		t.Error("no version of the rating guidelines comes into force after the first iteration")
	}
	for _, k := range []string{"ship", "rollback", "hold", "change-guidelines"} {
		if kinds[k] == 0 {
			t.Errorf("no %q decision in content/decisions/", k)
		}
	}
	for _, d := range p.CaseStudies {
		m := d.Meta
		if m.Hypothesis == "" || m.Status == "" || (m.Outcome == "" && m.Status == "done") || len(m.Iterations) == 0 || len(m.Metrics)+len(m.Dimensions) == 0 {
			t.Errorf("%s: a case study needs hypothesis, status, iterations, metrics or dimensions, and when done an outcome", d.Source)
		}
	}
	pages := sitePages(p)
	docs := slices.Concat(p.CaseStudies, p.Pages)
	for _, d := range docs {
		src, err := os.ReadFile(filepath.Join(exampleRoot, filepath.FromSlash(d.Source)))
		if err != nil {
			t.Fatal(err)
		}
		targets := append(siteLinks(string(src)), d.Meta.Evidence...)
		for _, m := range d.Meta.Metrics {
			targets = append(targets, "/metrics/"+m+".html")
		}
		for _, m := range d.Meta.Dimensions {
			targets = append(targets, "/dimensions/"+m+".html")
		}
		for _, link := range targets {
			page, frag, _ := strings.Cut(link, "#")
			page = strings.TrimSuffix(page, ".md")
			page = strings.TrimSuffix(page, ".html")
			ids, ok := pages[page]
			if !ok {
				t.Errorf("%s: link %s names no page of the site", d.Source, link)
				continue
			}
			if frag != "" && !slices.Contains(ids, frag) {
				t.Errorf("%s: link %s: the page has no heading %q", d.Source, link, frag)
			}
		}
	}
}

var (
	linkRE = regexp.MustCompile(`\]\((/[^)\s]*)\)`)
	idRE   = regexp.MustCompile(`<h[1-6] id="([^"]+)"`)
)

// siteLinks returns the site-rooted link destinations in Markdown source.
func siteLinks(src string) []string {
	var out []string
	for _, m := range linkRE.FindAllStringSubmatch(src, -1) {
		out = append(out, m[1])
	}
	return out
}

// sitePages returns the pages the site will have, by path without
// extension, with the heading IDs of Markdown pages: besides the documents,
// a page per iteration, metric, dimension, metric-dimension pair (the
// discrepancy pages) and item.
func sitePages(p *project.Project) map[string][]string {
	pages := map[string][]string{}
	for _, it := range p.Iterations {
		pages["/iterations/"+it.ID] = nil
	}
	for _, m := range p.Metrics {
		pages["/metrics/"+m.Name] = nil
	}
	for _, d := range p.Dimensions {
		pages["/dimensions/"+d.Name] = nil
		for _, m := range p.Metrics {
			pages["/discrepancy/"+m.Name+"/"+d.Name] = nil
		}
	}
	for _, it := range p.Items {
		pages["/items/"+it.ID] = nil
	}
	for _, d := range slices.Concat(p.CaseStudies, p.Pages) {
		var ids []string
		for _, m := range idRE.FindAllStringSubmatch(string(d.HTML), -1) {
			ids = append(ids, m[1])
		}
		pages[path.Join("/", d.Slug)] = ids
	}
	return pages
}

// TestExampleOutputs checks the example's outputs and raters files as the
// reader sees them: 16 items with an output in each of the 6 iterations,
// the last one the item's output in items.jsonl, the answers of a verbose
// iteration (v4) longer than those of the terse one before it; and every
// rater in a team.
func TestExampleOutputs(t *testing.T) {
	cfg, err := config.Load(filepath.Join(exampleRoot, "config.toml"), false)
	if err != nil {
		t.Fatal(err)
	}
	p, _, err := Load(cfg, os.DirFS(exampleRoot))
	if err != nil {
		t.Fatal(err)
	}
	n, longer := 0, 0
	for _, it := range p.Items {
		if len(it.Outputs) == 0 {
			continue
		}
		n++
		if len(it.Outputs) != 6 || it.Outputs[5].Iteration != "v6" || it.Outputs[5].Text != it.Output {
			t.Errorf("item %s: outputs %+v; want v1 to v6, v6's the item's output %q", it.ID, it.Outputs, it.Output)
			continue
		}
		if len(it.Outputs[3].Text) > len(it.Outputs[2].Text) {
			longer++
		}
	}
	if n != 16 || longer != 16 {
		t.Errorf("%d items with outputs, %d with a longer answer in v4 than v3; want 16 and 16", n, longer)
	}
	r4, ok := slices.BinarySearchFunc(p.Raters, "r4", func(r project.Rater, id string) int { return strings.Compare(r.ID, id) })
	if len(p.Raters) != 9 || !ok || p.Raters[r4].Attrs["team"] != "vendor" || p.Raters[0].ID != "judge-llm" || p.Raters[0].Attrs["kind"] != "judge" {
		t.Errorf("raters %+v", p.Raters)
	}
}

// TestIngestReadsGenerated reads generated projects with the real reader:
// the files synth.Files makes (what synth.Write writes, see synth's
// TestDeterministic) in memory, the config from a folder.
func TestIngestReadsGenerated(t *testing.T) {
	t.Parallel()
	for name, spec := range map[string]synth.Spec{"example": synth.Example(), "bench": synth.Bench()} {
		t.Run(name, func(t *testing.T) {
			files, err := synth.Files(spec)
			if err != nil {
				t.Fatal(err)
			}
			dir, fsys := t.TempDir(), fstest.MapFS{}
			for _, f := range files {
				fsys[f.Path] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
				if f.Path == "config.toml" {
					if err := os.WriteFile(filepath.Join(dir, f.Path), f.Data, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			cfg, err := config.Load(filepath.Join(dir, "config.toml"), true)
			if err != nil {
				t.Fatal(err)
			}
			p, warnings, err := Load(cfg, fsys)
			if err != nil {
				t.Fatal(err)
			}
			if len(warnings) > 0 && spec.Config != "" {
				t.Errorf("warnings: %v", warnings)
			}
			if len(p.Iterations) != len(spec.Iterations) || len(p.Items) != spec.Items+len(spec.Gold) {
				t.Errorf("read %d iterations and %d items; want %d and %d",
					len(p.Iterations), len(p.Items), len(spec.Iterations), spec.Items+len(spec.Gold))
			}
			golds := 0
			for _, d := range p.Dimensions {
				golds += len(d.Gold)
			}
			if want := 2 * len(spec.Gold); golds != want {
				t.Errorf("read %d gold answers; want %d", golds, want)
			}
			if len(p.Dimensions) != len(spec.Dimensions) {
				t.Errorf("read %d dimensions; want %d", len(p.Dimensions), len(spec.Dimensions))
			}
		})
	}
}
