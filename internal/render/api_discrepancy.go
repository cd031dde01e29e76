package render

import (
	"github.com/evalbook/evalbook/internal/discrepancy"
	"github.com/evalbook/evalbook/internal/route"
)

// apiDiscrepancy is api/discrepancy.json: the discrepancy report as the
// analysis gives it, with the settings it was judged by and the page of
// every pair.
type apiDiscrepancy struct {
	apiHeader
	Floor          float64                     `json:"floor"`
	Drop           float64                     `json:"drop"`
	Page           string                      `json:"page"` // the overview, "" when the site has none
	Pairs          []apiDiscPair               `json:"pairs"`
	Records        []discrepancy.Record        `json:"records"`
	Slices         []discrepancy.SliceRecord   `json:"slices"`
	Disagreements  []discrepancy.Disagreements `json:"disagreements"`
	Verdicts       []discrepancy.Verdict       `json:"verdicts"`
	Findings       []discrepancy.Finding       `json:"findings"`
	Investigations []discrepancy.Investigation `json:"investigations"`
	Dimensions     []discrepancy.Dimension     `json:"dimensions"`
}

// apiDiscPair is one joined metric and dimension with its page.
type apiDiscPair struct {
	Metric     string `json:"metric"`
	Dimension  string `json:"dimension"`
	Correlated bool   `json:"correlated"`
	Units      int    `json:"units"`
	Page       string `json:"page"`
	// Orientation is 1 when the metric and the dimension improve the same
	// way, -1 when one is lower-is-better and the other not: the pages
	// read orientation × ρ, positive when the metric agrees with the
	// humans.
	Orientation int `json:"orientation"`
}

// discrepancyAPI returns api/discrepancy.json; a site without the analysis
// gets the document with empty lists.
func discrepancyAPI(in discInputs, s *discSite) apiDiscrepancy {
	rep := in.rep
	if rep == nil {
		rep = &discrepancy.Report{}
	}
	d := apiDiscrepancy{
		apiHeader: newAPIHeader(in.cfg, in.iters), Floor: in.cfg.Discrepancy.Floor, Drop: in.cfg.Discrepancy.Drop,
		Pairs: []apiDiscPair{}, Records: nonNil(rep.Records), Slices: nonNil(rep.Slices), Disagreements: nonNil(rep.Disagreements),
		Verdicts: nonNil(rep.Verdicts), Findings: nonNil(rep.Findings),
		Investigations: nonNil(rep.Investigations), Dimensions: nonNil(rep.Dimensions),
	}
	if s != nil {
		d.Page = route.DiscrepancyIndex
	}
	for _, p := range rep.Pairs {
		d.Pairs = append(d.Pairs, apiDiscPair{
			Metric: p.Metric, Dimension: p.Dimension, Correlated: p.Correlated, Units: p.Units.Len(),
			Page: route.DiscrepancyPair(p.Metric, p.Dimension), Orientation: in.orientation(p.Metric, p.Dimension),
		})
	}
	return d
}
