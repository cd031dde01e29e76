package ingest

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/safetext"
	"github.com/evalbook/evalbook/internal/tomlfile"
)

// iterationsFile is the schema of the iterations file.
type iterationsFile struct {
	Iteration []struct {
		ID          string    `toml:"id"`
		Date        time.Time `toml:"date"`
		Baseline    string    `toml:"baseline"`
		Description string    `toml:"description"`
		Round       string    `toml:"round"`     // shape "rounds": the round the iteration is a candidate in
		Reference   bool      `toml:"reference"` // the reference system of its round
	} `toml:"iteration"`
}

// iterationsResult is what the iterations file holds.
type iterationsResult struct {
	file  string
	list  []project.Iteration // in file order
	lines []int               // line of each [[iteration]] header, 0 when unknown
	src   string
	err   error
}

// readIterations reads and checks the iterations file: every entry has a
// unique id, and baselines name other entries without forming a cycle.
func readIterations(fsys fs.FS, file string) *iterationsResult {
	res := &iterationsResult{file: file}
	b, err := fs.ReadFile(fsys, file)
	b = safetext.Bytes(b)
	if err != nil {
		res.err = fmt.Errorf("%s: %w", file, err)
		return res
	}
	res.src = strings.TrimPrefix(string(b), bom)
	var doc iterationsFile
	if _, err := tomlfile.Decode(res.src, file, 1, &doc); err != nil {
		res.err = err
		return res
	}
	res.lines = tableLines(res.src, "iteration")
	for i, e := range doc.Iteration {
		res.list = append(res.list, project.Iteration{
			ID: strings.TrimSpace(e.ID), Order: i, Date: wallClockUTC(e.Date),
			Baseline: strings.TrimSpace(e.Baseline), Description: e.Description,
			Round: strings.TrimSpace(e.Round), Reference: e.Reference,
		})
	}
	res.err = res.check()
	return res
}

// check validates ids and baselines.
func (res *iterationsResult) check() error {
	index := map[string]int{}
	for i, it := range res.list {
		if it.ID == "" {
			return errorf(res.file, res.line(i, "id"), 0, "iteration has no id")
		}
		if j, dup := index[it.ID]; dup {
			return errorf(res.file, res.line(i, "id"), 0, "iteration %q is listed twice (first on line %d)", it.ID, res.line(j, ""))
		}
		index[it.ID] = i
	}
	for i, it := range res.list {
		if it.Baseline == "" {
			continue
		}
		if _, ok := index[it.Baseline]; !ok {
			return errorf(res.file, res.line(i, "baseline"), 0, "iteration %q: baseline %q is not an iteration in this file", it.ID, it.Baseline)
		}
	}
	for i := range res.list {
		if cycle := res.cycle(i, index); cycle != nil {
			return errorf(res.file, res.line(i, "baseline"), 0, "baseline cycle: %s", strings.Join(cycle, " -> "))
		}
	}
	return nil
}

// cycle follows the baselines from entry i and returns the path when it
// comes back to i, or nil.
func (res *iterationsResult) cycle(i int, index map[string]int) []string {
	path := []string{res.list[i].ID}
	for j := i; res.list[j].Baseline != ""; {
		j = index[res.list[j].Baseline]
		path = append(path, res.list[j].ID)
		if j == i {
			return path
		}
		if len(path) > len(res.list) {
			return nil // a cycle that does not pass through i
		}
	}
	return nil
}

// line returns the line of key in entry i, else the entry's header line.
func (res *iterationsResult) line(i int, key string) int {
	if i >= len(res.lines) || res.lines[i] == 0 {
		return 0
	}
	if key == "" {
		return res.lines[i]
	}
	lines := strings.Split(res.src, "\n")
	for n := res.lines[i]; n < len(lines); n++ {
		l := strings.TrimSpace(lines[n])
		if strings.HasPrefix(l, "[") {
			break
		}
		if k, _, ok := strings.Cut(l, "="); ok && strings.Trim(strings.TrimSpace(k), `"'`) == key {
			return n + 1
		}
	}
	return res.lines[i]
}

// tableLines returns the 1-based lines of the [[name]] headers of src.
func tableLines(src, name string) []int {
	var lines []int
	for i, l := range strings.Split(src, "\n") {
		l = strings.TrimSpace(l)
		if j := strings.Index(l, "#"); j >= 0 {
			l = strings.TrimSpace(l[:j])
		}
		if strings.HasPrefix(l, "[[") && strings.TrimSpace(strings.Trim(l, "[]")) == name {
			lines = append(lines, i+1)
		}
	}
	return lines
}

// wallClockUTC returns a TOML local date or date-time (decoded in the
// machine's zone) as the same wall-clock time in UTC, and any other time in
// UTC, so output does not depend on where it is built.
func wallClockUTC(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	switch name, _ := t.Zone(); name {
	case "date-local", "datetime-local":
		y, m, d := t.Date()
		return time.Date(y, m, d, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	}
	return t.UTC()
}

// iterations returns the project's iterations: those of the iterations file
// when there is one, else those seen in the data.
func (l *loader) iterations(seen *iterSeen) ([]project.Iteration, error) {
	if l.iters == nil {
		return inferIterations(seen), nil
	}
	if l.iters.err != nil {
		return nil, l.iters.err
	}
	list := slices.Clone(l.iters.list) // dates are filled in below; the parse may be cached
	known := map[string]int{}
	for i, it := range list {
		known[it.ID] = i
	}
	for _, id := range seen.order {
		in := seen.info[id]
		i, ok := known[id]
		if !ok {
			return nil, errorf(in.pos.File, in.pos.Line, in.col, "iteration %q is not listed in %s", id, l.iters.file)
		}
		if list[i].Date.IsZero() {
			list[i].Date = in.earliest
		}
	}
	return list, nil
}

// inferIterations orders the iterations seen in the data by their earliest
// timestamps when every one has a timestamp, else by first appearance.
func inferIterations(seen *iterSeen) []project.Iteration {
	ids := slices.Clone(seen.order)
	dated := true
	for _, id := range ids {
		dated = dated && !seen.info[id].earliest.IsZero()
	}
	if dated {
		slices.SortStableFunc(ids, func(a, b string) int {
			return seen.info[a].earliest.Compare(seen.info[b].earliest)
		})
	}
	list := make([]project.Iteration, len(ids))
	for i, id := range ids {
		list[i] = project.Iteration{ID: id, Order: i, Date: seen.info[id].earliest}
	}
	return list
}
