package render

import (
	"html/template"
	"maps"
	"reflect"
	"testing"
)

// TestDocMemo checks that the documents' sums taken from the last memo
// equal those made afresh: the front matter's reused whole only for a
// project with the same non-zero DocsFront, each body's sum only for the
// same body.
func TestDocMemo(t *testing.T) {
	p := testInput().Project
	if len(p.CaseStudies) == 0 {
		t.Fatal("the fixture has no case study")
	}
	p.DocsFront = [32]byte{1}
	last := newDocMemo(p, nil)
	last.order = []string{"ordered"} // as newInputSums sets it
	edited := *p
	edited.CaseStudies = append(edited.CaseStudies[:0:0], p.CaseStudies...)
	edited.CaseStudies[0].HTML = template.HTML("<p>edited</p>")
	other := edited
	other.DocsFront = [32]byte{2}
	none := edited
	none.DocsFront = [32]byte{}
	tests := []struct {
		name string
		m    docMemo
		kept bool
	}{
		{"a body edited", newDocMemo(&edited, &last), true},
		{"other documents", newDocMemo(&other, &last), false},
		{"no DocsFront", newDocMemo(&none, &last), false},
	}
	fresh := newDocMemo(&edited, nil)
	for _, tt := range tests {
		if tt.m.kept != tt.kept {
			t.Errorf("%s: front matter kept %v; want %v", tt.name, tt.m.kept, tt.kept)
		}
		if !maps.Equal(tt.m.docs, fresh.docs) || !maps.Equal(tt.m.bodies, fresh.bodies) {
			t.Errorf("%s: sums differ from those made afresh", tt.name)
		}
		if kept := reflect.ValueOf(tt.m.docs).Pointer() == reflect.ValueOf(last.docs).Pointer(); kept != tt.kept {
			t.Errorf("%s: the last front matter map reused %v; want %v", tt.name, kept, tt.kept)
		}
	}
	slug := edited.CaseStudies[0].Slug
	if tests[0].m.bodies[slug] == last.bodies[slug] {
		t.Errorf("the edited body kept its last sum")
	}
}
