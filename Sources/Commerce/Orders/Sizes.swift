/// A customer's own size and shade: the T-shirts, dresses, activewear and socks they buy are
/// mostly in their size, and their makeup in their shade.
///
/// Each customer has a place on the size scale and one on the shade scale (uniform values drawn
/// once from their index, the same in every run). A model's sizes in scale order share the
/// scale by their shares of the model's sales, so the customer's size in a model is the one
/// covering their place: each model keeps its variants' shares (dresses their XS, socks half M
/// and half L), and a customer small in one subcategory is small in the others. A line of a
/// sized (or shaded) product is in the customer's own size (shade) on ``ownShare`` of lines;
/// the rest are for someone else (a partner, a child, a gift) and keep the variant drawn by
/// popularity.
struct Sizes: Sendable {
    /// The size and shade scales, smallest and lightest first.
    static let sizeNames = ["XS", "S", "M", "L", "XL"], shadeNames = ["Light", "Medium", "Deep"]
    /// Lines in the customer's own size or shade.
    static let ownShare = 0.8
    /// The subcategories sold in sizes, and in shades.
    static let sizedSubcategories: Set<String> = ["Tops", "Dresses", "Activewear", "Socks"], shadedSubcategories: Set<String> = ["Makeup"]
    /// Rungs a model can have (the longer scale's).
    static let rungs = 5

    /// Per product: 0 if it has neither; otherwise 1 + its size's place on the scale (1-5), or
    /// 8 + its shade's (8-10).
    let variantOf: [UInt8]
    /// Per sized or shaded product, ``rungs`` slots: its model's sizes (shades) in scale order,
    /// each with the top of its stretch of the scale (the cumulative share; the last 1, and
    /// unused slots repeat the last).
    let ladder: [(top: Float, product: Int32)]
    private let key: UInt64

    init(catalog: Catalog, seed: UInt64, prices: PriceList = .standard) {
        key = Mix.key(seed, 0x512E)
        let products = catalog.products
        var variantOf = [UInt8](repeating: 0, count: products.count)
        var shares = [Double](repeating: 0, count: products.count)
        for (i, p) in products.enumerated() {
            let sub = p.subcategory.string, name = p.name.string
            func label(_ names: [String]) -> Int? { names.firstIndex { name.hasSuffix(" (\($0))") } }
            for (names, first, subcategories) in [(Self.sizeNames, 1, Self.sizedSubcategories), (Self.shadeNames, 8, Self.shadedSubcategories)] {
                guard subcategories.contains(sub), let s = label(names) else { continue }
                variantOf[i] = UInt8(first + s)
                shares[i] = prices.variant(names[s], of: sub)?.share ?? 1
            }
        }
        var ladder = [(top: Float, product: Int32)](repeating: (1, -1), count: products.count * Self.rungs)
        var start = 0
        while start < products.count {
            // A model's variants are consecutive.
            var end = start + 1
            while end < products.count, products[end].model == products[start].model { end += 1 }
            for shaded in [false, true] {
                let members = (start..<end).filter { variantOf[$0] != 0 && (variantOf[$0] >= 8) == shaded }.sorted { variantOf[$0] < variantOf[$1] }
                guard !members.isEmpty else { continue }
                let total = members.reduce(0) { $0 + shares[$1] }
                var sum = 0.0
                let rungs: [(top: Float, product: Int32)] = members.enumerated().map { k, j in
                    sum += shares[j]
                    return (k == members.count - 1 ? 1 : Float(sum / total), Int32(j))
                }
                for j in members {
                    for k in 0..<Self.rungs { ladder[j * Self.rungs + k] = rungs[min(k, rungs.count - 1)] }
                }
            }
            start = end
        }
        self.variantOf = variantOf
        self.ladder = ladder
    }

    /// The customer's places on the size and the shade scales, in [0, 1).
    @inline(__always)
    func places(user index: UInt64) -> (size: Float, shade: Float) {
        let bits = Mix.hash(key &+ index)
        return (Float(bits >> 40) * 0x1p-24, Float(bits & 0xFF_FFFF) * 0x1p-24)
    }

    /// `product` in the size or shade of customer `user` on ``ownShare`` of lines (drawn from
    /// `random` only for a sized or shaded product), else `product`.
    @inline(__always)
    func personal(_ product: Int, user: UInt64, _ random: inout SeededRandom) -> Int {
        let variant = variantOf.withUnsafeBufferPointer { $0[product] }
        guard variant != 0, random.unit() < Self.ownShare else { return product }
        let place = places(user: user)
        let u = variant >= 8 ? place.shade : place.size
        return ladder.withUnsafeBufferPointer { rungs in
            var k = product &* Self.rungs
            let last = k &+ Self.rungs &- 1
            while k < last, u >= rungs[k].top { k &+= 1 }
            return Int(rungs[k].product)
        }
    }
}
