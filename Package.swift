// swift-tools-version:6.2
import PackageDescription

import class Foundation.ProcessInfo

let package = Package(
    name: "loadgen",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "loadgen", targets: ["loadgen"]),
        .library(name: "Kafka", targets: ["Kafka"]),
        .library(name: "Commerce", targets: ["Commerce"]),
        .library(name: "LoadGen", targets: ["LoadGen"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.1.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.60.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
    ],
    targets: [
        // librdkafka's C API (rdkafka.h, then rdkafka_mock.h). Only `Kafka` imports it.
        .systemLibrary(
            name: "CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        // Safe Swift over librdkafka: configuration, producer, consumer, admin, mock cluster.
        .target(
            name: "Kafka",
            dependencies: [
                "CRdKafka",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // zlib (deflate), for the compressed histograms of HdrHistogram interval logs.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // One C intrinsic Swift lacks: a cache prefetch (header-only).
        .target(name: "CPrefetch"),
        // What a transaction is and how believable ones are made. Swift (plus CPrefetch): no
        // Kafka, no clock. Its reference tables (postal areas, time zones, price list) are data
        // files in Resources/, shipped as the `loadgen_Commerce.resources` bundle.
        .target(name: "Commerce", dependencies: ["CPrefetch"], resources: [.copy("Resources")]),
        // The engine: profiles, simulated clock, rate governor, generator and producer actors,
        // sinks, metrics, run reports.
        .target(
            name: "LoadGen",
            dependencies: [
                "Kafka",
                "Commerce",
                "CZlib",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "loadgen",
            dependencies: [
                "LoadGen",
                "Kafka",
                "Commerce",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // jemalloc replaces glibc's malloc for the whole process, librdkafka included: the
            // producer allocates each message's record on the generator threads and librdkafka
            // frees it on the poll thread, which glibc's arenas turn into lock traffic and RSS
            // that creeps up for minutes. Measured in scripts/bench.sh and scripts/memory.sh.
            linkerSettings: [.linkedLibrary("jemalloc", .when(platforms: [.linux]))]
        ),
        // The README's examples, built with everything else and run by Tests/e2e/examples.sh.
        .executableTarget(name: "TransactionProducerExample", dependencies: ["LoadGen"], path: "Examples/TransactionProducerExample"),
        .executableTarget(name: "ClickstreamExample", dependencies: ["LoadGen"], path: "Examples/ClickstreamExample"),
        // What the test targets share: a mock-cluster fixture, a quiet logger, temporary
        // directories. Not a product: nothing outside this package links it.
        .target(
            name: "LoadGenTesting",
            dependencies: ["Kafka", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(name: "KafkaTests", dependencies: ["Kafka", "LoadGenTesting"]),
        .testTarget(name: "CommerceTests", dependencies: ["Commerce", "CPrefetch"]),
        .testTarget(
            name: "LoadGenTests",
            dependencies: [
                "LoadGen", "Kafka", "Commerce", "LoadGenTesting",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        // Generated profiles and command lines through the real parsers and the CLI's start-up
        // checks (`@testable import loadgen`), and the CLI's refusals one by one.
        .testTarget(name: "InputFuzzTests", dependencies: ["loadgen", "LoadGen", "Kafka", "LoadGenTesting"]),
    ],
    swiftLanguageModes: [.v6]
)

// Microbenchmarks (package-benchmark, with its malloc counter) are built only when asked for,
// so ordinary builds never compile the harness (CI builds and runs it in a scratch folder of
// its own, Tests/e2e/benchmarks.sh, and asserts it counts no malloc per transaction):
//   LOADGEN_BENCHMARKS=1 swift package benchmark
if ProcessInfo.processInfo.environment["LOADGEN_BENCHMARKS"] != nil {
    package.dependencies.append(
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]))
    package.targets.append(
        .executableTarget(
            name: "CommerceBenchmarks",
            dependencies: ["Commerce", .product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/CommerceBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]))
}
