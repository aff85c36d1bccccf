/// The side of a connection that moves bytes: a socket, or an in-process pipe in tests.
public protocol ConnectionTransport: AnyObject, Sendable {
    /// Sends bytes, in order, without blocking; the transport buffers what the peer has not taken.
    func send(_ bytes: [UInt8])
    /// Closes the connection after what was sent so far has been written.
    func close()
    /// A description of the peer for logs.
    var peerDescription: String { get }
    /// Runs `body` on the connection's queue soon, from any thread, on a thread of the
    /// transport's choosing; returns false when the transport has none, and the connection then
    /// uses the queue's own `async`. A socket transport runs it on its I/O thread, which is
    /// often awake already, instead of waking a worker thread that would then hold the queue
    /// while the I/O thread waits to read.
    func perform(_ body: @escaping @Sendable () -> Void) -> Bool
}

extension ConnectionTransport {
    public func perform(_ body: @escaping @Sendable () -> Void) -> Bool { false }
}
