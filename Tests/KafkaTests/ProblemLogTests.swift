@testable import Kafka
import Testing

/// librdkafka reports problems from several threads at once: the rule that decides when a
/// persisting problem is logged loudly must take times in any order (a time read by one thread
/// before another thread's update is older than the streak's last; a wrapped UInt64
/// subtraction there trapped a run whose broker died, seen as exit 132 in the full-disk test).
@Suite("librdkafka problem log")
struct ProblemLogTests {
    typealias Streak = (streakStart: UInt64?, last: UInt64, lastLoud: UInt64)
    let second: UInt64 = 1_000_000_000

    @Test func timesOutOfOrderNeitherTrapNorRewindTheStreak() {
        var p: Streak = (nil, 0, 0)
        #expect(!ClientContext.isLoud(&p, now: 100 * second))
        #expect(!ClientContext.isLoud(&p, now: 101 * second))
        // Another thread's older time, after the update: quiet, and the streak keeps its last.
        #expect(!ClientContext.isLoud(&p, now: 100 * second + 5))
        #expect(p.streakStart == 100 * second && p.last == 101 * second)
        #expect(!ClientContext.isLoud(&p, now: 50 * second))
        #expect(p.streakStart == 100 * second)
    }

    @Test func aProblemIsLoudOnceItPersistsThenAtMostEveryFifteenSeconds() {
        var p: Streak = (nil, 0, 0)
        var loud: [UInt64] = []
        for t in stride(from: UInt64(1000), through: 1040, by: 1) where ClientContext.isLoud(&p, now: t * second) { loud.append(t) }
        #expect(loud == [1015, 1030])
        // After 30 s of quiet, a new streak starts: quiet again for 15 s.
        #expect(!ClientContext.isLoud(&p, now: 1100 * second))
        #expect(!ClientContext.isLoud(&p, now: 1114 * second))
        #expect(ClientContext.isLoud(&p, now: 1115 * second))
    }
}

/// librdkafka's `errstr` texts reach one-line errors: the line breaks some end with are cut (an
/// error line showed one as a literal `\n`), the rest of the text is kept.
@Suite("librdkafka error buffers")
struct ErrorBufferTests {
    func buffer(_ text: String, size: Int = 64) -> [CChar] {
        var b = [CChar](repeating: 0, count: size)
        for (i, byte) in text.utf8.prefix(size - 1).enumerated() { b[i] = CChar(bitPattern: byte) }
        return b
    }

    @Test func trailingLineBreaksAreCutAndTheTextKept() {
        #expect(String(errorBuffer: buffer("ssl.ca.location failed: no such file\n")) == "ssl.ca.location failed: no such file")
        #expect(String(errorBuffer: buffer("two\nlines\r\n \n")) == "two\nlines")
        #expect(String(errorBuffer: buffer("")) == "")
        #expect(String(errorBuffer: buffer("\n\n")) == "")
        #expect(String(errorBuffer: buffer("no break")) == "no break")
    }
}
