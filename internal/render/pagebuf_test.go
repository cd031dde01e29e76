package render

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
	"unsafe"
)

// TestPageBuf checks that a pageBuf lent a buffer writes into it from its
// start, leaves it once outgrown, grows as a strings.Builder does (twice
// the old room plus what is asked), and keeps its strings' bytes when reset.
func TestPageBuf(t *testing.T) {
	buf := make([]byte, 3, 100)
	copy(buf, "old")
	var b pageBuf
	b.lend(buf)
	if b.Len() != 0 || b.Cap() != 100 {
		t.Fatalf("lent pageBuf: Len %d, Cap %d; want 0, 100", b.Len(), b.Cap())
	}
	b.WriteString("new ")
	b.Write([]byte("pa"))
	b.WriteByte('g')
	fmt.Fprintf(&b, "%c", 'e')
	if s := b.String(); s != "new page" || unsafe.StringData(s) != &buf[0] {
		t.Errorf("lent pageBuf holds %q at %p; want \"new page\" in the buffer at %p", s, unsafe.StringData(s), &buf[0])
	}
	if body := b.bytes(); string(body) != "new page" || cap(body) != len(body) || &body[0] != &buf[0] {
		t.Errorf("bytes() = %q, cap %d; want the buffer's \"new page\", cap 8", body, cap(body))
	}
	b.WriteString(strings.Repeat("x", 200)) // outgrows the buffer: a copy, the buffer untouched after it
	if got := string(buf[:8]); got != "new page" || b.Len() != 208 {
		t.Errorf("after growing: buffer %q, Len %d; want \"new page\", 208", got, b.Len())
	}

	var g pageBuf
	for _, n := range []int{0, 10, 5, 100, 1} {
		before := g.Cap()
		room := before - g.Len()
		g.Grow(n)
		switch {
		case g.Cap()-g.Len() < n:
			t.Errorf("Grow(%d): room for %d bytes", n, g.Cap()-g.Len())
		case room >= n && g.Cap() != before:
			t.Errorf("Grow(%d) with room for %d: a new buffer of %d", n, room, g.Cap())
		case room < n && g.Cap() != 2*before+n:
			t.Errorf("Grow(%d) from %d: Cap %d; want twice the old plus n, %d", n, before, g.Cap(), 2*before+n)
		}
		g.WriteString(strings.Repeat("y", n))
	}
	s := g.String()
	g.Reset()
	g.WriteString("z")
	if s != strings.Repeat("y", 116) || g.String() != "z" {
		t.Errorf("after Reset and a write of \"z\": the old string reads %q, the buffer %q; want the old bytes unchanged and \"z\"", s, g.String())
	}
}

func TestPagePool(t *testing.T) {
	p := newPagePool()
	a := p.get(1000)
	if len(a) != 0 || cap(a) < 1000 {
		t.Fatalf("get(1000) = len %d cap %d", len(a), cap(a))
	}
	a = append(a, "page"...)
	p.release(a)
	b := p.get(500)
	if len(b) != 0 || &b[:1][0] != &a[0] {
		t.Errorf("get after release: a new buffer; want the one given back, emptied")
	}
	p.release(b)
	if c := p.get(cap(b) + 1); &c[:1][0] == &a[0] {
		t.Errorf("get(n) returned a buffer of %d bytes for %d", cap(b), cap(b)+1)
	}
	big := make([]byte, maxPooled+1)
	p.release(big)
	if c := p.get(10); cap(c) == len(big) {
		t.Errorf("a buffer over maxPooled was kept")
	}
	for range 2 * pooledPages { // a full pool drops what is given back
		p.release(make([]byte, 0, 10))
	}
	if n := len(p.free); n != pooledPages {
		t.Errorf("pool holds %d buffers; want %d", n, pooledPages)
	}
}

// TestRenderToLending renders the example project and the benchmark
// corpus with lent pages, giving each back as soon as it is copied, with
// its bytes overwritten first: the files are Render's, so no page reads a
// buffer once given back, and buffers are lent again.
func TestRenderToLending(t *testing.T) {
	for name, in := range corpora(t) {
		want, err := Render(in)
		if err != nil {
			t.Fatal(err)
		}
		got := Files{}
		var mu sync.Mutex
		lent, seen := 0, map[*byte]int{}
		err = RenderToLending(in, func(name string, b []byte, release func([]byte)) error {
			mu.Lock()
			defer mu.Unlock()
			if err := got.add(name, bytes.Clone(b)); err != nil {
				return err
			}
			if release != nil {
				lent++
				if len(b) > 0 {
					seen[&b[0]]++
				}
				for i := range b {
					b[i] = '#'
				}
				release(b)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Errorf("%s: %d files; Render makes %d", name, len(got), len(want))
		}
		for p, w := range want {
			if g, ok := got[p]; !ok || !bytes.Equal(g, w) {
				t.Errorf("%s: %s differs from Render's (%d bytes, %d)", name, p, len(g), len(w))
			}
		}
		reused := 0
		for _, n := range seen {
			if n > 1 {
				reused++
			}
		}
		if lent == 0 || reused == 0 {
			t.Errorf("%s: %d pages lent, %d buffers lent more than once; want pages lent and buffers reused", name, lent, reused)
		}
	}
}

// TestLent checks that a lent page's bytes carry its buffer's whole
// room, which the pool keeps when they are given back.
func TestLent(t *testing.T) {
	p := newPagePool()
	var b pageBuf
	b.lend(p.get(1000))
	b.WriteString("page")
	body := b.lent()
	if string(body) != "page" || cap(body) != b.Cap() || cap(body) < 1000 {
		t.Fatalf("lent() = %q, cap %d; want \"page\", cap %d", body, cap(body), b.Cap())
	}
	p.release(body)
	if got := p.get(1000); &got[:1][0] != &body[0] {
		t.Errorf("a page's buffer given back is not lent again for a page of the same size")
	}
}
