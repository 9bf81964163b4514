@testable import Commerce
import Foundation
import Testing

@Suite("Identity: unique ids, stable attributes, sessions, determinism")
struct IdentityTests {
    @Test func noDuplicateTransactionIdInTenMillionAcrossShardsAndGenerators() throws {
        // 2 shards x 2 generators, 2.5M each, all on one date: every id is txn_<date>_<number>,
        // so the numbers must be distinct. A bitset over the 9-digit space keeps memory fixed
        // (125 MB) however many ids are checked.
        var seen = [UInt64](repeating: 0, count: 1_000_000_000 / 64 + 1)
        var duplicates = 0
        var checked = 0
        for shard in 0..<2 {
            var configuration = CommerceConfiguration()
            configuration.shard = .init(index: shard, count: 2)
            for generator in 0..<2 {
                var g = try TransactionGenerator(configuration: configuration, generator: generator, of: 2)
                for i in 0..<2_500_000 {
                    let n = g.next(at: referenceMillis + Int64(i) / 100).number
                    #expect(n < 1_000_000_000)
                    let word = Int(n >> 6), bit = UInt64(1) << (n & 63)
                    if seen[word] & bit != 0 { duplicates += 1 }
                    seen[word] |= bit
                    checked += 1
                }
            }
        }
        #expect(checked == 10_000_000)
        #expect(duplicates == 0)
    }

    @Test func transactionIdsHaveTheDocumentedShape() throws {
        let pattern = try Regex(#"^txn_20240716_\d{9}$"#)
        try generate(1000) { _, json in
            #expect(parse(json).string("transaction_id").wholeMatch(of: pattern) != nil)
        }
    }

    @Test func userAndProductAttributesNeverChange() throws {
        // For every user id: the location substring must be the same each time (the device is
        // one of the user's devices, by visit: PeopleTests);
        // for every product id: name, category, subcategory and brand.
        var userFacts: [Substring: Int] = [:]
        var productFacts: [Substring: Int] = [:]
        var changes = 0
        var repeatUsers = 0
        try generate(1_000_000, stepMillis: 37) { _, json in
            let text = String(decoding: json, as: UTF8.self)
            let userId = text[text.range(of: "\"user_id\":")!.upperBound...].prefix(16)
            let location = text[text.range(of: "\"user_location\"")!.lowerBound..<text.range(of: "\"device_info\"")!.lowerBound]
            let productId = text[text.range(of: "\"product_id\":")!.upperBound...].prefix(30)
            let product = text[text.range(of: "\"product_name\"")!.lowerBound..<text.range(of: "\"price\"")!.lowerBound]
            let u = location.hashValue, p = product.hashValue
            if let known = userFacts[userId] { repeatUsers += 1; if known != u { changes += 1 } } else { userFacts[userId] = u }
            if let known = productFacts[productId], known != p { changes += 1 } else { productFacts[productId] = p }
        }
        #expect(changes == 0)
        #expect(repeatUsers > 500_000)
        #expect(productFacts.count > 400)
    }

    @Test func userIdsAreNineDigitBijectionsAndPreferredAttributesAreStable() throws {
        var configuration = CommerceConfiguration()
        configuration.users = 100_000_000
        let g = try TransactionGenerator(configuration: configuration)
        var ids = Set<UInt64>()
        for index in stride(from: UInt64(0), to: 100_000_000, by: 997) {
            let user = g.population.user(index)
            #expect((100_000_000...999_999_999).contains(user.id))
            ids.insert(user.id)
            #expect(g.population.user(index) == user)
        }
        #expect(ids.count == (100_000_000 + 996) / 997)
    }

    @Test func aVisitSharesASessionUntilThirtyMinutesOfInactivity() throws {
        var configuration = CommerceConfiguration()
        configuration.users = 50
        var g = try TransactionGenerator(configuration: configuration)
        var lastSeen: [UInt64: (Int64, Int64)] = [:]  // user -> (time, visit start)
        var multiPurchaseVisits = 0
        var newVisitsAfterGap = 0
        var sessions: [Int64: Int] = [:]
        for i in 0..<20_000 {
            let scheduled = referenceMillis + Int64(i) * 20_000  // one line every 20 s
            let t = g.next(at: scheduled)
            // Later lines of an order carry the order's time (its first line's).
            let now = t.timestampMillis
            #expect(now <= scheduled)
            #expect(t.visitStartMillis <= now)
            if let (time, start) = lastSeen[t.user.index] {
                if now - time < 30 * 60_000 {
                    #expect(t.visitStartMillis == start)
                } else {
                    // A new visit: browsing before its first checkout (15 s to 3 h, shorter
                    // when the last visit ended less than that ago), begun after the last visit
                    // ended (30 minutes after its last order).
                    #expect(t.visitStartMillis >= now - 3 * 3_600_000 - 15_000 && t.visitStartMillis <= now)
                    #expect(t.visitStartMillis >= time + 30 * 60_000, "a visit reaching back into the last one")
                    newVisitsAfterGap += 1
                }
            }
            lastSeen[t.user.index] = (now, t.visitStartMillis)
            sessions[t.visitStartMillis &* 1000 &+ Int64(t.user.index), default: 0] += 1
        }
        multiPurchaseVisits = sessions.values.filter { $0 > 1 }.count
        #expect(multiPurchaseVisits > 100)
        #expect(newVisitsAfterGap > 0)
    }

    /// Time from a visit's start to its first checkout has a long tail and no walls (an
    /// analyst's chart showed a floor at 1 minute and a cliff at 26): median about 7 minutes,
    /// about one in 20 over an hour, none over 3 hours and no pile-up before it.
    @Test func browsingBeforeTheFirstCheckoutHasALongTailAndNoWalls() {
        let n = 200_000
        var minutes: [Double] = []
        for i in 0..<n {
            let millis = SessionTracker.browsingMillis(user: UInt64(i) &* 7919, checkout: referenceMillis + Int64(i) * 1_000)
            minutes.append(Double(millis) / 60_000)
        }
        minutes.sort()
        let median = minutes[n / 2]
        let overHour = Double(minutes.filter { $0 > 60 }.count) / Double(n)
        let lastTen = Double(minutes.filter { $0 > 170 }.count) / Double(n)
        let firstMinute = Double(minutes.filter { $0 < 1 }.count) / Double(n)
        #expect((6.5...8).contains(median), "median \(median) minutes")
        #expect((0.03...0.07).contains(overHour), "\(overHour) over an hour")
        #expect(minutes.first! >= 0.25 && minutes.last! <= 180.25, "\(minutes.first!)...\(minutes.last!) minutes")
        #expect(lastTen < 0.002, "\(lastTen) in the last 10 minutes before 3 hours")
        #expect((0.04...0.15).contains(firstMinute), "\(firstMinute) under a minute")
    }

    @Test func sessionIdNamesTheVisitStartAndTheUser() throws {
        try generate(2000) { t, json in
            let m = parse(json)
            let digits = m.string("user_id").dropFirst(5)
            #expect(m.string("session_id") == "sess_\(t.visitStartMillis / 1000)_user\(digits)")
        }
    }

    @Test func sameSeedSameBytesOtherSeedOtherBytes() throws {
        func run(seed: UInt64) throws -> [UInt8] {
            var configuration = CommerceConfiguration()
            configuration.seed = seed
            var all: [UInt8] = []
            try generate(5000, configuration: configuration) { _, json in all += json }
            return all
        }
        let a = try run(seed: 7), b = try run(seed: 7), c = try run(seed: 8)
        #expect(a == b)
        #expect(a != c)
    }

    @Test func shardsNeverShareAUser() throws {
        var owners: [UInt64: Int] = [:]
        var conflicts = 0
        for shard in 0..<3 {
            var configuration = CommerceConfiguration()
            configuration.users = 10_000
            configuration.shard = .init(index: shard, count: 3)
            for generator in 0..<2 {
                var g = try TransactionGenerator(configuration: configuration, generator: generator, of: 2)
                for i in 0..<20_000 {
                    let user = g.next(at: referenceMillis + Int64(i) * 100).user.index
                    let me = shard * 2 + generator
                    if let other = owners[user], other != me { conflicts += 1 }
                    owners[user] = me
                }
            }
        }
        #expect(conflicts == 0)
        // Dormant accounts never buy and a few heavy buyers make most purchases, so 20,000
        // purchases come from a few thousand of the 10,000 customers.
        #expect(owners.count > 3_000)
    }
}
