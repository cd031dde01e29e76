package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for one writer and one reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestServeUsage(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	port := strconv.Itoa(busy.Addr().(*net.TCPAddr).Port)
	dir := project(t, map[string]string{"config.toml": "title = \"T\"\n"})
	tests := []struct {
		name     string
		args     []string
		code     int
		inStderr string
	}{
		{"help", []string{"serve", "--help"}, exitOK, "Usage: evalbook serve"},
		{"help names the flags", []string{"serve", "-h"}, exitOK, "-bind address"},
		{"bad bind", []string{"serve", "--bind", "example.org"}, exitUsage, `--bind is "example.org"`},
		{"bad port", []string{"serve", "--port", "70000"}, exitUsage, "--port is 70000"},
		{"stray argument", []string{"serve", "extra"}, exitUsage, `unexpected argument "extra"`},
		{"all interfaces warn", []string{"serve", "--source", dir, "--bind", "0.0.0.0", "--port", "0"}, exitOK,
			"warning: serving on 0.0.0.0, not only on this machine"},
		{"port in use", []string{"serve", "--source", dir, "--port", port}, exitFailed,
			"port " + port + " on 127.0.0.1 is already in use (another evalbook serve?); choose another with --port"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			ctx, cancel := context.WithCancel(context.Background())
			cancel() // a test that gets as far as serving stops at once
			if code := serveUntil(ctx, tt.args[1:], &stdout, &stderr); code != tt.code {
				t.Errorf("exit code %d, want %d\nstderr: %s", code, tt.code, stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.inStderr) {
				t.Errorf("stderr %q lacks %q", stderr.String(), tt.inStderr)
			}
		})
	}
}

// TestServeCommand runs `evalbook serve` on a small project under a
// subpath and a free port: it prints its address, serves the site with the
// reload script, writes nothing into the project, prints a progress line
// for an edit, and stops cleanly when asked.
func TestServeCommand(t *testing.T) {
	dir := project(t, map[string]string{
		"config.toml":             "title = \"T\"\n",
		"data/metrics/scores.csv": "iteration,metric,value,item\nv1,acc,1,a\nv1,acc,0,b\nv2,acc,1,a\nv2,acc,1,b\n",
		"casestudies/first.md":    "+++\ntitle = \"First\"\niterations = [\"v2\"]\n+++\nBody.\n",
	})
	before := listing(t, dir)
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	code := make(chan int, 1)
	go func() {
		code <- serveUntil(ctx, []string{"--source", dir, "--port", "0", "--baseURL", "/team/"}, &stdout, &stderr)
	}()
	addr := waitLine(t, &stdout, "serving ")
	if !strings.HasPrefix(addr, "http://127.0.0.1:") || !strings.HasSuffix(addr, "/team/") {
		t.Fatalf("serving at %q, want http://127.0.0.1:<port>/team/", addr)
	}
	resp, err := http.Get(addr + "casestudies/first.html")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.Contains(body, []byte(`<script src="/team/_evalbook/reload.js" defer></script>`)) {
		t.Errorf("status %d; page lacks the reload script:\n%.300s", resp.StatusCode, body)
	}
	if err := os.WriteFile(filepath.Join(dir, "casestudies", "first.md"), []byte("+++\ntitle = \"First\"\n+++\nEdited.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitLine(t, &stdout, "rebuilt in ")
	if !strings.Contains(stdout.String(), "after casestudies/first.md changed") {
		t.Errorf("progress line does not name the edit:\n%s", stdout.String())
	}
	cancel()
	select {
	case c := <-code:
		if c != exitOK {
			t.Errorf("exit code %d after stopping, want 0\n%s", c, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop within 10s")
	}
	if after := listing(t, dir); after != before {
		t.Errorf("serve wrote into the project:\nbefore %s\nafter  %s", before, after)
	}
}

// waitLine waits for a line of out that starts with prefix and returns the
// rest of it.
func waitLine(t *testing.T, out *syncBuffer, prefix string) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		for line := range strings.Lines(out.String()) {
			if rest, ok := strings.CutPrefix(line, prefix); ok {
				return strings.Fields(rest)[0]
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no line %q within 20s:\n%s", prefix, out.String())
	return ""
}

// listing names every file and folder under dir.
func listing(t *testing.T, dir string) string {
	t.Helper()
	var names []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		names = append(names, p)
		return nil
	})
	return strings.Join(names, " ")
}
