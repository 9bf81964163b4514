import Foundation

/// Memory figures of this process, from /proc (Linux); 0 where unavailable.
public enum ProcessStats {
    /// Resident set size now, in MB.
    public static func residentMB() -> Double { field("VmRSS:") }
    /// Peak resident set size so far, in MB.
    public static func peakResidentMB() -> Double { field("VmHWM:") }

    private static func field(_ name: String) -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name) })
        else { return 0 }
        let kb = line.split(separator: " ").dropFirst().first.flatMap { Double($0) } ?? 0
        return kb / 1024
    }
}
