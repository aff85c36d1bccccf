internal import CCraftsmanLinux
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// One thread that waits on an epoll set and runs the reads and writes of its sockets itself.
///
/// Dispatch on Linux watches descriptors from a manager thread and runs each handler on a worker
/// thread, so every batch of requests cost a cross-thread wake-up before it was even read. Here
/// the thread that learns a socket is readable reads it and runs the connection's protocol state
/// machine inline (entering the connection's serial queue with `sync`, which runs on the calling
/// thread when the queue is idle): one wake-up per batch, none between threads. Timers and
/// handler tasks keep using the connection's queue, which still serialises everything.
final class SocketEventLoop: @unchecked Sendable {
    /// Bytes read per system call; one buffer per loop, so idle connections hold none.
    static let readChunk = 64 << 10
    private static let wakeToken: UInt64 = 0

    private let epoll: Int32
    private let wakeup: Int32
    /// Registered sockets by token; tokens are never reused, so an event for a socket that was
    /// closed meanwhile (its descriptor perhaps already reused) finds nothing.
    private let registered = Mutex<[UInt64: SocketConnection]>([:])
    private let nextToken = Atomic<UInt64>(1)
    private let stopping = Atomic<Bool>(false)
    /// Work posted from other threads, run by the loop's thread after its next wake-up.
    private let posted = Mutex<[@Sendable () -> Void]>([])
    /// Loop-thread state: the buffer reads go into.
    private let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: readChunk, alignment: 16)

    /// Starts the loop's thread.
    init(name: String) {
        epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        precondition(epoll >= 0, "epoll_create1: \(String(cString: strerror(errno)))")
        wakeup = eventfd(0, Int32(EFD_CLOEXEC | EFD_NONBLOCK))
        precondition(wakeup >= 0, "eventfd: \(String(cString: strerror(errno)))")
        var event = epoll_event(events: EPOLLIN.rawValue, data: epoll_data_t(u64: Self.wakeToken))
        _ = epoll_ctl(epoll, EPOLL_CTL_ADD, wakeup, &event)
        Self.startThread { [self] in
            craftsman_set_thread_name(String(name.prefix(15)))
            run()
        }
    }

    deinit {
        // Closed only when no connection can use the loop any more, so that a late
        // `deregister` never reaches a reused descriptor number.
        readBuffer.deallocate()
        Glibc.close(wakeup)
        Glibc.close(epoll)
    }

    /// Starts watching `connection`'s socket for reads; returns the token that names it here.
    func register(_ connection: SocketConnection, descriptor: Int32) -> UInt64 {
        let token = nextToken.add(1, ordering: .relaxed).oldValue
        registered.withLock { $0[token] = connection }
        var event = epoll_event(events: EPOLLIN.rawValue, data: epoll_data_t(u64: token))
        _ = epoll_ctl(epoll, EPOLL_CTL_ADD, descriptor, &event)
        return token
    }

    /// Changes what is watched on a registered socket.
    func watch(_ token: UInt64, descriptor: Int32, reads: Bool, writes: Bool) {
        var events: UInt32 = 0
        if reads { events |= EPOLLIN.rawValue }
        if writes { events |= EPOLLOUT.rawValue }
        var event = epoll_event(events: events, data: epoll_data_t(u64: token))
        _ = epoll_ctl(epoll, EPOLL_CTL_MOD, descriptor, &event)
    }

    /// Stops watching a socket; call before closing its descriptor.
    func deregister(_ token: UInt64, descriptor: Int32) {
        _ = epoll_ctl(epoll, EPOLL_CTL_DEL, descriptor, nil)
        let empty = registered.withLock { registered in
            registered.removeValue(forKey: token)
            return registered.isEmpty
        }
        if empty && stopping.load(ordering: .relaxed) { wake() }
    }

    /// Ends the thread once the sockets still registered are closed (they may still be writing
    /// their last replies).
    func stop() {
        stopping.store(true, ordering: .relaxed)
        wake()
    }

    /// Runs `body` on the loop's thread soon; from any thread. The eventfd is written only when
    /// nothing was posted yet: one wake-up carries everything posted until the loop takes it.
    func post(_ body: @escaping @Sendable () -> Void) {
        let first = posted.withLock { posted in
            posted.append(body)
            return posted.count == 1
        }
        if first { wake() }
    }

    private func wake() {
        var one: UInt64 = 1
        _ = write(wakeup, &one, MemoryLayout<UInt64>.size)
    }

    private func run() {
        let capacity = 64
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: capacity)
        defer { events.deallocate() }
        while true {
            let count = epoll_wait(epoll, events, Int32(capacity), -1)
            if count < 0 {
                if errno == EINTR { continue }
                preconditionFailure("epoll_wait: \(String(cString: strerror(errno)))")
            }
            for index in 0..<Int(count) {
                let event = events[index]
                let token = event.data.u64
                if token == Self.wakeToken {
                    var value: UInt64 = 0
                    _ = read(wakeup, &value, MemoryLayout<UInt64>.size)
                    let work = posted.withLock { posted in
                        defer { posted.removeAll(keepingCapacity: true) }
                        return posted
                    }
                    for body in work { body() }
                    if stopping.load(ordering: .relaxed) && registered.withLock({ $0.isEmpty }) { return }
                    continue
                }
                guard let connection = registered.withLock({ $0[token] }) else { continue }
                let flags = event.events
                let readable = flags & (EPOLLIN.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0
                let writable = flags & EPOLLOUT.rawValue != 0
                connection.handleReadiness(readable: readable, writable: writable, buffer: readBuffer)
            }
        }
    }

    private final class ThreadBody {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    private static func startThread(_ body: @escaping () -> Void) {
        let context = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(
            &thread, nil,
            { context in
                let body = Unmanaged<ThreadBody>.fromOpaque(context!).takeRetainedValue()
                body.body()
                return nil
            }, context)
        precondition(status == 0, "pthread_create: \(String(cString: strerror(status)))")
        pthread_detach(thread)
    }
}
