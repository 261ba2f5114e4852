// SPDX-License-Identifier: MIT
/* rechead.c - a recording's formats, task names and kernel texts (rechead.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rechead.h"
#include "tool.h"

void rech_kernel(struct rec_head *h, const struct kern *k)
{
	h->kern = k;
	h->kallsyms = tool_read_file("/proc/kallsyms", NULL);
	h->printk = kern_top_file("printk_formats", NULL);
}

static int add_format(struct rec_head *h, struct sr_format *sf)
{
	struct dat_format *nf = realloc(h->formats, (h->nr_formats + 1) * sizeof(*nf));

	if (!nf) {
		sr_format_free(sf);
		return -1;
	}
	h->formats = nf;
	nf[h->nr_formats].system = sf->system;
	nf[h->nr_formats].text.data = sf->text;
	nf[h->nr_formats].text.size = strlen(sf->text);
	h->nr_formats++;
	sf->system = sf->text = NULL;
	sr_format_free(sf);
	return 0;
}

/* "@a @b\n" at the end of @t. 0, or -1. */
static int add_line(struct tool_text *t, uint32_t a, const char *b)
{
	char line[64];
	int n = snprintf(line, sizeof(line), "%u %s\n", a, b);

	return n > 0 && (size_t)n < sizeof(line) ? tool_text_add(t, line, (size_t)n, SIZE_MAX) : -1;
}

static int add_task(struct rec_head *h, uint32_t tid, const char *comm, uint32_t tgid)
{
	char num[16];

	if (add_line(&h->cmdlines, tid, comm))
		return -1;
	if (!tgid)
		return 0;
	usyms_scan(&h->usyms, (int)tgid);	/* a new process: its functions, while it runs */
	snprintf(num, sizeof(num), "%u", tgid);
	return add_line(&h->tgids, tid, num);
}

int rech_collect(struct rec_head *h, struct sr *rd, int final)
{
	struct sr_format sf;
	uint32_t tid, tgid;
	char comm[17];
	int n = 0;

	while (sr_next_format(rd, &sf) > 0 && !add_format(h, &sf))
		n++;
	while (sr_next_task(rd, final, &tid, comm, &tgid) > 0 && !add_task(h, tid, comm, tgid))
		n++;
	/* New formats after the first: a library loaded, whose functions are mapped now. */
	if (!final && h->nr_formats > h->nr_formats_scanned) {
		if (h->nr_formats_scanned)
			usyms_rescan(&h->usyms);
		h->nr_formats_scanned = h->nr_formats;
	}
	return n;
}

/*
 * @mine (the program's tasks) and then tracefs' @name (with kernel events: the kernel's), in
 * one text. Readers take a task's last line: what the kernel saw wins over what the program,
 * which may be hostile, says.
 */
static char *join_saved(const struct rec_head *h, const char *name, const char *mine)
{
	char *saved = h->kern && h->kern->nr ? kern_top_file(name, NULL) : NULL, *all;

	if (asprintf(&all, "%s%s", mine ? mine : "", saved ? saved : "") < 0)
		all = NULL;
	free(saved);
	return all;
}

int rech_fill(struct rec_head *h, struct dat_writer *w)
{
	unsigned int nk = h->kern ? h->kern->nr : 0, i;

	w->formats = calloc(h->nr_formats + nk + 1, sizeof(*w->formats));
	w->cmdlines = join_saved(h, "saved_cmdlines", h->cmdlines.text);
	w->tgids = join_saved(h, "saved_tgids", h->tgids.text);
	/* The kernel's symbols (with kernel events) and the program's processes', one text. */
	if (asprintf((char **)&w->kallsyms, "%s%s", h->kallsyms ? h->kallsyms : "",
		     h->usyms.funcs.text ? h->usyms.funcs.text : "") < 0)
		w->kallsyms = NULL;
	/* And the printk formats: the kernel's, then the program's tracepoint strings. */
	if (asprintf((char **)&w->printk, "%s%s", h->printk ? h->printk : "",
		     h->usyms.strings.text ? h->usyms.strings.text : "") < 0)
		w->printk = NULL;
	if (!w->formats || !w->cmdlines || !w->tgids || !w->kallsyms || !w->printk) {
		rech_unfill(w);
		return -1;
	}
	if (h->nr_formats)
		memcpy(w->formats, h->formats, h->nr_formats * sizeof(*w->formats));
	for (i = 0; i < nk; i++) {
		struct dat_format *f = &w->formats[h->nr_formats + i];

		f->system = h->kern->events[i].system;
		f->text.data = h->kern->events[i].format;
		f->text.size = strlen(f->text.data);
	}
	w->nr_formats = h->nr_formats + nk;
	return 0;
}

void rech_unfill(struct dat_writer *w)
{
	free(w->formats);
	free((char *)w->cmdlines);
	free((char *)w->tgids);
	free((char *)w->kallsyms);
	free((char *)w->printk);
	w->formats = NULL;
	w->cmdlines = w->tgids = w->kallsyms = w->printk = NULL;
}

void rech_free(struct rec_head *h)
{
	unsigned int i;

	for (i = 0; i < h->nr_formats; i++) {
		free(h->formats[i].system);
		free(h->formats[i].text.data);
	}
	free(h->formats);
	free(h->cmdlines.text);
	free(h->tgids.text);
	free(h->kallsyms);
	free(h->printk);
	usyms_free(&h->usyms);
	memset(h, 0, sizeof(*h));
}
