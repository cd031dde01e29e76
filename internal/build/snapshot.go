package build

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/fingerprint"
	"github.com/evalbook/evalbook/internal/ingest"
	"github.com/evalbook/evalbook/internal/output"
	"github.com/evalbook/evalbook/internal/render"
)

// A site snapshot is the whole rendered site of the last build through a
// session with a cache folder, kept in that folder under the fingerprint
// of everything the build read (siteKey). A build whose inputs have that
// same fingerprint writes the snapshot's files and skips reading,
// analysing and rendering. The file has the layout of the ingest cache
// files: a magic line, the SHA-256 of the body, the body in encoding/gob
// with ingest.Stamp; a file that fails any check is ignored.

// snapshotMagic starts the snapshot file.
const snapshotMagic = "evalbook-site-snapshot\n"

// snapshotName is the snapshot's file in the cache folder (not .gob, so
// the ingest cache's pruning leaves it alone).
const snapshotName = "site.snapshot"

// snapshot is what the snapshot file holds.
type snapshot struct {
	Stamp    string
	Key      fingerprint.Sum
	Warnings []string
	Files    map[string][]byte
}

// siteKey fingerprints every input of a build: the evalbook build
// (ingest.Stamp, which covers the embedded templates), the config as
// loaded with its overrides, the config file's bytes, and the path and
// bytes of every file under each input path of the config and every file
// a [[sources]] glob matches (a folder is walked whole, hidden files
// included; a path that does not exist is recorded as missing). It hashes more than a build reads, never less.
func siteKey(cfg *config.Config) (fingerprint.Sum, error) {
	h := fingerprint.New("site snapshot").String(ingest.Stamp()).Value(*cfg)
	if cfg.File != "" {
		b, err := os.ReadFile(cfg.File)
		if err != nil {
			return fingerprint.Sum{}, err
		}
		h.String(cfg.File).String(string(b))
	}
	p := cfg.Paths
	paths := []string{p.Metrics, p.Annotations, p.Iterations, p.Items, p.Outputs, p.Raters, p.CaseStudies, p.Content, p.Templates}
	if ext := filepath.Ext(p.Raters); ext != "" {
		base := strings.TrimSuffix(p.Raters, ext)
		paths = append(paths, base+".csv", base+".tsv", base+".jsonl")
	}
	fsys, err := ingest.ProjectFS(cfg)
	if err != nil {
		return fingerprint.Sum{}, err
	}
	root, err := filepath.Abs(cfg.Root)
	if err != nil {
		return fingerprint.Sum{}, err
	}
	for _, p := range paths {
		if p == "" {
			continue
		}
		rel, err := filepath.Rel(root, cfg.Path(p))
		if err != nil {
			abs, _ := filepath.Abs(cfg.Path(p))
			rel, err = filepath.Rel(root, abs)
		}
		if err != nil || !filepath.IsLocal(rel) && rel != "." {
			return fingerprint.Sum{}, fmt.Errorf("%s is outside the project folder", p)
		}
		if err := hashPath(h, fsys, filepath.ToSlash(rel)); err != nil {
			return fingerprint.Sum{}, err
		}
	}
	// Files a [[sources]] glob names may lie outside those paths (an
	// aggregates folder): hash every match too.
	for _, s := range cfg.Sources {
		pattern := path.Clean(strings.TrimPrefix(s.Path, "./"))
		if !fs.ValidPath(pattern) {
			continue // the load reports a pattern outside the project
		}
		matches, err := fs.Glob(fsys, pattern)
		if err != nil {
			continue // the load reports a bad pattern
		}
		h.String("source " + s.Path).Int(len(matches))
		for _, m := range matches {
			if err := hashPath(h, fsys, m); err != nil {
				return fingerprint.Sum{}, err
			}
		}
	}
	return h.Done(), nil
}

// hashPath writes root's name and, for a file, its bytes, for a folder
// every file under it in lexical order, into h. It reads through fsys,
// the project folder as ingest reads it (package contain), so it opens
// nothing a build would refuse: such a path is an error, and the build
// reports it.
func hashPath(h *fingerprint.Hash, fsys fs.FS, root string) error {
	h.String("path").String(root)
	if _, err := fs.Stat(fsys, root); errors.Is(err, fs.ErrNotExist) {
		h.String("missing")
		return nil
	}
	return fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		f, err := fsys.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		sum := sha256.New()
		if _, err := io.Copy(sum, f); err != nil {
			return err
		}
		h.String(p).String(string(sum.Sum(nil)))
		return nil
	})
}

// readSnapshot returns the snapshot in dir made for key by this evalbook,
// or nil when there is none or it cannot be trusted.
func readSnapshot(dir string, key fingerprint.Sum) *snapshot {
	var s snapshot
	if !readChecked(filepath.Join(dir, snapshotName), snapshotMagic, &s) {
		return nil
	}
	if s.Stamp != ingest.Stamp() || s.Key != key || s.Files == nil {
		return nil
	}
	return &s
}

// writeSnapshot keeps files as the snapshot for key in dir.
func writeSnapshot(dir string, key fingerprint.Sum, warnings []string, files render.Files) error {
	s := snapshot{Stamp: ingest.Stamp(), Key: key, Warnings: slices.Clone(warnings), Files: files}
	if err := writeChecked(dir, snapshotName, snapshotMagic, &s); err != nil {
		return fmt.Errorf("site snapshot: %w", err)
	}
	return nil
}

// readChecked decodes into v the file at path written by writeChecked with
// magic, and reports whether it could: a file that is missing, starts
// otherwise, fails its checksum or does not decode is not used.
func readChecked(path, magic string, v any) bool {
	b, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	body, ok := bytes.CutPrefix(b, []byte(magic))
	if !ok || len(body) < sha256.Size {
		return false
	}
	sum, body := body[:sha256.Size], body[sha256.Size:]
	if check := sha256.Sum256(body); !bytes.Equal(check[:], sum) {
		return false
	}
	return gob.NewDecoder(bytes.NewReader(body)).Decode(v) == nil
}

// writeChecked writes v as the file name in dir: magic, the SHA-256 of the
// body, and the body in encoding/gob, through a temporary file and a
// rename, so a reader sees the old file or the new one.
func writeChecked(dir, name, magic string, v any) error {
	var body bytes.Buffer
	if err := gob.NewEncoder(&body).Encode(v); err != nil {
		return err
	}
	sum := sha256.Sum256(body.Bytes())
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".tmp-"+name+"-*")
	if err != nil {
		return err
	}
	_, err = f.Write([]byte(magic))
	if err == nil {
		_, err = f.Write(sum[:])
	}
	if err == nil {
		_, err = f.Write(body.Bytes())
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), filepath.Join(dir, name))
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// stateName is the file in the cache folder that records the output
// folder the last build through a session with that folder wrote, as
// output.Observe saw it (not .gob, so the ingest cache's pruning leaves it
// alone).
const stateName = "site.state"

// stateMagic starts the state file.
const stateMagic = "evalbook-site-state\n"

// siteState is what the state file holds: the output folder that a build
// of the inputs with fingerprint Key wrote, what it logged, and the
// folder's State right after.
type siteState struct {
	Stamp        string
	Key          fingerprint.Sum
	Output       string // absolute
	Files, Pages int
	Warnings     []string
	State        output.State
}

// readSiteState returns the state file in dir when this evalbook wrote it for
// key and the output folder out, or nil.
func readSiteState(dir string, key fingerprint.Sum, out string) *siteState {
	var st siteState
	if !readChecked(filepath.Join(dir, stateName), stateMagic, &st) {
		return nil
	}
	if st.Stamp != ingest.Stamp() || st.Key != key || st.Output != out {
		return nil
	}
	return &st
}

// siteBuild is the site a session's build writes, as snapshotSite found
// it.
type siteBuild struct {
	files    render.Files
	cfg      *config.Config
	out      string // the output folder, absolute
	warnings []string
	// keyed says that key fingerprints the inputs files were made from
	// (they did not change meanwhile).
	keyed bool
	key   fingerprint.Sum
	// kept is the state of the last build when nothing changed since
	// and its output folder is still exactly as it wrote it: then files
	// is nil and nothing is to be written.
	kept *siteState
}

// snapshotSite returns the site for build. When the session has a cache
// folder and the inputs' fingerprint is the one of the last build, that
// build's output folder, if still exactly as written (output.Unchanged),
// is kept as it is; else the snapshot's files are taken. Otherwise the
// site is made by site and kept as the new snapshot when the inputs did
// not change while it was made. A nil session or one without a folder
// always makes the site.
func (s *Session) snapshotSite(opt Options) (siteBuild, error) {
	if s == nil || s.dir == "" {
		files, a, err := site(opt, s)
		if err != nil {
			return siteBuild{}, err
		}
		return siteBuild{files: files, cfg: a.Config, out: outputDir(opt, a.Config)}, nil
	}
	s.snapshot, s.kept = false, false
	cfg, err := LoadConfig(opt)
	if err != nil {
		return siteBuild{}, err
	}
	out := outputDir(opt, cfg)
	key, kerr := siteKey(cfg)
	if kerr == nil {
		if st := readSiteState(s.dir, key, out); st != nil && output.Unchanged(out, st.State) {
			s.kept = true
			for _, w := range st.Warnings {
				logf(opt.Log, "warning: %s", w)
			}
			logf(opt.Log, "nothing changed since the last build, and its site in %s is as it wrote it", out)
			return siteBuild{cfg: cfg, out: out, keyed: true, key: key, kept: st}, nil
		}
		if snap := readSnapshot(s.dir, key); snap != nil {
			s.snapshot = true
			for _, w := range snap.Warnings {
				logf(opt.Log, "warning: %s", w)
			}
			logf(opt.Log, "nothing changed since the last build: reused its site snapshot")
			return siteBuild{files: snap.Files, cfg: cfg, out: out, warnings: snap.Warnings, keyed: true, key: key}, nil
		}
	}
	files, a, err := site(opt, s)
	if err != nil {
		return siteBuild{}, err
	}
	sb := siteBuild{files: files, cfg: a.Config, out: out, warnings: a.Warnings}
	if kerr != nil {
		return sb, nil
	}
	if after, err := siteKey(cfg); err == nil && after == key {
		sb.keyed, sb.key = true, key
		if err := writeSnapshot(s.dir, key, a.Warnings, files); err != nil && s.snapErr == nil {
			s.snapErr = err
		}
	}
	return sb, nil
}

// keepState records, after sb was written, the output folder's state in
// the session's cache folder, so that the next build of the same inputs
// can keep the folder as it is. A folder that cannot be observed (another
// system, a change meanwhile) records nothing, and the state of an
// earlier build stays: it cannot match the folder just written, since the
// folder is new (another inode).
func (s *Session) keepState(sb siteBuild, res Result) {
	if s == nil || s.dir == "" || !sb.keyed {
		return
	}
	st, err := output.Observe(sb.out, sb.files)
	if err != nil {
		return
	}
	rec := siteState{Stamp: ingest.Stamp(), Key: sb.key, Output: sb.out, Files: res.Files, Pages: res.Pages,
		Warnings: slices.Clone(sb.warnings), State: st}
	if err := writeChecked(s.dir, stateName, stateMagic, &rec); err != nil && s.snapErr == nil {
		s.snapErr = fmt.Errorf("site state: %w", err)
	}
}

// outputDir returns the absolute output folder of a build: --output, or
// paths.output of cfg.
func outputDir(opt Options, cfg *config.Config) string {
	out := opt.Output
	if out == "" {
		out = cfg.Path(cfg.Paths.Output)
	}
	if abs, err := filepath.Abs(out); err == nil {
		out = abs
	}
	return out
}
