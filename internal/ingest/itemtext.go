package ingest

import (
	"strings"

	"github.com/evalbook/evalbook/internal/project"
)

// Field names taken as an item's text when a source does not name them
// (input, output, reference keys), in order of preference, compared
// without case.
var (
	inputNames     = []string{"input", "prompt", "question", "source", "src", "text", "context", "query", "instruction", "story_prompt"}
	outputNames    = []string{"output", "response", "answer", "completion", "translation", "hypothesis", "summary", "story", "mt", "generation"}
	referenceNames = []string{"reference", "ref", "target", "gold"}
)

// field is one named text field of a record.
type field struct{ name, value string }

// keepItem keeps the text of item id from fields (a Label Studio task's
// data, a batch-results row's Input.* columns without the prefix): the
// fields the source names as input, output and reference, else the first
// of the usual names each. An item the file already gave is kept once.
func (sf *sourceFile) keepItem(id string, line int, fields []field) {
	if sf.itemSeen == nil {
		sf.itemSeen = map[string]bool{}
	}
	if sf.itemSeen[id] {
		return
	}
	sf.itemSeen[id] = true
	pick := func(configured string, names []string) string {
		if configured != "" {
			for _, f := range fields {
				if f.name == configured {
					return f.value
				}
			}
			return ""
		}
		for _, n := range names {
			for _, f := range fields {
				if strings.EqualFold(f.name, n) {
					return f.value
				}
			}
		}
		return ""
	}
	it := project.Item{
		ID:        id,
		Input:     pick(sf.spec.Input, inputNames),
		Output:    pick(sf.spec.Output, outputNames),
		Reference: pick(sf.spec.Reference, referenceNames),
		Pos:       project.Pos{File: sf.path, Line: line},
	}
	if it.Input != "" || it.Output != "" || it.Reference != "" {
		sf.items = append(sf.items, it)
	}
}
