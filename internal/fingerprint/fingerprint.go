// Package fingerprint hashes the inputs of an analysis unit into a Sum, so
// that a unit whose inputs did not change can reuse its last result.
//
// A Hash writes every value with its length or width (strings are length
// prefixed, numbers are fixed-width little endian), so two different
// sequences of writes never give the same byte stream. The digest is
// SHA-256: stable across processes and versions of Go (unlike
// hash/maphash), so a Sum can also key an on-disk cache, and fast enough
// (a few hundred megabytes per second on one core) to be cheap next to
// the statistics it guards. Values are buffered and handed to SHA-256 in
// blocks, so many small writes cost little more than one large one.
package fingerprint

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"math"
	"sync"
)

// Sum is the fingerprint of a unit's inputs.
type Sum [sha256.Size]byte

// String returns the first 16 hexadecimal digits of s, for messages.
func (s Sum) String() string { return hex.EncodeToString(s[:8]) }

// Hash accumulates the inputs of one unit. The zero Hash is not ready for
// use; call New.
type Hash struct {
	h   hash.Hash
	buf []byte
}

const flushAt = 8 << 10

// New returns a Hash that starts with the name of what it fingerprints
// ("trend metric", ...), so that units of different kinds never share a
// Sum.
//
// Its buffer starts small and grows with what is written, up to flushAt:
// a render makes one Hash per page, item and document, most of them a few
// hundred bytes long.
//
// The buffer comes from bufs, where Done puts it back: a rebuild after
// new ratings makes some 100,000 Hashes, and the buffers grown anew for
// each were about 100 MB of its allocation.
func New(kind string) *Hash {
	b, _ := bufs.Get().(*[]byte)
	if b == nil {
		b = new([]byte)
		*b = make([]byte, 0, 256)
	}
	h := &Hash{h: sha256.New(), buf: (*b)[:0]}
	return h.String(kind)
}

// bufs holds the buffers of the Hashes done (New, Done).
var bufs sync.Pool

// maxPooled is the largest buffer Done puts back: a buffer holds up to
// flushAt bytes and one more value, or a string up to flushAt, so it
// grows to twice flushAt at most.
const maxPooled = 2*flushAt + 1024

func (h *Hash) flush() {
	if len(h.buf) >= flushAt {
		h.h.Write(h.buf)
		h.buf = h.buf[:0]
	}
}

// String writes s, prefixed by its length.
func (h *Hash) String(s string) *Hash {
	h.buf = binary.LittleEndian.AppendUint64(h.buf, uint64(len(s)))
	if len(s) > flushAt {
		h.h.Write(h.buf)
		h.h.Write([]byte(s))
		h.buf = h.buf[:0]
		return h
	}
	h.buf = append(h.buf, s...)
	h.flush()
	return h
}

// Strings writes the number of strings in ss, then each.
func (h *Hash) Strings(ss []string) *Hash {
	h.Int(len(ss))
	for _, s := range ss {
		h.String(s)
	}
	return h
}

// Uint writes u.
func (h *Hash) Uint(u uint64) *Hash {
	h.buf = binary.LittleEndian.AppendUint64(h.buf, u)
	h.flush()
	return h
}

// Int writes i.
func (h *Hash) Int(i int) *Hash { return h.Uint(uint64(i)) }

// Float writes the bits of f: -0 and 0 differ, as do NaNs with different
// payloads, which errs on the side of recomputing.
func (h *Hash) Float(f float64) *Hash { return h.Uint(math.Float64bits(f)) }

// Bool writes b.
func (h *Hash) Bool(b bool) *Hash {
	if b {
		return h.Uint(1)
	}
	return h.Uint(0)
}

// Sum writes another fingerprint, for a unit whose inputs include a part
// fingerprinted once and shared (the iteration series, a config section).
func (h *Hash) Sum(s Sum) *Hash {
	h.buf = append(h.buf, s[:]...)
	h.flush()
	return h
}

// JSON writes the JSON encoding of v: a configuration section or options
// struct, whose maps encoding/json writes with sorted keys and whose
// pointers it follows. It panics when v cannot be encoded (a NaN, a
// channel), which options never hold.
func (h *Hash) JSON(v any) *Hash {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("fingerprint: %T: %v", v, err))
	}
	return h.String(string(b))
}

// Done returns the fingerprint of everything written.
//
// Done gives the Hash's buffer back for other Hashes; writing to h after
// it still works, into a new buffer.
func (h *Hash) Done() Sum {
	h.h.Write(h.buf)
	if b := h.buf[:0]; cap(b) <= maxPooled {
		bufs.Put(&b)
	}
	h.buf = nil
	var s Sum
	h.h.Sum(s[:0])
	return s
}
