package pairwise

import (
	"encoding/csv"
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// alpacaDir holds the AlpacaEval 2.0 extract of the shared datasets.
var alpacaDir = filepath.Join("..", "..", "..", "shared", "datasets", "alpaca_eval")

// readCSV returns the rows of a CSV file as maps from column name to
// value, or skips the test when the shared datasets are absent.
func readCSV(t testing.TB, name string) []map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join(alpacaDir, name))
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s absent: the shared datasets are not beside the repository", name)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var rows []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, c := range recs[0] {
			m[c] = r[i]
		}
		rows = append(rows, m)
	}
	return rows
}

// alpaca is the AlpacaEval extract as judgements: system 0 is the
// baseline (always system A), systems 1.. the generators in order of first
// appearance; items are the instruction ids' numbers. lengths holds the
// candidate's output_chars per judgement.
type alpaca struct {
	names   []string
	index   map[string]int
	js      []Judgement
	lengths []float64
}

func loadAlpaca(t testing.TB) alpaca {
	rows := readCSV(t, "preferences.csv")
	a := alpaca{index: map[string]int{}}
	for line, r := range rows {
		if r["preference"] == "" {
			continue
		}
		for _, name := range []string{r["baseline"], r["generator"]} {
			if _, ok := a.index[name]; !ok {
				a.index[name] = len(a.names)
				a.names = append(a.names, name)
			}
		}
		pref, err := strconv.ParseFloat(r["preference"], 64)
		if err != nil {
			t.Fatalf("preferences.csv:%d: %v", line+2, err)
		}
		p, err := FromPreference(pref)
		if err != nil {
			t.Fatalf("preferences.csv:%d: %v", line+2, err)
		}
		item, err := strconv.Atoi(r["instruction_id"][2:])
		if err != nil {
			t.Fatalf("preferences.csv:%d: %v", line+2, err)
		}
		chars, _ := strconv.ParseFloat(r["output_chars"], 64)
		a.js = append(a.js, Judgement{Item: int32(item), A: int32(a.index[r["baseline"]]),
			B: int32(a.index[r["generator"]]), P: p})
		a.lengths = append(a.lengths, chars)
	}
	if a.index["gpt4_1106_preview"] != 0 {
		t.Fatal("the baseline is not the first system")
	}
	return a
}

// TestAlpacaEvalLeaderboard reproduces AlpacaEval 2.0's published
// win_rate, standard_error, n_wins, n_wins_base, n_draws, n_total and
// discrete_win_rate of every model in leaderboard.csv from the
// judgements of preferences.csv, to 1e-9 (the published figures are
// percentages).
func TestAlpacaEvalLeaderboard(t *testing.T) {
	a := loadAlpaca(t)
	board := readCSV(t, "leaderboard.csv")
	m := WinRates(a.js, 0.95)
	if len(board) != 13 {
		t.Fatalf("leaderboard.csv has %d models; want 13", len(board))
	}
	for _, row := range board {
		g, ok := a.index[row["generator"]]
		if !ok {
			t.Errorf("%s: no judgements", row["generator"])
			continue
		}
		w, ok := m.Get(0, g)
		if !ok {
			t.Fatalf("%s: no win rate", row["generator"])
		}
		num := func(col string) float64 {
			v, err := strconv.ParseFloat(row[col], 64)
			if err != nil {
				t.Fatalf("%s %s: %v", row["generator"], col, err)
			}
			return v
		}
		for _, c := range []struct {
			col       string
			got, want float64
		}{
			{"win_rate", 100 * w.WinRateB, num("win_rate")},
			{"standard_error", 100 * w.StandardError, num("standard_error")},
			{"discrete_win_rate", 100 * w.Discrete, num("discrete_win_rate")},
			{"n_wins", float64(w.WinsB), num("n_wins")},
			{"n_wins_base", float64(w.WinsA), num("n_wins_base")},
			{"n_draws", float64(w.Ties), num("n_draws")},
			{"n_total", float64(w.N), num("n_total")},
		} {
			if math.Abs(c.got-c.want) > 1e-9 {
				t.Errorf("%s %s = %.15g; want %.15g", row["generator"], c.col, c.got, c.want)
			}
		}
		if !w.Weighted || w.Method != MethodT || !(w.CI.Low < w.WinRateB && w.WinRateB < w.CI.High) {
			t.Errorf("%s: weighted %v, method %q, CI %v around %v", row["generator"], w.Weighted, w.Method, w.CI, w.WinRateB)
		}
	}
}
