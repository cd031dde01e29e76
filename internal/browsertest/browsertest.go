// Package browsertest starts headless Debian chromium for tests that look at
// rendered pages the way a reader's browser does.
//
// New skips the calling test when no chromium is installed (.ci/run installs
// it) or when -short is set, so `go test -short ./...` never needs a browser.
// Page errors thrown by scripts are collected by the returned Browser, so a
// test can assert that a page ran cleanly.
package browsertest

import (
	"context"
	"fmt"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Browser is a running headless chromium with one tab.
type Browser struct {
	Ctx context.Context // the tab; bounded by the timeout given to New

	mu   sync.Mutex
	errs []string
}

// New starts chromium with a window of width x height CSS pixels and stops
// it when the test ends. Actions on Ctx fail after timeout.
func New(t testing.TB, width, height int, timeout time.Duration) *Browser {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	path := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		t.Skip("no chromium on this machine: install Debian's chromium to run the browser tests")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("allow-file-access-from-files", true),
		chromedp.WindowSize(width, height),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	tab, cancelTab := chromedp.NewContext(actx)
	t.Cleanup(cancelTab)
	if err := chromedp.Do(tab); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	b := &Browser{}
	if err := chromedp.Listen(tab, b.record); err != nil {
		t.Fatalf("listening to page events: %v", err)
	}
	ctx, cancel := context.WithTimeout(tab, timeout)
	t.Cleanup(cancel)
	b.Ctx = ctx
	return b
}

// record keeps the message of every uncaught script exception.
func (b *Browser) record(ev any) {
	e, ok := ev.(*runtime.EventExceptionThrown)
	if !ok || e.ExceptionDetails == nil {
		return
	}
	d := e.ExceptionDetails
	msg := d.Text
	if d.Exception != nil && d.Exception.Description != "" {
		msg = d.Exception.Description
	}
	b.mu.Lock()
	b.errs = append(b.errs, fmt.Sprintf("%s:%d:%d: %s", d.URL, d.LineNumber+1, d.ColumnNumber+1, msg))
	b.mu.Unlock()
}

// Open loads url and waits for its load event.
func (b *Browser) Open(url string) error {
	return chromedp.Do(b.Ctx, chromedp.Navigate(url))
}

// Errors returns the script errors seen since the last call, and forgets them.
func (b *Browser) Errors() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	errs := b.errs
	b.errs = nil
	return errs
}

// Eval evaluates a JavaScript expression in the page and returns its value.
func Eval[T any](b *Browser, expr string) (T, error) {
	return chromedp.Run(b.Ctx, chromedp.Evaluate[T](expr))
}
