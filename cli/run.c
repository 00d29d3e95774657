// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * vadma run e1|e2 and vadma dump: the experiments on the model, and what
 * the hardware did while they ran.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "vadma/scenario.h"

static const char run_usage[] =
	"usage: vadma run e1|e2 [--size BYTES] [--granule 4k|64k]\n"
	"                 [--fault unmapped|readonly|stream] [--stall [--fix]]\n"
	"                 [--bypass] [--leaf auto|pages|blocks] [--json]\n"
	"                 [--trace FILE] [--all] [--timing [--utlb N] [--mtlb N]\n"
	"                 [--wc N] [--clock-mhz N]]\n"
	"       vadma dump [e1|e2] [the same options]\n"
	"\n"
	"E1: a PS DMA channel (ZDMA 0, stream 0x14e8) copies from VA to VA through\n"
	"explicit stage-1 mappings (VA != PA) on the model of a ZCU102; E2: the same\n"
	"from an AXI CDMA in the PL behind HP0 (stream 0xe80).  Shown: for each\n"
	"translation, the stream, context bank, VA -> PA, TLB hit or miss, and the\n"
	"walk levels.\n"
	"\n"
	"  --size BYTES   bytes to copy (default 65536, at most 16 MiB)\n"
	"  --granule      page size of the mappings (default 4k)\n"
	"  --fault unmapped   the destination's last page is not mapped: a\n"
	"                     translation fault\n"
	"  --fault readonly   the destination is read-only: a permission fault\n"
	"  --fault stream     the engine's stream is not attached: a global fault\n"
	"                     (sGFSR.USF) and nothing written\n"
	"  --stall        stall faulting transactions (default: terminate); the\n"
	"                 handler resumes with terminate, or with --fix maps the\n"
	"                 page and resumes with retry\n"
	"  --bypass       route the stream around the SMMU (physical addresses)\n"
	"  --leaf         auto: the largest blocks alignment allows (default);\n"
	"                 pages: pages only; blocks: 2 MiB blocks (4k granule)\n"
	"  --timing       run the MMU-500 timing model: simulated cycles,\n"
	"                 bandwidth, micro-TLB, macro-TLB and walk-cache hit\n"
	"                 rates (the copy itself is the same)\n"
	"  --utlb N, --mtlb N, --wc N   micro-TLB (per TBU), macro-TLB and\n"
	"                 walk-cache entries (defaults 32, 512, 64)\n"
	"  --clock-mhz N  the clock GB/s are given at (default 533, assumed)\n"
	"  --json         the result as one JSON object\n"
	"  --trace FILE   the hardware's events as Chrome/Perfetto trace JSON\n"
	"  --all          list every translation (default: the first 16)\n"
	"vadma dump runs the experiment, then prints the SMMU's registers decoded.\n"
	"For E3 (shared virtual addressing), see vadma run e3 --help; for E4\n"
	"(remote DMA between nodes over MPI), vadma run e4 --help.\n"
	"Exit status: 0 when the run went as asked (a negative run that faulted\n"
	"as intended included), 1 when it did not, 2 for a bad argument.\n";

enum {
	OPT_SIZE = 1,
	OPT_GRANULE,
	OPT_FAULT,
	OPT_STALL,
	OPT_FIX,
	OPT_BYPASS,
	OPT_JSON,
	OPT_TRACE,
	OPT_ALL,
	OPT_LEAF,
	OPT_TIMING,
	OPT_UTLB,
	OPT_MTLB,
	OPT_WC,
	OPT_CLOCK,
	OPT_HELP
};

static const struct option run_opts[] = {
	{ "size", required_argument, NULL, OPT_SIZE },
	{ "granule", required_argument, NULL, OPT_GRANULE },
	{ "fault", required_argument, NULL, OPT_FAULT },
	{ "stall", no_argument, NULL, OPT_STALL },
	{ "fix", no_argument, NULL, OPT_FIX },
	{ "bypass", no_argument, NULL, OPT_BYPASS },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "trace", required_argument, NULL, OPT_TRACE },
	{ "all", no_argument, NULL, OPT_ALL },
	{ "leaf", required_argument, NULL, OPT_LEAF },
	{ "timing", no_argument, NULL, OPT_TIMING },
	{ "utlb", required_argument, NULL, OPT_UTLB },
	{ "mtlb", required_argument, NULL, OPT_MTLB },
	{ "wc", required_argument, NULL, OPT_WC },
	{ "clock-mhz", required_argument, NULL, OPT_CLOCK },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

struct run_args {
	struct scn_opts o;
	const char *name;
	const char *trace;
	bool json;
	bool all;
};

static int run_parse(int argc, char **argv, const char *cmd, struct run_args *a)
{
	int opt;
	u64 v;

	memset(a, 0, sizeof(*a));
	scn_opts_default(&a->o);
	a->name = "e1";
	optind = 1;
	opterr = 0;
	if (argc > 1 && argv[1][0] != '-') {
		a->name = argv[1];
		optind = 2;
	} else if (!strcmp(cmd, "run")) {
		/* "vadma run --help": the e1/e2 text, which points to e3, e4. */
		if (argc > 1 &&
		    (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
			fputs(run_usage, stdout);
			return -1;
		}
		return cli_usage_error(
			cmd,
			"which experiment? e1, e2, e3, e3-coherence or e4\n\n%s",
			run_usage);
	}
	if (!strcmp(a->name, "e1"))
		a->o.engine = SCN_ENGINE_ZDMA;
	else if (!strcmp(a->name, "e2"))
		a->o.engine = SCN_ENGINE_CDMA;
	else
		return cli_usage_error(
			cmd,
			"unknown experiment '%s' (e1, e2, e3, e3-coherence or e4)",
			a->name);

	while ((opt = getopt_long(argc, argv, "+", run_opts, NULL)) != -1) {
		switch (opt) {
		case OPT_SIZE:
			if (cli_parse_u64(optarg, &v) || !v || v > (16 << 20))
				return cli_usage_error(
					cmd,
					"--size: 1 to 16777216 bytes, not '%s'",
					optarg);
			a->o.size = v;
			break;
		case OPT_GRANULE:
			if (!strcmp(optarg, "4k"))
				a->o.granule = PT_GRANULE_4K;
			else if (!strcmp(optarg, "64k"))
				a->o.granule = PT_GRANULE_64K;
			else
				return cli_usage_error(
					cmd,
					"--granule: 4k or 64k (the MMU-500 has no 16k), not '%s'",
					optarg);
			break;
		case OPT_FAULT:
			if (!strcmp(optarg, "unmapped"))
				a->o.fault = SCN_FAULT_UNMAPPED;
			else if (!strcmp(optarg, "readonly"))
				a->o.fault = SCN_FAULT_READONLY;
			else if (!strcmp(optarg, "stream"))
				a->o.fault = SCN_FAULT_STREAM;
			else
				return cli_usage_error(
					cmd,
					"--fault: unmapped, readonly or stream, not '%s'",
					optarg);
			break;
		case OPT_STALL:
			a->o.stall = true;
			break;
		case OPT_FIX:
			a->o.fix = true;
			break;
		case OPT_BYPASS:
			a->o.bypass = true;
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
		case OPT_LEAF:
			if (!strcmp(optarg, "auto"))
				a->o.leaf = SCN_LEAF_AUTO;
			else if (!strcmp(optarg, "pages"))
				a->o.leaf = SCN_LEAF_PAGES;
			else if (!strcmp(optarg, "blocks"))
				a->o.leaf = SCN_LEAF_BLOCKS;
			else
				return cli_usage_error(
					cmd,
					"--leaf: auto, pages or blocks, not '%s'",
					optarg);
			break;
		case OPT_TIMING:
			a->o.timing.enable = true;
			break;
		case OPT_UTLB:
		case OPT_MTLB:
		case OPT_WC:
		case OPT_CLOCK:
			if (cli_parse_u64(optarg, &v) || !v || v > 65536)
				return cli_usage_error(
					cmd, "%s: 1 to 65536, not '%s'",
					argv[optind - 1], optarg);
			if (opt == OPT_UTLB)
				a->o.timing.utlb_entries = (unsigned int)v;
			else if (opt == OPT_MTLB)
				a->o.timing.mtlb_entries = (unsigned int)v;
			else if (opt == OPT_WC)
				a->o.timing.wc_entries = (unsigned int)v;
			else
				a->o.timing.clock_mhz = (unsigned int)v;
			break;
		case OPT_HELP:
			fputs(run_usage, stdout);
			return -1;
		default:
			return cli_usage_error(
				cmd, "unknown or incomplete option '%s'\n\n%s",
				argv[optind - 1], run_usage);
		}
	}
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'",
				       argv[optind]);
	if (a->o.fix && !a->o.stall)
		return cli_usage_error(cmd, "--fix needs --stall");
	if (a->o.bypass && a->o.fault != SCN_FAULT_NONE)
		return cli_usage_error(
			cmd, "--bypass and --fault do not go together");
	if (a->o.leaf == SCN_LEAF_BLOCKS &&
	    (a->o.granule != PT_GRANULE_4K || a->o.fault != SCN_FAULT_NONE))
		return cli_usage_error(
			cmd,
			"--leaf blocks wants the 4k granule and no --fault");
	if (!a->o.timing.enable &&
	    (a->o.timing.utlb_entries || a->o.timing.mtlb_entries ||
	     a->o.timing.wc_entries || a->o.timing.clock_mhz))
		return cli_usage_error(
			cmd,
			"--utlb, --mtlb, --wc and --clock-mhz need --timing");
	if (a->o.stall && a->o.fault == SCN_FAULT_NONE)
		return cli_usage_error(cmd,
				       "--stall wants a --fault to stall on");
	return 0;
}

static const char *engine_name(enum scn_engine e)
{
	return e == SCN_ENGINE_ZDMA ? "PS DMA (ZDMA channel 0)"
				    : "PL AXI CDMA behind HP0";
}

/* Walk levels seen since the last translation, as "L0 L1 L2 L3". */
static void walk_levels(const struct events *e, size_t from, size_t to,
			char *buf, size_t len)
{
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = from; i < to && o + 4 < len; i++)
		if (e->ev[i].ev == MODEL_EV_WALK)
			o += (size_t)snprintf(buf + o, len - o, "%sL%d",
					      o ? " " : "", e->ev[i].level);
}

void print_translations(const struct events *e, bool all)
{
	size_t i, last = 0, shown = 0, total = 0;

	for (i = 0; i < e->n; i++)
		if (e->ev[i].ev == MODEL_EV_XLATE)
			total++;
	printf("what the hardware did (%zu translations%s):\n", total,
	       all || total <= 16 ? "" : ", the first 16; --all for every one");
	for (i = 0; i < e->n; i++) {
		const struct model_event *ev = &e->ev[i];
		char levels[64];

		switch (ev->ev) {
		case MODEL_EV_XLATE:
			if (all || shown < 16) {
				walk_levels(e, last, i, levels, sizeof(levels));
				if (ev->flags & MODEL_EVF_BYPASS)
					printf("  %8llu  stream 0x%x bypass  %s 0x%llx\n",
					       (unsigned long long)ev->time,
					       ev->sid,
					       ev->flags & MODEL_EVF_WRITE
						       ? "write"
						       : "read ",
					       (unsigned long long)ev->va);
				else
					printf("  %8llu  stream 0x%x CB%d %s VA 0x%llx -> PA 0x%llx  %s%s%s\n",
					       (unsigned long long)ev->time,
					       ev->sid, ev->cb,
					       ev->flags & MODEL_EVF_WRITE
						       ? "write"
						       : "read ",
					       (unsigned long long)ev->va,
					       (unsigned long long)ev->pa,
					       ev->flags & MODEL_EVF_HIT
						       ? "TLB hit"
						       : "TLB miss, walk ",
					       ev->flags & MODEL_EVF_HIT
						       ? ""
						       : levels,
					       "");
			}
			shown++;
			last = i + 1;
			break;
		case MODEL_EV_FAULT:
		case MODEL_EV_GFAULT:
			event_print(ev, EVENT_BRIEF);
			last = i + 1;
			break;
		case MODEL_EV_TLBI:
			if (all)
				event_print(ev, EVENT_BRIEF);
			break;
		case MODEL_EV_STALL:
		case MODEL_EV_RESUME:
		case MODEL_EV_DMA_DONE:
			event_print(ev, EVENT_BRIEF);
			break;
		default:
			break;
		}
	}
}

static double ratio(u64 a, u64 b)
{
	return b ? (double)a / (double)b : 0.0;
}

/* Bytes the copy wrote per cycle, and in GB/s at the stated clock. */
static void timing_bw(const struct model_timing_stats *t, double *bpc,
		      double *gbs)
{
	u64 bytes = t->bytes_written ? t->bytes_written : t->bytes_read;

	*bpc = ratio(bytes, t->cycles);
	*gbs = *bpc * t->clock_mhz * 1e6 / 1e9;
}

static void print_timing(const struct model_timing_stats *t)
{
	double bpc, gbs;

	timing_bw(t, &bpc, &gbs);
	printf("timing: %llu cycles, %.2f bytes/cycle = %.2f GB/s at %u MHz (assumed clock); %llu transactions\n",
	       (unsigned long long)t->cycles, bpc, gbs, t->clock_mhz,
	       (unsigned long long)t->txns);
	printf("timing: micro-TLB %.1f%% of %llu, macro TLB %.1f%% of %llu, walk cache %.1f%% of %llu walks (%llu descriptors read)\n",
	       100 * ratio(t->utlb_hits, t->utlb_lookups),
	       (unsigned long long)t->utlb_lookups,
	       100 * ratio(t->mtlb_hits, t->mtlb_lookups),
	       (unsigned long long)t->mtlb_lookups,
	       100 * ratio(t->wc_hits, t->walks), (unsigned long long)t->walks,
	       (unsigned long long)t->desc_reads);
}

static void print_text(const struct run_args *a, const struct scn_result *r,
		       const struct events *e, int ret)
{
	const struct scn_opts *o = &a->o;
	unsigned int page = 1U << o->granule;

	printf("%s: %s copies %llu bytes from %s 0x%llx to %s 0x%llx\n",
	       a->name[1] == '1' ? "E1" : "E2", engine_name(o->engine),
	       (unsigned long long)r->size, o->bypass ? "PA" : "VA",
	       (unsigned long long)(o->bypass ? r->src_pa : r->src_va),
	       o->bypass ? "PA" : "VA",
	       (unsigned long long)(o->bypass ? r->dst_pa : r->dst_va));
	if (o->bypass)
		printf("  stream 0x%x bypasses the SMMU (S2CR type bypass)\n",
		       r->sid);
	else if (o->fault == SCN_FAULT_STREAM)
		printf("  stream 0x%x is not attached: no SMR matches it\n",
		       r->sid);
	else
		printf("  mappings (%u KiB pages): VA 0x%llx -> PA 0x%llx read-only, VA 0x%llx -> PA 0x%llx %s%s\n"
		       "  stream 0x%x -> context bank %d, ASID %u, %s on a fault\n",
		       page >> 10, (unsigned long long)r->src_va,
		       (unsigned long long)r->src_pa,
		       (unsigned long long)r->dst_va,
		       (unsigned long long)r->dst_pa,
		       o->fault == SCN_FAULT_READONLY ? "read-only"
						      : "read-write",
		       o->fault == SCN_FAULT_UNMAPPED ? " except its last page"
						      : "",
		       r->sid, r->cb, r->asid,
		       o->stall ? "stall" : "terminate");
	print_translations(e, a->all);
	if (r->faults)
		printf("context fault: %s at level %u, %s %s, FAR 0x%llx, FSR 0x%x, FSYNR0 0x%x, stream 0x%x, CB%u%s\n",
		       smmu_fault_name(r->fault.type), r->fault.level,
		       r->fault.priv ? "privileged" : "unprivileged",
		       r->fault.write ? "write" : "read",
		       (unsigned long long)r->fault.far, r->fault.fsr,
		       r->fault.fsynr0, r->fault.sid, r->fault.cb,
		       r->fault.stalled ? ", stalled" : "");
	if (r->resumed_retry || r->resumed_terminate)
		printf("stalls resumed: %u with retry (after mapping the page), %u with terminate\n",
		       r->resumed_retry, r->resumed_terminate);
	if (r->gfaults)
		printf("global fault: %s, stream 0x%x, address 0x%llx\n",
		       smmu_gfault_name(r->gfault.gfsr), r->gfault.sid,
		       (unsigned long long)r->gfault.gfar);
	printf("DMA status: %s%s (errors 0x%x)\n",
	       r->dma.error  ? "error"
	       : r->dma.done ? "done"
			     : "busy",
	       r->dma.busy ? ", still busy" : "", r->dma.errors);
	printf("destination: %s%s\n",
	       r->verified ? "verified, every byte as the source"
			   : "NOT the source bytes",
	       r->untouched ? "; untouched (no byte written)" : "");
	print_model_stats(&r->stats, r->cycles, true);
	if (r->timed)
		print_timing(&r->timing);
	printf("result: %s\n", ret ? vadma_strerror(ret)
			       : o->fault == SCN_FAULT_NONE
				       ? "ok"
				       : "faulted as intended");
}

static void print_json(const struct run_args *a, const struct scn_result *r,
		       int ret)
{
	printf("{\"experiment\":\"%s\",\"engine\":\"%s\",\"size\":%llu,"
	       "\"src_va\":\"0x%llx\",\"dst_va\":\"0x%llx\","
	       "\"src_pa\":\"0x%llx\",\"dst_pa\":\"0x%llx\","
	       "\"stream\":\"0x%x\",\"context_bank\":%d,\"asid\":%u,"
	       "\"copied\":%s,\"verified\":%s,\"untouched\":%s,"
	       "\"faults\":%u,",
	       a->name, a->o.engine == SCN_ENGINE_ZDMA ? "zdma" : "cdma",
	       (unsigned long long)r->size, (unsigned long long)r->src_va,
	       (unsigned long long)r->dst_va, (unsigned long long)r->src_pa,
	       (unsigned long long)r->dst_pa, r->sid, r->cb, r->asid,
	       r->copied ? "true" : "false", r->verified ? "true" : "false",
	       r->untouched ? "true" : "false", r->faults);
	if (r->faults)
		printf("\"fault\":{\"type\":\"%s\",\"level\":%u,\"far\":\"0x%llx\","
		       "\"fsr\":\"0x%x\",\"fsynr0\":\"0x%x\",\"stream\":\"0x%x\","
		       "\"write\":%s,\"stalled\":%s},",
		       smmu_fault_name(r->fault.type), r->fault.level,
		       (unsigned long long)r->fault.far, r->fault.fsr,
		       r->fault.fsynr0, r->fault.sid,
		       r->fault.write ? "true" : "false",
		       r->fault.stalled ? "true" : "false");
	printf("\"global_faults\":%u,", r->gfaults);
	if (r->gfaults)
		printf("\"global_fault\":{\"sgfsr\":\"0x%x\",\"stream\":\"0x%x\","
		       "\"address\":\"0x%llx\"},",
		       r->gfault.gfsr, r->gfault.sid,
		       (unsigned long long)r->gfault.gfar);
	printf("\"resumed_retry\":%u,\"resumed_terminate\":%u,"
	       "\"dma\":{\"done\":%s,\"error\":%s,\"errors\":\"0x%x\"},"
	       "\"tlb_hits\":%llu,\"tlb_misses\":%llu,\"walks\":%llu,"
	       "\"dma_bytes\":%llu,\"cycles\":%llu,",
	       r->resumed_retry, r->resumed_terminate,
	       r->dma.done ? "true" : "false", r->dma.error ? "true" : "false",
	       r->dma.errors, (unsigned long long)r->stats.tlb_hits,
	       (unsigned long long)r->stats.tlb_misses,
	       (unsigned long long)r->stats.walks,
	       (unsigned long long)r->stats.dma_bytes,
	       (unsigned long long)r->cycles);
	if (r->timed) {
		const struct model_timing_stats *t = &r->timing;
		double bpc, gbs;

		timing_bw(t, &bpc, &gbs);
		printf("\"timing\":{\"cycles\":%llu,\"clock_mhz\":%u,"
		       "\"bytes_per_cycle\":%.4f,\"gbytes_per_s\":%.4f,"
		       "\"transactions\":%llu,\"bytes_read\":%llu,"
		       "\"bytes_written\":%llu,"
		       "\"utlb_lookups\":%llu,\"utlb_hits\":%llu,"
		       "\"utlb_hit_rate\":%.4f,"
		       "\"mtlb_lookups\":%llu,\"mtlb_hits\":%llu,"
		       "\"mtlb_hit_rate\":%.4f,"
		       "\"walks\":%llu,\"wc_hits\":%llu,\"wc_hit_rate\":%.4f,"
		       "\"descriptor_reads\":%llu,\"walk_wait_cycles\":%llu,"
		       "\"slot_wait_cycles\":%llu},",
		       (unsigned long long)t->cycles, t->clock_mhz, bpc, gbs,
		       (unsigned long long)t->txns,
		       (unsigned long long)t->bytes_read,
		       (unsigned long long)t->bytes_written,
		       (unsigned long long)t->utlb_lookups,
		       (unsigned long long)t->utlb_hits,
		       ratio(t->utlb_hits, t->utlb_lookups),
		       (unsigned long long)t->mtlb_lookups,
		       (unsigned long long)t->mtlb_hits,
		       ratio(t->mtlb_hits, t->mtlb_lookups),
		       (unsigned long long)t->walks,
		       (unsigned long long)t->wc_hits,
		       ratio(t->wc_hits, t->walks),
		       (unsigned long long)t->desc_reads,
		       (unsigned long long)t->walk_waits,
		       (unsigned long long)t->slot_waits);
	}
	printf("\"result\":\"%s\"}\n", ret ? vadma_strerror(ret) : "ok");
}

int dump_line(void *arg, const char *text)
{
	(void)arg;
	puts(text);
	return 0;
}

static int run_common(int argc, char **argv, bool dump)
{
	const char *cmd = dump ? "dump" : "run";
	struct events ev = { 0 };
	struct scn_result r;
	struct run_args a;
	int ret;

	ret = run_parse(argc, argv, cmd, &a);
	if (ret)
		return ret < 0 ? 0 : ret;
	/*
	 * The text output and --trace need every event; --json alone needs
	 * none, and the model runs faster without (see docs/model.md).
	 */
	if (!a.json || a.trace) {
		a.o.trace = events_add;
		a.o.trace_arg = &ev;
	}
	if (dump) {
		a.o.dump = dump_line;
		a.o.dump_arg = NULL;
	}
	ret = scn_copy(&a.o, &r);
	if (ret == -EINVAL) {
		free(ev.ev);
		return cli_usage_error(cmd, "%s", vadma_strerror(ret));
	}
	events_warn(&ev, cmd);
	if (!dump) {
		if (a.json)
			print_json(&a, &r, ret);
		else
			print_text(&a, &r, &ev, ret);
	}
	ret = events_finish(&ev, cmd, a.trace, ret);
	return ret ? 1 : 0;
}

static bool is_e3(int argc, char **argv)
{
	return argc > 1 && !strncmp(argv[1], "e3", 2);
}

/*
 * Take "--backend model|kernel" (or "--backend=...") out of the command
 * line.  Return: 0 (model), 1 (kernel), or CLI_EXIT_USAGE, printed.
 */
static int take_backend(int *argc, char **argv, const char *cmd)
{
	const char *val = NULL;
	int i, n = 0;

	for (i = 2; i < *argc; i++) {
		if (!strcmp(argv[i], "--backend") && i + 1 < *argc) {
			val = argv[i + 1];
			n = 2;
		} else if (!strncmp(argv[i], "--backend=", 10)) {
			val = argv[i] + 10;
			n = 1;
		} else if (!strcmp(argv[i], "--backend")) {
			return cli_usage_error(
				cmd, "--backend needs model or kernel");
		}
		if (n)
			break;
	}
	if (!n)
		return 0;
	memmove(&argv[i], &argv[i + n],
		(size_t)(*argc - i - n + 1) * sizeof(argv[0]));
	*argc -= n;
	if (!strcmp(val, "model"))
		return 0;
	if (!strcmp(val, "kernel"))
		return 1;
	return cli_usage_error(cmd, "--backend: model or kernel, not '%s'",
			       val);
}

int cli_run(int argc, char **argv)
{
	int backend = argc > 1 ? take_backend(&argc, argv, "run") : 0;

	if (backend == CLI_EXIT_USAGE)
		return backend;
	if (backend == 1)
		return cli_run_kernel(argc, argv);
	if (argc > 1 && !strcmp(argv[1], "e4"))
		return cli_run_e4(argc, argv);
	if (is_e3(argc, argv))
		return cli_run_e3(argc, argv, false);
	return run_common(argc, argv, false);
}

int cli_dump(int argc, char **argv)
{
	if (is_e3(argc, argv))
		return cli_run_e3(argc, argv, true);
	return run_common(argc, argv, true);
}
