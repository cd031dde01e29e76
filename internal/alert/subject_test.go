package alert

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestSubject(t *testing.T) {
	label := func(name string) string { return strings.ToUpper(name) }
	for _, c := range []struct {
		s                 Subject
		text, label, page string
	}{
		{Metric("rouge_l"), "metric rouge_l", "ROUGE_L", "metrics/rouge_l.html"},
		{Dimension("helpfulness"), "dimension helpfulness", "HELPFULNESS", "dimensions/helpfulness.html"},
		{Rater("r4", "helpfulness"), "rater r4 on helpfulness", "rater r4 on HELPFULNESS", "dimensions/helpfulness.html"},
		{Raters("locale", "tone"), "raters by locale on tone", "raters by locale on tone", "dimensions/tone.html#groups"},
		{Pair("rouge_l", "tone"), "metric rouge_l vs dimension tone", "ROUGE_L vs TONE", "discrepancy/rouge_l/tone.html"},
		// Names are kept as they are in the text, and slugged in the page.
		{Metric("Answer Accuracy"), "metric Answer Accuracy", "ANSWER ACCURACY", ""},
		{Subject{}, "", "", ""},
	} {
		if got := c.s.String(); got != c.text {
			t.Errorf("%+v: String = %q; want %q", c.s, got, c.text)
		}
		if got := c.s.Label(label, label); got != c.label {
			t.Errorf("%+v: Label = %q; want %q", c.s, got, c.label)
		}
		if got := c.s.Page(); c.page != "" && got != c.page {
			t.Errorf("%+v: Page = %q; want %q", c.s, got, c.page)
		}
		b, err := json.Marshal(Alert{Subject: c.s})
		if err != nil || !strings.Contains(string(b), `"subject":"`+c.text+`"`) {
			t.Errorf("%+v: JSON %s, %v; want the subject as %q", c.s, b, err, c.text)
		}
	}
	if p := Metric("Answer Accuracy").Page(); !strings.HasPrefix(p, "metrics/answer-accuracy-") {
		t.Errorf("Page of a metric with an unsafe name = %q; want a hashed slug", p)
	}
}
