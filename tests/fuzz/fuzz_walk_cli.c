// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The command line of "vadma walk": the input is a count, then that many
 * NUL-terminated arguments, then the bytes of the memory images.  An image
 * is not read from a file: "--mem NAME@PA" adds a region of 4 KiB times
 * (1 + the name's length % 4) at PA holding the input's last bytes (an
 * empty name stands for a file that cannot be read).  Then the addresses
 * are walked and printed, as cli_walk() does.
 *
 * Invariants: no crash, hang, leak or undefined behaviour; a parse that
 * fails says why with CLI_EXIT_USAGE; whatever it accepts can be walked.
 */
#include "fuzz.h"
#include "cli.h"
#include "memimg.h"

#define MAX_ARGS 32

static const u8 *blob;
static size_t blob_len;

static int fake_file(struct memimg *m, const char *path, u64 pa)
{
	u64 size = 4096ULL * (1 + strlen(path) % 4);
	int ret;

	if (!*path)
		return -ENOENT;
	ret = memimg_add_zero(m, pa, size);
	if (ret)
		return ret;
	if (blob_len)
		memcpy(m->region[m->nr - 1].host, blob,
		       blob_len < size ? blob_len : size);
	return 0;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	char *argv[MAX_ARGS + 2], *copy;
	unsigned int argc = 1, want, i;
	struct cli_walk_args a;
	struct memimg mem;
	size_t at = 1;
	int ret;

	if (!size)
		return 0;
	/* Arguments point into one NUL-terminated copy of the input. */
	copy = malloc(size + 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	argv[0] = "walk";
	want = data[0] % MAX_ARGS;
	while (argc <= want && at < size) {
		argv[argc++] = copy + at;
		at += strlen(copy + at) + 1;
	}
	argv[argc] = NULL;
	blob = at < size ? data + at : NULL;
	blob_len = at < size ? size - at : 0;

	memimg_init(&mem);
	ret = cli_walk_parse((int)argc, argv, &mem, fake_file, &a);
	if (ret && ret != CLI_EXIT_USAGE)
		fz_fail("cli_walk_parse returned %d", ret);
	for (i = (unsigned int)a.first; !ret && !a.help && i < argc; i++) {
		struct pt_walk w;

		/* The addresses were checked: the regime walks any VA. */
		pt_regime_walk(&a.regime, strtoull(argv[i], NULL, 0),
			       PT_ACC_USER, &w);
	}
	memimg_release(&mem);
	free(copy);
	return 0;
}
