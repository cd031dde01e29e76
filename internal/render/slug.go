package render

import "github.com/evalbook/evalbook/internal/slug"

// Slug is a name from the data as a part of an anchor or chart ID, spelt as
// in page paths (slug.Make); the paths themselves come from internal/route.
func Slug(name string) string { return slug.Make(name) }
