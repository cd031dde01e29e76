package render

import (
	"testing"

	"github.com/evalbook/evalbook/internal/route"
)

// benchCorpusInput is the benchmark corpus's render input, or the
// benchmark fails.
func benchCorpusInput(b *testing.B) Input {
	in, err := benchCorpus()
	if err != nil {
		b.Fatal(err)
	}
	return in
}

// BenchmarkDiscMatrixPages renders the discrepancy overview and matrix
// pages of the benchmark corpus (one per iteration, 202).
func BenchmarkDiscMatrixPages(b *testing.B) {
	benchPages(b, benchCorpusInput(b), func(pg route.Page) bool {
		return pg.Kind == route.KindDiscrepancyIndex || pg.Kind == route.KindDiscrepancySystem || pg.Kind == route.KindDiscrepancyIter
	})
}

// BenchmarkAlertsPage renders the alerts page of the benchmark corpus.
func BenchmarkAlertsPage(b *testing.B) {
	benchPages(b, benchCorpusInput(b), func(pg route.Page) bool { return pg.Kind == route.KindAlerts })
}

// BenchmarkPairPages renders the pages of the benchmark corpus's
// metric-dimension pairs.
func BenchmarkPairPages(b *testing.B) {
	benchPages(b, benchCorpusInput(b), func(pg route.Page) bool { return pg.Kind == route.KindDiscrepancyPair })
}
