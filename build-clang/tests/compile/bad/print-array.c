#include <string.h>

#define CREATE_TRACE_POINTS
#include "print-array.h"
