/// Shelf prices: .99 endings from $10 up, .49/.99 below, never under 0.99.
public enum RetailPrice {
    /// A retail price in cents for an arbitrary amount in whole currency units.
    @inline(__always)
    public static func cents(_ amount: Double) -> Int64 {
        if amount >= 10 {
            return Int64(amount.rounded()) * 100 - 1
        }
        let halves = max(2, Int64((amount * 2).rounded()))
        return halves * 50 - 1
    }

    /// Applies a discount fraction, rounding to the cent.
    @inline(__always)
    public static func discounted(_ cents: Int64, percent: Int) -> Int64 {
        (cents * Int64(100 - percent) + 50) / 100
    }
}
