package render

import (
	"cmp"
	"slices"

	"github.com/evalbook/evalbook/internal/discrepancy"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/route"
)

// routeSite returns the names that decide which pages the site of in has
// (see route.Site). It reads the project and the reports only, never the
// views, so the route table is known before any view is built.
func routeSite(p *project.Project, in Input) route.Site {
	s := route.Site{Sources: len(p.Sources) > 0, Boards: len(in.Leaderboard.Rounds)}
	for _, it := range p.Iterations {
		s.Iterations = append(s.Iterations, it.ID)
	}
	for _, m := range p.Metrics {
		s.Metrics = append(s.Metrics, m.Name)
	}
	for _, d := range p.Dimensions {
		s.Dimensions = append(s.Dimensions, d.Name)
	}
	s.Items = itemIDs(p, in.Reliability.Dimensions, &in.Discrepancy)
	s.Terms = termSets(p)
	s.BaseURL = in.Config != nil && in.Config.BaseURL != ""
	s.CaseStudies = len(p.CaseStudies)
	s.IterationPages = iterationPages(p)
	dated, _ := timelineEvents(p, errorCounts(slices.Concat(in.Reliability.Alerts, in.Alerts)))
	s.TimelinePages = route.ListPages(len(dated))
	for d := range p.Documents() {
		s.Docs = append(s.Docs, route.DocName{Slug: d.Slug, Source: d.Source})
	}
	if p.Shape == project.ShapeRounds {
		for _, rb := range in.Leaderboard.Rounds {
			s.Rounds = append(s.Rounds, rb.Round)
		}
	}
	for _, u := range in.Preference.Units {
		if u.Round == "" {
			s.Pairwise = append(s.Pairwise, u.Dimension)
		}
	}
	for _, d := range p.Pairwise {
		if !slices.Contains(s.Pairwise, d.Name) {
			continue
		}
		items := map[string]bool{}
		for _, j := range d.Judgements {
			items[j.Item] = true
		}
		for _, id := range sortedSet(items) {
			s.PairwiseItems = append(s.PairwiseItems, route.PairwiseItemName{Dimension: d.Name, Item: id})
		}
	}
	rep := &in.Discrepancy
	if len(rep.Pairs) == 0 {
		return s
	}
	s.Discrepancy = true
	pairs := map[route.Pair]bool{}
	for _, x := range rep.Pairs {
		pr := route.Pair{Metric: x.Metric, Dimension: x.Dimension}
		s.Pairs = append(s.Pairs, pr)
		pairs[pr] = true
	}
	iters := map[string]bool{}
	for _, rec := range rep.Records {
		if rec.Level == discrepancy.ItemLevel && rec.Iteration != "" && pairs[route.Pair{Metric: rec.Metric, Dimension: rec.Dimension}] {
			iters[rec.Iteration] = true
		}
	}
	s.DiscIterations = sortedSet(iters)
	return s
}

// pageTitles returns the site path of every page of pages with a short
// title for it, as evidence links name them: the path itself for pages
// every site has.
func pageTitles(p *project.Project, pages []route.Page) map[string]string {
	metric, dim, doc := map[string]string{}, map[string]string{}, map[string]string{}
	for _, m := range p.Metrics {
		metric[m.Name] = cmp.Or(m.Label, m.Name)
	}
	for _, d := range p.Dimensions {
		dim[d.Name] = cmp.Or(d.Label, d.Name)
	}
	for d := range p.Documents() {
		doc[d.Slug] = d.Meta.Title
	}
	out := make(map[string]string, len(pages))
	for _, pg := range pages {
		t := pg.Path
		switch pg.Kind {
		case route.KindIteration:
			t = "Iteration " + pg.Name
		case route.KindMetric:
			t = "Metric: " + metric[pg.Name]
		case route.KindDimension:
			t = "Human rating: " + dim[pg.Name]
		case route.KindDoc:
			t = doc[pg.Name]
		case route.KindItem:
			t = "Item " + pg.Name
		case route.KindDiscrepancyIndex:
			t = "Discrepancy"
		case route.KindDiscrepancySystem:
			t = "Discrepancy at iteration level"
		case route.KindDiscrepancyIter:
			t = "Discrepancy in " + pg.Name
		case route.KindDiscrepancyPair:
			t = pg.Name + " vs " + pg.Dimension
		case route.KindPairwise:
			t = "Side by side: " + pg.Name
		case route.KindPairwiseItem:
			t = "Item " + pg.Name + " on " + pg.Dimension
		case route.KindFollowUps:
			t = "Follow-ups and escalations"
		case route.KindTaxonomy:
			t = taxLabels[pg.Name]
		case route.KindTerm:
			t = taxLabels[pg.Name] + ": " + pg.Term
		}
		out[pg.Path] = t
	}
	return out
}
