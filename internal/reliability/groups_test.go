package reliability

import (
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/project"
)

// TestGroups builds a case with a known difference: two crowd raters who
// agree exactly and two experts who rate every item two points higher but
// one (q6, where one expert gives 4): Diff = -11.5/6 on the six items both
// groups rated, and the experts' interval alpha is 1 - (2/12)/(166/132) by
// hand (Krippendorff, 2011, "Computing Krippendorff's alpha-reliability").
// The expertise split (c1, e1 against c2, e2) differs only on q6, by 0.5/6,
// and is not flagged; locale has one value and no groups; r9 has no
// attributes and belongs to no group.
func TestGroups(t *testing.T) {
	d := dim("help", project.Interval, nil,
		"q1 c1 1", "q2 c1 2", "q3 c1 3", "q4 c1 1", "q5 c1 2", "q6 c1 3",
		"q1 c2 1", "q2 c2 2", "q3 c2 3", "q4 c2 1", "q5 c2 2", "q6 c2 3",
		"q1 e1 3", "q2 e1 4", "q3 e1 5", "q4 e1 3", "q5 e1 4", "q6 e1 5",
		"q1 e2 3", "q2 e2 4", "q3 e2 5", "q4 e2 3", "q5 e2 4", "q6 e2 4",
		"q1 r9 5",
	)
	raters := []project.Rater{
		{ID: "c1", Attrs: map[string]string{"group": "crowd", "expertise": "a", "locale": "en"}},
		{ID: "c2", Attrs: map[string]string{"group": "crowd", "expertise": "b", "locale": "en"}},
		{ID: "e1", Attrs: map[string]string{"group": "experts", "expertise": "a", "locale": "en"}},
		{ID: "e2", Attrs: map[string]string{"group": "experts", "expertise": "b"}},
	}
	rep := Analyse(&project.Project{Dimensions: []project.Dimension{d}, Raters: raters}, defaults)
	got := rep.Dimensions[0]
	if len(got.Groups) != 4 {
		t.Fatalf("groups = %+v; want expertise a, b and group crowd, experts", got.Groups)
	}
	wantGroups := []struct {
		attr, group            string
		raters, ratings, items int
		mean, alpha            float64
	}{
		{"expertise", "a", 2, 12, 6, (12 + 24.0) / 12, -1},
		{"expertise", "b", 2, 12, 6, (12 + 23.0) / 12, -1},
		{"group", "crowd", 2, 12, 6, 2, 1},
		{"group", "experts", 2, 12, 6, 47.0 / 12, 1 - (2.0/12)/(166.0/132)},
	}
	for i, w := range wantGroups {
		g := got.Groups[i]
		if g.Attribute != w.attr || g.Group != w.group || g.NRaters != w.raters || g.NRatings != w.ratings || g.NItems != w.items {
			t.Errorf("group %d = %+v; want %+v", i, g, w)
		}
		near(t, w.group+" mean", g.Mean, w.mean)
		if w.alpha >= 0 {
			near(t, w.group+" alpha", g.Alpha, w.alpha)
		}
	}
	if len(got.GroupDiffs) != 2 {
		t.Fatalf("group diffs = %+v; want expertise a-b and group crowd-experts", got.GroupDiffs)
	}
	ex, gr := got.GroupDiffs[0], got.GroupDiffs[1]
	if ex.Attribute != "expertise" || ex.GroupA != "a" || ex.GroupB != "b" || ex.N != 6 || ex.Flagged {
		t.Errorf("expertise diff = %+v; want a-b on 6 items, not flagged", ex)
	}
	near(t, "expertise diff", ex.Diff, 0.5/6)
	if gr.GroupA != "crowd" || gr.GroupB != "experts" || gr.N != 6 || !gr.Flagged || gr.Limit != 0.5 {
		t.Errorf("group diff = %+v; want crowd-experts on 6 items, flagged at the limit 0.5", gr)
	}
	near(t, "group diff", gr.Diff, -11.5/6)
	if gr.CIHigh == nil || *gr.CIHigh >= 0 || *gr.CILow < -2 {
		t.Errorf("group diff interval = [%v, %v]; want within [-2, 0)", gr.CILow, gr.CIHigh)
	}
	var alerts []string
	for _, a := range rep.Alerts {
		if a.Kind == KindGroups {
			alerts = append(alerts, a.Subject.String()+": "+a.Message)
		}
	}
	if len(alerts) != 1 || !strings.HasPrefix(alerts[0], `raters by group on help: help: raters with group "crowd" rate 1.9 [`) || !strings.HasSuffix(alerts[0], `] scale points below those with group "experts" on the 6 items both rated (the limit is 0.5)`) {
		t.Errorf("groups alerts = %q", alerts)
	}

	// Label dimensions get the groups' alphas but no comparison; without
	// rater attributes there are no groups.
	l := dim("tone", project.Nominal, []string{"ok", "rude"}, "q1 c1 ok", "q1 c2 ok", "q1 e1 rude", "q1 e2 rude")
	rep = Analyse(&project.Project{Dimensions: []project.Dimension{l}, Raters: raters}, defaults)
	if lg := rep.Dimensions[0]; len(lg.Groups) != 4 || len(lg.GroupDiffs) != 0 || lg.Groups[0].Mean != nil {
		t.Errorf("label dimension: groups %+v, diffs %+v", lg.Groups, lg.GroupDiffs)
	}
	if g := analyseOne(t, d, nil, defaults); g.Groups != nil || g.GroupDiffs != nil {
		t.Errorf("no raters file: groups %+v", g.Groups)
	}
}
