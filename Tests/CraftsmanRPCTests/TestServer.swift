import CraftsmanClient
import CraftsmanProto
import CraftsmanRPC
import CraftsmanRPCSocket
import Foundation

/// A real server on a kernel-chosen loopback port, with the built-in services, for one test.
struct TestServer {
    let server: RPCServer
    let sockets: SocketServer
    let stats: ServerStats
    let port: UInt16

    var endpoint: ClientEndpoint { .tcp(host: "127.0.0.1", port: port) }

    func client(_ configuration: ClientConfiguration = ClientConfiguration()) -> RPCClient {
        RPCClient(endpoint: endpoint, configuration: configuration)
    }

    /// A raw socket speaking bytes, for protocol-level tests.
    func rawConnection() throws -> RawConnection {
        try RawConnection(port: port)
    }
}

/// Runs `body` with a fresh server; shuts it down afterwards.
func withTestServer<T>(
    configuration: ServerConfiguration = ServerConfiguration(),
    port: UInt16 = 0,
    register: (inout Router) -> Void = { _ in },
    _ body: (TestServer) async throws -> T
) async throws -> T {
    let stats = ServerStats()
    var router = Router()
    register(&router)
    BuiltinServices.register(in: &router, health: HealthStatus(services: ["craftsman.rpc.v1.EchoService"]), stats: stats)
    let server = RPCServer(router: router, configuration: configuration, stats: stats)
    let sockets = try SocketServer(server: server, endpoints: [.tcp(host: "127.0.0.1", port: port)])
    sockets.start()
    guard case .tcp(_, let port) = sockets.boundEndpoints[0] else { fatalError("no TCP endpoint") }
    let test = TestServer(server: server, sockets: sockets, stats: stats, port: port)
    do {
        let result = try await body(test)
        await sockets.shutdown()
        return result
    } catch {
        await sockets.shutdown()
        throw error
    }
}

/// A TCP connection with a read timeout, to send arbitrary bytes and read frames.
///
/// Reads block, so they run on a Dispatch queue of their own: a blocked read must never occupy
/// one of Swift concurrency's few threads, which the server's handlers need.
final class RawConnection: @unchecked Sendable {
    private let readQueue = DispatchQueue(label: "raw-connection")
    let descriptor: Int32
    private var decoder = FrameDecoder(maxFrameSize: 64 << 20, expectsPreface: true)

    init(port: UInt16) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else { throw POSIXError(.ECONNREFUSED) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(descriptor) }

    func send(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    func send(_ frame: Frame) {
        send(frame.encoded)
    }

    /// Preface and an empty SETTINGS frame, as a well-behaved client opens.
    func handshake() {
        send(ProtocolConstants.preface + Frame(callID: 0, type: .settings).encoded)
    }

    /// The next decoder event, reading as needed; `.needMoreData` means the server closed (or 5 s passed).
    func nextEvent() async -> FrameDecoder.Event {
        await withCheckedContinuation { continuation in
            readQueue.async { continuation.resume(returning: self.blockingNextEvent()) }
        }
    }

    private func blockingNextEvent() -> FrameDecoder.Event {
        while true {
            let event = decoder.next()
            if event != .needMoreData { return event }
            var buffer = [UInt8](repeating: 0, count: 65536)
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return .needMoreData }
            decoder.append(Array(buffer[..<count]))
        }
    }

    /// The next frame, skipping the preface; nil when the connection closed.
    func nextFrame(skipping types: Set<FrameType> = [.settings]) async -> Frame? {
        while true {
            switch await nextEvent() {
            case .frame(let frame):
                if types.contains(frame.type) { continue }
                return frame
            case .needMoreData:
                return nil
            default:
                continue
            }
        }
    }

    /// Whether the server closed the connection (reads EOF within the timeout).
    func isClosedByServer() async -> Bool {
        await withCheckedContinuation { continuation in
            readQueue.async { continuation.resume(returning: self.blockingIsClosed()) }
        }
    }

    private func blockingIsClosed() -> Bool {
        while true {
            var buffer = [UInt8](repeating: 0, count: 65536)
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count == 0 { return true }
            if count < 0 { return errno == ECONNRESET }
        }
    }
}

/// A REQUEST frame for `M` carrying `request`.
func requestFrame<M: ProtoMethod>(_ method: M.Type, _ request: M.Input, callID: UInt32, timeoutMicros: UInt64 = 0) throws -> Frame
{
    let header = RequestHeader(
        service: M.descriptor.service,
        method: M.descriptor.name,
        timeoutMicros: timeoutMicros,
        payload: try request.serializedBytes()
    )
    return Frame(callID: callID, type: .request, flags: .endStream, payload: try header.serializedBytes())
}

/// Polls `condition` until it holds or `timeout` passes; whether it held. For state that another
/// thread changes soon, without a fixed sleep that a loaded machine can outlast.
func eventually(timeout: Duration = .seconds(5), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}

/// A loopback port on which connections are refused while the returned socket stays open (close
/// it with `Glibc.close`): bound and never listening, it holds the port, so that no server of a
/// test running alongside is given it. A port freed by a finished test server was sometimes given
/// to the next one, and the "unreachable" server answered.
func refusingPort() throws -> (socket: Int32, port: UInt16) {
    struct SocketError: Error { let call: String; let code: Int32 }
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw SocketError(call: "socket", code: errno) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
            bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
        }
    }
    guard bound else {
        let code = errno
        close(fd)
        throw SocketError(call: "bind", code: code)
    }
    return (fd, UInt16(bigEndian: address.sin_port))
}
