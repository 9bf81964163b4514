import CRdKafka

/// How the process's allocator treats freed memory, for producers running at full speed.
public enum ProcessMemory {
    /// Keeps freed memory in the process instead of returning it to the system.
    ///
    /// At full speed librdkafka and the producer allocate and free large buffers all the time;
    /// with glibc's defaults those are unmapped or trimmed and fresh pages are faulted in again
    /// (perf: about 6% of a stress run's CPU in the kernel zeroing pages). With this, RSS stays
    /// at its peak, which the bounded in-flight queue already sets. The `loadgen` command calls
    /// it at start; a program embedding the library decides for itself. Does nothing off glibc.
    public static func keepFreedMemory() {
        #if os(Linux)
        _ = mallopt(M_MMAP_THRESHOLD, 64 << 20)
        _ = mallopt(M_TRIM_THRESHOLD, 512 << 20)
        #endif
    }
}
