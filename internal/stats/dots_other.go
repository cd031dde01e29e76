//go:build !amd64 || purego

package stats

// dotsAVX2 is false without the assembly: Dots calls floats.Dot.
const dotsAVX2 = false

func dots4AVX2(w []float64, stride int, x []float64, out *[16]float64) {
	panic("stats: no assembly")
}

func dots8AVX2(w []float64, stride int, x []float64, out *[32]float64) {
	panic("stats: no assembly")
}

func pairDotsNAVX2(a []float64, stride int, x0, x1 []float64, rows int, out *[32]float64) {
	panic("stats: no assembly")
}
