// Command savereload times `evalbook serve` from a file save to the reload
// event: it listens to the server's Server-Sent Events at
// <url>/_evalbook/reload, then, runs times, appends a sentence to the file
// -edit and waits for the next "build" event, and prints each time, the
// median and the event's "redone" line. With -add it then writes the
// file -add (given as path=content-file) once and times that rebuild too.
//
//	go run ./scripts/bench/savereload -url http://127.0.0.1:1313/ -edit corpus/casestudies/cs-0001.md -runs 9
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"
)

type event struct {
	Seq      int     `json:"seq"`
	OK       bool    `json:"ok"`
	Redone   string  `json:"redone"`
	Duration float64 `json:"duration_ms"`
	Pages    int     `json:"pages"`
}

func main() {
	url := flag.String("url", "http://127.0.0.1:1313/", "the served site's root")
	edit := flag.String("edit", "", "file to append a sentence to, once per run")
	runs := flag.Int("runs", 9, "saves to time")
	add := flag.String("add", "", "path=source: copy source to path once, after the runs, and time that rebuild")
	flag.Parse()
	resp, err := http.Get(strings.TrimSuffix(*url, "/") + "/_evalbook/reload")
	if err != nil {
		fail(err)
	}
	defer resp.Body.Close()
	events := make(chan event)
	go read(bufio.NewScanner(resp.Body), events)
	time.Sleep(200 * time.Millisecond) // let the state event pass
	drain(events)
	var times []float64
	for i := range *runs {
		f, err := os.OpenFile(*edit, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			fail(err)
		}
		start := time.Now()
		fmt.Fprintf(f, "\nA sentence written by savereload, run %d at %s.\n", i+1, start.Format(time.RFC3339Nano))
		f.Close()
		ev := <-events
		ms := float64(time.Since(start).Microseconds()) / 1000
		times = append(times, ms)
		fmt.Printf("save %d: %.0f ms to the event (build %.0f ms, ok %v): %s\n", i+1, ms, ev.Duration, ev.OK, ev.Redone)
		time.Sleep(300 * time.Millisecond)
		drain(events)
	}
	if len(times) > 0 {
		fmt.Printf("median save-to-reload over %d saves: %.0f ms\n", len(times), median(times))
	}
	if *add != "" {
		dst, src, _ := strings.Cut(*add, "=")
		b, err := os.ReadFile(src)
		if err != nil {
			fail(err)
		}
		start := time.Now()
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			fail(err)
		}
		ev := <-events
		fmt.Printf("added %s: %.0f ms to the event (build %.0f ms, ok %v): %s\n", dst, float64(time.Since(start).Microseconds())/1000, ev.Duration, ev.OK, ev.Redone)
	}
}

// read sends every "build" event of the stream.
func read(sc *bufio.Scanner, out chan<- event) {
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	kind := ""
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "event: "):
			kind = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: ") && kind == "build":
			var ev event
			if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &ev); err != nil {
				fail(err)
			}
			out <- ev
		}
	}
	fail(fmt.Errorf("the event stream ended: %v", sc.Err()))
}

// drain drops events already waiting (a second rebuild of a burst).
func drain(events <-chan event) {
	for {
		select {
		case <-events:
		default:
			return
		}
	}
}

func median(xs []float64) float64 {
	s := slices.Sorted(slices.Values(xs))
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "savereload:", err)
	os.Exit(1)
}
