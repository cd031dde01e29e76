package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestProgressLines: off a terminal, build and check write plain stage
// lines to stderr (no status line, no carriage returns); with --quiet they
// write nothing there.
func TestProgressLines(t *testing.T) {
	dir := project(t, map[string]string{
		"config.toml":             "title = \"T\"\n",
		"data/metrics/scores.csv": "iteration,metric,value,item\nv1,acc,1,a\nv1,acc,0,b\nv2,acc,1,a\nv2,acc,1,b\n",
	})
	for _, tt := range []struct {
		name string
		args []string
		want []string // in stderr, in order; none: stderr is empty
	}{
		{"build", []string{"build", "--no-cache", "--source", dir}, []string{"read 2 iterations", "analysed in", "rendered", "wrote"}},
		{"build quiet", []string{"build", "--no-cache", "--quiet", "--source", dir}, nil},
		{"check", []string{"check", "--source", dir}, []string{"read 2 iterations", "analysed in"}},
		{"check quiet", []string{"check", "--quiet", "--source", dir}, nil},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(tt.args, &stdout, &stderr); code != exitOK {
			t.Fatalf("%s: exit code %d; stderr %s", tt.name, code, stderr.String())
		}
		got := stderr.String()
		if len(tt.want) == 0 && got != "" {
			t.Errorf("%s: stderr %q; want nothing", tt.name, got)
		}
		rest := got
		for _, w := range tt.want {
			i := strings.Index(rest, w)
			if i < 0 {
				t.Errorf("%s: stderr %q lacks %q (in order)", tt.name, got, w)
				break
			}
			rest = rest[i+len(w):]
		}
		if strings.ContainsAny(got, "\r\x1b") {
			t.Errorf("%s: a status line off a terminal: %q", tt.name, got)
		}
	}
}
