#ifndef LOADGEN_CPREFETCH_H
#define LOADGEN_CPREFETCH_H
/// Asks the CPU to bring the cache line at `address` closer, for writing, without waiting for
/// it. Swift has no prefetch of its own; the generator uses this to fetch the next shopper's
/// session slot one transaction ahead, so the random lookup no longer stalls the serializer.
static inline void loadgen_prefetch(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

/// glibc's sincos (a GNU extension Swift's Glibc module does not show): the sine and the cosine
/// of `x` in one call, bit for bit what sin(x) and cos(x) return (they share glibc's code;
/// GeographyTests checks 200,000 angles), for about the price of one of them.
#if defined(__linux__)
extern void sincos(double x, double *sine, double *cosine);
static inline void loadgen_sincos(double x, double *sine, double *cosine) {
    sincos(x, sine, cosine);
}
#endif
#endif
