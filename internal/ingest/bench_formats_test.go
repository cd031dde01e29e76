package ingest

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/evalbook/evalbook/internal/config"
)

// Sizes of the export benchmarks: 1,000,000 ratings each.
const (
	benchTasks       = 100_000 // Label Studio tasks (items)
	benchAnnotations = 2       // annotations per task
	benchResults     = 5       // rating results per annotation
	benchHITs        = 40_000  // batch-results HITs (items)
	benchAssignments = 5       // assignments per HIT
	benchAnswers     = 5       // Answer.* columns
)

// writeFile fills dir/name through a buffered writer and returns its size.
func writeFile(b *testing.B, dir, name string, fill func(w *bufio.Writer)) int64 {
	b.Helper()
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		b.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fill(w)
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	info, err := f.Stat()
	if err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return info.Size()
}

// writeLabelStudio writes a Label Studio export in the shape Label Studio
// writes (indented, every key of a task and an annotation), deterministic.
func writeLabelStudio(w *bufio.Writer) {
	choices := []string{"Helpful", "Partly helpful", "Not helpful"}
	w.WriteString("[\n")
	for t := range benchTasks {
		if t > 0 {
			w.WriteString(",\n")
		}
		fmt.Fprintf(w, "  {\n    \"id\": %d,\n    \"annotations\": [\n", 1000+t)
		for a := range benchAnnotations {
			if a > 0 {
				w.WriteString(",\n")
			}
			rater := (t*7 + a*13) % 300
			fmt.Fprintf(w, "      {\n        \"id\": %d,\n        \"completed_by\": %d,\n        \"result\": [\n", t*benchAnnotations+a, rater)
			for r := range benchResults {
				if r > 0 {
					w.WriteString(",\n")
				}
				if r == 0 {
					fmt.Fprintf(w, "          {\"value\": {\"choices\": [%q]}, \"id\": \"r%d-%d\", \"from_name\": \"helpfulness\", \"to_name\": \"response\", \"type\": \"choices\", \"origin\": \"manual\"}", choices[(t+a)%3], t, r)
				} else {
					fmt.Fprintf(w, "          {\"value\": {\"rating\": %d}, \"id\": \"r%d-%d\", \"from_name\": \"q%d\", \"to_name\": \"response\", \"type\": \"rating\", \"origin\": \"manual\"}", 1+(t+a+r)%5, t, r, r)
				}
			}
			fmt.Fprintf(w, "\n        ],\n        \"was_cancelled\": false,\n        \"ground_truth\": false,\n        \"created_at\": \"2024-05-02T09:%02d:%02d.118251Z\",\n        \"updated_at\": \"2024-05-02T09:%02d:%02d.118290Z\",\n        \"lead_time\": %d.37,\n        \"task\": %d,\n        \"project\": 12\n      }", t%60, a, t%60, a, 10+t%90, 1000+t)
		}
		fmt.Fprintf(w, "\n    ],\n    \"drafts\": [],\n    \"predictions\": [],\n    \"data\": {\n      \"prompt\": \"Question %d: how do I return a damaged kettle bought last month?\",\n      \"response\": \"Thank you for reaching out. You can return it within 30 days of delivery; answer %d.\"\n    },\n    \"meta\": {},\n    \"created_at\": \"2024-05-01T16:40:12.551872Z\",\n    \"updated_at\": \"2024-05-02T10:01:55.434570Z\",\n    \"inner_id\": %d,\n    \"total_annotations\": %d,\n    \"cancelled_annotations\": 0,\n    \"total_predictions\": 0,\n    \"project\": 12,\n    \"updated_by\": 9\n  }", t, t, t+1, benchAnnotations)
	}
	w.WriteString("\n]\n")
}

// writeBatch writes a batch-results CSV with the platform's columns.
func writeBatch(w *bufio.Writer) {
	w.WriteString(`"HITId","HITTypeId","Title","Description","Keywords","Reward","CreationTime","MaxAssignments","RequesterAnnotation","AssignmentDurationInSeconds","AutoApprovalDelayInSeconds","Expiration","NumberOfSimilarHITs","LifetimeInSeconds","AssignmentId","WorkerId","AssignmentStatus","AcceptTime","SubmitTime","AutoApprovalTime","ApprovalTime","RejectionTime","RequesterFeedback","WorkTimeInSeconds","LifetimeApprovalRate","Last30DaysApprovalRate","Last7DaysApprovalRate","Input.prompt","Input.response"`)
	for q := range benchAnswers {
		fmt.Fprintf(w, `,"Answer.q%d"`, q)
	}
	w.WriteString(`,"Approve","Reject"` + "\r\n")
	for h := range benchHITs {
		for a := range benchAssignments {
			fmt.Fprintf(w, `"3XJOUITW8URHJMMBLBVT%010d","3MZ3TAMYTLJ2X6D0Q6NB6YS9TW3LRM","Rate a support answer","Read the answer and rate it","rating, text","$0.10","Wed Mar 02 09:55:12 PST 2022","%d","BatchId:4812791;OriginalHitTemplateId:928390;","1800","259200","Wed Mar 09 09:55:12 PST 2022","","","3EO896NRAZ3QB1XZ0%08d%02d","A%013d","Approved","Wed Mar 02 10:%02d:40 PST 2022","Wed Mar 02 10:%02d:12 PST 2022","Sat Mar 05 10:11:12 PST 2022","Sat Mar 05 10:11:13 PST 2022","","","92","100%% (52/52)","100%% (52/52)","100%% (12/12)","Question %d: how do I return a damaged kettle bought last month? It arrived with a cracked lid and the box was torn.","Thank you for reaching out, and sorry that your kettle arrived damaged. You can return it within 30 days of delivery: open your orders, choose Return, and print the prepaid label; we refund you as soon as the parcel is scanned. Answer %d."`,
				h, benchAssignments, h, a, (h*3+a*7)%300, h%60, h%60, h, h)
			for q := range benchAnswers {
				fmt.Fprintf(w, `,"%d"`, 1+(h+a+q)%5)
			}
			w.WriteString(`,"",""` + "\r\n")
		}
	}
}

// benchRead times one reader of annotations over one big file: the read
// alone (sniff and stream into the per-file result), without the merge.
func benchRead(b *testing.B, name string, fill func(*bufio.Writer), ratings int) {
	benchReadKind(b, name, kindAnnotations, config.Source{}, fill, ratings)
}

func BenchmarkReadLabelStudio(b *testing.B) {
	benchRead(b, "data/annotations/export.json", writeLabelStudio, benchTasks*benchAnnotations*benchResults)
}

func BenchmarkReadBatchResults(b *testing.B) {
	benchRead(b, "data/annotations/batch.csv", writeBatch, benchHITs*benchAssignments*benchAnswers)
}
