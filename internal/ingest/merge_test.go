package ingest

import (
	"reflect"
	"testing"
	"time"

	"github.com/evalbook/evalbook/internal/project"
)

// TestCopyTimes wants copyTimes to make the time column SetOptional makes
// from the same ratings, whenever it reports that it made it, and to leave
// files with a comment or a time kept as time.Time to SetOptional.
func TestCopyTimes(t *testing.T) {
	at := func(sec int64) time.Time { return time.Unix(sec, 0).UTC() }
	est := time.FixedZone("EST", -5*3600)
	file := func(times []time.Time, comment string) *annotResult {
		r := &annotResult{}
		for i, tm := range times {
			c := ""
			if i == 0 {
				c = comment
			}
			r.ratings.add(rawRating{Rating: project.Rating{Item: "q", Rater: "r", Value: 1, Time: tm, Comment: c}, dim: "d"})
		}
		return r
	}
	all := func(files []*annotResult) []ref {
		var refs []ref
		for f, r := range files {
			if r == nil {
				continue
			}
			for i := range r.ratings.Len() {
				refs = append(refs, ref{int32(f), int32(i)})
			}
		}
		return refs
	}
	for _, tc := range []struct {
		name   string
		files  []*annotResult
		copied bool
	}{
		{"no times", []*annotResult{file([]time.Time{{}, {}}, ""), file([]time.Time{{}}, "")}, true},
		{"times in one file", []*annotResult{file([]time.Time{{}, {}}, ""), file([]time.Time{at(5), {}}, "")}, true},
		{"times everywhere", []*annotResult{file([]time.Time{at(1), at(2)}, ""), file([]time.Time{at(3)}, "")}, true},
		{"a file left out", []*annotResult{file([]time.Time{at(1)}, ""), nil, file([]time.Time{{}, at(3)}, "")}, true},
		{"a time zone", []*annotResult{file([]time.Time{at(1)}, ""), file([]time.Time{at(3).In(est)}, "")}, false},
		{"a comment", []*annotResult{file([]time.Time{at(1)}, "why"), file([]time.Time{at(3)}, "")}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			refs := all(tc.files)
			var got project.Ratings
			got.Item = make([]int32, len(refs)) // the length SetOptional goes by
			copied := copyTimes(&got, tc.files, refs)
			if copied != tc.copied {
				t.Fatalf("copyTimes reports %v, want %v", copied, tc.copied)
			}
			if !copied {
				return
			}
			var want project.Ratings
			want.Item = make([]int32, len(refs))
			want.SetOptional(func(i int) (time.Time, string) {
				return tc.files[refs[i].file].ratings.TimeAt(int(refs[i].index)), ""
			})
			if !reflect.DeepEqual(got.Time, want.Time) || got.Times != nil || want.Times != nil {
				t.Errorf("copyTimes made %v (times %v), SetOptional %v (times %v)", got.Time, got.Times, want.Time, want.Times)
			}
		})
	}
}
