package ingest

import (
	"bytes"
	"io"
	"io/fs"
	"math"
	"runtime"
	"slices"

	"github.com/evalbook/evalbook/internal/project"
)

// chunkMin is the size from which a delimited file of ratings or metric
// values may be read in chunks on all cores (readChunks). It is off (no
// file is that large) until the chunks are measured faster in wall time
// than the one-stream reader with its parse on a goroutine of its own
// (pipeRows): on the shared, loaded 2-core machine of issue 13 they read
// with no less CPU and took two to four times the wall time (BENCHMARKS.md,
// branch read10m). BenchmarkReadScaleFile with EVALBOOK_BENCH_CHUNKS=1
// measures them; 8 MiB is the size to try.
var chunkMin int64 = math.MaxInt64

// chunkParts is how many chunks readChunks reads a file in (a test sets it).
var chunkParts = func(sf *sourceFile) int { return sf.parts }

// shareCores sets how many chunks each of the data files read at once may
// be read in: its share of the cores by size, at least one. A file alone
// takes them all; among ten of a size, each takes one core and reading
// them side by side keeps the cores busy without a merge of chunks.
func shareCores(srcs []*sourceFile, fsys fs.FS) {
	n := int64(runtime.GOMAXPROCS(0))
	sizes, total := make([]int64, len(srcs)), int64(0)
	for i, sf := range srcs {
		if info, err := fs.Stat(fsys, sf.path); err == nil {
			sizes[i] = info.Size()
			total += sizes[i]
		}
	}
	for i, sf := range srcs {
		sf.parts = 1
		if total > 0 {
			sf.parts = int(max(1, min(n, sizes[i]*n/total)))
		}
	}
}

// chunkScan is the size of the blocks planChunks reads.
const chunkScan = 1 << 20

// readChunks reads the file in n chunks at once, each a run of whole lines
// read under the file's header line by a reader of its own (its own
// columns and interned names), then appends the chunks' results in file
// order to the first's: the ratings or metric values, their ids (remapped,
// so in order of first appearance), the iterations seen and the report,
// with every line number that of the whole file. done is false when it did
// not read the file, which is then read as one stream: a file too small,
// of another kind than annotations or metrics, with a quote anywhere (a quoted
// field may hold a newline, so no split is safe without parsing from the
// start), or whose reading met an error in any chunk (read again as one
// stream, the error is the one the sequential reader gives, and so are
// any warnings).
func (sf *sourceFile) readChunks(n int) (done bool, err error) {
	if sf.ra == nil || n < 2 || sf.size < chunkMin || sf.annot == nil && sf.metric == nil {
		return false, nil
	}
	plan, ok := planChunks(sf.ra, sf.size, n)
	if !ok {
		return false, nil
	}
	parts := make([]*sourceFile, len(plan.starts))
	jobs := make([]func(), len(parts))
	for k := range parts {
		jobs[k] = func() { parts[k] = sf.readChunk(plan, k) }
	}
	parallel(len(jobs), jobs)
	for _, p := range parts {
		if p.err() != nil || len(p.warnings()) > 0 || len(p.items) > 0 {
			return false, nil // read as one stream
		}
	}
	first := parts[0]
	sf.in, sf.annot, sf.metric = first.in, first.annot, first.metric
	sf.report, sf.skips = first.report, first.skips
	if sf.annot != nil {
		grow := 0
		for _, p := range parts[1:] {
			grow += p.annot.ratings.Len()
		}
		sf.annot.ratings.grow(grow)
	}
	for _, p := range parts[1:] {
		if sf.annot != nil {
			sf.annot.appendAll(p.annot)
		} else {
			sf.metric.appendAll(p.metric)
		}
		sf.addReport(&p.report)
	}
	sf.chunks = len(parts)
	return true, nil
}

// warnings returns the warnings of the file's reading so far.
func (sf *sourceFile) warnings() []string {
	switch {
	case sf.metric != nil:
		return sf.metric.warnings
	case sf.annot != nil:
		return sf.annot.warnings
	}
	return nil
}

// chunkPlan is where a file splits: its header line, then chunks that each
// start at the start of a line.
type chunkPlan struct {
	header []byte  // the file's first line, with its newline
	starts []int64 // chunk k is the bytes from starts[k] to starts[k+1] (the last: to the end)
	lines  []int   // the line number of each chunk's first line
	size   int64
}

// planChunks splits the file of size bytes into n chunks of about equal
// size at line starts, reading it once. It fails on a file that holds a
// quote, whose first line is blank or longer than a scan block, or that
// has too few lines for two chunks.
func planChunks(ra io.ReaderAt, size int64, n int) (chunkPlan, bool) {
	plan := chunkPlan{starts: []int64{0}, lines: []int{1}, size: size}
	buf := make([]byte, chunkScan)
	lines, next := 0, 1 // newlines before off; the chunk whose start is sought
	for off := int64(0); off < size; {
		m, err := ra.ReadAt(buf[:min(int64(len(buf)), size-off)], off)
		b := buf[:m]
		if m == 0 || bytes.IndexByte(b, '"') >= 0 || (err != nil && err != io.EOF) {
			return plan, false
		}
		if off == 0 {
			i := bytes.IndexByte(b, '\n')
			if i < 0 || len(bytes.TrimSpace(bytes.TrimPrefix(b[:i], []byte(bom)))) == 0 {
				return plan, false
			}
			plan.header = bytes.Clone(b[:i+1])
		}
		for next < n {
			from := max(int64(next)*size/int64(n), plan.starts[len(plan.starts)-1]+1) - 1 - off
			if from >= int64(m) {
				break
			}
			j := bytes.IndexByte(b[max(from, 0):], '\n')
			if j < 0 {
				break // in a later block
			}
			end := max(from, 0) + int64(j) + 1 // just after the newline, in b
			if off+end < size {
				plan.starts = append(plan.starts, off+end)
				plan.lines = append(plan.lines, 1+lines+bytes.Count(b[:end], []byte{'\n'}))
			}
			next++
		}
		lines += bytes.Count(b, []byte{'\n'})
		off += int64(m)
	}
	return plan, len(plan.starts) > 1 && plan.starts[1] > int64(len(plan.header))
}

// readChunk reads chunk k of plan (after the header line, for k > 0) into
// a source of its own that reads as sf does.
func (sf *sourceFile) readChunk(plan chunkPlan, k int) *sourceFile {
	end := plan.size
	if k+1 < len(plan.starts) {
		end = plan.starts[k+1]
	}
	// The first chunk's columns take the others' after the reading: it
	// reserves room for the whole file (its estimate of the file's
	// records), the others for themselves.
	size := end - plan.starts[k]
	if k == 0 {
		size = plan.size
	}
	c := &sourceFile{
		path: sf.path, kind: sf.kind, spec: sf.spec, format: sf.format, delim: sf.delim,
		cols: sf.cols, lenient: sf.lenient, lim: sf.lim, size: size, in: interner{},
		report: project.SourceReport{Path: sf.report.Path, Kind: sf.report.Kind, Format: sf.report.Format},
	}
	var r io.Reader = io.NewSectionReader(sf.ra, plan.starts[k], end-plan.starts[k])
	var rows rowReader
	if k == 0 {
		rows = c.rows(newReader(r))
	} else {
		r = io.MultiReader(bytes.NewReader(plan.header), r)
		rows = &shiftRows{rowReader: c.rows(newReader(r)), shift: plan.lines[k] - 2}
	}
	if sf.annot != nil {
		c.annot = &annotResult{seen: newIterSeen()}
		c.annot.err = c.readTable(rows)
	} else {
		c.metric = &metricResult{values: map[string]*project.Values{}, seen: newIterSeen()}
		c.metric.err = c.readTable(rows)
	}
	return c
}

// shiftRows reads the records of a chunk under the file's header line:
// a line after the header, 2 in the chunk, is line 2 + shift of the file.
type shiftRows struct {
	rowReader
	shift int
}

func (s *shiftRows) FieldPos(field int) (line, column int) {
	line, column = s.rowReader.FieldPos(field)
	if line > 1 {
		line += s.shift
	}
	return line, column
}

// appendAll appends what o read, after what res read.
func (res *annotResult) appendAll(o *annotResult) {
	res.ratings.appendAll(&o.ratings)
	res.gold = append(res.gold, o.gold...)
	res.seen.merge(o.seen)
}

// appendAll appends the values o read, after those res read.
// AppendValues numbers every name of o's tables in their order, which is
// their order of first appearance in o's rows, so ids number names in
// their order of first appearance in the file (TestChunksMetricIDs).
func (res *metricResult) appendAll(o *metricResult) {
	for _, name := range o.names {
		res.valuesOf(name).AppendValues(o.values[name])
	}
	res.rows += o.rows
	res.seen.merge(o.seen)
}

// appendAll appends the ratings of o, read after those of rs: column by
// column, each id remapped through a table of o's ids (names are looked up
// once each, in order of first appearance, as appending row by row does),
// or row by row when only one of the two has times or comments.
func (rs *rawRatings) appendAll(o *rawRatings) {
	if o.Len() == 0 {
		return
	}
	if rs.dims == nil {
		rs.dims = &project.Intern{}
	}
	c, s := &rs.Ratings, &o.Ratings
	m := c.RemapFrom(s) // makes c's tables
	if c.Times != nil || s.Times != nil || (c.Time == nil) != (s.Time == nil) || (c.Comment == nil) != (s.Comment == nil) {
		for i := range s.Len() {
			c.AppendFrom(m, i, s.Value[i])
		}
	} else {
		c.Item = appendRemap(c.Item, s.Item, project.NewRemap(s.Items, c.Items))
		c.Rater = appendRemap(c.Rater, s.Rater, project.NewRemap(s.Raters, c.Raters))
		c.Iteration = appendRemap(c.Iteration, s.Iteration, project.NewRemap(s.Iterations, c.Iterations))
		c.Label = appendRemap(c.Label, s.Label, project.NewRemap(s.Labels, c.Labels))
		c.Value = append(c.Value, s.Value...)
		c.File = appendRemap(c.File, s.File, project.NewRemap(s.Files, c.Files))
		c.Line = append(c.Line, s.Line...)
		if s.Time != nil {
			c.Time = append(c.Time, s.Time...)
		}
		if s.Comment != nil {
			c.Comment = appendRemap(c.Comment, s.Comment, project.NewRemap(s.Comments, c.Comments))
		}
	}
	rs.dim = appendRemap(rs.dim, o.dim, project.NewRemap(o.dims, rs.dims))
	rs.col = append(rs.col, o.col...)
	rs.numeric = append(rs.numeric, o.numeric...)
}

// appendRemap appends the ids of src to dst, remapped by m.
func appendRemap(dst, src []int32, m *project.Remap) []int32 {
	for _, id := range src {
		dst = append(dst, m.ID(id))
	}
	return dst
}

// addReport adds the counts of r, a report of records read after sf's.
func (sf *sourceFile) addReport(r *project.SourceReport) {
	sf.report.Records += r.Records
	sf.report.Comments += r.Comments
	for _, s := range r.Skipped {
		if sf.skips == nil {
			sf.skips = map[string]int{}
		}
		i, ok := sf.skips[s.Reason]
		if !ok {
			sf.skips[s.Reason] = len(sf.report.Skipped)
			sf.report.Skipped = append(sf.report.Skipped, s)
			continue
		}
		sf.report.Skipped[i].N += s.N
		sf.report.Skipped[i].Configured = sf.report.Skipped[i].Configured || s.Configured
	}
	sf.report.Skipped = slices.Clip(sf.report.Skipped)
}
