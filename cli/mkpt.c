// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * vadma mkpt: build translation tables with the pgtable library into a
 * memory image, and print the register values that describe them in the
 * form "vadma walk" takes.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "memimg.h"

#define MKPT_DEFAULT_MAIR 0x00000000004404ffULL

static const char mkpt_usage[] =
	"usage: vadma mkpt --out FILE --base PA [--size BYTES] [--granule 4k|16k|64k]\n"
	"                  [--ias BITS] [--oas BITS] [--ttbr1] [--coherent]\n"
	"                  [--mair X] [--dump] VA=PA+SIZE[:PROT] ...\n"
	"\n"
	"Builds stage-1 tables in an image of --size bytes (default 1 MiB) placed at\n"
	"physical address --base, writes the image to FILE, and prints\n"
	"  --tcr 0x.. --mair 0x.. --ttbr0 0x..   (or --ttbr1)\n"
	"for 'vadma walk --mem FILE@PA'.  Defaults: 4k granule, 48-bit input,\n"
	"40-bit output, MAIR 0x4404ff (0: normal write-back, 1: device-nGnRE,\n"
	"2: normal non-cacheable, 3: device-nGnRnE).\n"
	"PROT letters: r read, w write, x execute, u unprivileged, g not global,\n"
	"o old (access flag clear), 0-7 MAIR index; default 'rw', shareability\n"
	"inner.  --dump lists the tables on stderr.\n";

enum {
	OPT_OUT = 1,
	OPT_BASE,
	OPT_SIZE,
	OPT_GRANULE,
	OPT_IAS,
	OPT_OAS,
	OPT_TTBR1,
	OPT_COHERENT,
	OPT_MAIR,
	OPT_DUMP,
	OPT_HELP
};

static const struct option mkpt_opts[] = {
	{ "out", required_argument, NULL, OPT_OUT },
	{ "base", required_argument, NULL, OPT_BASE },
	{ "size", required_argument, NULL, OPT_SIZE },
	{ "granule", required_argument, NULL, OPT_GRANULE },
	{ "ias", required_argument, NULL, OPT_IAS },
	{ "oas", required_argument, NULL, OPT_OAS },
	{ "ttbr1", no_argument, NULL, OPT_TTBR1 },
	{ "coherent", no_argument, NULL, OPT_COHERENT },
	{ "mair", required_argument, NULL, OPT_MAIR },
	{ "dump", no_argument, NULL, OPT_DUMP },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

static int mkpt_parse_prot(const char *s, u32 *prot)
{
	u32 p = FIELD_PREP(PT_PROT_SH, PT_SH_INNER);

	for (; *s; s++) {
		switch (*s) {
		case 'r':
			p |= PT_PROT_READ;
			break;
		case 'w':
			p |= PT_PROT_WRITE;
			break;
		case 'x':
			p |= PT_PROT_EXEC;
			break;
		case 'u':
			p |= PT_PROT_USER;
			break;
		case 'g':
			p |= PT_PROT_NG;
			break;
		case 'o':
			p |= PT_PROT_NO_AF;
			break;
		case '0':
		case '1':
		case '2':
		case '3':
		case '4':
		case '5':
		case '6':
		case '7':
			p = (p & ~PT_PROT_ATTR) | ((u32)(*s - '0') << 8);
			break;
		default:
			return -EINVAL;
		}
	}
	*prot = p;
	return 0;
}

/* VA=PA+SIZE[:PROT] */
static int mkpt_parse_map(char *s, u64 *va, u64 *pa, u64 *size, u32 *prot)
{
	char *eq = strchr(s, '='), *plus, *colon;

	if (!eq)
		return -EINVAL;
	*eq = '\0';
	plus = strchr(eq + 1, '+');
	if (!plus)
		return -EINVAL;
	*plus = '\0';
	colon = strchr(plus + 1, ':');
	if (colon)
		*colon = '\0';
	if (cli_parse_u64(s, va) || cli_parse_u64(eq + 1, pa) ||
	    cli_parse_u64(plus + 1, size))
		return -EINVAL;
	return mkpt_parse_prot(colon ? colon + 1 : "rw", prot);
}

static int mkpt_line(void *arg, const char *text)
{
	fprintf(arg, "%s\n", text);
	return 0;
}

int cli_mkpt(int argc, char **argv)
{
	struct pt_cfg cfg = { .granule = PT_GRANULE_4K,
			      .ias = 48,
			      .oas = 40,
			      .range = PT_TTBR0,
			      .mair = MKPT_DEFAULT_MAIR };
	const char *out = NULL;
	u64 base = 0, size = 1 << 20, v;
	bool have_base = false, dump = false;
	struct pt_tcr tcr;
	struct memimg mem;
	struct pt pt;
	FILE *f;
	int opt, ret = 0, i;

	memimg_init(&mem);
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+", mkpt_opts, NULL)) != -1) {
		switch (opt) {
		case OPT_OUT:
			out = optarg;
			break;
		case OPT_GRANULE:
			if (!strcmp(optarg, "4k"))
				cfg.granule = PT_GRANULE_4K;
			else if (!strcmp(optarg, "16k"))
				cfg.granule = PT_GRANULE_16K;
			else if (!strcmp(optarg, "64k"))
				cfg.granule = PT_GRANULE_64K;
			else
				return cli_usage_error(
					"mkpt",
					"--granule: 4k, 16k or 64k, not '%s'",
					optarg);
			break;
		case OPT_TTBR1:
			cfg.range = PT_TTBR1;
			break;
		case OPT_COHERENT:
			cfg.coherent_walk = true;
			break;
		case OPT_DUMP:
			dump = true;
			break;
		case OPT_HELP:
			fputs(mkpt_usage, stdout);
			return 0;
		case OPT_BASE:
		case OPT_SIZE:
		case OPT_IAS:
		case OPT_OAS:
		case OPT_MAIR:
			if (cli_parse_u64(optarg, &v))
				return cli_usage_error("mkpt",
						       "%s: bad number '%s'",
						       argv[optind - 2],
						       optarg);
			if (opt == OPT_BASE) {
				base = v;
				have_base = true;
			} else if (opt == OPT_SIZE) {
				size = v;
			} else if (opt == OPT_MAIR) {
				cfg.mair = v;
			} else if (v > 64) {
				return cli_usage_error("mkpt", "%s: %llu bits?",
						       argv[optind - 2],
						       (unsigned long long)v);
			} else if (opt == OPT_IAS) {
				cfg.ias = (unsigned int)v;
			} else {
				cfg.oas = (unsigned int)v;
			}
			break;
		default:
			return cli_usage_error(
				"mkpt",
				"unknown or incomplete option '%s'\n\n%s",
				argv[optind - 1], mkpt_usage);
		}
	}
	if (!out || !have_base)
		return cli_usage_error("mkpt", "--out and --base are required");
	if (!size || size > (1ULL << 30) || (base & 0xffff) || (size & 0xffff))
		return cli_usage_error(
			"mkpt",
			"--base and --size must be 64 KiB aligned, size at most 1 GiB");
	ret = memimg_add_zero(&mem, base, size);
	if (ret)
		return cli_usage_error("mkpt", "image: %s",
				       vadma_strerror(ret));
	ret = pt_init(&pt, &cfg, &memimg_pt_ops, &mem);
	if (ret) {
		ret = cli_usage_error("mkpt", "granule/--ias/--oas: %s",
				      vadma_strerror(ret));
		goto out_mem;
	}
	for (i = optind; i < argc; i++) {
		char buf[128];
		u64 va, pa, len;
		u32 prot;

		if (strlen(argv[i]) >= sizeof(buf) ||
		    (strcpy(buf, argv[i]),
		     mkpt_parse_map(buf, &va, &pa, &len, &prot))) {
			ret = cli_usage_error(
				"mkpt",
				"bad mapping '%s' (want VA=PA+SIZE[:PROT])",
				argv[i]);
			goto out_pt;
		}
		ret = pt_map(&pt, va, pa, len, prot);
		if (ret) {
			ret = cli_usage_error("mkpt", "%s: %s", argv[i],
					      vadma_strerror(ret));
			goto out_pt;
		}
	}
	f = fopen(out, "wb");
	if (f) {
		bool written = fwrite(mem.region[0].host, 1, mem.bump, f) ==
			       mem.bump;

		if (fclose(f) || !written)
			f = NULL;
	}
	if (!f) {
		ret = cli_usage_error("mkpt", "cannot write '%s'", out);
		goto out_pt;
	}
	pt_tcr(&pt, &tcr);
	printf("--tcr 0x%llx --mair 0x%llx --%s 0x%llx\n",
	       (unsigned long long)(cfg.range == PT_TTBR0
					    ? pt_tcr_el1(&tcr, NULL)
					    : pt_tcr_el1(NULL, &tcr)),
	       (unsigned long long)cfg.mair,
	       cfg.range == PT_TTBR0 ? "ttbr0" : "ttbr1",
	       (unsigned long long)pt_ttbr(&pt, 0));
	if (dump) {
		/* The registers first, whether stdout is a terminal or not. */
		fflush(stdout);
		pt_dump(&pt, mkpt_line, stderr);
	}
out_pt:
	pt_destroy(&pt);
out_mem:
	memimg_release(&mem);
	return ret;
}
