// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * vadma walk: translate addresses over raw memory images, for a person
 * debugging a DMA fault with a dump of the tables and the registers.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "memimg.h"

static const char walk_usage[] =
	"usage: vadma walk --mem FILE@PA [--mem FILE@PA ...] --tcr TCR_EL1\n"
	"                  --mair MAIR_EL1 [--ttbr0 X] [--ttbr1 Y] [--json]\n"
	"                  VA[:ACCESS] ...\n"
	"\n"
	"Translates each VA through the stage-1 tables in the memory images, as\n"
	"an ARMv8 CPU (or an SMMU context bank in AArch64 format) would.\n"
	"ACCESS is r, w, ur or uw (u: unprivileged); r by default.  Registers use\n"
	"the TCR_EL1, MAIR_EL1 and TTBRn_EL1 layouts; the output size is TCR.IPS\n"
	"and ASIDs are ignored.  One line per address:\n"
	"  0x<va> <access> ok pa=0x<pa> attr=0x<MAIR byte> sh=<SH> level=<n>\n"
	"  0x<va> <access> fault=<translation|access|permission|address-size|external> level=<n>\n"
	"(external: the walk read memory that no image covers.)\n"
	"Exit status: 0 when every address was walked, 2 for a bad argument.\n";

enum {
	OPT_MEM = 1,
	OPT_TCR,
	OPT_MAIR,
	OPT_TTBR0,
	OPT_TTBR1,
	OPT_JSON,
	OPT_HELP
};

static const struct option walk_opts[] = {
	{ "mem", required_argument, NULL, OPT_MEM },
	{ "tcr", required_argument, NULL, OPT_TCR },
	{ "mair", required_argument, NULL, OPT_MAIR },
	{ "ttbr0", required_argument, NULL, OPT_TTBR0 },
	{ "ttbr1", required_argument, NULL, OPT_TTBR1 },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

static int walk_parse_access(const char *s, unsigned int *acc)
{
	static const struct {
		const char *name;
		unsigned int acc;
	} names[] = {
		{ "r", 0 },
		{ "w", PT_ACC_WRITE },
		{ "ur", PT_ACC_USER },
		{ "uw", PT_ACC_USER | PT_ACC_WRITE },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (!strcmp(s, names[i].name)) {
			*acc = names[i].acc;
			return 0;
		}
	}
	return -EINVAL;
}

/* Parse VA[:ACCESS]; any of the outputs may be NULL. */
static int walk_parse_addr(const char *arg, u64 *va, unsigned int *acc,
			   const char **name)
{
	const char *colon = strchr(arg, ':');
	const char *accname = colon ? colon + 1 : "r";
	char buf[32];
	size_t len = colon ? (size_t)(colon - arg) : strlen(arg);
	unsigned int a;
	u64 v;

	if (len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, arg, len);
	buf[len] = '\0';
	if (cli_parse_u64(buf, &v) || walk_parse_access(accname, &a))
		return -EINVAL;
	if (va)
		*va = v;
	if (acc)
		*acc = a;
	if (name)
		*name = accname;
	return 0;
}

static int walk_add_mem(struct memimg *m, char *arg,
			int (*add_file)(struct memimg *m, const char *path,
					u64 pa))
{
	char *at = strrchr(arg, '@');
	u64 pa;
	int ret;

	if (!at || at == arg)
		return cli_usage_error("walk", "--mem wants FILE@PA, not '%s'",
				       arg);
	*at = '\0';
	if (cli_parse_u64(at + 1, &pa))
		return cli_usage_error("walk", "--mem %s: bad address '%s'",
				       arg, at + 1);
	ret = add_file(m, arg, pa);
	if (ret == -EINVAL)
		return cli_usage_error(
			"walk",
			"--mem %s@0x%llx: empty, or overlaps another image",
			arg, (unsigned long long)pa);
	if (ret)
		return cli_usage_error("walk", "--mem %s: cannot read it (%s)",
				       arg, vadma_strerror(ret));
	return 0;
}

static void walk_print(u64 va, const char *acc, const struct pt_walk *w,
		       bool json)
{
	if (!json && w->fault == PT_FAULT_NONE)
		printf("0x%llx %s ok pa=0x%llx attr=0x%x sh=%u level=%d\n",
		       (unsigned long long)va, acc, (unsigned long long)w->pa,
		       w->attr, w->sh, w->level);
	else if (!json)
		printf("0x%llx %s fault=%s level=%d\n", (unsigned long long)va,
		       acc, pt_fault_name(w->fault), w->level);
	else if (w->fault == PT_FAULT_NONE)
		printf("{\"va\":\"0x%llx\",\"access\":\"%s\",\"result\":\"ok\","
		       "\"pa\":\"0x%llx\",\"attr\":\"0x%x\",\"sh\":%u,\"level\":%d}\n",
		       (unsigned long long)va, acc, (unsigned long long)w->pa,
		       w->attr, w->sh, w->level);
	else
		printf("{\"va\":\"0x%llx\",\"access\":\"%s\",\"result\":\"fault\","
		       "\"fault\":\"%s\",\"level\":%d}\n",
		       (unsigned long long)va, acc, pt_fault_name(w->fault),
		       w->level);
}

int cli_walk_parse(int argc, char **argv, struct memimg *mem,
		   int (*add_file)(struct memimg *m, const char *path, u64 pa),
		   struct cli_walk_args *a)
{
	u64 tcr = 0, mair = 0, ttbr0 = 0, ttbr1 = 0;
	bool have_tcr = false, have_mair = false;
	int opt, ret, i;

	memset(a, 0, sizeof(*a));
	/* 0, not 1: getopt starts afresh, whatever an earlier parse left. */
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+", walk_opts, NULL)) != -1) {
		u64 *reg = NULL;

		switch (opt) {
		case OPT_MEM:
			ret = walk_add_mem(mem, optarg, add_file);
			if (ret)
				return ret;
			continue;
		case OPT_TCR:
			reg = &tcr;
			have_tcr = true;
			break;
		case OPT_MAIR:
			reg = &mair;
			have_mair = true;
			break;
		case OPT_TTBR0:
			reg = &ttbr0;
			break;
		case OPT_TTBR1:
			reg = &ttbr1;
			break;
		case OPT_JSON:
			a->json = true;
			continue;
		case OPT_HELP:
			fputs(walk_usage, stdout);
			a->help = true;
			return 0;
		default:
			return cli_usage_error(
				"walk",
				"unknown or incomplete option '%s'\n\n%s",
				argv[optind - 1], walk_usage);
		}
		if (cli_parse_u64(optarg, reg))
			return cli_usage_error("walk", "%s: bad number '%s'",
					       argv[optind - 2], optarg);
	}
	if (!mem->nr || !have_tcr || !have_mair)
		return cli_usage_error(
			"walk", "--mem, --tcr and --mair are required\n\n%s",
			walk_usage);
	if (optind >= argc)
		return cli_usage_error("walk", "no address to translate");
	if (pt_regime_init(&a->regime, tcr, mair, ttbr0, ttbr1, &memimg_pt_ops,
			   mem))
		return cli_usage_error(
			"walk",
			"--tcr 0x%llx: unusable (a TGn or IPS encoding that is reserved, a TnSZ outside 16..39, or TBI/HA/HD set)",
			(unsigned long long)tcr);

	/* Check every address before printing anything. */
	for (i = optind; i < argc; i++)
		if (walk_parse_addr(argv[i], NULL, NULL, NULL))
			return cli_usage_error(
				"walk",
				"bad address '%s' (want VA[:r|w|ur|uw])",
				argv[i]);
	a->first = optind;
	return 0;
}

int cli_walk(int argc, char **argv)
{
	struct cli_walk_args a;
	struct memimg mem;
	int ret, i;

	memimg_init(&mem);
	ret = cli_walk_parse(argc, argv, &mem, memimg_add_file, &a);
	for (i = a.first; !ret && !a.help && i < argc; i++) {
		const char *name;
		unsigned int acc;
		struct pt_walk w;
		u64 va;

		walk_parse_addr(argv[i], &va, &acc, &name);
		pt_regime_walk(&a.regime, va, acc, &w);
		walk_print(va, name, &w, a.json);
	}
	memimg_release(&mem);
	return ret;
}
