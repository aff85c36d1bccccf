internal import CCraftsmanLinux
import Dispatch
import Foundation
import Glibc

/// Background work that must not hold up calls: writing snapshots. It runs on threads of its own
/// (never on Swift concurrency's few threads, nor on Dispatch's, which serve the connections),
/// and long loops in it call ``yield()`` so that a connection's thread woken meanwhile gets a core
/// within about a millisecond.
///
/// Not a lower nice value: tried and measured here (benchmarks/persistence), nice-10 snapshot
/// threads made the longest read call 376 ms instead of 36 ms. The likely cause is priority
/// inversion: they take locks that call threads also need (glibc's malloc arenas are shared
/// between threads), and while one holds such a lock the scheduler keeps it off the CPU.
public enum BackgroundWork {
    /// The scheduler slice of background threads (Linux 6.12 and later), in nanoseconds. With the
    /// default slice (1.4 ms on this 2-core machine), a call's thread woken while a snapshot's
    /// encoders held both cores could wait for an encoder's slice to end; writes stalled 3–5.7 ms
    /// in a snapshot's first 100 ms (`craftload --slow-ms`). With 0.3 ms, the longest write
    /// stall during a snapshot was 4.7–7.2 ms in 6 runs against 4.9–12.3 ms in 6 alternated runs
    /// without, and the number of stalls over 3 ms did not change (docs/PERFORMANCE.md). The call
    /// threads keep the default: a shorter slice for the journal's thread made its batches smaller
    /// and writes slower.
    static var sliceNanoseconds: UInt64 { 300_000 }

    /// Gives up the core if another thread is waiting for it: call every millisecond or so of work.
    public static func yield() {
        _ = sched_yield()
    }

    /// Runs `work` on a new thread and returns its result.
    public static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withUnsafeThrowingContinuation { continuation in
            start { continuation.resume(with: Result { try work() }) }
        }
    }

    /// Calls `body` with 0..<iterations, each on a new thread, and returns when all have finished.
    public static func concurrentPerform(iterations: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let group = DispatchGroup()
        for iteration in 0..<iterations {
            group.enter()
            start {
                body(iteration)
                group.leave()
            }
        }
        group.wait()
    }

    /// The results of `iterations` parts computed by `body` on threads of their own, in order;
    /// the first part's error is thrown.
    public static func map<T: Sendable>(parts iterations: Int, _ body: @escaping @Sendable (Int) throws -> T) throws -> [T] {
        let results = PartResults<T>(count: iterations)
        concurrentPerform(iterations: iterations) { part in results.set(part, Result { try body(part) }) }
        return try results.all()
    }

    /// Runs `body` on a new thread named `name` (at most 15 bytes: the kernel's limit).
    static func start(named name: String = "craftsman-bg", _ body: @escaping @Sendable () -> Void) {
        let thread = Thread {
            // The kernel's name is what `top -H`, `perf` and /proc show; Foundation's `name`
            // does not set it, and the thread would keep its creator's.
            craftsman_set_thread_name(name)
            _ = craftsman_set_time_slice(BackgroundWork.sliceNanoseconds)
            body()
        }
        thread.name = name
        thread.start()
    }
}

/// Results of parts computed on other threads.
final class PartResults<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<T, any Error>?]

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func set(_ part: Int, _ result: Result<T, any Error>) {
        lock.lock()
        results[part] = result
        lock.unlock()
    }

    func all() throws -> [T] {
        lock.lock()
        defer { lock.unlock() }
        return try results.map { try $0!.get() }
    }
}
