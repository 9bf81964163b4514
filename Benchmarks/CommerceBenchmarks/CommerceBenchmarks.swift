import Benchmark
import Commerce

/// 2024-07-16T14:30:45.123Z
private let start: Int64 = 1_721_140_245_123

/// A generator, an encoder and an output buffer kept across samples, as a generator actor
/// keeps them across batches (so the buffer's pages are warm, as in a run).
private final class Pipeline: @unchecked Sendable {
    var generator = try! TransactionGenerator(configuration: CommerceConfiguration())
    var out: [UInt8] = []
    var now = start

    init() { out.reserveCapacity(1 << 20) }

    @inline(__always)
    func one() {
        if out.count > (1 << 20) - 4096 { out.removeAll(keepingCapacity: true) }
        now &+= 3
        let t = generator.next(at: now)
        if generator.check(t) == nil {
            generator.appendKey(of: t, to: &out)
            generator.appendJSON(of: t, to: &out)
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
        blackHole(pipeline.out.count)
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
