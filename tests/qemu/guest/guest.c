/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The bare-metal guest of the conformance test against QEMU's CPU.
 *
 * It runs at EL2 with the EL2 MMU off and HCR_EL2 = RW only (no stage 2),
 * loads each configuration of the probe image (probe_image.h) into the
 * EL1&0 stage-1 registers, and asks the CPU to translate every probe with
 * an AT instruction; PAR_EL1 goes out on the PL011 UART.  QEMU does not
 * model caches, so the tables need no cache maintenance.
 */
#include "probe_image.h"

typedef unsigned long long u64;
typedef unsigned int u32;

#define UART_BASE    0x09000000UL
#define UART_DR	     0x00
#define UART_FR	     0x18
#define UART_FR_TXFF (1U << 5)

#define HCR_EL2_RW     (1ULL << 31)
/* SCTLR_EL1 bits that are RES1 in ARMv8.0: 29, 28, 23, 22, 20, 11. */
#define SCTLR_EL1_RES1 0x30d00800ULL
#define SCTLR_EL1_M    (1ULL << 0)

#define read_sysreg(reg)                                     \
	({                                                   \
		u64 __val;                                   \
		asm volatile("mrs %0, " #reg : "=r"(__val)); \
		__val;                                       \
	})

#define write_sysreg(val, reg) \
	asm volatile("msr " #reg ", %0" : : "r"((u64)(val)) : "memory")

#define isb() asm volatile("isb" : : : "memory")

void guest_main(void);
void guest_bad_el(u64 currentel);
void guest_exception(u64 esr, u64 elr, u64 far);

static void uart_putc(char c)
{
	volatile u32 *fr = (volatile u32 *)(UART_BASE + UART_FR);
	volatile u32 *dr = (volatile u32 *)(UART_BASE + UART_DR);

	while (*fr & UART_FR_TXFF)
		;
	*dr = (unsigned char)c;
}

static void put_str(const char *s)
{
	while (*s)
		uart_putc(*s++);
}

/* Exactly 16 lowercase hex digits. */
static void put_hex(u64 v)
{
	int shift;

	for (shift = 60; shift >= 0; shift -= 4)
		uart_putc("0123456789abcdef"[(v >> shift) & 0xf]);
}

static void put_dec(u64 v)
{
	char buf[20];
	int n = 0;

	do {
		buf[n++] = '0' + v % 10;
		v /= 10;
	} while (v);
	while (n)
		uart_putc(buf[--n]);
}

/* Does [off, off + count * size) lie inside the image, 8-byte aligned? */
static int in_image(u64 off, u64 count, u64 size)
{
	if (off % 8 || off > PROBE_IMAGE_MAX ||
	    count > (PROBE_IMAGE_MAX - off) / size)
		return 0;
	return 1;
}

/* Magic, version, every table inside the image, every AT known. */
static int image_ok(const struct probe_image_hdr *hdr)
{
	const struct probe_conf *conf;
	const struct probe *probe;
	u64 i, j;

	if (hdr->magic != PROBE_IMAGE_MAGIC ||
	    hdr->version != PROBE_IMAGE_VERSION ||
	    !in_image(hdr->conf_off, hdr->nconf, sizeof(*conf)))
		return 0;
	conf = (const void *)(PROBE_IMAGE_BASE + hdr->conf_off);
	for (i = 0; i < hdr->nconf; i++, conf++) {
		if (!in_image(conf->probe_off, conf->nprobe, sizeof(*probe)))
			return 0;
		probe = (const void *)(PROBE_IMAGE_BASE + conf->probe_off);
		for (j = 0; j < conf->nprobe; j++, probe++)
			if (probe->at > PROBE_AT_S1E0W)
				return 0;
	}
	return 1;
}

static void at(u32 op, u64 va)
{
	switch (op) {
	case PROBE_AT_S1E1R:
		asm volatile("at s1e1r, %0" : : "r"(va) : "memory");
		break;
	case PROBE_AT_S1E1W:
		asm volatile("at s1e1w, %0" : : "r"(va) : "memory");
		break;
	case PROBE_AT_S1E0R:
		asm volatile("at s1e0r, %0" : : "r"(va) : "memory");
		break;
	case PROBE_AT_S1E0W:
		asm volatile("at s1e0w, %0" : : "r"(va) : "memory");
		break;
	}
	isb();
}

static void load_conf(const struct probe_conf *conf)
{
	write_sysreg(conf->mair, mair_el1);
	write_sysreg(conf->tcr, tcr_el1);
	write_sysreg(conf->ttbr0, ttbr0_el1);
	write_sysreg(conf->ttbr1, ttbr1_el1);
	isb();
	asm volatile("tlbi vmalle1\n\tdsb sy" : : : "memory");
	isb();
}

void guest_main(void)
{
	const struct probe_image_hdr *hdr = (const void *)PROBE_IMAGE_BASE;
	const struct probe_conf *conf;
	const struct probe *probe;
	u64 total = 0, i, j;

	write_sysreg(HCR_EL2_RW, hcr_el2);
	write_sysreg(SCTLR_EL1_RES1 | SCTLR_EL1_M, sctlr_el1);
	isb();

	put_str("VADMA-GUEST BEGIN mmfr0=");
	put_hex(read_sysreg(id_aa64mmfr0_el1));
	put_str("\n");

	if (!image_ok(hdr)) {
		put_str("VADMA-GUEST BADIMAGE\n");
		return;
	}

	conf = (const void *)(PROBE_IMAGE_BASE + hdr->conf_off);
	for (i = 0; i < hdr->nconf; i++, conf++) {
		put_str("C ");
		put_dec(i);
		put_str("\n");
		load_conf(conf);

		probe = (const void *)(PROBE_IMAGE_BASE + conf->probe_off);
		for (j = 0; j < conf->nprobe; j++, probe++) {
			at(probe->at, probe->va);
			put_hex(read_sysreg(par_el1));
			put_str("\n");
		}
		total += conf->nprobe;
	}

	put_str("VADMA-GUEST END ");
	put_dec(total);
	put_str("\n");
}

void guest_bad_el(u64 currentel)
{
	put_str("VADMA-GUEST NOT AT EL2: CurrentEL=");
	put_hex(currentel);
	put_str("\n");
}

void guest_exception(u64 esr, u64 elr, u64 far)
{
	put_str("VADMA-GUEST EXCEPTION esr=");
	put_hex(esr);
	put_str(" elr=");
	put_hex(elr);
	put_str(" far=");
	put_hex(far);
	put_str("\n");
}
