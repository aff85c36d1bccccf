import Synchronization

/// The real file system, counting flushes and failing them (or writes) on demand: the seam that
/// tests use to prove that a failed flush is never acknowledged. Not for production use.
public final class FaultInjectingFileSystem: StorageFileSystem {
    /// A pass-through file system with nothing failing.
    public init() {}

    struct Counters {
        var syncs = 0
        var failSyncs = false
        var failWrites = false
        var failZeroFilledFiles = false
    }

    let base = POSIXFileSystem()
    let counters = Mutex(Counters())

    /// File flushes so far.
    public var syncCount: Int { counters.withLock { $0.syncs } }

    /// Makes every flush fail (true) or pass through (false) from now on.
    public func failSyncs(_ fail: Bool) { counters.withLock { $0.failSyncs = fail } }
    /// Makes every file write fail (true) or pass through (false) from now on.
    public func failWrites(_ fail: Bool) { counters.withLock { $0.failWrites = fail } }
    /// Makes creating zero-filled files (preallocated journal segments) fail, as on a full disk.
    public func failZeroFilledFiles(_ fail: Bool) { counters.withLock { $0.failZeroFilledFiles = fail } }

    public func createFile(_ path: String) throws(StoreError) -> any StorageFile {
        FaultInjectingFile(base: try base.createFile(path), fileSystem: self)
    }
    public func createZeroFilledFile(_ path: String, length: Int, isCancelled: () -> Bool) throws(StoreError) -> any StorageFile {
        if counters.withLock({ $0.failZeroFilledFiles }) {
            throw StoreError(.io, "injected: cannot write \(path) ahead: No space left on device", errno: 28)
        }
        let file = try base.createZeroFilledFile(path, length: length, isCancelled: isCancelled)
        return FaultInjectingFile(base: file, fileSystem: self)
    }
    public func readFile(_ path: String) throws(StoreError) -> [UInt8] { try base.readFile(path) }
    public func listDirectory(_ directory: String) throws(StoreError) -> [String] { try base.listDirectory(directory) }
    public func fileExists(_ path: String) -> Bool { base.fileExists(path) }
    public func fileSize(_ path: String) throws(StoreError) -> Int { try base.fileSize(path) }
    public func mayBeOpenElsewhere(_ path: String) -> Bool { base.mayBeOpenElsewhere(path) }
    public func createDirectory(_ directory: String) throws(StoreError) { try base.createDirectory(directory) }
    public func rename(_ from: String, to: String) throws(StoreError) { try base.rename(from, to: to) }
    public func remove(_ path: String) throws(StoreError) { try base.remove(path) }
    public func truncate(_ path: String, to length: Int) throws(StoreError) { try base.truncate(path, to: length) }
    public func copy(_ from: String, to: String) throws(StoreError) { try base.copy(from, to: to) }
    public func syncDirectory(_ directory: String) throws(StoreError) { try base.syncDirectory(directory) }
    public func lockDirectory(_ directory: String) throws(StoreError) -> any StorageLock { try base.lockDirectory(directory) }
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
