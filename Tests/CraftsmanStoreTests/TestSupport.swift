import CraftsmanStore
import Foundation
import Synchronization

/// A tiny state for engine tests: a list of text entries; the change "refuse" is refused.
struct Ledger: JournaledState, Equatable {
    struct Refused: Error {}

    var entries: [String] = []

    init() {}

    init(snapshotPayload: ArraySlice<UInt8>) throws {
        entries = payloadEntries(snapshotPayload)
    }

    func snapshotPayload() throws -> [UInt8] {
        Array(entries.joined(separator: "\n").utf8)
    }

    static func encode(_ change: String) throws -> [UInt8] { Array(change.utf8) }

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

/// Configuration for tests: no timed snapshots, the given file system.
func testConfiguration(_ fileSystem: any StorageFileSystem = POSIXFileSystem(), policy: FlushPolicy = .always)
    -> StoreConfiguration
{
    var configuration = StoreConfiguration()
    configuration.fileSystem = fileSystem
    configuration.flushPolicy = policy
    configuration.snapshotIntervalSeconds = 0
    return configuration
}

/// Writes `entry` to the ledger.
@discardableResult
func append(_ store: DurableStore<Ledger>, _ entry: String) async throws -> Int {
    try await store.write { ledger in (entry, ledger.entries.count + 1) }
}

/// The real file system, counting flushes and failing them (or writes) on demand: the seam that
/// proves a failed flush is never acknowledged.
final class FaultInjectingFileSystem: StorageFileSystem {
    struct Counters {
        var syncs = 0
        var failSyncs = false
        var failWrites = false
    }

    let base = POSIXFileSystem()
    let counters = Mutex(Counters())

    var syncCount: Int { counters.withLock { $0.syncs } }

    func failSyncs(_ fail: Bool) { counters.withLock { $0.failSyncs = fail } }
    func failWrites(_ fail: Bool) { counters.withLock { $0.failWrites = fail } }

    func createFile(_ path: String) throws(StoreError) -> any StorageFile {
        FaultInjectingFile(base: try base.createFile(path), fileSystem: self)
    }
    func readFile(_ path: String) throws(StoreError) -> [UInt8] { try base.readFile(path) }
    func listDirectory(_ directory: String) throws(StoreError) -> [String] { try base.listDirectory(directory) }
    func fileExists(_ path: String) -> Bool { base.fileExists(path) }
    func createDirectory(_ directory: String) throws(StoreError) { try base.createDirectory(directory) }
    func rename(_ from: String, to: String) throws(StoreError) { try base.rename(from, to: to) }
    func remove(_ path: String) throws(StoreError) { try base.remove(path) }
    func truncate(_ path: String, to length: Int) throws(StoreError) { try base.truncate(path, to: length) }
    func copy(_ from: String, to: String) throws(StoreError) { try base.copy(from, to: to) }
    func syncDirectory(_ directory: String) throws(StoreError) { try base.syncDirectory(directory) }
    func lockDirectory(_ directory: String) throws(StoreError) -> any StorageLock { try base.lockDirectory(directory) }
}

final class FaultInjectingFile: StorageFile {
    let base: any StorageFile
    let fileSystem: FaultInjectingFileSystem

    init(base: any StorageFile, fileSystem: FaultInjectingFileSystem) {
        self.base = base
        self.fileSystem = fileSystem
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(StoreError) {
        if fileSystem.counters.withLock({ $0.failWrites }) {
            throw StoreError(.io, "injected: no space left on device", errno: 28)
        }
        try base.write(bytes)
    }

    func sync() throws(StoreError) {
        let fail = fileSystem.counters.withLock { counters in
            counters.syncs += 1
            return counters.failSyncs
        }
        if fail { throw StoreError(.io, "injected: cannot flush: Input/output error", errno: 5) }
        try base.sync()
    }

    func close() { base.close() }
}

/// The bytes of a file.
func bytes(of path: String) -> [UInt8] { Array(FileManager.default.contents(atPath: path) ?? Data()) }

/// Replaces a file's bytes.
func write(_ bytes: [UInt8], to path: String) { _ = FileManager.default.createFile(atPath: path, contents: Data(bytes)) }

/// The names in a directory, sorted.
func names(in directory: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
}
