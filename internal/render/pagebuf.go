package render

import "unsafe"

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

// newPagePool returns an empty pool.
func newPagePool() *pagePool {
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

// A pageBuf holds the bytes of a page, or of a part of one, as render's
// Go writers write them: strings.Builder's writing methods over a byte
// slice render owns. A strings.Builder could not start from a buffer of a
// pagePool, nor hand its bytes over as a []byte; a pageBuf does both
// (lend, bytes and lent). Like a strings.Builder's, its bytes are only
// ever appended to: what String returned stays as it was, and Reset drops
// the buffer rather than writing over it.
type pageBuf struct {
	buf []byte
}

// lend makes the empty b write into buf's memory from its start: b's bytes
// are then buf's array until b outgrows it.
func (b *pageBuf) lend(buf []byte) { b.buf = buf[:0] }

// WriteString appends s to b. Its results are those of io.StringWriter,
// always len(s) and nil.
func (b *pageBuf) WriteString(s string) (int, error) {
	if len(b.buf) == 0 && cap(b.buf) == 0 {
		b.buf = make([]byte, 0, max(len(s), firstBuf))
	}
	b.buf = append(b.buf, s...)
	return len(s), nil
}

// Write appends p to b (io.Writer, for templates and fmt): always len(p)
// and nil.
func (b *pageBuf) Write(p []byte) (int, error) {
	if len(b.buf) == 0 && cap(b.buf) == 0 {
		b.buf = make([]byte, 0, max(len(p), firstBuf))
	}
	b.buf = append(b.buf, p...)
	return len(p), nil
}

// WriteByte appends c to b; the error is always nil.
func (b *pageBuf) WriteByte(c byte) error {
	if cap(b.buf) == 0 {
		b.buf = make([]byte, 0, firstBuf)
	}
	b.buf = append(b.buf, c)
	return nil
}

// firstBuf is the room a pageBuf without a buffer takes on its first
// write (unless that write is larger): the fragments Go writes into a
// pageBuf of their own (a row of a verdict panel or of an iteration's
// comparisons, a case study's line in a list, 200 to 900 bytes) grew from
// the first string's size by doubling, six or seven buffers each, where
// they now take one or two.
const firstBuf = 256

// Grow makes room for n more bytes, as strings.Builder.Grow does: a new
// buffer of twice the capacity plus n when the room left is less than n.
func (b *pageBuf) Grow(n int) {
	if n < 0 {
		panic("render: pageBuf.Grow: negative count")
	}
	if cap(b.buf)-len(b.buf) < n {
		grown := make([]byte, len(b.buf), 2*cap(b.buf)+n)
		copy(grown, b.buf)
		b.buf = grown
	}
}

// Len returns how many bytes b holds.
func (b *pageBuf) Len() int { return len(b.buf) }

// Cap returns the room of b's buffer, written or not.
func (b *pageBuf) Cap() int { return cap(b.buf) }

// Reset empties b and drops its buffer, which a string of it may share.
func (b *pageBuf) Reset() { b.buf = nil }

// String returns b's bytes as a string, without a copy, as
// strings.Builder.String does: the bytes are never written over (pageBuf)
// unless b's buffer is lent, and no string of a lent page is kept.
func (b *pageBuf) String() string { return unsafe.String(unsafe.SliceData(b.buf), len(b.buf)) }

// bytes returns the bytes b holds, without a copy. b's buffer belongs to
// the page alone from here on: execute's pageBuf is dropped after this
// call, and a rendered page's body is never written to by anything that
// takes it (output.Stream, Files, a render.Cache, navs.splice and
// scrollRegions all make new slices). A page lent from a pagePool is
// written to again only once given back, when nothing reads it any more
// (RenderToLending).
func (b *pageBuf) bytes() []byte { return b.buf[:len(b.buf):len(b.buf)] }

// lent is bytes with the buffer's room to spare as the slice's capacity,
// so that the buffer, given back to a pagePool, keeps its size.
func (b *pageBuf) lent() []byte {
	if len(b.buf) == 0 {
		return nil
	}
	return b.buf
}
