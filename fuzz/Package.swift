// swift-tools-version:6.2
import PackageDescription

// libFuzzer targets for Craftsman; see README.md. Built only by scripts/fuzz, which passes
// -sanitize=fuzzer,address, so this package is separate from the main one (`..`).
let package = Package(
    name: "CraftsmanFuzz",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "frame-decoder", targets: ["FrameDecoderFuzz"]),
        .executable(name: "envelope-decoder", targets: ["EnvelopeDecoderFuzz"]),
        .executable(name: "server-connection", targets: ["ServerConnectionFuzz"]),
        .executable(name: "store-files", targets: ["StoreFilesFuzz"]),
    ],
    dependencies: [
        .package(name: "Craftsman", path: "..")
    ],
    targets: [
        // The checks every target runs; Tests/CraftsmanRPCTests/FuzzRegressionTests.swift holds a copy.
        .target(
            name: "FuzzHarness",
            dependencies: [
                .product(name: "CraftsmanProto", package: "Craftsman"),
                .product(name: "CraftsmanRPC", package: "Craftsman"),
                .product(name: "CraftsmanStore", package: "Craftsman"),
                .product(name: "CraftsmanServer", package: "Craftsman"),
            ]
        ),
        // Declares LLVMFuzzerRunDriver, which each target's @main calls.
        .systemLibrary(name: "CLibFuzzer"),
        .executableTarget(name: "FrameDecoderFuzz", dependencies: ["CLibFuzzer", "FuzzHarness"]),
        .executableTarget(name: "EnvelopeDecoderFuzz", dependencies: ["CLibFuzzer", "FuzzHarness"]),
        .executableTarget(name: "ServerConnectionFuzz", dependencies: ["CLibFuzzer", "FuzzHarness"]),
        .executableTarget(name: "StoreFilesFuzz", dependencies: ["CLibFuzzer", "FuzzHarness"]),
    ]
)
