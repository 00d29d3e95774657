// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * vadma run e3 | e3-coherence: shared virtual addressing on the model, and
 * what the kernel and the hardware did for it.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "vadma/scenario.h"

static const char e3_usage[] =
	"usage: vadma run e3|e3-coherence [--size BYTES] [--engine cdma|zdma]\n"
	"                 [--no-invalidate] [--json] [--trace FILE] [--all]\n"
	"       vadma dump e3|e3-coherence [the same options]\n"
	"\n"
	"E3: a process writes data at virtual addresses it never pinned or mapped\n"
	"for a device; its address space is bound to the DMA engine's stream (a\n"
	"context bank gets the process's TTBR0, ASID, TCR and MAIR); the engine\n"
	"copies from VA to VA in that process.  The SMMU stalls on pages that are\n"
	"absent, read-only (clean or the zero page) or old, and the kernel's fault\n"
	"path serves them as it would the CPU's.  Shown: the faults taken and how\n"
	"they were served, the pages made present, the TLB invalidations.\n"
	"\n"
	"e3-coherence: after munmap, and after mprotect(PROT_READ), a DMA to the\n"
	"old addresses must fault, not use a stale translation.  Shown: each step,\n"
	"the invalidations, and the fault that refused the DMA.\n"
	"\n"
	"  --size BYTES     bytes to copy (default 65536, at most 8388607)\n"
	"  --engine         cdma: the AXI CDMA in the PL (default); zdma: PS DMA\n"
	"                   channel 0 (then the buffers sit below 2^44)\n"
	"  --no-invalidate  the notifier does not invalidate the SMMU's TLB: a\n"
	"                   demonstration of what goes wrong (the run fails)\n"
	"  --json           the result as one JSON object\n"
	"  --trace FILE     the hardware's events as Chrome/Perfetto trace JSON\n"
	"  --all            also list every translation and invalidation\n"
	"Exit status: 0 when the run went as it must, 1 when it did not, 2 for a\n"
	"bad argument.\n";

enum {
	OPT_SIZE = 1,
	OPT_ENGINE,
	OPT_NO_INV,
	OPT_JSON,
	OPT_TRACE,
	OPT_ALL,
	OPT_HELP
};

static const struct option e3_opts[] = {
	{ "size", required_argument, NULL, OPT_SIZE },
	{ "engine", required_argument, NULL, OPT_ENGINE },
	{ "no-invalidate", no_argument, NULL, OPT_NO_INV },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "trace", required_argument, NULL, OPT_TRACE },
	{ "all", no_argument, NULL, OPT_ALL },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

struct e3_args {
	struct scn_e3_opts o;
	const char *trace;
	bool json;
	bool all;
};

static int e3_parse(int argc, char **argv, const char *cmd, struct e3_args *a)
{
	int opt;
	u64 v;

	memset(a, 0, sizeof(*a));
	scn_e3_opts_default(&a->o);
	if (!strcmp(argv[1], "e3"))
		a->o.mode = SCN_E3_COPY;
	else if (!strcmp(argv[1], "e3-coherence"))
		a->o.mode = SCN_E3_COHERENCE;
	else
		return cli_usage_error(
			cmd,
			"unknown experiment '%s' (e1, e2, e3 or e3-coherence)",
			argv[1]);
	optind = 2;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+", e3_opts, NULL)) != -1) {
		switch (opt) {
		case OPT_SIZE:
			if (cli_parse_u64(optarg, &v) || !v || v >= (1 << 23))
				return cli_usage_error(
					cmd,
					"--size: 1 to 8388607 bytes, not '%s'",
					optarg);
			a->o.size = v;
			break;
		case OPT_ENGINE:
			if (!strcmp(optarg, "cdma"))
				a->o.engine = SCN_ENGINE_CDMA;
			else if (!strcmp(optarg, "zdma"))
				a->o.engine = SCN_ENGINE_ZDMA;
			else
				return cli_usage_error(
					cmd, "--engine: cdma or zdma, not '%s'",
					optarg);
			break;
		case OPT_NO_INV:
			a->o.no_invalidate = true;
			break;
		case OPT_JSON:
			a->json = true;
			break;
		case OPT_TRACE:
			a->trace = optarg;
			break;
		case OPT_ALL:
			a->all = true;
			break;
		case OPT_HELP:
			fputs(e3_usage, stdout);
			return -1;
		default:
			return cli_usage_error(
				cmd, "unknown or incomplete option '%s'\n\n%s",
				argv[optind - 1], e3_usage);
		}
	}
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'",
				       argv[optind]);
	return 0;
}

static const char *e3_engine(enum scn_engine e)
{
	return e == SCN_ENGINE_ZDMA ? "PS DMA (ZDMA channel 0)"
				    : "PL AXI CDMA behind HP0";
}

static const char *e3_action(const struct os_iopf *f)
{
	switch (f->action) {
	case OS_IOPF_RETRY:
		return "served, retry";
	case OS_IOPF_TERMINATE:
		return "refused, terminate";
	case OS_IOPF_REPORTED:
		return "reported (not stalled)";
	}
	return "?";
}

static void e3_print_fault(const struct os_iopf *f)
{
	printf("  stream 0x%x CB%u %s VA 0x%llx: %s fault at level %u -> %s%s%s\n",
	       f->fault.sid, f->fault.cb, f->fault.write ? "write" : "read ",
	       (unsigned long long)f->fault.far, smmu_fault_name(f->fault.type),
	       f->fault.level, e3_action(f), f->err ? " (" : "",
	       f->err ? vadma_strerror(f->err) : "");
	if (f->err)
		printf("    )\n");
}

/* Invalidations (with their operands), faults, resumes and completions. */
static void e3_print_events(const struct events *e)
{
	size_t i;

	for (i = 0; i < e->n; i++) {
		const struct model_event *ev = &e->ev[i];

		switch (ev->ev) {
		case MODEL_EV_TLBI:
		case MODEL_EV_FAULT:
		case MODEL_EV_RESUME:
		case MODEL_EV_DMA_DONE:
			event_print(ev, EVENT_OPERANDS);
			break;
		default:
			break;
		}
	}
}

static void e3_print_common(const struct scn_e3_result *r)
{
	printf("  the process's tables: TTBR0 0x%llx, ASID %u; TCR_EL1 0x%llx, MAIR_EL1 0x%llx\n"
	       "  stream 0x%x -> context bank %d: the process's TTBR0 and ASID, TCR and MAIR as the CPU's, stall on faults\n",
	       (unsigned long long)r->ttbr0, r->asid,
	       (unsigned long long)r->tcr, (unsigned long long)r->mair, r->sid,
	       r->cb);
}

static void e3_print_tail(const struct scn_e3_result *r, int ret)
{
	printf("SMMU TLB invalidations: %llu ranges by VA and ASID (a TLBIVA or TLBIVAL per page, then a sync), %llu of the whole ASID\n",
	       (unsigned long long)r->tlbi_ranges,
	       (unsigned long long)r->tlbi_asids);
	print_model_stats(&r->stats, r->cycles, false);
	if (ret == -EIO)
		printf("result: FAILED, the run did not go as it must (see above)\n");
	else
		printf("result: %s\n", ret ? vadma_strerror(ret) : "ok");
}

static void e3_print_copy(const struct e3_args *a,
			  const struct scn_e3_result *r, const struct events *e,
			  int ret)
{
	const struct os_stats *st = &r->os;
	unsigned int i;

	printf("E3: %s copies %llu bytes from VA 0x%llx to VA 0x%llx of process %d, with no mapping step\n",
	       e3_engine(a->o.engine), (unsigned long long)r->size,
	       (unsigned long long)r->src_va, (unsigned long long)r->dst_va,
	       r->pid);
	e3_print_common(r);
	printf("  before the copy: the process wrote its source; the second half of it is old, its last page swapped out;\n"
	       "  the destination's quarters are: never touched, only read (the zero page), written back (clean), old\n");
	printf("faults taken (%llu served, %llu refused)%s:\n",
	       (unsigned long long)r->faults_served,
	       (unsigned long long)r->faults_refused,
	       r->faults_served + r->faults_refused > r->nr_faults
		       ? "; the last ones"
		       : "");
	for (i = 0; i < r->nr_faults; i++)
		e3_print_fault(&r->faults[i]);
	if (a->all) {
		printf("what the hardware did:\n");
		print_translations(e, true);
	}
	printf("the kernel: %llu faults from the SMMU; pages made present: %llu fresh (demand-zero), %llu copied from the zero page, %llu swapped in; %llu made dirty, %llu made young\n",
	       (unsigned long long)st->dev_faults,
	       (unsigned long long)st->demand_zero,
	       (unsigned long long)st->cow_zero,
	       (unsigned long long)st->swap_ins, (unsigned long long)st->dirty,
	       (unsigned long long)st->young);
	printf("DMA status: %s (errors 0x%x)\n",
	       r->dma.error  ? "error"
	       : r->dma.done ? "done"
			     : "busy",
	       r->dma.errors);
	printf("destination: %s\n",
	       r->verified
		       ? "verified, every byte as the source (read back by the process)"
		       : "NOT the source bytes");
	e3_print_tail(r, ret);
}

static void e3_print_coherence(const struct e3_args *a,
			       const struct scn_e3_result *r,
			       const struct events *e, int ret)
{
	unsigned int i;

	printf("E3 coherence: %s, process %d, %llu bytes%s\n",
	       e3_engine(a->o.engine), r->pid, (unsigned long long)r->size,
	       a->o.no_invalidate ? "; the notifier does NOT invalidate" : "");
	e3_print_common(r);
	for (i = 0; i < SCN_E3_STEPS; i++) {
		const struct scn_e3_step *s = &r->steps[i];

		if (!s->what)
			break;
		printf("%u. %s: ", i + 1, s->what);
		if (!s->expect_fault) {
			printf("%s, %s", s->dma_ok ? "done" : "DMA error",
			       s->verified ? "verified" : "NOT verified");
		} else if (s->refused) {
			printf("refused: %s fault at level %u, %s VA 0x%llx, FSR 0x%x; DMA %s; %s",
			       smmu_fault_name(s->fault.fault.type),
			       s->fault.fault.level,
			       s->fault.fault.write ? "write" : "read",
			       (unsigned long long)s->fault.fault.far,
			       s->fault.fault.fsr, s->dma_ok ? "done" : "error",
			       s->intact ? "nothing written"
					 : "BYTES WRITTEN to memory it lost");
		} else {
			printf("NOT refused: the DMA %s; %s",
			       s->dma_ok ? "completed" : "failed",
			       s->intact
				       ? "nothing written"
				       : "it wrote memory the process no longer owns (a stale translation)");
		}
		printf("  [%s]\n", s->ok ? "ok" : "WRONG");
	}
	printf("what the hardware did (invalidations, faults, resumes, completions):\n");
	if (a->all)
		print_translations(e, true);
	else
		e3_print_events(e);
	e3_print_tail(r, ret);
}

static void e3_json_fault(const struct os_iopf *f)
{
	printf("{\"stream\":\"0x%x\",\"cb\":%u,\"va\":\"0x%llx\",\"write\":%s,"
	       "\"type\":\"%s\",\"level\":%u,\"fsr\":\"0x%x\",\"action\":\"%s\"}",
	       f->fault.sid, f->fault.cb, (unsigned long long)f->fault.far,
	       f->fault.write ? "true" : "false",
	       smmu_fault_name(f->fault.type), f->fault.level, f->fault.fsr,
	       f->action == OS_IOPF_RETRY	? "retry"
	       : f->action == OS_IOPF_TERMINATE ? "terminate"
						: "reported");
}

static void e3_print_json(const struct e3_args *a,
			  const struct scn_e3_result *r, int ret)
{
	const struct os_stats *st = &r->os;
	unsigned int i;

	printf("{\"experiment\":\"%s\",\"engine\":\"%s\",\"size\":%llu,"
	       "\"pid\":%d,\"asid\":%u,\"stream\":\"0x%x\",\"context_bank\":%d,"
	       "\"ttbr0\":\"0x%llx\",\"tcr\":\"0x%llx\",\"mair\":\"0x%llx\","
	       "\"src_va\":\"0x%llx\",\"dst_va\":\"0x%llx\",",
	       a->o.mode == SCN_E3_COPY ? "e3" : "e3-coherence",
	       a->o.engine == SCN_ENGINE_ZDMA ? "zdma" : "cdma",
	       (unsigned long long)r->size, r->pid, r->asid, r->sid, r->cb,
	       (unsigned long long)r->ttbr0, (unsigned long long)r->tcr,
	       (unsigned long long)r->mair, (unsigned long long)r->src_va,
	       (unsigned long long)r->dst_va);
	if (a->o.mode == SCN_E3_COPY)
		printf("\"verified\":%s,\"dma\":{\"done\":%s,\"error\":%s},",
		       r->verified ? "true" : "false",
		       r->dma.done ? "true" : "false",
		       r->dma.error ? "true" : "false");
	else {
		printf("\"steps\":[");
		for (i = 0; i < SCN_E3_STEPS && r->steps[i].what; i++) {
			const struct scn_e3_step *s = &r->steps[i];

			printf("%s{\"what\":\"%s\",\"expect_fault\":%s,\"dma_ok\":%s,"
			       "\"refused\":%s,\"intact\":%s,\"verified\":%s,\"ok\":%s",
			       i ? "," : "", s->what,
			       s->expect_fault ? "true" : "false",
			       s->dma_ok ? "true" : "false",
			       s->refused ? "true" : "false",
			       s->intact ? "true" : "false",
			       s->verified ? "true" : "false",
			       s->ok ? "true" : "false");
			if (s->refused) {
				printf(",\"fault\":");
				e3_json_fault(&s->fault);
			}
			printf("}");
		}
		printf("],");
	}
	printf("\"faults\":[");
	for (i = 0; i < r->nr_faults; i++) {
		printf("%s", i ? "," : "");
		e3_json_fault(&r->faults[i]);
	}
	printf("],\"faults_served\":%llu,\"faults_refused\":%llu,"
	       "\"dev_faults\":%llu,\"demand_zero\":%llu,\"cow_zero\":%llu,"
	       "\"swap_ins\":%llu,\"made_dirty\":%llu,\"made_young\":%llu,"
	       "\"tlbi_ranges\":%llu,\"tlbi_asids\":%llu,"
	       "\"tlb_hits\":%llu,\"tlb_misses\":%llu,\"walks\":%llu,"
	       "\"cycles\":%llu,\"result\":\"%s\"}\n",
	       (unsigned long long)r->faults_served,
	       (unsigned long long)r->faults_refused,
	       (unsigned long long)st->dev_faults,
	       (unsigned long long)st->demand_zero,
	       (unsigned long long)st->cow_zero,
	       (unsigned long long)st->swap_ins, (unsigned long long)st->dirty,
	       (unsigned long long)st->young,
	       (unsigned long long)r->tlbi_ranges,
	       (unsigned long long)r->tlbi_asids,
	       (unsigned long long)r->stats.tlb_hits,
	       (unsigned long long)r->stats.tlb_misses,
	       (unsigned long long)r->stats.walks,
	       (unsigned long long)r->cycles, ret ? vadma_strerror(ret) : "ok");
}

int cli_run_e3(int argc, char **argv, bool dump)
{
	const char *cmd = dump ? "dump" : "run";
	struct events ev = { 0 };
	struct scn_e3_result *r;
	struct e3_args a;
	int ret;

	ret = e3_parse(argc, argv, cmd, &a);
	if (ret)
		return ret < 0 ? 0 : ret;
	r = calloc(1, sizeof(*r));
	if (!r) {
		fprintf(stderr, "vadma %s: out of memory\n", cmd);
		return 1;
	}
	if (!a.json || a.trace) {
		a.o.trace = events_add;
		a.o.trace_arg = &ev;
	}
	if (dump)
		a.o.dump = dump_line;
	ret = scn_e3(&a.o, r);
	if (ret == -EINVAL) {
		free(ev.ev);
		free(r);
		return cli_usage_error(cmd, "%s", vadma_strerror(ret));
	}
	events_warn(&ev, cmd);
	if (!dump) {
		if (a.json)
			e3_print_json(&a, r, ret);
		else if (a.o.mode == SCN_E3_COPY)
			e3_print_copy(&a, r, &ev, ret);
		else
			e3_print_coherence(&a, r, &ev, ret);
	}
	ret = events_finish(&ev, cmd, a.trace, ret);
	free(r);
	return ret ? 1 : 0;
}
