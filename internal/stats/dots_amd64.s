//go:build !purego

#include "textflag.h"

// func dots4AVX2(w []float64, stride int, x []float64, out *[16]float64)
//
// out[4r+l] is the sum over the groups g < len(x)/4 of the products
// w[r*stride+4g+l] * x[4g+l], for the rows r < 4: the four running sums
// of gonum's DotUnitary for each of four rows, one YMM register a row.
TEXT ·dots4AVX2(SB), NOSPLIT, $0-64
	MOVQ w_base+0(FP), AX
	MOVQ stride+24(FP), BX
	MOVQ x_base+32(FP), SI
	MOVQ x_len+40(FP), CX
	MOVQ out+56(FP), DI
	SHLQ $3, BX
	LEAQ (AX)(BX*1), R8
	LEAQ (R8)(BX*1), R9
	LEAQ (R9)(BX*1), R10
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	XORQ DX, DX
	SHRQ $2, CX
	JZ   done

loop:
	VMOVUPD (SI)(DX*8), Y4
	VMULPD  (AX)(DX*8), Y4, Y5
	VMULPD  (R8)(DX*8), Y4, Y6
	VMULPD  (R9)(DX*8), Y4, Y7
	VMULPD  (R10)(DX*8), Y4, Y8
	VADDPD  Y5, Y0, Y0
	VADDPD  Y6, Y1, Y1
	VADDPD  Y7, Y2, Y2
	VADDPD  Y8, Y3, Y3
	ADDQ    $4, DX
	DECQ    CX
	JNZ     loop

done:
	VMOVUPD Y0, (DI)
	VMOVUPD Y1, 32(DI)
	VMOVUPD Y2, 64(DI)
	VMOVUPD Y3, 96(DI)
	VZEROUPPER
	RET

// func dots8AVX2(w []float64, stride int, x []float64, out *[32]float64)
//
// dots4AVX2 for eight rows.
TEXT ·dots8AVX2(SB), NOSPLIT, $0-64
	MOVQ w_base+0(FP), AX
	MOVQ stride+24(FP), BX
	MOVQ x_base+32(FP), SI
	MOVQ x_len+40(FP), CX
	MOVQ out+56(FP), DI
	SHLQ $3, BX
	LEAQ (AX)(BX*1), R8
	LEAQ (R8)(BX*1), R9
	LEAQ (R9)(BX*1), R10
	LEAQ (R10)(BX*1), R11
	LEAQ (R11)(BX*1), R12
	LEAQ (R12)(BX*1), R13
	LEAQ (R13)(BX*1), R14
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	XORQ DX, DX
	SHRQ $2, CX
	JZ   done8

loop8:
	VMOVUPD (SI)(DX*8), Y8
	VMULPD  (AX)(DX*8), Y8, Y9
	VMULPD  (R8)(DX*8), Y8, Y10
	VMULPD  (R9)(DX*8), Y8, Y11
	VMULPD  (R10)(DX*8), Y8, Y12
	VADDPD  Y9, Y0, Y0
	VADDPD  Y10, Y1, Y1
	VADDPD  Y11, Y2, Y2
	VADDPD  Y12, Y3, Y3
	VMULPD  (R11)(DX*8), Y8, Y9
	VMULPD  (R12)(DX*8), Y8, Y10
	VMULPD  (R13)(DX*8), Y8, Y11
	VMULPD  (R14)(DX*8), Y8, Y12
	VADDPD  Y9, Y4, Y4
	VADDPD  Y10, Y5, Y5
	VADDPD  Y11, Y6, Y6
	VADDPD  Y12, Y7, Y7
	ADDQ    $4, DX
	DECQ    CX
	JNZ     loop8

done8:
	VMOVUPD Y0, (DI)
	VMOVUPD Y1, 32(DI)
	VMOVUPD Y2, 64(DI)
	VMOVUPD Y3, 96(DI)
	VMOVUPD Y4, 128(DI)
	VMOVUPD Y5, 160(DI)
	VMOVUPD Y6, 192(DI)
	VMOVUPD Y7, 224(DI)
	VZEROUPPER
	RET

// func pairDotsNAVX2(a []float64, stride int, x0, x1 []float64, rows int, out *[32]float64)
//
// For the rows r < rows (1 to 8) of a from 0 at the given stride,
// out[4r:4r+4] are the sums of the products of row r with x0 at even and
// at odd positions, then those with x1, over the len(x0) (even)
// positions: the two running sums of gonum's GemvN for a row, for two
// vectors x at once. A row's pair of values is broadcast to both halves
// of a YMM register, the two x's pairs fill one register (Y8), one
// accumulator a row (Y0 to Y7). A row's sums are added in the same order
// however many rows a pass takes, so one pass takes them all: with four
// rows a pass waits on the adder's latency, five to eight fill it, and no
// row is computed twice.
#define PDX VMOVUPD (SI)(R11*8), X8; VINSERTF128 $1, (DI)(R11*8), Y8, Y8
#define PDROW(P, ACC) VBROADCASTF128 (P)(R11*8), Y9; VMULPD Y8, Y9, Y9; VADDPD Y9, ACC, ACC
#define PDNEXT(L) ADDQ $2, R11; DECQ CX; JNZ L; JMP nstore

TEXT ·pairDotsNAVX2(SB), NOSPLIT, $0-96
	MOVQ a_base+0(FP), AX
	MOVQ stride+24(FP), BX
	MOVQ x0_base+32(FP), SI
	MOVQ x0_len+40(FP), CX
	MOVQ x1_base+56(FP), DI
	SHLQ $3, BX
	LEAQ (AX)(BX*1), R8
	LEAQ (R8)(BX*1), R9
	LEAQ (R9)(BX*1), R10
	LEAQ (R10)(BX*1), R12
	LEAQ (R12)(BX*1), R13
	LEAQ (R13)(BX*1), R14
	LEAQ (R14)(BX*1), DX
	MOVQ rows+80(FP), BX
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	XORQ R11, R11
	SHRQ $1, CX
	JZ   nstore
	CMPQ BX, $1
	JEQ  n1
	CMPQ BX, $2
	JEQ  n2
	CMPQ BX, $3
	JEQ  n3
	CMPQ BX, $4
	JEQ  n4
	CMPQ BX, $5
	JEQ  n5
	CMPQ BX, $6
	JEQ  n6
	CMPQ BX, $7
	JEQ  n7

n8:
	PDX
	PDROW(AX, Y0)
	PDROW(R8, Y1)
	PDROW(R9, Y2)
	PDROW(R10, Y3)
	PDROW(R12, Y4)
	PDROW(R13, Y5)
	PDROW(R14, Y6)
	PDROW(DX, Y7)
	PDNEXT(n8)

n7:
	PDX
	PDROW(AX, Y0)
	PDROW(R8, Y1)
	PDROW(R9, Y2)
	PDROW(R10, Y3)
	PDROW(R12, Y4)
	PDROW(R13, Y5)
	PDROW(R14, Y6)
	PDNEXT(n7)

n6:
	PDX
	PDROW(AX, Y0)
	PDROW(R8, Y1)
	PDROW(R9, Y2)
	PDROW(R10, Y3)
	PDROW(R12, Y4)
	PDROW(R13, Y5)
	PDNEXT(n6)

n5:
	PDX
	PDROW(AX, Y0)
	PDROW(R8, Y1)
	PDROW(R9, Y2)
	PDROW(R10, Y3)
	PDROW(R12, Y4)
	PDNEXT(n5)

n4:
	PDX
	PDROW(AX, Y0)
	PDROW(R8, Y1)
	PDROW(R9, Y2)
	PDROW(R10, Y3)
	PDNEXT(n4)

n3:
	PDX
	PDROW(AX, Y0)
	PDROW(R8, Y1)
	PDROW(R9, Y2)
	PDNEXT(n3)

n2:
	PDX
	PDROW(AX, Y0)
	PDROW(R8, Y1)
	PDNEXT(n2)

n1:
	PDX
	PDROW(AX, Y0)
	PDNEXT(n1)

nstore:
	MOVQ out+88(FP), SI
	VMOVUPD Y0, (SI)
	VMOVUPD Y1, 32(SI)
	VMOVUPD Y2, 64(SI)
	VMOVUPD Y3, 96(SI)
	VMOVUPD Y4, 128(SI)
	VMOVUPD Y5, 160(SI)
	VMOVUPD Y6, 192(SI)
	VMOVUPD Y7, 224(SI)
	VZEROUPPER
	RET
