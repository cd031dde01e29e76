package project

import (
	"fmt"
	"slices"
	"strings"
)

// Shape says how a project's iterations relate to each other.
type Shape string

// The shapes (config key project.shape).
const (
	// ShapeTimeline: versions in series order; "previous", "latest" and
	// "regression" have their meaning.
	ShapeTimeline Shape = ""
	// ShapeSystems: unordered systems judged on the same items.
	ShapeSystems Shape = "systems"
	// ShapeRounds: a timeline of rounds, each with candidate systems.
	ShapeRounds Shape = "rounds"
)

// Unordered reports whether systems within a round have no order: true
// for ShapeSystems and ShapeRounds.
func (s Shape) Unordered() bool { return s == ShapeSystems || s == ShapeRounds }

// Round is one set of systems judged side by side: the whole project when
// its shape is ShapeSystems (ID ""), one round of a ShapeRounds project.
type Round struct {
	ID        string
	Systems   []int // indexes into Project.Iterations, in series order
	Reference int   // index of the reference system; -1 for none
}

// SetShape sets the project's shape from config (project.shape "timeline",
// "systems" or "rounds", and project.reference) and marks references. It
// is called once, after ingest and before any analysis. For "systems" the
// reference, when named, must be an iteration. For "rounds" every
// iteration needs a round (from the iterations file) and a round at most
// one reference.
func (p *Project) SetShape(shape, reference string) error {
	switch shape {
	case "", "timeline":
		p.Shape = ShapeTimeline
		return nil
	case "systems":
		p.Shape = ShapeSystems
		if reference == "" {
			return nil
		}
		for i := range p.Iterations {
			if p.Iterations[i].ID == reference {
				p.Iterations[i].Reference = true
				return nil
			}
		}
		ids := make([]string, len(p.Iterations))
		for i, it := range p.Iterations {
			ids[i] = it.ID
		}
		return fmt.Errorf("project.reference %q is not a system of the project (%s)", reference, strings.Join(ids, ", "))
	case "rounds":
		p.Shape = ShapeRounds
		refs := map[string]string{}
		for _, it := range p.Iterations {
			if it.Round == "" {
				return fmt.Errorf("project.shape is \"rounds\" but iteration %q has no round; give every [[iteration]] of the iterations file a round = \"...\"", it.ID)
			}
			if it.Reference {
				if r, dup := refs[it.Round]; dup {
					return fmt.Errorf("round %q has two references, %q and %q", it.Round, r, it.ID)
				}
				refs[it.Round] = it.ID
			}
		}
		return nil
	}
	return fmt.Errorf("project.shape is %q; want timeline, systems or rounds", shape)
}

// Rounds returns the project's rounds in order of their first iteration:
// one round with every iteration for ShapeSystems, one per round ID for
// ShapeRounds, and none for a timeline.
func (p *Project) Rounds() []Round {
	if !p.Shape.Unordered() {
		return nil
	}
	var out []Round
	at := map[string]int{}
	for i, it := range p.Iterations {
		id := it.Round
		if p.Shape == ShapeSystems {
			id = ""
		}
		k, ok := at[id]
		if !ok {
			k = len(out)
			at[id] = k
			out = append(out, Round{ID: id, Reference: -1})
		}
		out[k].Systems = append(out[k].Systems, i)
		if it.Reference {
			out[k].Reference = i
		}
	}
	return out
}

// RoundOf returns the round that holds iteration index i, and false for a
// timeline.
func (p *Project) RoundOf(i int) (Round, bool) {
	for _, r := range p.Rounds() {
		if slices.Contains(r.Systems, i) {
			return r, true
		}
	}
	return Round{}, false
}
