package agreement

import (
	"math/rand/v2"
	"slices"

	"github.com/evalbook/evalbook/internal/stats"
)

func newRand(seed uint64) *rand.Rand { return stats.NewRand(seed) }

func quantiles(x []float64, level float64) (float64, float64) {
	s := slices.Clone(x)
	slices.Sort(s)
	tail := (1 - level) / 2
	return stats.Quantile(s, tail), stats.Quantile(s, 1-tail)
}
