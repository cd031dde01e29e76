package render

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/discrepancy"
	"github.com/evalbook/evalbook/internal/experiment"
	"github.com/evalbook/evalbook/internal/ingest"
	"github.com/evalbook/evalbook/internal/leaderboard"
	"github.com/evalbook/evalbook/internal/preference"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/reliability"
	"github.com/evalbook/evalbook/internal/synth"
	"github.com/evalbook/evalbook/internal/trend"
)

// loadCorpus returns the render input of the project whose config.toml
// is in dir, read and analysed as `evalbook build` does (internal/build's
// analyse and renderInput, without its caches), with the default
// templates.
func loadCorpus(dir string) (Input, error) {
	cfg, err := config.Load(filepath.Join(dir, "config.toml"), false)
	if err != nil {
		return Input{}, err
	}
	fsys, err := ingest.ProjectFS(cfg)
	if err != nil {
		return Input{}, err
	}
	p, _, err := ingest.Load(cfg, fsys)
	if err != nil {
		return Input{}, err
	}
	if err := p.SetShape(cfg.Project.Shape, cfg.Project.Reference); err != nil {
		return Input{}, err
	}
	in := Input{Config: cfg, Project: p, Templates: testTemplates()}
	var wg sync.WaitGroup
	wg.Go(func() {
		in.Trends = trend.Analyse(p, trend.Options{Confidence: cfg.Analysis.Confidence, Resamples: cfg.Analysis.Resamples, Seed: cfg.Analysis.Seed})
	})
	wg.Go(func() { in.Reliability = reliability.Analyse(p, reliability.OptionsFrom(cfg)) })
	wg.Go(func() { in.Experiments = experiment.Analyse(p, experiment.OptionsFrom(cfg)) })
	wg.Go(func() { in.Discrepancy = discrepancy.Analyse(p, discrepancy.OptionsFrom(cfg)) })
	wg.Go(func() { in.Leaderboard = leaderboard.Analyse(p, leaderboard.SettingsFrom(cfg)) })
	wg.Go(func() { in.Preference = preference.Analyse(p, preference.OptionsFrom(cfg)) })
	wg.Wait()
	preference.Feed(&in.Leaderboard, in.Preference, p.Shape == project.ShapeRounds)
	in.Alerts = slices.Concat(in.Experiments.Alerts, in.Discrepancy.Alerts)
	return in, nil
}

// The example project (the repository root) and the benchmark corpus
// (synth.Bench), read and analysed once per test binary.
var (
	exampleInput = sync.OnceValues(func() (Input, error) {
		_, file, _, _ := runtime.Caller(0)
		return loadCorpus(filepath.Join(filepath.Dir(file), "..", ".."))
	})
	benchCorpus = sync.OnceValues(func() (Input, error) {
		dir, err := os.MkdirTemp("", "render-bench-corpus-")
		if err != nil {
			return Input{}, err
		}
		defer os.RemoveAll(dir)
		if err := synth.Write(dir, synth.Bench()); err != nil {
			return Input{}, err
		}
		return loadCorpus(dir)
	})
)

// corpora returns the example project's and the benchmark corpus's render
// inputs by name; it skips the test under -short.
func corpora(t *testing.T) map[string]Input {
	t.Helper()
	if testing.Short() {
		t.Skip("reads and analyses the example project and the benchmark corpus")
	}
	out := map[string]Input{}
	for name, load := range map[string]func() (Input, error){"example": exampleInput, "bench": benchCorpus} {
		in, err := load()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = in
	}
	return out
}

// samePages renders every page of in of the page type kind twice, with the
// templates alone (parseTemplates) and as a render does (parseSets, with
// the pages Go writes whole), and reports each page that differs; it
// returns how many pages it compared.
func samePages(t *testing.T, in Input, kind string) int {
	t.Helper()
	r, err := newRenderer(in)
	if err != nil {
		t.Fatal(err)
	}
	src := sourceOf(in)
	plain := plainSets(t, src)
	sets, err := parseSets(src)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := goBases(src.fsys)[kind]; !ok {
		t.Fatalf("Go does not write the %s pages with these templates", kind)
	}
	plainParts, goParts := newParts(plain), newParts(sets)
	goParts.fsys = src.fsys
	var buf bytes.Buffer
	n := 0
	for _, pg := range r.pages {
		j := r.job(pg)
		if j.kind != kind {
			continue
		}
		want, err := execute(j, plain, src, plainParts, &buf, nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := execute(j, sets, src, goParts, &buf, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.body, want.body) {
			i := firstDiff(got.body, want.body)
			lo := max(0, i-200)
			t.Errorf("%s differs from its template at byte %d:\nGo:       %q\ntemplate: %q", j.path, i,
				got.body[lo:min(len(got.body), i+200)], want.body[lo:min(len(want.body), i+200)])
		}
		n++
	}
	return n
}

// firstDiff returns the index of the first byte where a and b differ.
func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
