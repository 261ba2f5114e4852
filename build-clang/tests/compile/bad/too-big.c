#include <string.h>

#define CREATE_TRACE_POINTS
#include "too-big.h"
