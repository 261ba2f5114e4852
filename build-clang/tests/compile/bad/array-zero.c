#include <string.h>

#define CREATE_TRACE_POINTS
#include "array-zero.h"
