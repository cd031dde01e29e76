package ingest

import (
	"bytes"
	"fmt"
	"io/fs"
	"slices"

	"github.com/evalbook/evalbook/internal/number"
	"github.com/evalbook/evalbook/internal/project"
)

// itemsResult is what the items file holds.
type itemsResult struct {
	items []project.Item // in input order
	gold  []goldAnswer   // from the items' "gold" objects, in input order
	err   error
}

// itemText are the keys of an item that are not slice fields. The key
// "gold" is not a slice field either (see itemGold).
var itemText = []string{"id", "input", "output", "reference"}

// readItems reads the JSON Lines items file.
func readItems(fsys fs.FS, file string, lim limits) *itemsResult {
	res := &itemsResult{}
	f, err := fsys.Open(file)
	if err != nil {
		res.err = fmt.Errorf("%s: %w", file, err)
		return res
	}
	defer f.Close()
	in := interner{}
	first := map[string]int{} // item ID -> line
	res.err = eachJSONLine(file, f, lim, func(line int, obj []byte, _ int64) error {
		it, gold, err := item(file, line, obj, in)
		if err != nil {
			return err
		}
		if prev, dup := first[it.ID]; dup {
			return errorf(file, line, 0, "item %q appears again; its first line is %s:%d", it.ID, file, prev)
		}
		first[it.ID] = line
		res.items = append(res.items, it)
		res.gold = append(res.gold, gold...)
		return nil
	})
	return res
}

// item builds one item, and its gold answers, from a line holding a JSON
// object.
func item(file string, line int, obj []byte, in interner) (project.Item, []goldAnswer, error) {
	it := project.Item{Pos: project.Pos{File: file, Line: line}}
	var text [4][]byte
	var slice []string // key, value pairs in input order; the last of a repeated key wins
	var goldObj []byte // the raw "gold" value; the last of a repeated key wins
	err := eachMember(obj, func(rawKey, val []byte) error {
		key := jsonKey(rawKey)
		if string(key) == "gold" {
			goldObj = val
			return nil
		}
		s, kind, err := jsonScalar(val)
		if k := slices.Index(itemText, string(key)); k >= 0 {
			if err != nil || kind == 'b' || (k > 0 && kind == 'n') {
				want := "a string"
				if k == 0 {
					want = "a string or a number"
				}
				return atValue(val, ErrType, "%q must be %s", itemText[k], want)
			}
			text[k] = s
			return nil
		}
		if err != nil {
			return atValue(val, ErrType, "slice %q must be a string, a number or a bool", key)
		}
		if kind != 0 {
			slice = append(slice, in.bytes(key), in.bytes(bytes.TrimSpace(s)))
		}
		return nil
	})
	if err != nil {
		return it, nil, err
	}
	// Text is kept as written; the ID is trimmed like every identifier.
	if it.ID = string(bytes.TrimSpace(text[0])); it.ID == "" {
		return it, nil, errorf(file, line, 0, "missing or empty \"id\"")
	}
	it.Input, it.Output, it.Reference = string(text[1]), string(text[2]), string(text[3])
	if len(slice) > 0 {
		it.Slices = make(map[string]string, len(slice)/2)
		for i := 0; i < len(slice); i += 2 {
			it.Slices[slice[i]] = slice[i+1]
		}
	}
	gold, err := itemGold(file, line, in.get(it.ID), goldObj, in)
	return it, gold, err
}

// itemGold reads an item's "gold" value: null, or an object that maps a
// dimension to the item's known answer on it, a string or a number. A null
// or empty answer is no answer.
func itemGold(file string, line int, id string, raw []byte, in interner) ([]goldAnswer, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	if raw[0] != '{' {
		return nil, atValue(raw, ErrType, "\"gold\" must be an object that maps a dimension to the item's known answer, such as {\"factuality\": 2}")
	}
	var out []goldAnswer
	err := eachMember(raw, func(rawKey, val []byte) error {
		dim := string(bytes.TrimSpace(jsonKey(rawKey)))
		s, kind, err := jsonScalar(val)
		if err != nil || kind == 'b' {
			return atValue(val, ErrType, "gold answer of item %q on %q must be a string or a number", id, dim)
		}
		value := string(bytes.TrimSpace(s))
		if value == "" {
			return nil
		}
		if dim == "" {
			return errorf(file, line, 0, "item %q: \"gold\" has an empty dimension name", id)
		}
		_, numeric := parseNumber(value)
		if kind == 'n' && !numeric {
			_, err := number.Parse(value)
			return atValue(val, ErrBadValue, "gold answer of item %q on %q: %w", id, dim, err)
		}
		out = append(out, goldAnswer{
			item: id, dim: in.get(dim), value: in.get(value), numeric: numeric,
			pos: project.Pos{File: file, Line: line},
		})
		return nil
	})
	return out, err
}
