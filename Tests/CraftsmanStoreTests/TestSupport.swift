import CraftsmanStore
import Foundation

/// A tiny state for engine tests: a list of text entries; the change "refuse" is refused.
/// Changes starting with "later:" are encoded by the journal's thread; a change containing
/// "unencodable" cannot be encoded.
struct Ledger: JournaledState, Equatable {
    struct Refused: Error {}
    struct Unencodable: Error {}

    var entries: [String] = []

    init() {}

    init(snapshotPayload: ArraySlice<UInt8>) throws {
        entries = payloadEntries(snapshotPayload)
    }

    func snapshotPayload() throws -> [[UInt8]] {
        // Two parts when there are entries, to exercise the joining of parts.
        let bytes = Array(entries.joined(separator: "\n").utf8)
        return [Array(bytes.prefix(bytes.count / 2)), Array(bytes.dropFirst(bytes.count / 2))]
    }

    static func encode(_ change: String) throws -> [UInt8] {
        if change.contains("unencodable") { throw Unencodable() }
        return Array(change.utf8)
    }

    static func encodesLater(_ change: String) -> Bool { change.hasPrefix("later:") }

    static func decode(_ payload: ArraySlice<UInt8>) throws -> String { String(decoding: payload, as: UTF8.self) }

    mutating func apply(_ change: String) throws {
        if change == "refuse" { throw Refused() }
        entries.append(change)
    }
}

private func payloadEntries(_ payload: ArraySlice<UInt8>) -> [String] {
    payload.isEmpty
        ? [] : String(decoding: payload, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
}

/// A fresh temporary directory, removed after `body`.
func withTemporaryDirectory<T>(_ body: (String) async throws -> T) async rethrows -> T {
    let path = NSTemporaryDirectory() + "craftsman-store-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try await body(path)
}

/// Configuration for tests: no timed snapshots, the given file system, and by default segments
/// that grow as they are written, so that tests can name the segment each record is in (one
/// written ahead replaces the growing one whenever it happens to be ready);
/// `PreallocatedSegmentTests` cover segments written ahead.
func testConfiguration(
    _ fileSystem: any StorageFileSystem = POSIXFileSystem(), policy: FlushPolicy = .always, preallocatedSegmentBytes: Int = 0
) -> StoreConfiguration {
    var configuration = StoreConfiguration()
    configuration.fileSystem = fileSystem
    configuration.flushPolicy = policy
    configuration.snapshotIntervalSeconds = 0
    configuration.preallocatedSegmentBytes = preallocatedSegmentBytes
    return configuration
}

/// Writes `entry` to the ledger.
@discardableResult
func append(_ store: DurableStore<Ledger>, _ entry: String) async throws -> Int {
    try await store.write { ledger in (entry, ledger.entries.count + 1) }
}

/// The bytes of a file.
func bytes(of path: String) -> [UInt8] { Array(FileManager.default.contents(atPath: path) ?? Data()) }

/// Replaces a file's bytes.
func write(_ bytes: [UInt8], to path: String) { _ = FileManager.default.createFile(atPath: path, contents: Data(bytes)) }

/// The names in a directory, sorted.
func names(in directory: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
}
