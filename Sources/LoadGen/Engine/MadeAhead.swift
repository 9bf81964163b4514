import Kafka

/// A live generator's messages made ahead of time: the permits of one hand-out
/// (``PermitBatch/slices``) made in one go, into one batch per slice, each batch sent when its
/// slice ends. The batches are kept and reused, so nothing is allocated per slice once the
/// run is going.
struct MadeAhead {
    /// The permits handed out, in schedule order.
    private(set) var permits: [Permit] = []
    private var slices: [(release: Int64, permits: Range<Int>, invalid: Int)] = []
    private var batches: [MessageBatch] = []
    private var next = 0
    /// The length of the hand-out's slices (ns).
    private(set) var sliceLength: Int64 = 0
    private var spare: [MessageBatch] = []

    /// Whether every slice made has been taken.
    var isEmpty: Bool { next == slices.count }
    /// Whether one slice is left to take.
    var onLastSlice: Bool { next == slices.count - 1 }
    /// When the next slice may be sent (monotonic ns): the end of the slice its permits are due in.
    var nextRelease: Int64 { slices[next].release }
    /// The permits made but not taken.
    var untaken: ArraySlice<Permit> { isEmpty ? [] : permits[slices[next].permits.lowerBound...] }

    /// Makes the message of every permit of `batch` from `source`, one batch per slice of
    /// `slices`; the slices that have ended by `now` (a generator behind) go in one batch.
    mutating func make<Source: MessageSource>(_ batch: PermitBatch, slices: Slices, now: Int64, source: inout Source, prefetchAhead: Int) {
        recycleAll()
        permits = batch.permits
        sliceLength = slices.length
        func releaseTime(_ permit: Permit) -> Int64 { Swift.max(slices.end(of: permit.due), now) }
        var i = 0
        while i < permits.count {
            let release = releaseTime(permits[i])
            var messages = spare.popLast() ?? MessageBatch(capacity: 64, bytesPerMessage: 900)
            var invalid = 0, j = i
            // Due times ascend, so a slice's permits are consecutive.
            while j < permits.count, releaseTime(permits[j]) == release {
                if j + prefetchAhead < permits.count { source.prefetch(permits[j + prefetchAhead]) }
                if !source.appendMessage(permits[j], to: &messages) { invalid += 1 }
                j += 1
            }
            self.slices.append((release, i..<j, invalid))
            batches.append(messages)
            i = j
        }
    }

    /// The next slice: its permits' range in ``permits`` and how many failed the pre-send
    /// check; its messages are moved into `messages` (hand the batch back with ``recycle(_:)``
    /// once sent).
    mutating func takeNext(into messages: inout MessageBatch) -> (permits: Range<Int>, invalid: Int) {
        swap(&messages, &batches[next])
        defer { next += 1 }
        return (slices[next].permits, slices[next].invalid)
    }

    /// A sent batch, emptied, for the next slices.
    mutating func recycle(_ batch: consuming MessageBatch) {
        batch.removeAll()
        spare.append(batch)
    }

    /// Forgets the slices not taken (the run stopped); their batches are kept for reuse.
    mutating func dropUntaken() { recycleAll() }

    private mutating func recycleAll() {
        for i in next..<batches.count {
            var batch = MessageBatch()
            swap(&batch, &batches[i])
            recycle(consume batch)
        }
        batches.removeAll(keepingCapacity: true)
        slices.removeAll(keepingCapacity: true)
        permits = []
        next = 0
    }
}
