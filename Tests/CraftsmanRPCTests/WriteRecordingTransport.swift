import CraftsmanRPC
import Dispatch
import Synchronization

/// Keeps each write of a connection apart, to count them.
final class WriteRecordingTransport: ConnectionTransport {
    /// A quiet server's connection over a new recording transport, confined to a new queue.
    static func connection(_ router: Router, label: String) -> (ServerConnection, WriteRecordingTransport, DispatchQueue) {
        var logger = RPCServer(router: Router()).logger
        logger.logLevel = .critical
        let server = RPCServer(router: router, logger: logger)
        let transport = WriteRecordingTransport()
        let queue = DispatchQueue(label: label)
        return (server.accept(transport, queue: queue), transport, queue)
    }

    private let recorded = Mutex<[[UInt8]]>([])

    var peerDescription: String { "test" }
    var writes: [[UInt8]] { recorded.withLock { $0 } }

    func send(_ bytes: [UInt8]) { recorded.withLock { $0.append(bytes) } }
    func close() {}

    /// The RESPONSE frames in the writes after the first `skip`.
    func responses(after skip: Int) -> [Frame] {
        var decoder = FrameDecoder(maxFrameSize: 1 << 20, expectsPreface: false)
        for write in writes.dropFirst(skip) { decoder.append(write) }
        var frames: [Frame] = []
        while case .frame(let frame) = decoder.next() {
            if frame.type == .response { frames.append(frame) }
        }
        return frames
    }
}
