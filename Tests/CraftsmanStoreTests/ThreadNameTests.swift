import Foundation
import Synchronization
import Testing

@testable import CraftsmanStore

/// The store's threads carry kernel names (what `top -H`, `perf` and /proc show), so that an
/// operator can tell the journal's thread from the others; Foundation's `Thread.name` alone
/// leaves them named after the thread that created them.
@Suite struct ThreadNameTests {
    /// The kernel's name of the calling thread.
    static func currentThreadName() -> String {
        let comm = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? ""
        return comm.trimmingCharacters(in: .newlines)
    }

    @Test("acknowledgements run on the thread named craftsman-jrnl")
    func journalThread() async throws {
        try await withTemporaryDirectory { directory in
            let store = try DurableStore<Ledger>(directory: directory, configuration: testConfiguration())
            defer { store.close() }
            let names = Mutex<[String]>([])
            let callers = Mutex<Set<String>>([])
            for index in 0..<5 {
                await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                    callers.withLock { _ = $0.insert(Self.currentThreadName()) }
                    do {
                        _ = try store.write(
                            { ledger in ("entry \(index)", ledger.entries.count) },
                            whenAcknowledged: { _ in
                                names.withLock { $0.append(Self.currentThreadName()) }
                                done.resume()
                            })
                    } catch {
                        Issue.record("the write failed: \(error)")
                        done.resume()
                    }
                }
            }
            let seen = names.withLock { $0 }
            #expect(seen.contains(JournalWriter.threadName), "acknowledged on \(seen)")
            // An acknowledgement that is due already runs on the writer's own thread instead.
            let writers = callers.withLock { $0 }
            #expect(seen.allSatisfy { $0 == JournalWriter.threadName || writers.contains($0) }, "acknowledged on \(seen)")
        }
    }

    @Test("background work runs on a thread named craftsman-bg, or as asked")
    func backgroundThreads() async throws {
        #expect(try await BackgroundWork.run { Self.currentThreadName() } == "craftsman-bg")
        let named = await withCheckedContinuation { (done: CheckedContinuation<String, Never>) in
            BackgroundWork.start(named: SegmentPreallocator.threadName) { done.resume(returning: Self.currentThreadName()) }
        }
        #expect(named == "craftsman-ahead")
    }
}
