/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Entry, exception vectors and power-off of the conformance guest.
 *
 * QEMU starts the ELF at _start, at EL2 (virt,virtualization=on has no EL3)
 * with the MMU off.  With the EL2 MMU off every data access is Device
 * memory, so the C code is built with -mstrict-align.
 */
	.arch	armv8.2-a

#define CURRENTEL_EL1		(1 << 2)
#define CURRENTEL_EL2		(2 << 2)
#define PSCI_SYSTEM_OFF		0x84000008

	.section .text.entry, "ax"
	.global	_start
_start:
	adrp	x0, guest_stack_top
	add	x0, x0, :lo12:guest_stack_top
	mov	sp, x0

	/* Zero .bss (the stack included: it holds nothing yet). */
	adrp	x0, __bss_start
	add	x0, x0, :lo12:__bss_start
	adrp	x1, __bss_end
	add	x1, x1, :lo12:__bss_end
1:	cmp	x0, x1
	b.hs	2f
	stp	xzr, xzr, [x0], #16
	b	1b
2:
	mrs	x0, CurrentEL
	cmp	x0, #CURRENTEL_EL2
	b.ne	3f

	adr	x1, guest_vectors
	msr	vbar_el2, x1
	msr	pan, #0
	isb
	bl	guest_main
	b	guest_poweroff

	/*
	 * Not at EL2: report it (x0 = CurrentEL) and power off.  At EL1 (QEMU
	 * without virtualization=on, whose PSCI conduit is hvc) the vectors
	 * go to VBAR_EL1, so that an undefined smc falls through to hvc.
	 */
3:	cmp	x0, #CURRENTEL_EL1
	b.ne	4f
	adr	x1, guest_vectors
	msr	vbar_el1, x1
	isb
4:	bl	guest_bad_el
	b	guest_poweroff

/*
 * void guest_poweroff(void): PSCI SYSTEM_OFF, never returns.
 *
 * QEMU's virt machine with virtualization=on and no EL3 implements PSCI
 * on the SMC conduit.  Should a conduit return (PSCI NOT_SUPPORTED) or
 * trap (the exception handler comes back here while off_stage is set),
 * try the next one: smc, then hvc, then wfi forever.
 */
	.text
	.global	guest_poweroff
	.type	guest_poweroff, %function
guest_poweroff:
	adrp	x1, off_stage
	ldr	w2, [x1, :lo12:off_stage]
	add	w3, w2, #1
	str	w3, [x1, :lo12:off_stage]
	movz	w0, #(PSCI_SYSTEM_OFF & 0xffff)
	movk	w0, #(PSCI_SYSTEM_OFF >> 16), lsl #16
	cbz	w2, 1f
	cmp	w2, #1
	b.eq	2f
3:	wfi
	b	3b
1:	smc	#0
	b	guest_poweroff
2:	hvc	#0
	b	guest_poweroff
	.size	guest_poweroff, . - guest_poweroff

/*
 * Every exception is unexpected: AT reports translation faults in PAR_EL1
 * and only traps on an external abort during the walk.  Take a fresh
 * stack, print ESR/ELR/FAR and power off.
 */
exc_common:
	adrp	x0, guest_stack_top
	add	x0, x0, :lo12:guest_stack_top
	mov	sp, x0
	adrp	x0, off_stage
	ldr	w0, [x0, :lo12:off_stage]
	cbnz	w0, guest_poweroff	/* a power-off conduit trapped */
	mrs	x0, esr_el2
	mrs	x1, elr_el2
	mrs	x2, far_el2
	bl	guest_exception
	b	guest_poweroff

/* 16 entries of 0x80 bytes: {current EL SP0, SPx, lower A64, A32} x 4. */
	.balign	2048
guest_vectors:
	.rept	16
	.balign	0x80
	b	exc_common
	.endr

	.bss
	.balign	4
off_stage:
	.space	4

	.section .bss.stack, "aw", %nobits
	.balign	16
guest_stack:
	.space	16384
guest_stack_top:
