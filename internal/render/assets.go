package render

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// assetDir is the folder of the template tree that is copied to the site,
// and the folder of the site it is copied to.
const assetDir = "assets"

// assets is the template tree's assets/ folder as copied to the site.
type assets struct {
	files Files             // site path -> content
	names map[string]string // name below assets/ -> site path, for example "style.css" -> "assets/style.3f2a1b9c.css"
}

// loadAssets reads every file under assets/ in fsys. A .js, .css or .svg
// file (scripts, style sheets, the favicon) gets the first 8 hex digits of
// the SHA-256 of its content before its extension, so a changed file always
// gets a new name and a browser or CDN never serves a stale copy; other
// files (licences) keep their names. A tree without assets/ gives no assets.
func loadAssets(fsys fs.FS) (*assets, error) {
	a := &assets{files: Files{}, names: map[string]string{}}
	err := fs.WalkDir(fsys, assetDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == assetDir && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			return err
		}
		if d.IsDir() {
			return nil
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		site := hashedName(p, b)
		a.files[site] = b
		a.names[strings.TrimPrefix(p, assetDir+"/")] = site
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading assets: %w", err)
	}
	return a, nil
}

// hashedName returns the site path of the asset at p with content b.
func hashedName(p string, b []byte) string {
	ext := path.Ext(p)
	if ext != ".js" && ext != ".css" && ext != ".svg" {
		return p
	}
	sum := sha256.Sum256(b)
	return strings.TrimSuffix(p, ext) + "." + hex.EncodeToString(sum[:4]) + ext
}

// path returns the site path of the asset name (a path below assets/, such
// as "style.css" or "vendor/echarts.min.js").
func (a *assets) path(name string) (string, error) {
	p, ok := a.names[name]
	if !ok {
		return "", fmt.Errorf("no asset %q in the templates' %s/ folder", name, assetDir)
	}
	return p, nil
}
