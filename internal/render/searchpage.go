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
// It reads the search index's name and size only.
func searchPage(f frame, p string, idx *searchIndex) *page {
	return f.newPage(p, "Search", "search", &searchData{Index: idx.Path, N: idx.N})
}
