import Commerce
import Foundation

/// 2024-07-16T14:30:45.123Z, a Tuesday.
let referenceMillis: Int64 = 1_721_140_245_123

/// Generates `count` transactions, one every `stepMillis`, and hands each with its JSON.
func generate(
    _ count: Int, configuration: CommerceConfiguration = CommerceConfiguration(), generator: Int = 0, of generators: Int = 1,
    start: Int64 = referenceMillis, stepMillis: Int64 = 500,
    _ body: (Transaction, ArraySlice<UInt8>) -> Void
) throws {
    var g = try TransactionGenerator(configuration: configuration, generator: generator, of: generators)
    var out: [UInt8] = []
    out.reserveCapacity(4096)
    for i in 0..<count {
        let t = g.next(at: start + Int64(i) * stepMillis)
        out.removeAll(keepingCapacity: true)
        g.appendJSON(of: t, to: &out)
        body(t, out[...])
    }
}

/// Parses one message with Foundation's standard JSON parser.
func parse(_ bytes: ArraySlice<UInt8>) -> [String: Any] {
    try! JSONSerialization.jsonObject(with: Data(bytes)) as! [String: Any]
}

extension Dictionary where Key == String, Value == Any {
    func string(_ key: String) -> String { self[key] as! String }
    func object(_ key: String) -> [String: Any] { self[key] as! [String: Any] }
    func double(_ key: String) -> Double { (self[key] as! NSNumber).doubleValue }
}

/// Counts of `key` as shares of the total.
func shares(_ counts: [String: Int]) -> [String: Double] {
    let total = Double(counts.values.reduce(0, +))
    return counts.mapValues { Double($0) / total }
}
