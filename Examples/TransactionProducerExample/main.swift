// The README's Swift API example, runnable:
//
//   .build/release/loadgen broker --bootstrap-file /tmp/loadgen-bootstrap &
//   KAFKA_BOOTSTRAP_SERVERS=$(cat /tmp/loadgen-bootstrap) swift run TransactionProducerExample 10
//
// Produces to $KAFKA_BOOTSTRAP_SERVERS (default localhost:9092) for the number of seconds given
// as the first argument (default 3600), at 1000 transactions per hour on the documented day
// curve; Ctrl-C stops it cleanly (flush, final metrics). The rate is raised with the second
// argument (transactions per hour).
import Foundation
import LoadGen

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count <= 2, arguments.first.map({ Int($0) != nil }) ?? true, arguments.dropFirst().first.map({ Double($0) != nil }) ?? true else {
    FileHandle.standardError.write(Data("usage: TransactionProducerExample [SECONDS=3600] [TRANSACTIONS_PER_HOUR=1000] (cluster: $KAFKA_BOOTSTRAP_SERVERS)\n".utf8))
    exit(2)
}
let seconds = arguments.first.flatMap(Int.init) ?? 3600
let rate = arguments.dropFirst().first.flatMap(Double.init) ?? 1000
let bootstrapServers = ProcessInfo.processInfo.environment["KAFKA_BOOTSTRAP_SERVERS"] ?? "localhost:9092"

do {
    let producer = try await TransactionProducer(
        bootstrapServers: bootstrapServers, topic: "transactions",
        generationRate: rate,                       // transactions per hour
        producerConfig: ["acks": "all", "compression.type": "snappy", "linger_ms": "10"])

    // Ctrl-C cancels the run: the schedule stops, the producer flushes, the metrics are final.
    signal(SIGINT, SIG_IGN)
    let run = Task { try await producer.runContinuous(duration: .seconds(seconds)) }
    let interrupt = DispatchSource.makeSignalSource(signal: SIGINT)
    interrupt.setEventHandler { run.cancel() }
    interrupt.resume()

    let report = try await run.value
    let m = await producer.metrics()
    await producer.close()
    print("messages_sent \(m.messagesSent)  messages_delivered \(m.messagesDelivered)  messages_failed \(m.messagesFailed)")
    print("bytes_sent \(m.bytesSent)  last_send_time \(m.lastSendTime.map { "\($0)" } ?? "never")  p99 \(m.latencyMillis.p99) ms")
    print(report.summary)
    exit(report.exitCode)
} catch {
    // An unreachable cluster or a bad setting is one line and exit 1, not a crash report.
    FileHandle.standardError.write(Data("TransactionProducerExample: \(error)\n".utf8))
    exit(1)
}
