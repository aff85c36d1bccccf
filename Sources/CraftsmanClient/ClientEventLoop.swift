internal import CCraftsmanLinux
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The I/O thread of an ``RPCClient``: it polls the client's connections, decodes what arrives,
/// and — being a `TaskExecutor` — can also run the tasks that make the calls.
///
/// Tasks that prefer this executor (`withTaskExecutorPreference(client.executor)`) resume on this
/// thread right after their response is decoded and queue their next request here, which is then
/// written together with the others of the same round: no thread hop per call and one system
/// call per batch. Tasks elsewhere work the same way, with one hop each.
final class ClientEventLoop: TaskExecutor, @unchecked Sendable {
    /// A self-pipe: writing a byte to `wakeWriter` interrupts the loop's poll.
    private let wakeReader: Int32
    private let wakeWriter: Int32
    private let jobs = Mutex<[UnownedJob]>([])
    /// Closures to run on the loop's thread (completions of calls that end elsewhere), and
    /// whether the thread has ended, after which they run where they are queued.
    private let work = Mutex<(bodies: [@Sendable () -> Void], ended: Bool)>(([], false))
    private let arriving = Mutex<[ClientConnection]>([])
    private let stopping = Atomic<Bool>(false)
    private let threadIdentity = Atomic<UInt>(0)
    /// Loop-thread state.
    private var connections: [ClientConnection] = []
    /// Set on the loop thread when a job queued output: flushed once after the round of jobs.
    var needsFlush = false

    static let threadName = "craftsman-cl-io"

    init() {
        var ends: [Int32] = [0, 0]
        _ = pipe(&ends)
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        wakeReader = ends[0]
        wakeWriter = ends[1]
        let thread = Thread { [self] in
            // The kernel's name (what `top -H` and profilers show), at most 15 bytes; a thread
            // otherwise keeps the name of the thread that created it.
            craftsman_set_thread_name(Self.threadName)
            run()
        }
        thread.name = Self.threadName
        thread.start()
    }

    /// Whether the caller runs on this loop's thread.
    var isCurrentThread: Bool {
        threadIdentity.load(ordering: .relaxed) == UInt(pthread_self())
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        jobs.withLock { $0.append(job) }
        if !isCurrentThread { wake() }
    }

    /// Runs `body` on the loop's thread, with the next round of jobs; at once on the caller's
    /// thread once the loop has ended, so that no completion is ever dropped.
    func execute(_ body: @escaping @Sendable () -> Void) {
        let queued = work.withLock { work in
            if work.ended { return false }
            work.bodies.append(body)
            return true
        }
        if !queued {
            body()
        } else if !isCurrentThread {
            wake()
        }
    }

    /// Starts polling `connection`.
    func attach(_ connection: ClientConnection) {
        arriving.withLock { $0.append(connection) }
        wake()
    }

    /// Interrupts a poll so the loop looks at its queues again.
    func wake() {
        var one: UInt8 = 1
        _ = write(wakeWriter, &one, 1)
    }

    /// Ends the thread after closing every connection.
    func stop() {
        stopping.store(true, ordering: .relaxed)
        wake()
    }

    private func run() {
        threadIdentity.store(UInt(pthread_self()), ordering: .relaxed)
        defer {
            close(wakeReader)
            close(wakeWriter)
        }
        var descriptors: [pollfd] = []
        while !stopping.load(ordering: .relaxed) {
            connections += arriving.withLock { arriving in
                defer { arriving = [] }
                return arriving
            }
            let pending = runJobs()
            if needsFlush {
                needsFlush = false
                for connection in connections { connection.flushQueued() }
            }
            descriptors.removeAll(keepingCapacity: true)
            descriptors.append(pollfd(fd: wakeReader, events: Int16(POLLIN), revents: 0))
            for connection in connections {
                let events = POLLIN | (connection.hasPendingOutput ? POLLOUT : 0)
                descriptors.append(pollfd(fd: connection.descriptor, events: Int16(events), revents: 0))
            }
            let ready = poll(&descriptors, nfds_t(descriptors.count), pending ? 0 : -1)
            guard ready > 0 else { continue }
            if descriptors[0].revents != 0 {
                var drain = [UInt8](repeating: 0, count: 256)
                _ = read(wakeReader, &drain, drain.count)
            }
            var closed: [Int] = []
            for (index, connection) in connections.enumerated() {
                let revents = Int32(descriptors[index + 1].revents)
                if revents & (POLLIN | POLLHUP | POLLERR) != 0 {
                    if !connection.readAvailable() {
                        closed.append(index)
                        continue
                    }
                }
                if revents & POLLOUT != 0 { connection.flushQueued() }
            }
            for index in closed.reversed() {
                connections.remove(at: index).closeDescriptor()
            }
        }
        for connection in connections { connection.closeDescriptor() }
        let remaining = work.withLock { work in
            work.ended = true
            defer { work.bodies = [] }
            return work.bodies
        }
        for body in remaining { body() }
    }

    /// Runs the jobs and closures queued so far; true when more arrived meanwhile.
    private func runJobs() -> Bool {
        let batch = jobs.withLock { jobs in
            defer { jobs.removeAll(keepingCapacity: true) }
            return jobs
        }
        for job in batch {
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
        let bodies = work.withLock { work in
            defer { work.bodies.removeAll(keepingCapacity: true) }
            return work.bodies
        }
        for body in bodies { body() }
        return jobs.withLock { !$0.isEmpty } || work.withLock { !$0.bodies.isEmpty }
    }
}
