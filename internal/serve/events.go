package serve

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// keepAlive is how often an idle reload stream gets a comment line, so
// that a dead connection is noticed.
const keepAlive = 25 * time.Second

// hub passes every build's event to the open reload streams.
type hub struct {
	mu     sync.Mutex
	subs   map[chan Event]bool
	closed bool
}

// subscribe returns a channel that receives every later event; it is
// closed when the hub closes or when its reader falls too far behind.
func (h *hub) subscribe() chan Event {
	h.mu.Lock()
	defer h.mu.Unlock()
	c := make(chan Event, 16)
	if h.closed {
		close(c)
		return c
	}
	if h.subs == nil {
		h.subs = map[chan Event]bool{}
	}
	h.subs[c] = true
	return c
}

// unsubscribe forgets c.
func (h *hub) unsubscribe(c chan Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.subs[c] {
		delete(h.subs, c)
		close(c)
	}
}

// broadcast sends ev to every subscriber without waiting: a subscriber
// whose buffer is full is dropped (its page reconnects and is told the
// state then).
func (h *hub) broadcast(ev Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.subs {
		select {
		case c <- ev:
		default:
			delete(h.subs, c)
			close(c)
		}
	}
}

// close ends every stream.
func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.subs {
		close(c)
	}
	h.subs = nil
	h.closed = true
}

// Close ends the open reload streams, so that an http.Server serving s can
// shut down.
func (s *Server) Close() { s.hub.close() }

// stream serves the reload stream: Server-Sent Events. On connecting, a
// page gets one "state" event, the last build's (so that a page opened
// while the build is broken shows the overlay); then one "build" event per
// finished build. Both carry an Event as JSON.
func (s *Server) stream(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no")
	if r.Method == http.MethodHead {
		return
	}
	c := s.hub.subscribe()
	defer s.hub.unsubscribe(c)
	fmt.Fprint(w, "retry: 1000\n\n")
	if ev := s.state.get(); ev != nil {
		writeEvent(w, "state", *ev)
	}
	flusher.Flush()
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-tick.C:
			fmt.Fprint(w, ": ping\n\n")
		case ev, ok := <-c:
			if !ok {
				return
			}
			writeEvent(w, "build", ev)
		}
		flusher.Flush()
	}
}

// writeEvent writes one Server-Sent Event: its type, its id (the build's
// sequence number) and its data, the event as one line of JSON.
func writeEvent(w io.Writer, kind string, ev Event) {
	data, err := json.Marshal(ev)
	if err != nil { // an Event always marshals
		panic(err)
	}
	fmt.Fprintf(w, "event: %s\nid: %d\ndata: %s\n\n", kind, ev.Seq, data)
}
