/// Numbers as people read them in status lines and notices.
public enum NumberText {
    /// `942,994` (whole numbers from 100 up), `12.5` below.
    public static func grouped(_ value: Double) -> String {
        guard value.isFinite else { return "-" }
        if value < 100 && value != value.rounded() {
            let tenths = Int64((abs(value) * 10).rounded())
            return (value < 0 && tenths != 0 ? "-" : "") + "\(tenths / 10).\(tenths % 10)"
        }
        let whole = Int64(min(max(value.rounded(), -9e18), 9e18))
        let digits = String(whole.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (whole < 0 ? "-" : "") + out
    }
}
