import Synchronization

/// A journal record's payload encoded after the store's lock is released: by the thread that
/// made the change, right after, or by the journal's writer if it takes the record first,
/// whichever comes first (the other then uses the result).
///
/// The writing thread is usually a connection's I/O thread, which has time while the journal
/// flushes; encoding there keeps the writer's turn (encode, write, flush, acknowledge), which
/// every waiting call waits for, short. Encoding under the store's lock would hold up every
/// other writer instead.
final class DeferredPayload: Sendable {
    private enum State {
        case pending(@Sendable () throws -> [UInt8])
        case encoded([UInt8])
        case failed(String)
    }

    private let state: Mutex<State>

    init(_ encode: @escaping @Sendable () throws -> [UInt8]) {
        state = Mutex(.pending(encode))
    }

    /// Encodes the payload now unless that is done or being done; a failure is kept for
    /// ``bytes()``, which reports it.
    func encodeAhead() {
        _ = try? bytes()
    }

    /// The payload, encoded now if nobody has yet.
    ///
    /// - Throws: the description of the encoding's failure.
    func bytes() throws(DeferredPayloadError) -> [UInt8] {
        try state.withLock { state throws(DeferredPayloadError) -> [UInt8] in
            switch state {
            case .encoded(let bytes):
                return bytes
            case .failed(let reason):
                throw DeferredPayloadError(reason: reason)
            case .pending(let encode):
                do {
                    let bytes = try encode()
                    state = .encoded(bytes)
                    return bytes
                } catch {
                    state = .failed("\(error)")
                    throw DeferredPayloadError(reason: "\(error)")
                }
            }
        }
    }
}

/// Why a ``DeferredPayload`` could not be encoded.
struct DeferredPayloadError: Error {
    var reason: String
}
