/// Where a nomination is in its workflow (推荐状态); raw values are the wire enum's numbers.
public enum NominationState: Int32, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    /// Created with its eligibility result (已推荐).
    case nominated = 1
    /// School publicity recorded (学校公示中).
    case inSchoolPublicity
    /// Submitted to the bureau (已报送).
    case submitted
    /// Passed qualification and form review (审核通过).
    case passedReview
    /// Failed qualification and form review. Terminal.
    case failedReview
    /// On the provisional list (初定).
    case provisionallySelected
    /// Ranked outside the quota; may still be promoted (递补) during the public notice.
    case notSelected
    /// Confirmed; a cultivation project exists. Terminal.
    case confirmed
    /// Withdrawn by the school or by an upheld school-publicity objection. Terminal.
    case withdrawn
    /// Removed from the provisional list by an upheld public-notice objection. Terminal.
    case removed
    /// Not submitted before nominations closed. Terminal.
    case lapsed

    public var description: String {
        switch self {
        case .nominated: "NOMINATED"
        case .inSchoolPublicity: "IN_SCHOOL_PUBLICITY"
        case .submitted: "SUBMITTED"
        case .passedReview: "PASSED_REVIEW"
        case .failedReview: "FAILED_REVIEW"
        case .provisionallySelected: "PROVISIONALLY_SELECTED"
        case .notSelected: "NOT_SELECTED"
        case .confirmed: "CONFIRMED"
        case .withdrawn: "WITHDRAWN"
        case .removed: "REMOVED"
        case .lapsed: "LAPSED"
        }
    }

    /// Whether the nomination still takes part in the round: it counts against "one tier per
    /// person per round" and "one nominated team per person per round".
    public var isActive: Bool {
        switch self {
        case .failedReview, .withdrawn, .removed, .lapsed: false
        default: true
        }
    }
}

/// A reference to a document held outside Craftsman (推荐材料 / 附件).
public struct DocumentRef: Hashable, Sendable {
    public var title: String
    public var uri: String
    /// SHA-256 of the document, lower-case hex; empty if unknown.
    public var sha256Hex: String
    public var sizeBytes: Int64

    public init(title: String, uri: String, sha256Hex: String, sizeBytes: Int64) {
        self.title = title
        self.uri = uri
        self.sha256Hex = sha256Hex
        self.sizeBytes = sizeBytes
    }
}

/// Which publicity a period or objection belongs to.
public enum PublicityKind: Int32, CaseIterable, Hashable, Sendable {
    /// 学校公示, before submission.
    case schoolPublicity = 1
    /// 公示 of the provisional list, before confirmation.
    case publicNotice
}

/// A publicity period (公示期) counted in working days; it has ended once the Beijing date is
/// after `endsOn`.
public struct PublicityPeriod: Hashable, Sendable {
    public var kind: PublicityKind
    public var startsOn: CivilDate
    public var workingDays: Int32
    /// Last day, inclusive.
    public var endsOn: CivilDate
    public var wherePublished: String
    public var recordedByAccountID: String
    public var recordedAtUnixMilliseconds: Int64

    public init(
        kind: PublicityKind, startsOn: CivilDate, workingDays: Int32, endsOn: CivilDate, wherePublished: String,
        recordedByAccountID: String, recordedAtUnixMilliseconds: Int64
    ) {
        self.kind = kind
        self.startsOn = startsOn
        self.workingDays = workingDays
        self.endsOn = endsOn
        self.wherePublished = wherePublished
        self.recordedByAccountID = recordedByAccountID
        self.recordedAtUnixMilliseconds = recordedAtUnixMilliseconds
    }

    /// Whether the period is over on `today` (a Beijing date).
    public func hasEnded(asOf today: CivilDate) -> Bool { today > endsOn }
}

/// The outcome of qualification and form review.
public enum QualificationOutcome: Int32, CaseIterable, Hashable, Sendable {
    case passed = 1
    case failed
}

/// The bureau's qualification and form review of a nomination (资格审核、形式审核).
public struct QualificationReview: Hashable, Sendable {
    public var outcome: QualificationOutcome
    public var failureReasons: [String]
    public var comment: String
    public var reviewedByAccountID: String
    public var reviewedAtUnixMilliseconds: Int64

    public init(
        outcome: QualificationOutcome, failureReasons: [String], comment: String, reviewedByAccountID: String,
        reviewedAtUnixMilliseconds: Int64
    ) {
        self.outcome = outcome
        self.failureReasons = failureReasons
        self.comment = comment
        self.reviewedByAccountID = reviewedByAccountID
        self.reviewedAtUnixMilliseconds = reviewedAtUnixMilliseconds
    }
}

/// A nomination (归口推荐) of a teacher or team by its school, for one tier in one round.
public struct Nomination: Hashable, Sendable {
    /// Server-assigned, `N` and eight digits; never reused.
    public var id: String
    public var roundID: String
    public var schoolID: String
    public var tier: Tier
    /// The teacher (individual tiers) or team (`.team`).
    public var subject: EligibilityResult.Subject
    public var state: NominationState
    /// Stored at nomination and at every re-check or waiver decision.
    public var eligibility: EligibilityResult
    /// At most one active waiver per criterion.
    public var waivers: [Waiver]
    public var materials: [DocumentRef]
    public var schoolRecommendation: String
    public var schoolPublicity: PublicityPeriod?
    /// 0 before submission.
    public var submittedAtUnixMilliseconds: Int64
    public var qualificationReview: QualificationReview?
    /// Why it was withdrawn, removed or lapsed.
    public var endReason: String
    /// The cultivation project created on confirmation; empty before.
    public var projectID: String
    public var nominatedByAccountID: String
    public var createdAtUnixMilliseconds: Int64
    public var updatedAtUnixMilliseconds: Int64
    public var revision: Int64

    public init(
        id: String, roundID: String, schoolID: String, tier: Tier, subject: EligibilityResult.Subject,
        state: NominationState, eligibility: EligibilityResult, waivers: [Waiver], materials: [DocumentRef],
        schoolRecommendation: String, schoolPublicity: PublicityPeriod?, submittedAtUnixMilliseconds: Int64,
        qualificationReview: QualificationReview?, endReason: String, projectID: String, nominatedByAccountID: String,
        createdAtUnixMilliseconds: Int64, updatedAtUnixMilliseconds: Int64, revision: Int64
    ) {
        self.id = id
        self.roundID = roundID
        self.schoolID = schoolID
        self.tier = tier
        self.subject = subject
        self.state = state
        self.eligibility = eligibility
        self.waivers = waivers
        self.materials = materials
        self.schoolRecommendation = schoolRecommendation
        self.schoolPublicity = schoolPublicity
        self.submittedAtUnixMilliseconds = submittedAtUnixMilliseconds
        self.qualificationReview = qualificationReview
        self.endReason = endReason
        self.projectID = projectID
        self.nominatedByAccountID = nominatedByAccountID
        self.createdAtUnixMilliseconds = createdAtUnixMilliseconds
        self.updatedAtUnixMilliseconds = updatedAtUnixMilliseconds
        self.revision = revision
    }

    /// The nominated teacher's id, or nil for a team.
    public var teacherID: String? { if case .teacher(let id) = subject { id } else { nil } }
    /// The nominated team's id, or nil for a teacher.
    public var teamID: String? { if case .team(let id) = subject { id } else { nil } }
}
