package render

import (
	"fmt"
	"maps"
)

// Site is a rendered site as RenderSite hands it back: every file whole
// in Files, but for the pages whose last bytes were given a new nav only
// (navsplice.go), which Spliced holds in parts, so that a new alert count
// in the nav costs no copy of 24,000 pages. A path is in one of the two
// maps, never both. Neither map, nor any bytes in them, is changed once
// returned: serve serves them as they are.
type Site struct {
	Files   Files
	Spliced map[string]Spliced
}

// Spliced is a page held in three parts: its bytes are Head, Nav and Tail
// one after the other. Head and Tail are parts of the page's last bytes,
// Nav the nav of this render.
type Spliced struct {
	Head, Nav, Tail []byte
}

// Len returns the length of the page's bytes.
func (s Spliced) Len() int { return len(s.Head) + len(s.Nav) + len(s.Tail) }

// Bytes returns the page's bytes, a new slice.
func (s Spliced) Bytes() []byte {
	out := make([]byte, 0, s.Len())
	return append(append(append(out, s.Head...), s.Nav...), s.Tail...)
}

// Same reports whether s and t are the very same parts (the same arrays,
// whole), hence the same bytes.
func (s Spliced) Same(t Spliced) bool {
	return sameSlice(s.Head, t.Head) && sameSlice(s.Nav, t.Nav) && sameSlice(s.Tail, t.Tail)
}

// Whole returns every file of the site whole: Files itself when no page
// is spliced, else a new map with the spliced pages' bytes made.
func (s Site) Whole() Files {
	if len(s.Spliced) == 0 {
		return s.Files
	}
	out := make(Files, len(s.Files)+len(s.Spliced))
	maps.Copy(out, s.Files)
	for name, sp := range s.Spliced {
		out[name] = sp.Bytes()
	}
	return out
}

// Len returns the number of files in the site.
func (s Site) Len() int { return len(s.Files) + len(s.Spliced) }

// add puts a whole file in the site; a path written twice is an error.
func (s Site) add(name string, b []byte) error {
	if _, dup := s.Spliced[name]; dup {
		return fmt.Errorf("two outputs want the path %s", name)
	}
	return s.Files.add(name, b)
}

// addSpliced puts a page in parts in the site; a path written twice is an
// error.
func (s Site) addSpliced(name string, sp Spliced) error {
	if _, dup := s.Files[name]; dup {
		return fmt.Errorf("two outputs want the path %s", name)
	}
	if _, dup := s.Spliced[name]; dup {
		return fmt.Errorf("two outputs want the path %s", name)
	}
	s.Spliced[name] = sp
	return nil
}
