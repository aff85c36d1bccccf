import CraftsmanRPC
import Dispatch

#if canImport(Glibc)
    import Glibc
#endif

/// One accepted socket: reads feed a ``ServerConnection``; its replies are written without
/// blocking, the rest buffered until the socket is writable again.
///
/// Confined to `queue`, which is also the ``ServerConnection``'s queue.
final class SocketConnection: ConnectionTransport, @unchecked Sendable {
    /// Stop reading from a peer that does not read its replies once this much is waiting to be written.
    private static let pendingHighWater = 8 << 20
    /// Read at most this much per system call.
    private static let readChunk = 64 << 10

    private let descriptor: Int32
    private let queue: DispatchQueue
    let peerDescription: String
    private var connection: ServerConnection?
    private var readSource: DispatchSourceRead?
    private var writeSource: DispatchSourceWrite?
    private var readSuspended = false
    private var readStarted = false
    private var writeActive = false
    private var pending: [UInt8] = []
    private var pendingOffset = 0
    private var closing = false
    private var closed = false

    init(descriptor: Int32, queue: DispatchQueue, peer: String) {
        self.descriptor = descriptor
        self.queue = queue
        peerDescription = peer
    }

    /// Connects the socket to its protocol handler and starts reading.
    func attach(_ connection: ServerConnection) {
        queue.async { [self] in
            self.connection = connection
            let reads = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: queue)
            reads.setEventHandler { [weak self] in self?.readAvailable() }
            readSource = reads
            let writes = DispatchSource.makeWriteSource(fileDescriptor: descriptor, queue: queue)
            writes.setEventHandler { [weak self] in self?.writePending() }
            writeSource = writes
            if !closed {
                reads.resume()
                readStarted = true
            }
        }
    }

    private func readAvailable() {
        guard !closed else { return }
        withUnsafeTemporaryAllocation(byteCount: Self.readChunk, alignment: 16) { buffer in
            // Drain what is there, a bounded number of times so one busy peer cannot starve others.
            for _ in 0..<16 {
                let count = read(descriptor, buffer.baseAddress, Self.readChunk)
                if count > 0 {
                    connection?.receive(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
                    if closed || count < Self.readChunk { return }
                } else if count == 0 {
                    peerClosed()
                    return
                } else {
                    if errno == EINTR { continue }
                    if errno != EAGAIN && errno != EWOULDBLOCK { peerClosed() }
                    return
                }
            }
        }
    }

    func send(_ bytes: [UInt8]) {
        dispatchPrecondition(condition: .onQueue(queue))
        guard !closed, !bytes.isEmpty else { return }
        if pending.isEmpty {
            let written = bytes.withUnsafeBytes { writeSome($0) }
            guard written >= 0 else { return }
            if written == bytes.count { return }
            pending = Array(bytes[written...])
            pendingOffset = 0
        } else {
            pending.append(contentsOf: bytes)
        }
        armWrites()
    }

    /// Writes what it can without blocking: the number of bytes written, or -1 after closing on an error.
    private func writeSome(_ bytes: UnsafeRawBufferPointer) -> Int {
        var offset = 0
        while offset < bytes.count {
            // send with MSG_NOSIGNAL: a peer that hung up must give EPIPE, not kill the process with SIGPIPE.
            let count = Glibc.send(descriptor, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            if count > 0 {
                offset += count
            } else if count < 0 && errno == EINTR {
                continue
            } else if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                break
            } else {
                peerClosed()
                return -1
            }
        }
        return offset
    }

    private func armWrites() {
        if !writeActive {
            writeActive = true
            writeSource?.resume()
        }
        if pending.count - pendingOffset > Self.pendingHighWater, !readSuspended {
            readSuspended = true
            readSource?.suspend()
        }
    }

    private func writePending() {
        guard !closed else { return }
        let written = pending.withUnsafeBytes { writeSome(UnsafeRawBufferPointer(rebasing: $0[pendingOffset...])) }
        guard written >= 0 else { return }
        pendingOffset += written
        if pendingOffset == pending.count {
            pending.removeAll(keepingCapacity: false)
            pendingOffset = 0
            if writeActive {
                writeActive = false
                writeSource?.suspend()
            }
            if readSuspended {
                readSuspended = false
                readSource?.resume()
            }
            if closing { finalClose() }
        } else if pendingOffset > 1 << 20 {
            pending.removeFirst(pendingOffset)
            pendingOffset = 0
        }
    }

    func close() {
        queue.async { [self] in
            guard !closed else { return }
            closing = true
            if pending.isEmpty { finalClose() }
        }
    }

    private func peerClosed() {
        guard !closed else { return }
        let connection = connection
        finalClose()
        connection?.transportClosed()
    }

    private func finalClose() {
        guard !closed else { return }
        closed = true
        pending = []
        connection = nil  // breaks the reference cycle with the ServerConnection
        let descriptor = descriptor
        let sources: [DispatchSourceProtocol] = [readSource, writeSource].compactMap { $0 }
        guard !sources.isEmpty else {
            Glibc.close(descriptor)
            return
        }
        // Close the descriptor only after every source is cancelled; a suspended or never-started
        // source must be resumed first for its cancellation to complete.
        let group = DispatchGroup()
        for source in sources {
            group.enter()
            source.setCancelHandler { group.leave() }
        }
        if let readSource {
            if readSuspended || !readStarted { readSource.resume() }
            readSource.cancel()
        }
        if let writeSource {
            if !writeActive { writeSource.resume() }
            writeSource.cancel()
        }
        readSource = nil
        writeSource = nil
        group.notify(queue: queue) { Glibc.close(descriptor) }
    }
}
