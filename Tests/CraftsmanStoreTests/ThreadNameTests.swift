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

/// Background threads (snapshot encoding and writing, segments written ahead, file removal) run
/// in short scheduler slices where the kernel has per-task slices (Linux 6.12 and later), so that
/// a call's thread woken meanwhile gets a core sooner; the calling thread keeps its own.
@Suite struct BackgroundSliceTests {
    /// The calling thread's EEVDF slice in nanoseconds, from /proc (nil on kernels without one).
    static func currentSlice() -> UInt64? {
        let sched = (try? String(contentsOfFile: "/proc/thread-self/sched", encoding: .utf8)) ?? ""
        guard let line = sched.split(separator: "\n").first(where: { $0.hasPrefix("se.slice") }) else { return nil }
        return line.split(separator: ":").last.flatMap { UInt64($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// Whether this kernel lets a SCHED_OTHER thread choose its slice (6.12 and later).
    static var kernelHasPerTaskSlices: Bool {
        let release = ((try? String(contentsOfFile: "/proc/sys/kernel/osrelease", encoding: .utf8)) ?? "")
        let parts = release.split(whereSeparator: { !$0.isNumber }).prefix(2).compactMap { Int($0) }
        guard parts.count == 2 else { return false }
        return parts[0] > 6 || (parts[0] == 6 && parts[1] >= 12)
    }

    @Test func backgroundThreadsRunInShortSlices() async throws {
        let background = try await BackgroundWork.run { Self.currentSlice() }
        let caller = Self.currentSlice()
        guard Self.kernelHasPerTaskSlices, let background, let caller else { return }
        #expect(background == BackgroundWork.sliceNanoseconds)
        #expect(caller != BackgroundWork.sliceNanoseconds)
    }
}
