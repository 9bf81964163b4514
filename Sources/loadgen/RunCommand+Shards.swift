import Commerce
import Foundation
import LoadGen
import Logging
import ArgumentParser

/// `--shard`: `i/n`, or `auto` (a Kubernetes Indexed Job's pod: the index from
/// JOB_COMPLETION_INDEX, the count from `--shards` or LOADGEN_SHARDS).
enum ShardSelection {
    /// The most shards `--shards` and LOADGEN_SHARDS accept: an Indexed Job's most completions.
    static let maxShards = 100_000

    /// This process's shard, or nil when `--shard` is not given. Each value is refused under the
    /// name it came from (`--shard`, `--shards`, LOADGEN_SHARDS, JOB_COMPLETION_INDEX).
    static func resolve(shard: ShardArgument?, shards: Int?, environment: [String: String]) throws(InputError) -> CommerceConfiguration.Shard? {
        guard let shard, shard.text == "auto" else {
            if shards != nil {
                throw InputError("--shards", "only counts shards with --shard auto (with --shard i/n the count is n)")
            }
            return try shard?.value(field: "--shard")
        }
        let count: Int
        if let shards {
            guard (1...maxShards).contains(shards) else { throw InputError("--shards", "expected a number of shards in 1...\(maxShards), got \(shards)") }
            count = shards
        } else if let text = environment["LOADGEN_SHARDS"] {
            guard let n = Int(text), (1...maxShards).contains(n) else {
                throw InputError("LOADGEN_SHARDS", "expected a number of shards in 1...\(maxShards), got \(InputError.quoted(text))")
            }
            count = n
        } else {
            throw InputError("--shards", "--shard auto needs the number of shards: give --shards N or set LOADGEN_SHARDS")
        }
        guard let text = environment["JOB_COMPLETION_INDEX"] else {
            throw InputError("JOB_COMPLETION_INDEX", "not set; --shard auto takes this process's index from it (a Kubernetes Indexed Job sets it), or give --shard i/n")
        }
        guard text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let index = Int(text) else {
            throw InputError("JOB_COMPLETION_INDEX", "expected a shard index 0...\(count - 1), got \(InputError.quoted(text))")
        }
        guard index < count else {
            throw InputError("JOB_COMPLETION_INDEX", "\(index) is out of range for \(count) shards: expected 0...\(count - 1)")
        }
        return .init(index: index, count: count)
    }
}

/// `--start-at`: wait, interruptibly, for the instant every shard starts at.
enum StartGate {
    /// Waits until `millis` (since 1970) unless SIGINT or SIGTERM comes first: returns nil when
    /// the instant came, the signal's number otherwise. An instant in the past returns at once.
    static func wait(untilMillis millis: Int64) async -> Int32? {
        let signals = TerminationSignal.stream()
        return await withTaskGroup(of: Int32?.self) { group in
            group.addTask {
                let nanos = (millis - Int64(Date().timeIntervalSince1970 * 1000)) * 1_000_000
                if nanos > 0 { try? await Task.sleep(for: .nanoseconds(nanos), tolerance: .milliseconds(1)) }
                return nil
            }
            group.addTask {
                for await number in signals { return number }
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}

extension RunCommand {
    /// `--start-at` as ms since 1970, checked (nil: start at once).
    func startInstant(nowMillis: Int64) throws(InputError) -> Int64? {
        try startAt.map { text throws(InputError) in try StartInstant.parse(text, field: "--start-at", nowMillis: nowMillis) }
    }

    /// Waits for `--start-at`; SIGINT or SIGTERM during the wait ends the process with 128 +
    /// the signal's number (130, 143) before anything is sent or written.
    static func waitForStart(_ millis: Int64, logger: Logger) async throws {
        let ahead = Double(millis - Int64(Date().timeIntervalSince1970 * 1000)) / 1000
        if ahead < 0 {
            logger.warning("--start-at \(ISOTime.string(millis)) passed \(Int(-ahead.rounded())) s ago: starting now, late (this shard's schedule does not line up with the others')")
            return
        }
        logger.notice("waiting for --start-at \(ISOTime.string(millis)) (in \(Int(ahead.rounded(.up))) s); Ctrl-C to give up")
        if let signal = await StartGate.wait(untilMillis: millis) {
            logger.notice("\(TerminationSignal.name(signal)) while waiting for --start-at: nothing was sent")
            throw ExitCode(128 + signal)
        }
    }
}
