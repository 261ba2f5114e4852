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

static int add_task(struct rec_head *h, uint32_t tid, const char *comm)
{
	if (h->len + 40 > h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 4096;
		char *nb = realloc(h->cmdlines, cap);

		if (!nb)
			return -1;
		h->cmdlines = nb;
		h->cap = cap;
	}
	h->len += (size_t)snprintf(h->cmdlines + h->len, h->cap - h->len, "%u %s\n", tid, comm);
	return 0;
}

int rech_collect(struct rec_head *h, struct sr *rd, int final)
{
	struct sr_format sf;
	uint32_t tid;
	char comm[17];
	int n = 0;

	while (sr_next_format(rd, &sf) > 0 && !add_format(h, &sf))
		n++;
	while (sr_next_task(rd, final, &tid, comm) > 0 && !add_task(h, tid, comm))
		n++;
	return n;
}

int rech_fill(struct rec_head *h, struct dat_writer *w)
{
	unsigned int nk = h->kern ? h->kern->nr : 0, i;
	char *saved = nk ? kern_top_file("saved_cmdlines", NULL) : NULL;

	w->formats = calloc(h->nr_formats + nk + 1, sizeof(*w->formats));
	if (!w->formats || asprintf((char **)&w->cmdlines, "%s%s", saved ? saved : "",
				    h->cmdlines ? h->cmdlines : "") < 0) {
		free(saved);
		free(w->formats);
		w->formats = NULL;
		w->cmdlines = NULL;
		return -1;
	}
	free(saved);
	if (h->nr_formats)
		memcpy(w->formats, h->formats, h->nr_formats * sizeof(*w->formats));
	for (i = 0; i < nk; i++) {
		struct dat_format *f = &w->formats[h->nr_formats + i];

		f->system = h->kern->events[i].system;
		f->text.data = h->kern->events[i].format;
		f->text.size = strlen(f->text.data);
	}
	w->nr_formats = h->nr_formats + nk;
	w->kallsyms = h->kallsyms;
	w->printk = h->printk;
	return 0;
}

void rech_unfill(struct dat_writer *w)
{
	free(w->formats);
	free((char *)w->cmdlines);
	w->formats = NULL;
	w->cmdlines = NULL;
}

void rech_free(struct rec_head *h)
{
	unsigned int i;

	for (i = 0; i < h->nr_formats; i++) {
		free(h->formats[i].system);
		free(h->formats[i].text.data);
	}
	free(h->formats);
	free(h->cmdlines);
	free(h->kallsyms);
	free(h->printk);
	memset(h, 0, sizeof(*h));
}
