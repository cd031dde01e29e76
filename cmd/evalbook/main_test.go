package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// project writes files (slash paths -> content) into a new project folder.
func project(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestRunExitCodes(t *testing.T) {
	good := project(t, map[string]string{
		"config.toml":             "title = \"T\"\n",
		"data/metrics/scores.csv": "iteration,metric,value,item\nv1,acc,1,a\nv1,acc,0,b\nv2,acc,1,a\nv2,acc,1,b\n",
		"casestudies/first.md":    "+++\ntitle = \"First\"\niterations = [\"v2\"]\n+++\nBody.\n",
		"content/decisions/d1.md": "+++\ntitle = \"Ship v2\"\ndecision = \"ship\"\n+++\nWhy.\n",
	})
	bad := project(t, map[string]string{
		"data/metrics/scores.csv": "iteration,metric,value,item\nv1,acc,1,a\nv1,acc,high,b\n",
	})
	tests := []struct {
		name     string
		args     []string
		code     int
		inStderr string
		inStdout string
	}{
		{"no arguments", nil, exitUsage, "Usage:", ""},
		{"unknown command", []string{"publish"}, exitUsage, `unknown command "publish"`, ""},
		{"help", []string{"help"}, exitOK, "", "Commands:"},
		{"build help", []string{"build", "--help"}, exitOK, "Usage: evalbook build", ""},
		{"check help", []string{"check", "-h"}, exitOK, "Usage: evalbook check", ""},
		{"unknown flag", []string{"build", "--fast"}, exitUsage, "flag provided but not defined", ""},
		{"stray argument", []string{"build", "extra"}, exitUsage, `unexpected argument "extra"`, ""},
		{"version", []string{"version"}, exitOK, "", "evalbook "},
		{"missing named config", []string{"build", "--config", filepath.Join(good, "nope.toml")}, exitFailed, "nope.toml", ""},
		{"build", []string{"build", "--quiet", "--source", good}, exitOK, "", ""},
		{"check", []string{"check", "--source", good}, exitOK, "", "acc"},
		{"check json", []string{"check", "--source", good, "--format", "json"}, exitOK, "", `"metric": "acc"`},
		{"check bad format", []string{"check", "--source", good, "--format", "xml"}, exitUsage, "--format", ""},
		{"bad value", []string{"build", "--source", bad}, exitFailed, "data/metrics/scores.csv:3", ""},
		{"check bad value", []string{"check", "--source", bad}, exitFailed, "data/metrics/scores.csv:3", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tt.args, &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit code = %d; want %d\nstderr: %s", code, tt.code, stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.inStderr) {
				t.Errorf("stderr = %q; want it to contain %q", stderr.String(), tt.inStderr)
			}
			if !strings.Contains(stdout.String(), tt.inStdout) {
				t.Errorf("stdout = %q; want it to contain %q", stdout.String(), tt.inStdout)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(good, "site", "index.html")); err != nil {
		t.Errorf("build did not write site/index.html: %v", err)
	}
	if _, err := os.Stat(filepath.Join(bad, "site")); !os.IsNotExist(err) {
		t.Errorf("a failed build created the output folder")
	}
}

func TestCheckGatesOnAlerts(t *testing.T) {
	// Two raters agree perfectly on v1 and contradict each other on v2, so
	// v2's alpha is far below 0.667: an error alert about v2 only.
	var rows strings.Builder
	rows.WriteString("item,rater,dimension,value,iteration\n")
	for i := 0; i < 20; i++ {
		v := 1 + i%5
		fmt.Fprintf(&rows, "i%d,a,quality,%d,v1\ni%d,b,quality,%d,v1\n", i, v, i, v)
		fmt.Fprintf(&rows, "i%d,a,quality,%d,v2\ni%d,b,quality,%d,v2\n", i, v, i, 6-v)
	}
	dir := project(t, map[string]string{"data/annotations/r.csv": rows.String()})
	tests := []struct {
		name     string
		args     []string
		code     int
		inStdout string
	}{
		{"latest iteration is gated", []string{"check", "--source", dir}, exitFailed, "reliability"},
		{"an earlier iteration passes", []string{"check", "--source", dir, "--iteration", "v1"}, exitOK, "gating v1 at error"},
		{"all iterations", []string{"check", "--source", dir, "--iteration", "all"}, exitFailed, "gating all"},
		{"json", []string{"check", "--source", dir, "--format", "json"}, exitFailed, `"failed": true`},
		{"unknown iteration", []string{"check", "--source", dir, "--iteration", "v9"}, exitUsage, ""},
		{"bad severity", []string{"check", "--source", dir, "--fail-on", "fatal"}, exitUsage, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tt.args, &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit code = %d; want %d\nstdout: %s\nstderr: %s", code, tt.code, stdout.String(), stderr.String())
			}
			if !strings.Contains(stdout.String(), tt.inStdout) {
				t.Errorf("stdout = %q; want it to contain %q", stdout.String(), tt.inStdout)
			}
		})
	}
}

// TestCheckCatchesExampleRegression runs the release gate on the example
// project: v5's latency breaks its 2,000 ms ceiling and its helpfulness
// falls by more than allowed, significantly among v5's 35 tests under the
// weighted correction, so gating v5 fails on two errors besides the
// reliability ones; the verdicts of the case studies are printed.
func TestCheckCatchesExampleRegression(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run([]string{"check", "--source", "../..", "--iteration", "v5"}, &stdout, &stderr)
	if code != exitFailed {
		t.Fatalf("check --iteration v5 exit code = %d; want %d\n%s", code, exitFailed, stderr.String())
	}
	for _, want := range []string{"Latency (p95) of v5 is 2637 ms, above the maximum 2000 ms", "supported", "refuted", "inconclusive",
		"error     regression   v5         Helpfulness fell by 0.445", "it is significant"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("check output lacks %q", want)
		}
	}
}

// TestCheckGatesOnRegressions checks the gate on a metric's change beyond
// its max_regression: a fall that is significant after the correction
// fails the check; the same fall on the average with noise so large that
// it is not significant is a possible regression (info) and passes.
func TestCheckGatesOnRegressions(t *testing.T) {
	csv := func(noise float64) string {
		var b strings.Builder
		b.WriteString("iteration,metric,value,item\n")
		for i := range 40 {
			base := 0.5 + 0.01*float64(i%7)
			wiggle := noise * float64(i%5-2)
			fmt.Fprintf(&b, "v1,score,%g,i%d\nv2,score,%g,i%d\n", base, i, base-0.05+wiggle, i)
		}
		return b.String()
	}
	config := "title = \"T\"\n[metrics.score]\nlabel = \"Score\"\nmax_regression = 0.02\n"
	for _, tc := range []struct {
		name     string
		noise    float64
		code     int
		inStdout string
	}{
		{"significant fall beyond the limit", 0.01, exitFailed, "error     regression  v2         Score fell by 0.05"},
		{"noisy fall beyond the limit", 0.5, exitOK, "info      regression  v2         Score fell by 0.05"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := project(t, map[string]string{"config.toml": config, "data/metrics/scores.csv": csv(tc.noise)})
			var stdout, stderr bytes.Buffer
			if code := run([]string{"check", "--source", dir}, &stdout, &stderr); code != tc.code {
				t.Errorf("exit code %d; want %d\n%s%s", code, tc.code, stdout.String(), stderr.String())
			}
			if !strings.Contains(stdout.String(), tc.inStdout) {
				t.Errorf("stdout lacks %q:\n%s", tc.inStdout, stdout.String())
			}
		})
	}
}

// TestMissingSource checks that a --source that does not exist, or is a
// file, fails naming it and creates nothing there.
func TestMissingSource(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "nonexistent")
	file := filepath.Join(dir, "file.txt")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"build missing", []string{"build", "--quiet", "--source", missing}, missing},
		{"build no-cache missing", []string{"build", "--quiet", "--no-cache", "--source", missing}, missing},
		{"check missing", []string{"check", "--source", missing}, missing},
		{"build file", []string{"build", "--quiet", "--source", file}, "not a folder"},
		{"check file", []string{"check", "--source", file}, "not a folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(tt.args, &stdout, &stderr); code != exitFailed {
				t.Errorf("exit code = %d; want %d\nstderr: %s", code, exitFailed, stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("stderr = %q; want it to contain %q", stderr.String(), tt.want)
			}
			if _, err := os.Stat(missing); !os.IsNotExist(err) {
				t.Errorf("%s was created (stat: %v)", missing, err)
			}
		})
	}
}
