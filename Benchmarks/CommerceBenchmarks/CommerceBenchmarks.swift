import Benchmark
import Commerce

/// 2024-07-16T14:30:45.123Z
private let start: Int64 = 1_721_140_245_123

/// A footfall, a generator and an output buffer kept across samples, as the engine keeps them
/// across batches (so the buffer's pages are warm, as in a run). Each iteration is the engine's
/// per-message path: the footfall's next visit (the governor's walk), then
/// ``TransactionGenerator/writeCheckedMessage(number:at:visit:to:)`` (make, check, write key and
/// value straight into the buffer).
///
/// The footfall and the generator live behind pointers, and the loop's counters in locals: a
/// `var` of a class is checked for exclusive access at every use and a mutating call through it
/// may copy the value, overheads the engine (which owns them as locals of its loop) does not
/// have. Until 2026-12-02 this benchmark called the generator through a class property and
/// measured 1,145 ns where the engine spent about 800.
private final class Pipeline: @unchecked Sendable {
    let generator: UnsafeMutablePointer<TransactionGenerator>
    let footfall: UnsafeMutablePointer<Footfall>
    let capacity = 1 << 20
    let out: UnsafeMutablePointer<UInt8>
    var used = 0
    var now = start
    var number: UInt64 = 0

    init() {
        let configuration = CommerceConfiguration()
        generator = .allocate(capacity: 1)
        generator.initialize(to: try! TransactionGenerator(configuration: configuration))
        footfall = .allocate(capacity: 1)
        footfall.initialize(to: Footfall(configuration: configuration))
        out = .allocate(capacity: capacity)
        out.initialize(repeating: 0, count: capacity)
    }

    /// `iterations` messages, as the engine makes them; returns the bytes written.
    func run(_ iterations: Int) -> Int {
        var used = self.used, now = self.now, number = self.number, written = 0
        for _ in 0..<iterations {
            if used > capacity - TransactionGenerator.maximumMessageBytes { used = 0 }
            now &+= 3
            let visit = footfall.pointee.next(at: now)
            if let lengths = generator.pointee.writeCheckedMessage(number: number, at: now, visit: visit, to: out + used) {
                used += lengths.key + lengths.value
                written += lengths.key + lengths.value
            }
            number &+= 1
        }
        (self.used, self.now, self.number) = (used, now, number)
        return written
    }

    /// `iterations` transactions made (the footfall's visit and the transaction, no check and
    /// no JSON); returns a sum of their numbers.
    func generateOnly(_ iterations: Int) -> UInt64 {
        var now = self.now, number = self.number, sum: UInt64 = 0
        for _ in 0..<iterations {
            now &+= 3
            let visit = footfall.pointee.next(at: now)
            sum &+= generator.pointee.transaction(number: number, at: now, visit: visit).number
            number &+= 1
        }
        (self.now, self.number) = (now, number)
        return sum
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .mallocCountTotal, .peakMemoryResident],
        scalingFactor: .kilo,
        maxDuration: .seconds(3))

    // One transaction generated, checked and serialized (key + JSON value) per iteration:
    // the whole per-message work of a generator, and the footfall's share of the walk.
    let pipeline = Pipeline()
    Benchmark("generate+check+serialize transaction") { benchmark in
        blackHole(pipeline.run(benchmark.scaledIterations.count))
    }

    let generateOnly = Pipeline()
    Benchmark("generate transaction (no JSON)") { benchmark in
        blackHole(generateOnly.generateOnly(benchmark.scaledIterations.count))
    }
}
