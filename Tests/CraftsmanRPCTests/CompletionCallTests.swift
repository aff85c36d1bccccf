import CraftsmanClient
import CraftsmanProto
import CraftsmanRPC
import Foundation
import Synchronization
import Testing

/// Calls started with `RPCClient.start(_:_:options:completion:)` against a real server: the same
/// outcomes as async calls, delivered once, on the client's I/O thread, never inside `start`.
@Suite("Calls with completion handlers")
struct CompletionCallTests {
    /// What a completion saw: the outcome and its thread. A completion on the client's I/O
    /// thread did not run inside `start`, which the tests call from other threads.
    struct Delivery<Output: Sendable>: Sendable {
        var result: Result<Output, RPCError>
        var threadName: String
        /// When the completion ran, read on its own thread: a test waiting for a free thread of
        /// the shared pool (busy with other suites on a small machine) does not move it.
        var deliveredAt: ContinuousClock.Instant
    }

    /// Starts one call and waits for its completion; fails the test if it comes twice.
    func call<Output: Sendable>(
        _ start: (@escaping @Sendable (Result<Output, RPCError>) -> Void) -> ClientCall,
        then afterStart: (ClientCall) -> Void = { _ in }
    ) async -> Delivery<Output> {
        let deliveries = Atomic<Int>(0)
        let delivery: Delivery<Output> = await withCheckedContinuation { continuation in
            let call = start { result in
                guard deliveries.add(1, ordering: .relaxed).newValue == 1 else {
                    Issue.record("the completion ran more than once")
                    return
                }
                continuation.resume(returning: Delivery(result: result, threadName: currentThreadName(), deliveredAt: .now))
            }
            afterStart(call)
        }
        return delivery
    }

    @Test("a request encoded beforehand gets the response's bytes undecoded, and error statuses as errors")
    func encodedRequests() async throws {
        try await withTestServer { server in
            let client = server.client()
            let request = try EncodedMessage(EchoRequest(payload: Array("工匠之师".utf8)))
            for _ in 0..<3 {  // the same bytes, sent again
                let reply = await call { client.start(EchoService.Echo.self, encoded: request, completion: $0) }
                let bytes = try reply.result.get()
                #expect(bytes == (try EchoResponse(payload: Array("工匠之师".utf8)).serializedBytes()))
                #expect(reply.threadName == "craftsman-cl-io")
            }
            let failing = try EncodedMessage(
                EchoRequest(failWith: CallStatus(code: StatusCode.notFound.rawValue, message: "no teacher T00000009")))
            let failed = await call { client.start(EchoService.Echo.self, encoded: failing, completion: $0) }
            guard case .failure(let error) = failed.result else {
                Issue.record("expected NOT_FOUND, got \(failed.result)")
                return
            }
            #expect(error.code == .notFound)
            #expect(error.message == "no teacher T00000009")
        }
    }

    @Test("a reply and an error status arrive on the client's I/O thread")
    func replyAndError() async throws {
        try await withTestServer { server in
            let client = server.client()
            let reply = await call { client.start(EchoService.Echo.self, EchoRequest(payload: Array("工匠".utf8)), completion: $0) }
            #expect(reply.payload == Array("工匠".utf8))
            #expect(reply.threadName == "craftsman-cl-io")

            let failure = CallStatus(
                code: StatusCode.invalidArgument.rawValue, message: "age 52 exceeds 50",
                details: [StatusDetail(kind: .fieldViolation(FieldViolation(field: "age", value: "52", rule: "<= 50")))])
            let failed = await call { client.start(EchoService.Echo.self, EchoRequest(failWith: failure), completion: $0) }
            guard case .failure(let error) = failed.result else {
                Issue.record("expected INVALID_ARGUMENT, got \(failed.result)")
                return
            }
            #expect(error.code == .invalidArgument)
            #expect(error.message == "age 52 exceeds 50")
            #expect(error.fieldViolations == [FieldViolation(field: "age", value: "52", rule: "<= 50")])
        }
    }

    @Test("hundreds of calls in flight, each started from the previous one's completion")
    func chainedCalls() async throws {
        try await withTestServer { server in
            let client = server.client()
            let callers = 64
            let callsPerCaller = 20
            let answered = Mutex<[Int]>([])
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                let remaining = Atomic<Int>(callers)
                @Sendable func next(_ caller: Int, _ index: Int) {
                    guard index < callsPerCaller else {
                        if remaining.subtract(1, ordering: .relaxed).newValue == 0 { done.resume() }
                        return
                    }
                    let payload = [UInt8(caller), UInt8(index)]
                    client.start(EchoService.Echo.self, EchoRequest(payload: payload)) { result in
                        if (try? result.get().payload) == payload { answered.withLock { $0.append(caller) } }
                        next(caller, index + 1)
                    }
                }
                for caller in 0..<callers { next(caller, 0) }
            }
            #expect(answered.withLock { $0.count } == callers * callsPerCaller)
        }
    }

    @Test("a deadline ends the call with DEADLINE_EXCEEDED, and the server drops it")
    func deadline() async throws {
        try await withTestServer { server in
            let client = server.client()
            _ = try await client.unary(EchoService.Echo.self, EchoRequest())  // connected
            let start = ContinuousClock.now
            let delivery = await call {
                client.start(
                    EchoService.Echo.self, EchoRequest(delayMs: 5000), options: CallOptions(timeout: .milliseconds(100)),
                    completion: $0)
            }
            delivery.expectFailure(.deadlineExceeded)
            #expect(delivery.threadName == "craftsman-cl-io")
            #expect(delivery.deliveredAt - start < .seconds(2))
            #expect(await eventually { server.stats.callsInFlight == 0 })
            // A call answered before its deadline gets its reply, and only that.
            let quick = await call {
                client.start(
                    EchoService.Echo.self, EchoRequest(payload: [3]), options: CallOptions(timeout: .milliseconds(200)),
                    completion: $0)
            }
            #expect(quick.payload == [3])
            try await Task.sleep(for: .milliseconds(300))  // past the deadline: no second completion
        }
    }

    @Test("cancel() ends the call with CANCELLED and the server drops it; the connection goes on")
    func cancel() async throws {
        try await withTestServer { server in
            let client = server.client()
            _ = try await client.unary(EchoService.Echo.self, EchoRequest())  // connected
            let delivery = await call {
                client.start(EchoService.Echo.self, EchoRequest(delayMs: 10_000), completion: $0)
            } then: { call in
                Task {
                    _ = await eventually { server.stats.callsInFlight == 1 }
                    call.cancel()
                    call.cancel()  // a second cancel changes nothing
                }
            }
            delivery.expectFailure(.cancelled)
            #expect(await eventually { server.stats.callsInFlight == 0 }, "the server dropped the cancelled call")
            let reply = await call { client.start(EchoService.Echo.self, EchoRequest(payload: [7]), completion: $0) }
            #expect(reply.payload == [7])
        }
    }

    @Test("a call cancelled before the first connection is made never reaches the server")
    func cancelBeforeConnecting() async throws {
        try await withTestServer { server in
            let client = server.client()
            let delivery = await call {
                client.start(EchoService.Echo.self, EchoRequest(delayMs: 10_000), completion: $0)
            } then: { call in
                call.cancel()
            }
            delivery.expectFailure(.cancelled)
            #expect(server.stats.callsInFlight == 0)
        }
    }

    @Test("a closed client and an unreachable server fail through the completion with UNAVAILABLE")
    func unavailable() async throws {
        let (holder, port) = try refusingPort()
        defer { close(holder) }
        let unreachable = RPCClient(endpoint: .tcp(host: "127.0.0.1", port: port))
        let refused = await call { unreachable.start(EchoService.Echo.self, EchoRequest(), completion: $0) }
        refused.expectFailure(.unavailable)
        #expect(refused.threadName == "craftsman-cl-io", "the completion ran inside start")

        try await withTestServer { server in
            let client = server.client()
            _ = try await client.unary(EchoService.Echo.self, EchoRequest())
            client.close()
            let closed = await call { client.start(EchoService.Echo.self, EchoRequest(), completion: $0) }
            closed.expectFailure(.unavailable)
            #expect(closed.threadName == "craftsman-cl-io", "the completion ran inside start")
        }
    }

    @Test("a request over the server's frame limit fails through the completion, before sending")
    func oversizedRequest() async throws {
        var configuration = ServerConfiguration()
        configuration.maxFrameSize = 64 << 10
        try await withTestServer(configuration: configuration) { server in
            let client = server.client()
            _ = try await client.unary(EchoService.Echo.self, EchoRequest())  // learns the server's limit
            let delivery = await call {
                client.start(EchoService.Echo.self, EchoRequest(payload: [UInt8](repeating: 1, count: 100 << 10)), completion: $0)
            }
            delivery.expectFailure(.resourceExhausted)
            #expect(delivery.threadName == "craftsman-cl-io", "the completion ran inside start")
        }
    }
}

/// The kernel's name of the calling thread (at most 15 bytes): what Foundation's `Thread.name`
/// was when the thread started.
func currentThreadName() -> String {
    let comm = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? ""
    return comm.trimmingCharacters(in: .newlines)
}

extension CompletionCallTests.Delivery {
    /// Records an issue unless the call failed with `code`.
    func expectFailure(_ code: StatusCode, sourceLocation: SourceLocation = #_sourceLocation) {
        if case .failure(let error) = result {
            #expect(error.code == code, sourceLocation: sourceLocation)
        } else {
            Issue.record("expected \(code), got \(result)", sourceLocation: sourceLocation)
        }
    }
}

extension CompletionCallTests.Delivery where Output == EchoResponse {
    /// The echoed payload, or nil for an error.
    var payload: [UInt8]? {
        if case .success(let response) = result { return response.payload }
        return nil
    }
}
