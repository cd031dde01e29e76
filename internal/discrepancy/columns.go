package discrepancy

// Units are the joined units of one pair as columns, in unit order: the
// dimension's consensus, which every pair of the dimension shares, the
// places of the joined units in it, and the metric's value on each. A
// unit costs the pair 8 bytes (12 when the metric misses some of the
// dimension's units), not a struct of names. The zero value holds none.
type Units struct {
	cons   *consensusUnits
	at     []int32 // the place of each joined unit in cons; nil when every unit is joined
	metric []float64
}

// Len returns the number of joined units.
func (u Units) Len() int { return len(u.metric) }

// place returns the place in the consensus of joined unit i.
func (u Units) place(i int) int {
	if u.at == nil {
		return i
	}
	return int(u.at[i])
}

// Item returns the item of unit i.
func (u Units) Item(i int) string { return u.cons.items.Name(u.itemID(i)) }

// itemID returns the id of unit i's item in the dimension's table.
func (u Units) itemID(i int) int32 { return u.cons.item[u.place(i)] }

// Iteration returns the iteration of unit i.
func (u Units) Iteration(i int) string { return u.cons.iterations.Name(u.iterationID(i)) }

// iterationID returns the id of unit i's iteration in the dimension's
// table.
func (u Units) iterationID(i int) int32 { return u.cons.iteration[u.place(i)] }

// Metric returns the metric's value on unit i.
func (u Units) Metric(i int) float64 { return u.metric[i] }

// Consensus returns the consensus on unit i; a label's position for a
// label dimension.
func (u Units) Consensus(i int) float64 { return u.cons.values[u.place(i)] }

// Label returns the consensus label of unit i for a label dimension, else
// "".
func (u Units) Label(i int) string {
	if u.cons.labels == nil {
		return ""
	}
	return u.cons.labels[u.place(i)]
}

// Iterations returns the iterations of the units in unit order, each once.
func (u Units) Iterations() []string {
	var out []string
	for i := range u.Len() {
		if i == 0 || u.iterationID(i) != u.iterationID(i-1) {
			out = append(out, u.Iteration(i))
		}
	}
	return out
}

// Same reports whether u and v are the very same columns, as the analysis
// hands over a pair it did not redo: then they hold the same units,
// without reading them.
func (u Units) Same(v Units) bool {
	return u.cons == v.cons && sameArray(u.at, v.at) && sameArray(u.metric, v.metric)
}

// sameArray reports whether a and b are the same array, whole.
func sameArray[T any](a, b []T) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}
