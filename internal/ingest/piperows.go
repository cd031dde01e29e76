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
type pipeRows struct {
	batches chan *rowBatch
	free    chan *rowBatch
	done    chan struct{}
	wg      sync.WaitGroup

	cur *rowBatch
	i   int // the record of cur returned last
	err error
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
}

// newPipeRows starts reading rr on a goroutine. stop ends it and waits for
// it; call it before the file under rr is closed.
func newPipeRows(rr rowReader) (p *pipeRows, stop func()) {
	p = &pipeRows{batches: make(chan *rowBatch, 4), free: make(chan *rowBatch, 6), done: make(chan struct{})}
	p.wg.Add(1)
	go p.produce(rr)
	return p, func() {
		close(p.done)
		p.wg.Wait()
	}
}

func (p *pipeRows) produce(rr rowReader) {
	defer p.wg.Done()
	for {
		var b *rowBatch
		select {
		case b = <-p.free:
			b.recs, b.fields, b.pos, b.first, b.offs = b.recs[:0], b.fields[:0], b.pos[:0], b.first[:0], b.offs[:0]
			b.err, b.errRec = nil, false
		default:
			b = &rowBatch{}
		}
		for len(b.recs) < pipeBatch && b.err == nil {
			rec, err := rr.Read()
			if err != io.EOF {
				b.add(rr, rec) // with an error, the record it came with (maybe none)
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
	b.first = append(b.first, len(b.pos))
	for i := range len(rec) + 1 {
		line, col := rr.FieldPos(i)
		b.pos = append(b.pos, fieldPos{line, col})
	}
	b.offs = append(b.offs, rr.InputOffset())
}

// Read returns the next record; like the wrapped reader's, it is valid
// until the next call.
func (p *pipeRows) Read() ([]string, error) {
	if p.err != nil {
		return nil, p.err
	}
	if p.cur == nil || p.i+1 >= len(p.cur.recs) {
		if p.cur != nil {
			if p.cur.err != nil { // io.EOF
				p.err = p.cur.err
				return nil, p.err
			}
			select {
			case p.free <- p.cur:
			default:
			}
		}
		p.cur, p.i = <-p.batches, -1
		if len(p.cur.recs) == 0 {
			p.err = p.cur.err
			return nil, p.err
		}
	}
	p.i++
	if p.i == len(p.cur.recs)-1 && p.cur.errRec {
		p.err = p.cur.err // the record came with the error
		return p.cur.recs[p.i], p.err
	}
	return p.cur.recs[p.i], nil
}

// FieldPos returns the line and column of field of the last record.
func (p *pipeRows) FieldPos(field int) (line, column int) {
	if p.cur == nil || p.i < 0 || len(p.cur.recs) == 0 {
		return 0, 0
	}
	first, n := p.cur.first[p.i], len(p.cur.recs[p.i])
	if field < 0 || field > n {
		field = n
	}
	pos := p.cur.pos[first+field]
	return pos.line, pos.col
}

// InputOffset returns the bytes read up to the end of the last record.
func (p *pipeRows) InputOffset() int64 {
	if p.cur == nil || p.i < 0 || len(p.cur.recs) == 0 {
		return 0
	}
	return p.cur.offs[p.i]
}

// pipe returns rows read through pipeRows when the file is large enough
// and there is a second core, and the function that stops it.
func (sf *sourceFile) pipe(rows rowReader) (rowReader, func()) {
	if sf.size < pipeMin || runtime.GOMAXPROCS(0) < 2 {
		return rows, func() {}
	}
	return newPipeRows(rows)
}
