import CraftsmanClient
import CraftsmanProto
import CraftsmanRPC
import Foundation
import Testing

/// Calls through the Swift client against a real server on a loopback port.
@Suite("Server calls")
struct ServerCallTests {
    @Test("unary echo, and an error status with details")
    func unary() async throws {
        try await withTestServer { server in
            let client = server.client()
            let reply = try await client.unary(EchoService.Echo.self, EchoRequest(payload: Array("工匠".utf8)))
            #expect(reply.payload == Array("工匠".utf8))
            let failure = CallStatus(
                code: StatusCode.invalidArgument.rawValue,
                message: "age 52 exceeds 50",
                details: [StatusDetail(kind: .fieldViolation(FieldViolation(field: "age", value: "52", rule: "<= 50")))]
            )
            do {
                _ = try await client.unary(EchoService.Echo.self, EchoRequest(failWith: failure))
                Issue.record("expected an error")
            } catch let error as RPCError {
                #expect(error.code == .invalidArgument)
                #expect(error.message == "age 52 exceeds 50")
                #expect(error.fieldViolations == [FieldViolation(field: "age", value: "52", rule: "<= 50")])
            }
        }
    }

    @Test("hundreds of calls in flight from several clients, answered out of order")
    func concurrency() async throws {
        try await withTestServer { server in
            let clients = (0..<4).map { _ in server.client() }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<400 {
                    let client = clients[index % clients.count]
                    group.addTask {
                        // Earlier calls wait longer, so answers come back in a different order.
                        let delay = UInt32((400 - index) % 7 * 5)
                        let payload = Array("call \(index)".utf8)
                        let reply = try await client.unary(EchoService.Echo.self, EchoRequest(payload: payload, delayMs: delay))
                        #expect(reply.payload == payload)
                    }
                }
                try await group.waitForAll()
            }
            // A hundred first calls at once on each client share one connection per client.
            #expect(server.stats.snapshot().connectionsAccepted == 4)
            let echo = server.stats.snapshot().methods.first { $0.method == "craftsman.rpc.v1.EchoService/Echo" }
            #expect(echo?.calls == 400)
            #expect(echo?.errors.isEmpty == true)
        }
    }

    @Test("a slow call does not hold up a fast one on the same connection")
    func outOfOrder() async throws {
        try await withTestServer { server in
            let client = server.client()
            async let slow = client.unary(EchoService.Echo.self, EchoRequest(payload: [1], delayMs: 400))
            try await Task.sleep(for: .milliseconds(20))
            let start = ContinuousClock.now
            let fast = try await client.unary(EchoService.Echo.self, EchoRequest(payload: [2]))
            #expect(ContinuousClock.now - start < .milliseconds(300))
            #expect(fast.payload == [2])
            #expect(try await slow.payload == [1])
        }
    }

    @Test("a deadline ends the call with DEADLINE_EXCEEDED and cancels the handler")
    func deadline() async throws {
        try await withTestServer { server in
            let client = server.client()
            let start = ContinuousClock.now
            do {
                _ = try await client.unary(
                    EchoService.Echo.self, EchoRequest(delayMs: 5000), options: CallOptions(timeout: .milliseconds(100)))
                Issue.record("expected DEADLINE_EXCEEDED")
            } catch let error as RPCError {
                #expect(error.code == .deadlineExceeded)
            }
            #expect(ContinuousClock.now - start < .seconds(2))
            // The server saw it too, and its handler is no longer running.
            #expect(await eventually { server.stats.callsInFlight == 0 })
        }
    }

    @Test("the server enforces the deadline even when the client does not wait for it")
    func serverSideDeadline() async throws {
        try await withTestServer { server in
            let raw = try server.rawConnection()
            raw.handshake()
            raw.send(try requestFrame(EchoService.Echo.self, EchoRequest(delayMs: 5000), callID: 1, timeoutMicros: 50_000))
            let frame = try #require(await raw.nextFrame())
            #expect(frame.type == .response)
            let trailer = try ResponseTrailer(serializedBytes: frame.payload)
            #expect(trailer.status?.code == StatusCode.deadlineExceeded.rawValue)
        }
    }

    @Test("cancelling the calling task cancels the call on the server")
    func cancellation() async throws {
        try await withTestServer { server in
            let client = server.client()
            let task = Task {
                try await client.unary(EchoService.Echo.self, EchoRequest(delayMs: 10_000))
            }
            #expect(await eventually { server.stats.callsInFlight == 1 })
            task.cancel()
            let result = await task.result
            #expect(throws: RPCError.self) { try result.get() }
            #expect(await eventually { server.stats.callsInFlight == 0 }, "the server dropped the cancelled call")
            // The connection is still good.
            let reply = try await client.unary(EchoService.Echo.self, EchoRequest(payload: [7]))
            #expect(reply.payload == [7])
        }
    }

    @Test("server streaming delivers every message in order, with flow control")
    func serverStreaming() async throws {
        try await withTestServer { server in
            let client = server.client()
            var sequences: [UInt32] = []
            for try await response in try await client.serverStream(
                EchoService.Expand.self, ExpandRequest(payload: [1, 2], count: 1000))
            {
                #expect(response.payload == [1, 2])
                sequences.append(response.sequence)
            }
            #expect(sequences == Array(0..<1000))
        }
    }

    @Test("a slow stream reader holds the server back instead of filling its memory")
    func streamBackpressure() async throws {
        try await withTestServer { server in
            let client = server.client()
            let stream = try await client.serverStream(
                EchoService.Expand.self, ExpandRequest(payload: [UInt8](repeating: 1, count: 1000), count: 500))
            var iterator = stream.makeAsyncIterator()
            _ = try await iterator.next()
            try await Task.sleep(for: .milliseconds(200))
            // The handler is parked on its window: at most 64 unacknowledged messages were sent.
            #expect(await eventually { server.stats.callsInFlight == 1 })
            var count = 1
            while try await iterator.next() != nil { count += 1 }
            #expect(count == 500)
        }
    }

    @Test("a stream dropped before its end is cancelled on the server")
    func droppedStream() async throws {
        try await withTestServer { server in
            let client = server.client()
            do {
                let stream = try await client.serverStream(EchoService.Expand.self, ExpandRequest(payload: [1], count: 10_000))
                var iterator = stream.makeAsyncIterator()
                _ = try await iterator.next()
            }
            // Nothing refers to the stream any more: the handler must not stay parked on its window.
            #expect(await eventually { server.stats.callsInFlight == 0 })
        }
    }

    @Test("a stream's error status is thrown at its end")
    func streamError() async throws {
        try await withTestServer { server in
            let client = server.client()
            do {
                for try await _ in try await client.serverStream(EchoService.Expand.self, ExpandRequest(count: 200_000)) {}
                Issue.record("expected INVALID_ARGUMENT")
            } catch let error as RPCError {
                #expect(error.code == .invalidArgument)
                #expect(error.message.contains("count 200000"))
            }
        }
    }

    @Test("client streaming collects every request")
    func clientStreaming() async throws {
        try await withTestServer { server in
            let client = server.client()
            let requests = AsyncStream<EchoRequest> { continuation in
                for index in 0..<300 { continuation.yield(EchoRequest(payload: [UInt8(index % 256)])) }
                continuation.finish()
            }
            let reply = try await client.clientStream(EchoService.Collect.self, requests)
            #expect(reply.sequence == 300)
            #expect(reply.payload == (0..<300).map { UInt8($0 % 256) })
            let none = try await client.clientStream(EchoService.Collect.self, AsyncStream<EchoRequest> { $0.finish() })
            #expect(none.sequence == 0)
        }
    }

    @Test("unknown methods get UNIMPLEMENTED; health, reflection and stats answer")
    func builtins() async throws {
        try await withTestServer { server in
            let client = server.client()
            #expect(try await client.unary(HealthService.Check.self, HealthCheckRequest()).status == .serving)
            #expect(
                try await client.unary(HealthService.Check.self, HealthCheckRequest(service: "nope")).status == .serviceUnknown)
            let services = try await client.unary(ReflectionService.ListServices.self, ListServicesRequest()).services
            #expect(services.map(\.name).contains("craftsman.rpc.v1.EchoService"))
            #expect(
                services.first { $0.name == "craftsman.rpc.v1.EchoService" }?.methods.map(\.name) == [
                    "Collect", "Echo", "Expand",
                ])
            let schema = try await client.unary(ReflectionService.GetSchema.self, GetSchemaRequest())
            #expect(schema.fileDescriptorSet == EmbeddedSchema.fileDescriptorSet)
            let stats = try await client.unary(StatsService.GetStats.self, GetStatsRequest())
            #expect(stats.openConnections == 1)
            #expect(stats.methods.contains { $0.method == "craftsman.rpc.v1.HealthService/Check" && $0.calls == 2 })
            do {
                _ = try await client.unary(RegistryService.GetTeacher.self, GetTeacherRequest())
                Issue.record("expected UNIMPLEMENTED")
            } catch let error as RPCError {
                #expect(error.code == .unimplemented)
                #expect(error.message.contains("craftsman.v1.RegistryService/GetTeacher"))
            }
        }
    }

    @Test("an unreachable server gives UNAVAILABLE, and the client reconnects once it is back")
    func reconnect() async throws {
        let (holder, port) = try refusingPort()
        var configuration = ClientConfiguration()
        configuration.initialBackoff = .milliseconds(10)
        let client = RPCClient(endpoint: .tcp(host: "127.0.0.1", port: port), configuration: configuration)
        do {
            _ = try await client.unary(EchoService.Echo.self, EchoRequest())
            Issue.record("expected UNAVAILABLE")
        } catch let error as RPCError {
            #expect(error.code == .unavailable)
        }
        close(holder)
        try await withTestServer(port: port) { server in
            try await Task.sleep(for: .milliseconds(50))  // past the backoff
            #expect(try await client.unary(EchoService.Echo.self, EchoRequest(payload: [1])).payload == [1])
            await server.sockets.shutdown()
        }
        // The server is gone; the next call fails cleanly instead of hanging.
        do {
            _ = try await client.unary(EchoService.Echo.self, EchoRequest())
            Issue.record("expected UNAVAILABLE")
        } catch let error as RPCError {
            #expect(error.code == .unavailable)
        }
    }
}
