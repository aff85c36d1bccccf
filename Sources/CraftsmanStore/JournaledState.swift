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
    /// The change a journal record payload holds.
    static func decode(_ payload: ArraySlice<UInt8>) throws -> Change
    /// Applies a change that was planned against this state (live) or read from the journal (replay).
    ///
    /// - Throws: when the change does not fit the state (a journal from elsewhere); it must then
    ///   leave the state unchanged.
    mutating func apply(_ change: Change) throws
}
