package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/evalbook/evalbook/internal/pairwise"
	"github.com/evalbook/evalbook/internal/project"
)

// The pairwise format reads side-by-side judgements, one per row (delimited
// text) or line (JSON Lines): the columns item, rater, dimension, system_a,
// system_b and winner, and optionally first (which answer was shown first:
// a or b), length_a and length_b (the answers' lengths), slice and comment.
// The winner is a, b, tie or a number in [0, 1] (the probability that b is
// better), or with winner_scale = "1-2" AlpacaEval's preference in [1, 2].
// A source renames any column (system_a = "generator_1", ...); rater_value
// and dimension_value stand in for a missing rater or dimension column.
// Other columns are not read. Its sniff takes a file whose header (or first
// object) has system_a, system_b and winner; a source that maps one of them
// selects it without a sniff. A Parquet file with these columns is read by the parquet format.
func init() {
	register(&format{
		name:  "pairwise",
		kinds: []string{kindAnnotations},
		order: 80,
		sniff: sniffPairwise,
		read: func(f *sourceFile, r io.Reader) error {
			br := bufio.NewReaderSize(r, 64<<10)
			if jsonExts[strings.ToLower(extOf(f.path))] || firstByte(br) == '{' {
				return f.readPairJSONL(br)
			}
			return f.readPairTable(f.rows(br))
		},
	})
}

// pairKeys are the canonical names of a pairwise file's fields.
var pairKeys = [...]string{"item", "rater", "dimension", "system_a", "system_b", "winner", "first", "length_a", "length_b", "slice", "comment"}

// The indexes of pairKeys.
const (
	pkItem = iota
	pkRater
	pkDim
	pkA
	pkB
	pkWinner
	pkFirst
	pkLenA
	pkLenB
	pkSlice
	pkComment
)

// pairRaw is a judgement as read, before it joins its dimension.
type pairRaw struct {
	dim string
	project.Judgement
}

func sniffPairwise(h *head) error {
	if why := h.binary(); why != "" {
		return errors.New(why)
	}
	line := string(h.firstLine())
	if strings.HasPrefix(strings.TrimSpace(line), "{") {
		for _, k := range []string{`"system_a"`, `"system_b"`, `"winner"`} {
			if !strings.Contains(line, k) {
				return errors.New("line 1 has no " + k + " key")
			}
		}
		return nil
	}
	found := map[string]bool{}
	for _, f := range strings.FieldsFunc(line, func(r rune) bool { return strings.ContainsRune(",\t;| ", r) }) {
		found[strings.Trim(f, `"`+bom)] = true
	}
	if !found["system_a"] || !found["system_b"] || !found["winner"] {
		return errors.New("the header lacks system_a, system_b or winner")
	}
	return nil
}

func extOf(p string) string {
	if i := strings.LastIndexByte(p, '.'); i >= 0 {
		return p[i:]
	}
	return ""
}

// firstByte returns the first byte of br that is not white space or a
// byte order mark, without consuming it.
func firstByte(br *bufio.Reader) byte {
	b, _ := br.Peek(4096)
	b = bytes.TrimLeft(bytes.TrimPrefix(b, []byte(bom)), " \t\r\n")
	if len(b) == 0 {
		return 0
	}
	return b[0]
}

// pairNames returns the names of the pairwise fields in this source's
// files: the source's mapping, else [columns], else the canonical names.
func (sf *sourceFile) pairNames() [len(pairKeys)]string {
	n := pairKeys
	n[pkItem], n[pkRater], n[pkDim] = sf.cols.item, sf.cols.rater, sf.cols.dimension
	n[pkSlice] = sf.cols.slice
	for i, v := range []string{pkA: sf.spec.SystemA, pkB: sf.spec.SystemB, pkWinner: sf.spec.Winner,
		pkFirst: sf.spec.First, pkLenA: sf.spec.LengthA, pkLenB: sf.spec.LengthB, pkComment: sf.spec.Comment} {
		if v = strings.TrimSpace(v); v != "" {
			n[i] = v
		}
	}
	return n
}

// pairRequired reports whether field k must be present in a file.
func (sf *sourceFile) pairRequired(k int) bool {
	switch k {
	case pkItem, pkA, pkB, pkWinner:
		return true
	case pkRater:
		return sf.spec.RaterValue == ""
	case pkDim:
		return sf.spec.DimensionValue == ""
	}
	return false
}

func (sf *sourceFile) pairFieldsText() string {
	n := sf.pairNames()
	return fmt.Sprintf("a pairwise file has the columns %s, %s, %s, %s, %s and %s, and optionally %s, %s, %s, %s and %s",
		n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9], n[10])
}

// readPairTable reads judgements from delimited text.
func (sf *sourceFile) readPairTable(cr rowReader) error {
	h, err := readHeaderWarn(sf.path, cr, &sf.annot.warnings)
	if err != nil || h == nil {
		return err
	}
	names := sf.pairNames()
	var idx [len(pairKeys)]int
	for k, name := range names {
		idx[k] = h.col(name)
		if idx[k] < 0 && sf.pairRequired(k) {
			return fmt.Errorf("%s:1: the header has no %q column; %s", sf.path, name, sf.pairFieldsText())
		}
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
		var vals [len(pairKeys)]string
		var cols [len(pairKeys)]int
		for k, i := range idx {
			if i >= 0 {
				vals[k] = cell(rec, i)
				if k == pkComment {
					vals[k] = rec[i]
				}
				_, cols[k] = cr.FieldPos(i)
			}
		}
		if err := sf.judgement(line, vals, cols); err != nil {
			return err
		}
	}
}

// readPairJSONL reads judgements from JSON Lines.
func (sf *sourceFile) readPairJSONL(r io.Reader) error {
	names := sf.pairNames()
	return eachJSONLine(sf.path, r, sf.lim, func(line int, obj []byte, _ int64) error {
		var vals [len(pairKeys)]string
		err := eachMember(obj, func(key, val []byte) error {
			k := string(jsonKey(key))
			for i, name := range names {
				if k != name {
					continue
				}
				text, kind, err := jsonScalar(val)
				if err != nil || kind == 'b' {
					return atValue(val, ErrType, "%q must be a string or a number", name)
				}
				vals[i] = string(text)
				if i != pkComment {
					vals[i] = strings.TrimSpace(vals[i])
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		return sf.judgement(line, vals, [len(pairKeys)]int{})
	})
}

// judgement adds the judgement of one record, whose fields are vals (by
// pairKeys) at columns cols (0 when unknown). An empty winner is a missing
// judgement, skipped and counted; a missing required field is an error, or
// skipped for a lenient source; the same system on both sides, an outcome
// the scale does not allow and a bad length are errors.
func (sf *sourceFile) judgement(line int, vals [len(pairKeys)]string, cols [len(pairKeys)]int) error {
	sf.record()
	names := sf.pairNames()
	if vals[pkRater] == "" {
		vals[pkRater] = sf.spec.RaterValue
	}
	if vals[pkDim] == "" {
		vals[pkDim] = sf.spec.DimensionValue
	}
	at := func(k int, format string, args ...any) error {
		return errorf(sf.path, line, cols[k], format, args...)
	}
	for _, k := range []int{pkItem, pkRater, pkDim, pkA, pkB} {
		if vals[k] == "" {
			return sf.soft(at(k, "empty %s; %s", names[k], sf.pairFieldsText()), "missing "+names[k], line)
		}
	}
	if vals[pkA] == vals[pkB] {
		return at(pkB, "%s and %s are both %q: a system cannot be judged against itself", names[pkA], names[pkB], vals[pkA])
	}
	if vals[pkWinner] == "" {
		sf.skip("no outcome (a missing judgement)", line)
		return nil
	}
	var p float64
	var weighted bool
	var err error
	if sf.spec.WinnerScale == "1-2" {
		v, ok := parseNumber(vals[pkWinner])
		if !ok {
			return at(pkWinner, "%s %q: want a number in [1, 2] (winner_scale = \"1-2\")", names[pkWinner], vals[pkWinner])
		}
		if p, err = pairwise.FromPreference(v); err != nil {
			return at(pkWinner, "%s %s outside [1, 2] (winner_scale = \"1-2\")", names[pkWinner], vals[pkWinner])
		}
		weighted = p != 0 && p != 0.5 && p != 1
	} else if p, weighted, err = pairwise.ParseWinner(vals[pkWinner]); err != nil {
		return at(pkWinner, "%s %q: want a, b, tie or a number in [0, 1] (the probability that b is better)", names[pkWinner], vals[pkWinner])
	}
	j := project.Judgement{
		Item: sf.in.get(vals[pkItem]), Rater: sf.in.get(vals[pkRater]),
		SystemA: sf.in.get(vals[pkA]), SystemB: sf.in.get(vals[pkB]),
		P: p, Weighted: weighted, LengthA: math.NaN(), LengthB: math.NaN(),
		Slice: sf.in.get(vals[pkSlice]), Comment: vals[pkComment],
		Pos: project.Pos{File: sf.path, Line: line},
	}
	switch f := strings.ToLower(vals[pkFirst]); f {
	case "", "a", "b":
		j.First = f
	default:
		return at(pkFirst, "%s %q: want a or b (which answer was shown first) or empty", names[pkFirst], vals[pkFirst])
	}
	for _, k := range []int{pkLenA, pkLenB} {
		if vals[k] == "" {
			continue
		}
		v, ok := parseNumber(vals[k])
		if !ok || v < 0 {
			return at(k, "%s %q: want a length, a number ≥ 0", names[k], vals[k])
		}
		if k == pkLenA {
			j.LengthA = v
		} else {
			j.LengthB = v
		}
	}
	if j.Comment != "" {
		sf.report.Comments++
	}
	pos := j.Pos
	sf.annot.seen.see(j.SystemA, pos, cols[pkA], time.Time{})
	sf.annot.seen.see(j.SystemB, pos, cols[pkB], time.Time{})
	sf.annot.pairs = append(sf.annot.pairs, pairRaw{dim: sf.in.get(vals[pkDim]), Judgement: j})
	return nil
}

// mergePairwise joins the judgements of every annotation file, in file
// order, into pairwise dimensions sorted by name.
func (l *loader) mergePairwise() []project.PairwiseDimension {
	byDim := map[string]*project.PairwiseDimension{}
	for _, r := range l.annots {
		for _, pr := range r.pairs {
			d := byDim[pr.dim]
			if d == nil {
				c := l.cfg.Dimension(pr.dim)
				d = &project.PairwiseDimension{Name: pr.dim, Label: c.Label, Description: c.Description}
				if d.Label == "" {
					d.Label = pr.dim
				}
				byDim[pr.dim] = d
			}
			d.Judgements = append(d.Judgements, pr.Judgement)
		}
	}
	var out []project.PairwiseDimension
	for _, name := range sortedKeys(byDim) {
		out = append(out, *byDim[name])
	}
	return out
}
