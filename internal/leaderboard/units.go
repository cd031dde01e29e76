package leaderboard

import (
	"github.com/evalbook/evalbook/internal/fingerprint"
	"github.com/evalbook/evalbook/internal/project"
)

// SubjectFingerprint returns the fingerprint of everything the boards of
// subject n (numbered as in Subjects) read: the rounds (their IDs,
// references and systems), the settings that are not another subject's,
// and the subject's name, kind, direction and values (iteration, item and
// value of each, in order). A project without rounds has no boards, so its
// subjects read nothing but their names.
func SubjectFingerprint(p *project.Project, s Settings, n int) fingerprint.Sum {
	h := fingerprint.New("leaderboard subject")
	rbs, _ := rounds(p)
	h.Int(len(rbs))
	for _, rb := range rbs {
		h.String(rb.Round).String(rb.Reference).Strings(rb.Systems)
	}
	if n < len(p.Metrics) {
		m := &p.Metrics[n]
		h.String("metric").String(m.Name)
		if len(rbs) == 0 {
			return h.Done()
		}
		vals := &m.Values
		h.Int(int(m.Direction)).Int(vals.Len())
		for i := range vals.Len() {
			h.String(vals.IterationName(i)).String(vals.ItemName(i)).Float(vals.Value[i])
		}
	} else {
		d := &p.Dimensions[n-len(p.Metrics)]
		h.String("dimension").String(d.Name).Bool(d.Numeric)
		if len(rbs) == 0 || !d.Numeric {
			return h.Done()
		}
		h.Bool(s.LowerDimensions[d.Name]).Int(d.Ratings.Len())
		for i := range d.Ratings.Len() {
			r := d.Ratings.At(i)
			h.String(r.Iteration).String(r.Item).Float(r.Value)
		}
	}
	s.LowerDimensions = nil
	return h.JSON(s).Done()
}
