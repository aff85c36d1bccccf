/// The state of an objection (异议); raw values are the wire enum's numbers.
public enum ObjectionState: Int32, CaseIterable, Hashable, Sendable {
    /// Not yet resolved (待处理): blocks submission or confirmation.
    case pending = 1
    /// 异议成立: the nomination is withdrawn (school publicity) or removed (public notice).
    case upheld
    /// 异议不成立, with a reason.
    case dismissed
}

/// An objection raised against a nomination during school publicity or public notice.
public struct Objection: Hashable, Sendable {
    /// Server-assigned, `OB` and eight digits.
    public var id: String
    public var roundID: String
    public var nominationID: String
    public var schoolID: String
    public var stage: PublicityKind
    public var receivedOn: CivilDate
    /// Empty for an anonymous objection.
    public var objector: String
    public var grounds: String
    public var evidence: [DocumentRef]
    public var state: ObjectionState
    public var resolutionReason: String
    public var resolvedByAccountID: String
    public var resolvedAtUnixMilliseconds: Int64
    public var recordedByAccountID: String
    public var createdAtUnixMilliseconds: Int64
    public var updatedAtUnixMilliseconds: Int64
    public var revision: Int64

    public init(
        id: String, roundID: String, nominationID: String, schoolID: String, stage: PublicityKind, receivedOn: CivilDate,
        objector: String, grounds: String, evidence: [DocumentRef], state: ObjectionState, resolutionReason: String,
        resolvedByAccountID: String, resolvedAtUnixMilliseconds: Int64, recordedByAccountID: String,
        createdAtUnixMilliseconds: Int64, updatedAtUnixMilliseconds: Int64, revision: Int64
    ) {
        self.id = id
        self.roundID = roundID
        self.nominationID = nominationID
        self.schoolID = schoolID
        self.stage = stage
        self.receivedOn = receivedOn
        self.objector = objector
        self.grounds = grounds
        self.evidence = evidence
        self.state = state
        self.resolutionReason = resolutionReason
        self.resolvedByAccountID = resolvedByAccountID
        self.resolvedAtUnixMilliseconds = resolvedAtUnixMilliseconds
        self.recordedByAccountID = recordedByAccountID
        self.createdAtUnixMilliseconds = createdAtUnixMilliseconds
        self.updatedAtUnixMilliseconds = updatedAtUnixMilliseconds
        self.revision = revision
    }
}
