package safetext

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func TestString(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain", "plain"},
		{"curly ’quotes’ — and €", "curly ’quotes’ — and €"},
		{"a\u202Eb", "a<U+202E>b"},
		{"\u200E\u200F\u061C\u2066\u2069\u202A", "<U+200E><U+200F><U+061C><U+2066><U+2069><U+202A>"},
		{"bad \xff byte", "bad \uFFFD byte"},
		{"cut \xe2\x80", "cut \uFFFD\uFFFD"},
		{"keeps \uFFFD", "keeps \uFFFD"},
		{`esc "\u202e" and \U0000202E`, `esc "<U+202E>" and <U+202E>`},
		{`escaped backslash \\u202e stays`, `escaped backslash \\u202e stays`},
		{`three \\\u202e`, `three \\<U+202E>`},
		{`other \u00e9 \n`, `other \u00e9 \n`},
		{`short \u20`, `short \u20`},
	} {
		if got := String(tc.in); got != tc.want {
			t.Errorf("String(%q) = %q; want %q", tc.in, got, tc.want)
		}
		if got := string(Bytes([]byte(tc.in))); got != tc.want {
			t.Errorf("Bytes(%q) = %q; want %q", tc.in, got, tc.want)
		}
		for _, r := range []io.Reader{NewReader(strings.NewReader(tc.in)), NewReader(iotest.OneByteReader(strings.NewReader(tc.in)))} {
			got, err := io.ReadAll(r)
			if err != nil || string(got) != tc.want {
				t.Errorf("Reader(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
		}
	}
}

func TestReaderLarge(t *testing.T) {
	in := bytes.Repeat([]byte("item,r1,help,4,ok \u202e \xff ’\n"), 20000)
	got, err := io.ReadAll(NewReader(bytes.NewReader(in)))
	if err != nil {
		t.Fatal(err)
	}
	if what, at, found := Contains(got); found {
		t.Errorf("%s at %d", what, at)
	}
	if want := Bytes(in); !bytes.Equal(got, want) {
		t.Error("the reader and Bytes disagree")
	}
}

func BenchmarkReaderASCII(b *testing.B) {
	in := bytes.Repeat([]byte("v3,q0001,r1,helpfulness,4,2026-01-12\n"), 100000)
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		io.Copy(io.Discard, NewReader(bytes.NewReader(in)))
	}
}

func FuzzReader(f *testing.F) {
	for _, s := range []string{"a\u202Eb", `\u202e`, "\xff\xfe", `\\\U0000202e`, "’"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := io.ReadAll(NewReader(iotest.HalfReader(strings.NewReader(s))))
		if err != nil {
			t.Fatal(err)
		}
		if what, at, found := Contains(got); found {
			t.Fatalf("%q -> %q: %s at %d", s, got, what, at)
		}
		if string(got) != String(s) {
			t.Fatalf("reader %q, String %q", got, String(s))
		}
	})
}
