package compare

import "math/rand/v2"

// fillSigns sets bit i of the words of signs to an independent fair coin
// for i in [0, n): a set bit flips the sign of difference i. It uses
// ⌈n/64⌉ outputs of rng.
func fillSigns(rng *rand.Rand, signs []uint64) {
	for w := range signs {
		signs[w] = rng.Uint64()
	}
}

// signOf maps a bit of a sign pattern to its sign.
var signOf = [2]float64{1, -1}

// flipped reports whether bit i of signs is set.
func flipped(signs []uint64, i int) bool {
	return signs[i>>6]>>(uint(i)&63)&1 == 1
}
