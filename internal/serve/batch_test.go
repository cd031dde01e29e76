package serve

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// TestBatchDue drives the coalescing state machine with a fake clock:
// events at the given offsets, and when the batch is due.
func TestBatchDue(t *testing.T) {
	const quiet, max = 100 * time.Millisecond, time.Second
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ms := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Millisecond) }
	tests := []struct {
		name   string
		events []int // milliseconds after t0
		due    int
	}{
		{"one save", []int{0}, 100},
		{"a save in three events", []int{0, 2, 5}, 105},
		{"events just inside the quiet period keep extending it", []int{0, 90, 180, 270}, 370},
		{"a steady stream is cut at the max delay", []int{0, 90, 180, 270, 360, 450, 540, 630, 720, 810, 900, 990}, 1000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := &batch{quiet: quiet, max: max}
			for i, e := range tt.events {
				b.add(fmt.Sprintf("f%d", i%2), ms(e))
			}
			if got := b.due(); !got.Equal(ms(tt.due)) {
				t.Errorf("due at %s, want %dms", got.Sub(t0), tt.due)
			}
			want := []string{"f0"}
			if len(tt.events) > 1 {
				want = []string{"f0", "f1"}
			}
			if got := b.flush(); !slices.Equal(got, want) {
				t.Errorf("flush = %q, want %q (sorted, each path once)", got, want)
			}
			if !b.empty() {
				t.Error("batch not empty after flush")
			}
			// The next burst starts its own max delay.
			b.add("g", ms(5000))
			if got := b.due(); !got.Equal(ms(5100)) {
				t.Errorf("next burst due at %s, want 5100ms", got.Sub(t0))
			}
		})
	}
}

// TestCoalesceBurst sends 200 changes at once and gets one list.
func TestCoalesceBurst(t *testing.T) {
	in, out, done := make(chan string), make(chan []string), make(chan struct{})
	defer close(done)
	go coalesce(in, out, 50*time.Millisecond, 5*time.Second, done)
	var want []string
	for i := range 200 {
		p := fmt.Sprintf("data/metrics/m%03d.csv", i)
		want = append(want, p)
		in <- p
		in <- p // a write and a close-write of the same file
	}
	select {
	case got := <-out:
		if !slices.Equal(got, want) {
			t.Fatalf("got %d paths, want the 200 sorted: %q...", len(got), got[:min(3, len(got))])
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no batch within 5s")
	}
	select {
	case extra := <-out:
		t.Fatalf("a second batch %q for one burst", extra)
	case <-time.After(150 * time.Millisecond):
	}
}

// TestCoalesceWhileBusy checks that changes arriving while the previous
// batch waits to be taken (a rebuild is running) join it: one more rebuild,
// not one per change.
func TestCoalesceWhileBusy(t *testing.T) {
	in, out, done := make(chan string), make(chan []string), make(chan struct{})
	defer close(done)
	go coalesce(in, out, 20*time.Millisecond, time.Second, done)
	in <- "a"
	time.Sleep(60 * time.Millisecond) // "a" is flushed and waits for out
	in <- "b"
	in <- "c"
	time.Sleep(60 * time.Millisecond) // so are "b" and "c"
	select {
	case got := <-out:
		if want := []string{"a", "b", "c"}; !slices.Equal(got, want) {
			t.Fatalf("got %q, want %q in one batch", got, want)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no batch within 5s")
	}
	select {
	case extra := <-out:
		t.Fatalf("a second batch %q", extra)
	case <-time.After(100 * time.Millisecond):
	}
}
