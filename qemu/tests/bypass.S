// SPDX-License-Identifier: GPL-2.0-or-later
// vadma=on, bare metal (qemu/tests/smoke.sh): GDMA channel 0 copies 4 KiB
// from 0x100000 to 0x200000 with the SMMU in its reset state (bypass);
// then, the SMMU enabled with unmatched streams faulting, channel 1 copies
// 0x200000 to 0x300000, which must fail (USF). 0x600d at 0x400000: done.
	.globl _start
_start:
	ldr	x0, =0xfd500000		// GDMA channel 0
	ldr	w1, =0x100000
	bl	copy
1:	ldr	w2, [x0, #0x100]	// ISR
	tbz	w2, #10, 1b		// DMA_DONE
	ldr	x3, =0xfd800000		// SMMU GR0
	ldr	w1, =0x200406		// sCR0: CLIENTPD=0, GFRE, GFIE, USFCFG
	str	w1, [x3]
	ldr	x0, =0xfd510000		// GDMA channel 1 (stream 0x14e9)
	ldr	w1, =0x200000
	bl	copy
	ldr	x4, =0x400000
	mov	w5, #0x600d
	str	w5, [x4]		// marker: the program got here
2:	wfi
	b	2b

// Copy 4 KiB from w1 to w1 + 0x100000 on the channel at x0.
copy:
	str	w1, [x0, #0x128]
	str	wzr, [x0, #0x12c]
	mov	w6, #4096
	str	w6, [x0, #0x130]
	str	wzr, [x0, #0x134]
	add	w1, w1, #0x100000
	str	w1, [x0, #0x138]
	str	wzr, [x0, #0x13c]
	str	w6, [x0, #0x140]
	str	wzr, [x0, #0x144]
	mov	w6, #1
	str	w6, [x0, #0x200]	// CTRL2.EN
	ret
	.ltorg

	.data			// the source: byte i is (7 * i + 3) mod 256
	.set	i, 0
	.rept	4096
	.byte	(i * 7 + 3) & 255
	.set	i, i + 1
	.endr
