import Foundation
import Kafka
@testable import LoadGen
import Testing

@Suite("Every figure says which build made it")
struct VersionTests {
    @Test func reportsHtmlAndMetricsCarryTheVersions() throws {
        #expect(LoadGenVersion.description == "loadgen \(LoadGenVersion.current) (librdkafka \(Kafka.librdkafkaVersion))")
        let report = RunReport.failed(configuration: RunConfiguration(profile: LoadProfile()), runID: "r", error: "x")
        let json = try JSONSerialization.jsonObject(with: report.jsonData()) as? [String: Any]
        #expect(json?["loadgen_version"] as? String == LoadGenVersion.current)
        #expect(HTMLReport.render(report).contains("loadgen \(LoadGenVersion.current) · librdkafka \(Kafka.librdkafkaVersion)"))
        let metrics = PrometheusExporter(monitor: Monitor()).render()
        #expect(metrics.contains("loadgen_build_info{version=\"\(LoadGenVersion.current)\",librdkafka=\"\(Kafka.librdkafkaVersion)\",shard=\"0\",run_id=\"\"} 1"), "\(metrics)")
    }
}
