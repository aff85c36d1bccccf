import Foundation
import Synchronization
import Testing

@testable import CraftsmanStore

@Suite struct GradualRemovalTests {
    /// Every file is renamed to a leftover name before any is cut, and each is cut from its end
    /// by steps (each a flushed `truncate`) before it is unlinked.
    @Test func filesAreRenamedAwayThenCutDownByStepsThenUnlinked() async throws {
        try await withTemporaryDirectory { directory in
            let fileSystem = OperationRecordingFileSystem()
            try fileSystem.createDirectory(directory)
            write([UInt8](repeating: 7, count: 10), to: directory + "/big")
            write([UInt8](repeating: 7, count: 3), to: directory + "/small")
            write([1], to: directory + "/kept")
            try GradualRemoval.remove(["big", "small"], in: directory, fileSystem: fileSystem, stepBytes: 4)
            let big = directory + "/big" + GradualRemoval.suffix
            let small = directory + "/small" + GradualRemoval.suffix
            #expect(
                fileSystem.operations == [
                    "rename \(directory)/big \(big)", "rename \(directory)/small \(small)", "sync \(directory)",
                    "truncate \(big) 6", "truncate \(big) 2", "remove \(big)", "remove \(small)", "sync \(directory)",
                ])
            #expect(names(in: directory) == ["kept"])
        }
    }

    /// A file someone is reading (a backup copying a snapshot) is unlinked whole, never cut: the
    /// reader still gets every byte.
    @Test func aFileOpenElsewhereIsUnlinkedWithoutBeingCut() async throws {
        try await withTemporaryDirectory { directory in
            let fileSystem = OperationRecordingFileSystem()
            try fileSystem.createDirectory(directory)
            let content = (0..<10).map { UInt8($0) }
            write(content, to: directory + "/copied")
            write(content, to: directory + "/alone")
            let reader = try #require(FileHandle(forReadingAtPath: directory + "/copied"))
            defer { try? reader.close() }
            #expect(fileSystem.mayBeOpenElsewhere(directory + "/copied"))
            #expect(!fileSystem.mayBeOpenElsewhere(directory + "/alone"))
            try GradualRemoval.remove(["copied", "alone"], in: directory, fileSystem: fileSystem, stepBytes: 4)
            let copied = directory + "/copied" + GradualRemoval.suffix
            let alone = directory + "/alone" + GradualRemoval.suffix
            #expect(!fileSystem.operations.contains { $0.hasPrefix("truncate \(copied)") })
            #expect(fileSystem.operations.contains("truncate \(alone) 6"))
            #expect(fileSystem.operations.contains("remove \(copied)"))
            #expect(names(in: directory).isEmpty)
            #expect(Array(try reader.readToEnd() ?? Data()) == content)
        }
    }

    /// Nobody else has a file open once its last reader has closed it; a file that does not
    /// exist may be open elsewhere as far as anyone can tell.
    @Test func whetherAFileIsOpenElsewhereFollowsItsReaders() async throws {
        try await withTemporaryDirectory { directory in
            let fileSystem = POSIXFileSystem()
            try fileSystem.createDirectory(directory)
            let path = directory + "/file"
            write([1, 2, 3], to: path)
            #expect(!fileSystem.mayBeOpenElsewhere(path))
            let reader = try #require(FileHandle(forReadingAtPath: path))
            #expect(fileSystem.mayBeOpenElsewhere(path))
            try reader.close()
            #expect(!fileSystem.mayBeOpenElsewhere(path))
            #expect(fileSystem.mayBeOpenElsewhere(directory + "/missing"))
        }
    }

    @Test func removingNothingTouchesNothing() async throws {
        let fileSystem = OperationRecordingFileSystem()
        try GradualRemoval.remove([], in: "/nonexistent", fileSystem: fileSystem)
        #expect(fileSystem.operations.isEmpty)
    }

    /// A crash part-way through a removal leaves a cut file under a leftover name: the next
    /// start removes it and reads the snapshot and journal as if the removal had finished.
    @Test func aRemovalCutShortByACrashIsALeftoverTheStartRemoves() async throws {
        try await withTemporaryDirectory { directory in
            let store = try DurableStore<Ledger>(directory: directory, configuration: testConfiguration())
            for index in 1...4 { try await append(store, "\(index)") }
            #expect(try await store.takeSnapshot().sequence == 4)
            try await append(store, "5")
            store.close()
            // What an interrupted removal of an older snapshot and segment would leave behind.
            let cutSnapshot = SnapshotFormat.fileName(sequence: 2) + GradualRemoval.suffix
            let cutSegment = JournalFormat.segmentName(firstSequence: 0) + GradualRemoval.suffix
            write([UInt8](repeating: 0xA5, count: 37), to: directory + "/" + cutSnapshot)
            write(JournalFormat.segmentHeader(firstSequence: 0) + [1, 2, 3], to: directory + "/" + cutSegment)
            let reopened = try DurableStore<Ledger>(directory: directory, configuration: testConfiguration())
            defer { reopened.close() }
            #expect(reopened.read { $0.entries } == (1...5).map(String.init))
            #expect(Set(reopened.recovery.leftovers).isSuperset(of: [cutSnapshot, cutSegment]))
            #expect(!names(in: directory).contains(cutSnapshot))
            #expect(!names(in: directory).contains(cutSegment))
        }
    }

    /// The older snapshot a new one replaces is removed through the leftover name, and no
    /// leftover stays once the snapshot call has returned.
    @Test func aSnapshotRemovesTheOlderOneGradually() async throws {
        try await withTemporaryDirectory { directory in
            let fileSystem = OperationRecordingFileSystem()
            let store = try DurableStore<Ledger>(directory: directory, configuration: testConfiguration(fileSystem))
            defer { store.close() }
            try await append(store, "1")
            #expect(try await store.takeSnapshot().sequence == 1)
            try await append(store, "2")
            #expect(try await store.takeSnapshot().sequence == 2)
            let older = directory + "/" + SnapshotFormat.fileName(sequence: 1)
            #expect(fileSystem.operations.contains("rename \(older) \(older + GradualRemoval.suffix)"))
            #expect(fileSystem.operations.contains("remove \(older + GradualRemoval.suffix)"))
            #expect(!names(in: directory).contains { $0.hasSuffix(".tmp") })
        }
    }
}

/// The real file system, recording the renames, cuts, removals and directory flushes made
/// through it, in order.
final class OperationRecordingFileSystem: StorageFileSystem {
    private let base = POSIXFileSystem()
    private let recorded = Mutex<[String]>([])

    var operations: [String] { recorded.withLock { $0 } }

    private func record(_ operation: String) { recorded.withLock { $0.append(operation) } }

    func createFile(_ path: String) throws(StoreError) -> any StorageFile { try base.createFile(path) }
    func createZeroFilledFile(_ path: String, length: Int, isCancelled: () -> Bool) throws(StoreError) -> any StorageFile {
        try base.createZeroFilledFile(path, length: length, isCancelled: isCancelled)
    }
    func readFile(_ path: String) throws(StoreError) -> [UInt8] { try base.readFile(path) }
    func listDirectory(_ directory: String) throws(StoreError) -> [String] { try base.listDirectory(directory) }
    func fileExists(_ path: String) -> Bool { base.fileExists(path) }
    func fileSize(_ path: String) throws(StoreError) -> Int { try base.fileSize(path) }
    func mayBeOpenElsewhere(_ path: String) -> Bool { base.mayBeOpenElsewhere(path) }
    func createDirectory(_ directory: String) throws(StoreError) { try base.createDirectory(directory) }
    func rename(_ from: String, to: String) throws(StoreError) {
        record("rename \(from) \(to)")
        try base.rename(from, to: to)
    }
    func remove(_ path: String) throws(StoreError) {
        record("remove \(path)")
        try base.remove(path)
    }
    func truncate(_ path: String, to length: Int) throws(StoreError) {
        record("truncate \(path) \(length)")
        try base.truncate(path, to: length)
    }
    func copy(_ from: String, to: String) throws(StoreError) { try base.copy(from, to: to) }
    func syncDirectory(_ directory: String) throws(StoreError) {
        record("sync \(directory)")
        try base.syncDirectory(directory)
    }
    func lockDirectory(_ directory: String) throws(StoreError) -> any StorageLock { try base.lockDirectory(directory) }
}
