package serve

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/evalbook/evalbook/internal/browsertest"
	"github.com/evalbook/evalbook/internal/build"
)

// copyExample copies the example project's inputs (the repository's own
// config.toml, data/, casestudies/ and content/) into a new folder, so that
// a test can edit them.
func copyExample(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	for _, name := range []string{"config.toml", "data", "casestudies", "content"} {
		root := filepath.Join("..", "..", name)
		err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(filepath.Join("..", ".."), p)
			to := filepath.Join(dst, rel)
			if d.IsDir() {
				return os.MkdirAll(to, 0o755)
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(to, b, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// TestLiveReloadInBrowser serves a copy of the example under a subpath on
// a random loopback port, opens a case study in chromium and edits the
// project the way a person does: the page follows an edit of the prose
// without a manual reload (at the same scroll position), a broken metric
// file shows the overlay with its file:line:col over the last good page, an
// error naming markup shows it as text, a fix clears the overlay, and a
// warning shows as a banner that can be dismissed.
func TestLiveReloadInBrowser(t *testing.T) {
	b := browsertest.New(t, 800, 600, 120*time.Second)
	dir := copyExample(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	sub := fmt.Sprintf("/preview-%d/", time.Now().UnixNano()%100000)
	base := "http://" + ln.Addr().String() + sub
	s := NewServer(Rebuild(build.Options{Source: dir, BaseURL: base}), sub, nil)
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan Event, 1)
	stopped := make(chan error, 1)
	go func() {
		stopped <- s.Run(ctx, ln, RunOptions{
			Project: dir,
			Roots:   ProjectRoots(build.Options{Source: dir}),
			Ready:   func(ev Event) { ready <- ev },
		})
	}()
	defer func() {
		cancel()
		if err := <-stopped; err != nil {
			t.Errorf("Run: %v", err)
		}
	}()
	if ev := <-ready; !ev.OK {
		t.Fatalf("first build failed: %+v", ev.Error)
	}

	// waitFor polls a JavaScript condition until it holds; errors while a
	// page reloads count as not yet.
	waitFor := func(what, cond string) {
		t.Helper()
		deadline := time.Now().Add(60 * time.Second)
		for time.Now().Before(deadline) {
			if ok, err := browsertest.Eval[bool](b, cond); err == nil && ok {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("%s: %s never held", what, cond)
	}
	// shot writes a screenshot into $EVALBOOK_ARTIFACTS, when it is set,
	// for people to look at.
	shot := func(name string) {
		t.Helper()
		dir := os.Getenv("EVALBOOK_ARTIFACTS")
		if dir == "" {
			return
		}
		png, err := chromedp.Run(b.Ctx, chromedp.CaptureScreenshot())
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, name), png, 0o644)
		}
		if err != nil {
			t.Errorf("screenshot %s: %v", name, err)
		}
	}
	edit := func(name string, change func(string) string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		old, _ := os.ReadFile(p)
		if err := os.WriteFile(p, []byte(change(string(old))), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	if err := b.WatchViolations(); err != nil {
		t.Fatal(err)
	}
	if err := b.Open(base + "casestudies/grounding.html"); err != nil {
		t.Fatal(err)
	}
	waitFor("the reload script connected", `!!document.querySelector('script[src="`+sub+`_evalbook/reload.js"]')`)
	// The injected script is a file of the server's own, so the page's
	// Content-Security-Policy allows it and its event stream.
	if v, err := b.Violations(); err != nil || len(v) > 0 {
		t.Errorf("Content-Security-Policy violations while served: %q (%v)", v, err)
	}
	scroll, err := browsertest.Eval[float64](b, `window.scrollTo(0, Math.min(500, document.documentElement.scrollHeight - innerHeight)); window.scrollY`)
	if err != nil || scroll < 100 {
		t.Fatalf("could not scroll the page (%v, at %v)", err, scroll)
	}
	if _, err := browsertest.Eval[bool](b, `window.evalbookMark = true`); err != nil {
		t.Fatal(err)
	}

	// 1. Edit the prose: the page reloads by itself, where it was.
	const added = "A paragraph added while the room watched."
	edit("casestudies/grounding.md", func(s string) string { return s + "\n" + added + "\n" })
	waitFor("the edited prose", `document.body.innerText.includes(`+jsString(added)+`)`)
	if marked, _ := browsertest.Eval[bool](b, `window.evalbookMark === true`); marked {
		t.Error("the page changed without a reload")
	}
	waitFor("the scroll position kept", fmt.Sprintf(`Math.abs(window.scrollY - %v) < 2`, scroll))

	// 2. Break a metric file: the overlay names the place, over the last
	// good page.
	edit("data/metrics/serving.csv", func(s string) string { return s + "v1,q0001,es,\"unterminated\n" })
	waitFor("the overlay", `!!document.getElementById("evalbook-serve-overlay")`)
	place, err := browsertest.Eval[string](b, `document.querySelector("#evalbook-serve-overlay .evalbook-serve-place").textContent`)
	if err != nil || !strings.HasPrefix(place, "data/metrics/serving.csv:14:") {
		t.Errorf("overlay place %q (%v), want data/metrics/serving.csv:14:col", place, err)
	}
	if under, _ := browsertest.Eval[bool](b, `document.body.innerText.includes(`+jsString(added)+`)`); !under {
		t.Error("the last good page is not under the overlay")
	}
	shot("serve-overlay.png")
	browsertest.Eval[bool](b, `window.evalbookMark = true`)

	// 3. Fix it: the overlay goes, with a reload.
	edit("data/metrics/serving.csv", func(s string) string { return strings.TrimSuffix(s, "v1,q0001,es,\"unterminated\n") })
	waitFor("the overlay gone after a reload", `window.evalbookMark !== true && document.readyState === "complete" && !document.getElementById("evalbook-serve-overlay")`)

	// 4. An error whose message holds markup shows it as text.
	bad := filepath.Join(dir, "data", "metrics", "<img src=x>.csv")
	if err := os.WriteFile(bad, []byte("iteration,metric,value\nv1,acc,\"x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor("the overlay", `!!document.getElementById("evalbook-serve-overlay")`)
	text, _ := browsertest.Eval[string](b, `document.querySelector("#evalbook-serve-overlay .evalbook-serve-message").textContent`)
	if !strings.Contains(text, "<img src=x>.csv") {
		t.Errorf("overlay message %q lacks the file name as text", text)
	}
	if n, _ := browsertest.Eval[int](b, `document.querySelectorAll("#evalbook-serve-overlay img").length`); n != 0 {
		t.Errorf("the error's markup became %d elements", n)
	}
	os.Remove(bad)
	waitFor("the overlay gone", `document.readyState === "complete" && !document.getElementById("evalbook-serve-overlay")`)

	// 5. A warning shows as a banner; dismissed, it stays away.
	if err := os.WriteFile(filepath.Join(dir, "data", "annotations", "empty.csv"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor("the warnings banner", `!!document.getElementById("evalbook-serve-banner") && document.getElementById("evalbook-serve-banner").textContent.includes("1 warning")`)
	shot("serve-banner.png")
	if err := chromedp.Do(b.Ctx, chromedp.Click(`#evalbook-serve-banner button`)); err != nil {
		t.Fatal(err)
	}
	waitFor("the banner dismissed", `!document.getElementById("evalbook-serve-banner")`)
	if err := b.Open(base + "index.html"); err != nil {
		t.Fatal(err)
	}
	waitFor("the state shown", `document.documentElement.dataset.evalbookBuild !== undefined`)
	if shown, _ := browsertest.Eval[bool](b, `!!document.getElementById("evalbook-serve-banner")`); shown {
		t.Error("a dismissed banner came back on the next page")
	}
	// A page with charts draws them, served, under the same policy.
	if err := b.Open(base + "metrics/answer_accuracy.html"); err != nil {
		t.Fatal(err)
	}
	waitFor("the metric's chart drawn", `document.querySelectorAll("[_echarts_instance_] canvas").length > 0`)
	if v, err := b.Violations(); err != nil || len(v) > 0 {
		t.Errorf("Content-Security-Policy violations on a served chart page: %q (%v)", v, err)
	}
	if errs := b.Errors(); len(errs) > 0 {
		t.Errorf("script errors: %s", strings.Join(errs, "; "))
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}
