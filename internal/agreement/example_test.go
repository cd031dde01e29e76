package agreement_test

import (
	"fmt"

	"github.com/evalbook/evalbook/internal/agreement"
)

// The reliability data of Krippendorff (2011), section C: four observers
// rate twelve units; 0 marks a missing rating here. The twelfth unit has a
// single rating and drops out.
func ExampleNew() {
	data := [][]float64{
		{1, 2, 3, 3, 2, 1, 4, 1, 2, 0, 0, 0},
		{1, 2, 3, 3, 2, 2, 4, 1, 2, 5, 0, 3},
		{0, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 0},
		{1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, 0},
	}
	var ratings []agreement.Rating
	for rater, row := range data {
		for unit, v := range row {
			if v != 0 {
				ratings = append(ratings, agreement.Rating{Unit: unit, Rater: rater, Value: v})
			}
		}
	}
	r := agreement.New(ratings)
	fmt.Printf("%d values in %d units\n", r.Pairable(), r.Units())
	for l := agreement.Nominal; l <= agreement.Ratio; l++ {
		a, _ := r.Alpha(l)
		fmt.Printf("%-8s %.3f\n", l, a)
	}
	// Output:
	// 40 values in 11 units
	// nominal  0.743
	// ordinal  0.815
	// interval 0.849
	// ratio    0.797
}
