/// What an expert is assigned to do; raw values are the wire enum's numbers.
public enum ExpertAssignmentKind: Int32, CaseIterable, Hashable, Sendable {
    /// 综合评议评分: targets are nominations.
    case nomineeScoring = 1
    /// 方案审核: targets are projects.
    case planReview
    /// 检查考核: targets are projects.
    case assessment
}

/// An assignment of an expert to items of one tier; never items of the expert's own school.
public struct ExpertAssignment: Hashable, Sendable {
    /// Server-assigned, `EA` and eight digits.
    public var id: String
    public var expertAccountID: String
    public var kind: ExpertAssignmentKind
    public var roundID: String
    public var tier: Tier
    public var nominationIDs: [String]
    public var projectIDs: [String]
    public var assignedByAccountID: String
    public var createdAtUnixMilliseconds: Int64
    public var updatedAtUnixMilliseconds: Int64
    public var revision: Int64

    public init(
        id: String, expertAccountID: String, kind: ExpertAssignmentKind, roundID: String, tier: Tier, nominationIDs: [String],
        projectIDs: [String], assignedByAccountID: String, createdAtUnixMilliseconds: Int64, updatedAtUnixMilliseconds: Int64,
        revision: Int64
    ) {
        self.id = id
        self.expertAccountID = expertAccountID
        self.kind = kind
        self.roundID = roundID
        self.tier = tier
        self.nominationIDs = nominationIDs
        self.projectIDs = projectIDs
        self.assignedByAccountID = assignedByAccountID
        self.createdAtUnixMilliseconds = createdAtUnixMilliseconds
        self.updatedAtUnixMilliseconds = updatedAtUnixMilliseconds
        self.revision = revision
    }
}

/// One expert's score of one nominee over the tier's rubric (专家评分).
public struct ExpertScore: Hashable, Sendable {
    /// Server-assigned, `ES` and eight digits; one per (nomination, expert), kept on resubmission.
    public var id: String
    public var roundID: String
    public var nominationID: String
    public var tier: Tier
    public var expertAccountID: String
    public var itemScores: [ItemScore]
    /// Σ(item score × weight) / 100.
    public var total: Double
    public var comment: String
    public var roundConfigVersion: Int64
    public var submittedAtUnixMilliseconds: Int64
    public var revision: Int64

    public init(
        id: String, roundID: String, nominationID: String, tier: Tier, expertAccountID: String, itemScores: [ItemScore],
        total: Double, comment: String, roundConfigVersion: Int64, submittedAtUnixMilliseconds: Int64, revision: Int64
    ) {
        self.id = id
        self.roundID = roundID
        self.nominationID = nominationID
        self.tier = tier
        self.expertAccountID = expertAccountID
        self.itemScores = itemScores
        self.total = total
        self.comment = comment
        self.roundConfigVersion = roundConfigVersion
        self.submittedAtUnixMilliseconds = submittedAtUnixMilliseconds
        self.revision = revision
    }
}
