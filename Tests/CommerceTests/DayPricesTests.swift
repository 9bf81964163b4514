@testable import Commerce
import Testing

/// The generator reads the models' price events from a table filled once per day; these tests
/// hold it to the events themselves, so the table changes nothing in the data.
@Suite("Day prices")
struct DayPricesTests {
    /// Every model's factor and promotion on every day of a year and a half (days visited out
    /// of order too: the table refills whenever the day changes) are the events'.
    @Test func theDaysTableIsThePriceEvents() {
        let model = CommerceModel(CommerceConfiguration())
        var prices = DayPrices()
        let first = CivilCalendar.days(year: 2026, month: 1, day: 1)
        var promoted = 0, stepped = 0
        for day in Array(first..<(first + 540)) + [first + 3, first, first + 400] {
            prices.load(day: day, models: model.modelCount)
            #expect(prices.day == day)
            for m in 0..<model.modelCount {
                #expect(prices.factorIndex(model: m) == PriceEvents.factorIndex(model: m, day: day), "model \(m) day \(day)")
                #expect(prices.promotion(model: m) == PriceEvents.promotion(model: m, day: day), "model \(m) day \(day)")
                if prices.promotion(model: m) > 0 { promoted += 1 }
                if prices.factorIndex(model: m) > 0 { stepped += 1 }
            }
        }
        // Both kinds of event happen (the comparison is not of zeros).
        #expect(promoted > 1_000 && stepped > 10_000)
        #expect(model.modelCount == Catalog.standard.products.map(\.model).max()! + 1)
    }

    /// An order made with the day's table is the order made from the events, line for line and
    /// to the cent, for 3,000 orders over two weeks; one made with another day's table falls
    /// back to the events.
    @Test func ordersAreTheSameWithTheTable() {
        let model = CommerceModel(CommerceConfiguration())
        var random = SeededRandom(seed: 5)
        let start = CivilCalendar.days(year: 2026, month: 11, day: 20) * 86_400_000
        var prices = DayPrices(), stale = DayPrices()
        stale.load(day: 0, models: model.modelCount)
        var discounted = 0
        for order in 0..<3_000 as Range<UInt64> {
            let placed = start + Int64(random.next() % (14 * 86_400_000))
            let user = model.population.user(random.next() % model.population.size)
            let lines = Int32(1 + random.next() % 4)
            let visit = Footfall.Visit(user: user.index, startMillis: placed - 60_000, order: order, orderMillis: placed, line: 1, lineCount: lines)
            let local = user.clock.local(atUTC: visit.startMillis), bits = random.next()
            prices.load(day: CivilCalendar.day(ofMillis: placed), models: model.modelCount)
            let plain = model.order(of: visit, placed: placed, user: user, visitLocal: local, visitBits: bits)
            for table in [prices, stale] {
                let tabled = model.order(of: visit, placed: placed, user: user, visitLocal: local, visitBits: bits, prices: table)
                #expect(tabled.totals == plain.totals)
                for i in 0..<Int(lines) { #expect(tabled[i] == plain[i], "order \(order) line \(i)") }
            }
            if plain.totals.discountCents > 0 { discounted += 1 }
        }
        #expect(discounted > 100)
    }
}
