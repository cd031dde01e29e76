// Package templates holds evalbook's default HTML templates and assets,
// embedded in the binary.
//
// The layout is the one package render reads through an fs.FS:
//
//	layout/base.html     the page skeleton; defines "base"
//	partials/*.html      blocks shared by every page type
//	pages/<type>.html    one file per page type; defines "title" and "content"
//	assets/**            copied to the site, .js and .css with a content hash
//
// A project overrides any of these files by putting a file at the same path
// in its own templates/ folder (see render.Overlay).
package templates

import "embed"

// FS is the default templates and assets. The all: prefix keeps files whose
// names start with a dot or an underscore, such as vendored licence files.
//
//go:embed all:layout all:partials all:pages all:assets
var FS embed.FS
