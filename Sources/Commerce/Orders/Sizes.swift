/// A customer's own size and shade: the T-shirts, dresses, activewear and socks they buy are
/// mostly in their size, and their makeup in their shade.
///
/// Each customer has a size (XS to XL) and a makeup shade, drawn once from their index with the
/// catalog's variant shares, so over the population each variant keeps its share. A line of a
/// sized (or shaded) product is in the customer's own size (shade) on ``ownShare`` of lines, the
/// nearest the model offers when it lacks it (socks come in M and L); the rest are for someone
/// else (a partner, a child, a gift) and keep the variant drawn by popularity.
struct Sizes: Sendable {
    /// The sizes, smallest first, and their shares of customers (the shares of tops and
    /// activewear).
    static let sizeNames = ["XS", "S", "M", "L", "XL"], sizeShares = [0.10, 0.25, 0.33, 0.22, 0.10]
    /// The shades of makeup and their shares of customers.
    static let shadeNames = ["Light", "Medium", "Deep"], shadeShares = [0.35, 0.40, 0.25]
    /// Lines in the customer's own size or shade.
    static let ownShare = 0.8
    /// The subcategories sold in sizes, and in shades.
    static let sizedSubcategories: Set<String> = ["Tops", "Dresses", "Activewear", "Socks"], shadedSubcategories: Set<String> = ["Makeup"]

    /// Per product: 0 if it has neither; otherwise 1 + the size's index (1-5), or 8 + the
    /// shade's (8-10).
    let variantOf: [UInt8]
    /// Per product, for a sized or shaded one: the model's product in each size (5 slots) or
    /// shade (the first 3), the nearest the model offers when it lacks one.
    let nearest: [Int32]
    private let sizeTable: AliasTable, shadeTable: AliasTable
    private let key: UInt64

    init(catalog: Catalog, seed: UInt64) {
        key = Mix.key(seed, 0x512E)
        sizeTable = AliasTable(Self.sizeShares)
        shadeTable = AliasTable(Self.shadeShares)
        let products = catalog.products
        var variantOf = [UInt8](repeating: 0, count: products.count)
        for (i, p) in products.enumerated() {
            let sub = p.subcategory.string, name = p.name.string
            func label(_ names: [String]) -> Int? { names.firstIndex { name.hasSuffix(" (\($0))") } }
            if Self.sizedSubcategories.contains(sub), let s = label(Self.sizeNames) { variantOf[i] = UInt8(1 + s) }
            if Self.shadedSubcategories.contains(sub), let s = label(Self.shadeNames) { variantOf[i] = UInt8(8 + s) }
        }
        // The first product of each product's model (a model's variants are consecutive).
        var modelStart = [Int32](repeating: 0, count: products.count)
        for i in products.indices {
            modelStart[i] = i > 0 && products[i].model == products[i - 1].model ? modelStart[i - 1] : Int32(i)
        }
        var nearest = [Int32](repeating: -1, count: products.count * 5)
        for i in products.indices where variantOf[i] != 0 {
            let shaded = variantOf[i] >= 8
            // The model's variants of the same kind, by their position on the scale.
            var offered: [(position: Int, product: Int)] = []
            var j = Int(modelStart[i])
            while j < products.count, products[j].model == products[i].model {
                if variantOf[j] != 0, (variantOf[j] >= 8) == shaded { offered.append((Int(variantOf[j]) - (shaded ? 8 : 1), j)) }
                j += 1
            }
            for wanted in 0..<(shaded ? 3 : 5) {
                // Nearest on the scale; between two, the larger (a size up fits, one down not).
                let best = offered.min { a, b in
                    let da = abs(a.position - wanted), db = abs(b.position - wanted)
                    return da < db || (da == db && a.position > b.position)
                }!
                nearest[i * 5 + wanted] = Int32(best.product)
            }
        }
        self.variantOf = variantOf
        self.nearest = nearest
    }

    /// The customer's own size (0-4) and shade (0-2).
    @inline(__always)
    func own(user index: UInt64) -> (size: Int, shade: Int) {
        let bits = Mix.hash(key &+ index)
        return (sizeTable.pick(bits), shadeTable.pick(Mix.hash(bits)))
    }

    /// `product` in the size or shade of customer `user` on ``ownShare`` of lines (drawn from
    /// `random` only for a sized or shaded product), else `product`.
    @inline(__always)
    func personal(_ product: Int, user: UInt64, _ random: inout SeededRandom) -> Int {
        let variant = variantOf.withUnsafeBufferPointer { $0[product] }
        guard variant != 0, random.unit() < Self.ownShare else { return product }
        let mine = own(user: user)
        let slot = product &* 5 &+ (variant >= 8 ? mine.shade : mine.size)
        return Int(nearest.withUnsafeBufferPointer { $0[slot] })
    }
}
