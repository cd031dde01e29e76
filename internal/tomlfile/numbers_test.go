package tomlfile

import (
	"testing"
)

// TestStrictNumbers checks that TOML numbers are read in the one strict
// decimal syntax (issue 14, finding 7): a hex, octal or binary integer, a
// digit separator, inf and nan and a float out of a float64's range are
// errors at their position; decimal numbers, dates, times, booleans, keys
// that look like numbers and numbers inside strings and comments are not.
func TestStrictNumbers(t *testing.T) {
	type doc struct {
		A any            `toml:"a"`
		B any            `toml:"b"`
		T map[string]any `toml:"t"`
	}
	for _, tc := range []struct{ src, want string }{
		{"a = 1\nb = -2.5e3\n", ""},
		{"a = 2026-01-12\nb = 1979-05-27T07:32:00Z\n", ""},
		{"a = 1979-05-27 07:32:00\nb = 07:32:00\n", ""},
		{"a = true\nb = [1, 2.5, -3, +4]\n", ""},
		{"a = \"0x10 # 1_000\" # 0x10\nb = '''\n0x10\n'''\n", ""},
		{"[t]\n0x10 = 1\n1_000 = 2\n", ""},
		{"t = { x = 1, y = 2 }\n", ""},
		{"a = 0x10\n", "f.toml:1:5: 0x10 is not a decimal number; evalbook reads numbers only as [+-]digits[.digits][e[+-]digits] (no hex, octal or binary, no _ between digits, no inf or nan)"},
		{"a = 1\nb = 1_000\n", "f.toml:2:5: 1_000 is not a decimal number;"},
		{"a = [1,\n  0o17]\n", "f.toml:2:3: 0o17 is not a decimal number;"},
		{"a = \"\"\"\nx\n\"\"\"\nt = { c = inf }\n", "f.toml:4:11: inf is not a decimal number;"},
		{"a = -nan\n", "f.toml:1:5: -nan is not a decimal number;"},
		{"a = 1e-400\n", "f.toml:1:5: 1e-400 is too close to 0 for a 64-bit float (it would read as 0)"},
		{"[t]\nx = 0b11\n", "f.toml:2:5: 0b11 is not a decimal number;"},
	} {
		var d doc
		_, err := Decode(tc.src, "f.toml", 1, &d)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%q: %v", tc.src, err)
		case tc.want != "" && (err == nil || len(err.Error()) < len(tc.want) || err.Error()[:len(tc.want)] != tc.want):
			t.Errorf("%q: error %v; want one starting %q", tc.src, err, tc.want)
		}
	}
}

// FuzzDecode decodes fuzzed TOML: no panic, no hang, and an error that
// names the file.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{"a = 1\n", "a = 0x10\n", "[t]\nx = [1, {y = 2}]\n", "a = \"\"\"\n\\\"\"\"\"\n", "a = 'x' # 1_0\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		var v map[string]any
		if _, err := Decode(src, "f.toml", 1, &v); err != nil && err.Error()[:6] != "f.toml" {
			t.Fatalf("error without the file: %v", err)
		}
	})
}
