package ingest

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"strings"

	"github.com/evalbook/evalbook/internal/project"
)

// itemsResult is what the items file holds.
type itemsResult struct {
	items []project.Item // in input order
	err   error
}

// itemText are the keys of an item that are not slice fields.
var itemText = []string{"id", "input", "output", "reference"}

// readItems reads the JSON Lines items file.
func readItems(fsys fs.FS, file string) *itemsResult {
	res := &itemsResult{}
	f, err := fsys.Open(file)
	if err != nil {
		res.err = fmt.Errorf("%s: %w", file, err)
		return res
	}
	defer f.Close()
	in := interner{}
	first := map[string]int{} // item ID -> line
	obj := map[string]json.RawMessage{}
	res.err = eachJSONLine(file, f, obj, func(line int) error {
		it, err := item(file, line, obj, in)
		if err != nil {
			return err
		}
		if prev, dup := first[it.ID]; dup {
			return errorf(file, line, 0, "item %q appears again; its first line is %s:%d", it.ID, file, prev)
		}
		first[it.ID] = line
		res.items = append(res.items, it)
		return nil
	})
	return res
}

// item builds one item from a decoded line.
func item(file string, line int, obj map[string]json.RawMessage, in interner) (project.Item, error) {
	it := project.Item{Pos: project.Pos{File: file, Line: line}}
	var text [4]string
	for k, key := range itemText {
		s, kind, err := jsonScalar(obj[key])
		if err != nil || kind == 'b' || (k > 0 && kind == 'n') {
			want := "a string"
			if k == 0 {
				want = "a string or a number"
			}
			return it, errorf(file, line, 0, "%q must be %s", key, want)
		}
		text[k] = s
	}
	// Text is kept as written; the ID is trimmed like every identifier.
	if text[0] = strings.TrimSpace(text[0]); text[0] == "" {
		return it, errorf(file, line, 0, "missing or empty \"id\"")
	}
	it.ID, it.Input, it.Output, it.Reference = text[0], text[1], text[2], text[3]
	for _, key := range sortedKeys(obj) {
		if isItemText(key) {
			continue
		}
		s, kind, err := jsonScalar(obj[key])
		if err != nil {
			return it, errorf(file, line, 0, "slice %q must be a string, a number or a bool", key)
		}
		if kind == 0 {
			continue
		}
		if it.Slices == nil {
			it.Slices = map[string]string{}
		}
		it.Slices[in.get(key)] = in.get(strings.TrimSpace(s))
	}
	return it, nil
}

func isItemText(key string) bool {
	for _, k := range itemText {
		if k == key {
			return true
		}
	}
	return false
}
