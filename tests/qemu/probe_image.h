/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The image the conformance test hands to the bare-metal guest.
 *
 * The host builds one little-endian image: this header, an array of
 * configurations, the probes, and the translation tables those
 * configurations point at.  QEMU loads it at PROBE_IMAGE_BASE with
 * "-device loader,file=IMAGE,addr=0x48000000,force-raw=on".  All offsets are
 * from the start of the image; table addresses inside TTBRs and descriptors
 * are guest physical addresses, so they lie at PROBE_IMAGE_BASE + offset.
 *
 * The guest answers on the PL011 UART, one line each:
 *   "VADMA-GUEST BEGIN mmfr0=<16 hex digits>"
 *   "C <config index, decimal>"                    before each configuration
 *   "<PAR_EL1 as 16 hex digits>"                   one per probe, in order
 *   "VADMA-GUEST END <number of probes, decimal>"
 * or, on an unexpected exception,
 *   "VADMA-GUEST EXCEPTION esr=<hex> elr=<hex> far=<hex>"
 * and then powers the machine off through PSCI SYSTEM_OFF.
 *
 * AT reports translation, address size, access flag and permission faults
 * in PAR_EL1, but a walk that reads an unassigned physical address (QEMU
 * virt with -m 1G has RAM at 0x40000000-0x7fffffff only) takes a
 * synchronous external abort instead: the guest then prints EXCEPTION and
 * stops.  So every table address the walk may read must lie in RAM or
 * above the output size; MMIO windows read as whatever the device returns.
 */
#ifndef VADMA_TESTS_PROBE_IMAGE_H
#define VADMA_TESTS_PROBE_IMAGE_H

#define PROBE_IMAGE_BASE    0x48000000ULL
#define PROBE_IMAGE_MAX	    (64ULL << 20)
#define PROBE_IMAGE_MAGIC   0x464e43414d444156ULL /* "VADMACNF" */
#define PROBE_IMAGE_VERSION 1

/* Which AT instruction a probe executes. */
enum probe_at {
	PROBE_AT_S1E1R = 0,
	PROBE_AT_S1E1W = 1,
	PROBE_AT_S1E0R = 2,
	PROBE_AT_S1E0W = 3,
};

struct probe_image_hdr {
	unsigned long long magic;
	unsigned int version;
	unsigned int nconf;
	unsigned long long conf_off; /* offset of nconf struct probe_conf */
};

struct probe_conf {
	unsigned long long tcr;	      /* TCR_EL1 */
	unsigned long long mair;      /* MAIR_EL1 */
	unsigned long long ttbr0;     /* TTBR0_EL1 */
	unsigned long long ttbr1;     /* TTBR1_EL1 */
	unsigned long long probe_off; /* offset of nprobe struct probe */
	unsigned long long nprobe;
};

struct probe {
	unsigned long long va;
	unsigned int at; /* enum probe_at */
	unsigned int pad;
};

#endif
