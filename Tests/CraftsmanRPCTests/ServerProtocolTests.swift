import CraftsmanClient
import CraftsmanProto
import CraftsmanRPC
import Foundation
import Testing

/// Protocol-level behaviour, driven byte by byte from a raw socket.
@Suite("Server protocol handling")
struct ServerProtocolTests {
    static func fastTimers() -> ServerConfiguration {
        var configuration = ServerConfiguration()
        configuration.housekeepingInterval = .milliseconds(20)
        return configuration
    }

    /// The status of the next RESPONSE frame for `callID`.
    static func responseStatus(_ raw: RawConnection, callID: UInt32) async throws -> CallStatus? {
        while let frame = await raw.nextFrame() {
            if frame.type == .response && frame.callID == callID {
                return try ResponseTrailer(serializedBytes: frame.payload).status
            }
        }
        return nil
    }

    /// The GOAWAY status, if the next frame is a GOAWAY.
    static func goAway(_ raw: RawConnection) async throws -> GoAway? {
        guard let frame = await raw.nextFrame(), frame.type == .goAway else { return nil }
        return try GoAway(serializedBytes: frame.payload)
    }

    @Test("a bad preface gets GOAWAY INVALID_ARGUMENT and a close")
    func badPreface() async throws {
        try await withTestServer { server in
            let raw = try server.rawConnection()
            raw.send(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
            #expect(await raw.nextEvent() == .preface(major: 1, minor: 0))
            let goAway = try #require(try await Self.goAway(raw))
            #expect(goAway.status?.code == StatusCode.invalidArgument.rawValue)
            #expect(goAway.status?.message.contains("bad preface") == true)
            #expect(await raw.isClosedByServer())
        }
    }

    @Test("an unsupported protocol version gets the server's version and GOAWAY UNIMPLEMENTED")
    func wrongVersion() async throws {
        try await withTestServer { server in
            let raw = try server.rawConnection()
            raw.send(ProtocolConstants.magic + [2, 0])
            #expect(await raw.nextEvent() == .preface(major: 1, minor: 0))
            let goAway = try #require(try await Self.goAway(raw))
            #expect(goAway.status?.code == StatusCode.unimplemented.rawValue)
            #expect(goAway.status?.message.contains("2.0 is not supported") == true)
            #expect(await raw.isClosedByServer())
        }
    }

    @Test("the first frame must be SETTINGS")
    func settingsFirst() async throws {
        try await withTestServer { server in
            let raw = try server.rawConnection()
            raw.send(ProtocolConstants.preface)
            raw.send(try requestFrame(EchoService.Echo.self, EchoRequest(), callID: 1))
            let goAway = try #require(try await Self.goAway(raw))
            #expect(goAway.status?.message.contains("first frame must be SETTINGS") == true)
        }
    }

    @Test("an oversized REQUEST fails that call only; the connection goes on")
    func oversizedRequest() async throws {
        var configuration = ServerConfiguration()
        configuration.maxFrameSize = 1024
        try await withTestServer(configuration: configuration) { server in
            let raw = try server.rawConnection()
            raw.handshake()
            raw.send(try requestFrame(EchoService.Echo.self, EchoRequest(payload: [UInt8](repeating: 7, count: 5000)), callID: 1))
            let status = try #require(try await Self.responseStatus(raw, callID: 1))
            #expect(status.code == StatusCode.resourceExhausted.rawValue)
            #expect(status.message.contains("limit is 1024"))
            raw.send(try requestFrame(EchoService.Echo.self, EchoRequest(payload: [1]), callID: 2))
            #expect(try await Self.responseStatus(raw, callID: 2)?.code == 0)
        }
    }

    @Test("a declared length of 4 GiB is refused from the header alone")
    func hugeDeclaredLength() async throws {
        try await withTestServer { server in
            let raw = try server.rawConnection()
            raw.handshake()
            raw.send([0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 1, FrameType.request.rawValue, 1])
            let status = try #require(try await Self.responseStatus(raw, callID: 1))
            #expect(status.code == StatusCode.resourceExhausted.rawValue)
            #expect(status.message.contains("4294967295"))
        }
    }

    @Test("an oversized REQUEST reusing a call id ends the connection instead of answering twice")
    func oversizedRequestReusingID() async throws {
        var configuration = ServerConfiguration()
        configuration.maxFrameSize = 1024
        try await withTestServer(configuration: configuration) { server in
            // Found by the server-connection fuzz target (fuzz/regressions/server-connection/).
            let raw = try server.rawConnection()
            raw.handshake()
            raw.send(Frame(callID: 7, type: .request, flags: .endStream, payload: []))
            #expect(try await Self.responseStatus(raw, callID: 7)?.code == StatusCode.unimplemented.rawValue)
            var header: [UInt8] = []
            Frame.encodeHeader(into: &header, payloadLength: 5000, callID: 7, type: .request, flags: [])
            raw.send(header)
            let goAway = try #require(try await Self.goAway(raw))
            #expect(goAway.status?.message.contains("call id 7 is not greater") == true)
        }
    }

    @Test("a CANCEL for a call never opened ends the connection; one for a finished call is ignored")
    func cancelUnknownCall() async throws {
        try await withTestServer { server in
            let raw = try server.rawConnection()
            raw.handshake()
            raw.send(try requestFrame(EchoService.Echo.self, EchoRequest(), callID: 1))
            #expect(try await Self.responseStatus(raw, callID: 1)?.code == 0)
            raw.send(Frame(callID: 1, type: .cancel))
            raw.send(try requestFrame(EchoService.Echo.self, EchoRequest(), callID: 2))
            #expect(try await Self.responseStatus(raw, callID: 2)?.code == 0, "a late CANCEL changes nothing")
            raw.send(Frame(callID: 9, type: .cancel))
            let goAway = try #require(try await Self.goAway(raw))
            #expect(goAway.status?.message.contains("CANCEL for call 9, which was never opened") == true)
        }
    }

    @Test("a call id that does not increase ends the connection")
    func callIDReuse() async throws {
        try await withTestServer { server in
            let raw = try server.rawConnection()
            raw.handshake()
            raw.send(try requestFrame(EchoService.Echo.self, EchoRequest(), callID: 5))
            #expect(try await Self.responseStatus(raw, callID: 5)?.code == 0)
            raw.send(try requestFrame(EchoService.Echo.self, EchoRequest(), callID: 5))
            let goAway = try #require(try await Self.goAway(raw))
            #expect(goAway.status?.code == StatusCode.invalidArgument.rawValue)
            #expect(goAway.status?.message.contains("call id 5 is not greater") == true)
            #expect(goAway.lastCallID == 5)
            #expect(await raw.isClosedByServer())
        }
    }

    @Test("unknown frame types are skipped; undecodable envelopes and bad metadata fail the call")
    func unknownAndUndecodable() async throws {
        try await withTestServer { server in
            let raw = try server.rawConnection()
            raw.handshake()
            raw.send(Frame(callID: 0, type: FrameType(rawValue: 0x42), payload: [1, 2, 3]))
            raw.send(Frame(callID: 1, type: .request, flags: .endStream, payload: [0x0A, 0x10, 0x61]))
            let truncated = try #require(try await Self.responseStatus(raw, callID: 1))
            #expect(truncated.code == StatusCode.invalidArgument.rawValue)
            #expect(truncated.message.contains("craftsman.rpc.v1.RequestHeader"))
            let header = RequestHeader(
                service: "craftsman.rpc.v1.EchoService",
                method: "Echo",
                metadata: [MetadataEntry(key: "Bad Key", value: .text("x"))]
            )
            raw.send(Frame(callID: 2, type: .request, flags: .endStream, payload: try header.serializedBytes()))
            let badKey = try #require(try await Self.responseStatus(raw, callID: 2))
            #expect(badKey.code == StatusCode.invalidArgument.rawValue)
            #expect(badKey.message.contains("metadata[0].key \"Bad Key\""))
            let badPayload = RequestHeader(service: "craftsman.rpc.v1.EchoService", method: "Echo", payload: [0x0A, 0x05, 0x01])
            raw.send(Frame(callID: 3, type: .request, flags: .endStream, payload: try badPayload.serializedBytes()))
            let undecodable = try #require(try await Self.responseStatus(raw, callID: 3))
            #expect(undecodable.code == StatusCode.invalidArgument.rawValue)
            #expect(undecodable.message.contains("craftsman.rpc.v1.EchoRequest"))
        }
    }

    @Test("a client that hangs up with calls in flight disturbs nothing (no SIGPIPE, calls cancelled)")
    func hangUpWithCallsInFlight() async throws {
        try await withTestServer { server in
            for round in 0..<20 {
                let raw = try server.rawConnection()
                raw.handshake()
                raw.send(
                    try requestFrame(EchoService.Echo.self, EchoRequest(payload: [1], delayMs: UInt32(round % 3 * 10)), callID: 1)
                )
                raw.send(
                    try requestFrame(
                        EchoService.Echo.self, EchoRequest(payload: [UInt8](repeating: 2, count: 100_000)), callID: 2))
            }
            #expect(await eventually { server.stats.callsInFlight == 0 })
            #expect(try await server.client().unary(EchoService.Echo.self, EchoRequest(payload: [3])).payload == [3])
        }
    }

    @Test("extreme deadlines neither crash the server nor expire early")
    func extremeDeadlines() async throws {
        try await withTestServer { server in
            let raw = try server.rawConnection()
            raw.handshake()
            for (id, timeout) in [(UInt32(1), UInt64.max), (2, UInt64(Int64.max)), (3, UInt64(Int64.max) / 1000 + 1), (4, 1)] {
                raw.send(try requestFrame(EchoService.Echo.self, EchoRequest(payload: [1]), callID: id, timeoutMicros: timeout))
            }
            var codes: [UInt32: UInt32] = [:]
            while codes.count < 4, let frame = await raw.nextFrame(), frame.type == .response {
                codes[frame.callID] = try ResponseTrailer(serializedBytes: frame.payload).status?.code
            }
            #expect(codes[1] == 0 && codes[2] == 0 && codes[3] == 0, "far deadlines are simply far: \(codes)")
            #expect(codes[4] != nil)
        }
    }

    @Test("MESSAGE frames after END_STREAM end the call with INVALID_ARGUMENT")
    func messageAfterEndStream() async throws {
        try await withTestServer { server in
            let raw = try server.rawConnection()
            raw.handshake()
            let header = RequestHeader(service: "craftsman.rpc.v1.EchoService", method: "Collect")
            raw.send(Frame(callID: 1, type: .request, payload: try header.serializedBytes()))
            raw.send(
                Frame(callID: 1, type: .message, flags: .endStream, payload: try EchoRequest(payload: [1]).serializedBytes()))
            raw.send(Frame(callID: 1, type: .message, payload: try EchoRequest(payload: [2]).serializedBytes()))
            let status = try #require(try await Self.responseStatus(raw, callID: 1))
            // Either the call had already finished with its one message, or the extra message ended it.
            #expect(status.code == 0 || status.code == StatusCode.invalidArgument.rawValue)
            raw.send(try requestFrame(EchoService.Echo.self, EchoRequest(), callID: 2))
            #expect(try await Self.responseStatus(raw, callID: 2)?.code == 0, "the connection goes on")
        }
    }

    @Test("a request-id in the request metadata comes back in the response metadata")
    func requestIDEcho() async throws {
        try await withTestServer { server in
            let raw = try server.rawConnection()
            raw.handshake()
            let header = RequestHeader(
                service: "craftsman.rpc.v1.EchoService",
                method: "Echo",
                metadata: [MetadataEntry(key: "request-id", value: .text("req-42"))],
                payload: try EchoRequest(payload: [1]).serializedBytes()
            )
            raw.send(Frame(callID: 1, type: .request, flags: .endStream, payload: try header.serializedBytes()))
            let frame = try #require(await raw.nextFrame())
            let trailer = try ResponseTrailer(serializedBytes: frame.payload)
            #expect(trailer.metadata == [MetadataEntry(key: "request-id", value: .text("req-42"))])
        }
    }

    @Test("PING is answered with ACK and the same payload")
    func ping() async throws {
        try await withTestServer { server in
            let raw = try server.rawConnection()
            raw.handshake()
            raw.send(Frame(callID: 0, type: .ping, payload: [8, 7, 6, 5, 4, 3, 2, 1]))
            let pong = try #require(await raw.nextFrame())
            #expect(pong == Frame(callID: 0, type: .ping, flags: .ack, payload: [8, 7, 6, 5, 4, 3, 2, 1]))
        }
    }

    @Test("calls over the per-connection limit get RESOURCE_EXHAUSTED")
    func concurrentCallLimit() async throws {
        var configuration = ServerConfiguration()
        configuration.maxConcurrentCalls = 2
        try await withTestServer(configuration: configuration) { server in
            let raw = try server.rawConnection()
            raw.handshake()
            for id in UInt32(1)...3 {
                raw.send(try requestFrame(EchoService.Echo.self, EchoRequest(delayMs: 300), callID: id))
            }
            let third = try #require(try await Self.responseStatus(raw, callID: 3))
            #expect(third.code == StatusCode.resourceExhausted.rawValue)
            #expect(third.message.contains("the limit is 2"))
            #expect(try await Self.responseStatus(raw, callID: 1)?.code == 0)
        }
    }

    @Test("connections over the limit are refused with GOAWAY RESOURCE_EXHAUSTED")
    func connectionLimit() async throws {
        var configuration = ServerConfiguration()
        configuration.maxConnections = 2
        try await withTestServer(configuration: configuration) { server in
            let first = try server.rawConnection()
            let second = try server.rawConnection()
            first.handshake()
            second.handshake()
            try await Task.sleep(for: .milliseconds(100))
            let third = try server.rawConnection()
            #expect(await third.nextEvent() == .preface(major: 1, minor: 0))
            let goAway = try #require(try await Self.goAway(third))
            #expect(goAway.status?.code == StatusCode.resourceExhausted.rawValue)
            #expect(await third.isClosedByServer())
            // The open connections still work.
            first.send(try requestFrame(EchoService.Echo.self, EchoRequest(), callID: 1))
            #expect(try await Self.responseStatus(first, callID: 1)?.code == 0)
            #expect(server.stats.snapshot().connectionsRefused == 1)
        }
    }

    @Test("a client trickling a frame is cut off, and other connections are served meanwhile")
    func slowloris() async throws {
        var configuration = Self.fastTimers()
        configuration.frameTimeout = .milliseconds(1500)
        try await withTestServer(configuration: configuration) { server in
            let slow = try server.rawConnection()
            slow.handshake()
            let frame = try requestFrame(EchoService.Echo.self, EchoRequest(payload: [1, 2, 3]), callID: 1).encoded
            let client = server.client()
            let start = ContinuousClock.now
            var sent = 0
            // One byte every 100 ms: the frame would take seconds to arrive. A server that let the
            // slow connection hold others up would stall these calls for the whole trickle.
            while ContinuousClock.now - start < .milliseconds(1200) && sent < frame.count - 1 {
                slow.send([frame[sent]])
                sent += 1
                let callStart = ContinuousClock.now
                #expect(try await client.unary(EchoService.Echo.self, EchoRequest(payload: [9])).payload == [9])
                // Blocked behind the slow connection, a call would wait until it is cut off (1.5 s).
                #expect(ContinuousClock.now - callStart < .milliseconds(1100), "another connection is answered promptly")
                try await Task.sleep(for: .milliseconds(100))
            }
            let goAway = try #require(try await Self.goAway(slow))
            #expect(goAway.status?.message.contains("arrived too slowly") == true)
            #expect(await slow.isClosedByServer())
        }
    }

    @Test("a connection that never completes its handshake is closed")
    func handshakeTimeout() async throws {
        var configuration = Self.fastTimers()
        configuration.handshakeTimeout = .milliseconds(200)
        try await withTestServer(configuration: configuration) { server in
            let raw = try server.rawConnection()
            raw.send(Array(ProtocolConstants.magic.prefix(4)))
            #expect(await raw.isClosedByServer())
        }
    }

    @Test("idle connections get GOAWAY OK and are closed; quiet ones are pinged")
    func idleAndKeepalive() async throws {
        var configuration = Self.fastTimers()
        configuration.keepaliveInterval = .milliseconds(100)
        configuration.idleTimeout = .milliseconds(400)
        try await withTestServer(configuration: configuration) { server in
            let raw = try server.rawConnection()
            raw.handshake()
            let ping = try #require(await raw.nextFrame())
            #expect(ping.type == .ping && !ping.flags.contains(.ack))
            raw.send(Frame(callID: 0, type: .ping, flags: .ack, payload: ping.payload))
            var frame = await raw.nextFrame()
            while frame?.type == .ping {
                raw.send(Frame(callID: 0, type: .ping, flags: .ack, payload: frame!.payload))
                frame = await raw.nextFrame()
            }
            let goAway = try GoAway(serializedBytes: try #require(frame).payload)
            #expect(goAway.status?.code == 0)
            #expect(goAway.status?.message == "idle")
        }
    }

    @Test("graceful shutdown: GOAWAY, calls in flight finish, new calls are refused")
    func gracefulShutdown() async throws {
        try await withTestServer { server in
            let raw = try server.rawConnection()
            raw.handshake()
            raw.send(try requestFrame(EchoService.Echo.self, EchoRequest(payload: [4], delayMs: 300), callID: 1))
            try await Task.sleep(for: .milliseconds(50))
            let shutdown = Task { await server.sockets.shutdown() }
            let goAway = try #require(try await Self.goAway(raw))
            #expect(goAway.lastCallID == 1)
            #expect(goAway.status?.code == 0)
            raw.send(try requestFrame(EchoService.Echo.self, EchoRequest(), callID: 2))
            var statuses: [UInt32: UInt32] = [:]
            while let frame = await raw.nextFrame(), frame.type == .response {
                statuses[frame.callID] = try ResponseTrailer(serializedBytes: frame.payload).status?.code
                if statuses.count == 2 { break }
            }
            #expect(statuses[2] == StatusCode.unavailable.rawValue, "a call after GOAWAY is refused")
            #expect(statuses[1] == 0, "the call in flight finished")
            await shutdown.value
            #expect(server.stats.openConnections == 0)
            #expect(throws: (any Error).self) { try RawConnection(port: server.port) }
        }
    }

    @Test("graceful shutdown cancels calls that outlast the grace period")
    func shutdownGraceExpires() async throws {
        var configuration = ServerConfiguration()
        configuration.shutdownGracePeriod = .milliseconds(200)
        try await withTestServer(configuration: configuration) { server in
            let client = server.client()
            let call = Task { try await client.unary(EchoService.Echo.self, EchoRequest(delayMs: 30_000)) }
            try await Task.sleep(for: .milliseconds(50))
            let start = ContinuousClock.now
            await server.sockets.shutdown()
            #expect(ContinuousClock.now - start < .seconds(2))
            do {
                _ = try await call.value
                Issue.record("expected UNAVAILABLE")
            } catch let error as RPCError {
                #expect(error.code == .unavailable)
            }
        }
    }
}
