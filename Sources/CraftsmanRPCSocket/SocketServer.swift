import CraftsmanRPC
import Dispatch
import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Serves an ``RPCServer`` over TCP and Unix domain sockets with non-blocking POSIX sockets, one
/// epoll I/O thread per core for the connections and a Dispatch source for accepting.
///
/// ```swift
/// let sockets = try SocketServer(server: server, endpoints: [.tcp(host: "127.0.0.1", port: 0)])
/// sockets.start()
/// print(sockets.boundEndpoints)      // the kernel's port for port 0
/// await sockets.shutdown()           // GOAWAY, drain, close
/// ```
public final class SocketServer: Sendable {
    /// Where to listen (a stale Unix socket file at the path is replaced).
    public typealias Endpoint = CraftsmanRPC.Endpoint

    private struct Listener: @unchecked Sendable {
        let descriptor: Int32
        let endpoint: Endpoint
        let source: DispatchSourceRead
    }

    private let server: RPCServer
    private let listeners: [Listener]
    private let acceptQueue = DispatchQueue(label: "craftsman.accept")
    /// One I/O thread per core; connections are spread over them in turn.
    private let loops: [SocketEventLoop]
    private let nextLoop = Atomic<Int>(0)
    private let stopped = Mutex(false)

    /// The endpoints as bound: TCP ports chosen by the kernel are filled in.
    public let boundEndpoints: [Endpoint]

    /// Binds and listens on every endpoint; nothing is accepted until ``start()``.
    ///
    /// - Throws: ``SocketError`` naming the endpoint and the system's reason.
    public init(server: RPCServer, endpoints: [Endpoint]) throws(SocketError) {
        self.server = server
        var listeners: [Listener] = []
        var bound: [Endpoint] = []
        do {
            for endpoint in endpoints {
                let (descriptor, actual) = try Self.listen(on: endpoint)
                let source = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: acceptQueue)
                listeners.append(Listener(descriptor: descriptor, endpoint: actual, source: source))
                bound.append(actual)
            }
        } catch {
            for listener in listeners { close(listener.descriptor) }
            throw error
        }
        self.listeners = listeners
        boundEndpoints = bound
        let cores = max(1, min(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), 16))
        loops = (0..<cores).map { SocketEventLoop(name: "craftsman-io-\($0)") }
    }

    /// Starts accepting connections.
    public func start() {
        for listener in listeners {
            let descriptor = listener.descriptor
            listener.source.setEventHandler { [weak self] in self?.acceptAll(on: descriptor) }
            listener.source.setCancelHandler { close(descriptor) }
            listener.source.resume()
        }
    }

    /// Stops accepting, shuts the RPC server down gracefully (GOAWAY, in-flight calls finish within
    /// the grace period) and removes Unix socket files. Returns when every connection is closed.
    public func shutdown() async {
        let alreadyStopped = stopped.withLock { stopped in
            defer { stopped = true }
            return stopped
        }
        guard !alreadyStopped else { return }
        for listener in listeners {
            listener.source.cancel()
            if case .unix(let path) = listener.endpoint { unlink(path) }
        }
        await server.shutdown()
        for loop in loops { loop.stop() }
    }

    private func acceptAll(on listener: Int32) {
        while true {
            var address = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let descriptor = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { accept(listener, $0, &length) }
            }
            guard descriptor >= 0 else {
                if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return }
                if errno == EMFILE || errno == ENFILE {
                    server.logger.warning("accept: \(String(cString: strerror(errno))); waiting for connections to close")
                    return
                }
                return
            }
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            var yes: Int32 = 1
            if address.ss_family == sa_family_t(AF_INET) || address.ss_family == sa_family_t(AF_INET6) {
                setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
            }
            let peer = Self.describe(address)
            let queue = DispatchQueue(label: "craftsman.connection")
            let loop = loops[nextLoop.add(1, ordering: .relaxed).oldValue % loops.count]
            let socket = SocketConnection(descriptor: descriptor, queue: queue, loop: loop, peer: peer)
            let connection = server.accept(socket, queue: queue)
            socket.attach(connection)
        }
    }

    private static let streamSocketType = Int32(bitPattern: SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue)

    private static func listen(on endpoint: Endpoint) throws(SocketError) -> (Int32, Endpoint) {
        switch endpoint {
        case .tcp(let host, let port):
            var hints = addrinfo()
            hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
            hints.ai_family = AF_UNSPEC
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            var result: UnsafeMutablePointer<addrinfo>?
            let status = getaddrinfo(host, String(port), &hints, &result)
            guard status == 0, let info = result else {
                throw SocketError(endpoint: endpoint, operation: "resolve", reason: String(cString: gai_strerror(status)))
            }
            defer { freeaddrinfo(result) }
            let descriptor = socket(info.pointee.ai_family, Self.streamSocketType, 0)
            guard descriptor >= 0 else { throw SocketError(endpoint: endpoint, operation: "socket") }
            var yes: Int32 = 1
            setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
            guard bind(descriptor, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
                let error = SocketError(endpoint: endpoint, operation: "bind")
                close(descriptor)
                throw error
            }
            guard Glibc.listen(descriptor, 1024) == 0 else {
                let error = SocketError(endpoint: endpoint, operation: "listen")
                close(descriptor)
                throw error
            }
            var address = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
            }
            return (descriptor, .tcp(host: host, port: Self.port(of: address)))
        case .unix(let path):
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            let capacity = MemoryLayout.size(ofValue: address.sun_path)
            guard path.utf8.count < capacity else {
                throw SocketError(endpoint: endpoint, operation: "bind", reason: "the path is longer than \(capacity - 1) bytes")
            }
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                raw.copyBytes(from: path.utf8)
                raw[path.utf8.count] = 0
            }
            let descriptor = socket(AF_UNIX, Self.streamSocketType, 0)
            guard descriptor >= 0 else { throw SocketError(endpoint: endpoint, operation: "socket") }
            unlink(path)
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            guard bound == 0, Glibc.listen(descriptor, 1024) == 0 else {
                let error = SocketError(endpoint: endpoint, operation: "bind")
                close(descriptor)
                throw error
            }
            chmod(path, 0o660)
            return (descriptor, endpoint)
        }
    }

    private static func port(of address: sockaddr_storage) -> UInt16 {
        var address = address
        let family = address.ss_family
        return withUnsafePointer(to: &address) { pointer in
            if family == sa_family_t(AF_INET6) {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin6_port) }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
        }
    }

    static func describe(_ address: sockaddr_storage) -> String {
        var address = address
        var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        switch Int32(address.ss_family) {
        case AF_INET, AF_INET6:
            let length = socklen_t(
                address.ss_family == sa_family_t(AF_INET) ? MemoryLayout<sockaddr_in>.size : MemoryLayout<sockaddr_in6>.size)
            let status = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    getnameinfo($0, length, &host, socklen_t(host.count), nil, 0, NI_NUMERICHOST)
                }
            }
            let text = status == 0 ? String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "?"
            return address.ss_family == sa_family_t(AF_INET6) ? "[\(text)]:\(port(of: address))" : "\(text):\(port(of: address))"
        default:
            return "unix"
        }
    }
}

/// A socket that could not be set up, naming the endpoint, the operation and the system's reason.
public struct SocketError: Error, Sendable, CustomStringConvertible {
    /// Where.
    public let endpoint: SocketServer.Endpoint
    /// What failed: resolve, socket, bind, listen.
    public let operation: String
    /// The system's reason.
    public let reason: String

    init(endpoint: SocketServer.Endpoint, operation: String, reason: String? = nil) {
        self.endpoint = endpoint
        self.operation = operation
        self.reason = reason ?? String(cString: strerror(errno))
    }

    public var description: String { "cannot \(operation) \(endpoint): \(reason)" }
}
