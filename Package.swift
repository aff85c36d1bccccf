// swift-tools-version:6.2
import PackageDescription

/// Our own targets treat every warning as an error; dependencies are left alone.
let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)]

let package = Package(
    name: "Craftsman",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "CraftsmanProto", targets: ["CraftsmanProto"]),
        .executable(name: "craftsmand", targets: ["craftsmand"]),
    ],
    targets: [
        // protobuf-c 1.4.1 from Debian, found through pkg-config.
        .systemLibrary(
            name: "CProtobufC",
            pkgConfig: "libprotobuf-c",
            providers: [.apt(["libprotobuf-c-dev"])]
        ),
        // protoc-c output for proto/, committed; regenerate with scripts/generate-protos.
        .target(
            name: "CraftsmanProtoC",
            dependencies: ["CProtobufC"]
        ),
        // Swift value types for every message; the only module that touches protobuf-c pointers.
        .target(
            name: "CraftsmanProto",
            dependencies: ["CraftsmanProtoC"],
            swiftSettings: strict
        ),
        // Deterministic example values for every message, for tests, fuzzers and load generators.
        .target(
            name: "CraftsmanProtoTesting",
            dependencies: ["CraftsmanProto"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "craftsmand",
            dependencies: ["CraftsmanProto"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CraftsmanProtoTests",
            dependencies: ["CraftsmanProto", "CraftsmanProtoTesting"],
            swiftSettings: strict
        ),
    ]
)
