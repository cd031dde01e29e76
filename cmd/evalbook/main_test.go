package main

import (
	"bytes"
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
