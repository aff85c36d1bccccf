import CraftsmanRPC
import Dispatch

#if canImport(Glibc)
    import Glibc
#endif

/// One accepted socket: reads feed a ``ServerConnection``; its replies are written without
/// blocking, the rest buffered until the socket is writable again.
///
/// Confined to `queue`, which is also the ``ServerConnection``'s queue. A ``SocketEventLoop``
/// watches the socket and enters the queue to read or write when it is ready.
final class SocketConnection: ConnectionTransport, @unchecked Sendable {
    /// Stop reading from a peer that does not read its replies once this much is waiting to be written.
    private static let pendingHighWater = 8 << 20

    private let descriptor: Int32
    private let queue: DispatchQueue
    private let loop: SocketEventLoop
    let peerDescription: String
    private var connection: ServerConnection?
    /// The loop's name for this socket, once registered.
    private var token: UInt64?
    private var readSuspended = false
    private var writeActive = false
    private var pending: [UInt8] = []
    private var pendingOffset = 0
    private var closing = false
    private var closed = false

    init(descriptor: Int32, queue: DispatchQueue, loop: SocketEventLoop, peer: String) {
        self.descriptor = descriptor
        self.queue = queue
        self.loop = loop
        peerDescription = peer
    }

    /// Connects the socket to its protocol handler and starts reading.
    func attach(_ connection: ServerConnection) {
        queue.async { [self] in
            guard !closed else { return }
            self.connection = connection
            token = loop.register(self, descriptor: descriptor)
            updateInterest()
        }
    }

    /// The loop saw the socket ready (on the loop's thread): read and write on the connection's queue.
    func handleReadiness(readable: Bool, writable: Bool, buffer: UnsafeMutableRawBufferPointer) {
        queue.sync {
            if writable { writePending() }
            if readable { readAvailable(buffer) }
        }
    }

    func perform(_ body: @escaping @Sendable () -> Void) -> Bool {
        loop.post { [self] in queue.sync(execute: body) }
        return true
    }

    private func readAvailable(_ buffer: UnsafeMutableRawBufferPointer) {
        guard !closed, !readSuspended else { return }
        // Drain what is there, a bounded number of times so one busy peer cannot starve others.
        for _ in 0..<16 {
            let count = read(descriptor, buffer.baseAddress, buffer.count)
            if count > 0 {
                connection?.receive(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
                if closed || readSuspended || count < buffer.count { return }
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

    /// Tells the loop what to watch: reads unless suspended, writes while replies wait.
    private func updateInterest() {
        guard let token, !closed else { return }
        loop.watch(token, descriptor: descriptor, reads: !readSuspended, writes: writeActive)
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
        var changed = false
        if !writeActive {
            writeActive = true
            changed = true
        }
        if pending.count - pendingOffset > Self.pendingHighWater, !readSuspended {
            readSuspended = true
            changed = true
        }
        if changed { updateInterest() }
    }

    private func writePending() {
        guard !closed, writeActive else { return }
        let written = pending.withUnsafeBytes { writeSome(UnsafeRawBufferPointer(rebasing: $0[pendingOffset...])) }
        guard written >= 0 else { return }
        pendingOffset += written
        if pendingOffset == pending.count {
            pending.removeAll(keepingCapacity: false)
            pendingOffset = 0
            writeActive = false
            readSuspended = false
            updateInterest()
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
        // The loop forgets the socket before its descriptor number can be reused.
        if let token { loop.deregister(token, descriptor: descriptor) }
        token = nil
        Glibc.close(descriptor)
    }
}
