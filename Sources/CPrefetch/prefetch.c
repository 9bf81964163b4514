// CPrefetch is header-only (static inline); SwiftPM wants one translation unit per C target.
#include "prefetch.h"
