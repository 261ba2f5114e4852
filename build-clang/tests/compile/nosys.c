#define CREATE_TRACE_POINTS
#include <tpoint/define_trace.h>
