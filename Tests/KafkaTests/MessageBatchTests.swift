import Kafka
import Testing

@Suite("Message batches")
struct MessageBatchTests {
    /// A body that returns nil (a message its source found defective: the engine counts it as
    /// invalid) adds nothing to the batch, whatever it scribbled in the reserved room, and the
    /// next message lands where it would have.
    @Test func aBodyThatReturnsNilAddsNothing() {
        var batch = MessageBatch()
        #expect(batch.write(reserving: 64) { out in
            out[0] = 0x6B
            out[1] = 0x76
            return (1, 1)
        })
        let bytes = batch.byteCount
        #expect(!batch.write(reserving: 16 * 1024) { out in
            for i in 0..<100 { out[i] = 0xFF }
            return nil
        })
        #expect(batch.count == 1 && batch.byteCount == bytes)
        #expect(batch.write(reserving: 64) { out in
            out[0] = 0x61
            out[1] = 0x62
            out[2] = 0x63
            return (1, 2)
        })
        #expect(batch.count == 2 && batch.byteCount == bytes + 3)
        #expect(Array(batch.key(at: 0)) == [0x6B] && Array(batch.value(at: 0)) == [0x76])
        #expect(Array(batch.key(at: 1)) == [0x61] && Array(batch.value(at: 1)) == [0x62, 0x63])
    }
}
