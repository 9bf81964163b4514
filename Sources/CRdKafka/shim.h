#ifndef LOADGEN_CRDKAFKA_SHIM_H
#define LOADGEN_CRDKAFKA_SHIM_H
// The whole C surface loadgen uses: librdkafka's client API, then its mock cluster.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#endif
