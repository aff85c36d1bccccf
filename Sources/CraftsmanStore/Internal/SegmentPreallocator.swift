import Dispatch
import Synchronization

/// Writes the journal's next segment ahead of need, as zeros on a thread of its own, so that the
/// journal's flushes never grow a file (``StoreConfiguration/preallocatedSegmentBytes``).
///
/// One file at a time, named `journal-ahead.tmp` until the journal takes it: a `.tmp` name, so
/// that recovery removes one left by a crash. When none is ready the journal starts an ordinary,
/// growing segment instead and takes the one written ahead at its next batch; a failure here (a
/// full disk) only costs that, and is retried at the next request.
final class SegmentPreallocator: Sendable {
    /// The name of the thread that writes a segment ahead.
    static let threadName = "craftsman-ahead"

    /// A zero-filled file, flushed, open at its first byte.
    struct Ahead: Sendable {
        let file: any StorageFile
        let path: String
    }

    private enum Phase: Sendable {
        case idle
        case writing
        case ready(Ahead)
        case closed
    }

    private let path: String
    private let length: Int
    private let fileSystem: any StorageFileSystem
    private let phase = Mutex(Phase.idle)
    private let writing = DispatchGroup()

    init(directory: String, length: Int, fileSystem: any StorageFileSystem) {
        path = directory + "/journal-ahead.tmp"
        self.length = length
        self.fileSystem = fileSystem
    }

    /// Starts writing the next file ahead, unless one is being written or is ready. Cheap to call
    /// again: the journal asks after every batch once its segment is half full.
    func request() {
        let start = phase.withLock { phase in
            guard case .idle = phase else { return false }
            phase = .writing
            return true
        }
        guard start else { return }
        writing.enter()
        BackgroundWork.start(named: Self.threadName) { [self] in
            defer { writing.leave() }
            if fileSystem.fileExists(path) { try? fileSystem.remove(path) }
            let file = try? fileSystem.createZeroFilledFile(path, length: length) { self.isClosed }
            let unwanted: (any StorageFile)? = phase.withLock { phase in
                guard let file else {
                    if case .writing = phase { phase = .idle }
                    return nil
                }
                guard case .writing = phase else { return file }
                phase = .ready(Ahead(file: file, path: path))
                return nil
            }
            if let unwanted {
                unwanted.close()
                try? fileSystem.remove(path)
            }
        }
    }

    /// The file written ahead, if one is ready; the next is not started until ``request()``.
    func take() -> Ahead? {
        phase.withLock { phase in
            guard case .ready(let ahead) = phase else { return nil }
            phase = .idle
            return ahead
        }
    }

    /// Stops writing ahead, waits for a file being written, and removes one not taken.
    func close() {
        let left: Ahead? = phase.withLock { phase in
            defer { phase = .closed }
            if case .ready(let ahead) = phase { return ahead }
            return nil
        }
        writing.wait()
        if let left {
            left.file.close()
            try? fileSystem.remove(left.path)
        }
    }

    private var isClosed: Bool {
        phase.withLock { phase in
            if case .closed = phase { return true }
            return false
        }
    }
}
