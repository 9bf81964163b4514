/// Whether `condition` holds within `limit`, checked every 50 ms: a bounded wait for a live
/// run to reach a state, where a fixed sleep would let a slow start-up on a loaded machine
/// decide the test.
public func poll(within limit: Duration = .seconds(30), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return try await condition()
}
