#include <string.h>
#pragma GCC diagnostic error "-Wformat"
#define CREATE_TRACE_POINTS
#include "printk-format.h"
