package ingest

import (
	"io"
	"runtime"
	"sync"
)

// pipeMin is the size from which a delimited file's text is parsed on a
// goroutine of its own (pipeRows) while the table reader interns and
// appends on the caller's: below it, the hand-over costs more than it saves.
var pipeMin int64 = 4 << 20

// pipeBatch is how many records pipeRows hands over at a time.
const pipeBatch = 256

// pipeRows reads the records of a rowReader on a goroutine of its own and
// hands them over in batches, in order: a two-stage pipeline, the parse
// on one core and the table reader (the only one to intern names and fill
// columns) on another. It reads as the rowReader it wraps does, with the
// same records, positions, offsets and errors; after an error (io.EOF
// included) the producer stops and Read keeps returning that error.
//
// When the wrapped reader reads fields as bytes (fieldsOf), the batches
// hold the records' bytes, copied into a buffer the batches reuse, and
// pipeRows reads fields as bytes too (ReadFields): a file is then read with
// no allocation per record. Read then makes one string per record.
type pipeRows struct {
	batches chan *rowBatch
	free    chan *rowBatch
	done    chan struct{}
	wg      sync.WaitGroup
	bytes   bool // the batches hold bytes (the wrapped reader is a fieldReader)

	cur    *rowBatch
	i      int // the record of cur returned last
	err    error
	rec    []string // Read's record, in bytes mode
	fields [][]byte // ReadFields' record
}

// rowBatch is a run of records with their positions and offsets, and the
// error that ended the reading (nil when more follow).
type rowBatch struct {
	recs   [][]string
	fields []string   // the records' fields, back to back
	pos    []fieldPos // each record's field positions, then one for a field past its end
	first  []int      // where each record's positions start in pos
	offs   []int64
	err    error
	errRec bool // the last record came with err (any but io.EOF)

	// In bytes mode, recs and fields are empty: record i's fields are
	// data[bounds[j].start:bounds[j].end] for j from starts[i] up to
	// starts[i+1] (len(bounds) for the last).
	data   []byte
	bounds []fieldBounds
	starts []int
}

// n returns the number of records in b.
func (b *rowBatch) n() int { return len(b.first) }

// fieldCount returns the number of fields of record i.
func (b *rowBatch) fieldCount(i int) int {
	if b.recs != nil || b.starts == nil {
		return len(b.recs[i])
	}
	if i+1 < len(b.starts) {
		return b.starts[i+1] - b.starts[i]
	}
	return len(b.bounds) - b.starts[i]
}

// newPipeRows starts reading rr on a goroutine. stop ends it and waits for
// it; call it before the file under rr is closed.
func newPipeRows(rr rowReader) (p *pipeRows, stop func()) {
	p = &pipeRows{batches: make(chan *rowBatch, 4), free: make(chan *rowBatch, 6), done: make(chan struct{})}
	fr := fieldsOf(rr)
	p.bytes = fr != nil
	p.wg.Add(1)
	go p.produce(rr, fr)
	return p, func() {
		close(p.done)
		p.wg.Wait()
	}
}

// produce reads rr (through fr when it is not nil) into batches.
func (p *pipeRows) produce(rr rowReader, fr fieldReader) {
	defer p.wg.Done()
	for {
		var b *rowBatch
		select {
		case b = <-p.free:
			b.recs, b.fields, b.pos, b.first, b.offs = b.recs[:0], b.fields[:0], b.pos[:0], b.first[:0], b.offs[:0]
			b.data, b.bounds, b.starts = b.data[:0], b.bounds[:0], b.starts[:0]
			b.err, b.errRec = nil, false
		default:
			b = &rowBatch{}
		}
		for b.n() < pipeBatch && b.err == nil {
			var err error
			if fr != nil {
				var rec [][]byte
				rec, err = fr.ReadFields()
				if err != io.EOF {
					b.addFields(rr, rec)
				}
			} else {
				var rec []string
				rec, err = rr.Read()
				if err != io.EOF {
					b.add(rr, rec) // with an error, the record it came with (maybe none)
				}
			}
			b.err, b.errRec = err, err != nil && err != io.EOF
		}
		select {
		case p.batches <- b:
		case <-p.done:
			return
		}
		if b.err != nil {
			return
		}
	}
}

// add copies rec and its positions into the batch.
func (b *rowBatch) add(rr rowReader, rec []string) {
	start := len(b.fields)
	b.fields = append(b.fields, rec...)
	b.recs = append(b.recs, b.fields[start:len(b.fields):len(b.fields)])
	b.addPos(rr, len(rec))
}

// addFields copies the bytes of rec and its positions into the batch.
func (b *rowBatch) addFields(rr rowReader, rec [][]byte) {
	b.starts = append(b.starts, len(b.bounds))
	for _, f := range rec {
		start := len(b.data)
		b.data = append(b.data, f...)
		b.bounds = append(b.bounds, fieldBounds{start, len(b.data)})
	}
	b.addPos(rr, len(rec))
}

// addPos adds the positions of the last record read, of n fields, and
// its offset.
func (b *rowBatch) addPos(rr rowReader, n int) {
	b.first = append(b.first, len(b.pos))
	for i := range n + 1 {
		line, col := rr.FieldPos(i)
		b.pos = append(b.pos, fieldPos{line, col})
	}
	b.offs = append(b.offs, rr.InputOffset())
}

// Read returns the next record; like the wrapped reader's, it is valid
// until the next call.
func (p *pipeRows) Read() ([]string, error) {
	ok, err := p.next()
	if !ok {
		return nil, err
	}
	if !p.bytes {
		return p.cur.recs[p.i], err
	}
	// The fields are back to back in data: one string for the record.
	b := p.cur
	bounds := b.bounds[b.starts[p.i] : b.starts[p.i]+b.fieldCount(p.i)]
	p.rec = p.rec[:0]
	if len(bounds) == 0 {
		return p.rec, err
	}
	base := bounds[0].start
	s := string(b.data[base:bounds[len(bounds)-1].end])
	for _, f := range bounds {
		p.rec = append(p.rec, s[f.start-base:f.end-base])
	}
	return p.rec, err
}

// ReadFields is Read with the fields as bytes, valid until the next call.
// It is for a pipeRows whose wrapped reader reads fields (fieldsOf).
func (p *pipeRows) ReadFields() ([][]byte, error) {
	ok, err := p.next()
	if !ok {
		return nil, err
	}
	return p.recordFields(), err
}

// recordFields returns the fields of the current record, in bytes mode.
func (p *pipeRows) recordFields() [][]byte {
	b := p.cur
	start := b.starts[p.i]
	p.fields = p.fields[:0]
	for _, f := range b.bounds[start : start+b.fieldCount(p.i)] {
		p.fields = append(p.fields, b.data[f.start:f.end:f.end])
	}
	return p.fields
}

// next moves to the next record: ok is false when there is none (err
// says why), and err is not nil with a record that came with an error.
func (p *pipeRows) next() (ok bool, err error) {
	if p.err != nil {
		return false, p.err
	}
	if p.cur == nil || p.i+1 >= p.cur.n() {
		if p.cur != nil {
			if p.cur.err != nil { // io.EOF
				p.err = p.cur.err
				return false, p.err
			}
			select {
			case p.free <- p.cur:
			default:
			}
		}
		p.cur, p.i = <-p.batches, -1
		if p.cur.n() == 0 {
			p.err = p.cur.err
			return false, p.err
		}
	}
	p.i++
	if p.i == p.cur.n()-1 && p.cur.errRec {
		p.err = p.cur.err // the record came with the error
		return true, p.err
	}
	return true, nil
}

// FieldPos returns the line and column of field of the last record.
func (p *pipeRows) FieldPos(field int) (line, column int) {
	if p.cur == nil || p.i < 0 || p.cur.n() == 0 {
		return 0, 0
	}
	first, n := p.cur.first[p.i], p.cur.fieldCount(p.i)
	if field < 0 || field > n {
		field = n
	}
	pos := p.cur.pos[first+field]
	return pos.line, pos.col
}

// InputOffset returns the bytes read up to the end of the last record.
func (p *pipeRows) InputOffset() int64 {
	if p.cur == nil || p.i < 0 || p.cur.n() == 0 {
		return 0
	}
	return p.cur.offs[p.i]
}

// pipe returns rows read through pipeRows when the file is large enough,
// there is a second core and the other files leave it free (noPipe), and
// the function that stops it.
func (sf *sourceFile) pipe(rows rowReader) (rowReader, func()) {
	if sf.size < pipeMin || runtime.GOMAXPROCS(0) < 2 || sf.noPipe {
		return rows, func() {}
	}
	return newPipeRows(rows)
}
