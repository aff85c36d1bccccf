internal import CCraftsmanLinux

/// Holds back waking the journal's writer for the records appended on this thread while a round
/// runs, and wakes it once when the round ends.
///
/// For a thread that appends many records in a row, like a connection's I/O thread handling one
/// read of many calls. Woken at the first record, the writer waited on that thread's processor
/// (the scheduler places a woken thread beside its waker) until the thread had handled the rest
/// of the read, often hundreds of microseconds, while the other processor idled. Woken at the
/// end, it runs as that thread goes back to waiting, and writes the whole read's records at once.
public enum JournalWakeRound {
    /// Runs `body`; the writers it would have woken are woken when it returns.
    public static func run(_ body: () -> Void) {
        if current != nil {
            body()  // nested: the outer round wakes them
            return
        }
        let round = Round()
        current = round
        body()
        current = nil
        for writer in round.writers { writer.wake() }
    }

    /// The writers to wake when the round on this thread ends.
    final class Round {
        var writers: [JournalWriter] = []

        func add(_ writer: JournalWriter) {
            if !writers.contains(where: { $0 === writer }) { writers.append(writer) }
        }
    }

    /// The round running on the calling thread, if any.
    static var current: Round? {
        get {
            guard let raw = craftsman_journal_wake_round() else { return nil }
            return Unmanaged<Round>.fromOpaque(raw).takeUnretainedValue()
        }
        set {
            // Unretained: `run` keeps the round alive while it is set.
            craftsman_set_journal_wake_round(newValue.map { Unmanaged.passUnretained($0).toOpaque() })
        }
    }
}
