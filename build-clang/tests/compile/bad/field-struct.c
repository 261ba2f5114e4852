#include <string.h>

#define CREATE_TRACE_POINTS
#include "field-struct.h"
