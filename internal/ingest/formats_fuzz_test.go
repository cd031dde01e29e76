package ingest

import (
	"testing"
)

// checkReport checks what must hold of any source report.
func checkReport(t *testing.T, name string, data string) {
	p := checkLoad(t, name, data)
	if p == nil {
		return
	}
	for _, r := range p.Sources {
		if r.Read < 0 || r.Records != r.Read+r.SkippedRecords() || r.Values < 0 {
			t.Fatalf("report does not add up: %+v", r)
		}
		for _, s := range r.Skipped {
			if s.N < 1 || s.Reason == "" || s.Example.File != name {
				t.Fatalf("bad skip %+v", s)
			}
		}
	}
}

func FuzzLabelStudio(f *testing.F) {
	for _, s := range []string{
		sample(f, "labelstudio.json"),
		sample(f, "labelstudio_min.json"),
		`[]`,
		`[{"id":1,"data":{"text":"a"},"annotations":[{"completed_by":{"id":3},"result":[{"from_name":"q","type":"number","value":{"number":1e999}}]}]}]`,
		`[{"id":"x","annotations":[{"completed_by":2,"was_cancelled":false,"result":[{"type":"choices","from_name":"c","value":{"choices":[]}},{"type":"taxonomy","from_name":"t","value":{"taxonomy":[["a"],["b"]]}}]}]}]`,
		`[{"id":1,"annotator":"a","annotation_id":2,"q":[{"rating":3}],"r":[1,2],"s":null,"t":true}]`,
		"[\n{\"id\":1,\"annotations\":[]},\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		checkReport(t, "data/annotations/export.json", data)
	})
}

func FuzzBatchResults(f *testing.F) {
	for _, s := range []string{
		sample(f, "batch_results.csv"),
		"HITId,WorkerId,AssignmentStatus,SubmitTime,Answer.q\nH1,W1,Rejected,,1\nH1,W2,Approved,Wed Mar 02 10:11:12 PST 2022,2\n",
		"HITId\tWorkerId\tInput.text\tAnswer.q\nH1\tW1\t\"a\"b\t3\n",
		"HITId,WorkerId,Answer.q\nH1,,1\n,W1,2\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		checkReport(t, "data/annotations/batch.csv", data)
	})
}

func FuzzDelimited(f *testing.F) {
	for _, s := range []string{
		sample(f, "semicolon.csv"),
		"item\trater\tdimension\tvalue\nq1\tr1\thelp\t4\n",
		"item rater dimension value\nq1 r1 help 4\nq2\tr1 help\t\n",
		"item|rater|dimension|value\nq1|r1|help|\"4|5\"\n",
		"item rater dimension value\nq 1\tr1\thelp\t4\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		checkReport(t, "data/annotations/ratings.txt", data)
	})
}
