// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "loadgen",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "loadgen", targets: ["loadgen"]),
        .library(name: "Kafka", targets: ["Kafka"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
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
        .executableTarget(
            name: "loadgen",
            dependencies: [
                "Kafka",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "KafkaTests", dependencies: ["Kafka"]),
    ],
    swiftLanguageModes: [.v6]
)
