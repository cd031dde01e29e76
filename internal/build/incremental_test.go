package build

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/evalbook/evalbook/internal/render"
	"github.com/evalbook/evalbook/templates"
)

// TestIncrementalEqualsClean is the rule incremental builds live by: a
// build through a Session that has seen earlier versions of the project
// writes exactly the bytes a clean build of the same inputs writes.
//
// Each seed copies the example project, then applies a random sequence of
// edits (the edits table), one per step; after each step it builds through
// one long-lived session (parses in memory and in a cache folder; every
// third step through a new session on the same folder, as a new process
// would) into the project's site/, over the previous site, and builds
// clean (no session: Site in memory, and without -short also Build into a
// fresh output folder), and compares the sites file by file; it renders
// the site in memory through a second session, as serve does, and
// compares it too. A step whose inputs cannot be built must fail both ways
// with the same error.
//
// With -short, one seed makes every kind of edit once, in a few steps of
// several edits each (shortSteps), so that the quick run builds as often
// as a few single steps do and still meets each kind.
//
// To cover a new kind of reuse (memoised analyses, pages rendered only
// when their inputs change), keep it behind Session; to cover a new kind
// of edit, add a row to edits.
func TestIncrementalEqualsClean(t *testing.T) {
	t.Parallel()
	seeds, steps := []uint64{1, 2, 3}, 10
	if testing.Short() {
		seeds = []uint64{1}
	}
	for _, seed := range seeds {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 11))
			var groups [][]edit
			n := steps
			if testing.Short() {
				groups = shortSteps(rng)
				n = len(groups)
			}
			proj := copyExample(t)
			cacheDir := t.TempDir()
			session := NewSession(cacheDir)
			served := NewSession("") // serve's: the site in memory, its pages' render kept
			clean := checkExample(t, proj, session)
			checkServed(t, proj, served, clean, "the example as it is")
			for step := range n {
				group := []edit{edits[rng.IntN(len(edits))]}
				if groups != nil {
					group = groups[step]
				}
				var did []string
				for _, e := range group {
					did = append(did, e.do(t, rng, proj, step))
				}
				what := strings.Join(did, "; ")
				if step%3 == 2 {
					session = NewSession(cacheDir)
					what += " (a new session on the same cache folder)"
				}
				what = fmt.Sprintf("step %d: %s", step, what)
				if clean := check(t, proj, session, what); clean != nil {
					checkServed(t, proj, served, clean, what)
					continue
				}
				for _, e := range group {
					if e.undo != nil {
						e.undo(t, proj)
					}
				}
			}
		})
	}
}

// shortNarrow is the number of steps of TestIncrementalEqualsClean with
// -short that share out the edits that are neither wide nor undone.
const shortNarrow = 3

// shortSteps returns TestIncrementalEqualsClean's steps with -short: every
// kind of edit once, in random order. Each edit with an undo (one that may
// leave the project unbuildable, which would hide the others' effect) is a
// step of its own, the wide edits one step together, and the others are
// dealt into shortNarrow steps.
func shortSteps(rng *rand.Rand) [][]edit {
	narrow := make([][]edit, shortNarrow)
	var wide, undone [][]edit
	n := 0
	for _, i := range rng.Perm(len(edits)) {
		switch e := edits[i]; {
		case e.undo != nil:
			undone = append(undone, []edit{e})
		case e.wide:
			if wide == nil {
				wide = [][]edit{nil}
			}
			wide[0] = append(wide[0], e)
		default:
			narrow[n%shortNarrow] = append(narrow[n%shortNarrow], e)
			n++
		}
	}
	return slices.Concat(narrow, wide, undone)
}

// check builds proj through session into proj/site and clean, and
// compares the sites; it returns the clean site in memory, or nil when
// both builds failed (with the same error).
func check(t *testing.T, proj string, session *Session, what string) render.Files {
	t.Helper()
	clean, _, cerr := Site(Options{Source: proj})
	return checkAgainst(t, proj, session, clean, cerr, nil, what)
}

// checkExample is check of a copy of the example not yet edited, whose
// clean site is the example's (sharedSite, sharedBuild).
func checkExample(t *testing.T, proj string, session *Session) render.Files {
	t.Helper()
	clean, _ := sharedSite(t, repoRoot)
	var folder map[string][]byte
	if !testing.Short() {
		folder = sharedBuild(t).files
	}
	return checkAgainst(t, proj, session, clean, nil, folder, "the example as it is")
}

// checkAgainst is check with the clean site (or its error) given. Without
// -short it also compares the incremental folder whole with the folder of
// a clean Build: cleanFolder's files (by tree), or, when nil, those of a
// Build into a new folder.
func checkAgainst(t *testing.T, proj string, session *Session, clean render.Files, cerr error, cleanFolder map[string][]byte, what string) render.Files {
	t.Helper()
	site := filepath.Join(proj, "site")
	_, ierr := session.Build(Options{Source: proj, Output: site})
	if ierr != nil || cerr != nil {
		if fmt.Sprint(ierr) != fmt.Sprint(cerr) {
			t.Fatalf("%s: incremental build error %v; clean build error %v", what, ierr, cerr)
		}
		if !testing.Short() {
			if _, err := Build(Options{Source: proj, Output: filepath.Join(t.TempDir(), "site")}); fmt.Sprint(err) != fmt.Sprint(cerr) {
				t.Fatalf("%s: clean build error %v; clean site error %v", what, err, cerr)
			}
		}
		t.Logf("%s: both builds fail: %v", what, ierr)
		return nil
	}
	if err := session.Err(); err != nil {
		t.Fatalf("%s: cache folder: %v", what, err)
	}
	got := tree(t, site)
	sameSite(t, what+": incremental", got, clean)
	if !testing.Short() {
		want := cleanFolder
		if want == nil {
			dir := filepath.Join(t.TempDir(), "site")
			if _, err := Build(Options{Source: proj, Output: dir}); err != nil {
				t.Fatalf("%s: clean build: %v", what, err)
			}
			want = tree(t, dir)
		}
		var diffs []string
		for _, name := range slices.Sorted(mapKeys(want, got)) {
			if !bytes.Equal(got[name], want[name]) {
				diffs = append(diffs, fmt.Sprintf("%s (incremental %d bytes, clean %d bytes)", name, len(got[name]), len(want[name])))
			}
		}
		if len(diffs) > 0 {
			t.Fatalf("%s: the incremental site differs from the clean build's folder in %d files:\n%s", what, len(diffs), strings.Join(diffs, "\n"))
		}
	}
	t.Logf("%s: %d files equal; %s", what, len(clean), session.Stats())
	return clean
}

// checkServed renders proj through session in memory, as serve does
// (SiteParts: the pages given a new nav only in parts, put together
// here), and compares the files with the clean site of proj.
func checkServed(t *testing.T, proj string, session *Session, want render.Files, what string) {
	t.Helper()
	opt := Options{Source: proj}
	parts, _, err := session.SiteParts(opt)
	if err != nil {
		t.Fatalf("%s: served: %v", what, err)
	}
	got := parts.Whole()
	var diffs []string
	for _, name := range slices.Sorted(mapKeys(want, got)) {
		if !bytes.Equal(got[name], want[name]) {
			diffs = append(diffs, name)
		}
	}
	if len(diffs) > 0 {
		t.Fatalf("%s: the served site differs from a clean one in %d files: %v", what, len(diffs), diffs)
	}
	t.Logf("%s: served, %d files equal (%d in parts); %s", what, len(want), len(parts.Spliced), session.Stats())
}

func mapKeys(ms ...map[string][]byte) func(func(string) bool) {
	return func(yield func(string) bool) {
		seen := map[string]bool{}
		for _, m := range ms {
			for k := range m {
				if !seen[k] {
					seen[k] = true
					if !yield(k) {
						return
					}
				}
			}
		}
	}
}

// copyExample copies the example project's inputs (not its site, nor the
// default templates, which are embedded) into a new folder.
func copyExample(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	for _, p := range []string{"config.toml", "data", "casestudies", "content"} {
		err := filepath.WalkDir(filepath.Join(repoRoot, p), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(repoRoot, path)
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			return writeFile(filepath.Join(dst, rel), b)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

func writeFile(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// edit is one kind of change to a project. do makes it and says what it
// did; undo, when set, brings the project back to a buildable state after
// a step whose builds both failed. wide says that the edit changes what
// (nearly) every page shows, so that a session renders every page again:
// with -short, such edits share steps only with each other (shortSteps),
// so that they hide no narrower edit's reuse.
type edit struct {
	name string
	do   func(t *testing.T, rng *rand.Rand, proj string, step int) string
	undo func(t *testing.T, proj string)
	wide bool
}

var edits = []edit{
	{"change a rating", changeRating, nil, false},
	{"add an annotation file", addAnnotations, nil, false},
	{"add ratings of one dimension in one iteration", addDimensionAnnotations, nil, false},
	{"delete a metric file", deleteMetricFile, restoreMetricFiles, false},
	{"edit front matter", editFrontMatter, nil, false},
	{"add a case study", addCaseStudy, nil, true}, // a new route
	{"change a config threshold", changeThreshold, nil, true},
	{"override a template", overrideTemplate, nil, true},
	{"touch a file", touchFile, nil, false},
	{"edit a case study's prose", editProse, nil, false},
	{"change a metric label", changeLabel, nil, true},
	{"comment on a pairwise judgement", commentJudgement, nil, false},
	{"edit an item's input", editItem, nil, false},
}

func read(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func write(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := writeFile(path, b); err != nil {
		t.Fatal(err)
	}
}

// pick returns a random file of proj matching the glob pattern.
func pick(t *testing.T, rng *rand.Rand, proj, pattern string) string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(proj, pattern))
	if err != nil || len(files) == 0 {
		t.Fatalf("no file matches %s: %v", pattern, err)
	}
	slices.Sort(files)
	return files[rng.IntN(len(files))]
}

func rel(proj, path string) string {
	r, _ := filepath.Rel(proj, path)
	return filepath.ToSlash(r)
}

// changeRating gives a random numeric rating of a random annotation file
// another value on the 1-5 scale.
func changeRating(t *testing.T, rng *rand.Rand, proj string, _ int) string {
	f := pick(t, rng, proj, "data/annotations/v*.csv")
	lines := strings.Split(string(read(t, f)), "\n")
	for range 100 {
		i := 1 + rng.IntN(len(lines)-2)
		cells := strings.Split(lines[i], ",")
		if len(cells) < 4 || len(cells[3]) != 1 || cells[3] < "1" || cells[3] > "5" {
			continue
		}
		old := cells[3]
		cells[3] = fmt.Sprint(1 + (int(old[0]-'0')+rng.IntN(3))%5)
		lines[i] = strings.Join(cells, ",")
		write(t, f, []byte(strings.Join(lines, "\n")))
		return fmt.Sprintf("rating on line %d of %s: %s -> %s", i+1, rel(proj, f), old, cells[3])
	}
	t.Fatalf("no numeric rating found in %s", f)
	return ""
}

// commentJudgement writes a comment on one pairwise judgement, which
// changes no analysis result: only the pages showing the judgement.
func commentJudgement(t *testing.T, rng *rand.Rand, proj string, step int) string {
	f := filepath.Join(proj, "data", "annotations", "preferences.csv")
	lines := strings.Split(string(read(t, f)), "\n")
	i := 1 + rng.IntN(len(lines)-2)
	cells := strings.Split(lines[i], ",")
	if len(cells) != 10 {
		t.Fatalf("preferences.csv:%d: %d cells", i+1, len(cells))
	}
	cells[9] = fmt.Sprintf("comment %d", step)
	lines[i] = strings.Join(cells, ",")
	write(t, f, []byte(strings.Join(lines, "\n")))
	return fmt.Sprintf("comment on line %d of preferences.csv", i+1)
}

// addAnnotations adds a file of ratings by a new rater of some items of an
// iteration on the numeric dimensions.
func addAnnotations(t *testing.T, rng *rand.Rand, proj string, step int) string {
	iter := fmt.Sprint("v", 1+rng.IntN(6))
	var b strings.Builder
	b.WriteString("item,rater,dimension,value,iteration\n")
	for i := range 1 + rng.IntN(20) {
		item := fmt.Sprintf("g%02d", 1+i)
		fmt.Fprintf(&b, "%s,extra%d,factuality,%d,%s\n", item, step, 1+rng.IntN(5), iter)
		fmt.Fprintf(&b, "%s,extra%d,helpfulness,%d,%s\n", item, step, 1+rng.IntN(5), iter)
	}
	name := fmt.Sprintf("data/annotations/zz-extra-%d.csv", step)
	write(t, filepath.Join(proj, name), []byte(b.String()))
	return "added " + name
}

// addDimensionAnnotations adds an annotation file of ratings by one new
// rater on one dimension in one iteration, as an annotation export does.
func addDimensionAnnotations(t *testing.T, rng *rand.Rand, proj string, step int) string {
	iter := fmt.Sprint("v", 1+rng.IntN(6))
	dim := []string{"factuality", "helpfulness"}[rng.IntN(2)]
	var b strings.Builder
	b.WriteString("item,rater,dimension,value,iteration\n")
	for i := range 1 + rng.IntN(20) {
		fmt.Fprintf(&b, "g%02d,late%d,%s,%d,%s\n", 1+i, step, dim, 1+rng.IntN(5), iter)
	}
	name := fmt.Sprintf("data/annotations/zz-late-%d.csv", step)
	write(t, filepath.Join(proj, name), []byte(b.String()))
	return "added " + name + " (" + dim + ", " + iter + ")"
}

// deleteMetricFile deletes a metric file, keeping a copy for undo.
func deleteMetricFile(t *testing.T, rng *rand.Rand, proj string, _ int) string {
	f := pick(t, rng, proj, "data/metrics/*.csv")
	write(t, filepath.Join(proj, ".deleted", rel(proj, f)), read(t, f))
	if err := os.Remove(f); err != nil {
		t.Fatal(err)
	}
	return "deleted " + rel(proj, f)
}

func restoreMetricFiles(t *testing.T, proj string) {
	dir := filepath.Join(proj, ".deleted")
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		write(t, filepath.Join(proj, rel(dir, path)), read(t, path))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(dir)
}

var titleLine = regexp.MustCompile(`(?m)^title = ".*"$`)
var summaryLine = regexp.MustCompile(`(?m)^summary = ".*"$`)

// editFrontMatter changes the title or the summary of a case study or a
// content page.
func editFrontMatter(t *testing.T, rng *rand.Rand, proj string, step int) string {
	f := pick(t, rng, proj, []string{"casestudies/*.md", "content/decisions/*.md"}[rng.IntN(2)])
	b := read(t, f)
	re, key := titleLine, "title"
	if rng.IntN(2) == 0 && summaryLine.Match(b) {
		re, key = summaryLine, "summary"
	}
	b = re.ReplaceAll(b, []byte(fmt.Sprintf(`%s = "Edited at step %d <em>&amp;</em>"`, key, step)))
	write(t, f, b)
	return "edited the " + key + " of " + rel(proj, f)
}

// addCaseStudy adds a case study about two iterations.
func addCaseStudy(t *testing.T, rng *rand.Rand, proj string, step int) string {
	a := 1 + rng.IntN(5)
	name := fmt.Sprintf("casestudies/added-%d.md", step)
	body := fmt.Sprintf("+++\ntitle = \"Added %d\"\ndate = 2026-03-%02d\nsummary = \"A case study added by the test.\"\niterations = [\"v%d\", \"v%d\"]\nmetrics = [\"answer_accuracy\"]\n+++\n\nSome *prose* about v%d.\n",
		step, 1+rng.IntN(28), a, a+1, a)
	write(t, filepath.Join(proj, name), []byte(body))
	return "added " + name
}

var thresholdLine = regexp.MustCompile(`(?m)^(max_regression(?:_rel)?) = ([0-9.]+)$`)

// changeThreshold changes one max_regression threshold of config.toml.
func changeThreshold(t *testing.T, rng *rand.Rand, proj string, _ int) string {
	f := filepath.Join(proj, "config.toml")
	b := read(t, f)
	all := thresholdLine.FindAllIndex(b, -1)
	if len(all) == 0 {
		t.Fatal("config.toml has no max_regression threshold")
	}
	m := all[rng.IntN(len(all))]
	old := string(b[m[0]:m[1]])
	key, _, _ := strings.Cut(old, " = ")
	repl := fmt.Sprintf("%s = %.3f", key, 0.001+rng.Float64()*0.5)
	write(t, f, slices.Concat(b[:m[0]], []byte(repl), b[m[1]:]))
	return "config.toml: " + old + " -> " + repl
}

// overrideTemplate gives the project its own copy of a default template or
// asset, changed.
func overrideTemplate(t *testing.T, rng *rand.Rand, proj string, step int) string {
	choices := []struct{ name, add string }{
		{"partials/footer.html", "<!-- step %d -->"},
		{"assets/style.css", "\n/* step %d */\n"},
	}
	c := choices[rng.IntN(len(choices))]
	b, err := fs.ReadFile(templates.FS, c.name)
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, fmt.Sprintf(c.add, step)...)
	write(t, filepath.Join(proj, "templates", c.name), b)
	return "overrode templates/" + c.name
}

// touchFile rewrites a random input file with the same bytes and a new
// modification time.
func touchFile(t *testing.T, rng *rand.Rand, proj string, _ int) string {
	f := pick(t, rng, proj, []string{"data/annotations/*.csv", "data/metrics/*.csv", "casestudies/*.md", "config.toml", "data/items.jsonl"}[rng.IntN(5)])
	write(t, f, read(t, f))
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(f, later, later); err != nil {
		t.Fatal(err)
	}
	return "touched " + rel(proj, f)
}

// editProse appends a paragraph to the body of a case study or a content
// page, leaving its front matter as it is.
func editProse(t *testing.T, rng *rand.Rand, proj string, step int) string {
	f := pick(t, rng, proj, []string{"casestudies/*.md", "content/decisions/*.md"}[rng.IntN(2)])
	write(t, f, append(read(t, f), fmt.Sprintf("\nA paragraph added at step %d, with *emphasis* & <b>markup</b>.\n", step)...))
	return "edited the prose of " + rel(proj, f)
}

var labelLine = regexp.MustCompile(`(?m)^label = ".*"$`)

// changeLabel gives a metric or dimension of config.toml another label.
func changeLabel(t *testing.T, rng *rand.Rand, proj string, step int) string {
	f := filepath.Join(proj, "config.toml")
	b := read(t, f)
	all := labelLine.FindAllIndex(b, -1)
	if len(all) == 0 {
		t.Fatal("config.toml has no label")
	}
	m := all[rng.IntN(len(all))]
	old := string(b[m[0]:m[1]])
	repl := fmt.Sprintf("label = \"Label %d <&>\"", step)
	write(t, f, slices.Concat(b[:m[0]], []byte(repl), b[m[1]:]))
	return "config.toml: " + old + " -> " + repl
}

// TestProseEditRendersItsPage checks that after an edit of one case
// study's prose a session renders that page only, reuses the JSON API and
// recomputes no analysis, and that the page shows the edit.
func TestProseEditRendersItsPage(t *testing.T) {
	t.Parallel()
	proj := copyExample(t)
	s := NewSession("")
	opt := Options{Source: proj}
	if _, _, err := s.Site(opt); err != nil {
		t.Fatal(err)
	}
	first := s.Stats().Pages
	if first.Rendered != first.Pages || first.Pages < 100 {
		t.Fatalf("first build: %s; want every page rendered", first)
	}
	matches, _ := filepath.Glob(filepath.Join(proj, "casestudies", "*.md"))
	if len(matches) == 0 {
		t.Fatal("the example has no case studies")
	}
	slices.Sort(matches)
	f := matches[0]
	write(t, f, append(read(t, f), "\nA sentence only this edit wrote.\n"...))
	files, a, err := s.Site(opt)
	if err != nil {
		t.Fatal(err)
	}
	st := s.Stats()
	// The case study's page, and the search page, which names the search
	// index by the hash of its content.
	if st.Pages.Rendered != 2 || st.Pages.API || st.Pages.Pages != first.Pages {
		t.Errorf("after a prose edit: %s; want pages: 2 of %d rendered (the page and search.html); api reused", st.Pages, first.Pages)
	}
	if redone, _ := a.Redone.Counts(); redone != 0 {
		t.Errorf("after a prose edit the analyses redid %s", a.Redone)
	}
	if !st.Pages.Reused {
		t.Errorf("after a prose edit the render built its model again; want the last one reused")
	}
	page := "casestudies/" + strings.TrimSuffix(filepath.Base(f), ".md") + ".html"
	if !bytes.Contains(files[page], []byte("A sentence only this edit wrote.")) {
		t.Errorf("%s does not show the edit", page)
	}
}

// TestNarrowedDeps checks what an edit of one rating re-renders through a
// session: that item's page and no other item's, the document citing the
// edited dimension in a shortcode and not the one citing the other
// dimension; and that the site equals a clean build's after each edit.
func TestNarrowedDeps(t *testing.T) {
	t.Parallel()
	proj := copyExample(t)
	for dim, other := range map[string]string{"factuality": "helpfulness", "helpfulness": "factuality"} {
		write(t, filepath.Join(proj, "casestudies", "cites-"+dim+".md"), fmt.Appendf(nil,
			"+++\ntitle = \"Cites %s\"\ndate = 2026-03-01\n+++\n\nThe mean: {{< metric %s v3 >}}. Not %s.\n", dim, dim, other))
	}
	s := NewSession("")
	opt := Options{Source: proj}
	prev, _, err := s.Site(opt)
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(proj, "data", "annotations", "v3.csv")
	for _, tc := range []struct{ dim, other string }{{"factuality", "helpfulness"}, {"helpfulness", "factuality"}} {
		lines := strings.Split(string(read(t, f)), "\n")
		item := ""
		for i, l := range lines {
			cells := strings.Split(l, ",")
			if len(cells) > 3 && cells[2] == tc.dim {
				item = cells[0]
				v := map[string]string{"1": "2", "2": "3", "3": "2", "4": "3", "5": "4"}[cells[3]]
				if v == "" {
					t.Fatalf("v3.csv:%d: value %q", i+1, cells[3])
				}
				cells[3] = v
				lines[i] = strings.Join(cells, ",")
				break
			}
		}
		if item == "" {
			t.Fatalf("v3.csv has no rating of %s", tc.dim)
		}
		write(t, f, []byte(strings.Join(lines, "\n")))
		files, _, err := s.Site(opt)
		if err != nil {
			t.Fatal(err)
		}
		st := s.Stats().Pages
		t.Logf("a rating of %s on %s: %s", item, tc.dim, st)
		rendered := map[string]bool{}
		for _, p := range st.Paths {
			rendered[p] = true
		}
		if !rendered["items/"+item+".html"] {
			t.Errorf("a rating of %s on %s: its item page was not rendered", item, tc.dim)
		}
		// Other items' pages show the edit only through the disagreement
		// lists, whose gaps are ranks among every item.
		kinds := map[string]int{}
		for _, p := range st.Paths {
			kinds[strings.SplitN(p, "/", 2)[0]]++
			if strings.HasPrefix(p, "items/") && p != "items/"+item+".html" && p != "items/index.html" &&
				!bytes.Contains(prev[p], []byte(`id="discrepancy"`)) {
				t.Errorf("a rating of %s on %s rendered %s, which is in no disagreement list", item, tc.dim, p)
			}
		}
		t.Logf("rendered by folder: %v", kinds)
		if !rendered["casestudies/cites-"+tc.dim+".html"] {
			t.Errorf("a rating on %s did not render the case study citing it", tc.dim)
		}
		if rendered["casestudies/cites-"+tc.other+".html"] {
			t.Errorf("a rating on %s rendered the case study citing %s only", tc.dim, tc.other)
		}
		if st.Rendered*2 > st.Pages {
			t.Errorf("a rating on %s: %s; want fewer than half the pages", tc.dim, st)
		}
		clean, _, err := Site(opt)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range slices.Sorted(mapKeys(files, clean)) {
			if !bytes.Equal(files[name], clean[name]) {
				t.Errorf("a rating on %s: %s differs from a clean build", tc.dim, name)
			}
		}
		prev = files
	}
}

// TestAnnotationFileNarrowed adds an annotation file of ratings on one
// dimension in one iteration through a session and checks what is
// rendered again: the rated items' pages, the dimension's page and the
// iteration's page; not the other dimensions' pages, their discrepancy
// pairs' pages, nor the pages of the iterations before it (their rows did
// not change); and that the site equals a clean build's.
// TestCommentJudgement checks that a comment written on a pairwise
// judgement, which changes no analysis result, reaches the judgement's
// page through a session (its pairwise dimension's fingerprint holds its
// judgements whole; before, no fingerprint held them, and the page was
// kept stale). The session renders in memory (checkInMemory).
func TestCommentJudgement(t *testing.T) {
	t.Parallel()
	proj := copyExample(t)
	s := NewSession("")
	example, _ := sharedSite(t, repoRoot)
	checkServed(t, proj, s, example, "the example as it is")
	checkInMemory(t, proj, s, commentJudgement(t, rand.New(rand.NewPCG(1, 2)), proj, 0))
}

// checkInMemory renders proj through session in memory and clean (Site),
// and compares the sites (checkServed): for the tests of one kind of
// reuse, which need no folder (TestIncrementalEqualsClean writes one).
func checkInMemory(t *testing.T, proj string, session *Session, what string) {
	t.Helper()
	clean, _, err := Site(Options{Source: proj})
	if err != nil {
		t.Fatalf("%s: clean site: %v", what, err)
	}
	checkServed(t, proj, session, clean, what)
}

func TestAnnotationFileNarrowed(t *testing.T) {
	t.Parallel()
	proj := copyExample(t)
	s := NewSession("")
	opt := Options{Source: proj}
	prev, _, err := s.Site(opt)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("item,rater,dimension,value,iteration\n")
	// Items already rated on factuality in v4, so that no page is added
	// (a new page changes the route table, which every page shows).
	var rated []string
	for _, l := range strings.Split(string(read(t, filepath.Join(proj, "data", "annotations", "v4.csv"))), "\n") {
		if c := strings.Split(l, ","); len(c) > 4 && c[2] == "factuality" && c[4] == "v4" && !slices.Contains(rated, c[0]) && len(rated) < 12 {
			rated = append(rated, c[0])
		}
	}
	if len(rated) < 12 {
		t.Fatalf("v4.csv rates %d items on factuality", len(rated))
	}
	for i, item := range rated {
		for r := range 3 {
			fmt.Fprintf(&b, "%s,late%d,factuality,%d,v4\n", item, r, 1+(i+r)%5)
		}
	}
	write(t, filepath.Join(proj, "data", "annotations", "zz-late.csv"), []byte(b.String()))
	files, _, err := s.Site(opt)
	if err != nil {
		t.Fatal(err)
	}
	st := s.Stats().Pages
	t.Logf("%s: %v", st, st.Paths)
	for name := range mapKeys(files, prev) {
		if prev[name] == nil || files[name] == nil {
			t.Errorf("%s was added or removed; the edit must keep the route table", name)
		}
	}
	rendered := map[string]bool{}
	for _, p := range st.Paths {
		rendered[p] = true
	}
	want := []string{"dimensions/factuality.html", "iterations/v4.html"}
	for _, item := range rated {
		want = append(want, "items/"+item+".html")
	}
	for _, p := range want {
		if !rendered[p] {
			t.Errorf("%s was not rendered", p)
		}
	}
	// The case-study index reads the verdicts, which late factuality
	// ratings leave as they are, not every dimension's results.
	for _, p := range []string{"dimensions/helpfulness.html", "dimensions/tone.html", "iterations/v1.html", "iterations/v2.html", "iterations/v3.html", "casestudies/index.html"} {
		if rendered[p] {
			t.Errorf("%s was rendered", p)
		}
	}
	for p := range rendered {
		if strings.HasPrefix(p, "discrepancy/") && strings.Count(p, "/") == 2 && !strings.HasSuffix(p, "/factuality.html") && !strings.HasSuffix(p, "/index.html") {
			t.Errorf("%s, a pair of another dimension, was rendered", p)
		}
	}
	clean, _, err := Site(opt)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range slices.Sorted(mapKeys(files, clean)) {
		if !bytes.Equal(files[name], clean[name]) {
			t.Errorf("%s differs from a clean build", name)
		}
	}
}

// editItem puts a word before the input of a random item of items.jsonl.
func editItem(t *testing.T, rng *rand.Rand, proj string, step int) string {
	f := filepath.Join(proj, "data", "items.jsonl")
	lines := strings.Split(string(read(t, f)), "\n")
	i := rng.IntN(len(lines) - 1)
	if !strings.Contains(lines[i], `"input":"`) {
		t.Fatalf("items.jsonl:%d has no input", i+1)
	}
	lines[i] = strings.Replace(lines[i], `"input":"`, fmt.Sprintf(`"input":"Edited %d: `, step), 1)
	write(t, f, []byte(strings.Join(lines, "\n")))
	return fmt.Sprintf("the input of the item on line %d of items.jsonl", i+1)
}

// TestItemEditEqualsClean edits an item's input, then adds an annotation
// file (the items merged again, equal to the last build's), checking the
// incremental site against a clean build after each: the item sums are
// kept only while the items are equal (render's sameItems). The session
// renders in memory (checkInMemory).
func TestItemEditEqualsClean(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 11))
	proj := copyExample(t)
	session := NewSession("")
	example, _ := sharedSite(t, repoRoot)
	checkServed(t, proj, session, example, "the example as it is")
	checkInMemory(t, proj, session, editItem(t, rng, proj, 1))
	checkInMemory(t, proj, session, addDimensionAnnotations(t, rng, proj, 2))
}
