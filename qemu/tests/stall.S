// SPDX-License-Identifier: GPL-2.0-or-later
// A stall in vadma's MMU-500 under QEMU: GDMA channel 0 (stream 0x14e8)
// through context bank 0 in stall mode; its write to an unmapped IOVA
// stalls; the vCPU sees FSR.SS, maps the page, clears FSR, writes RESUME;
// the copy completes.  Results at 0x400000 (qemu/tests/smoke.sh reads them).
	.globl _start
_start:
	ldr	x3, =0xfd800000		// GR0
	ldr	x4, =0xfd801000		// GR1
	ldr	x5, =0xfd810000		// CB0
	ldr	w1, =0x800014e8		// SMR0: VALID, ID 0x14e8
	str	w1, [x3, #0x800]
	str	wzr, [x3, #0xc00]	// S2CR0: translate, CBNDX 0
	ldr	w1, =0x10000		// CBAR0: stage 1, stage 2 bypass
	str	w1, [x4]
	mov	w1, #1			// CBA2R0: VA64
	str	w1, [x4, #0x800]
	ldr	w1, =0x800019		// TCR: EPD1, 4K, T0SZ 25
	str	w1, [x5, #0x30]
	mov	w1, #0x44		// MAIR0: attr0 normal non-cacheable
	str	w1, [x5, #0x38]
	ldr	x1, =0x500000		// TTBR0
	str	x1, [x5, #0x20]
	mov	w1, #0xc1		// SCTLR: M, CFIE, CFCFG (stall)
	str	w1, [x5]
	ldr	w1, =0x200406		// sCR0: CLIENTPD=0, GFRE, GFIE, USFCFG
	str	w1, [x3]
	ldr	x0, =0xfd500000		// GDMA channel 0: IOVA 0x100000 -> 0x101000
	ldr	w1, =0x100000
	str	w1, [x0, #0x128]
	str	wzr, [x0, #0x12c]
	mov	w6, #4096
	str	w6, [x0, #0x130]
	str	wzr, [x0, #0x134]
	ldr	w1, =0x101000
	str	w1, [x0, #0x138]
	str	wzr, [x0, #0x13c]
	str	w6, [x0, #0x140]
	str	wzr, [x0, #0x144]
	mov	w6, #1
	str	w6, [x0, #0x200]	// CTRL2.EN
1:	ldr	w2, [x5, #0x58]		// FSR
	tbz	w2, #30, 1b		// SS
	ldr	x7, =0x400000
	str	w2, [x7, #0x10]		// FSR as seen
	ldr	x1, [x5, #0x60]		// FAR
	str	x1, [x7, #0x18]
	ldr	w1, [x0, #0x11c]	// STATUS while stalled
	str	w1, [x7, #0x20]
	ldr	x1, =1000000		// the vCPU runs on while it is stalled
2:	subs	x1, x1, #1
	b.ne	2b
	ldr	w1, [x0, #0x11c]	// STATUS still
	str	w1, [x7, #0x24]
	ldr	x1, =0x502808		// L3[257]: IOVA 0x101000 -> PA 0x201000
	ldr	x8, =0x201443
	str	x8, [x1]
	dsb	sy
	str	w2, [x5, #0x58]		// clear FSR (write 1 to clear)
	str	wzr, [x5, #0x8]		// RESUME: retry
3:	ldr	w2, [x0, #0x100]	// ISR
	tbz	w2, #10, 3b		// DMA_DONE
	str	w2, [x7, #0x28]
	ldr	w1, [x0, #0x11c]
	str	w1, [x7, #0x2c]
	ldr	w1, [x5, #0x58]
	str	w1, [x7, #0x30]		// FSR after
	mov	w5, #0x600d
	str	w5, [x7]
4:	wfi
	b	4b
	.ltorg
	.data			// the source: byte i is (7 * i + 3) mod 256
	.set	i, 0
	.rept	4096
	.byte	(i * 7 + 3) & 255
	.set	i, i + 1
	.endr
	.section .tables, "aw"	// 4K granule, T0SZ 25: levels 1 to 3
	.quad	0x501003		// L1[0] -> L2 at 0x501000
	.fill	511, 8, 0
	.quad	0x502003		// L2[0] -> L3 at 0x502000
	.fill	511, 8, 0
	.fill	256, 8, 0
	.quad	0x100443		// L3[256]: IOVA 0x100000 -> 0x100000, AF, AP[1]
	.fill	255, 8, 0
