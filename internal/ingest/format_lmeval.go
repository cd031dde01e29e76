package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/evalbook/evalbook/internal/number"
	"github.com/evalbook/evalbook/internal/project"
)

// The lm-eval-results format is the results file of EleutherAI's
// lm-evaluation-harness (results_<date>.json): {"results": {task:
// {"alias": ..., "acc,none": 0.71, "acc_stderr,none": 0.01, ...}},
// "versions", "n-shot", "n-samples", "config": {"model", "model_args"},
// "model_name", "date", ...}. One record is one task of "results"; every
// number in it is a value for the whole iteration (no item) of the metric
// task/metric, where metric is the key without its filter when the filter
// is "none" ("arc_easy/acc") and with it otherwise
// ("gsm8k/exact_match,strict-match"). Standard errors (*_stderr keys) are
// skipped and counted, or kept as metrics with stderr = "keep"; values that
// are not numbers ("N/A") are skipped and counted. The iteration is
// iteration_value, else "model_name", else the pretrained= of
// config.model_args, else config.model; "date" (Unix seconds) is the
// values' time. "groups", "configs", "versions" and the rest are not read:
// a group's figures are in "results" too.
//
// The lm-eval-samples format is the per-sample file that --log_samples
// writes (samples_<task>_<date>.jsonl): one object per document with
// "doc_id", "doc", "target", "resps", "filtered_resps", "filter",
// "metrics" (the names of its metric keys) and one key per metric ("acc":
// 1.0). One record is one line; every metric the line names whose value is
// a number (true and false are 1 and 0) is a value of task/metric (with
// ",filter" unless the filter is "none") for the item doc_id, or the
// source's item key ("doc.<key>" for a key of doc). Metric values of other
// shapes (bleu's [reference, prediction] pairs) are skipped and counted.
// The task is the file name's <task>; the iteration is iteration_value,
// else the name of the folder the file lies in (the harness writes
// <output_path>/<model>/samples_...), which must not be a data folder.
func init() {
	register(&format{
		name:  "lm-eval-results",
		kinds: []string{kindMetrics},
		order: 30,
		sniff: sniffLMEvalResults,
		read:  readLMEvalResults,
	})
	register(&format{
		name:  "lm-eval-samples",
		kinds: []string{kindMetrics},
		order: 31,
		sniff: sniffLMEvalSamples,
		read:  readLMEvalSamples,
	})
}

func sniffLMEvalResults(h *head) error {
	if why := h.binary(); why != "" {
		return errors.New(why)
	}
	if c := h.first(); c != '{' {
		return errors.New("not a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(h.b))
	dec.Token() // '{'
	var keys []string
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			break
		}
		s, _ := k.(string)
		keys = append(keys, s)
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			break
		}
	}
	switch {
	case len(keys) > 0 && keys[0] == "results":
		return nil
	case slices.Contains(keys, "results") && (slices.Contains(keys, "versions") || slices.Contains(keys, "config")):
		return nil
	}
	return errors.New(`no "results" object first or beside "versions" or "config"`)
}

// samplesName matches a --log_samples file name: samples_<task>_<date>.jsonl.
var samplesName = regexp.MustCompile(`^samples_(.+?)(_\d{4}-\d{2}-\d{2}T[0-9.\-]+)?\.jsonl$`)

func sniffLMEvalSamples(h *head) error {
	if why := h.binary(); why != "" {
		return errors.New(why)
	}
	line := bytes.TrimSpace(h.firstLine())
	if len(line) == 0 || line[0] != '{' {
		return errors.New("not a JSON object per line")
	}
	keys := lineKeys(line)
	if keys == nil { // a line longer than the head
		keys = map[string]bool{"doc_id": bytes.HasPrefix(line, []byte(`{"doc_id":`))}
		keys["resps"] = keys["doc_id"] && samplesName.MatchString(path.Base(h.name))
	}
	if !keys["doc_id"] || !keys["resps"] && !keys["filtered_resps"] {
		return errors.New(`line 1 has no "doc_id" with "resps" or "filtered_resps"`)
	}
	return nil
}

// lmMetricName names a harness metric key "metric,filter" of task.
func lmMetricName(task, key string) string {
	m, filter, _ := strings.Cut(key, ",")
	if filter == "" || filter == "none" {
		return task + "/" + m
	}
	return task + "/" + m + "," + filter
}

func readLMEvalResults(sf *sourceFile, r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("%s: %w", sf.path, err)
	}
	if !json.Valid(b) {
		var v any
		err := json.Unmarshal(b, &v)
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return errorf(sf.path, 1+bytes.Count(b[:min(int(se.Offset), len(b))], []byte{'\n'}), 0, "%v", se)
		}
		return fmt.Errorf("%s: %w", sf.path, jsonError(err))
	}
	if err := duplicateKeyError(sf.path, b); err != nil {
		return err
	}
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '{' {
		return errorf(sf.path, 1, 0, "want a JSON object with \"results\"")
	}
	lineAt := func(sub []byte) int { return lineOf(b, sub, 1) }
	iter := sf.spec.IterationValue
	if iter == "" {
		iter = scalarText(member(b, "model_name"))
	}
	cfg := member(b, "config")
	if iter == "" {
		for _, arg := range strings.Split(scalarText(member(cfg, "model_args")), ",") {
			if k, v, ok := strings.Cut(arg, "="); ok && strings.TrimSpace(k) == "pretrained" {
				iter = strings.TrimSpace(v)
			}
		}
	}
	if iter == "" {
		iter = scalarText(member(cfg, "model"))
	}
	if iter == "" {
		return errorf(sf.path, 1, 0, `no "model_name" or config.model_args pretrained= for the iteration; set iteration_value in a [[sources]] table for this file`)
	}
	var t time.Time
	if sec, bad := number.Float(scalarText(member(b, "date"))); bad == nil && sec > 0 && sec < 1e11 {
		t = time.Unix(int64(sec), int64(math.Mod(sec, 1)*1e9)).UTC()
	}
	results := member(b, "results")
	if len(results) == 0 || results[0] != '{' {
		return errorf(sf.path, 1, 0, `no "results" object`)
	}
	iter = sf.in.get(iter)
	res := sf.metric
	return eachMember(results, func(k, task []byte) error {
		sf.record()
		name := string(jsonKey(k))
		line := lineAt(task)
		pos := project.Pos{File: sf.path, Line: line}
		if len(task) == 0 || task[0] != '{' {
			return sf.soft(errorf(sf.path, line, 0, "results.%s is not an object of metrics", name), "task that is not an object", line)
		}
		res.seen.see(iter, pos, 0, t)
		n := 0
		eachMember(task, func(mk, raw []byte) error {
			key := string(jsonKey(mk))
			if key == "alias" || key == "name" || key == "sample_len" || key == "sample_count" {
				return nil
			}
			metric, _, _ := strings.Cut(key, ",")
			vpos := project.Pos{File: sf.path, Line: lineAt(raw)}
			if strings.HasSuffix(metric, "_stderr") && sf.spec.Stderr != "keep" {
				sf.skipPart(`standard error (skipped; stderr = "keep" keeps it)`, vpos.Line)
				return nil
			}
			x, ok, why := jsonNumber(raw)
			if !ok {
				sf.skipPart(fmt.Sprintf("metric value that is %s (%s)", why, scalarText(raw)), vpos.Line)
				return nil
			}
			res.addValue(sf.in.get(lmMetricName(name, key)), &pending{v: project.MetricValue{Iteration: iter, Time: t, Pos: vpos}}, x)
			n++
			return nil
		})
		if n == 0 {
			sf.skip("task without a metric value", line)
		}
		return nil
	})
}

// dataFolders are folder names that cannot be an iteration's name.
var dataFolders = map[string]bool{".": true, "": true, "data": true, "metrics": true, "annotations": true}

func readLMEvalSamples(sf *sourceFile, r io.Reader) error {
	task := datasetName(sf.path)
	if m := samplesName.FindStringSubmatch(path.Base(sf.path)); m != nil {
		task = m[1]
	}
	iter := sf.spec.IterationValue
	if iter == "" {
		dir := path.Base(path.Dir(sf.path))
		if dataFolders[dir] {
			return errorf(sf.path, 0, 0, "no iteration: the harness keeps each model's samples in a folder named for it (data/metrics/<model>/samples_...); move the file there or set iteration_value in a [[sources]] table")
		}
		iter = dir
	}
	iter = sf.in.get(iter)
	itemKey := sf.mapped("item")
	if itemKey == "" {
		itemKey = "doc_id"
	}
	res := sf.metric
	return eachJSONLine(sf.path, r, sf.lim, func(line int, obj []byte, offset int64) error {
		sf.record()
		pos := project.Pos{File: sf.path, Line: line}
		item := scalarText(lookup(obj, itemKey))
		if item == "" {
			return sf.soft(errorf(sf.path, line, 0, "no %q for the item", itemKey), "no "+itemKey, line)
		}
		res.seen.see(iter, pos, 0, time.Time{})
		filter := scalarText(member(obj, "filter"))
		v := &pending{v: project.MetricValue{Iteration: iter, Item: sf.in.get(item), Pos: pos}}
		var names []string
		if list := member(obj, "metrics"); list != nil {
			names = stringList(list)
		} else {
			eachMember(obj, func(k, raw []byte) error { // older files: every number beside the known keys
				switch key := string(jsonKey(k)); key {
				case "doc_id", "doc", "target", "arguments", "resps", "filtered_resps", "filter", "doc_hash", "prompt_hash", "target_hash":
				default:
					if _, ok, _ := jsonNumber(raw); ok {
						names = append(names, key)
					}
				}
				return nil
			})
		}
		n := 0
		for _, m := range names {
			raw := member(obj, m)
			x, ok, why := jsonNumber(raw)
			if !ok {
				sf.skipPart(fmt.Sprintf("metric %q: %s, not a number (the harness aggregates it over the task)", m, why), line)
				continue
			}
			key := m
			if filter != "" {
				key += "," + filter
			}
			res.addValue(sf.in.get(lmMetricName(task, key)), v, x)
			n++
		}
		if n == 0 {
			sf.skip("sample without a numeric metric", line)
		}
		res.rows++
		res.reserve(sf.size, offset)
		return nil
	})
}
