package ingest

import (
	"crypto/sha256"
	"encoding/json"
	"hash"
	"io"
	"io/fs"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/project"
)

// Cache keeps the parse of every input file (data files, the iterations
// and items files, Markdown documents) from one load to the next, so that
// LoadCached reads again only the files whose content changed.
//
// A parse is found by its key: what was read (data file, document ...),
// the file's path and every setting that shapes its parse (a source's
// format, columns, mapping and lenient; a document's slug and the unsafe
// switch). It is reused only while the SHA-256 of the file's bytes is the
// one the parse was made from. Parses that ended in an error are not kept,
// so a broken file is read again.
//
// Hashing every file on every load is what an edit of one file costs most
// in a large project, so in memory a Cache also keeps each file's size and
// modification time as seen just before its bytes were last read or
// hashed, and takes a file whose size and time are still those as
// unchanged without hashing it (see fileStat.same). A file rewritten with
// the same size and the same modification time is the one change this
// misses; the time is trusted only when it is well before the moment it
// was seen (statMargin), so a rewrite within the file system's time
// granularity is still hashed. Whenever size or time differ, the hash
// decides.
//
// With a folder (NewCache(dir)), each parse is also kept in a file there
// and a later process starts from those. A file from another evalbook
// build (see Stamp), of another schema, for another key, truncated or
// corrupted (each file carries a checksum) is ignored and replaced.
//
// A Cache holds the parses of the files the last load read, never more:
// parses of files that are gone or whose key changed are dropped (from the
// folder too). Loads through one Cache run one at a time.
type Cache struct {
	dir string // "" keeps parses in memory only

	load sync.Mutex // held for a whole LoadCached

	mu     sync.Mutex
	mem    map[string]*cacheEntry // key -> the latest parse
	seen   map[string]fileStat    // key -> its file's stat when the parse in mem was last checked
	used   map[string]bool        // keys the current load asked for
	stats  CacheStats
	errors []error // what went wrong writing the folder, for Err
	// data is the last load's merge of the data files, reused while its
	// parses and the config are the same (loader.mergedData).
	data *dataMerge
	// docs is the last load's merge of the documents, checked against
	// data (loader.mergeDocs).
	docs *docMerge
}

// CacheStats counts what the last load did per file.
type CacheStats struct {
	Reused int // parses taken from the cache
	Read   int // files read and parsed
	// DataReused says the merge of the data files was the last load's:
	// no data, iterations or items file and no setting changed.
	DataReused bool
}

// cacheEntry is one file's parse and the hash of the bytes it came from.
// Exactly one of the parse fields is set. An entry is never changed once
// stored: loads copy what their merge modifies (see sourceParse.restore).
type cacheEntry struct {
	sum   [sha256.Size]byte
	src   *sourceParse
	doc   *docResult
	iters *iterationsResult
	items *itemsResult
}

// NewCache returns an empty cache that keeps its parses in dir as well,
// or in memory only when dir is "".
func NewCache(dir string) *Cache {
	if dir != "" {
		go Stamp() // hashing the executable overlaps with planning the load
	}
	return &Cache{dir: dir, mem: map[string]*cacheEntry{}, seen: map[string]fileStat{}}
}

// Stats returns the counts of the last load.
func (c *Cache) Stats() CacheStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stats
}

// begin starts a load.
func (c *Cache) begin() {
	c.load.Lock()
	c.mu.Lock()
	c.used = map[string]bool{}
	c.stats = CacheStats{}
	c.mu.Unlock()
}

// end finishes a load. When planned is true, every file of the project
// was asked for, so the parses of other keys are stale and dropped.
func (c *Cache) end(planned bool) {
	defer c.load.Unlock()
	c.mu.Lock()
	defer c.mu.Unlock()
	if planned {
		maps.DeleteFunc(c.mem, func(k string, _ *cacheEntry) bool { return !c.used[k] })
		maps.DeleteFunc(c.seen, func(k string, _ fileStat) bool { return !c.used[k] })
		c.prune()
	}
}

// lookup returns the stored parse for key when the file name still holds
// the bytes it was parsed from, else nil. It marks key as used by this
// load.
func (c *Cache) lookup(fsys fs.FS, name, key string) *cacheEntry {
	if c == nil {
		return nil
	}
	st := statFile(fsys, name)
	c.mu.Lock()
	c.used[key] = true
	e := c.mem[key]
	unchanged := e != nil && c.seen[key].same(st)
	if unchanged {
		c.stats.Reused++
	}
	c.mu.Unlock()
	if unchanged {
		return e
	}
	if e == nil {
		e = c.readEntry(key)
	}
	if e == nil {
		return nil
	}
	sum, err := hashFile(fsys, name)
	if err != nil || sum != e.sum {
		return nil
	}
	c.mu.Lock()
	c.mem[key] = e
	c.seen[key] = st
	c.stats.Reused++
	c.mu.Unlock()
	return e
}

// store keeps e as the parse for key, read from a file whose stat before
// the reading was st.
func (c *Cache) store(key string, e *cacheEntry, st fileStat) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.mem[key] = e
	c.seen[key] = st
	c.stats.Read++
	c.mu.Unlock()
	c.writeEntry(key, e)
}

// statMargin is how long before it was seen a file's modification time
// must be for fileStat.same to trust it: more than the coarsest time
// granularity of common file systems (FAT's 2 s), so that a file
// rewritten after it was seen cannot keep the time it had.
const statMargin = 3 * time.Second

// fileStat is a file's size and modification time, and when they were
// seen; the zero fileStat is unknown and never the same as another, nor
// is a stat with no modification time (fstest.MapFS).
type fileStat struct {
	size int64
	mod  time.Time
	at   time.Time
}

// statFile returns the stat of the file name, or the zero fileStat when
// it cannot be had.
func statFile(fsys fs.FS, name string) fileStat {
	at := time.Now()
	info, err := fs.Stat(fsys, name)
	if err != nil || !info.Mode().IsRegular() {
		return fileStat{}
	}
	return fileStat{size: info.Size(), mod: info.ModTime(), at: at}
}

// same reports whether now, a file's stat, shows it unchanged since it was
// seen as old: same size and modification time, and that time at least
// statMargin before old was seen (a time later than that could be kept
// by a rewrite within the time granularity).
func (old fileStat) same(now fileStat) bool {
	return !old.at.IsZero() && !now.at.IsZero() && !old.mod.IsZero() && old.size == now.size && old.mod.Equal(now.mod) &&
		old.mod.Before(old.at.Add(-statMargin))
}

// miss counts a file read whose parse is not kept (it failed).
func (c *Cache) miss() {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.stats.Read++
	c.mu.Unlock()
}

// hashFile returns the SHA-256 of the file name.
func hashFile(fsys fs.FS, name string) ([sha256.Size]byte, error) {
	var sum [sha256.Size]byte
	f, err := fsys.Open(name)
	if err != nil {
		return sum, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return sum, err
	}
	h.Sum(sum[:0])
	return sum, nil
}

// tapFS hashes what a reader reads through it: the bytes of the one file
// it opens, all of them (Close reads what the reader left). ok reports
// whether exactly one file was opened and read without error, so sum is
// the hash of the bytes the parse came from.
type tapFS struct {
	fsys   fs.FS
	h      hash.Hash
	opened int
	err    error
}

func newTap(fsys fs.FS) *tapFS { return &tapFS{fsys: fsys, h: sha256.New()} }

func (t *tapFS) Open(name string) (fs.File, error) {
	f, err := t.fsys.Open(name)
	if err != nil {
		t.err = err
		return nil, err
	}
	t.opened++
	return &tapFile{File: f, t: t}, nil
}

// ReadFile reads the whole file name as fs.ReadFile of the tapped FS
// does (contain.FS reads it in fewer system calls than through Open),
// counted as one file opened, its bytes hashed.
func (t *tapFS) ReadFile(name string) ([]byte, error) {
	b, err := fs.ReadFile(t.fsys, name)
	if err != nil {
		t.err = err
		return b, err
	}
	t.opened++
	t.h.Write(b)
	return b, nil
}

func (t *tapFS) sum() (sum [sha256.Size]byte, ok bool) {
	t.h.Sum(sum[:0])
	return sum, t.opened == 1 && t.err == nil
}

type tapFile struct {
	fs.File
	t      *tapFS
	closed bool
}

func (f *tapFile) Read(p []byte) (int, error) {
	n, err := f.File.Read(p)
	f.t.h.Write(p[:n])
	if err != nil && err != io.EOF {
		f.t.err = err
	}
	return n, err
}

func (f *tapFile) Close() error {
	if !f.closed {
		f.closed = true
		if _, err := io.Copy(f.t.h, f.File); err != nil {
			f.t.err = err
		}
	}
	return f.File.Close()
}

// sourceParse is what reading one data file gave, before the merge: the
// file's results and its report so far.
type sourceParse struct {
	report project.SourceReport
	size   int64
	metric *metricResult
	annot  *annotResult
	side   *sideResult
	items  []project.Item
}

// snapshot returns the parse sf holds after its reading. Slices the merge
// changes in place are copied; the others are clipped, so that appending
// to them never writes into the stored parse.
func snapshot(sf *sourceFile) *sourceParse {
	p := &sourceParse{report: cloneReport(sf.report), size: sf.size, metric: sf.metric, annot: sf.annot, side: sf.side, items: slices.Clone(sf.items)}
	if m := sf.metric; m != nil {
		for _, vals := range m.values {
			vals.Clip()
		}
	}
	if a := sf.annot; a != nil {
		a.ratings.clip()
	}
	return p
}

// restore gives sf the parse p, with its own copy of what the merge
// changes (the report, the list of items).
func (p *sourceParse) restore(sf *sourceFile) {
	sf.report = cloneReport(p.report)
	sf.skips = nil
	for i, s := range sf.report.Skipped {
		if sf.skips == nil {
			sf.skips = map[string]int{}
		}
		sf.skips[s.Reason] = i
	}
	sf.size = p.size
	sf.metric, sf.annot, sf.side = p.metric, p.annot, p.side
	sf.items = slices.Clone(p.items)
}

func cloneReport(r project.SourceReport) project.SourceReport {
	r.Skipped = slices.Clone(r.Skipped)
	return r
}

// sourceKey is the cache key of a data file: its path, kind and every
// setting its reader reads.
func sourceKey(sf *sourceFile) string {
	spec := sf.spec
	spec.Line = 0 // only for messages of the plan
	return cacheKey("source", struct {
		Path, Kind, Format, Delim string
		Lenient                   bool
		Cols                      [8]string
		Spec                      config.Source
		Limits                    limits
	}{sf.path, sf.kind, sf.format, sf.delim, sf.lenient, [8]string{
		sf.cols.iteration, sf.cols.metric, sf.cols.value, sf.cols.item,
		sf.cols.slice, sf.cols.timestamp, sf.cols.rater, sf.cols.dimension,
	}, spec, sf.lim})
}

// cacheKey joins the kind of a parse with its settings, as JSON.
func cacheKey(kind string, settings any) string {
	b, err := json.Marshal(settings)
	if err != nil {
		panic(err) // settings are plain values
	}
	return kind + " " + string(b)
}

// readCached runs read, the reader of one file, unless c holds the file's
// parse. Reading goes through a tapFS, so the parse is stored under the
// hash of the bytes it came from even when the file changes meanwhile.
// reuse installs a stored parse; read reads through fsys and returns the
// entry to store, or nil when the reading failed.
//
// It returns the entry of the parse now in use: the one reused or stored;
// nil without a cache or when the reading failed.
func readCached(c *Cache, fsys fs.FS, name, key string, reuse func(*cacheEntry) bool, read func(fs.FS) *cacheEntry) *cacheEntry {
	if e := c.lookup(fsys, name, key); e != nil && reuse(e) {
		return e
	}
	if c == nil {
		read(fsys)
		return nil
	}
	st := statFile(fsys, name)
	tap := newTap(fsys)
	e := read(tap)
	sum, ok := tap.sum()
	if e == nil || !ok {
		c.miss()
		return nil
	}
	e.sum = sum
	c.store(key, e, st)
	return e
}
