// SPDX-License-Identifier: MIT
/*
 * sample-module-main.c - the kernel's trace-events-sample.c (unedited, beside) as a program:
 * its module_init ran as a constructor and started its thread; this main lets it fire for
 * argv[1] milliseconds (default 300), and the destructor (module_exit) stops it.
 */
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long ms = argc > 1 ? atol(argv[1]) : 300;

	usleep((useconds_t)ms * 1000);
	return 0;
}
