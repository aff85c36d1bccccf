// swift-tools-version:6.1
//
// Comparison benchmark: grpc-swift-2 unary echo over HTTP/2 (plaintext, loopback).
// Standalone package; not part of the Craftsman build and not built by CI.

import PackageDescription

let package = Package(
    name: "grpc-swift-bench",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "grpc-echo-bench", targets: ["grpc-echo-bench"])
    ],
    dependencies: [
        .package(url: "https://github.com/grpc/grpc-swift-2.git", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", from: "2.9.2"),
    ],
    targets: [
        .executableTarget(
            name: "grpc-echo-bench",
            dependencies: [
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        )
    ]
)
