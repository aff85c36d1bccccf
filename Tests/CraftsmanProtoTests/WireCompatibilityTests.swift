import CraftsmanProto
import CraftsmanProtoTesting
import Dispatch
import Foundation
import Testing

/// Messages cross between this layer (Swift over protobuf-c) and Python's protobuf in both
/// directions with every value intact. Needs `/usr/bin/python3` with python3-protobuf, which
/// `scripts/install-deps` installs; the Python half is clients/python/tests/wire_compat.py.
@Suite("Wire compatibility with Python protobuf")
struct WireCompatibilityTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("Swift → Python → Swift and Python → Swift → Python, every message type, exact values")
    func bothDirections() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wire-compat-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }

        // Swift writes an example of every message with every field set, and the fixtures.
        var originals: [String: [UInt64: any ProtoMessage]] = [:]
        for type in ProtoCatalog.messageTypes {
            let exampled = try #require(type as? any ExampleProviding.Type)
            for seed in ExampleSource.coveringSeeds(for: type) {
                let example = Self.example(exampled, seed: seed)
                originals[type.protoMessageName, default: [:]][seed] = example
                try Self.write(try example.serializedBytes(), to: folder, "swift-examples", type.protoMessageName, "\(seed).bin")
            }
        }
        let fixtures = WireFixtures.build()
        for (key, message) in fixtures {
            try Self.write(try message.serializedBytes(), to: folder, "fixtures", "swift", "\(key).bin")
        }

        try Self.write(EmbeddedSchema.fileDescriptorSet, to: folder, "embedded-schema.bin")

        try await Self.runPython("from-swift", folder)

        for type in ProtoCatalog.messageTypes {
            for seed in ExampleSource.coveringSeeds(for: type) {
                // What Python re-encoded must decode to exactly the Swift original.
                let reencoded = try Self.read(folder, "python-reencoded", type.protoMessageName, "\(seed).bin")
                let original = try #require(originals[type.protoMessageName]?[seed])
                let same = try Self.decodes(reencoded, equalTo: original)
                #expect(same, "\(type.protoMessageName) seed \(seed) changed on its way through Python")
                // Python's own random message goes back through Swift.
                let random = try Self.read(folder, "python-random", type.protoMessageName, "\(seed).bin")
                let echoed = try Self.reencode(random, as: type)
                try Self.write(echoed, to: folder, "swift-reencoded", type.protoMessageName, "\(seed).bin")
            }
        }
        for (key, message) in fixtures {
            let bytes = try Self.read(folder, "fixtures", "python", "\(key).bin")
            let same = try Self.decodes(bytes, equalTo: message)
            #expect(same, "fixture \(key) as Python encoded it differs from Swift's")
        }

        try await Self.runPython("to-swift", folder)
    }

    static func example<M: ExampleProviding>(_: M.Type, seed: UInt64) -> any ProtoMessage {
        var source = ExampleSource(seed: seed)
        return M.example(&source)
    }

    static func decodes<M: ProtoMessage>(_ bytes: [UInt8], equalTo expected: M) throws -> Bool {
        try M(serializedBytes: bytes) == expected
    }

    static func reencode<M: ProtoMessage>(_ bytes: [UInt8], as _: M.Type) throws -> [UInt8] {
        try M(serializedBytes: bytes).serializedBytes()
    }

    static func write(_ bytes: [UInt8], to folder: URL, _ components: String...) throws {
        let url = components.reduce(folder) { $0.appendingPathComponent($1) }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    static func read(_ folder: URL, _ components: String...) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: components.reduce(folder) { $0.appendingPathComponent($1) }))
    }

    static func runPython(_ command: String, _ folder: URL) async throws {
        let python = URL(fileURLWithPath: "/usr/bin/python3")
        try #require(
            FileManager.default.isExecutableFile(atPath: python.path),
            "/usr/bin/python3 is missing: run scripts/install-deps"
        )
        let script = repositoryRoot.appendingPathComponent("clients/python/tests/wire_compat.py").path
        // The process is waited for on a Dispatch queue: blocking one of Swift concurrency's few
        // threads for seconds would stall every other test running meanwhile.
        let (status, text) = await withCheckedContinuation { (continuation: CheckedContinuation<(Int32, String), Never>) in
            DispatchQueue(label: "wire-compat-python").async {
                let process = Process()
                process.executableURL = python
                process.arguments = [script, command, folder.path]
                let output = Pipe()
                process.standardOutput = output
                process.standardError = output
                do {
                    try process.run()
                } catch {
                    continuation.resume(returning: (-1, "cannot start \(python.path): \(error)"))
                    return
                }
                let data = output.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: (process.terminationStatus, String(decoding: data, as: UTF8.self)))
            }
        }
        print(text, terminator: "")
        try #require(status == 0, "wire_compat.py \(command) failed:\n\(text)")
    }
}
