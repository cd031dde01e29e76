package ingest

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/project"
)

// The kinds of data beside metrics and ratings: per-system outputs of
// items, and raters' attributes.
const (
	kindOutputs = "outputs"
	kindRaters  = "raters"
)

// outputKey is the column (or JSONL key) of an outputs file that holds the
// text, unless the source's output key names another.
const outputKey = "output"

// sideResult is what an outputs or raters file holds.
type sideResult struct {
	outputs  []itemOutput    // kind outputs, in input order
	raters   []project.Rater // kind raters, in input order
	warnings []string
	err      error
}

// itemOutput is one output as read.
type itemOutput struct {
	item string
	project.Output
}

// The fields of an outputs record, as indexes into sideFields: the item,
// the iteration and its output, a second iteration and its output, and
// the item's input text; a field the source does not map has the name "".
const (
	sideItem = iota
	sideIteration
	sideOutput
	sideOtherIteration
	sideOtherOutput
	sideInput
)

// sideFields names the fields of an outputs or raters record: for outputs
// item, iteration, output, other iteration, other output and input (""
// for those the source does not map); for raters the rater.
func (sf *sourceFile) sideFields() []string {
	if sf.kind == kindRaters {
		return []string{sf.cols.rater}
	}
	out := outputKey
	if sf.spec.Output != "" {
		out = sf.spec.Output
	}
	return []string{sf.cols.item, sf.cols.iteration, out, sf.spec.OtherIteration, sf.spec.OtherOutput, sf.spec.Input}
}

// asWritten reports whether field k of an outputs record is a text kept
// as written (an output or the input), not trimmed.
func asWritten(k int) bool { return k == sideOutput || k == sideOtherOutput || k == sideInput }

// ignoreOthers reports whether an outputs file's unmapped columns are left
// out rather than an error (other_columns = "ignore").
func (sf *sourceFile) ignoreOthers() bool {
	return sf.kind == kindOutputs && sf.spec.OtherColumns == "ignore"
}

// sideFieldsText says which fields a record of the file has.
func (sf *sourceFile) sideFieldsText() string {
	f := sf.sideFields()
	if sf.kind == kindRaters {
		return fmt.Sprintf("a raters file has the column %s, then one column per attribute (group, expertise, locale ...)", f[0])
	}
	var names []string
	for _, n := range f {
		if n != "" {
			names = append(names, n)
		}
	}
	text := fmt.Sprintf("an outputs file has the columns %s and %s", strings.Join(names[:len(names)-1], ", "), names[len(names)-1])
	if sf.spec.OtherColumns != "ignore" {
		text += " (other_columns = \"ignore\" leaves out any other)"
	}
	return text
}

// sideRecord adds one record of an outputs or raters file: vals holds the
// fields of sideFields, attrs (raters) the other columns as name, value
// pairs.
func (sf *sourceFile) sideRecord(line int, vals []string, attrs []string) error {
	sf.record()
	pos := project.Pos{File: sf.path, Line: line}
	names := sf.sideFields()
	if sf.kind == kindOutputs && vals[sideIteration] == "" {
		vals[sideIteration] = sf.spec.IterationValue
	}
	for k, v := range vals {
		if v == "" && (k < 2 || sf.kind == kindRaters) {
			err := errorf(sf.path, line, 0, "missing or empty %q; %s", names[k], sf.sideFieldsText())
			return sf.soft(err, "missing "+names[k], line)
		}
	}
	res := sf.side
	if sf.kind == kindRaters {
		r := project.Rater{ID: sf.in.get(vals[0]), Pos: pos}
		for i := 0; i+1 < len(attrs); i += 2 {
			if attrs[i+1] != "" {
				if r.Attrs == nil {
					r.Attrs = map[string]string{}
				}
				r.Attrs[sf.in.get(attrs[i])] = sf.in.get(attrs[i+1])
			}
		}
		res.raters = append(res.raters, r)
		return nil
	}
	item := sf.in.get(vals[sideItem])
	if in := vals[sideInput]; in != "" && !sf.itemSeen[item] {
		if sf.itemSeen == nil {
			sf.itemSeen = map[string]bool{}
		}
		sf.itemSeen[item] = true
		sf.items = append(sf.items, project.Item{ID: item, Input: in, Pos: pos})
	}
	if sf.outSeen == nil {
		sf.outSeen = map[[2]string]string{}
	}
	added := false
	for _, f := range [][2]int{{sideIteration, sideOutput}, {sideOtherIteration, sideOtherOutput}} {
		iter, text := sf.in.get(vals[f[0]]), vals[f[1]]
		if iter == "" || text == "" {
			continue
		}
		added = true
		k := [2]string{item, iter}
		if prev, seen := sf.outSeen[k]; seen && prev == text {
			continue // the same answer again (a baseline's, beside each candidate's); kept once
		} else if !seen {
			sf.outSeen[k] = text
		}
		res.outputs = append(res.outputs, itemOutput{item: item, Output: project.Output{Iteration: iter, Text: text, Pos: pos}})
	}
	if !added {
		sf.skip("no output (an empty cell)", line)
	}
	return nil
}

// readSideTable reads an outputs or raters file of delimited text. The
// output cell is kept as written; every other cell is trimmed.
func (sf *sourceFile) readSideTable(cr rowReader) error {
	h, err := readHeaderWarn(sf.path, cr, &sf.side.warnings)
	if err != nil || h == nil {
		return err
	}
	names := sf.sideFields()
	idx := make([]int, len(names))
	for k, name := range names {
		idx[k] = -1
		if name == "" {
			continue
		}
		idx[k] = h.col(name)
		fixed := k == sideIteration && sf.spec.IterationValue != ""
		if idx[k] < 0 && !fixed {
			return fmt.Errorf("%s:1: the header has no %q column; %s", sf.path, name, sf.sideFieldsText())
		}
	}
	var attrCols []int
	var ignored []string
	for i, name := range h.names {
		if slices.Contains(idx, i) {
			continue
		}
		if sf.ignoreOthers() {
			ignored = append(ignored, name)
			continue
		}
		if sf.kind == kindOutputs {
			line, col := cr.FieldPos(i)
			return errorf(sf.path, line, col, "unknown column %q; %s", name, sf.sideFieldsText())
		}
		attrCols = append(attrCols, i)
	}
	for _, name := range ignored {
		sf.leaveOut(ignoredOther("column", name), 1)
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return csvError(sf.path, cr, rec, len(h.names), err)
		}
		line, _ := cr.FieldPos(0)
		vals := make([]string, len(names))
		for k, i := range idx {
			vals[k] = cell(rec, i)
			if sf.kind == kindOutputs && asWritten(k) && i >= 0 && i < len(rec) {
				vals[k] = rec[i] // the text as written
				if strings.TrimSpace(vals[k]) == "" {
					vals[k] = ""
				}
			}
		}
		var attrs []string
		for _, i := range attrCols {
			attrs = append(attrs, h.names[i], cell(rec, i))
		}
		if err := sf.sideRecord(line, vals, attrs); err != nil {
			return err
		}
	}
}

// readSideJSONL reads an outputs or raters file in JSON Lines: one object
// per line with the fields of sideFields (raters: any other key is an
// attribute, a string, number or bool).
func (sf *sourceFile) readSideJSONL(r io.Reader) error {
	names := sf.sideFields()
	return eachJSONLine(sf.path, r, sf.lim, func(line int, obj []byte, _ int64) error {
		vals := make([]string, len(names))
		var attrs []string
		err := eachMember(obj, func(rawKey, raw []byte) error {
			key := string(jsonKey(rawKey))
			k := -1
			if key != "" {
				k = slices.Index(names, key)
			}
			if k < 0 && sf.ignoreOthers() {
				sf.leaveOut(ignoredOther("key", key), line)
				return nil
			}
			if k < 0 && sf.kind == kindOutputs {
				return errorf(sf.path, line, 0, "unknown key %q; %s", key, sf.sideFieldsText())
			}
			text, kind, err := jsonScalar(raw)
			if err != nil || k >= 0 && kind == 'b' {
				return atValue(raw, ErrType, "%q must be a string or a number", key)
			}
			switch {
			case k < 0:
				attrs = append(attrs, key, string(bytes.TrimSpace(text)))
			case sf.kind == kindOutputs && asWritten(k):
				vals[k] = string(text)
				if len(bytes.TrimSpace(text)) == 0 {
					vals[k] = ""
				}
			default:
				vals[k] = string(bytes.TrimSpace(text))
			}
			return nil
		})
		if err != nil {
			return err
		}
		return sf.sideRecord(line, vals, attrs)
	})
}

// mergeOutputs gives the items their outputs: items that only an outputs
// file names get an entry of their own. An item with two outputs for one
// iteration is an error naming both, unless the two texts are the same
// (kept once). Outputs are put in series order.
func (l *loader) mergeOutputs(p *project.Project) ([]project.Item, error) {
	items := p.Items
	at := make(map[string]int, len(items))
	for i, it := range items {
		at[it.ID] = i
	}
	type key struct{ item, iter string }
	first := map[key]project.Output{}
	for _, sf := range l.sideSrc {
		if sf.kind != kindOutputs {
			continue
		}
		for _, o := range sf.side.outputs {
			k := key{o.item, o.Iteration}
			if prev, dup := first[k]; dup {
				if prev.Text == o.Text {
					continue // the same answer again (a baseline's, beside each candidate's)
				}
				return nil, fmt.Errorf("%s: item %q has a second output for iteration %q, a different text; the first is at %s", o.Pos, o.item, o.Iteration, prev.Pos)
			}
			first[k] = o.Output
			i, ok := at[o.item]
			if !ok {
				i = len(items)
				at[o.item] = i
				items = append(items, project.Item{ID: o.item, Pos: o.Pos})
			}
			items[i].Outputs = append(items[i].Outputs, o.Output)
		}
	}
	order := map[string]int{}
	for _, it := range p.Iterations {
		order[it.ID] = it.Order
	}
	unknown := map[string]project.Pos{}
	for i := range items {
		outs := items[i].Outputs
		for _, o := range outs {
			if _, ok := order[o.Iteration]; !ok {
				if _, seen := unknown[o.Iteration]; !seen {
					unknown[o.Iteration] = o.Pos
				}
			}
		}
		slices.SortStableFunc(outs, func(a, b project.Output) int {
			oa, ka := order[a.Iteration]
			ob, kb := order[b.Iteration]
			switch {
			case ka && kb:
				return oa - ob
			case ka != kb:
				if ka {
					return -1
				}
				return 1
			}
			return strings.Compare(a.Iteration, b.Iteration)
		})
	}
	for _, id := range sortedKeys(unknown) {
		l.warnings = append(l.warnings, fmt.Sprintf("%s: output of iteration %q, which has no metric value, rating or entry in the iterations file; it is shown on the item page only", unknown[id], id))
	}
	return items, nil
}

// mergeRaters joins the raters files. A rater named twice is an error
// naming both lines.
func (l *loader) mergeRaters() ([]project.Rater, error) {
	var out []project.Rater
	first := map[string]project.Pos{}
	for _, sf := range l.sideSrc {
		if sf.kind != kindRaters {
			continue
		}
		for _, r := range sf.side.raters {
			if prev, dup := first[r.ID]; dup {
				return nil, fmt.Errorf("%s: rater %q appears again; the first is at %s", r.Pos, r.ID, prev)
			}
			first[r.ID] = r.Pos
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b project.Rater) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// sideErr returns the first error of the outputs and raters files, and
// collects their warnings.
func (l *loader) sideErr() error {
	for _, sf := range l.sideSrc {
		if sf.side.err != nil {
			return sf.side.err
		}
		l.warnings = append(l.warnings, sf.side.warnings...)
	}
	return nil
}

// ratersFiles returns the raters files that exist: paths.raters, and with
// it left at its default data/raters.csv, data/raters.tsv and
// data/raters.jsonl too.
func (l *loader) ratersFiles() ([]string, error) {
	names := []string{l.cfg.Paths.Raters}
	if l.cfg.Paths.Raters == config.DefaultRaters {
		base := strings.TrimSuffix(config.DefaultRaters, ".csv")
		names = append(names, base+".tsv", base+".jsonl")
	}
	var out []string
	for _, n := range names {
		f, err := l.optionalFile(n)
		if err != nil {
			return nil, err
		}
		if f != "" {
			out = append(out, f)
		}
	}
	return out, nil
}

// ignoredOther is the report's reason for an outputs file's column or key
// that other_columns = "ignore" leaves out.
func ignoredOther(what, name string) string {
	return fmt.Sprintf("%s %q ignored (other_columns = \"ignore\")", what, name)
}
