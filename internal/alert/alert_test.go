package alert

import (
	"encoding/json"
	"testing"
)

func TestSortAndMax(t *testing.T) {
	alerts := []Alert{
		{Kind: "reliability", Severity: Warning, Subject: Dimension("b")},
		{Kind: "calibration", Severity: Error, Subject: Rater("r4", "b")},
		{Kind: "reliability", Severity: Warning, Subject: Dimension("a")},
		{Kind: "reliability", Severity: Info, Subject: Dimension("c")},
	}
	Sort(alerts)
	want := []string{"rater r4 on b", "dimension a", "dimension b", "dimension c"}
	for i, w := range want {
		if alerts[i].Subject.String() != w {
			t.Fatalf("order %d = %s; want %s", i, alerts[i].Subject, w)
		}
	}
	if m, ok := Max(alerts); !ok || m != Error {
		t.Errorf("Max = %v, %v; want error", m, ok)
	}
	if _, ok := Max(nil); ok {
		t.Error("Max(nil) reported a severity")
	}
}

func TestSeverityText(t *testing.T) {
	b, err := json.Marshal(Alert{Severity: Warning, Numbers: map[string]float64{"z": 1, "a": 2}})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"kind":"","severity":"warning","subject":"","iteration":"","message":"","numbers":{"a":2,"z":1},"link":""}`
	if string(b) != want {
		t.Errorf("JSON = %s; want %s", b, want)
	}
	for _, name := range []string{"info", "warning", "error"} {
		s, err := ParseSeverity(name)
		if err != nil || s.String() != name {
			t.Errorf("ParseSeverity(%q) = %v, %v", name, s, err)
		}
	}
	if _, err := ParseSeverity("fatal"); err == nil {
		t.Error("ParseSeverity(fatal) succeeded")
	}
}
