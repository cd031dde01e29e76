//go:build unix

package build

import (
	"errors"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/evalbook/evalbook/internal/contain"
)

// TestFIFOIsRefused checks that a named pipe among the inputs is an error
// naming it, at once, where it used to hang the build forever (issue 14,
// finding 2), for `evalbook build`'s path through the site snapshot too.
func TestFIFOIsRefused(t *testing.T) {
	for _, where := range []string{"data/metrics/pipe.csv", "content/pipe.md", "templates/assets/pipe.css"} {
		t.Run(where, func(t *testing.T) {
			proj, _ := hostileProject(t)
			fifo := filepath.Join(proj, filepath.FromSlash(where))
			write(t, filepath.Join(filepath.Dir(fifo), ".keep"), nil)
			if err := syscall.Mkfifo(fifo, 0o644); err != nil {
				t.Skip("mkfifo:", err)
			}
			done := make(chan error, 1)
			go func() {
				_, err := NewSession(t.TempDir()).Build(Options{Source: proj, Output: filepath.Join(t.TempDir(), "site")})
				done <- err
			}()
			select {
			case err := <-done:
				if !errors.Is(err, contain.ErrNotRegular) {
					t.Fatalf("Build: %v; want a %v error", err, contain.ErrNotRegular)
				}
				if want := where + " is a named pipe (FIFO)"; !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not say %q", err, want)
				}
			case <-time.After(20 * time.Second):
				t.Fatal("the build blocks on a named pipe")
			}
		})
	}
}
