package build

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/evalbook/evalbook/internal/browsertest"
)

// filterState is what the alerts page shows after a filter: the alerts a
// reader can see, the live region's text and the URL's hash.
type filterState struct {
	Visible int    `json:"visible"`
	Status  string `json:"status"`
	Hash    string `json:"hash"`
}

// readState is a script returning the page's filterState. An alert counts
// as visible when checkVisibility says so: not hidden, and not inside a
// closed <details>.
const readState = `({
	visible: Array.from(document.querySelectorAll("[data-severity]")).filter(e => e.checkVisibility()).length,
	status: document.getElementById("alert-count").textContent,
	hash: location.hash,
})`

// TestAlertFiltersInBrowser opens the built example's alerts.html from the
// file system, applies filters through the form and through the URL's
// hash, and checks that the alerts shown and the count read out are those
// of api/alerts.json with that iteration, kind and severity.
func TestAlertFiltersInBrowser(t *testing.T) {
	b := browsertest.New(t, 1280, 1000, 90*time.Second)
	out := sharedBuild(t).dir // read only
	var api struct {
		Alerts []struct{ Kind, Severity, Iteration string }
	}
	raw, err := os.ReadFile(filepath.Join(out, "api", "alerts.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &api); err != nil {
		t.Fatal(err)
	}
	// count is the number of alerts of the JSON matching a filter.
	count := func(filter map[string]string) int {
		n := 0
		for _, a := range api.Alerts {
			got := map[string]string{"kind": a.Kind, "severity": a.Severity, "iteration": a.Iteration}
			ok := true
			for k, v := range filter {
				ok = ok && got[k] == v
			}
			if ok {
				n++
			}
		}
		return n
	}
	page := "file://" + filepath.Join(out, "alerts.html")
	if err := b.Open(page); err != nil {
		t.Fatal(err)
	}
	st, err := browsertest.Eval[filterState](b, readState)
	if err != nil {
		t.Fatal(err)
	}
	all := len(api.Alerts)
	if want := fmt.Sprintf("Showing all %d alerts.", all); st.Status != want {
		t.Errorf("unfiltered status %q; want %q", st.Status, want)
	}
	if st.Visible == 0 || st.Visible >= all {
		t.Errorf("unfiltered, %d of %d alerts are visible; want the older iterations folded", st.Visible, all)
	}

	for _, filter := range []map[string]string{
		{"severity": "error"},
		{"kind": "reliability"},
		{"iteration": "v5"},
		{"iteration": ""}, // the alerts about no iteration
		{"iteration": "v6", "severity": "warning"},
		{"iteration": "v5", "kind": "calibration", "severity": "warning"},
	} {
		// Set the selects as a reader would, then fire the change event.
		set := "const f = document.querySelector('form.alert-filters');"
		for _, k := range []string{"iteration", "kind", "severity"} {
			set += fmt.Sprintf("f.elements[%q].value = '*';", k)
		}
		for k, v := range filter {
			set += fmt.Sprintf("f.elements[%q].value = %q;", k, v)
		}
		set += "f.dispatchEvent(new Event('change', {bubbles: true}));"
		if _, err := browsertest.Eval[any](b, "(() => {"+set+"})()"); err != nil {
			t.Fatalf("%v: %v", filter, err)
		}
		st, err := browsertest.Eval[filterState](b, readState)
		if err != nil {
			t.Fatalf("%v: %v", filter, err)
		}
		want := count(filter)
		if want == 0 {
			t.Fatalf("%v: the example has no such alert; pick a filter that matches", filter)
		}
		if st.Visible != want {
			t.Errorf("%v: %d alerts visible; alerts.json has %d", filter, st.Visible, want)
		}
		if s := fmt.Sprintf("Showing %d of %d alerts.", want, all); st.Status != s {
			t.Errorf("%v: status %q; want %q", filter, st.Status, s)
		}
		for k, v := range filter {
			if !strings.Contains(st.Hash, k+"="+url.QueryEscape(v)) {
				t.Errorf("%v: hash %q does not hold %s=%s", filter, st.Hash, k, v)
			}
		}
	}

	// A linked filtered view: the hash sets the filters on load.
	if err := b.Open(page + "#iteration=v5&kind=calibration"); err != nil {
		t.Fatal(err)
	}
	st, err = browsertest.Eval[filterState](b, readState)
	if err != nil {
		t.Fatal(err)
	}
	if want := count(map[string]string{"iteration": "v5", "kind": "calibration"}); st.Visible != want || want == 0 {
		t.Errorf("opened with a hash: %d alerts visible; alerts.json has %d", st.Visible, want)
	}
	if errs := b.Errors(); len(errs) > 0 {
		t.Errorf("script errors: %s", strings.Join(errs, "; "))
	}
}
