import CraftsmanClient
import CraftsmanProto
import CraftsmanRPC
import CraftsmanRPCSocket
import Foundation
import Testing

@Suite("Transports and typed stubs")
struct TransportTests {
    @Test("the same calls work over a Unix domain socket")
    func unixSocket() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("craftsman-\(UUID().uuidString.prefix(8)).sock")
            .path
        let stats = ServerStats()
        var router = Router()
        BuiltinServices.register(in: &router, health: HealthStatus(), stats: stats)
        let server = RPCServer(router: router, stats: stats)
        let sockets = try SocketServer(server: server, endpoints: [.unix(path: path)])
        sockets.start()
        let client = RPCClient(endpoint: .unix(path: path))
        let reply = try await EchoServiceClient(client).echo(EchoRequest(payload: [1, 2, 3]))
        #expect(reply.payload == [1, 2, 3])
        var streamed = 0
        for try await _ in try await EchoServiceClient(client).expand(ExpandRequest(count: 100)) { streamed += 1 }
        #expect(streamed == 100)
        client.close()
        await sockets.shutdown()
        #expect(!FileManager.default.fileExists(atPath: path), "the socket file is removed on shutdown")
    }

    @Test("typed stubs call through the client, and interceptors see every call")
    func stubsAndInterceptors() async throws {
        final class Recorder: ServerInterceptor, @unchecked Sendable {
            let lock = NSLock()
            var ended: [(String, StatusCode)] = []
            func callStarted(_ call: CallInfo) throws(RPCError) {
                if call.context.metadata["authorization"] == "Bearer wrong" {
                    throw RPCError(.unauthenticated, "the token is not valid")
                }
            }
            func callEnded(_ call: CallInfo, status: StatusCode, message: String, duration: Duration) {
                lock.withLock { ended.append((call.method.name, status)) }
            }
        }
        let recorder = Recorder()
        let stats = ServerStats()
        var router = Router()
        BuiltinServices.register(in: &router, health: HealthStatus(), stats: stats)
        let server = RPCServer(router: router, interceptors: [recorder], stats: stats)
        let sockets = try SocketServer(server: server, endpoints: [.tcp(host: "127.0.0.1", port: 0)])
        sockets.start()
        guard case .tcp(_, let port) = sockets.boundEndpoints[0] else { return }
        let client = RPCClient(endpoint: .tcp(host: "127.0.0.1", port: port))
        let health = HealthServiceClient(client)
        #expect(try await health.check(HealthCheckRequest()).status == .serving)
        do {
            _ = try await health.check(
                HealthCheckRequest(), options: CallOptions(metadata: Metadata([("authorization", "Bearer wrong")])))
            Issue.record("expected UNAUTHENTICATED")
        } catch let error as RPCError {
            #expect(error.code == .unauthenticated)
        }
        let requests = AsyncStream<EchoRequest> { continuation in
            continuation.yield(EchoRequest(payload: [1]))
            continuation.yield(EchoRequest(payload: [2]))
            continuation.finish()
        }
        #expect(try await EchoServiceClient(client).collect(requests).payload == [1, 2])
        client.close()
        await sockets.shutdown()
        let ended = recorder.lock.withLock { recorder.ended }
        #expect(ended.map(\.0) == ["Check", "Check", "Collect"])
        #expect(ended.map(\.1) == [.ok, .unauthenticated, .ok])
    }
}
