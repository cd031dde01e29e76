package ingest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// flatCases are lines of the shapes the JSON Lines readers see, flat or
// not, valid or not.
var flatCases = []struct {
	line string
	flat bool
}{
	{`{"iteration":"v01","item":"item-00001","slice":"en","metric_0":0.1234,"metric_1":0.5}`, true},
	{`{"item":"item-00001","rater":"rater-01","dimension":"dim_0","value":3,"iteration":"v01"}`, true},
	{` { "a" : -1.5e+10 , "b" : true, "c": false, "d": null, "e": "x\"y\\u00e9\n" } `, true},
	{`{}`, true},
	{`{"a":"é ü 中"}`, true},
	{`{"a":{"b":1}}`, false},       // nested: the general way
	{`{"a":[1,2]}`, false},         // nested
	{`{"\u0061":1}`, false},        // escaped key
	{`{"é":1}`, false},             // non-ASCII key
	{`{"a":01}`, false},            // invalid number
	{`{"a":1.}`, false},            // invalid number
	{`{"a":-}`, false},             // invalid number
	{`{"a":1e}`, false},            // invalid number
	{`{"a":tru}`, false},           // invalid literal
	{`{"a":truex}`, false},         // trailing text
	{`{"a":1,}`, false},            // trailing comma
	{`{"a":1}}`, false},            // trailing brace
	{`{"a":1} x`, false},           // trailing text
	{`{"a":"\x"}`, false},          // bad escape
	{`{"a":"\u12"}`, false},        // short \u
	{"{\"a\":\"\t\"}", false},      // control character
	{`{"a" 1}`, false},             // no colon
	{`{"a":1 "b":2}`, false},       // no comma
	{`{"a":"x`, false},             // cut
	{`{"a":1,"a":2}`, true},        // flat, with a key twice (keyMemo's concern)
	{"{\"a\":\"\xff\xfe\"}", true}, // invalid UTF-8 in a value: json.Valid takes it too
}

// TestFlatObject checks flatObject's verdicts and framing on each shape.
func TestFlatObject(t *testing.T) {
	for _, c := range flatCases {
		ms, ok := flatObject([]byte(c.line), nil)
		if ok != c.flat {
			t.Errorf("%s: flat %v, want %v", c.line, ok, c.flat)
		}
		if ok {
			checkFlat(t, []byte(c.line), ms)
		}
	}
}

// checkFlat checks that what flatObject accepted is valid JSON and that its
// members are those eachMember frames.
func checkFlat(t *testing.T, b []byte, ms []jsonMember) {
	t.Helper()
	if !json.Valid(b) {
		t.Fatalf("%q: flat, but not valid JSON", b)
	}
	var want []jsonMember
	eachMember(bytes.TrimSpace(b), func(k, v []byte) error {
		want = append(want, jsonMember{k, v})
		return nil
	})
	if len(ms) != len(want) {
		t.Fatalf("%q: %d members, eachMember %d", b, len(ms), len(want))
	}
	for i := range ms {
		if !bytes.Equal(ms[i].key, want[i].key) || !bytes.Equal(ms[i].val, want[i].val) {
			t.Fatalf("%q: member %d is %q:%q, eachMember %q:%q", b, i, ms[i].key, ms[i].val, want[i].key, want[i].val)
		}
	}
}

// TestKeyMemo checks the check of keys against the last line's.
func TestKeyMemo(t *testing.T) {
	var km keyMemo
	for _, c := range []struct {
		line     string
		distinct bool
	}{
		{`{"a":1,"b":2}`, true},
		{`{"a":3,"b":4}`, true}, // the same keys: one pass
		{`{"a":1,"a":2}`, false},
		{`{"a":3,"b":4}`, true},
		{`{"b":3,"a":4}`, true},
		{`{"b":3,"a":4,"b":5}`, false},
		{`{"k0":0,"k1":0,"k2":0,"k3":0,"k4":0,"k5":0,"k6":0,"k7":0,"k8":0,"k9":0,"k10":0,"k11":0,"k12":0,"k13":0,"k14":0,"k15":0,"k16":0}`, true},
		{`{"k0":0,"k1":0,"k2":0,"k3":0,"k4":0,"k5":0,"k6":0,"k7":0,"k8":0,"k9":0,"k10":0,"k11":0,"k12":0,"k13":0,"k14":0,"k15":0,"k0":0}`, false},
	} {
		ms, ok := flatObject([]byte(c.line), nil)
		if !ok {
			t.Fatalf("%s: not flat", c.line)
		}
		if got := km.distinct(ms); got != c.distinct {
			t.Errorf("%s: distinct %v, want %v", c.line, got, c.distinct)
		}
	}
}

// FuzzFlatObject checks flatObject against encoding/json: what it takes
// for a flat object is valid JSON, framed as eachMember frames it, and
// its key check agrees with duplicateKey.
func FuzzFlatObject(f *testing.F) {
	for _, c := range flatCases {
		f.Add(c.line)
	}
	f.Fuzz(func(t *testing.T, line string) {
		b := []byte(line)
		ms, ok := flatObject(b, nil)
		if !ok {
			return
		}
		checkFlat(t, b, ms)
		var km keyMemo
		dup, _ := duplicateKey(bytes.TrimSpace(b))
		if km.distinct(ms) != (dup == nil) {
			t.Fatalf("%q: distinct %v, duplicateKey %q", b, km.distinct(ms), dup)
		}
	})
}

// nestedCases are JSON texts with nesting, valid or not, with keys twice
// or not: the shapes of Label Studio, Argilla and lm-eval records.
var nestedCases = []string{
	`{"id":1,"data":{"text":"a"},"annotations":[{"completed_by":{"id":3},"result":[{"from_name":"q","type":"number","value":{"number":4}}]}]}`,
	`{"id":1,"annotations":[{"result":[{"value":{"choices":["a","b"]}}]}],"predictions":[]}`,
	`[{"a":1},{"a":2,"b":[1,{"c":null,"c":true}]}]`,
	`{"a":{"x":1,"y":2},"a":3}`,
	`{"\u0061":1,"a":2}`,
	`{"é":1,"\u00e9":2}`,
	"{\"\xff\":1,\"\xfe\":2}",
	`{"a":[1,2,]}`,
	`{"a":{"b":1}`,
	`[[[[[[[[]]]]]]]]`,
	` {"k" : [ true , false , null , -0.5e-3 , "s" ] } `,
	manyKeys(40, "k39"), // past the list of keys: a map
	manyKeys(40, "k3"),
	manyKeys(40, ""),
}

// manyKeys returns an object of n keys k0, k1, ... and then dup, when set.
func manyKeys(n int, dup string) string {
	var b strings.Builder
	b.WriteByte('{')
	for i := range n {
		fmt.Fprintf(&b, `"k%d":%d,`, i, i)
	}
	if dup != "" {
		fmt.Fprintf(&b, `"x":{"%s":1,"%s":2},`, dup, dup)
		fmt.Fprintf(&b, `"%s":0,`, dup)
	}
	b.WriteString(`"end":null}`)
	return b.String()
}

// TestCheckJSON checks checkJSON against json.Valid and duplicateKey on
// each shape, and on nesting deeper than it goes.
func TestCheckJSON(t *testing.T) {
	deep := strings.Repeat("[", maxCheckDepth+2) + strings.Repeat("]", maxCheckDepth+2)
	for _, s := range append(nestedCases, deep) {
		compareCheckJSON(t, []byte(s))
	}
	if valid, _, _ := checkJSON([]byte(deep)); valid {
		t.Errorf("nesting of %d: checkJSON took it", maxCheckDepth+2)
	}
}

func compareCheckJSON(t *testing.T, b []byte) {
	t.Helper()
	valid, dup, first := checkJSON(b)
	if !valid {
		return // the caller asks json.Valid and duplicateKey
	}
	if !json.Valid(b) {
		t.Fatalf("%q: checkJSON valid, json.Valid not", b)
	}
	wdup, wfirst := duplicateKey(bytes.TrimSpace(b))
	if !sameSpan(dup, wdup) || !sameSpan(first, wfirst) {
		t.Fatalf("%q: checkJSON finds %q (first %q), duplicateKey %q (first %q)", b, dup, first, wdup, wfirst)
	}
}

// sameSpan reports whether a and b are the same bytes of the same text.
func sameSpan(a, b []byte) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return len(a) == len(b) && &a[0] == &b[0]
}

// FuzzCheckJSON checks checkJSON against json.Valid and duplicateKey.
func FuzzCheckJSON(f *testing.F) {
	for _, s := range nestedCases {
		f.Add(s)
	}
	for _, c := range flatCases {
		f.Add(c.line)
	}
	f.Fuzz(func(t *testing.T, s string) {
		compareCheckJSON(t, []byte(s))
	})
}
