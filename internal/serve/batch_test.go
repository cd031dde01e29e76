package serve

import (
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"
)

// TestBatchDue drives the coalescing state machine with a fake clock:
// events at the given offsets on the given paths, and when the batch is
// due: 25 ms after the last event while the burst touched one path, 100 ms
// once it touched more, never later than 1 s after the first.
func TestBatchDue(t *testing.T) {
	const one, quiet, max = 25 * time.Millisecond, 100 * time.Millisecond, time.Second
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ms := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Millisecond) }
	tests := []struct {
		name   string
		events []int    // milliseconds after t0
		paths  []string // the path of each event, f0 for all when nil
		due    int
	}{
		{"one save", []int{0}, nil, 25},
		{"a save in three events on one file", []int{0, 2, 5}, nil, 30},
		{"a save's events keep extending the short period", []int{0, 20, 40, 60}, nil, 85},
		{"two files: the long period", []int{0, 2, 5}, []string{"f0", "f1", "f0"}, 105},
		{"a second file within the short period switches to the long one", []int{0, 20}, []string{"f0", "f1"}, 120},
		{"events just inside the quiet period keep extending it", []int{0, 90, 180, 270}, []string{"f0", "f1", "f0", "f1"}, 370},
		{"a steady stream is cut at the max delay", []int{0, 90, 180, 270, 360, 450, 540, 630, 720, 810, 900, 990},
			[]string{"f0", "f1", "f0", "f1", "f0", "f1", "f0", "f1", "f0", "f1", "f0", "f1"}, 1000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := &batch{one: one, quiet: quiet, max: max}
			want := map[string]bool{}
			for i, e := range tt.events {
				p := "f0"
				if tt.paths != nil {
					p = tt.paths[i]
				}
				want[p] = true
				b.add(p, ms(e))
			}
			if got := b.due(); !got.Equal(ms(tt.due)) {
				t.Errorf("due at %s, want %dms", got.Sub(t0), tt.due)
			}
			if got := b.flush(); !slices.Equal(got, slices.Sorted(maps.Keys(want))) {
				t.Errorf("flush = %q, want %q (sorted, each path once)", got, slices.Sorted(maps.Keys(want)))
			}
			if !b.empty() {
				t.Error("batch not empty after flush")
			}
			// The next burst starts its own max delay and short period.
			b.add("g", ms(5000))
			if got := b.due(); !got.Equal(ms(5025)) {
				t.Errorf("next burst due at %s, want 5025ms", got.Sub(t0))
			}
		})
	}
}

// runCoalesce runs coalesce on fresh channels with the given periods and
// returns its input, its output and a channel closed when it returns.
func runCoalesce(t *testing.T, one, quiet, max time.Duration) (chan<- change, <-chan []string, <-chan struct{}) {
	in, out, done, returned := make(chan change), make(chan []string), make(chan struct{}), make(chan struct{})
	go func() {
		defer close(returned)
		coalesce(in, out, nil, one, quiet, max, done)
	}()
	t.Cleanup(func() { close(done); <-returned })
	return in, out, returned
}

// noMore closes in and checks that coalesce then returns without sending
// another batch: on a closed input it sends what waits, so a burst split
// in two would show here.
func noMore(t *testing.T, in chan<- change, out <-chan []string, returned <-chan struct{}) {
	t.Helper()
	close(in)
	select {
	case extra := <-out:
		t.Errorf("a second batch %q", extra)
	case <-returned:
	}
}

// TestCoalesceBurst sends 200 changes, as a copy of 200 files does, and
// gets one list, with serve's default short quiet period (25 ms for one
// file) and a long one (300 ms here, 100 ms by default, so that a busy
// host's pauses do not split the burst): at once, and with a pause longer
// than the short period after the first file and short pauses between the
// others (a copy on a busy machine).
func TestCoalesceBurst(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name         string
		first, pause time.Duration
	}{
		{"at once", 0, 0},
		{"with pauses", 60 * time.Millisecond, 100 * time.Microsecond},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in, out, returned := runCoalesce(t, 25*time.Millisecond, 300*time.Millisecond, time.Hour)
			var want []string
			for i := range 200 {
				p := fmt.Sprintf("data/metrics/m%03d.csv", i)
				want = append(want, p)
				in <- change{path: p}
				in <- change{path: p} // a write and a close-write of the same file
				switch {
				case i == 1:
					time.Sleep(tt.first)
				case i > 1 && tt.pause > 0:
					time.Sleep(tt.pause)
				}
			}
			select {
			case got := <-out:
				if !slices.Equal(got, want) {
					t.Fatalf("got %d paths, want the 200 sorted: %q...", len(got), got[:min(3, len(got))])
				}
			case <-time.After(10 * time.Second):
				t.Fatal("no batch within 10s")
			}
			noMore(t, in, out, returned)
		})
	}
}

// TestCoalesceOneSave checks that a burst on one file, an editor's save,
// is sent after the short quiet period, not the long one (an hour).
func TestCoalesceOneSave(t *testing.T) {
	t.Parallel()
	in, out, returned := runCoalesce(t, 10*time.Millisecond, time.Hour, time.Hour)
	in <- change{path: "casestudies/a.md"}
	in <- change{path: "casestudies/a.md"}
	select {
	case got := <-out:
		if !slices.Equal(got, []string{"casestudies/a.md"}) {
			t.Fatalf("got %q", got)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no batch within 10s of the save, the short quiet period is 10ms")
	}
	noMore(t, in, out, returned)
}

// TestCoalesceMaxDelay checks that a steady stream of changes, each within
// the quiet period (an hour) of the one before, is cut at the max delay.
func TestCoalesceMaxDelay(t *testing.T) {
	t.Parallel()
	in, out, returned := runCoalesce(t, time.Hour, time.Hour, 50*time.Millisecond)
	in <- change{path: "a"}
	in <- change{path: "b"}
	select {
	case got := <-out:
		if !slices.Equal(got, []string{"a", "b"}) {
			t.Fatalf("got %q, want [a b]", got)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no batch within 10s, the max delay is 50ms")
	}
	noMore(t, in, out, returned)
}

// TestCoalesceWhileBusy checks that changes arriving while the previous
// batch waits to be taken (a rebuild is running) join it: one more rebuild,
// not one per change.
func TestCoalesceWhileBusy(t *testing.T) {
	t.Parallel()
	in, out, returned := runCoalesce(t, 20*time.Millisecond, 20*time.Millisecond, time.Second)
	in <- change{path: "a"}
	time.Sleep(60 * time.Millisecond) // "a" is flushed and waits for out
	in <- change{path: "b"}
	in <- change{path: "c"}
	time.Sleep(60 * time.Millisecond) // so are "b" and "c"
	select {
	case got := <-out:
		if want := []string{"a", "b", "c"}; !slices.Equal(got, want) {
			t.Fatalf("got %q, want %q in one batch", got, want)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no batch within 10s")
	}
	noMore(t, in, out, returned)
}
