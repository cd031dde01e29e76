package ingest

import (
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/config"
)

// TestLoadErrors checks every kind of bad input against the exact message,
// position included. Columns are counted by hand from the inputs (1-based
// bytes).
func TestLoadErrors(t *testing.T) {
	const m = "data/metrics/a.csv"
	const a = "data/annotations/a.csv"
	tests := []struct {
		name  string
		files files
		cfg   func(*config.Config)
		want  string
	}{
		// Metric CSVs.
		{"long unknown column", files{m: "iteration,metric,value,score\n"}, nil,
			`data/metrics/a.csv:1:24: unknown column "score"; a long metric file has the columns iteration, metric, value and optionally item, slice, timestamp`},
		{"no iteration column", files{m: "item,acc\nq1,1\n"}, nil,
			`data/metrics/a.csv:1: the header has no "iteration" column; every metric file needs one (rename it under [columns] in the config)`},
		{"duplicate column", files{m: "iteration,item,acc,acc\n"}, nil,
			`data/metrics/a.csv:1:20: column "acc" appears twice (columns 3 and 4)`},
		{"unnamed column", files{m: "iteration,,acc\n"}, nil,
			`data/metrics/a.csv:1:11: column 2 has no name`},
		{"not a number long", files{m: "iteration,metric,value\nv1,acc,0.5\nv1,acc,abc\n"}, nil,
			`data/metrics/a.csv:3:8: metric "acc": value "abc" is not a number`},
		{"not a number wide", files{m: "iteration,item,acc,f1\nv1,q1,0.5,high\n"}, nil,
			`data/metrics/a.csv:2:11: metric "f1": value "high" is not a number`},
		{"NaN", files{m: "iteration,item,acc\nv1,q1,NaN\n"}, nil,
			`data/metrics/a.csv:2:7: metric "acc": value "NaN" is not a number`},
		{"Inf", files{m: "iteration,item,acc\nv1,q1,-Inf\n"}, nil,
			`data/metrics/a.csv:2:7: metric "acc": value "-Inf" is not a number`},
		{"overflow", files{m: "iteration,item,acc\nv1,q1,1e999\n"}, nil,
			`data/metrics/a.csv:2:7: metric "acc": value 1e999 is beyond the range of a 64-bit float`},
		{"empty long value", files{m: "iteration,metric,value\nv1,acc,\n"}, nil,
			`data/metrics/a.csv:2:8: metric "acc": value "" is not a number`},
		{"empty iteration", files{m: "iteration,metric,value\n ,acc,1\n"}, nil,
			`data/metrics/a.csv:2:1: empty iteration`},
		{"empty metric", files{m: "iteration,metric,value\nv1,,1\n"}, nil,
			`data/metrics/a.csv:2:4: empty metric`},
		{"ragged row long", files{m: "iteration,metric,value\nv1,acc,0.5,x\n"}, nil,
			`data/metrics/a.csv:2:12: wrong number of fields: the row has 4, the header 3`},
		{"ragged row short", files{m: "iteration,metric,value\nv1,acc\n"}, nil,
			`data/metrics/a.csv:2:1: wrong number of fields: the row has 2, the header 3`},
		{"bare quote", files{m: "iteration,metric,value\nv1,a\"cc,1\n"}, nil,
			`data/metrics/a.csv:2:5: bare " in non-quoted-field`},
		{"quote inside quoted field", files{m: "iteration,metric,value\nv1,\"ac\"c,1\n"}, nil,
			`data/metrics/a.csv:2:7: extraneous or missing " in quoted-field`},
		{"unterminated quote", files{m: "iteration,metric,value\nv1,\"acc,1\nv2,acc,2\n"}, nil,
			`data/metrics/a.csv:3:10: extraneous or missing " in quoted-field (the row starts on line 2; is a closing quote missing?)`},
		{"bad timestamp", files{m: "iteration,metric,value,timestamp\nv1,acc,1,12/01/2026\n"}, nil,
			`data/metrics/a.csv:2:10: timestamp "12/01/2026" is neither RFC 3339 (2026-01-12T09:30:00Z) nor a date (2026-01-12)`},
		{"duplicate value in a file", files{m: "iteration,metric,value,item\nv1,acc,1,q1\nv1,acc,0,q2\nv1,acc,0,q1\n"}, nil,
			`data/metrics/a.csv:4: metric "acc": second value for iteration "v1", item "q1"; the first is at data/metrics/a.csv:2`},
		{"duplicate value across files", files{
			m:                    "iteration,metric,value\nv1,acc,1\n",
			"data/metrics/b.csv": "iteration,item,acc\nv1,,0.5\n",
		}, nil,
			`data/metrics/b.csv:2: metric "acc": second value for iteration "v1" (no item); the first is at data/metrics/a.csv:2`},
		{"renamed column missing", files{m: "iteration,metric,value\n"},
			func(c *config.Config) { c.Columns.Iteration = "model" },
			`data/metrics/a.csv:1: the header has no "model" column; every metric file needs one (rename it under [columns] in the config)`},
		{"first error in file order", files{
			"data/metrics/b.csv": "iteration,metric,value\nv1,acc,x\n",
			m:                    "iteration,metric,value\nv1,acc,y\n",
		}, nil,
			`data/metrics/a.csv:2:8: metric "acc": value "y" is not a number`},

		// Annotations.
		{"annotation missing column", files{a: "item,rater,value\n"}, nil,
			`data/annotations/a.csv:1: the header has no "dimension" column; an annotation file has the columns item, rater, dimension, value and optionally iteration, timestamp, gold, comment`},
		{"annotation unknown column", files{a: "item,rater,dimension,value,note\n"}, nil,
			`data/annotations/a.csv:1:28: unknown column "note"; an annotation file has the columns item, rater, dimension, value and optionally iteration, timestamp, gold, comment`},
		{"annotation empty rater", files{a: "item,rater,dimension,value\nq1,,help,3\n"}, nil,
			`data/annotations/a.csv:2:4: empty rater`},
		{"label on interval dimension", files{a: "item,rater,dimension,value\nq1,r1,help,3\nq2,r1,help,good\nq3,r1,help,bad\n"},
			func(c *config.Config) { c.Dimensions = map[string]config.DimensionConfig{"help": {Scale: "interval"}} },
			`data/annotations/a.csv:3:12: dimension "help" is interval in the config, but value "good" is not a number`},
		{"label outside configured labels", files{a: "item,rater,dimension,value\nq1,r1,tone,polite\nq1,r2,tone,rude\n"},
			func(c *config.Config) {
				c.Dimensions = map[string]config.DimensionConfig{"tone": {Labels: []string{"polite", "neutral"}}}
			},
			`data/annotations/a.csv:3:12: dimension "tone": label "rude" is not one of the configured labels (polite, neutral)`},
		{"value outside range", files{a: "item,rater,dimension,value\nq1,r1,help,6\n"},
			func(c *config.Config) {
				lo, hi := 1.0, 5.0
				c.Dimensions = map[string]config.DimensionConfig{"help": {Min: &lo, Max: &hi}}
			},
			`data/annotations/a.csv:2:12: dimension "help": value 6 is outside the configured range 1 to 5`},
		{"label on ordinal dimension with a range", files{a: "item,rater,dimension,value\nq1,r1,help,3\nq2,r1,help,n/a\nq3,r1,help,4\n"},
			func(c *config.Config) {
				lo, hi := 1.0, 5.0
				c.Dimensions = map[string]config.DimensionConfig{"help": {Scale: "ordinal", Min: &lo, Max: &hi}}
			},
			`data/annotations/a.csv:3:12: dimension "help" has a range 1 to 5 in the config, but value "n/a" is not a number`},
		{"only labels on a dimension with a minimum", files{a: "item,rater,dimension,value\nq1,r1,help,n/a\nq2,r1,help,skip\n"},
			func(c *config.Config) {
				lo := 0.0
				c.Dimensions = map[string]config.DimensionConfig{"help": {Min: &lo}}
			},
			`data/annotations/a.csv:2:12: dimension "help" has a range of at least 0 in the config, but value "n/a" is not a number`},
		// JSONL gives no column for a value yet (issue 14, finding 6).
		{"label in jsonl on a dimension with a maximum", files{"data/annotations/b.jsonl": "{\"item\":\"q1\",\"rater\":\"r1\",\"dimension\":\"help\",\"value\":3}\n{\"item\":\"q2\",\"rater\":\"r1\",\"dimension\":\"help\",\"value\":\"n/a\"}\n"},
			func(c *config.Config) {
				hi := 5.0
				c.Dimensions = map[string]config.DimensionConfig{"help": {Max: &hi}}
			},
			`data/annotations/b.jsonl:2: dimension "help" has a range of at most 5 in the config, but value "n/a" is not a number`},
		{"annotation bad timestamp", files{a: "item,rater,dimension,value,timestamp\nq1,r1,help,3,yesterday\n"}, nil,
			`data/annotations/a.csv:2:14: timestamp "yesterday" is neither RFC 3339 (2026-01-12T09:30:00Z) nor a date (2026-01-12)`},
		{"jsonl syntax", files{"data/annotations/b.jsonl": "{\"item\":\"q1\",\"rater\":\"r1\",\"dimension\":\"help\",\"value\":3}\n{\"item\":\"q2\",,}\n"}, nil,
			`data/annotations/b.jsonl:2:14: record 2: invalid character ',' looking for beginning of object key string`},
		{"jsonl not an object", files{"data/annotations/b.jsonl": "  [1,2]\n"}, nil,
			`data/annotations/b.jsonl:1:3: record 1: want a JSON object ({...}), one per line`},
		{"jsonl unknown key", files{"data/annotations/b.jsonl": `{"item":"q1","rater":"r1","dimension":"help","value":3,"score":1,"note":"x"}` + "\n"}, nil,
			`data/annotations/b.jsonl:1: unknown key "note"; an annotation has the keys item, rater, dimension, value and optionally iteration, timestamp, gold, comment`},
		{"repeated rating in strict mode", files{
			a:                        "item,rater,dimension,value,iteration\nq1,r1,help,1,v1\nq2,r1,help,2,v1\n",
			"data/annotations/b.csv": "item,rater,dimension,value,iteration\nq1,r1,help,1,v2\nq1,r1,help,5,v1\nq1,r1,help,4,v1\n",
		}, func(c *config.Config) { c.Agreement.Strict = true },
			`data/annotations/b.csv:3: rater "r1" rated item "q1" on "help" in iteration "v1" again; the first rating is at data/annotations/a.csv:2 (agreement.strict is on, so a repeated rating is an error; keep one of the two)`},
		{"repeated rating in strict mode without iteration", files{a: "item,rater,dimension,value\nq1,r1,tone,ok\nq1,r1,tone,bad\n"},
			func(c *config.Config) { c.Agreement.Strict = true },
			`data/annotations/a.csv:3: rater "r1" rated item "q1" on "tone" again; the first rating is at data/annotations/a.csv:2 (agreement.strict is on, so a repeated rating is an error; keep one of the two)`},
		{"mostly numbers with a label", files{a: "item,rater,dimension,value\nq1,r1,help,3\nq2,r1,help,4\nq3,r1,help,good\nq4,r1,help,bad\nq5,r1,help,5\n"}, nil,
			`data/annotations/a.csv:4:12: dimension "help" mixes numbers (first at data/annotations/a.csv:2) and labels; set dimensions.help.scale = "nominal" (and labels) in config.toml if labels are intended`},
		{"mostly numbers, label first, across files", files{
			a:                          "item,rater,dimension,value\nq1,r1,help,n/a\n",
			"data/annotations/b.jsonl": `{"item":"q1","rater":"r2","dimension":"help","value":4}` + "\n" + `{"item":"q1","rater":"r3","dimension":"help","value":"5"}` + "\n",
		}, nil,
			`data/annotations/a.csv:2:12: dimension "help" mixes numbers (first at data/annotations/b.jsonl:1) and labels; set dimensions.help.scale = "nominal" (and labels) in config.toml if labels are intended`},
		{"jsonl mixed has no column", files{"data/annotations/b.jsonl": `{"item":"q1","rater":"r2","dimension":"help","value":4}` + "\n" +
			`{"item":"q2","rater":"r2","dimension":"help","value":3}` + "\n" + `{"item":"q3","rater":"r2","dimension":"help","value":"x"}` + "\n"}, nil,
			`data/annotations/b.jsonl:3: dimension "help" mixes numbers (first at data/annotations/b.jsonl:1) and labels; set dimensions.help.scale = "nominal" (and labels) in config.toml if labels are intended`},
		{"jsonl bool gold", files{"data/annotations/b.jsonl": `{"item":"q1","rater":"r1","dimension":"help","value":3,"gold":true}` + "\n"}, nil,
			`data/annotations/b.jsonl:1:63: record 1: "gold" must be a string or a number`},
		{"jsonl gold out of range", files{"data/annotations/b.jsonl": `{"item":"q1","rater":"r1","dimension":"help","value":3,"gold":-1e999}` + "\n"}, nil,
			`data/annotations/b.jsonl:1:63: record 1: "gold": -1e999 is beyond the range of a 64-bit float`},
		{"jsonl bool value", files{"data/annotations/b.jsonl": `{"item":"q1","rater":"r1","dimension":"help","value":true}` + "\n"}, nil,
			`data/annotations/b.jsonl:1:54: record 1: "value" must be a string or a number`},
		{"jsonl object value", files{"data/annotations/b.jsonl": `{"item":"q1","rater":"r1","dimension":"help","value":{"x":1}}` + "\n"}, nil,
			`data/annotations/b.jsonl:1:54: record 1: "value" must be a string or a number`},
		{"jsonl missing item", files{"data/annotations/b.jsonl": "\n" + `{"rater":"r1","dimension":"help","value":2}` + "\n"}, nil,
			`data/annotations/b.jsonl:2: missing or empty "item"`},

		// Gold answers.
		{"gold conflict between items and annotations", files{
			"data/items.jsonl": `{"id":"q1"}` + "\n" + `{"id":"q2","gold":{"help":4,"tone":"polite"}}` + "\n",
			a:                  "item,rater,dimension,value,gold\nq2,r1,help,4,4.0\nq2,r2,help,3,3\n",
		}, nil, `data/annotations/a.csv:3:14: gold answer "3" for item "q2" on "help" conflicts with "4" at data/items.jsonl:2`},
		{"gold conflict within annotations", files{
			a: "item,rater,dimension,value,gold\nq1,r1,tone,rude,rude\nq1,r2,tone,rude,\nq1,r3,tone,,polite\n",
		}, nil, `data/annotations/a.csv:4:13: gold answer "polite" for item "q1" on "tone" conflicts with "rude" at data/annotations/a.csv:2:17`},
		{"gold label on numeric dimension in items", files{
			"data/items.jsonl": `{"id":"q1","gold":{"help":"good"}}` + "\n",
			a:                  "item,rater,dimension,value\nq1,r1,help,4\n",
		}, nil, `data/items.jsonl:1: dimension "help" is numeric (every rating is a number), but the gold answer "good" for item "q1" is a label`},
		{"gold label on numeric dimension in annotations", files{
			"data/annotations/b.jsonl": `{"item":"q1","rater":"r1","dimension":"help","value":4,"gold":"four"}` + "\n",
		}, nil, `data/annotations/b.jsonl:1: dimension "help" is numeric (every rating is a number), but the gold answer "four" for item "q1" is a label`},
		{"gold outside configured labels", files{a: "item,rater,dimension,value,gold\nq1,r1,tone,rude,impolite\n"},
			func(c *config.Config) {
				c.Dimensions = map[string]config.DimensionConfig{"tone": {Labels: []string{"polite", "rude"}}}
			},
			`data/annotations/a.csv:2:17: dimension "tone": gold answer "impolite" for item "q1" is not one of the configured labels (polite, rude)`},
		{"gold outside configured range", files{
			"data/items.jsonl": `{"id":"q1","gold":{"help":0}}` + "\n",
			a:                  "item,rater,dimension,value\nq1,r1,help,4\n",
		}, func(c *config.Config) {
			lo, hi := 1.0, 5.0
			c.Dimensions = map[string]config.DimensionConfig{"help": {Min: &lo, Max: &hi}}
		}, `data/items.jsonl:1: dimension "help": gold answer 0 for item "q1" is outside the configured range 1 to 5`},
		{"items gold not an object", files{"data/items.jsonl": `{"id":"q1","gold":[4]}` + "\n"}, nil,
			`data/items.jsonl:1:19: record 1: "gold" must be an object that maps a dimension to the item's known answer, such as {"factuality": 2}`},
		{"items gold bool answer", files{"data/items.jsonl": `{"id":"q1","gold":{"help":4,"fluent":true}}` + "\n"}, nil,
			`data/items.jsonl:1:38: record 1: gold answer of item "q1" on "fluent" must be a string or a number`},
		{"items gold nested answer", files{"data/items.jsonl": `{"id":"q1","gold":{"help":{"v1":4}}}` + "\n"}, nil,
			`data/items.jsonl:1:27: record 1: gold answer of item "q1" on "help" must be a string or a number`},
		{"items gold out of range", files{"data/items.jsonl": `{"id":"q1","gold":{"help":1e400}}` + "\n"}, nil,
			`data/items.jsonl:1:27: record 1: gold answer of item "q1" on "help": 1e400 is beyond the range of a 64-bit float`},
		{"items gold empty dimension", files{"data/items.jsonl": `{"id":"q1","gold":{" ":4}}` + "\n"}, nil,
			`data/items.jsonl:1: item "q1": "gold" has an empty dimension name`},

		// Iterations.
		{"iteration not listed", files{
			"data/iterations.toml": "[[iteration]]\nid = \"v1\"\n",
			m:                      "iteration,metric,value\nv1,acc,1\nv2,acc,2\n",
		}, nil, `data/metrics/a.csv:3:1: iteration "v2" is not listed in data/iterations.toml`},
		{"annotation iteration not listed", files{
			"data/iterations.toml": "[[iteration]]\nid = \"v1\"\n",
			a:                      "item,rater,dimension,value,iteration\nq1,r1,help,3,v1\nq1,r1,help,3,v0\n",
		}, nil, `data/annotations/a.csv:3:14: iteration "v0" is not listed in data/iterations.toml`},
		{"baseline cycle", files{"data/iterations.toml": `[[iteration]]
id = "v1"
baseline = "v3"

[[iteration]]
id = "v2"
baseline = "v1"

[[iteration]]
id = "v3"
baseline = "v2"
`}, nil, `data/iterations.toml:3: baseline cycle: v1 -> v3 -> v2 -> v1`},
		{"baseline is itself", files{"data/iterations.toml": "[[iteration]]\nid = \"v0\"\n[[iteration]]\nid = \"v1\"\nbaseline = \"v1\"\n"}, nil,
			`data/iterations.toml:5: baseline cycle: v1 -> v1`},
		{"unknown baseline", files{"data/iterations.toml": "[[iteration]]\nid = \"v1\"\nbaseline = \"v0\"\n"}, nil,
			`data/iterations.toml:3: iteration "v1": baseline "v0" is not an iteration in this file`},
		{"duplicate iteration", files{"data/iterations.toml": "[[iteration]]\nid = \"v1\"\n\n[[iteration]]\n  id = \"v1\"\n"}, nil,
			`data/iterations.toml:5: iteration "v1" is listed twice (first on line 1)`},
		{"iteration without id", files{"data/iterations.toml": "[[iteration]]\nid = \"v1\"\n[[iteration]]\ndescription = \"x\"\n"}, nil,
			`data/iterations.toml:3: iteration has no id`},
		{"iterations unknown key", files{"data/iterations.toml": "[[iteration]]\nid = \"v1\"\nname = \"x\"\n"}, nil,
			`data/iterations.toml:3: unknown key "iteration.name"`},
		{"iterations syntax", files{"data/iterations.toml": "[[iteration]]\nid = v1\n"}, nil,
			`data/iterations.toml:2:6: expected value but found "v" instead`},

		// Items.
		{"duplicate item", files{"data/items.jsonl": "{\"id\":\"q1\"}\n{\"id\":\"q2\"}\n{\"id\":\"q1\"}\n"}, nil,
			`data/items.jsonl:3: item "q1" appears again; its first line is data/items.jsonl:1`},
		{"item syntax", files{"data/items.jsonl": "{\"id\":\"q1\"}\n{\"id\":\"q2\" \"input\":\"x\"}\n"}, nil,
			`data/items.jsonl:2:12: record 2: invalid character '"' after object key:value pair`},
		{"item without id", files{"data/items.jsonl": "{\"input\":\"x\"}\n"}, nil,
			`data/items.jsonl:1: missing or empty "id"`},
		{"item nested slice", files{"data/items.jsonl": "{\"id\":\"q1\",\"tags\":[\"a\"]}\n"}, nil,
			`data/items.jsonl:1:19: record 1: slice "tags" must be a string, a number or a bool`},
		{"item number text", files{"data/items.jsonl": "{\"id\":\"q1\",\"input\":3}\n"}, nil,
			`data/items.jsonl:1:20: record 1: "input" must be a string`},

		// Markdown.
		{"unknown iteration in case study", files{
			m:                        "iteration,metric,value\nv1,acc,1\n",
			"casestudies/grounds.md": "+++\ntitle = \"Grounding\"\n\niterations = [\"v1\", \"v7\"]\n+++\nBody\n",
		}, nil, `casestudies/grounds.md:4: iterations: unknown iteration "v7"`},
		{"the first of many bad documents", files{ // checked in parallel, reported in plan order
			m:                    "iteration,metric,value\nv1,acc,1\n",
			"casestudies/a01.md": "+++\ntitle = \"A\"\n+++\nBody\n",
			"casestudies/a02.md": "+++\ntitle = \"B\"\niterations = [\"v2\"]\n+++\nBody\n",
			"casestudies/a03.md": "+++\ntitle = \"C\"\niterations = [\"v3\"]\n+++\nBody\n",
			"casestudies/a04.md": "+++\ntitle = \"D\"\n+++\n{{< metric acc v4 >}}\n",
			"casestudies/a05.md": "+++\ntitle = \"E\"\niterations = [\"v5\"]\n+++\nBody\n",
		}, nil, `casestudies/a02.md:3: iterations: unknown iteration "v2"`},
		{"unknown metric in case study", files{
			m:                        "iteration,metric,value\nv1,acc,1\n",
			"casestudies/grounds.md": "+++\ntitle = \"Grounding\"\nmetrics = [\"acc\", \"accuracy\"]\n+++\n",
		}, nil, `casestudies/grounds.md:3: metrics: unknown metric "accuracy"`},
		{"unknown primary", files{
			m:                        "iteration,metric,value\nv1,acc,1\nv2,acc,1\n",
			"casestudies/grounds.md": "+++\ncandidate = \"v2\"\nprimary = \"helpfulness\"\n+++\n",
		}, nil, `casestudies/grounds.md:3: primary: unknown metric or dimension "helpfulness"`},
		{"unknown candidate", files{
			m:                        "iteration,metric,value\nv1,acc,1\n",
			"casestudies/grounds.md": "+++\ncandidate = \"v3\"\nprimary = \"acc\"\n+++\n",
		}, nil, `casestudies/grounds.md:2: candidate: unknown iteration "v3"`},
		{"shortcode syntax", files{
			m:                        "iteration,metric,value\nv1,acc,1\n",
			"casestudies/grounds.md": "+++\ntitle = \"G\"\n+++\nAcc {{< metric acc >}}\n",
		}, nil, `casestudies/grounds.md:4:5: shortcode metric takes 2 arguments (metric or dimension, iteration), got 1`},
		{"shortcode unknown metric", files{
			m:                        "iteration,metric,value\nv1,acc,1\n",
			"casestudies/grounds.md": "+++\ntitle = \"G\"\n+++\nx\n\n| a |\n|---|\n| {{< delta accuracy v1 >}} |\n",
		}, nil, `casestudies/grounds.md:8:3: shortcode delta: unknown metric or dimension "accuracy"`},
		{"shortcode unknown iteration", files{
			m:              "iteration,metric,value\nv1,acc,1\n",
			"content/a.md": "Acc {{< metric acc v1 >}}, then {{< metric acc v7 >}}.\n",
		}, func(c *config.Config) { c.Content.PlainPages = true }, `content/a.md:1:33: shortcode metric: unknown iteration "v7"`},
		{"shortcode alpha of a metric", files{
			m:              "iteration,metric,value\nv1,acc,1\n",
			"content/a.md": "{{< alpha acc v1 >}}\n",
		}, func(c *config.Config) { c.Content.PlainPages = true }, `content/a.md:1:1: shortcode alpha: unknown dimension "acc"`},
		{"shortcode chart of an unknown dimension", files{
			m:              "iteration,metric,value\nv1,acc,1\n",
			"content/a.md": "{{< chart dimension acc >}}\n",
		}, func(c *config.Config) { c.Content.PlainPages = true }, `content/a.md:1:1: shortcode chart: unknown dimension "acc"`},
		{"shortcode verdict without an experiment", files{
			m:                        "iteration,metric,value\nv1,acc,1\n",
			"casestudies/grounds.md": "+++\ntitle = \"G\"\n+++\n\n**{{< verdict >}}**\n",
		}, nil, `casestudies/grounds.md:5:3: shortcode verdict: only a case study that states an experiment (candidate, primary) has a verdict`},
		{"primary without candidate", files{
			m:                        "iteration,metric,value\nv1,acc,1\n",
			"casestudies/grounds.md": "+++\nprimary = \"acc\"\n+++\n",
		}, nil, `casestudies/grounds.md:2: primary is set but candidate is not; an experiment needs the candidate iteration`},
		{"investigation of an unknown metric", files{
			m: "iteration,item,acc\nv1,q1,1\n", a: "iteration,item,rater,dimension,value\nv1,q1,r1,help,4\n",
			"content/why.md": "+++\ntitle = \"Why\"\n[[discrepancies]]\nmetric = \"acc\"\ndimension = \"help\"\ncause = \"metric-flaw\"\n[[discrepancies]]\nmetric = \"bleu\"\ndimension = \"help\"\ncause = \"metric-flaw\"\n+++\nBody\n",
		}, nil, `content/why.md:7: discrepancies entry 2: unknown metric "bleu"`},
		{"investigation with an unknown cause", files{
			m: "iteration,item,acc\nv1,q1,1\n", a: "iteration,item,rater,dimension,value\nv1,q1,r1,help,4\n",
			"content/why.md": "+++\n[[discrepancies]]\nmetric = \"acc\"\ndimension = \"help\"\ncause = \"bad luck\"\n+++\n",
		}, nil, `content/why.md:2: discrepancies entry 1: cause "bad luck"; want one of guideline-gap, data-gap, prompt-issue, metric-flaw, other`},
		{"investigation of an unknown item", files{
			m: "iteration,item,acc\nv1,q1,1\n", a: "iteration,item,rater,dimension,value\nv1,q1,r1,help,4\n",
			"content/why.md": "+++\n[[discrepancies]]\nmetric = \"acc\"\ndimension = \"help\"\nitems = [\"q1\", \"nope\"]\ncause = \"data-gap\"\n+++\n",
		}, nil, `content/why.md:2: discrepancies entry 1: item "nope" is neither in the items file nor rated or measured on acc and help`},
		{"investigation of an unknown iteration", files{
			m: "iteration,item,acc\nv1,q1,1\n", a: "iteration,item,rater,dimension,value\nv1,q1,r1,help,4\n",
			"content/why.md": "+++\n[[discrepancies]]\nmetric = \"acc\"\ndimension = \"help\"\niterations = [\"v1\", \"v9\"]\ncause = \"data-gap\"\n+++\n",
		}, nil, `content/why.md:2: discrepancies entry 1: unknown iteration "v9"`},
		{"investigation without a dimension", files{
			m: "iteration,item,acc\nv1,q1,1\n", a: "iteration,item,rater,dimension,value\nv1,q1,r1,help,4\n",
			"content/why.md": "+++\n[[discrepancies]]\nmetric = \"acc\"\ncause = \"data-gap\"\n+++\n",
		}, nil, `content/why.md:2: discrepancies entry 1: needs a metric and a dimension`},
		{"unknown iteration in decision", files{
			"content/decisions/ship.md": "+++\r\niterations = [\"v2\"]\r\n+++\r\n",
		}, nil, `content/decisions/ship.md:2: iterations: unknown iteration "v2"`},
		{"broken front matter", files{"content/about.md": "+++\ntitle = \"About\"\nauthor = \"x\"\n+++\n"}, nil,
			`content/about.md:3: unknown key "author"`},
		{"unknown kind", files{"content/about.md": "+++\ntitle = \"About\"\nkind = \"memo\"\n+++\n"}, nil,
			`content/about.md:3: kind "memo" is not known; want "decision", "page" or no kind`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := config.Default()
			if tt.cfg != nil {
				tt.cfg(cfg)
			}
			p, _, err := Load(cfg, tt.files.fs())
			if err == nil {
				t.Fatalf("Load succeeded with %d metrics; want error %q", len(p.Metrics), tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("error\n got: %s\nwant: %s", err, tt.want)
			}
			if !startsWithAny(err.Error(), tt.files) {
				t.Errorf("error %q does not start with \"file:\" of a project file", err)
			}
		})
	}
}

func startsWithAny(s string, f files) bool {
	for name := range f {
		if strings.HasPrefix(s, name+":") {
			return true
		}
	}
	return false
}

func TestThresholdForUnknownMetric(t *testing.T) {
	limit := 0.5
	cfg := config.Default()
	cfg.Metrics = map[string]config.MetricConfig{"acuracy": {Thresholds: config.Thresholds{Min: &limit}}}
	_, _, err := Load(cfg, files{"data/metrics/m.csv": "iteration,metric,value\nv1,accuracy,1\n"}.fs())
	want := `config: [metrics.acuracy] sets thresholds, but no metric file has a metric "acuracy"; check the name`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v; want %s", err, want)
	}
	cfg.Metrics = nil
	cfg.Dimensions = map[string]config.DimensionConfig{"help": {Floor: &limit}}
	_, _, err = Load(cfg, files{"data/metrics/m.csv": "iteration,metric,value\nv1,accuracy,1\n"}.fs())
	if err == nil || !strings.Contains(err.Error(), "[dimensions.help] sets thresholds") {
		t.Errorf("error = %v; want one about [dimensions.help]", err)
	}
	cfg.Dimensions = map[string]config.DimensionConfig{"help": {Label: "Help"}}
	_, warnings, err := Load(cfg, files{"data/metrics/m.csv": "iteration,metric,value\nv1,accuracy,1\n"}.fs())
	if err != nil || len(warnings) != 1 {
		t.Errorf("a dimension configured without thresholds and without data: err %v, warnings %q; want one warning", err, warnings)
	}
}
