/// Warns when the run produces more than 5% below its target for 10 s running (the pipeline
/// cannot keep up and permits are being dropped or delayed), and once more when it recovers.
struct ShortfallWatch {
    private var window: [(target: Double, produced: Int, dropped: Int)] = []
    private var warned = false

    /// Looks at this second's sample; returns a line to log when the state changes.
    mutating func observe(_ sample: RunSample) -> String? {
        guard let target = sample.targetRate else { window.removeAll(); return nil }
        window.append((target, sample.produced, sample.permitsDropped))
        if window.count > 11 { window.removeFirst() }
        guard window.count == 11 else { return nil }
        let wanted = window.dropFirst().reduce(0) { $0 + $1.target }
        let made = Double(window[10].produced - window[0].produced)
        let dropped = window[10].dropped - window[0].dropped
        guard wanted >= 10 else { return nil }
        let short = made < wanted * 0.95
        if short && !warned {
            warned = true
            return "falling behind: produced \(Int(made)) in the last 10 s against a target of \(Int(wanted.rounded())) (\(RunReport.fixed((1 - made / wanted) * 100, decimals: 1))% short, \(dropped) permit(s) dropped): the sink or the generators cannot keep up"
        }
        if !short && warned && made >= wanted * 0.99 {
            warned = false
            return "caught up: produced \(Int(made)) in the last 10 s against a target of \(Int(wanted.rounded()))"
        }
        return nil
    }
}
