package main

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/evalbook/evalbook/internal/config"
)

func TestSlugOf(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Ship v7: faster & cheaper!", "ship-v7-faster-cheaper"},
		{"  Hold v6  ", "hold-v6"},
		{"Änderung der Richtlinien", "nderung-der-richtlinien"},
		{"???", ""},
		{"a/../b", "a-b"},
	} {
		if got := slugOf(tt.in); got != tt.want {
			t.Errorf("slugOf(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// TestNew writes a decision and a case study into a project, checks their
// front matter (today's date, the latest iteration), that a second write
// refuses to overwrite, and that the project still builds.
func TestNew(t *testing.T) {
	now = func() time.Time { return time.Date(2026, 4, 2, 15, 0, 0, 0, time.UTC) }
	defer func() { now = time.Now }()
	dir := project(t, map[string]string{
		"data/metrics/scores.csv": "iteration,metric,value,item\nv1,acc,1,a\nv2,acc,1,a\nv10,acc,0,a\n",
		"data/iterations.toml":    "[[iteration]]\nid = \"v1\"\n[[iteration]]\nid = \"v2\"\n[[iteration]]\nid = \"v10\"\n",
	})
	run1 := func(args ...string) (int, string, string) {
		var out, errs bytes.Buffer
		code := run(args, &out, &errs)
		return code, out.String(), errs.String()
	}
	code, out, errs := run1("new", "--source", dir, "decision", `Ship "v10": faster`)
	want := filepath.Join(dir, "content", "decisions", "ship-v10-faster.md")
	if code != exitOK || strings.TrimSpace(out) != want {
		t.Fatalf("new decision: code %d, stdout %q, stderr %q; want the path %s", code, out, errs, want)
	}
	b, _ := os.ReadFile(want)
	for _, s := range []string{`title = "Ship \"v10\": faster"`, "date = 2026-04-02", `iterations = ["v10"]`, `decision = "hold"`} {
		if !strings.Contains(string(b), s) {
			t.Errorf("the decision lacks %q:\n%s", s, b)
		}
	}
	code, _, errs = run1("new", "decision", `Ship "v10": faster`, "--source", dir)
	if code != exitFailed || !strings.Contains(errs, "exists") {
		t.Errorf("second new: code %d, stderr %q; want a refusal", code, errs)
	}
	if b2, _ := os.ReadFile(want); !bytes.Equal(b, b2) {
		t.Error("the refused write changed the file")
	}
	code, out, _ = run1("new", "casestudy", "Shorter answers", "--source", dir)
	if code != exitOK || !strings.HasSuffix(strings.TrimSpace(out), filepath.Join("casestudies", "shorter-answers.md")) {
		t.Errorf("new casestudy: code %d, stdout %q", code, out)
	}
	if code, _, errs := run1("build", "--source", dir, "--quiet", "--no-cache"); code != exitOK {
		t.Errorf("the project with the new documents does not build: %s", errs)
	}
	for _, args := range [][]string{{"new"}, {"new", "memo", "x"}, {"new", "decision"}, {"new", "decision", "!!!"}} {
		if code, _, _ := run1(args...); code != exitUsage {
			t.Errorf("%q: code %d; want %d", args, code, exitUsage)
		}
	}
	if code, _, errs := run1("new", "--help"); code != exitOK || !strings.Contains(errs, "Usage: evalbook new") {
		t.Errorf("new --help: code %d, %q", code, errs)
	}
}

// TestInit starts a project, builds it, and refuses a second init.
func TestInit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "proj")
	var out, errs bytes.Buffer
	if code := run([]string{"init", dir}, &out, &errs); code != exitOK {
		t.Fatalf("init: code %d: %s", code, errs.String())
	}
	for _, name := range []string{"config.toml", ".gitignore", ".github/workflows/evalbook.yml", "data/metrics", "casestudies", "content/decisions"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("init wrote no %s", name)
		}
	}
	wf, _ := os.ReadFile(filepath.Join(dir, ".github/workflows/evalbook.yml"))
	if !strings.Contains(string(wf), "uses: evalbook/evalbook@main") {
		t.Errorf("the workflow does not use the action at main (a devel build):\n%s", wf)
	}
	if gi, _ := os.ReadFile(filepath.Join(dir, ".gitignore")); !strings.Contains(string(gi), "/site/") {
		t.Errorf(".gitignore = %q", gi)
	}
	if code := run([]string{"build", "--source", dir, "--quiet", "--no-cache"}, &out, &errs); code != exitOK {
		t.Errorf("the new project does not build: %s", errs.String())
	}
	errs.Reset()
	if code := run([]string{"init", dir}, &out, &errs); code != exitFailed || !strings.Contains(errs.String(), "already has a config.toml") {
		t.Errorf("second init: code %d, %q", code, errs.String())
	}
}

// TestSkeletonConfig checks that the config init writes names every key of
// config.Config (commented out), and that uncommented it is a valid config.
func TestSkeletonConfig(t *testing.T) {
	var keys []string
	var walk func(prefix string, typ reflect.Type)
	walk = func(prefix string, typ reflect.Type) {
		for i := range typ.NumField() {
			f := typ.Field(i)
			tag := strings.Split(f.Tag.Get("toml"), ",")[0]
			if tag == "" || tag == "-" {
				continue
			}
			ft := f.Type
			for ft.Kind() == reflect.Slice || ft.Kind() == reflect.Pointer || (ft.Kind() == reflect.Map && ft.Elem().Kind() == reflect.Struct) {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct && ft != reflect.TypeOf(time.Time{}) {
				walk(prefix+tag+".", ft)
				continue
			}
			keys = append(keys, prefix+tag)
		}
	}
	walk("", reflect.TypeOf(config.Config{}))
	uncommented := regexp.MustCompile(`(?m)^# ?(\[|[A-Za-z_]+ *=)`).ReplaceAllString(skeletonConfig, "$1")
	var md toml.MetaData
	var err error
	c := config.Default()
	if md, err = toml.Decode(uncommented, c); err != nil {
		t.Fatalf("the uncommented skeleton is not valid: %v", err)
	}
	if u := md.Undecoded(); len(u) > 0 {
		t.Errorf("the skeleton has keys config.Config lacks: %v", u)
	}
	have := map[string]bool{}
	for _, k := range md.Keys() {
		parts := []string(k)
		if len(parts) >= 2 && (parts[0] == "metrics" || parts[0] == "dimensions") {
			parts = append([]string{parts[0]}, parts[2:]...)
		}
		for i := range parts {
			have[strings.Join(parts[:i+1], ".")] = true
		}
	}
	for _, k := range keys {
		if !have[k] {
			t.Errorf("the skeleton config does not name %s", k)
		}
	}
}

func TestActionRef(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"v1.2.0", "v1.2.0"}, {"v1.3.0-rc.1", "v1.3.0-rc.1"}, {"devel", "main"},
		{"v0.0.0-20260301120000-abcdef123456", "main"}, {"v1.2.1-0.20260301120000-abcdef123456", "main"}, {"v1.2.0+dirty", "main"},
	} {
		if got := actionRef(tt.in); got != tt.want {
			t.Errorf("actionRef(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
