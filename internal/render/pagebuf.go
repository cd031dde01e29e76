package render

import (
	"strings"
	"unsafe"
)

// A one-off build writes each page to its file and forgets it, so the
// memory of one page can hold the next: RenderToLending lends its pages'
// bytes from a pagePool and the caller gives them back once written.
// Without it, the pages' buffers were half of what a render of 200,000
// item pages allocated (1.8 of 3.9 GB), and with the heap near its soft
// limit every 150 MB allocated cost a collection of the whole heap.

// pagePool keeps the buffers of pages given back (release) for the pages
// rendered next (get). A page larger than maxPooled (the item index of a
// large project, tens of MB) is not kept. Safe for concurrent use: pages
// are rendered on the render's goroutines and given back from the
// caller's writer.
type pagePool struct {
	free chan []byte
}

// pooledPages is how many buffers a pagePool keeps: more than are lent at
// once in a build (a page being written on each render goroutine, and
// output.Stream's queue of 16 with the one being written).
const pooledPages = 64

// maxPooled is the largest buffer a pagePool keeps.
const maxPooled = 1 << 20

// newPagePool returns an empty pool, or nil when buffers cannot be adopted
// by a strings.Builder (canAdopt): then every page has a buffer of its own.
func newPagePool() *pagePool {
	if !canAdopt {
		return nil
	}
	return &pagePool{free: make(chan []byte, pooledPages)}
}

// get returns an empty buffer with room for n bytes: one given back when
// the pool has one large enough (a smaller one is dropped), else a new one
// with a quarter more room, so that pages a little larger than this one
// fit in it later.
func (p *pagePool) get(n int) []byte {
	select {
	case b := <-p.free:
		if cap(b) >= n {
			return b[:0]
		}
	default:
	}
	return make([]byte, 0, n+n/4)
}

// release gives back b, a page's bytes lent by get, which its holder no
// longer reads.
func (p *pagePool) release(b []byte) {
	if cap(b) > maxPooled {
		return
	}
	select {
	case p.free <- b[:0]:
	default:
	}
}

// builderLayout is the layout of a strings.Builder: the address check
// (copyCheck) and the bytes written.
type builderLayout struct {
	addr *strings.Builder
	buf  []byte
}

// adopt makes the empty builder b write into buf's memory from its start,
// as if b had grown to buf's capacity itself: b.String() is then the bytes
// of buf's array, until b outgrows it. strings.Builder has no way to be
// given a buffer, so this sets its field (builderLayout); canAdopt checks
// once that the layout is the one assumed.
func adopt(b *strings.Builder, buf []byte) {
	(*builderLayout)(unsafe.Pointer(b)).buf = buf[:0]
}

// canAdopt reports whether adopt works with this Go's strings.Builder: a
// builder given a buffer writes into it.
var canAdopt = func() bool {
	if unsafe.Sizeof(strings.Builder{}) != unsafe.Sizeof(builderLayout{}) {
		return false
	}
	buf := make([]byte, 0, 64)
	var b strings.Builder
	adopt(&b, buf)
	b.WriteString("evalbook")
	s := b.String()
	return s == "evalbook" && b.Cap() == 64 && unsafe.StringData(s) == &buf[:1][0]
}()
