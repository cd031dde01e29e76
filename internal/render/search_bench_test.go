package render

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"html/template"
	"math/rand"
	"testing"

	"github.com/evalbook/evalbook/internal/project"
)

// BenchmarkSearchIndex5000 builds the search index of 5,000 case studies
// of about 2 KB each and reports its size, raw and gzipped (the target is
// under 2 MB gzipped). The bodies are words drawn from a vocabulary of
// 20,000 made-up words with Zipf frequencies (s = 1.1), as the words of
// English prose are, plus an order number per sentence, so each document
// has rare words of its own; a corpus of one repeated text would compress
// far better than real prose.
func BenchmarkSearchIndex5000(b *testing.B) {
	const docs, vocab = 5000, 20000
	r := rand.New(rand.NewSource(1))
	words := make([]string, vocab)
	for i := range words {
		n := 3 + r.Intn(7)
		var w pageBuf
		for range n {
			w.WriteByte(byte('a' + r.Intn(26)))
		}
		words[i] = w.String()
	}
	z := rand.NewZipf(r, 1.1, 1, vocab-1)
	p := &project.Project{}
	for i := range docs {
		var body pageBuf
		body.WriteString("<p>")
		for body.Len() < 2000 {
			for range 12 {
				body.WriteString(words[z.Uint64()] + " ")
			}
			fmt.Fprintf(&body, "order #%d.</p>\n<p>", r.Intn(1000000))
		}
		p.CaseStudies = append(p.CaseStudies, project.Document{Kind: project.CaseStudy, Slug: fmt.Sprintf("casestudies/cs%04d", i),
			Meta: project.FrontMatter{Title: fmt.Sprintf("Case study %d: %s %s", i, words[z.Uint64()], words[z.Uint64()]), Summary: "A summary of the study."},
			HTML: "placeholder"})
		p.CaseStudies[i].HTML = template.HTML(body.String())
	}
	rd := &renderer{p: p, itemSite: &itemSite{}}
	var idx *searchIndex
	var err error
	b.ResetTimer()
	for range b.N {
		if idx, err = rd.buildSearch(); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	var gz bytes.Buffer
	w, _ := gzip.NewWriterLevel(&gz, gzip.DefaultCompression)
	_, _ = w.Write(idx.Body)
	_ = w.Close()
	b.ReportMetric(float64(len(idx.Body))/1e6, "MB")
	b.ReportMetric(float64(gz.Len())/1e6, "MB-gzip")
}

// BenchmarkSearchIndexItems builds the search index of 20,000 item pages
// as the 10M-values project's are made (scripts/bench/scale.sh): an
// input, an output and a reference of a few sentences each, in several
// languages, with an order number, the output and reference alike.
func BenchmarkSearchIndexItems(b *testing.B) {
	const items = 20000
	texts := [...][2]string{
		{"Me cobraron dos veces el pedido #%d. ¿Cuándo me devuelven el dinero?", "Los cobros duplicados se reembolsan automáticamente en 5 días hábiles. Si después sigue apareciendo el segundo cobro, responda con el número de pedido y lo anularemos manualmente."},
		{"Liefern Sie auch nach Kanada? Bestellung %d", "Ja, wir liefern nach Kanada. Die Lieferung dauert 5 bis 8 Werktage, Einfuhrabgaben werden an der Kasse angezeigt."},
		{"Where is my order #%d? It has been a week.", "Orders ship within 2 business days. Tracking appears in your account once the parcel leaves the warehouse; reply with the order number if it does not."},
		{"Puis-je changer l'adresse de livraison de la commande %d ?", "Oui, tant que la commande n'est pas expédiée. Modifiez l'adresse dans votre compte ou répondez avec la nouvelle adresse complète."},
	}
	srcs := make([]searchSource, items)
	for i := range srcs {
		t := texts[i%len(texts)]
		id := fmt.Sprintf("q%06d", i)
		srcs[i] = searchSource{title: "Item " + id, kind: "Item", path: "items/" + id + ".html",
			parts: []string{fmt.Sprintf(t[0], 10000+i*7919%90000), t[1], t[1]}}
	}
	var m *searchMemo
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := searchFileOf(m.docs(srcs)); err != nil {
			b.Fatal(err)
		}
	}
}
