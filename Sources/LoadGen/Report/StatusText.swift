/// The one-line progress of a run, fitted to a terminal's width: the most useful figures
/// first, the rest dropped (never wrapped) when the line would not fit.
extension RunStatus {
    /// The status line for a terminal `width` columns wide (at most `width - 1` characters, so
    /// the cursor never wraps to a new line).
    public func line(width: Int, profile: String) -> String {
        let limit = max(20, width - 1)
        var line = ""
        for choices in statusFieldChoices(profile: profile) {
            for field in choices {
                let candidate = line.isEmpty ? field : line + "  " + field
                if candidate.count <= limit {
                    line = candidate
                    break
                }
            }
        }
        return line
    }

    /// Each field and its shorter forms, in order of importance: the first form that fits is
    /// shown, a field none of whose forms fits is left out. The multipliers' shorter form drops
    /// the windows' names and the noise (`×2.60 local`).
    func statusFieldChoices(profile: String) -> [[String]] {
        var fields = [[Self.clock(elapsedSeconds)]]
        let achieved = Self.grouped(achievedRate) + "/s"
        if let targetRate {
            fields.append(["\(achieved) of \(Self.grouped(targetRate))/s"])
        } else {
            fields.append([achieved])
        }
        fields.append(["delivered \(Self.grouped(Double(delivered)))"])
        if failed > 0 { fields.append(["failed \(Self.grouped(Double(failed)))"]) }
        if permitsDropped > 0 { fields.append(["dropped \(Self.grouped(Double(permitsDropped)))"]) }
        fields.append(["p99 \(RunReport.fixed(p99LatencyMillis, decimals: p99LatencyMillis < 10 ? 1 : 0)) ms"])
        if !multipliers.isEmpty {
            fields.append([multipliers] + (multipliers.range(of: " (").map { [String(multipliers[..<$0.lowerBound])] } ?? []))
        }
        fields.append(["\(RunReport.fixed(bytesPerSecond / 1_048_576, decimals: 1)) MB/s"])
        if let remainingSeconds { fields.append(["left " + Self.clock(remainingSeconds)]) }
        fields.append(["sim " + simulatedTime.replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: "")])
        fields.append(["rss \(Int(residentMB.rounded())) MB"])
        fields.append([profile])
        return fields
    }

    /// `942,994` (whole numbers from 100 up), `12.5` below.
    static func grouped(_ value: Double) -> String { NumberText.grouped(value) }

    /// `42s`, `12m05s`, `3h07m`.
    static func clock(_ seconds: Double) -> String {
        let s = Int(min(max(seconds, 0), 1e9).rounded(.down))
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m" + (s % 60 < 10 ? "0" : "") + "\(s % 60)s" }
        return "\(s / 3600)h" + (s / 60 % 60 < 10 ? "0" : "") + "\(s / 60 % 60)m"
    }
}
