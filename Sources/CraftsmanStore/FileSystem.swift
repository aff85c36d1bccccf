/// The file operations the store needs, behind a protocol so that tests can make any of them
/// fail (a full disk, a failing fsync) without touching a real device.
public protocol StorageFileSystem: Sendable {
    /// Creates `path`, which must not exist, for appending.
    func createFile(_ path: String) throws(StoreError) -> any StorageFile
    /// Creates `path`, which must not exist, as `length` zero bytes written and flushed, and opens
    /// it for writing from its first byte: a preallocated journal segment. Writing over zeros that
    /// are already on the device changes neither the file's size nor its block map, so each later
    /// ``StorageFile/sync()`` flushes data alone; a flush that grows a file also writes its inode,
    /// a second device round trip (on ext4 a `fdatasync` took ~40% less time in a file written
    /// ahead than at the end of a growing one; `fallocate` does not help, as its blocks are marked
    /// unwritten and the first write to them changes the block map).
    ///
    /// `isCancelled` is asked between chunks; once it returns true the file is removed and the
    /// call throws.
    func createZeroFilledFile(_ path: String, length: Int, isCancelled: () -> Bool) throws(StoreError) -> any StorageFile
    /// Reads the whole of `path`.
    func readFile(_ path: String) throws(StoreError) -> [UInt8]
    /// Names of the entries in `directory`, without "." and "..".
    func listDirectory(_ directory: String) throws(StoreError) -> [String]
    /// Whether `path` exists.
    func fileExists(_ path: String) -> Bool
    /// The size of the file `path` in bytes.
    func fileSize(_ path: String) throws(StoreError) -> Int
    /// Whether the file `path` may be open elsewhere (another process copying it, say): false
    /// only when it is known that nobody else has it open; true when it is, or when that cannot be
    /// told. The store then leaves its content alone, as an unlink does.
    func mayBeOpenElsewhere(_ path: String) -> Bool
    /// Creates `directory` and its parents when missing.
    func createDirectory(_ directory: String) throws(StoreError)
    /// Renames `from` to `to` atomically, replacing `to`.
    func rename(_ from: String, to: String) throws(StoreError)
    /// Removes the file `path`.
    func remove(_ path: String) throws(StoreError)
    /// Cuts `path` to `length` bytes and flushes it.
    func truncate(_ path: String, to length: Int) throws(StoreError)
    /// Copies `from` to the new file `to`, flushed.
    func copy(_ from: String, to: String) throws(StoreError)
    /// Flushes `directory` itself, so that created, renamed and removed names survive a crash.
    func syncDirectory(_ directory: String) throws(StoreError)
    /// Takes an exclusive lock on the data directory for the life of the process, or fails when
    /// another process holds it.
    func lockDirectory(_ directory: String) throws(StoreError) -> any StorageLock
}

/// An open file the store writes in order.
public protocol StorageFile: AnyObject, Sendable {
    /// Writes all of `bytes` at the file's position and moves it past them: the end of the file
    /// for one from ``StorageFileSystem/createFile(_:)``, its first byte at first for one from
    /// ``StorageFileSystem/createZeroFilledFile(_:length:isCancelled:)``.
    func write(_ bytes: UnsafeRawBufferPointer) throws(StoreError)
    /// Flushes the file's data to the device (fdatasync).
    func sync() throws(StoreError)
    /// Closes the file.
    func close()
}

/// A held directory lock, released by `release()` or when the process ends.
public protocol StorageLock: AnyObject, Sendable {
    /// Releases the lock.
    func release()
}

extension StorageFile {
    /// Writes all of `bytes` at the file's position.
    public func write(_ bytes: [UInt8]) throws(StoreError) {
        var failure: StoreError?
        bytes.withUnsafeBytes { raw in
            do throws(StoreError) {
                try write(raw)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }
}
