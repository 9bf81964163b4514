#ifndef LOADGEN_CPREFETCH_H
#define LOADGEN_CPREFETCH_H
/// Asks the CPU to bring the cache line at `address` closer, for writing, without waiting for
/// it. Swift has no prefetch of its own; the generator uses this to fetch the next shopper's
/// session slot one transaction ahead, so the random lookup no longer stalls the serializer.
static inline void loadgen_prefetch(const void *address) {
    __builtin_prefetch(address, 1, 3);
}
#endif
