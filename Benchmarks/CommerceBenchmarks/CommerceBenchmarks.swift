import Benchmark
import Commerce

/// 2024-07-16T14:30:45.123Z
private let start: Int64 = 1_721_140_245_123

/// A generator and an output buffer kept across samples, as a generator actor keeps them
/// across batches (so the buffer's pages are warm, as in a run). Messages are written straight
/// into the buffer, key then value, as the engine writes them into its batch.
private final class Pipeline: @unchecked Sendable {
    var generator = try! TransactionGenerator(configuration: CommerceConfiguration())
    let capacity = 1 << 20
    let out: UnsafeMutablePointer<UInt8>
    var used = 0
    var now = start

    init() {
        out = .allocate(capacity: capacity)
        out.initialize(repeating: 0, count: capacity)
    }

    @inline(__always)
    func one() {
        if used > capacity - 2 * TransactionGenerator.maximumMessageBytes { used = 0 }
        now &+= 3
        let t = generator.next(at: now)
        if generator.check(t) == nil {
            used += generator.writeKey(of: t, to: out + used)
            used += generator.writeJSON(of: t, to: out + used)
        }
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .mallocCountTotal, .peakMemoryResident],
        scalingFactor: .kilo,
        maxDuration: .seconds(3))

    // One transaction generated, checked and serialized (key + JSON value) per iteration:
    // the whole per-message work of a generator actor.
    let pipeline = Pipeline()
    Benchmark("generate+check+serialize transaction") { benchmark in
        for _ in benchmark.scaledIterations { pipeline.one() }
        blackHole(pipeline.used)
    }

    let generateOnly = Pipeline()
    Benchmark("generate transaction (no JSON)") { benchmark in
        var sum: UInt64 = 0
        for _ in benchmark.scaledIterations {
            generateOnly.now &+= 3
            sum &+= generateOnly.generator.next(at: generateOnly.now).number
        }
        blackHole(sum)
    }
}
