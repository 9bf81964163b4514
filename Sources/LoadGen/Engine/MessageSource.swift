import Foundation
import Commerce
import Kafka

/// What a generator actor turns permits into: one message per permit, serialized straight into
/// the batch. Each generator actor owns its own copy (its own random numbers and share of keys).
protocol MessageSource: Sendable {
    /// Writes the message of `permit` (its event time, its shopper) into `batch` and commits it
    /// with the permit's due time; returns false when the message failed its pre-send check
    /// (nothing written).
    mutating func appendMessage(_ permit: Permit, to batch: inout MessageBatch) -> Bool
    /// Fetches into the cache what ``appendMessage(_:to:)`` will read for `permit` (called a few
    /// permits ahead; nothing by default).
    func prefetch(_ permit: Permit)
}

extension MessageSource {
    func prefetch(_ permit: Permit) {}
}

/// How a run gets a ``MessageSource`` for each generator: the commerce model's transactions,
/// or a custom ``BaseProducer``.
struct MessageSources: Sendable {
    /// What the messages are called in errors (`transactions`, `messages`).
    var noun = "messages"
    /// Who makes each message (the commerce model's shoppers); nil: messages have no shopper.
    var footfall: Footfall?
    /// The source of generator `index` of `count`.
    let make: @Sendable (_ index: Int, _ count: Int) throws(InputError) -> any MessageSource

    /// Realistic transactions from the profile's commerce model (users sharded by generator),
    /// shoppers following `day` in their own local time.
    static func transactions(_ commerce: CommerceConfiguration, profile: String, day: ShoppingDay? = nil) -> MessageSources {
        MessageSources(noun: "transactions", footfall: Footfall(configuration: commerce, day: day)) { index, count throws(InputError) in
            do {
                return TransactionSource(generator: try TransactionGenerator(configuration: commerce, generator: index, of: count))
            } catch let error as CommerceConfigurationError {
                throw InputError("profile \(profile): $.\(error.field)", error.message)
            } catch {
                throw InputError("profile \(profile)", "\(error)")
            }
        }
    }

    /// The transactions of a run of `configuration` about to start at real time `nowMillis`.
    static func transactions(_ configuration: RunConfiguration, nowMillis: Int64 = Int64(Date().timeIntervalSince1970 * 1000)) -> MessageSources {
        let p = configuration.profile
        let clock = SimulatedClock(startMillis: 0, timeZone: p.timeZone)
        return transactions(
            LoadRun.commerce(configuration, nowMillis: nowMillis), profile: p.name, day: p.curve(on: clock).shoppingDay)
    }
}

/// The commerce model's transactions: generate, check, then key (user id) and JSON value.
struct TransactionSource: MessageSource {
    var generator: TransactionGenerator

    @inline(__always)
    func prefetch(_ permit: Permit) { generator.prefetch(visit: permit.visit) }

    @inline(__always)
    mutating func appendMessage(_ permit: Permit, to batch: inout MessageBatch) -> Bool {
        // Made, checked, and its key and value written once, straight into the batch (nothing
        // is added when the check finds a defect).
        batch.write(reserving: TransactionGenerator.maximumMessageBytes, tag: MessageTag(due: UInt64(permit.due))) { out in
            guard let written = generator.writeCheckedMessage(number: permit.number, at: permit.eventMillis, visit: permit.visit, to: out)
            else { return nil }
            return (written.key, written.value)
        }
    }
}
