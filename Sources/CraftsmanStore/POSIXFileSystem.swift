internal import CCraftsmanLinux
import Glibc

/// The real file system, through POSIX calls: what the server uses.
public struct POSIXFileSystem: StorageFileSystem {
    public init() {}

    public func createFile(_ path: String) throws(StoreError) -> any StorageFile {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Self.failure("cannot create \(path)") }
        return POSIXFile(fd: fd, path: path)
    }

    public func createZeroFilledFile(_ path: String, length: Int, isCancelled: () -> Bool) throws(StoreError) -> any StorageFile {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Self.failure("cannot create \(path)") }
        let file = POSIXFile(fd: fd, path: path)
        do throws(StoreError) {
            // A megabyte at a time, each flushed, with a pause: the journal's flushes, which share
            // the device, then wait behind one megabyte, not behind all of it (measured here: one
            // flush at the end made a concurrent journal flush wait up to 41 ms; per megabyte,
            // up to 15 ms, about the device's own worst case, and 64 MiB took 0.2 s).
            let chunk = [UInt8](repeating: 0, count: 1 << 20)
            var left = length
            while left > 0 {
                guard !isCancelled() else { throw StoreError(.io, "writing \(path) ahead was cancelled") }
                try file.write(left >= chunk.count ? chunk : Array(chunk.prefix(left)))
                try file.sync()
                left -= min(left, chunk.count)
                if left > 0 { usleep(1000) }
            }
            // fsync, not fdatasync: the new size and block map are what the later flushes rely on.
            guard fsync(fd) == 0 else { throw Self.failure("cannot flush \(path)") }
            guard lseek(fd, 0, SEEK_SET) == 0 else { throw Self.failure("cannot seek to the start of \(path)") }
        } catch {
            file.close()
            _ = unlink(path)
            throw error
        }
        return file
    }

    public func readFile(_ path: String) throws(StoreError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Self.failure("cannot open \(path)") }
        defer { _ = Glibc.close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Self.failure("cannot stat \(path)") }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var filled = 0
        while filled < bytes.count {
            let count = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Self.failure("cannot read \(path) at offset \(filled)")
            }
            if count == 0 { break }
            filled += count
        }
        if filled < bytes.count { bytes.removeLast(bytes.count - filled) }
        return bytes
    }

    public func listDirectory(_ directory: String) throws(StoreError) -> [String] {
        guard let handle = opendir(directory) else { throw Self.failure("cannot list \(directory)") }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    public func fileExists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    public func fileSize(_ path: String) throws(StoreError) -> Int {
        var info = stat()
        guard stat(path, &info) == 0 else { throw Self.failure("cannot stat \(path)") }
        return Int(info.st_size)
    }

    /// Asks for a write lease, which Linux grants only when no other open file description of
    /// the file exists, and gives it back at once.
    public func mayBeOpenElsewhere(_ path: String) -> Bool {
        craftsman_file_is_open_elsewhere(path) != 0
    }

    public func createDirectory(_ directory: String) throws(StoreError) {
        var prefix = directory.hasPrefix("/") ? "/" : ""
        for component in directory.split(separator: "/") {
            prefix += component + "/"
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw Self.failure("cannot create the directory \(prefix)")
            }
        }
    }

    public func rename(_ from: String, to: String) throws(StoreError) {
        guard Glibc.rename(from, to) == 0 else { throw Self.failure("cannot rename \(from) to \(to)") }
    }

    public func remove(_ path: String) throws(StoreError) {
        guard unlink(path) == 0 else { throw Self.failure("cannot remove \(path)") }
    }

    public func truncate(_ path: String, to length: Int) throws(StoreError) {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Self.failure("cannot open \(path)") }
        defer { _ = Glibc.close(fd) }
        guard ftruncate(fd, off_t(length)) == 0 else { throw Self.failure("cannot cut \(path) to \(length) bytes") }
        guard fsync(fd) == 0 else { throw Self.failure("cannot flush \(path)") }
    }

    public func copy(_ from: String, to: String) throws(StoreError) {
        let bytes = try readFile(from)
        let file = try createFile(to)
        defer { file.close() }
        try file.write(bytes)
        try file.sync()
    }

    public func syncDirectory(_ directory: String) throws(StoreError) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw Self.failure("cannot open the directory \(directory)") }
        defer { _ = Glibc.close(fd) }
        guard fsync(fd) == 0 else { throw Self.failure("cannot flush the directory \(directory)") }
    }

    public func lockDirectory(_ directory: String) throws(StoreError) -> any StorageLock {
        let path = directory + "/LOCK"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Self.failure("cannot open \(path)") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            _ = Glibc.close(fd)
            if code == EWOULDBLOCK {
                throw StoreError(.locked, "the data directory \(directory) is in use by another process (\(path) is locked)")
            }
            throw StoreError(.io, "cannot lock \(path): \(String(cString: strerror(code)))", errno: code)
        }
        return POSIXLock(fd: fd)
    }

    /// An `io` error for the last failed call, with the system's wording.
    static func failure(_ what: String) -> StoreError {
        let code = errno
        return StoreError(.io, "\(what): \(String(cString: strerror(code)))", errno: code)
    }
}

/// A file opened for writing in order (appending, or over zeros written ahead); the descriptor is
/// owned by this object.
final class POSIXFile: StorageFile, @unchecked Sendable {
    // Used by one thread at a time: the journal's flusher, or the snapshot writer that created it.
    private var fd: Int32
    private let path: String

    init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    deinit { close() }

    func write(_ bytes: UnsafeRawBufferPointer) throws(StoreError) {
        var offset = 0
        while offset < bytes.count {
            let count = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                throw POSIXFileSystem.failure("cannot write to \(path)")
            }
            offset += count
        }
    }

    func sync() throws(StoreError) {
        while fdatasync(fd) != 0 {
            if errno == EINTR { continue }
            throw POSIXFileSystem.failure("cannot flush \(path)")
        }
    }

    func close() {
        if fd >= 0 {
            _ = Glibc.close(fd)
            fd = -1
        }
    }
}

/// A held `flock` on the data directory's LOCK file.
final class POSIXLock: StorageLock, @unchecked Sendable {
    /// The locked descriptor; -1 once released.
    private(set) var fd: Int32

    init(fd: Int32) { self.fd = fd }

    deinit { release() }

    /// Unlocks, then closes. Closing alone would not do: a child that another thread has just
    /// forked (`Process`, `posix_spawn`) holds a copy of every descriptor, close-on-exec ones
    /// included, until it execs, and the lock belongs to the open file, so it would outlive our
    /// close until then. CI once refused a store reopened in the same process, under load, for
    /// that reason; `LOCK_UN` releases the lock for every copy.
    func release() {
        if fd >= 0 {
            _ = flock(fd, LOCK_UN)
            _ = Glibc.close(fd)
            fd = -1
        }
    }
}
