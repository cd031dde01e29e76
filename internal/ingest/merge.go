package ingest

import (
	"fmt"
	"github.com/evalbook/evalbook/internal/config"
	"io/fs"
	"math/bits"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/tomlfile"
)

// mergeMetrics joins the metric files in name order. A second value for the
// same iteration, metric and item is an error naming both lines.
func (l *loader) mergeMetrics(seen *iterSeen) ([]project.Metric, error) {
	counts := map[string]int{}
	for _, r := range l.metrics {
		if r.err != nil {
			return nil, r.err
		}
		l.warnings = append(l.warnings, r.warnings...)
		seen.merge(r.seen)
		for name, vals := range r.values {
			counts[name] += vals.Len()
		}
	}
	files := map[string][]int{} // metric -> the files that have it
	for f, r := range l.metrics {
		for _, name := range r.names {
			files[name] = append(files[name], f)
		}
	}
	l.from.metrics = make(map[string][]*cacheEntry, len(files))
	byName := make(map[string]*project.Metric, len(counts))
	lentNames := map[string]bool{}
	for name, idx := range files {
		from := reusable(l.metricSrc, idx)
		if from != nil {
			l.from.metrics[name] = from
		}
		if l.lastData == nil {
			continue
		}
		if m, ok := lent(l.lastData, l.lastData.from.metrics, from, l.lastData.p.Metrics, name, func(m *project.Metric) string { return m.Name }); ok {
			byName[name], lentNames[name] = &m, true
		}
	}
	for _, r := range l.metrics {
		for _, name := range r.names {
			if lentNames[name] {
				continue
			}
			vals := r.values[name]
			m := byName[name]
			switch {
			case m == nil && vals.Len() == counts[name]:
				m = l.metric(name)
				m.Values = *vals // the only file with this metric
			case m == nil:
				m = l.metric(name)
				m.Values = project.Values{ValueTables: project.NewValueTables()}
				m.Values.Grow(counts[name])
				m.Values.AppendValues(vals)
			default:
				m.Values.AppendValues(vals)
			}
			byName[name] = m
		}
	}
	names := sortedKeys(byName)
	if err := checkRepeats(names, byName, lentNames); err != nil {
		return nil, err
	}
	out := make([]project.Metric, 0, len(byName))
	for _, name := range names {
		out = append(out, *byName[name])
	}
	return out, nil
}

// checkRepeats reports the first value, in name order of the metrics and
// input order of the values, that repeats an iteration and item of its
// metric. The metrics lent by the last merge had none. It marks the
// (iteration, item) id pairs seen in a dense array when there are not many
// more pairs than values, else in a map.
func checkRepeats(names []string, byName map[string]*project.Metric, lent map[string]bool) error {
	var dense []int32 // value index + 1 of each pair; 0: not seen
	var sparse map[uint64]int32
	for _, name := range names {
		if lent[name] {
			continue
		}
		vals := &byName[name].Values
		nItems := vals.Items.Len()
		useDense := nItems*vals.Iterations.Len() <= 4*vals.Len()+1024
		if useDense {
			dense = append(dense[:0], make([]int32, nItems*vals.Iterations.Len())...)
		} else if sparse == nil {
			sparse = make(map[uint64]int32, vals.Len())
		} else {
			clear(sparse)
		}
		for i := range vals.Len() {
			var j int32
			var dup bool
			if useDense {
				k := int(vals.Iteration[i])*nItems + int(vals.Item[i])
				j, dup = dense[k]-1, dense[k] != 0
				dense[k] = int32(i) + 1
			} else {
				k := uint64(uint32(vals.Iteration[i]))<<32 | uint64(uint32(vals.Item[i]))
				j, dup = sparse[k]
				sparse[k] = int32(i)
			}
			if dup {
				return fmt.Errorf("%s: metric %q: second value for iteration %q%s; the first is at %s",
					vals.Pos(i), name, vals.IterationName(i), itemPhrase(vals.ItemName(i)), vals.Pos(int(j)))
			}
		}
	}
	return nil
}

func itemPhrase(item string) string {
	if item == "" {
		return " (no item)"
	}
	return fmt.Sprintf(", item %q", item)
}

// metric returns an empty metric with its settings from the config.
func (l *loader) metric(name string) *project.Metric {
	c := l.cfg.Metric(name)
	dir := project.HigherIsBetter
	if c.Direction == "lower" {
		dir = project.LowerIsBetter
	}
	return &project.Metric{Name: name, Label: c.Label, Description: c.Description, Unit: c.Unit, Direction: dir, Headline: c.Headline}
}

// mergeAnnotations joins the annotation files in name order into
// dimensions. When a rater rated the same item on the same dimension in the
// same iteration twice, the later rating wins and a warning names both; in
// strict mode (agreement.strict) it is an error naming both. A dimension
// whose files' parses are those the last merge made it from is that
// merge's (mergeFrom).
func (l *loader) mergeAnnotations(seen *iterSeen) ([]project.Dimension, error) {
	for _, r := range l.annots {
		if r.err != nil {
			return nil, r.err
		}
		l.warnings = append(l.warnings, r.warnings...)
		seen.merge(r.seen)
	}
	files := map[string][]int{} // dimension -> the files that have it
	for f, r := range l.annots {
		dims, _ := r.dimensions()
		for _, name := range dims {
			files[name] = append(files[name], f)
		}
	}
	l.from.dims = make(map[string][]*cacheEntry, len(files))
	from := make(map[string][]*cacheEntry, len(files))
	lentDims := map[string]project.Dimension{}
	for name, idx := range files {
		from[name] = reusable(l.annotSrc, idx)
		if l.lastData == nil {
			continue
		}
		if d, ok := lent(l.lastData, l.lastData.from.dims, from[name], l.lastData.p.Dimensions, name, func(d *project.Dimension) string { return d.Name }); ok {
			d.Gold = nil // mergeGold sets it anew
			lentDims[name] = d
		}
	}
	// skip[f][j] says that the file f's j-th dimension is lent.
	skip := make([][]bool, len(l.annots))
	for f, r := range l.annots {
		dims, _ := r.dimensions()
		skip[f] = make([]bool, len(dims))
		for j, name := range dims {
			_, skip[f][j] = lentDims[name]
		}
	}
	dropped, droppedDims, err := l.dropRepeats(skip)
	if err != nil {
		return nil, err
	}
	groups := groupRatings(l.annots, skip, dropped)
	names := slices.Concat(sortedKeys(groups), sortedKeys(lentDims))
	slices.Sort(names)
	built, errs := l.dimensions(names, groups, lentDims)
	out := make([]project.Dimension, 0, len(names))
	for i, name := range names {
		if d, ok := lentDims[name]; ok {
			out = append(out, d)
			l.from.dims[name] = from[name]
			continue
		}
		if errs[i] != nil {
			return nil, errs[i]
		}
		d := built[i]
		if from[name] != nil && !droppedDims[name] && d.Ratings.Len() == len(groups[name]) {
			l.from.dims[name] = from[name] // nothing dropped: a later merge may take it as it is
		}
		out = append(out, d)
	}
	return out, nil
}

// groupRatings returns, by dimension, the ratings of files that neither
// skip (by file and the index of the dimension in the file's dimensions)
// nor dropped (by file and rating; nil for a file without a drop) leaves
// out, in file order and input order within a file. The ratings are
// counted first, so that each dimension's list is made at its size.
func groupRatings(files []*annotResult, skip, dropped [][]bool) map[string][]ref {
	kept := func(f, i int) bool { return dropped[f] == nil || !dropped[f][i] }
	// The dimensions by name and their lists by the order met, and for
	// each file a list's index by the file's own dimension index: one
	// slice look-up per rating, not a map's.
	index := map[string]int{}
	var lists [][]ref
	at := make([][]int, len(files))
	for f, r := range files {
		dims, _ := r.dimensions()
		at[f] = make([]int, len(dims))
		for j, name := range dims {
			k, ok := index[name]
			if !ok {
				k = len(lists)
				index[name] = k
				lists = append(lists, nil)
			}
			at[f][j] = k
		}
	}
	counts := make([]int, len(lists))
	for f, r := range files {
		_, dimAt := r.dimensions()
		if dropped[f] == nil {
			for j, n := range r.dimCounts() {
				if !skip[f][j] {
					counts[at[f][j]] += n
				}
			}
			continue
		}
		for i, j := range dimAt {
			if !skip[f][j] && kept(f, i) {
				counts[at[f][j]]++
			}
		}
	}
	for k, n := range counts {
		if n > 0 {
			lists[k] = make([]ref, 0, n)
		}
	}
	for f, r := range files {
		_, dimAt := r.dimensions()
		for i, j := range dimAt {
			if !skip[f][j] && kept(f, i) {
				k := at[f][j]
				lists[k] = append(lists[k], ref{int32(f), int32(i)})
			}
		}
	}
	groups := make(map[string][]ref, len(lists))
	for name, k := range index {
		if counts[k] > 0 {
			groups[name] = lists[k]
		}
	}
	return groups
}

// dimensions builds the dimensions of names that are not lent, from their
// ratings in groups, on all cores; the first error in names' order is the
// one a build of one after the other would meet. With ingest.on_bad_value
// = "skip" they are checked one after the other, as dropBadValues counts
// skips in the files' reports.
//
// Each dimension is checked and its values found first (dimension), then
// its other columns are built column by column across the dimensions
// (fillColumns). A file's parse that no cache keeps is needed no more once
// the project is built, so each column of it is dropped as soon as every
// dimension has its own: the files' ratings and the dimensions' are never
// all held at once.
func (l *loader) dimensions(names []string, groups map[string][]ref, lent map[string]project.Dimension) ([]project.Dimension, []error) {
	built, errs := make([]project.Dimension, len(names)), make([]error, len(names))
	refs := make([][]ref, len(names))
	var todo []int // the dimensions built
	var jobs []func()
	for i, name := range names {
		if _, ok := lent[name]; !ok {
			todo = append(todo, i)
			jobs = append(jobs, func() { built[i], refs[i], errs[i] = l.dimension(name, groups[name]) })
		}
	}
	n := runtime.GOMAXPROCS(0)
	if l.cfg.Ingest.OnBadValue == config.OnBadValueSkip {
		n = 1
	}
	parallel(n, jobs)
	for _, i := range todo {
		if errs[i] != nil {
			return built, errs // the merge stops at the first
		}
	}
	for _, fill := range ratingColumns {
		jobs = jobs[:0]
		for _, i := range todo {
			if len(refs[i]) > 0 {
				jobs = append(jobs, func() { fill.build(&built[i].Ratings, l.annots, refs[i]) })
			}
		}
		parallel(runtime.GOMAXPROCS(0), jobs)
		for f, sf := range l.annotSrc {
			if sf.entry == nil && l.annots[f] != nil {
				fill.drop(&l.annots[f].ratings.Ratings)
			}
		}
	}
	return built, errs
}

// A ratingColumn builds one column (or a few that go together) of a
// dimension's ratings from the files' parses, and drops it from a parse.
type ratingColumn struct {
	build func(c *project.Ratings, files []*annotResult, refs []ref)
	drop  func(c *project.Ratings)
}

// ratingColumns are the columns of a dimension's ratings but Value (which
// dimension makes), in the order fillColumns builds them. Each id column
// maps the ids of a file's table to those of the dimension's, adding the
// names in order of first use, as Append does. A parse keeps its Item
// column, which its report counts.
var ratingColumns = []ratingColumn{
	idColumn(func(c *project.Ratings) (*project.Intern, *[]int32) { return c.Items, &c.Item }, false),
	idColumn(func(c *project.Ratings) (*project.Intern, *[]int32) { return c.Raters, &c.Rater }, true),
	idColumn(func(c *project.Ratings) (*project.Intern, *[]int32) { return c.Iterations, &c.Iteration }, true),
	idColumn(func(c *project.Ratings) (*project.Intern, *[]int32) { return c.Labels, &c.Label }, true),
	idColumn(func(c *project.Ratings) (*project.Intern, *[]int32) { return c.Files, &c.File }, true),
	{
		build: func(c *project.Ratings, files []*annotResult, refs []ref) {
			c.Line = make([]uint32, len(refs))
			for i, r := range refs {
				c.Line[i] = files[r.file].ratings.Line[r.index]
			}
		},
		drop: func(c *project.Ratings) { c.Line = nil },
	},
	{
		build: func(c *project.Ratings, files []*annotResult, refs []ref) {
			if copyTimes(c, files, refs) {
				return
			}
			c.SetOptional(func(i int) (time.Time, string) {
				src := &files[refs[i].file].ratings
				k := int(refs[i].index)
				comment := ""
				if src.Comment != nil {
					comment = src.Comments.Name(src.Comment[k])
				}
				return src.TimeAt(k), comment
			})
		},
		drop: func(c *project.Ratings) { c.Time, c.Times, c.Comment = nil, nil, nil },
	},
}

// copyTimes makes c's time column from the files' Unix nanoseconds as
// they are, when no file has a comment or a time that is not kept so, and
// reports whether it did; SetOptional, which would make the same column
// through a time.Time per rating, is left the other cases. As there, the
// column is nil when no rating has a time.
func copyTimes(c *project.Ratings, files []*annotResult, refs []ref) bool {
	hasTime := false
	for _, f := range files {
		if f == nil {
			continue
		}
		src := &f.ratings.Ratings
		if src.Times != nil || src.Comment != nil {
			return false
		}
		hasTime = hasTime || src.Time != nil
	}
	if !hasTime {
		return true
	}
	out := make([]int64, len(refs))
	timed := false
	for i, r := range refs {
		t := files[r.file].ratings.Time
		if t == nil {
			out[i] = project.NoTime
			continue
		}
		out[i] = t[r.index]
		timed = timed || out[i] != project.NoTime
	}
	if timed {
		c.Time = out
	}
	return true
}

// idColumn is the ratingColumn of the id column col returns with its
// table; drop says whether a parse's column is dropped.
func idColumn(col func(c *project.Ratings) (*project.Intern, *[]int32), drop bool) ratingColumn {
	rc := ratingColumn{build: func(c *project.Ratings, files []*annotResult, refs []ref) {
		to, ids := col(c)
		out := make([]int32, len(refs))
		remaps, srcs := make([]*project.Remap, len(files)), make([][]int32, len(files))
		for i, r := range refs {
			m := remaps[r.file]
			if m == nil {
				from, src := col(&files[r.file].ratings.Ratings)
				m, srcs[r.file] = project.NewRemap(from, to), *src
				remaps[r.file] = m
			}
			out[i] = m.ID(srcs[r.file][r.index])
		}
		*ids = out
	}, drop: func(*project.Ratings) {}}
	if drop {
		rc.drop = func(c *project.Ratings) { _, s := col(c); *s = nil }
	}
	return rc
}

// ref locates a rating: l.annots[file].ratings[index].
type ref struct{ file, index int32 }

// dropRepeats finds ratings that a later one of the same rater, item,
// dimension and iteration replaces, and warns about each; in strict mode
// the first repeat is an error. It looks at no rating of a dimension for
// which skip is true (by file and the index of the dimension in the
// file's dimensions: one the last merge lends, which had no repeat), and
// returns the dimensions it dropped a rating of.
func (l *loader) dropRepeats(skip [][]bool) ([][]bool, map[string]bool, error) {
	keys, space := l.ratingKeys(skip)
	dropped := make([][]bool, len(l.annots))
	droppedDims := map[string]bool{}
	// Most projects have no repeat: a first pass over a bitmap of every
	// possible key (when it is small) finds the keys seen twice, and only
	// those are followed in the second pass.
	var repeated map[uint64]bool
	total := 0
	for _, ks := range keys {
		total += len(ks)
	}
	if space <= 64*uint64(total+1024) {
		seen := make([]uint64, (space+63)/64)
		for _, ks := range keys {
			for _, k := range ks {
				if k == noKey {
					continue
				}
				if seen[k/64]&(1<<(k%64)) != 0 {
					if repeated == nil {
						repeated = map[uint64]bool{}
					}
					repeated[k] = true
				}
				seen[k/64] |= 1 << (k % 64)
			}
		}
		if repeated == nil {
			return dropped, droppedDims, nil
		}
	}
	last := map[uint64]ref{}
	for f, ks := range keys {
		r := l.annots[f]
		for i, k := range ks {
			if k == noKey || repeated != nil && !repeated[k] {
				continue
			}
			if prev, dup := last[k]; dup {
				rr := r.ratings.at(i)
				if l.cfg.Agreement.Strict {
					return nil, nil, fmt.Errorf("%s: rater %q rated item %q on %q%s again; the first rating is at %s (agreement.strict is on, so a repeated rating is an error; keep one of the two)",
						rr.Pos, rr.Rater, rr.Item, rr.dim, iterPhrase(rr.Iteration), l.annots[prev.file].ratings.Pos(int(prev.index)))
				}
				if dropped[prev.file] == nil {
					dropped[prev.file] = make([]bool, l.annots[prev.file].ratings.Len())
				}
				dropped[prev.file][prev.index] = true
				droppedDims[rr.dim] = true
				l.annotSrc[prev.file].report.Replaced++
				l.warnings = append(l.warnings, fmt.Sprintf("%s: rater %q rated item %q on %q%s again; keeping this rating, not the one at %s",
					rr.Pos, rr.Rater, rr.Item, rr.dim, iterPhrase(rr.Iteration), l.annots[prev.file].ratings.Pos(int(prev.index))))
			}
			last[k] = ref{int32(f), int32(i)}
		}
	}
	return dropped, droppedDims, nil
}

// noKey marks a rating ratingKeys leaves out.
const noKey = ^uint64(0)

// ratingKeys numbers the rater, item, dimension and iteration of every
// rating across the files (noKey for one skip leaves out) and returns the
// numbers by file and rating, and how many numbers there can be. Equal
// numbers are equal quadruples: it works on each file's id columns, with
// one map lookup per distinct name in a file, not per rating.
func (l *loader) ratingKeys(skip [][]bool) ([][]uint64, uint64) {
	var raters, items, dims, iters project.Intern
	remap := func(from *project.Intern, to *project.Intern) []uint64 {
		out := make([]uint64, from.Len())
		for id, name := range from.Names() {
			out[id] = uint64(to.ID(name))
		}
		return out
	}
	type file struct{ rater, item, dim, iter []uint64 }
	fs := make([]file, len(l.annots))
	for f, r := range l.annots {
		rs := &r.ratings
		if rs.Len() == 0 {
			continue
		}
		fs[f] = file{remap(rs.Raters, &raters), remap(rs.Items, &items), remap(rs.dims, &dims), remap(rs.Iterations, &iters)}
	}
	nr, ni, nd, nt := uint64(raters.Len()), uint64(items.Len()), uint64(dims.Len()), uint64(iters.Len())
	space, overflow := uint64(1), false
	for _, n := range []uint64{nr, ni, nd, nt} {
		hi, lo := bits.Mul64(space, max(n, 1))
		space, overflow = lo, overflow || hi != 0
	}
	var distinct map[[4]uint64]uint64 // when the product overflows: quadruples numbered as met
	if overflow {
		distinct = map[[4]uint64]uint64{}
	}
	keys := make([][]uint64, len(l.annots))
	for f, r := range l.annots {
		rs := &r.ratings
		_, at := r.dimensions()
		ks := make([]uint64, rs.Len())
		m := fs[f]
		for i := range ks {
			if skip[f][at[i]] {
				ks[i] = noKey
				continue
			}
			d, t, it, rt := m.dim[rs.dim[i]], m.iter[rs.Iteration[i]], m.item[rs.Item[i]], m.rater[rs.Rater[i]]
			if !overflow {
				ks[i] = ((d*nt+t)*ni+it)*nr + rt
				continue
			}
			q := [4]uint64{d, t, it, rt}
			k, ok := distinct[q]
			if !ok {
				k = uint64(len(distinct))
				distinct[q] = k
			}
			ks[i] = k
		}
		keys[f] = ks
	}
	if overflow {
		space = uint64(len(distinct))
	}
	return keys, space
}

func iterPhrase(iter string) string {
	if iter == "" {
		return ""
	}
	return fmt.Sprintf(" in iteration %q", iter)
}

// dimension checks one dimension's ratings in input order against its
// settings and returns it with its scale, labels and tables, and its Value
// column (the number, or the label's position for an ordinal dimension, or
// 0); the ratings it is made of (refs less those dropBadValues drops) give
// its other columns (ratingColumns).
func (l *loader) dimension(name string, refs []ref) (project.Dimension, []ref, error) {
	c := l.cfg.Dimension(name)
	d := project.Dimension{Name: name, Label: c.Label, Description: c.Description, Numeric: true}
	if l.cfg.Ingest.OnBadValue == config.OnBadValueSkip {
		refs = l.dropBadValues(name, c, refs)
	}
	at := func(i int) rawRating { return l.annots[refs[i].file].ratings.at(int(refs[i].index)) }
	for _, rf := range refs {
		d.Numeric = d.Numeric && l.annots[rf.file].ratings.numeric[rf.index]
	}
	if c.Scale == "" && len(c.Labels) == 0 {
		if err := checkMixed(name, refs, at); err != nil {
			return d, refs, err
		}
	}
	d.Scale = project.Scale(c.Scale)
	if d.Scale == "" {
		d.Scale = project.Nominal
		if d.Numeric {
			d.Scale = project.Interval
		}
	}
	labels := slices.Clone(c.Labels)
	index := map[string]int{}
	for i, s := range labels {
		index[s] = i
	}
	if len(refs) == 0 {
		if len(labels) > 0 {
			d.Labels = labels
		}
		return d, refs, nil
	}
	rs := &d.Ratings
	rs.Items, rs.Raters, rs.Iterations, rs.Labels = &project.Intern{}, &project.Intern{}, &project.Intern{}, &project.Intern{}
	rs.Files, rs.Comments = &project.Intern{}, &project.Intern{}
	rs.Value = make([]float64, len(refs))
	codes := make([][]int, len(l.annots)) // by file and label id there: its index; -1 before it is known
	for i := range refs {
		f, k := refs[i].file, int(refs[i].index)
		src := &l.annots[f].ratings
		// The value, label and kind are what badValue looks at; the whole
		// rating is made for an error only.
		r := rawRating{Rating: project.Rating{Value: src.Value[k], Label: src.Labels.Name(src.Label[k])}, numeric: src.numeric[k]}
		if _, msg := badValue(&d, &r, c.Min, c.Max, c.Labels); msg != "" {
			r = src.at(k)
			return d, refs, l.checkRating(&d, &r, c.Min, c.Max, c.Labels)
		}
		if d.Numeric {
			rs.Value[i] = r.Value
			continue
		}
		code := codes[f]
		if code == nil {
			code = make([]int, src.Labels.Len())
			for id := range code {
				code[id] = -1
			}
			codes[f] = code
		}
		id := src.Label[k]
		if code[id] < 0 {
			j, ok := index[r.Label]
			if !ok {
				j = len(index)
				index[r.Label] = j
				if len(c.Labels) == 0 {
					labels = append(labels, r.Label)
				}
			}
			code[id] = j
		}
		if d.Scale == project.Ordinal {
			rs.Value[i] = float64(code[id])
		}
	}
	if len(labels) > 0 {
		d.Labels = labels
	}
	return d, refs, nil
}

// checkMixed reports a dimension without a configured scale or labels whose
// ratings are mostly numbers but include labels: most likely a typo in a
// numeric column, so the first label is an error. A dimension with as many
// labels as numbers or more is a label dimension.
func checkMixed(name string, refs []ref, at func(int) rawRating) error {
	numbers, firstNumber, firstLabel := 0, -1, -1
	for i := range refs {
		if at(i).numeric {
			numbers++
			if firstNumber < 0 {
				firstNumber = i
			}
		} else if firstLabel < 0 {
			firstLabel = i
		}
	}
	if firstLabel < 0 || 2*numbers <= len(refs) {
		return nil
	}
	r := at(firstLabel)
	return errorf(r.Pos.File, r.Pos.Line, r.col,
		"dimension %q mixes numbers (first at %s) and labels; set dimensions.%s.scale = \"nominal\" (and labels) in config.toml if labels are intended",
		name, at(firstNumber).Pos, name)
}

// checkRating checks one rating against its dimension's scale, configured
// labels and range. A configured scale is a contract: on a dimension the
// config declares numeric (interval or ratio, or a min or max without
// labels) a value that is not a number is an error, never a reason to read
// the whole dimension as labels. The error is an ErrBadValue.
func (l *loader) checkRating(d *project.Dimension, r *rawRating, min, max *float64, labels []string) error {
	if _, msg := badValue(d, r, min, max, labels); msg != "" {
		return kindf(ErrBadValue, r.Pos.File, r.Pos.Line, r.col, "%s", msg)
	}
	return nil
}

// badValue returns why r breaks d's configured scale: a short reason (the
// data-quality page counts skips by it) and the full message; "" for both
// when it does not.
func badValue(d *project.Dimension, r *rawRating, min, max *float64, labels []string) (reason, msg string) {
	switch {
	case !r.numeric && (d.Scale == project.Interval || d.Scale == project.Ratio):
		return fmt.Sprintf("a label on %s dimension %q", d.Scale, d.Name),
			fmt.Sprintf("dimension %q is %s in the config, but value %q is not a number", d.Name, d.Scale, r.Label)
	case !r.numeric && len(labels) == 0 && (min != nil || max != nil):
		return fmt.Sprintf("a label on dimension %q, which has a range %s", d.Name, rangeText(min, max)),
			fmt.Sprintf("dimension %q has a range %s in the config, but value %q is not a number", d.Name, rangeText(min, max), r.Label)
	case len(labels) > 0 && !slices.Contains(labels, r.Label):
		return fmt.Sprintf("a label not among the configured labels of %q", d.Name),
			fmt.Sprintf("dimension %q: label %q is not one of the configured labels (%s)", d.Name, r.Label, strings.Join(labels, ", "))
	case d.Numeric && (min != nil && r.Value < *min || max != nil && r.Value > *max):
		return fmt.Sprintf("a value outside the range %s of %q", rangeText(min, max), d.Name),
			fmt.Sprintf("dimension %q: value %s is outside the configured range %s", d.Name, r.Label, rangeText(min, max))
	}
	return "", ""
}

// dropBadValues returns refs without the ratings that break the dimension's
// configured scale (see badValue), each counted as a skipped part of its
// record in its file's report: ingest.on_bad_value = "skip".
func (l *loader) dropBadValues(name string, c config.DimensionConfig, refs []ref) []ref {
	out := refs[:0:0]
	for _, rf := range refs {
		r := l.annots[rf.file].ratings.at(int(rf.index))
		d := project.Dimension{Name: name, Scale: project.Scale(c.Scale), Numeric: r.numeric}
		if reason, _ := badValue(&d, &r, c.Min, c.Max, c.Labels); reason != "" {
			sf := l.annotSrc[rf.file]
			sf.skipPart(reason, r.Pos.Line)
			sf.badValues++
			continue
		}
		out = append(out, rf)
	}
	return out
}

func rangeText(min, max *float64) string {
	switch {
	case min != nil && max != nil:
		return fmt.Sprintf("%v to %v", *min, *max)
	case min != nil:
		return fmt.Sprintf("of at least %v", *min)
	}
	return fmt.Sprintf("of at most %v", *max)
}

// checkConfigNames warns about metrics and dimensions that the config
// describes but the data does not have, and refuses thresholds for them: a
// limit on a metric that does not exist would never fire, which is worse
// than no limit.
func (l *loader) checkConfigNames(p *project.Project) error {
	file, src := l.configSource()
	var metrics, dims []string
	for _, m := range p.Metrics {
		metrics = append(metrics, m.Name)
	}
	for _, d := range p.Dimensions {
		dims = append(dims, d.Name)
	}
	for _, d := range p.Pairwise {
		dims = append(dims, d.Name)
	}
	for _, name := range sortedKeys(l.cfg.Metrics) {
		if slices.Contains(metrics, name) {
			continue
		}
		line := tomlfile.KeyLine(src, toml.Key{"metrics", name})
		if l.cfg.Metrics[name].Thresholds != (config.Thresholds{}) {
			return fmt.Errorf("%s: [metrics.%s] sets thresholds, but no metric file has a metric %q; check the name", where(file, line, 0), name, name)
		}
		l.warnings = append(l.warnings, fmt.Sprintf("%s: [metrics.%s] is configured but no metric file has it", where(file, line, 0), name))
	}
	for _, name := range sortedKeys(l.cfg.Dimensions) {
		if slices.Contains(dims, name) {
			continue
		}
		line := tomlfile.KeyLine(src, toml.Key{"dimensions", name})
		if l.cfg.Dimensions[name].Thresholds() != (config.Thresholds{}) {
			return fmt.Errorf("%s: [dimensions.%s] sets thresholds, but no annotation file has a dimension %q; check the name", where(file, line, 0), name, name)
		}
		l.warnings = append(l.warnings, fmt.Sprintf("%s: [dimensions.%s] is configured but no annotation file has it", where(file, line, 0), name))
	}
	return nil
}

// configSource returns the config file's name for messages and, when it
// lies inside the project root, its text.
func (l *loader) configSource() (name, src string) {
	if l.cfg.File == "" {
		return "config", ""
	}
	rel, err := filepath.Rel(l.cfg.Root, l.cfg.File)
	if err != nil || !filepath.IsLocal(rel) {
		return l.cfg.File, ""
	}
	rel = filepath.ToSlash(rel)
	b, err := fs.ReadFile(l.fsys, rel)
	if err != nil {
		return rel, ""
	}
	return rel, string(b)
}
