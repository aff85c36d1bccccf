// swift-tools-version:6.2
import PackageDescription

/// Our own targets treat every warning as an error; dependencies are left alone.
let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)]

let package = Package(
    name: "Craftsman",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "CraftsmanProto", targets: ["CraftsmanProto"]),
        .library(name: "CraftsmanRPC", targets: ["CraftsmanRPC"]),
        .library(name: "CraftsmanClient", targets: ["CraftsmanClient"]),
        .library(name: "CraftsmanStore", targets: ["CraftsmanStore"]),
        .library(name: "CraftsmanServer", targets: ["CraftsmanServer"]),
        .executable(name: "craftsmand", targets: ["craftsmand"]),
        .executable(name: "craftload", targets: ["craftload"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2")
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
        // The RPC core: frames, status, calls, the server's protocol side, built-in services. No sockets.
        .target(
            name: "CraftsmanRPC",
            dependencies: ["CraftsmanProto", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // epoll, eventfd and thread names, which Swift's Glibc module does not export; used by the
        // server's sockets, the store's threads and the client's I/O thread.
        .target(name: "CCraftsmanLinux"),
        // The POSIX socket edge of the server: TCP and Unix domain sockets, epoll I/O threads.
        .target(
            name: "CraftsmanRPCSocket",
            dependencies: ["CCraftsmanLinux", "CraftsmanRPC", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // The Swift client library: async/await calls (or completion handlers) over one multiplexed
        // connection.
        .target(
            name: "CraftsmanClient",
            dependencies: ["CCraftsmanLinux", "CraftsmanProto", "CraftsmanRPC"],
            swiftSettings: strict
        ),
        // The domain: registry, rules and workflows as plain Swift values. No I/O, no wire types.
        .target(
            name: "Craftsman",
            swiftSettings: strict
        ),
        // A deterministic, realistic demo program (schools, teachers) for demos, tests and load.
        .target(
            name: "CraftsmanDemo",
            dependencies: ["Craftsman", "CraftsmanProto"],
            swiftSettings: strict
        ),
        // Durable state: a journal with group commit and snapshots in a data directory. Knows
        // nothing of the domain or the wire; the state type supplies its own encoding.
        .target(
            name: "CraftsmanStore",
            dependencies: ["CCraftsmanLinux", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // The server's services: the domain over the store, mapped to and from the wire messages.
        .target(
            name: "CraftsmanServer",
            dependencies: [
                "Craftsman", "CraftsmanStore", "CraftsmanProto", "CraftsmanRPC", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "craftsmand",
            dependencies: [
                "Craftsman", "CraftsmanDemo", "CraftsmanProto", "CraftsmanRPC", "CraftsmanRPCSocket", "CraftsmanServer",
                "CraftsmanStore", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Load generator: echo calls at a fixed number in flight, for benchmarks/.
        .executableTarget(
            name: "craftload",
            dependencies: ["Craftsman", "CraftsmanClient", "CraftsmanDemo", "CraftsmanProto", "CraftsmanRPC"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CraftsmanProtoTests",
            dependencies: ["CraftsmanProto", "CraftsmanProtoTesting", "CraftsmanDemo"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CraftsmanTests",
            dependencies: ["Craftsman", "CraftsmanDemo"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CraftsmanStoreTests",
            dependencies: ["CraftsmanStore"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CraftsmanServerTests",
            dependencies: [
                "Craftsman", "CraftsmanDemo", "CraftsmanStore", "CraftsmanServer", "CraftsmanProto", "CraftsmanProtoTesting",
                "CraftsmanRPC", "CraftsmanRPCSocket", "CraftsmanClient",
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CraftsmanRPCTests",
            dependencies: [
                "CraftsmanProto", "CraftsmanRPC", "CraftsmanRPCSocket", "CraftsmanClient", "CraftsmanStore", "CraftsmanServer",
            ],
            swiftSettings: strict
        ),
    ]
)
