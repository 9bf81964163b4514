import Foundation
import LoadGen
import Logging
import Synchronization

/// Progress while a run goes: on a terminal, one line rewritten each second, fitted to the
/// terminal's width; otherwise a plain log line every 10 seconds.
final class StatusLine: Sendable {
    let enabled: Bool
    let profile: String
    let logger: Logger
    let isTerminal = isatty(STDERR_FILENO) == 1
    /// Whether a status line is on screen (the cursor is at its end).
    private let showing = Mutex(false)

    init(enabled: Bool, profile: String, logger: Logger) {
        self.enabled = enabled
        self.profile = profile
        self.logger = logger
    }

    var interval: Duration { isTerminal ? .seconds(1) : .seconds(10) }

    /// The terminal's width in columns (80 when it cannot be read).
    static var terminalWidth: Int {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }

    func show(_ s: RunStatus) {
        guard enabled else { return }
        if isTerminal {
            let text = s.line(width: Self.terminalWidth, profile: profile)
            showing.withLock { on in
                FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
                on = true
            }
        } else {
            logger.info("\(s.line(width: 200, profile: profile))")
        }
    }

    /// Ends the status line so that what is printed next (the Ctrl-C notice) starts on a line
    /// of its own.
    func breakLine() {
        showing.withLock { on in
            if on { FileHandle.standardError.write(Data("\n".utf8)) }
            on = false
        }
    }

    func finish() {
        showing.withLock { on in
            if enabled && isTerminal && on { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            on = false
        }
    }
}
