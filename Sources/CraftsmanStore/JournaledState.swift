/// State the store keeps in memory and persists: how its changes and its whole self are encoded.
///
/// The store applies a change live through ``apply(_:)`` and replays it at start-up through the
/// same function, so the recovered state is the live state by construction.
public protocol JournaledState: Sendable {
    /// One change, as the journal records it.
    associatedtype Change: Sendable

    /// The empty state of a new data directory.
    init()
    /// The state a snapshot payload holds.
    init(snapshotPayload: ArraySlice<UInt8>) throws
    /// The whole state as a snapshot payload, in parts that are concatenated in order (so that
    /// parts encoded in parallel need not be copied into one buffer). Called on a copy, off the
    /// write path, on a thread of its own.
    func snapshotPayload() throws -> [[UInt8]]
    /// A change as a journal record payload.
    static func encode(_ change: Change) throws -> [UInt8]
    /// Whether ``encode(_:)`` is certain to succeed for `change`, so that the journal may encode
    /// it later, on its own thread, instead of the writer encoding it under the store's lock.
    ///
    /// An encoding that fails there cannot refuse its one write any more (the change is applied
    /// and other writes may have followed): it stops the journal like a failed flush, and writes
    /// are refused until a restart. So answer true only where failure is ruled out by
    /// construction. Default: false, for every change.
    static func encodesLater(_ change: Change) -> Bool
    /// The change a journal record payload holds.
    static func decode(_ payload: ArraySlice<UInt8>) throws -> Change
    /// Applies a change that was planned against this state (live) or read from the journal (replay).
    ///
    /// - Throws: when the change does not fit the state (a journal from elsewhere); it must then
    ///   leave the state unchanged.
    mutating func apply(_ change: Change) throws
}

extension JournaledState {
    public static func encodesLater(_ change: Change) -> Bool { false }
}
