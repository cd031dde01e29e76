package fingerprint

import (
	"math"
	"testing"
	"time"
)

type node struct {
	Name string
	X    float64
	M    map[string]int
	Next *node
	t    time.Time
	any  any
}

// TestValue checks that Value tells apart what differs, and only that.
func TestValue(t *testing.T) {
	sum := func(v any) Sum { return New("t").Value(v).Done() }
	at := time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
	base := func() *node {
		n := &node{Name: "a", X: math.NaN(), M: map[string]int{"x": 1, "y": 2, "z": 3}, t: at, any: []int{1}}
		n.Next = n // a cycle
		return n
	}
	if sum(base()) != sum(base()) {
		t.Fatal("equal values differ (map order or NaN leaked)")
	}
	edits := map[string]func(n *node){
		"name":      func(n *node) { n.Name = "b" },
		"float":     func(n *node) { n.X = 1 },
		"map value": func(n *node) { n.M["y"] = 5 },
		"map key":   func(n *node) { delete(n.M, "z"); n.M["w"] = 3 },
		"pointer":   func(n *node) { n.Next = nil },
		"time":      func(n *node) { n.t = at.Add(time.Nanosecond) },
		"interface": func(n *node) { n.any = []int{2} },
		"type":      func(n *node) { n.any = []int64{1} },
	}
	for name, edit := range edits {
		n := base()
		edit(n)
		if sum(n) == sum(base()) {
			t.Errorf("edit of the %s: same fingerprint", name)
		}
	}
	if sum([]string{"ab", "c"}) == sum([]string{"a", "bc"}) {
		t.Error("strings are not length-prefixed")
	}
}
