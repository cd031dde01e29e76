package build

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/evalbook/evalbook/internal/browsertest"
)

// TestSearchInBrowser opens the built example's search page from the file
// system, types a word that only a case study's body holds ("manners",
// in the first section of casestudies/grounding.md) (not its title
// or summary), checks that the case study is the first result with the
// word marked, moves with the arrow keys, and opens the result with Enter.
func TestSearchInBrowser(t *testing.T) {
	b := browsertest.New(t, 1280, 1000, 90*time.Second)
	out := sharedBuild(t).dir // read only
	if err := b.Open("file://" + filepath.Join(out, "search.html")); err != nil {
		t.Fatal(err)
	}
	// "/" from anywhere on the page focuses the box.
	if err := chromedp.Do(b.Ctx, chromedp.Blur("#search-q"), chromedp.KeyEvent("/")); err != nil {
		t.Fatal(err)
	}
	if focused, err := browsertest.Eval[bool](b, `document.activeElement === document.getElementById("search-q")`); err != nil || !focused {
		t.Fatalf("after /, the search box is not focused (%v)", err)
	}
	// (chromedp sends the character as a separate event that the page's
	// preventDefault on keydown does not cancel, as a real key press is;
	// so the box is cleared before typing.)
	if _, err := browsertest.Eval[any](b, `document.getElementById("search-q").value = ""`); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(b.Ctx, chromedp.SendKeys("#search-q", "manners"), chromedp.WaitVisible("#search-results li")); err != nil {
		t.Fatal(err)
	}
	type result struct {
		Href, Kind, Mark string
		N                int
	}
	r, err := browsertest.Eval[result](b, `(() => {
		const li = document.querySelectorAll("#search-results li");
		const first = li[0];
		return {Href: first.querySelector("a").getAttribute("href"), Kind: first.querySelector(".result-kind").textContent,
			Mark: (first.querySelector(".result-snippet mark") || {}).textContent || "", N: li.length};
	})()`)
	if err != nil {
		t.Fatal(err)
	}
	if r.Href != "casestudies/grounding.html" || r.Kind != "Case study" || !strings.HasPrefix(r.Mark, "manners") {
		t.Errorf("first result %+v; want casestudies/grounding.html, a case study, with the word marked", r)
	}
	// ArrowDown from the box selects the first result; Enter opens it.
	if err := chromedp.Do(b.Ctx, chromedp.KeyEvent(kb.ArrowDown)); err != nil {
		t.Fatal(err)
	}
	if active, _ := browsertest.Eval[string](b, `document.activeElement.getAttribute("href") || ""`); active != r.Href {
		t.Errorf("after ArrowDown the focus is on %q; want the first result", active)
	}
	if err := chromedp.Do(b.Ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	var url string
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if url, _ = browsertest.Eval[string](b, `location.href`); strings.HasSuffix(url, "/casestudies/grounding.html") {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !strings.HasSuffix(url, "/casestudies/grounding.html") {
		t.Errorf("Enter led to %s; want the case study", url)
	}
	if errs := b.Errors(); len(errs) > 0 {
		t.Errorf("script errors: %s", strings.Join(errs, "; "))
	}
}

// TestSlashSearchFromDashboard opens the built example's dashboard from the
// file system, presses "/" (bound by assets/keys.js on every page), checks
// that the navigation bar's search box has the focus, types a word only a
// case study's body holds and presses Enter: the form lands on
// search.html?q=manners, which shows that case study first.
func TestSlashSearchFromDashboard(t *testing.T) {
	b := browsertest.New(t, 1280, 1000, 90*time.Second)
	out := sharedBuild(t).dir // read only
	if err := b.Open("file://" + filepath.Join(out, "index.html")); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(b.Ctx, chromedp.WaitReady("#nav-q"), chromedp.KeyEvent("/")); err != nil {
		t.Fatal(err)
	}
	if id, err := browsertest.Eval[string](b, `document.activeElement.id`); err != nil || id != "nav-q" {
		t.Fatalf("after /, the focus is on %q (%v); want the navigation's search box", id, err)
	}
	// As in TestSearchInBrowser, chromedp's "/" character reaches the box.
	if _, err := browsertest.Eval[any](b, `document.getElementById("nav-q").value = ""`); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(b.Ctx, chromedp.SendKeys("#nav-q", "manners"), chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	var url string
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if url, _ = browsertest.Eval[string](b, `location.href`); strings.Contains(url, "/search.html?") {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !strings.HasSuffix(url, "/search.html?q=manners") {
		t.Fatalf("Enter led to %s; want search.html?q=manners", url)
	}
	if err := chromedp.Do(b.Ctx, chromedp.WaitVisible("#search-results li")); err != nil {
		t.Fatal(err)
	}
	first, err := browsertest.Eval[string](b, `document.querySelector("#search-results li a").getAttribute("href")`)
	if err != nil || first != "casestudies/grounding.html" {
		t.Errorf("first result %q (%v); want casestudies/grounding.html", first, err)
	}
	if v, _ := browsertest.Eval[string](b, `document.getElementById("search-q").value`); v != "manners" {
		t.Errorf("the search page's box holds %q; want the query", v)
	}
	if errs := b.Errors(); len(errs) > 0 {
		t.Errorf("script errors: %s", strings.Join(errs, "; "))
	}
}
