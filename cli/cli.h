/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
#ifndef VADMA_CLI_H
#define VADMA_CLI_H

#include "vadma/env.h"
#include "vadma/pgtable.h"

/* Exit status for a bad command line, as the tool documents it. */
#define CLI_EXIT_USAGE 2

int cli_walk(int argc, char **argv);

struct memimg;

/**
 * struct cli_walk_args - a parsed "vadma walk" command line
 * @regime: the registers, over the memory images
 * @json:   --json
 * @help:   --help was given (and the usage printed): nothing to walk
 * @first:  argv index of the first VA[:ACCESS]
 */
struct cli_walk_args {
	struct pt_regime regime;
	bool json;
	bool help;
	int first;
};

/**
 * cli_walk_parse() - check a "vadma walk" command line, load its images
 * @argc, @argv: the command line ("walk" first)
 * @mem:      receives the images; the caller releases it
 * @add_file: adds one image (memimg_add_file(), or a test's stand-in)
 * @a:        filled
 *
 * Every address is checked before anything is walked.
 * Return: 0, or CLI_EXIT_USAGE with the message printed.
 */
int cli_walk_parse(int argc, char **argv, struct memimg *mem,
		   int (*add_file)(struct memimg *m, const char *path, u64 pa),
		   struct cli_walk_args *a);
int cli_mkpt(int argc, char **argv);
int cli_bench(int argc, char **argv);
int cli_run(int argc, char **argv);
int cli_dump(int argc, char **argv);
int cli_run_e3(int argc, char **argv, bool dump);
int cli_run_e4(int argc, char **argv);
/* "vadma run EXP --backend kernel ...", the --backend taken out. */
int cli_run_kernel(int argc, char **argv);

/* The hardware events of one run, kept for printing and for --trace. */
struct model_event;
struct events {
	struct model_event *ev;
	size_t n;
	size_t cap;
	bool oom;
};

/* cli/events.c: keep, print and export the events. */
void events_add(void *arg, const struct model_event *ev);
/* How event_print() shows a TLB invalidation. */
enum event_style {
	EVENT_BRIEF,	/* the operation and the entries removed */
	EVENT_OPERANDS, /* also its ASID and VA operands */
};
bool event_print(const struct model_event *ev, enum event_style style);
/* Translations, walks, faults, stalls and completions as text. */
void print_translations(const struct events *e, bool all);
/* The events as Chrome/Perfetto trace JSON; 0 or -1. */
int write_trace(const char *path, const struct events *e);
/* A word on stderr if the log of "vadma <cmd>" lost events. */
void events_warn(const struct events *e, const char *cmd);
/*
 * The end of a run's log: written to @trace (if not NULL), then freed.
 * Returns @ret, or -EIO for a good run whose trace could not be written.
 */
int events_finish(struct events *e, const char *cmd, const char *trace,
		  int ret);
/* The "model: N translations ..." line; @pages: with the pages touched. */
struct model_stats;
void print_model_stats(const struct model_stats *st, u64 cycles, bool pages);
/* A line of smmu_dump() on stdout. */
int dump_line(void *arg, const char *text);

/* Parse an unsigned number (0x hex, or decimal) that fills all of @s. */
int cli_parse_u64(const char *s, u64 *out);
/* Print "vadma <cmd>: <message>" on stderr; returns CLI_EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
