/// Where a server listens or a client connects.
public enum Endpoint: Hashable, Sendable, CustomStringConvertible {
    /// A TCP address: an IPv4 or IPv6 literal or a host name, and a port (0 when listening: any
    /// free port).
    case tcp(host: String, port: UInt16)
    /// A Unix domain socket at `path`.
    case unix(path: String)

    public var description: String {
        switch self {
        case .tcp(let host, let port): host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        case .unix(let path): "unix:\(path)"
        }
    }
}
