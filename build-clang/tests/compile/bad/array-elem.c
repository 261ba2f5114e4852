#include <string.h>

#define CREATE_TRACE_POINTS
#include "array-elem.h"
