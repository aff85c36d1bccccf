import Dispatch
import Foundation
import Glibc

/// Background work that must not slow calls down: snapshots. It runs on threads of its own at
/// nice 10, so that when calls need the CPU the scheduler gives it to them first (about ten times
/// the share), and when the machine is idle the work still uses every core.
///
/// Threads of their own, created per use, because on Linux a thread's nice value can be raised
/// but, without privileges, not lowered again: a shared pool thread would stay slow forever.
public enum LowPriorityWork {
    /// The nice value of the threads.
    public static let niceness: Int32 = 10

    /// Runs `work` on a new low-priority thread and returns its result.
    public static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withUnsafeThrowingContinuation { continuation in
            start { continuation.resume(with: Result { try work() }) }
        }
    }

    /// Calls `body` with 0..<iterations, each on a new low-priority thread, and returns when all
    /// have finished.
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

    /// The results of `iterations` parts computed by `body` on low-priority threads, in order;
    /// the first part's error is thrown.
    public static func map<T: Sendable>(parts iterations: Int, _ body: @escaping @Sendable (Int) throws -> T) throws -> [T] {
        let results = PartResults<T>(count: iterations)
        concurrentPerform(iterations: iterations) { part in results.set(part, Result { try body(part) }) }
        return try results.all()
    }

    private static func start(_ body: @escaping @Sendable () -> Void) {
        let thread = Thread {
            // PRIO_PROCESS with who 0 sets the calling thread's nice value on Linux.
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
            body()
        }
        thread.name = "craftsman.background"
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
