package project

// Intern is a table of distinct strings, each numbered by a small integer
// id in order of first appearance: the names of a column (items, raters,
// iterations, labels, files) held once, however many rows name them. The
// zero value is an empty table, ready to use. A table is filled while its
// columns are built and read-only from then on.
type Intern struct {
	names []string
	ids   map[string]int32
}

// ID returns the id of s, adding s when it is new.
func (t *Intern) ID(s string) int32 {
	if id, ok := t.ids[s]; ok {
		return id
	}
	if t.ids == nil {
		t.ids = map[string]int32{}
	}
	id := int32(len(t.names))
	t.names = append(t.names, s)
	t.ids[s] = id
	return id
}

// Lookup returns the id of s and whether the table has it.
func (t *Intern) Lookup(s string) (int32, bool) {
	if t == nil {
		return 0, false
	}
	id, ok := t.ids[s]
	return id, ok
}

// Name returns the string numbered id.
func (t *Intern) Name(id int32) string { return t.names[id] }

// Len returns the number of distinct strings.
func (t *Intern) Len() int {
	if t == nil {
		return 0
	}
	return len(t.names)
}

// Names returns the strings in id order; the caller must not modify it.
func (t *Intern) Names() []string {
	if t == nil {
		return nil
	}
	return t.names
}

func grow[T any](s []T, n int) []T {
	if cap(s)-len(s) >= n {
		return s
	}
	out := make([]T, len(s), len(s)+n)
	copy(out, s)
	return out
}

func pick[T any](s []T, idx []int) []T {
	out := make([]T, len(idx))
	for k, i := range idx {
		out[k] = s[i]
	}
	return out
}
