// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* vadma: the command-line tool. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
	"usage: vadma <command> [options]\n"
	"\n"
	"commands:\n"
	"  run    run an experiment on the model: e1 (PS DMA), e2 (PL CDMA),\n"
	"         e3 and e3-coherence (shared virtual addressing), e4 (remote\n"
	"         DMA between nodes, over MPI)\n"
	"  dump   run an experiment, then print the SMMU's state decoded\n"
	"  walk   translate addresses through tables in raw memory images\n"
	"  mkpt   build translation tables into a memory image\n"
	"  bench  measure the model, the page-table library and DMA, each\n"
	"         figure beside its limit\n"
	"  help   this text\n"
	"\n"
	"'vadma <command> --help' describes a command.\n";

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage, stderr);
		return CLI_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "run"))
		return cli_run(argc - 1, argv + 1);
	if (!strcmp(argv[1], "dump"))
		return cli_dump(argc - 1, argv + 1);
	if (!strcmp(argv[1], "walk"))
		return cli_walk(argc - 1, argv + 1);
	if (!strcmp(argv[1], "mkpt"))
		return cli_mkpt(argc - 1, argv + 1);
	if (!strcmp(argv[1], "bench"))
		return cli_bench(argc - 1, argv + 1);
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "-h")) {
		fputs(usage, stdout);
		return 0;
	}
	fprintf(stderr, "vadma: unknown command '%s'\n\n%s", argv[1], usage);
	return CLI_EXIT_USAGE;
}
