package project

import (
	"reflect"
	"testing"
	"time"
)

func TestValuesRoundTrip(t *testing.T) {
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name string
		rows []MetricValue
	}{
		{"none", nil},
		{"no times", []MetricValue{
			{Iteration: "a", Item: "q1", Slice: "x", Value: 1, Pos: Pos{"m.csv", 2}},
			{Iteration: "a", Item: "", Value: 0.5, Pos: Pos{"m.csv", 3}},
			{Iteration: "b", Item: "q1", Slice: "x", Value: -2, Pos: Pos{"n.csv", 2}},
		}},
		{"a time after the first value", []MetricValue{
			{Iteration: "a", Item: "q1", Value: 1, Pos: Pos{"m.csv", 2}},
			{Iteration: "b", Item: "q2", Value: 2, Time: t0, Pos: Pos{"m.csv", 3}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ValuesOf(tt.rows)
			if c.Len() != len(tt.rows) {
				t.Fatalf("Len %d; want %d", c.Len(), len(tt.rows))
			}
			for i, want := range tt.rows {
				if got := c.At(i); !reflect.DeepEqual(got, want) {
					t.Errorf("At(%d) = %+v; want %+v", i, got, want)
				}
				if got := c.Pos(i); got != want.Pos {
					t.Errorf("Pos(%d) = %v; want %v", i, got, want.Pos)
				}
			}
			if len(tt.rows) > 0 && c.Items.Len() > len(tt.rows) {
				t.Errorf("%d items interned for %d values", c.Items.Len(), len(tt.rows))
			}
		})
	}
}

// TestAppendValues joins columns with their own tables (a merge of two
// files) and with shared ones (the metrics of one file), and checks that
// the ids are renumbered, the times padded, and the sources left alone.
func TestAppendValues(t *testing.T) {
	t0 := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	a := ValuesOf([]MetricValue{{Iteration: "a", Item: "q1", Value: 1, Pos: Pos{"1.csv", 2}}})
	b := ValuesOf([]MetricValue{
		{Iteration: "b", Item: "q2", Value: 2, Time: t0, Pos: Pos{"2.csv", 2}},
		{Iteration: "a", Item: "q1", Value: 3, Pos: Pos{"2.csv", 3}},
	})
	var c Values
	c.AppendValues(&a)
	c.AppendValues(&b)
	want := append(a.Rows(), b.Rows()...)
	if got := c.Rows(); !reflect.DeepEqual(got, want) {
		t.Fatalf("joined %+v; want %+v", got, want)
	}
	if c.Items == a.Items || c.Items == b.Items {
		t.Error("the join took a source's tables")
	}
	if c.Items.Len() != 2 || c.Item[0] != c.Item[2] {
		t.Errorf("items %v with ids %v; want q1 once, shared by values 0 and 2", c.Items.Names(), c.Item)
	}
	if a.Len() != 1 || b.Len() != 2 || a.Items.Len() != 1 {
		t.Errorf("sources changed: %d and %d values, %d items in a", a.Len(), b.Len(), a.Items.Len())
	}
	// Shared tables: ids are copied as they are.
	s := Values{ValueTables: b.ValueTables}
	s.AppendValues(&b)
	if got := s.Rows(); !reflect.DeepEqual(got, b.Rows()) {
		t.Errorf("shared tables: %+v; want %+v", got, b.Rows())
	}
}

func TestValuesFilter(t *testing.T) {
	c := ValuesOf([]MetricValue{
		{Iteration: "a", Item: "q1", Value: 1},
		{Iteration: "b", Item: "q1", Value: 2},
		{Iteration: "a", Item: "q2", Value: 3},
	})
	got := c.Filter(func(i int) bool { return c.IterationName(i) == "a" })
	want := []MetricValue{c.At(0), c.At(2)}
	if !reflect.DeepEqual(got.Rows(), want) {
		t.Errorf("Filter = %+v; want %+v", got.Rows(), want)
	}
	if c.Len() != 3 {
		t.Errorf("Filter changed its source: %d values", c.Len())
	}
	if none := c.Filter(func(int) bool { return false }); none.Len() != 0 {
		t.Errorf("Filter of nothing kept %d", none.Len())
	}
	if !c.Same(&c) || got.Same(&c) {
		t.Error("Same: wrong answer")
	}
}
