// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * vadma run e4: Unimem remote DMA between nodes, one MPI rank per node.
 * The nodes are vadma-node processes; this starts them under mpirun.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char e4_usage[] =
	"usage: vadma run e4 [--nodes N] [--size BYTES]\n"
	"\n"
	"E4: node 0's process puts a buffer to a virtual address of a process on\n"
	"every other node and gets it back; neither side maps anything for the\n"
	"DMA: each node's SMMU translates with its own process's tables, and the\n"
	"destination's kernel serves the faults.  A wrong key, a PDID nobody\n"
	"exported and a read-only page are refused, and nothing is written.\n"
	"Runs N nodes (default 2) as N MPI ranks of vadma-node on this machine:\n"
	"  mpirun -np N --oversubscribe vadma-node e4 [--size BYTES]\n"
	"does the same, and runs across hosts with a host file.\n";

int cli_run_e4(int argc, char **argv)
{
	char self[PATH_MAX], node[PATH_MAX + 16], np[16];
	const char *args[32];
	unsigned int n = 0;
	u64 nodes = 2, v;
	ssize_t len;
	char *slash;
	int i;

	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--help")) {
			fputs(e4_usage, stdout);
			return 0;
		}
		if (!strcmp(argv[i], "--nodes") && i + 1 < argc) {
			if (cli_parse_u64(argv[i + 1], &v) || v < 2 || v > 64)
				return cli_usage_error(
					"run", "--nodes: 2 to 64, not '%s'",
					argv[i + 1]);
			nodes = v;
			i++;
			continue;
		}
		if (!strcmp(argv[i], "--size") && i + 1 < argc) {
			if (cli_parse_u64(argv[i + 1], &v) || !v ||
			    v > (4U << 20))
				return cli_usage_error(
					"run", "--size: 1 to 4194304, not '%s'",
					argv[i + 1]);
			i++;
			continue;
		}
		return cli_usage_error("run", "e4: unknown option '%s'\n\n%s",
				       argv[i], e4_usage);
	}
	len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (len <= 0) {
		fprintf(stderr, "vadma run e4: cannot find myself\n");
		return 1;
	}
	self[len] = '\0';
	slash = strrchr(self, '/');
	if (slash)
		*slash = '\0';
	snprintf(node, sizeof(node), "%s/vadma-node", self);
	if (access(node, X_OK)) {
		fprintf(stderr,
			"vadma run e4: %s is missing (make builds it)\n", node);
		return 1;
	}
	snprintf(np, sizeof(np), "%llu", (unsigned long long)nodes);
	args[n++] = "mpirun";
	if (!geteuid())
		args[n++] = "--allow-run-as-root";
	args[n++] = "--oversubscribe";
	args[n++] = "-np";
	args[n++] = np;
	args[n++] = node;
	args[n++] = "e4";
	for (i = 2; i < argc && n < 30; i++) {
		if (!strcmp(argv[i], "--nodes")) {
			i++;
			continue;
		}
		args[n++] = argv[i];
	}
	args[n] = NULL;
	fflush(stdout);
	execvp("mpirun", (char *const *)args);
	fprintf(stderr,
		"vadma run e4: cannot start mpirun (Open MPI: apt-get install openmpi-bin)\n");
	return 1;
}
