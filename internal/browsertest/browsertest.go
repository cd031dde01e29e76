// Package browsertest starts headless Debian chromium for tests that look at
// rendered pages the way a reader's browser does.
//
// New skips the calling test when no chromium is installed (.ci/run installs
// it) or when -short is set, so `go test -short ./...` never needs a browser.
// Page errors thrown by scripts are collected by the returned Browser, so a
// test can assert that a page ran cleanly; so are console messages and the
// browser's own log (Console), and, once WatchViolations is called,
// Content-Security-Policy violations (Violations).
package browsertest

import (
	"context"
	"fmt"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Browser is a running headless chromium with one tab.
type Browser struct {
	Ctx context.Context // the tab; bounded by the timeout given to New

	mu      sync.Mutex
	errs    []string
	console []string
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

// record keeps the message of every uncaught script exception, and every
// console message and browser log entry.
func (b *Browser) record(ev any) {
	switch e := ev.(type) {
	case *log.EventEntryAdded:
		if e.Entry != nil {
			b.addConsole(fmt.Sprintf("%s %s: %s (%s:%d)", e.Entry.Source, e.Entry.Level, e.Entry.Text, e.Entry.URL, e.Entry.LineNumber))
		}
		return
	case *runtime.EventConsoleAPICalled:
		msg := string(e.Type) + ":"
		for _, a := range e.Args {
			if a.Value != nil {
				msg += " " + string(a.Value)
			} else {
				msg += " " + a.Description
			}
		}
		b.addConsole(msg)
		return
	}
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

func (b *Browser) addConsole(msg string) {
	b.mu.Lock()
	b.console = append(b.console, msg)
	b.mu.Unlock()
}

// Console returns the console messages (console.log, .warn, .error, ...)
// and browser log entries (a refused script, a failed load, a
// Content-Security-Policy report) seen since the last call, and forgets
// them.
func (b *Browser) Console() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	c := b.console
	b.console = nil
	return c
}

// violationsJS records every securitypolicyviolation event of a document
// in window.__cspViolations, from before the page's own scripts run.
const violationsJS = `window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', function (e) {
	window.__cspViolations.push(e.effectiveDirective + ' blocked ' + (e.blockedURI || '(inline)') + ' at ' + e.sourceFile + ':' + e.lineNumber);
});`

// WatchViolations makes every document opened afterwards record its
// Content-Security-Policy violations; Violations returns them.
func (b *Browser) WatchViolations() error {
	return chromedp.Do(b.Ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: violationsJS})
		return err
	}))
}

// Violations returns the Content-Security-Policy violations the open
// document has reported (see WatchViolations).
func (b *Browser) Violations() ([]string, error) {
	return Eval[[]string](b, `window.__cspViolations || ['WatchViolations was not called']`)
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
