package config

import (
	"fmt"
	"regexp"
	"slices"
)

// wideGroups are the named groups a columns pattern may have.
var wideGroups = []string{"rater", "dimension", "metric"}

// validateWide checks the keys of a source that the wide and lm-eval
// readers use: a columns pattern that compiles with known group names, a
// rename table for those groups, and stderr.
func (s *Source) validateWide() error {
	if s.Columns != "" {
		re, err := regexp.Compile(s.Columns)
		if err != nil {
			return fmt.Errorf("columns %q is not a valid regular expression: %v", s.Columns, err)
		}
		for _, g := range re.SubexpNames() {
			if g != "" && !slices.Contains(wideGroups, g) {
				return fmt.Errorf("columns %q has the group (?P<%s>...); want rater, dimension or metric", s.Columns, g)
			}
		}
	}
	for g := range s.Rename {
		if !slices.Contains(wideGroups, g) {
			return fmt.Errorf("rename.%s: want rename.rater, rename.dimension or rename.metric", g)
		}
	}
	switch s.Stderr {
	case "", "skip", "keep":
	default:
		return fmt.Errorf("stderr is %q; want \"skip\" or \"keep\"", s.Stderr)
	}
	return nil
}
