// SPDX-License-Identifier: MIT
/*
 * kshark-check.c - a trace.dat as KernelShark sees it: loaded with libkshark (KernelShark
 * 2.2's own data library, Debian's libkshark-dev), one line per entry in KernelShark's
 * order: "ID<TAB>SYSTEM/EVENT<TAB>INFO", as its Event and Info columns show them
 * ("(none)" where it has no name or no text). tests/cli/kshark.t reads it.
 */
#include <stdio.h>
#include <stdlib.h>

#include <libkshark.h>

int main(int argc, char **argv)
{
	struct kshark_context *ctx = NULL;
	struct kshark_entry **rows = NULL;
	ssize_t n, i;
	int sd;

	if (argc != 2) {
		fprintf(stderr, "usage: kshark-check FILE\n");
		return 2;
	}
	if (!kshark_instance(&ctx))
		return 1;
	sd = kshark_open(ctx, argv[1]);
	if (sd < 0) {
		fprintf(stderr, "kshark-check: libkshark cannot open %s\n", argv[1]);
		return 1;
	}
	n = kshark_load_entries(ctx, sd, &rows);
	for (i = 0; i < n; i++) {
		char *name = kshark_get_event_name(rows[i]), *info = kshark_get_info(rows[i]);

		printf("%d\t%s\t%s\n", rows[i]->event_id, name ? name : "(none)",
		       info && *info ? info : "(none)");
		free(name);
		free(info);
		free(rows[i]);
	}
	free(rows);
	kshark_close_all(ctx);
	kshark_free(ctx);
	return n < 0;
}
