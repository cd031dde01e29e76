package config

import "testing"

func TestValidateWide(t *testing.T) {
	tests := []struct {
		name string
		s    Source
		want string // "" for valid
	}{
		{"hanna", Source{Columns: `Human (?P<rater>\d) (?P<dimension>\w+)`, Rename: map[string]map[string]string{"dimension": {"RE": "relevance"}}}, ""},
		{"metric group", Source{Columns: `(?P<metric>.+) X`, Stderr: "keep"}, ""},
		{"bad regexp", Source{Columns: `Human (`}, "columns \"Human (\" is not a valid regular expression: error parsing regexp: missing closing ): `Human (`"},
		{"unknown group", Source{Columns: `(?P<judge>\d)`}, `columns "(?P<judge>\\d)" has the group (?P<judge>...); want rater, dimension or metric`},
		{"unknown rename", Source{Rename: map[string]map[string]string{"criterion": {"RE": "relevance"}}}, "rename.criterion: want rename.rater, rename.dimension or rename.metric"},
		{"stderr", Source{Stderr: "drop"}, `stderr is "drop"; want "skip" or "keep"`},
	}
	for _, tt := range tests {
		err := tt.s.validateWide()
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("%s: got %q; want %q", tt.name, got, tt.want)
		}
	}
}
