package stats_test

import (
	"fmt"

	"github.com/evalbook/evalbook/internal/stats"
)

func ExampleQuantile() {
	x := []float64{1, 2, 3, 4} // sorted
	fmt.Println(stats.Quantile(x, 0.25), stats.Quantile(x, 0.5), stats.Quantile(x, 0.75))
	// Output: 1.75 2.5 3.25
}

func ExampleStdDev() {
	x := []float64{2, 4, 4, 4, 5, 5, 7, 9}
	fmt.Printf("mean %g, variance %.4f (32/7)\n", stats.Mean(x), stats.Variance(x))
	// Output: mean 5, variance 4.5714 (32/7)
}

// ExampleBootstrapMeanCISeed shows how an analysis gives each figure its
// own random stream: the configured seed and the names of what is
// measured.
func ExampleBootstrapMeanCISeed() {
	const configSeed = 1
	scores := []float64{0.62, 0.71, 0.58, 0.66, 0.69, 0.73, 0.61}
	seed := stats.Seed(configSeed, "metric", "accuracy", "v2")
	low, high := stats.BootstrapMeanCISeed(scores, 1000, 0.95, seed)
	fmt.Println(low < stats.Mean(scores) && stats.Mean(scores) < high)
	// Output: true
}
