import Commerce
import Foundation
import Kafka

/// A custom producer: say what one message is and what its key is, and ``CustomProducer`` gives
/// it the whole engine — the rate governor and time patterns of a ``LoadProfile``, generator
/// actors, Kafka (or stdout, file, null) sinks, retries and dead letters, metrics and the
/// ``Monitor``, reports and graceful shutdown.
///
/// Implement ``generateMessage(_:)`` and ``messageKey(for:)``. A `Message` that is `Encodable`
/// is sent as JSON with no more code; for the fastest path, implement
/// ``serialize(_:key:value:)`` and append the bytes yourself (no allocation per message).
///
/// Each generator actor works on its own copy of the producer (a value type is natural), so
/// `mutating` state needs no locks; ``MessageContext`` says which generator a copy is and
/// carries its own seeded random numbers.
///
/// ```swift
/// struct PageViews: BaseProducer {
///     struct PageView: Encodable { let session: String; let page: String; let at: Int64 }
///     let pages = ["/", "/search", "/product", "/cart"]
///     mutating func generateMessage(_ context: inout MessageContext) -> PageView {
///         PageView(session: "s\(context.random.below(10_000))",
///                  page: pages[Int(context.random.below(UInt64(pages.count)))],
///                  at: context.timestampMillis)
///     }
///     func messageKey(for view: PageView) -> String { view.session }
/// }
/// ```
public protocol BaseProducer: MessageGenerator {
    /// One message, before it is serialized.
    associatedtype Message

    /// Makes the next message. `context` gives the simulated time it is due at, a per-generator
    /// sequence number and seeded random numbers.
    mutating func generateMessage(_ context: inout MessageContext) -> Message

    /// The message's key: messages with one key land on one partition, in order.
    func messageKey(for message: Message) -> String

    /// The message's value bytes. Default for an `Encodable` message: its JSON.
    func messageValue(for message: Message) -> [UInt8]

    /// Why the message must not be sent, or nil when it is fine (default: always fine). Messages
    /// that fail are counted as `messages_invalid` and never sent.
    func check(_ message: Message) -> String?

    /// The fast path: append the key's and the value's bytes to `key` and `value` (both empty,
    /// their capacity kept from message to message). Default: ``messageKey(for:)``'s UTF-8 and
    /// ``messageValue(for:)``.
    mutating func serialize(_ message: Message, key: inout [UInt8], value: inout [UInt8])
}

extension BaseProducer {
    /// The default: every message is fine.
    public func check(_ message: Message) -> String? { nil }

    /// The default: the key's UTF-8, then ``messageValue(for:)``.
    public mutating func serialize(_ message: Message, key: inout [UInt8], value: inout [UInt8]) {
        key.append(contentsOf: messageKey(for: message).utf8)
        value.append(contentsOf: messageValue(for: message))
    }
}

extension BaseProducer where Message: Encodable {
    /// The message as JSON (Foundation's encoder: convenient; implement
    /// ``serialize(_:key:value:)`` when every nanosecond counts).
    public func messageValue(for message: Message) -> [UInt8] {
        (try? MessageContext.encoder.encode(message)).map(Array.init) ?? Array("null".utf8)
    }
}

/// What a custom producer knows when it makes a message.
public struct MessageContext: Sendable {
    /// When the message is due, in simulated time (ms since 1970, UTC): the profile's clock.
    public internal(set) var timestampMillis: Int64 = 0
    /// Messages this generator made before this one.
    public internal(set) var sequence: UInt64 = 0
    /// Which generator this is (0-based) and how many there are: use them to own a disjoint
    /// share of keys, as the transaction generators own a share of the users.
    public let generator: Int
    /// How many generators there are in all (across shards).
    public let generators: Int
    /// This generator's random numbers, seeded from the profile's seed and the generator.
    public var random: SeededRandom

    init(generator: Int, of generators: Int, seed: UInt64) {
        self.generator = generator
        self.generators = generators
        random = SeededRandom(seed: seed, stream: UInt64(generator) &+ 0x6375_7374)
    }

    /// The due time as a `Date`.
    public var timestamp: Date { Date(timeIntervalSince1970: Double(timestampMillis) / 1000) }

    /// Appends the due time as ISO-8601 UTC with milliseconds (`2026-11-27T14:30:45.123Z`),
    /// without a formatter or an allocation.
    public func appendTimestamp(to out: inout [UInt8]) {
        CivilCalendar.appendISO8601(timestampMillis, to: &out)
    }


    /// One encoder for every message (it keeps no state between calls).
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()
}

/// A ``BaseProducer`` as the engine's message source: one copy per generator actor, with scratch
/// buffers for the key and value that keep their capacity.
struct CustomSource<Messages: BaseProducer>: MessageSource {
    var producer: Messages
    var context: MessageContext
    private var key: [UInt8] = []
    private var value: [UInt8] = []

    init(producer: Messages, context: MessageContext) {
        self.producer = producer
        self.context = context
        key.reserveCapacity(64)
        value.reserveCapacity(1024)
    }

    mutating func appendMessage(_ permit: Permit, to batch: inout MessageBatch) -> Bool {
        context.timestampMillis = permit.eventMillis
        let message = producer.generateMessage(&context)
        context.sequence &+= 1
        if producer.check(message) != nil { return false }
        key.removeAll(keepingCapacity: true)
        value.removeAll(keepingCapacity: true)
        producer.serialize(message, key: &key, value: &value)
        batch.append(key: key, value: value, tag: MessageTag(due: UInt64(permit.due)))
        return true
    }
}

extension MessageSources {
    /// Copies of `producer`, one per generator, each with its own context.
    static func custom<Messages: BaseProducer>(_ producer: Messages, seed: UInt64, shard: CommerceConfiguration.Shard) -> MessageSources {
        MessageSources { index, count throws(InputError) in
            let generator = shard.index * count + index, generators = shard.count * count
            return CustomSource(producer: producer, context: MessageContext(generator: generator, of: generators, seed: seed))
        }
    }
}
