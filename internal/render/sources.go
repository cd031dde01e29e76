package render

import (
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/route"
)

// sourcesData is the data of the data-quality page.
type sourcesData struct {
	Sources []sourceView
	// Records, Read, Skipped, NotRead and Empty total the sources: records
	// seen, records read, records skipped, files no reader took, files read
	// that gave no record.
	Records, Read, Skipped, NotRead, Empty int
}

// sourceView is one data file on the data-quality page.
type sourceView struct {
	project.SourceReport
	SkippedRecords int
	Parts          int // parts of read records skipped (Skip.Part), not by configuration
	LeftOut        int // parts the configuration left out (Skip.Configured)
}

// sourcesNote is the dashboard's line about skipped input; nil when
// nothing was skipped.
type sourcesNote struct {
	Skipped, Parts, NotRead int
	Path                    string
}

// newSourcesData totals what ingest read of each source.
func newSourcesData(sources []project.SourceReport) *sourcesData {
	d := &sourcesData{Sources: []sourceView{}}
	for _, s := range sources {
		v := sourceView{SourceReport: s, SkippedRecords: s.SkippedRecords()}
		for _, k := range s.Skipped {
			switch {
			case k.Configured:
				v.LeftOut += k.N
			case k.Part:
				v.Parts += k.N
			}
		}
		d.Records += s.Records
		d.Read += s.Read
		d.Skipped += v.SkippedRecords
		if s.NotRead != "" {
			d.NotRead++
		}
		if s.Empty != "" {
			d.Empty++
		}
		d.Sources = append(d.Sources, v)
	}
	return d
}

// sourcesPage builds the data-quality page from what ingest read (Deps:
// Sources).
func sourcesPage(f frame, p string, sources []project.SourceReport) *page {
	return f.newPage(p, "Data quality", "sources", newSourcesData(sources))
}

// newSourcesNote returns the dashboard's note when any record, part of a
// record or file was skipped.
func newSourcesNote(sources []project.SourceReport) *sourcesNote {
	n := &sourcesNote{Path: route.Sources}
	for _, v := range newSourcesData(sources).Sources {
		n.Skipped += v.SkippedRecords
		n.Parts += v.Parts
		if v.NotRead != "" {
			n.NotRead++
		}
	}
	if n.Skipped+n.Parts+n.NotRead == 0 {
		return nil
	}
	return n
}

// apiSources is api/sources.json.
type apiSources struct {
	apiHeader
	Sources []apiSource `json:"sources"`
}

type apiSource struct {
	Path     string    `json:"path"`
	Kind     string    `json:"kind"`
	Format   string    `json:"format"`
	Records  int       `json:"records"`
	Read     int       `json:"read"`
	Skipped  int       `json:"skipped"`
	Values   int       `json:"values"`
	Replaced int       `json:"replaced"`
	Comments int       `json:"comments"`
	Items    int       `json:"items"`
	NotRead  string    `json:"not_read,omitempty"`
	Empty    string    `json:"empty,omitempty"`
	Skips    []apiSkip `json:"skips"`
}

type apiSkip struct {
	Reason string `json:"reason"`
	N      int    `json:"n"`
	Part   bool   `json:"part"`
	// Configured: the configuration asked to leave it out.
	Configured bool   `json:"configured"`
	Example    string `json:"example"`
}

// sourcesAPI is api/sources.json: what ingest read of each source.
func sourcesAPI(head apiHeader, sources []project.SourceReport) apiSources {
	out := apiSources{apiHeader: head, Sources: []apiSource{}}
	for _, s := range sources {
		a := apiSource{
			Path: s.Path, Kind: s.Kind, Format: s.Format, Records: s.Records, Read: s.Read,
			Skipped: s.SkippedRecords(), Values: s.Values, Replaced: s.Replaced, Comments: s.Comments,
			Items: s.Items, NotRead: s.NotRead, Empty: s.Empty, Skips: []apiSkip{},
		}
		for _, k := range s.Skipped {
			a.Skips = append(a.Skips, apiSkip{Reason: k.Reason, N: k.N, Part: k.Part, Configured: k.Configured, Example: k.Example.String()})
		}
		out.Sources = append(out.Sources, a)
	}
	return out
}
