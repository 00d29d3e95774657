// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The model's events (MODEL_EVENTS() in vadma/model.h) as vadma run keeps,
 * prints and exports them: one printer for the lines of every run, and the
 * Chrome/Perfetto trace JSON, whose names come from the event list.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "vadma/model.h"

void events_add(void *arg, const struct model_event *ev)
{
	struct events *e = arg;

	if (e->n == e->cap) {
		size_t cap = e->cap ? 2 * e->cap : 1024;
		struct model_event *p = realloc(e->ev, cap * sizeof(*p));

		if (!p) {
			e->oom = true;
			return;
		}
		e->ev = p;
		e->cap = cap;
	}
	e->ev[e->n++] = *ev;
}

static unsigned long long time_of(const struct model_event *ev)
{
	return (unsigned long long)ev->time;
}

/* A TLBI with an address operand (and so an ASID one too). */
static bool tlbi_has_va(enum model_ev_kind kind)
{
	switch (kind) {
	case MODEL_EVK_TLBIVA:
	case MODEL_EVK_TLBIVAL:
	case MODEL_EVK_TLBIVAA:
	case MODEL_EVK_TLBIVAAL:
	case MODEL_EVK_TLBIVAH:
		return true;
	default:
		return false;
	}
}

static void print_tlbi(const struct model_event *ev, enum event_style style)
{
	const char *op = model_ev_kind_name(ev->kind);

	if (style == EVENT_BRIEF) {
		/* Global operations (TLBIALLNSNH, ...) have no bank. */
		if (ev->cb < 0)
			printf("  %8llu  global TLB invalidate %s (%llu entries)\n",
			       time_of(ev), op ? op : "",
			       (unsigned long long)ev->len);
		else
			printf("  %8llu  CB%d TLB invalidate %s (%llu entries)\n",
			       time_of(ev), ev->cb, op ? op : "",
			       (unsigned long long)ev->len);
		return;
	}
	/* With the operands; a global operation (GR0) belongs to no bank. */
	if (ev->cb < 0)
		printf("  %8llu  global %s", time_of(ev), op ? op : "TLBI");
	else
		printf("  %8llu  CB%d %s", time_of(ev), ev->cb,
		       op ? op : "TLBI");
	if (tlbi_has_va(ev->kind))
		printf(" ASID %llu VA 0x%llx", (unsigned long long)ev->asid,
		       (unsigned long long)ev->va);
	else if (ev->kind == MODEL_EVK_TLBIASID)
		printf(" ASID %llu", (unsigned long long)ev->asid);
	printf(": %llu TLB entr%s removed\n", (unsigned long long)ev->len,
	       ev->len == 1 ? "y" : "ies");
}

/**
 * event_print() - one line for an event, as vadma run shows it
 * @ev:    the event
 * @style: EVENT_BRIEF, or EVENT_OPERANDS for a TLBI with its operands
 *
 * Translations and walks are print_translations()'s, which groups them.
 *
 * Return: whether a line was printed (not for XLATE, WALK, SYNC,
 * DMA_START, DMA_BEAT, IRQ).
 */
bool event_print(const struct model_event *ev, enum event_style style)
{
	const char *kind = model_ev_kind_name(ev->kind);

	switch (ev->ev) {
	case MODEL_EV_FAULT:
		printf("  %8llu  stream 0x%x CB%d %s fault at level %d, VA 0x%llx (FSR 0x%llx)\n",
		       time_of(ev), ev->sid, ev->cb, kind ? kind : "context",
		       ev->level, (unsigned long long)ev->va,
		       (unsigned long long)ev->fsr);
		return true;
	case MODEL_EV_GFAULT:
		printf("  %8llu  stream 0x%x global fault %s, address 0x%llx\n",
		       time_of(ev), ev->sid, kind ? kind : "",
		       (unsigned long long)ev->va);
		return true;
	case MODEL_EV_STALL:
		printf("  %8llu  stream 0x%x CB%d stalled at VA 0x%llx\n",
		       time_of(ev), ev->sid, ev->cb,
		       (unsigned long long)ev->va);
		return true;
	case MODEL_EV_RESUME:
		printf("  %8llu  CB%d resumed: %s\n", time_of(ev), ev->cb,
		       ev->flags & MODEL_EVF_TERMINATE ? "terminate" : "retry");
		return true;
	case MODEL_EV_TLBI:
		print_tlbi(ev, style);
		return true;
	case MODEL_EV_DMA_DONE:
		printf("  %8llu  %s done%s\n", time_of(ev), ev->dev,
		       ev->flags & MODEL_EVF_ERROR ? " with an error" : "");
		return true;
	default:
		return false;
	}
}

/* One thread per device in the trace viewer. */
static int trace_tid(const char *dev, const char **names, int *n)
{
	int i;

	for (i = 0; i < *n; i++)
		if (!strcmp(names[i], dev))
			return i + 1;
	if (*n == 16)
		return 16;
	names[(*n)++] = dev;
	return *n;
}

/*
 * Chrome trace-event JSON (the format Perfetto and chrome://tracing open):
 * one thread per device, instant events for translations and faults, a
 * duration for each DMA transfer; timestamps in microseconds of model
 * time, one cycle taken as one nanosecond.  Each event's args hold the
 * fields of struct model_event; its own value under the name the event
 * list gives it (model_ev_arg_name(): "fsr", "asid", ...), and for one
 * release under the old name "desc" as well.
 */
int write_trace(const char *path, const struct events *e)
{
	const char *names[16];
	int nnames = 0, i;
	FILE *f = fopen(path, "w");
	size_t k;

	if (!f)
		return -1;
	fprintf(f,
		"{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n"
		"{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":1,\"args\":{\"name\":\"vadma model: zcu102\"}}");
	for (k = 0; k < e->n; k++) {
		const struct model_event *ev = &e->ev[k];
		const char *dev = ev->dev ? ev->dev : "?";
		const char *kind = model_ev_kind_name(ev->kind);
		const char *arg = model_ev_arg_name(ev->ev);
		const char *ph = "i";
		int tid = trace_tid(dev, names, &nnames);

		if (ev->ev == MODEL_EV_DMA_START)
			ph = "B";
		else if (ev->ev == MODEL_EV_DMA_DONE)
			ph = "E";
		fprintf(f,
			",\n{\"name\":\"%s%s%s\",\"cat\":\"%s\",\"ph\":\"%s\",%s\"ts\":%.3f,\"pid\":1,\"tid\":%d,"
			"\"args\":{\"sid\":\"0x%x\",\"cb\":%d,\"va\":\"0x%llx\",\"pa\":\"0x%llx\",\"level\":%d,"
			"\"desc\":\"0x%llx\"",
			model_ev_name(ev->ev), kind ? " " : "",
			kind ? kind : "", dev, ph,
			ph[0] == 'i' ? "\"s\":\"t\"," : "",
			(double)ev->time / 1000.0, tid, ev->sid, ev->cb,
			(unsigned long long)ev->va, (unsigned long long)ev->pa,
			ev->level, (unsigned long long)ev->arg);
		if (arg[0])
			fprintf(f, ",\"%s\":\"0x%llx\"", arg,
				(unsigned long long)ev->arg);
		fprintf(f, ",\"len\":%llu,\"flags\":%u}}",
			(unsigned long long)ev->len, ev->flags);
	}
	for (i = 0; i < nnames; i++)
		fprintf(f,
			",\n{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":%d,\"args\":{\"name\":\"%s\"}}",
			i + 1, names[i]);
	fprintf(f, "\n]}\n");
	return fclose(f) ? -1 : 0;
}

void events_warn(const struct events *e, const char *cmd)
{
	if (e->oom)
		fprintf(stderr,
			"vadma %s: out of memory for the event log; it is incomplete\n",
			cmd);
}

int events_finish(struct events *e, const char *cmd, const char *trace, int ret)
{
	if (trace && write_trace(trace, e)) {
		fprintf(stderr, "vadma %s: cannot write %s\n", cmd, trace);
		ret = ret ? ret : -EIO;
	}
	free(e->ev);
	e->ev = NULL;
	return ret;
}

void print_model_stats(const struct model_stats *st, u64 cycles, bool pages)
{
	printf("model: %llu translations (%llu TLB hits, %llu misses), %llu walks, %llu bytes moved, %llu cycles",
	       (unsigned long long)(st->tlb_hits + st->tlb_misses),
	       (unsigned long long)st->tlb_hits,
	       (unsigned long long)st->tlb_misses,
	       (unsigned long long)st->walks, (unsigned long long)st->dma_bytes,
	       (unsigned long long)cycles);
	if (pages)
		printf(", %llu pages touched", (unsigned long long)st->pages);
	printf("\n");
}
