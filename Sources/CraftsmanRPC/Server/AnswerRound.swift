#if canImport(Glibc)
    import Glibc
#endif

/// The connections with calls finished during a ``ServerConnection/answeringTogether(_:)`` round
/// on this thread, to be woken when it ends.
final class AnswerRound {
    var connections: [ServerConnection] = []

    /// The round running on the calling thread, if any.
    static var current: AnswerRound? {
        get {
            guard let raw = pthread_getspecific(key) else { return nil }
            return Unmanaged<AnswerRound>.fromOpaque(raw).takeUnretainedValue()
        }
        set {
            // Unretained: the round's owner, `answeringTogether`, keeps it alive while it is set.
            pthread_setspecific(key, newValue.map { Unmanaged.passUnretained($0).toOpaque() })
        }
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key, nil)
        precondition(status == 0, "pthread_key_create: \(status)")
        return key
    }()
}
