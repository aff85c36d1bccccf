import CraftsmanClient
import CraftsmanRPC
import Synchronization

/// Keeps calls in flight with completion handlers instead of tasks: each caller starts its next
/// call from the previous one's completion, on the client's I/O thread, so that no call pays
/// for a task, a continuation or a cancellation record.
final class CallbackLoad: Sendable {
    /// One caller's latencies: touched only by its own chain of calls, one call at a time.
    private final class Caller: @unchecked Sendable {
        let client: RPCClient
        var recorded: [UInt64] = []
        var slow: SlowCalls

        init(client: RPCClient, slowMilliseconds: Double?) {
            self.client = client
            slow = SlowCalls(thresholdMilliseconds: slowMilliseconds)
        }
    }

    private struct Outcome {
        var callers: [Caller] = []
        var running = 0
        var failure: RPCError?
        var waiter: CheckedContinuation<[UInt64], any Error>?
    }

    private let workload: PreparedWorkload
    private let from: ContinuousClock.Instant
    private let until: ContinuousClock.Instant
    private let outcome = Mutex(Outcome())
    private let failed = Atomic<Bool>(false)
    private let slowMilliseconds: Double?

    /// `slowMilliseconds`: calls at least this slow are kept for ``slowCalls()`` (nil: none).
    init(
        workload: PreparedWorkload, from: ContinuousClock.Instant, until: ContinuousClock.Instant, slowMilliseconds: Double? = nil
    ) {
        self.workload = workload
        self.from = from
        self.until = until
        self.slowMilliseconds = slowMilliseconds
    }

    /// The calls of the last run at or over the threshold given at ``init(workload:from:until:slowMilliseconds:)``.
    func slowCalls() -> [SlowCalls.Call] {
        outcome.withLock { $0.callers.flatMap(\.slow.calls) }
    }

    /// Runs `inflight` callers spread round robin over `clients` until `until`; the sorted
    /// latencies, in nanoseconds, of the calls that started after `from` and finished before
    /// `until`. The first failed call ends the run with its error.
    func run(clients: [RPCClient], inflight: Int) async throws -> [UInt64] {
        let callers = (0..<inflight).map { Caller(client: clients[$0 % clients.count], slowMilliseconds: slowMilliseconds) }
        return try await withCheckedThrowingContinuation { continuation in
            outcome.withLock { outcome in
                outcome.callers = callers
                outcome.running = callers.count
                outcome.waiter = continuation
            }
            for caller in callers { issue(caller) }
        }
    }

    private func issue(_ caller: Caller) {
        let callStart = ContinuousClock.now
        guard callStart < until, !failed.load(ordering: .relaxed) else { return finish(caller, nil) }
        let started = workload.start(caller.client) { [self] error in
            if let error { return finish(caller, error) }
            let callEnd = ContinuousClock.now
            if callStart >= from && callEnd <= until {
                let latency = nanoseconds(callEnd - callStart)
                caller.recorded.append(latency)
                caller.slow.note(startedAfter: nanoseconds(callStart - from), latency: latency)
            }
            issue(caller)
        }
        if !started { finish(caller, nil) }
    }

    /// Ends a caller's chain; the last one to end resumes ``run(clients:inflight:)``.
    private func finish(_ caller: Caller, _ error: RPCError?) {
        if error != nil { failed.store(true, ordering: .relaxed) }
        let done: (CheckedContinuation<[UInt64], any Error>, Result<[UInt64], RPCError>)? = outcome.withLock { outcome in
            if outcome.failure == nil, let error { outcome.failure = error }
            outcome.running -= 1
            guard outcome.running == 0, let waiter = outcome.waiter else { return nil }
            outcome.waiter = nil
            if let failure = outcome.failure { return (waiter, .failure(failure)) }
            return (waiter, .success(outcome.callers.flatMap(\.recorded).sorted()))
        }
        if let (waiter, result) = done { waiter.resume(with: result.mapError { $0 as any Error }) }
    }
}

/// A non-negative duration in whole nanoseconds.
func nanoseconds(_ duration: Duration) -> UInt64 {
    let parts = duration.components
    return UInt64(parts.seconds) * 1_000_000_000 + UInt64(parts.attoseconds / 1_000_000_000)
}
