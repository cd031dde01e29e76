package render

import "strings"

// frame is what every page shows of the site as a whole (the site value:
// title, analysis settings, the nav) and the assets it links; every page
// builder gets it, and an edit to it touches every page (see Deps).
type frame struct {
	site    *site
	assets  *assets
	baseURL string // Config.BaseURL, for canonical links
}

// newPage returns a page at the site path p.
func (f frame) newPage(p, title, section string, data any) *page {
	pg := &page{
		Site: f.site, Title: title, Path: p, Section: section, Data: data,
		Root: strings.Repeat("../", strings.Count(p, "/")), assets: f.assets,
	}
	if f.baseURL != "" {
		pg.Canonical = strings.TrimSuffix(f.baseURL, "/") + "/" + p
	}
	return pg
}
