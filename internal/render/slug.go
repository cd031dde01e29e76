package render

import "github.com/evalbook/evalbook/internal/slug"

// Slug is the file-name part of a page named after a name from the data; see
// slug.Make.
func Slug(name string) string { return slug.Make(name) }
