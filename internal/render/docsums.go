package render

import (
	"github.com/evalbook/evalbook/internal/fingerprint"
	"github.com/evalbook/evalbook/internal/project"
)

// docMemo holds the sums of one render's documents: each one's front
// matter (everything but its body) and its body, by slug. A render after
// an edit that left the documents as they were (new ratings: ingest gives
// the project the same DocsFront) takes the front matter's sums from the
// last render's memo, and the sum of each body that is the same string,
// instead of hashing 5,000 case studies again (30 ms of CPU on the live
// corpus). Its maps are never written to once made.
type docMemo struct {
	// front is the DocsFront of the documents the sums are of; zero when
	// the project had none (the sums are then never reused whole).
	front  [32]byte
	docs   map[string]fingerprint.Sum
	bodies map[string]fingerprint.Sum
	html   map[string]string // the bodies whose sums bodies holds
	// kept says that docs, order and docsAll are the last memo's.
	kept    bool
	order   []string        // the slugs, sorted (inputSums.order)
	docsAll fingerprint.Sum // allSum of docs in order
}

// newDocMemo fingerprints the documents of p, taking from last (nil:
// none) the front matter's sums when p's documents are last's but for
// their bodies (the same non-zero DocsFront), and each body's sum when
// the body is the same as then.
func newDocMemo(p *project.Project, last *docMemo) docMemo {
	n := len(p.CaseStudies) + len(p.Pages)
	m := docMemo{front: p.DocsFront, bodies: make(map[string]fingerprint.Sum, n), html: make(map[string]string, n)}
	m.kept = last != nil && p.DocsFront != ([32]byte{}) && last.front == p.DocsFront && last.docs != nil
	if m.kept {
		m.docs, m.order, m.docsAll = last.docs, last.order, last.docsAll
	} else {
		m.docs = make(map[string]fingerprint.Sum, n)
	}
	for _, list := range [][]project.Document{p.CaseStudies, p.Pages} {
		for i := range list {
			d := &list[i]
			html := string(d.HTML)
			m.html[d.Slug] = html
			if old, ok := last.bodyOf(d.Slug); ok && old == html {
				m.bodies[d.Slug] = last.bodies[d.Slug]
			} else {
				m.bodies[d.Slug] = bodySum(d)
			}
			if !m.kept {
				front := *d
				front.HTML = ""
				m.docs[d.Slug] = fingerprint.New("doc").Value(front).Done()
			}
		}
	}
	return m
}

// bodyOf returns the body the memo's sum of slug's body was made of; a nil
// memo has none.
func (m *docMemo) bodyOf(slug string) (string, bool) {
	if m == nil {
		return "", false
	}
	html, ok := m.html[slug]
	return html, ok
}

// all returns allSum of the kind "docs" or "bodies" of a kept memo, whose
// slugs are those of order: the last render's for the front matter.
func (m *docMemo) all(kind string, sums map[string]fingerprint.Sum) fingerprint.Sum {
	if kind == "docs" {
		return m.docsAll
	}
	return allSum(kind, sums, m.order)
}
