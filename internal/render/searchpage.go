package render

// searchData is the data of search.html.
type searchData struct {
	Index string // site path of the search index script
	N     int    // pages in the index
}

// searchPage builds search.html: a search box and a list of results,
// filled by assets/search.js from the index (search.go) with MiniSearch
// (assets/vendor/minisearch.js). The query may come in the address,
// search.html?q=word, so a form elsewhere can link to it.
func (r *renderer) searchPage(p string) *page {
	return r.newPage(p, "Search", "search", &searchData{Index: r.search.Path, N: r.search.N})
}
