#include "trace-events-sample.h"
static void p(void *d, long v) { (void)d; (void)v; }
int f(void);
int f(void) { return register_trace_sample_bare(p, 0); }
