package project

import (
	"testing"
	"time"
)

func TestGuidelineAt(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 1, d, 0, 0, 0, 0, time.UTC) }
	p := &Project{
		Iterations: []Iteration{{ID: "v1", Order: 0, Date: day(1)}, {ID: "v2", Order: 1, Date: day(8)}, {ID: "v3", Order: 2, Date: day(15)}},
		Pages: []Document{
			{Slug: "g/next", Meta: FrontMatter{GuidelineVersion: "3", Date: day(20)}},
			{Slug: "g/tone", Meta: FrontMatter{GuidelineVersion: "2", EffectiveFrom: "v2", Dimensions: []string{"tone"}}},
			{Slug: "g/first", Meta: FrontMatter{GuidelineVersion: "1", EffectiveFrom: "v1"}},
			{Slug: "about"},
		},
	}
	gs := p.Guidelines()
	var order []string
	for _, g := range gs {
		order = append(order, g.Doc.Meta.GuidelineVersion)
	}
	if got := order; len(got) != 3 || got[0] != "1" || got[1] != "2" || got[2] != "3" {
		t.Fatalf("versions in order %q; want [1 2 3] (in force order, the pending one last)", got)
	}
	tests := []struct{ dim, it, want string }{
		{"tone", "v1", "1"}, {"tone", "v2", "2"}, {"tone", "v3", "2"},
		{"help", "v3", "1"}, {"help", "v9", ""},
	}
	for _, tt := range tests {
		g, ok := p.GuidelineAt(gs, tt.dim, tt.it)
		got := ""
		if ok {
			got = g.Doc.Meta.GuidelineVersion
		}
		if got != tt.want {
			t.Errorf("GuidelineAt(%s, %s) = %q; want %q", tt.dim, tt.it, got, tt.want)
		}
	}
	if got := p.ReferenceDate(); !got.Equal(day(20)) {
		t.Errorf("ReferenceDate = %v; want the newest document's date %v", got, day(20))
	}
	if got := (&Project{}).ReferenceDate(); !got.IsZero() {
		t.Errorf("ReferenceDate of an empty project = %v; want zero", got)
	}
}
