#ifndef LOADGEN_CRDKAFKA_SHIM_H
#define LOADGEN_CRDKAFKA_SHIM_H
// The whole C surface loadgen uses: librdkafka's client API, then its mock cluster, and glibc's
// mallopt.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
// glibc's allocator tuning (mallopt), for the buffers librdkafka churns through at full speed.
#if defined(__linux__)
#include <malloc.h>
#endif
#endif
