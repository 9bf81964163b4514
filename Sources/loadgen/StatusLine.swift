import Foundation
import LoadGen
import Logging

/// Progress while a run goes: on a terminal, one line rewritten each second; otherwise a
/// plain log line every 10 seconds.
struct StatusLine: Sendable {
    let enabled: Bool
    let profile: String
    let output: RunConfiguration.Output
    let logger: Logger
    let isTerminal = isatty(STDERR_FILENO) == 1

    var interval: Duration { isTerminal ? .seconds(1) : .seconds(10) }

    func show(_ s: RunStatus) {
        guard enabled else { return }
        let target = s.targetRate.map { String(format: "%.1f/s", $0) } ?? "max"
        let text = String(
            format: "%@ %6.0fs  sim %@  target %@  achieved %.1f/s  produced %d  delivered %d  failed %d  p99 %.1f ms  rss %.0f MB",
            profile, s.elapsedSeconds, s.simulatedTime, target, s.achievedRate, s.produced, s.delivered, s.failed,
            s.p99LatencyMillis, s.residentMB) + (s.permitsDropped > 0 ? "  dropped \(s.permitsDropped)" : "")
        if isTerminal {
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
        } else {
            logger.info("\(text)")
        }
    }

    func finish() {
        if enabled && isTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
