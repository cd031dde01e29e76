package ingest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/project"
)

// cacheProject is a project to load with and without a cache.
type cacheProject struct {
	name string
	cfg  func(t *testing.T) *config.Config
	fsys func(t *testing.T) fs.FS
}

func loadConfig(path string, mod func(*config.Config)) func(t *testing.T) *config.Config {
	return func(t *testing.T) *config.Config {
		cfg, err := config.Load(path, false)
		if err != nil {
			t.Fatal(err)
		}
		if mod != nil {
			mod(cfg)
		}
		return cfg
	}
}

// copyFS copies the folder dir into a MapFS, so a test can change it.
func copyFS(t *testing.T, dir string) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if rel == "site" || len(rel) > 5 && rel[:5] == "site/" || rel[0] == '.' {
			return nil
		}
		b, err := os.ReadFile(p)
		m[rel] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

var cacheProjects = []cacheProject{
	{"testdata project", loadConfig("testdata/project/config.toml", nil),
		func(t *testing.T) fs.FS { return copyFS(t, "testdata/project") }},
	{"example", loadConfig("../../config.toml", nil),
		func(t *testing.T) fs.FS { return os.DirFS("../..") }},
	{"testdata project with an iteration left out", loadConfig("testdata/project/config.toml", func(c *config.Config) {
		c.Project.Exclude = []string{"v3"}
	}), func(t *testing.T) fs.FS {
		m := copyFS(t, "testdata/project")
		for name := range m {
			if filepath.Ext(name) == ".md" {
				delete(m, name)
			}
		}
		return m
	}},
	{"one metric file, an iteration left out", func(t *testing.T) *config.Config {
		c := config.Default()
		c.Project.Exclude = []string{"v1"}
		return c
	}, func(t *testing.T) fs.FS {
		return files{"data/metrics/m.csv": "iteration,item,acc\nv1,a,1\nv2,a,2\nv1,b,3\nv2,b,4\n"}.fs()
	}},
	{"label studio export with item text", func(t *testing.T) *config.Config { return config.Default() },
		func(t *testing.T) fs.FS {
			return files{
				"data/annotations/ls.json": sample(t, "labelstudio.json"),
				"data/outputs/out.csv":     sample(t, "outputs.csv"),
				"data/raters.csv":          sample(t, "raters.csv"),
				"casestudies/a.md":         "+++\ntitle = \"A\"\ndate = 2024-01-02\ntags = []\n+++\nBody *text*.\n",
				"content/decisions/d.md":   "+++\ntitle = \"D\"\ndraft = true\n+++\n",
			}.fs()
		}},
}

// TestLoadCachedSameAsLoad checks that a load through a cache, in memory
// and from its folder in a new process, gives exactly Load's project and
// warnings, and that a second load takes every file's parse from the
// cache without changing what the first load returned.
func TestLoadCachedSameAsLoad(t *testing.T) {
	for _, tt := range cacheProjects {
		t.Run(tt.name, func(t *testing.T) {
			cfg, fsys := tt.cfg(t), tt.fsys(t)
			want, wantW, err := Load(cfg, fsys)
			if err != nil {
				t.Fatal(err)
			}
			same := func(what string, p *project.Project, w []string) {
				t.Helper()
				if !reflect.DeepEqual(p, want) {
					t.Errorf("%s: project differs from Load's", what)
					diffProjects(t, p, want)
				}
				if !reflect.DeepEqual(w, wantW) {
					t.Errorf("%s: warnings = %q; want %q", what, w, wantW)
				}
			}
			dir := t.TempDir()
			c := NewCache(dir)
			first, w, err := LoadCached(cfg, fsys, c)
			if err != nil {
				t.Fatal(err)
			}
			same("first load", first, w)
			files := c.Stats().Read
			if files == 0 || c.Stats().Reused != 0 {
				t.Fatalf("first load stats = %+v; want every file read", c.Stats())
			}
			second, w, err := LoadCached(cfg, fsys, c)
			if err != nil {
				t.Fatal(err)
			}
			same("second load", second, w)
			same("first load after the second", first, w)
			if got := c.Stats(); got != (CacheStats{Reused: files, DataReused: true}) {
				t.Errorf("second load stats = %+v; want all %d files and the data merge reused", got, files)
			}
			if err := c.Err(); err != nil {
				t.Fatal(err)
			}
			fresh := NewCache(dir)
			third, w, err := LoadCached(cfg, fsys, fresh)
			if err != nil {
				t.Fatal(err)
			}
			same("load from the cache folder", third, w)
			if got := fresh.Stats(); got != (CacheStats{Reused: files}) {
				t.Errorf("load from the folder: stats = %+v; want all %d files reused", got, files)
			}
		})
	}
}

// diffProjects names the first top-level field of two projects that
// differs, to make a failure readable.
func diffProjects(t *testing.T, got, want *project.Project) {
	t.Helper()
	g, w := reflect.ValueOf(*got), reflect.ValueOf(*want)
	for i := range g.NumField() {
		if !reflect.DeepEqual(g.Field(i).Interface(), w.Field(i).Interface()) {
			t.Errorf("field %s differs:\n got %+v\nwant %+v", g.Type().Field(i).Name, g.Field(i).Interface(), w.Field(i).Interface())
			return
		}
	}
}

// TestLoadCachedReadsChangedFiles edits, adds and removes files between
// loads and checks that only the changed files are read again and that
// the result is Load's.
func TestLoadCachedReadsChangedFiles(t *testing.T) {
	cfg := loadConfig("testdata/project/config.toml", nil)(t)
	fsys := copyFS(t, "testdata/project")
	c := NewCache(t.TempDir())
	check := func(what string, read int) {
		t.Helper()
		got, gotW, err := LoadCached(cfg, fsys, c)
		want, wantW, werr := Load(cfg, fsys)
		if err != nil || werr != nil {
			t.Fatalf("%s: LoadCached error %v, Load error %v", what, err, werr)
		}
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotW, wantW) {
			t.Errorf("%s: LoadCached differs from Load", what)
			diffProjects(t, got, want)
		}
		if s := c.Stats(); s.Read != read {
			t.Errorf("%s: %d files read (%+v); want %d", what, s.Read, s, read)
		}
	}
	check("first load", len(fsys)-1) // every file but config.toml
	var csv string
	for name := range fsys {
		if filepath.Ext(name) == ".csv" && filepath.Dir(name) == "data/metrics" {
			csv = name
		}
	}
	// The same bytes with a new time stamp: nothing to read.
	fsys[csv] = &fstest.MapFile{Data: fsys[csv].Data, ModTime: time.Now()}
	check("touched", 0)
	fsys[csv] = &fstest.MapFile{Data: append(append([]byte{}, fsys[csv].Data...), fsys[csv].Data[len(fsys[csv].Data)-1])}
	fsys[csv].Data = append(fsys[csv].Data[:len(fsys[csv].Data)-1], '\n')
	check("a blank line added", 1)
	if c.Stats().DataReused {
		t.Error("a data file changed, but the data merge was reused")
	}
	fsys["casestudies/new.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"New\"\n+++\nNew.\n")}
	check("a case study added", 1)
	if !c.Stats().DataReused {
		t.Error("only a case study was added, but the data was merged again")
	}
	delete(fsys, "casestudies/new.md")
	check("a case study removed", 0)
	cfg.Lenient = !cfg.Lenient
	check("another lenient: every data file's settings changed", countData(fsys))
	cfg.Title += " again"
	check("another title", 0)
	if c.Stats().DataReused {
		t.Error("the config changed, but the data merge was reused")
	}
}

func countData(fsys fstest.MapFS) int {
	n := 0
	for name := range fsys {
		if dir := filepath.Dir(name); dir == "data/metrics" || dir == "data/annotations" {
			n++
		}
	}
	return n
}

// TestCacheFolderNeverTrusted writes a cache folder, spoils its files in
// each way a cache can go bad, and checks that every spoiled file is
// ignored (the file is read again) and the load is still Load's.
func TestCacheFolderNeverTrusted(t *testing.T) {
	cfg := loadConfig("testdata/project/config.toml", nil)(t)
	fsys := copyFS(t, "testdata/project")
	want, _, err := Load(cfg, fsys)
	if err != nil {
		t.Fatal(err)
	}
	spoil := []struct {
		name string
		do   func(b []byte, key string) []byte
	}{
		{"truncated", func(b []byte, _ string) []byte { return b[:len(b)/2] }},
		{"empty", func([]byte, string) []byte { return nil }},
		{"one byte flipped", func(b []byte, _ string) []byte { b[len(b)-3] ^= 0x40; return b }},
		{"another magic", func(b []byte, _ string) []byte { b[0] = 'X'; return b }},
		{"another evalbook", func(b []byte, key string) []byte {
			return reencode(t, b, key, func(d *diskEntry) { d.Stamp += " other" })
		}},
		{"another schema", func(b []byte, key string) []byte {
			return reencode(t, b, key, func(d *diskEntry) { d.Stamp = "schema 0" + d.Stamp[len("schema 1"):] })
		}},
		{"another key", func(b []byte, key string) []byte { return reencode(t, b, key, func(d *diskEntry) { d.Key += "x" }) }},
		{"another content hash", func(b []byte, key string) []byte {
			return reencode(t, b, key, func(d *diskEntry) { d.Sum[0] ^= 1 })
		}},
	}
	for _, tt := range spoil {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			c := NewCache(dir)
			if _, _, err := LoadCached(cfg, fsys, c); err != nil {
				t.Fatal(err)
			}
			total := c.Stats().Read
			for key := range c.mem {
				path := filepath.Join(dir, entryName(key))
				b, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, tt.do(b, key), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			fresh := NewCache(dir)
			got, _, err := LoadCached(cfg, fsys, fresh)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Error("load from a spoiled cache differs from Load")
			}
			if s := fresh.Stats(); s.Read != total || s.Reused != 0 {
				t.Errorf("stats = %+v; want all %d files read again, none reused", s, total)
			}
			again := NewCache(dir)
			if _, _, err := LoadCached(cfg, fsys, again); err != nil {
				t.Fatal(err)
			}
			if s := again.Stats(); s.Reused != total {
				t.Errorf("after the rebuild: stats = %+v; want the rewritten cache used", s)
			}
		})
	}
}

// reencode decodes a cache file, changes it with mod and encodes it again
// with a valid checksum.
func reencode(t *testing.T, b []byte, key string, mod func(*diskEntry)) []byte {
	t.Helper()
	e := decodeEntry(b, key)
	if e == nil {
		t.Fatal("cannot decode a cache file just written")
	}
	d, err := diskEntryOf(key, e)
	if err != nil {
		t.Fatal(err)
	}
	mod(&d)
	out, err := encodeDisk(d)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCacheStatPrecheck checks when a Cache takes a file as unchanged from
// its size and modification time alone, without hashing it: only when
// both are what they were and the time is statMargin older than when the
// file was seen. A same-size rewrite that keeps an old time is the one
// documented miss; every other change is read.
func TestCacheStatPrecheck(t *testing.T) {
	old := time.Now().Add(-time.Hour)
	const name = "data/metrics/m.csv"
	before := "iteration,item,acc\nv1,a,1\nv2,a,2\n"
	tests := []struct {
		name       string
		mod        time.Time // of the file at the first load
		after      string
		afterMod   time.Time
		read       int
		staleValue bool // the second load still has the first bytes' values
	}{
		{"same bytes, same old time", old, before, old, 0, false},
		{"same size, same old time: the documented miss", old, "iteration,item,acc\nv1,a,7\nv2,a,2\n", old, 0, true},
		{"same size, new time", old, "iteration,item,acc\nv1,a,7\nv2,a,2\n", old.Add(time.Second), 1, false},
		{"other size, same old time", old, "iteration,item,acc\nv1,a,17\nv2,a,2\n", old, 1, false},
		{"same size, same recent time: hashed", time.Now(), "iteration,item,acc\nv1,a,7\nv2,a,2\n", time.Time{}, 1, false},
		{"no time (MapFS): hashed", time.Time{}, "iteration,item,acc\nv1,a,7\nv2,a,2\n", time.Time{}, 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := config.Default()
			fsys := fstest.MapFS{name: &fstest.MapFile{Data: []byte(before), ModTime: tt.mod}}
			c := NewCache("")
			if _, _, err := LoadCached(cfg, fsys, c); err != nil {
				t.Fatal(err)
			}
			mod := tt.afterMod
			if mod.IsZero() {
				mod = tt.mod
			}
			fsys[name] = &fstest.MapFile{Data: []byte(tt.after), ModTime: mod}
			got, _, err := LoadCached(cfg, fsys, c)
			if err != nil {
				t.Fatal(err)
			}
			if s := c.Stats(); s.Read != tt.read {
				t.Errorf("%d files read (%+v); want %d", s.Read, s, tt.read)
			}
			want, _, err := Load(cfg, fsys)
			if err != nil {
				t.Fatal(err)
			}
			if stale := !reflect.DeepEqual(got, want); stale != tt.staleValue {
				t.Errorf("the cached load differs from Load: %v; want %v", stale, tt.staleValue)
			}
		})
	}
}

// TestLoadCachedDocEdits edits documents between loads through one cache
// and checks each load against Load: the same project (and DocsFront) or
// the same error. A body edit keeps DocsFront; any other edit changes it.
func TestLoadCachedDocEdits(t *testing.T) {
	cfg := loadConfig("testdata/project/config.toml", nil)(t)
	fsys := copyFS(t, "testdata/project")
	const cs = "casestudies/retrieval.md"
	front := string(fsys[cs].Data[:strings.LastIndex(string(fsys[cs].Data), "+++\n")+4])
	for i := range 20 {
		fsys[fmt.Sprintf("casestudies/more-%02d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("+++\ntitle = \"More %d\"\ndate = 2026-01-%02d\n+++\nBody %d.\n", i, i+1, i))}
	}
	c := NewCache("")
	var last [32]byte
	steps := []struct {
		name    string
		edit    func()
		keeps   bool   // DocsFront as before
		wantErr string // "" for none
	}{
		{"first load", func() {}, false, ""},
		{"a body", func() { fsys[cs] = &fstest.MapFile{Data: []byte(front + "New prose.\n")} }, true, ""},
		{"two bodies", func() {
			fsys[cs] = &fstest.MapFile{Data: []byte(front + "Newer prose.\n")}
			fsys["casestudies/more-03.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"More 3\"\ndate = 2026-01-04\n+++\nOther.\n")}
		}, true, ""},
		{"a title", func() {
			fsys[cs] = &fstest.MapFile{Data: []byte(strings.Replace(front, "Does retrieval", "Did retrieval", 1) + "Newer prose.\n")}
		}, false, ""},
		{"a shortcode that names no metric", func() {
			fsys[cs] = &fstest.MapFile{Data: []byte(front + "{{< metric nosuch v1 >}}\n")}
		}, false, "nosuch"},
		{"fixed", func() { fsys[cs] = &fstest.MapFile{Data: []byte(front + "Fixed.\n")} }, false, ""},
		{"a date that moves it", func() {
			fsys["casestudies/more-05.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"More 5\"\ndate = 2027-01-01\n+++\nBody 5.\n")}
		}, false, ""},
		{"a draft", func() {
			fsys["casestudies/more-06.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"More 6\"\ndraft = true\n+++\n")}
		}, false, ""},
		{"a slug taken twice", func() {
			fsys["content/casestudies/more-07.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"Twin\"\n+++\n")}
		}, false, "has the slug casestudies/more-07"},
		{"the twin gone", func() { delete(fsys, "content/casestudies/more-07.md") }, true, ""}, // as before the twin
		{"an unknown iteration", func() {
			fsys["casestudies/more-08.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"More 8\"\niterations = [\"v9\"]\n+++\n")}
		}, false, "v9"},
		{"every body", func() {
			delete(fsys, "casestudies/more-08.md")
			for i := range 20 {
				fsys[fmt.Sprintf("casestudies/more-%02d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("+++\ntitle = \"More %d\"\ndate = 2026-01-%02d\n+++\nAll new %d.\n", i, i+1, i))}
			}
		}, false, ""},
		{"every body again", func() {
			for i := range 20 {
				fsys[fmt.Sprintf("casestudies/more-%02d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("+++\ntitle = \"More %d\"\ndate = 2026-01-%02d\n+++\nAgain %d.\n", i, i+1, i))}
			}
		}, true, ""},
	}
	for _, st := range steps {
		st.edit()
		got, gotW, err := LoadCached(cfg, fsys, c)
		want, wantW, werr := Load(cfg, fsys)
		if fmt.Sprint(err) != fmt.Sprint(werr) {
			t.Fatalf("%s: LoadCached error %v; Load error %v", st.name, err, werr)
		}
		if st.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), st.wantErr) {
				t.Errorf("%s: error %v; want one saying %q", st.name, err, st.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotW, wantW) {
			t.Errorf("%s: LoadCached differs from Load", st.name)
			diffProjects(t, got, want)
		}
		if got.DocsFront == ([32]byte{}) {
			t.Errorf("%s: no DocsFront", st.name)
		}
		if kept := got.DocsFront == last; kept != st.keeps {
			t.Errorf("%s: DocsFront kept %v; want %v", st.name, kept, st.keeps)
		}
		last = got.DocsFront
	}
}

// TestLoadCachedLendsData adds, changes and removes data files between
// loads through one cache and checks each load against Load, and that a
// metric or dimension whose files did not change is the last merge's (the
// same array) while one whose files did is merged anew: a repeat, a gold
// answer that changes in the items file, a second file of a metric.
func TestLoadCachedLendsData(t *testing.T) {
	cfg := loadConfig("testdata/project/config.toml", nil)(t)
	fsys := copyFS(t, "testdata/project")
	ratings := string(fsys["data/annotations/ratings.csv"].Data)
	items := string(fsys["data/items.jsonl"].Data)
	c := NewCache("")
	var last *project.Project
	steps := []struct {
		name       string
		edit       func()
		redoneDims []string // dimensions merged anew; the others are the last load's
		redoneMets []string // metrics likewise
	}{
		{"first load", func() {}, nil, nil},
		{"a file of help", func() {
			fsys["data/annotations/zz.csv"] = &fstest.MapFile{Data: []byte("item,rater,dimension,value,iteration\nq2,cy,help,3,v2\n")}
		}, []string{"help"}, nil},
		{"a repeat in help", func() {
			fsys["data/annotations/zz.csv"] = &fstest.MapFile{Data: []byte("item,rater,dimension,value,iteration\nq1,ana,help,2,v1\n")}
		}, []string{"help"}, nil},
		{"a file of tone only", func() {
			fsys["data/annotations/zz.csv"] = &fstest.MapFile{Data: []byte("item,rater,dimension,value,iteration\nq1,cy,tone,polite,v2\n")}
		}, []string{"help", "tone"}, nil}, // help had a repeat last time: merged anew
		{"nothing else", func() {
			fsys["data/metrics/zz.csv"] = &fstest.MapFile{Data: []byte("iteration,metric,value\nv1,bleu,0.2\n")}
		}, nil, []string{"bleu"}},
		{"a gold answer changed", func() {
			fsys["data/items.jsonl"] = &fstest.MapFile{Data: []byte(strings.Replace(items, `{"help": 4}`, `{"help": 3}`, 1))}
		}, nil, nil},
		{"a rating changed", func() {
			fsys["data/annotations/ratings.csv"] = &fstest.MapFile{Data: []byte(strings.Replace(ratings, "q1,ben,help,4,v1", "q1,ben,help,5,v1", 1))}
		}, []string{"help"}, nil},
		{"a second file of rouge", func() {
			fsys["data/metrics/zz.csv"] = &fstest.MapFile{Data: []byte("iteration,metric,value,item\nv3,rouge,0.4,q1\n")}
		}, nil, []string{"bleu", "rouge"}},
		{"the files gone", func() {
			delete(fsys, "data/metrics/zz.csv")
			delete(fsys, "data/annotations/zz.csv")
		}, []string{"tone"}, []string{"rouge"}},
	}
	for _, st := range steps {
		st.edit()
		got, gotW, err := LoadCached(cfg, fsys, c)
		want, wantW, werr := Load(cfg, fsys)
		if err != nil || werr != nil {
			t.Fatalf("%s: LoadCached error %v, Load error %v", st.name, err, werr)
		}
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotW, wantW) {
			t.Errorf("%s: LoadCached differs from Load", st.name)
			diffProjects(t, got, want)
		}
		if last != nil {
			for _, d := range got.Dimensions {
				i := slices.IndexFunc(last.Dimensions, func(x project.Dimension) bool { return x.Name == d.Name })
				lent := i >= 0 && d.Ratings.Len() > 0 && d.Ratings.Same(&last.Dimensions[i].Ratings)
				if lent == slices.Contains(st.redoneDims, d.Name) {
					t.Errorf("%s: dimension %s lent %v; want %v", st.name, d.Name, lent, !lent)
				}
			}
			for _, m := range got.Metrics {
				i := slices.IndexFunc(last.Metrics, func(x project.Metric) bool { return x.Name == m.Name })
				lent := i >= 0 && m.Values.Len() > 0 && m.Values.Same(&last.Metrics[i].Values)
				if lent == slices.Contains(st.redoneMets, m.Name) {
					t.Errorf("%s: metric %s lent %v; want %v", st.name, m.Name, lent, !lent)
				}
			}
		}
		last = got
	}
}

// TestDimensionColumnsAsAppend checks that the merge, which builds a
// dimension's ratings column by column across the files and drops the
// files' columns as it goes when no cache keeps them, gives every
// dimension the columns and tables that appending its ratings one by one
// gives (project.RatingsOf): ids in order of first use, the time and
// comment columns made as Append makes them. The projects' dimensions
// take ratings from several files, with times and comments. (Leaving an
// iteration out filters the columns, keeping the tables whole.)
func TestDimensionColumnsAsAppend(t *testing.T) {
	commented := cacheProject{"two files, comments, a time with a zone", func(t *testing.T) *config.Config { return config.Default() },
		func(t *testing.T) fs.FS {
			return files{
				"data/annotations/a.csv": "item,rater,dimension,value,iteration,timestamp,comment\n" +
					"q1,ann,help,3,v1,2026-01-02T10:00:00Z,\nq1,bob,help,4,v1,,fine\nq2,ann,tone,ok,v1,2026-01-02T10:01:00Z,\n",
				"data/annotations/b.csv": "item,rater,dimension,value,iteration,timestamp,comment\n" +
					"q2,bob,help,2,v2,2026-01-03T10:00:00+01:00,late\nq3,ann,tone,bad,v2,,\nq1,ann,help,5,v2,2026-01-03T11:00:00Z,\n",
			}.fs()
		}}
	for _, tt := range append(slices.Clone(cacheProjects), commented) {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tt.cfg(t)
			if len(cfg.Project.Exclude) > 0 {
				t.Skip("an iteration left out")
			}
			p, _, err := Load(cfg, tt.fsys(t))
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Dimensions) == 0 {
				t.Skip("no dimension")
			}
			checked := 0
			for _, d := range p.Dimensions {
				got := d.Ratings
				want := project.RatingsOf(got.Slice())
				if got.Len() == 0 {
					continue
				}
				checked++
				if tt.name == commented.name && d.Name == "help" && (got.Time == nil || got.Comment == nil) {
					t.Errorf("dimension help: Time %v, Comment %v; want both made", got.Time, got.Comment)
				}
				for _, c := range []struct {
					name      string
					got, want any
				}{
					{"Item", got.Item, want.Item}, {"Rater", got.Rater, want.Rater}, {"Iteration", got.Iteration, want.Iteration},
					{"Label", got.Label, want.Label}, {"Value", got.Value, want.Value}, {"File", got.File, want.File},
					{"Line", got.Line, want.Line}, {"Time", got.Time, want.Time}, {"Times", got.Times, want.Times},
					{"Comment", got.Comment, want.Comment},
					{"Items", got.Items.Names(), want.Items.Names()}, {"Raters", got.Raters.Names(), want.Raters.Names()},
					{"Iterations", got.Iterations.Names(), want.Iterations.Names()}, {"Labels", got.Labels.Names(), want.Labels.Names()},
					{"Files", got.Files.Names(), want.Files.Names()}, {"Comments", got.Comments.Names(), want.Comments.Names()},
				} {
					if !reflect.DeepEqual(c.got, c.want) {
						t.Errorf("dimension %s: column %s = %v, want %v", d.Name, c.name, c.got, c.want)
					}
				}
			}
			if checked == 0 {
				t.Fatal("no dimension has ratings")
			}
		})
	}
}

// TestLoadCachedChecksNewNames checks that a load through a cache, which
// does not check the names of the metrics and dimensions it takes from the
// last merge again, still finds a name over the limit in a file added to
// a dimension or metric that the last load had, as Load does, and loads
// again once the file is gone.
func TestLoadCachedChecksNewNames(t *testing.T) {
	cfg := loadConfig("testdata/project/config.toml", func(c *config.Config) { c.Limits.NameBytes = 16 })(t)
	fsys := copyFS(t, "testdata/project")
	long := strings.Repeat("x", 17)
	c := NewCache("")
	steps := []struct {
		name    string
		edit    func()
		tooLong bool
	}{
		{"first load", func() {}, false},
		{"a long rater in help", func() {
			fsys["data/annotations/zz.csv"] = &fstest.MapFile{Data: []byte("item,rater,dimension,value,iteration\nq2," + long + ",help,3,v2\n")}
		}, true},
		{"the rater gone", func() { delete(fsys, "data/annotations/zz.csv") }, false},
		{"a short rater in help", func() {
			fsys["data/annotations/zz.csv"] = &fstest.MapFile{Data: []byte("item,rater,dimension,value,iteration\nq2,cy,help,3,v2\n")}
		}, false},
		{"a long item in rouge", func() {
			fsys["data/metrics/zz.csv"] = &fstest.MapFile{Data: []byte("iteration,metric,value,item\nv3,rouge,0.4," + long + "\n")}
		}, true},
		{"the item gone", func() { delete(fsys, "data/metrics/zz.csv") }, false},
	}
	for _, st := range steps {
		st.edit()
		_, _, err := LoadCached(cfg, fsys, c)
		_, _, werr := Load(cfg, fsys)
		if got, want := errors.Is(err, ErrNameTooLong), errors.Is(werr, ErrNameTooLong); got != st.tooLong || want != st.tooLong {
			t.Errorf("%s: LoadCached error %v, Load error %v; want a name too long: %v", st.name, err, werr, st.tooLong)
		}
		if !st.tooLong && (err != nil || werr != nil) {
			t.Errorf("%s: LoadCached error %v, Load error %v", st.name, err, werr)
		}
	}
}
