/// The state of a waiver (例外 / 放宽申请); raw values are the wire enum's numbers.
public enum WaiverState: Int32, CaseIterable, Hashable, Sendable {
    /// Awaiting the bureau's decision at qualification review.
    case requested = 1
    /// Approved: the criterion's line becomes `.waived`.
    case approved
    /// Refused, with a reason.
    case refused
    /// Withdrawn by the school before a decision.
    case withdrawn
}

/// A waiver recorded on a nomination for one waivable criterion, with the school's
/// justification; decided by the bureau at qualification review.
public struct Waiver: Hashable, Sendable {
    /// Server-assigned, unique within the server.
    public var id: String
    public var criterion: EligibilityCriterion
    /// Why the candidate is exceptional enough (特别优秀的情况说明).
    public var justification: String
    public var schoolAttestation: Attestation
    public var state: WaiverState
    public var requestedByAccountID: String
    public var requestedAtUnixMilliseconds: Int64
    public var decisionReason: String
    public var decidedByAccountID: String
    public var decidedAtUnixMilliseconds: Int64

    public init(
        id: String, criterion: EligibilityCriterion, justification: String, schoolAttestation: Attestation,
        state: WaiverState, requestedByAccountID: String, requestedAtUnixMilliseconds: Int64, decisionReason: String = "",
        decidedByAccountID: String = "", decidedAtUnixMilliseconds: Int64 = 0
    ) {
        self.id = id
        self.criterion = criterion
        self.justification = justification
        self.schoolAttestation = schoolAttestation
        self.state = state
        self.requestedByAccountID = requestedByAccountID
        self.requestedAtUnixMilliseconds = requestedAtUnixMilliseconds
        self.decisionReason = decisionReason
        self.decidedByAccountID = decidedByAccountID
        self.decidedAtUnixMilliseconds = decidedAtUnixMilliseconds
    }

    /// Whether the waiver still counts: requested or approved (at most one per criterion).
    public var isActive: Bool { state == .requested || state == .approved }
}
