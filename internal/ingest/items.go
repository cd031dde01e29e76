package ingest

import (
	"bytes"
	"fmt"
	"io/fs"
	"slices"

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
	res.err = eachJSONLine(file, f, func(line int, obj []byte, _ int64) error {
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

// item builds one item from a line holding a JSON object.
func item(file string, line int, obj []byte, in interner) (project.Item, error) {
	it := project.Item{Pos: project.Pos{File: file, Line: line}}
	var text [4][]byte
	var slice []string // key, value pairs in input order; the last of a repeated key wins
	err := eachMember(obj, func(rawKey, val []byte) error {
		key := jsonKey(rawKey)
		s, kind, err := jsonScalar(val)
		if k := slices.Index(itemText, string(key)); k >= 0 {
			if err != nil || kind == 'b' || (k > 0 && kind == 'n') {
				want := "a string"
				if k == 0 {
					want = "a string or a number"
				}
				return errorf(file, line, 0, "%q must be %s", itemText[k], want)
			}
			text[k] = s
			return nil
		}
		if err != nil {
			return errorf(file, line, 0, "slice %q must be a string, a number or a bool", key)
		}
		if kind != 0 {
			slice = append(slice, in.bytes(key), in.bytes(bytes.TrimSpace(s)))
		}
		return nil
	})
	if err != nil {
		return it, err
	}
	// Text is kept as written; the ID is trimmed like every identifier.
	if it.ID = string(bytes.TrimSpace(text[0])); it.ID == "" {
		return it, errorf(file, line, 0, "missing or empty \"id\"")
	}
	it.Input, it.Output, it.Reference = string(text[1]), string(text[2]), string(text[3])
	if len(slice) > 0 {
		it.Slices = make(map[string]string, len(slice)/2)
		for i := 0; i < len(slice); i += 2 {
			it.Slices[slice[i]] = slice[i+1]
		}
	}
	return it, nil
}
