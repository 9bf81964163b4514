import Dispatch
import Foundation

/// SIGINT and SIGTERM, delivered to async code instead of killing the process.
enum TerminationSignal {
    /// Starts catching SIGINT and SIGTERM and returns a stream that yields each signal number.
    /// A second signal after the first is also yielded, so callers can choose to exit at once.
    static func stream() -> AsyncStream<Int32> {
        AsyncStream { continuation in
            let sources = [SIGINT, SIGTERM].map { number -> DispatchSourceSignal in
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { continuation.yield(number) }
                source.resume()
                return source
            }
            let held = HeldSources(sources: sources)
            continuation.onTermination = { _ in held.sources.forEach { $0.cancel() } }
        }
    }

    /// Exits the process with `code` after `delay`, whatever the rest of the process is doing
    /// (a second Ctrl-C must end the process within a second).
    static func exit(_ code: Int32, after delay: Duration) {
        let thread = Thread {
            Thread.sleep(forTimeInterval: Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18)
            exitNow(code)
        }
        thread.start()
    }

    /// Ends the process now without running exit handlers (`_exit`): two threads may race to
    /// end it (the timer and the finished abort), and `exit` from two threads is undefined.
    static func exitNow(_ code: Int32) -> Never {
        _exit(code)
    }

    /// The conventional name of a signal, for messages.
    static func name(_ number: Int32) -> String {
        number == SIGINT ? "SIGINT" : number == SIGTERM ? "SIGTERM" : "signal \(number)"
    }
}

/// Keeps the dispatch sources alive for the stream's lifetime.
/// Safe to share: a dispatch source's `cancel()` may be called from any thread.
private struct HeldSources: @unchecked Sendable {
    let sources: [any DispatchSourceSignal]
}
