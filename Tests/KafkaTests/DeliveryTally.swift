import Kafka
import Synchronization

/// Counts delivery reports from the poll thread.
final class DeliveryTally: Sendable {
    struct Counts { var delivered = 0; var failed = 0; var bytes = 0; var partitions: [String: Int32] = [:]; var errors: [String] = [] }
    let counts = Mutex(Counts())
    let recordPartitions: Bool

    init(recordPartitions: Bool = false) { self.recordPartitions = recordPartitions }

    func record(_ reports: borrowing DeliveryReports) {
        reports.forEach { tallyOne($0) }
    }

    private func tallyOne(_ report: borrowing DeliveryReport) {
        let key = recordPartitions ? String(decoding: report.key, as: UTF8.self) : nil
        counts.withLock { c in
            if let error = report.error {
                c.failed += 1
                if c.errors.count < 5 { c.errors.append(error.description) }
            } else {
                c.delivered += 1
                c.bytes += report.byteCount
            }
            if let key { c.partitions[key] = report.partition }
        }
    }

    var snapshot: Counts { counts.withLock { $0 } }
}
