package ingest

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/evalbook/evalbook/internal/project"
)

// cacheSchema is the version of the cache files' layout and of the parses
// they hold. Bump it by hand whenever a parse type (metricResult,
// annotResult, sideResult, docResult, iterationsResult, itemsResult,
// project.SourceReport ...) or what a reader puts in it changes.
const cacheSchema = 6

// cacheMagic starts every cache file.
const cacheMagic = "evalbook-cache\n"

// Stamp names the evalbook build that writes and accepts cache files: the
// schema version, the Go version, the module version and VCS revision the
// binary was built from, and, for a build that is not a clean commit (a
// work tree with changes, `go run`, a test binary), the SHA-256 of the
// executable itself, so that a binary whose code differs never trusts a
// cache another one wrote.
func Stamp() string {
	stampOnce.Do(func() { stamp = makeStamp() })
	return stamp
}

var (
	stampOnce sync.Once
	stamp     string
)

func makeStamp() string {
	parts := []string{fmt.Sprintf("schema %d", cacheSchema), runtime.Version()}
	clean := false
	if info, ok := debug.ReadBuildInfo(); ok {
		parts = append(parts, info.Main.Path+"@"+info.Main.Version)
		rev, modified := "", true
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if rev != "" {
			parts = append(parts, "rev "+rev)
		}
		released := info.Main.Version != "" && info.Main.Version != "(devel)" && !strings.Contains(info.Main.Version, "+dirty")
		clean = released || rev != "" && !modified
	}
	if !clean {
		exe, err := os.Executable()
		var sum [sha256.Size]byte
		if err == nil {
			sum, err = hashFile(os.DirFS(filepath.Dir(exe)), filepath.Base(exe))
		}
		if err != nil {
			// No way to tell this binary from another: a stamp no other
			// process shares, so no cache file is trusted.
			return fmt.Sprintf("unknown %d %d", os.Getpid(), time.Now().UnixNano())
		}
		parts = append(parts, "exe "+hex.EncodeToString(sum[:]))
	}
	return strings.Join(parts, "; ")
}

// diskEntry is the content of one cache file: one parse, the key it was
// made for and the hash of the bytes it was made from.
type diskEntry struct {
	Stamp string
	Key   string
	Sum   [sha256.Size]byte
	Src   *wireSource
	Doc   *wireDoc
	Iters *wireIters
	Items *wireItems
}

// entryName is the file in the cache folder that holds key's parse.
func entryName(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:16]) + ".gob"
}

// readEntry returns the parse for key from the cache folder, or nil when
// there is none or it cannot be trusted.
func (c *Cache) readEntry(key string) *cacheEntry {
	if c.dir == "" {
		return nil
	}
	b, err := os.ReadFile(filepath.Join(c.dir, entryName(key)))
	if err != nil {
		return nil
	}
	return decodeEntry(b, key)
}

// decodeEntry decodes a cache file made for key by this build, or returns
// nil when b is not one: another magic, a checksum that does not match
// (truncated or corrupted), a decoding error, another stamp or key.
func decodeEntry(b []byte, key string) *cacheEntry {
	body, ok := bytes.CutPrefix(b, []byte(cacheMagic))
	if !ok || len(body) < sha256.Size {
		return nil
	}
	sum, body := body[:sha256.Size], body[sha256.Size:]
	if check := sha256.Sum256(body); !bytes.Equal(check[:], sum) {
		return nil
	}
	var d diskEntry
	if err := gob.NewDecoder(bytes.NewReader(body)).Decode(&d); err != nil {
		return nil
	}
	if d.Stamp != Stamp() || d.Key != key {
		return nil
	}
	e := &cacheEntry{sum: d.Sum}
	switch {
	case d.Src != nil:
		e.src = d.Src.parse()
	case d.Doc != nil:
		if e.doc = d.Doc.parse(); e.doc == nil {
			return nil
		}
	case d.Iters != nil:
		e.iters = d.Iters.parse()
	case d.Items != nil:
		e.items = d.Items.parse()
	default:
		return nil
	}
	return e
}

// encodeEntry returns the cache file for key's parse e.
func encodeEntry(key string, e *cacheEntry) ([]byte, error) {
	d, err := diskEntryOf(key, e)
	if err != nil {
		return nil, err
	}
	return encodeDisk(d)
}

// diskEntryOf returns what the cache file for key's parse e holds.
func diskEntryOf(key string, e *cacheEntry) (diskEntry, error) {
	d := diskEntry{Stamp: Stamp(), Key: key, Sum: e.sum}
	switch {
	case e.src != nil:
		d.Src = wireSourceOf(e.src)
	case e.doc != nil:
		var err error
		if d.Doc, err = wireDocOf(e.doc); err != nil {
			return d, err
		}
	case e.iters != nil:
		d.Iters = &wireIters{File: e.iters.file, List: e.iters.list, Lines: e.iters.lines}
	case e.items != nil:
		d.Items = &wireItems{Items: e.items.items, Gold: wireGoldOf(e.items.gold)}
	}
	return d, nil
}

// encodeDisk returns the bytes of a cache file: the magic, the SHA-256 of
// the body, and the body, d in encoding/gob.
func encodeDisk(d diskEntry) ([]byte, error) {
	var body bytes.Buffer
	if err := gob.NewEncoder(&body).Encode(&d); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(body.Bytes())
	return append(append([]byte(cacheMagic), sum[:]...), body.Bytes()...), nil
}

// writeEntry keeps key's parse in the cache folder. Failing to write is
// not an error of the build: the next one reads the file again. It is kept
// for Err.
func (c *Cache) writeEntry(key string, e *cacheEntry) {
	if c.dir == "" {
		return
	}
	b, err := encodeEntry(key, e)
	if err == nil {
		err = writeFileAtomic(c.dir, entryName(key), b)
	}
	if err != nil {
		c.mu.Lock()
		c.errors = append(c.errors, fmt.Errorf("cache %s: %w", c.dir, err))
		c.mu.Unlock()
	}
}

// Err returns the first error writing the cache folder met since the
// cache was made, or nil. Such errors never fail a load.
func (c *Cache) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.errors) == 0 {
		return nil
	}
	return c.errors[0]
}

// writeFileAtomic writes name in dir through a temporary file and a
// rename, so a reader never sees half a file.
func writeFileAtomic(dir, name string, b []byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), filepath.Join(dir, name))
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// prune removes the cache files of keys the last load did not ask for.
// c.mu is held.
func (c *Cache) prune() {
	if c.dir == "" {
		return
	}
	entries, err := os.ReadDir(c.dir)
	if err != nil {
		return
	}
	keep := make(map[string]bool, len(c.used))
	for k := range c.used {
		keep[entryName(k)] = true
	}
	for _, e := range entries {
		if name := e.Name(); !e.IsDir() && !keep[name] && strings.HasSuffix(name, ".gob") {
			os.Remove(filepath.Join(c.dir, name))
		}
	}
}

// The wire types below carry the parses, whose fields are unexported, in
// exported fields for encoding/gob. Positions in a data file's own path
// are written without the path and get it back on reading, and repeated
// names are interned again, so a parse read from the folder costs no more
// memory than one read from the file.

type wireSource struct {
	Report project.SourceReport
	Size   int64
	Metric *wireMetric
	Annot  *wireAnnot
	Side   *wireSide
	Items  []project.Item
}

type wireSeen struct {
	Order    []string
	Pos      []project.Pos
	Col      []int
	Earliest []time.Time
}

type wireMetric struct {
	Names    []string
	Values   [][]project.MetricValue // by Names
	Seen     wireSeen
	Warnings []string
}

// wireRatings is an annotation file's ratings as columns (rawRatings):
// each table's strings in id order and the columns; a position in the
// file itself has File "".
type wireRatings struct {
	Items, Raters, Iterations, Labels, Files, Comments, Dims []string
	Item, Rater, Iteration, Label, Dim, Comment, File, Col   []int32
	Value                                                    []float64
	Time                                                     []int64
	Times                                                    []time.Time
	Line                                                     []uint32
	Numeric                                                  []bool
}

func wireRatingsOf(rs *rawRatings, file string) wireRatings {
	c := &rs.Ratings
	w := wireRatings{
		Items: c.Items.Names(), Raters: c.Raters.Names(), Iterations: c.Iterations.Names(), Labels: c.Labels.Names(),
		Comments: c.Comments.Names(), Dims: rs.dims.Names(),
		Item: c.Item, Rater: c.Rater, Iteration: c.Iteration, Label: c.Label, Dim: rs.dim, Comment: c.Comment, File: c.File, Col: rs.col,
		Value: c.Value, Time: c.Time, Times: c.Times, Line: c.Line, Numeric: rs.numeric,
	}
	for _, f := range c.Files.Names() {
		w.Files = append(w.Files, local(project.Pos{File: f}, file).File)
	}
	return w
}

func (w *wireRatings) parse(file string, in interner) rawRatings {
	table := func(names []string, fix func(string) string) *project.Intern {
		t := &project.Intern{}
		for _, s := range names {
			t.ID(fix(s))
		}
		return t
	}
	get := func(s string) string { return in.get(s) }
	rs := rawRatings{
		Ratings: project.Ratings{
			Items: table(w.Items, get), Raters: table(w.Raters, get), Iterations: table(w.Iterations, get), Labels: table(w.Labels, get),
			Files:    table(w.Files, func(s string) string { return own(project.Pos{File: s}, file).File }),
			Comments: table(w.Comments, strings.Clone),
			Item:     w.Item, Rater: w.Rater, Iteration: w.Iteration, Label: w.Label, Comment: w.Comment, File: w.File,
			Value: w.Value, Time: w.Time, Times: w.Times, Line: w.Line,
		},
		dims: table(w.Dims, get), dim: w.Dim, col: w.Col, numeric: w.Numeric,
	}
	if len(rs.Item) == 0 {
		return rawRatings{}
	}
	return rs
}

type wireGold struct {
	Item, Dim, Value string
	Numeric          bool
	Pos              project.Pos
	Col              int
}

type wireAnnot struct {
	Ratings  wireRatings
	Gold     []wireGold
	Pairs    []wirePair
	Seen     wireSeen
	Warnings []string
}

// wirePair is one pairwise judgement of an annotation file.
type wirePair struct {
	Dim string
	J   project.Judgement
}

type wireOutput struct {
	Item string
	O    project.Output
}

type wireSide struct {
	Outputs  []wireOutput
	Raters   []project.Rater
	Warnings []string
}

type wireDoc struct {
	Doc   project.Document // without Meta
	Meta  []byte           // JSON: unlike gob, it tells an empty list from none
	Draft bool
	Lines map[string]int
	Front string
}

type wireIters struct {
	File  string
	List  []project.Iteration
	Lines []int
}

type wireItems struct {
	Items []project.Item
	Gold  []wireGold
}

// local drops file from pos when it is the file's own path.
func local(pos project.Pos, file string) project.Pos {
	if pos.File == file {
		pos.File = ""
	}
	return pos
}

// own gives pos the path file when it has none: every position a reader
// makes names its file.
func own(pos project.Pos, file string) project.Pos {
	if pos.File == "" {
		pos.File = file
	}
	return pos
}

func wireSeenOf(s *iterSeen, file string) wireSeen {
	w := wireSeen{Order: s.order}
	for _, id := range s.order {
		in := s.info[id]
		w.Pos = append(w.Pos, local(in.pos, file))
		w.Col = append(w.Col, in.col)
		w.Earliest = append(w.Earliest, in.earliest)
	}
	return w
}

func (w wireSeen) parse(file string, in interner) *iterSeen {
	s := newIterSeen()
	for i, id := range w.Order {
		id = in.get(id)
		s.order = append(s.order, id)
		s.info[id] = &iterInfo{pos: own(w.Pos[i], file), col: w.Col[i], earliest: w.Earliest[i]}
	}
	return s
}

func wireGoldOf(gold []goldAnswer) []wireGold {
	out := make([]wireGold, len(gold))
	for i, g := range gold {
		out[i] = wireGold{Item: g.item, Dim: g.dim, Value: g.value, Numeric: g.numeric, Pos: g.pos, Col: g.col}
	}
	return out
}

func parseGold(w []wireGold, in interner) []goldAnswer {
	if w == nil {
		return nil
	}
	out := make([]goldAnswer, len(w))
	for i, g := range w {
		out[i] = goldAnswer{item: in.get(g.Item), dim: in.get(g.Dim), value: in.get(g.Value), numeric: g.Numeric, pos: g.Pos, col: g.Col}
		out[i].pos.File = in.get(g.Pos.File)
	}
	return out
}

func wireSourceOf(p *sourceParse) *wireSource {
	file := p.report.Path
	w := &wireSource{Report: p.report, Size: p.size, Items: p.items}
	if m := p.metric; m != nil {
		wm := &wireMetric{Names: m.names, Seen: wireSeenOf(m.seen, file), Warnings: m.warnings}
		for _, name := range m.names {
			vals := m.values[name].Rows()
			for i := range vals {
				vals[i].Pos = local(vals[i].Pos, file)
			}
			wm.Values = append(wm.Values, vals)
		}
		w.Metric = wm
	}
	if a := p.annot; a != nil {
		wa := &wireAnnot{Gold: wireGoldOf(a.gold), Seen: wireSeenOf(a.seen, file), Warnings: a.warnings}
		wa.Ratings = wireRatingsOf(&a.ratings, file)
		for _, pr := range a.pairs {
			j := pr.Judgement
			j.Pos = local(j.Pos, file)
			wa.Pairs = append(wa.Pairs, wirePair{Dim: pr.dim, J: j})
		}
		w.Annot = wa
	}
	if s := p.side; s != nil {
		ws := &wireSide{Raters: s.raters, Warnings: s.warnings}
		for _, o := range s.outputs {
			ws.Outputs = append(ws.Outputs, wireOutput{Item: o.item, O: o.Output})
		}
		w.Side = ws
	}
	return w
}

func (w *wireSource) parse() *sourceParse {
	file := w.Report.Path
	in := interner{}
	p := &sourceParse{report: w.Report, size: w.Size, items: w.Items}
	if wm := w.Metric; wm != nil {
		m := &metricResult{values: make(map[string]*project.Values, len(wm.Names)), seen: wm.Seen.parse(file, in), warnings: wm.Warnings}
		for k, name := range wm.Names {
			name = in.get(name)
			for _, v := range wm.Values[k] {
				v.Iteration, v.Item, v.Slice = in.get(v.Iteration), in.get(v.Item), in.get(v.Slice)
				v.Pos = own(v.Pos, file)
				m.addValue(name, &pending{v: v}, v.Value)
			}
		}
		p.metric = m
	}
	if wa := w.Annot; wa != nil {
		a := &annotResult{gold: parseGold(wa.Gold, in), seen: wa.Seen.parse(file, in), warnings: wa.Warnings}
		a.ratings = wa.Ratings.parse(file, in)
		for _, wp := range wa.Pairs {
			j := wp.J
			j.Item, j.Rater, j.SystemA, j.SystemB = in.get(j.Item), in.get(j.Rater), in.get(j.SystemA), in.get(j.SystemB)
			j.Pos = own(j.Pos, file)
			a.pairs = append(a.pairs, pairRaw{dim: in.get(wp.Dim), Judgement: j})
		}
		p.annot = a
	}
	if ws := w.Side; ws != nil {
		s := &sideResult{raters: ws.Raters, warnings: ws.Warnings}
		for _, o := range ws.Outputs {
			s.outputs = append(s.outputs, itemOutput{item: o.Item, Output: o.O})
		}
		p.side = s
	}
	return p
}

func wireDocOf(r *docResult) (*wireDoc, error) {
	meta, err := json.Marshal(r.doc.Meta)
	if err != nil {
		return nil, err
	}
	w := &wireDoc{Doc: r.doc, Meta: meta, Draft: r.draft, Lines: r.lines, Front: r.front}
	w.Doc.Meta = project.FrontMatter{}
	return w, nil
}

func (w *wireDoc) parse() *docResult {
	r := &docResult{doc: w.Doc, draft: w.Draft, lines: w.Lines, front: w.Front}
	if err := json.Unmarshal(w.Meta, &r.doc.Meta); err != nil {
		return nil
	}
	return r
}

func (w *wireIters) parse() *iterationsResult {
	return &iterationsResult{file: w.File, list: w.List, lines: w.Lines}
}

func (w *wireItems) parse() *itemsResult {
	return &itemsResult{items: w.Items, gold: parseGold(w.Gold, interner{})}
}
