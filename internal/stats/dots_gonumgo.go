//go:build !amd64 || noasm || gccgo || safe

package stats

// dotsFour is false where gonum runs its Go loops (which the compiler
// may fuse into multiply-adds): Dots calls floats.Dot there.
const dotsFour = false
