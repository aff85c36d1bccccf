/// One eligibility criterion (选拔条件) of the plan; raw values are the wire enum's numbers.
public enum EligibilityCriterion: Int32, CaseIterable, Hashable, Sendable {
    case employedInPost = 1
    case ethics
    case age
    case education
    case teachingYears
    case titleOrSkill
    case title
    case subjectSkill
    case enterprisePractice
    case industryExperience
    case researchOrHonour
    case recentHostedProject
    case competitionAward
    case expertJudgement
    case teamSize
    case teamEnterpriseShare
    case teamRoleCoverage
    case teamMajor
    case teamLeaderTitleOrSkill
    case teamMemberEthics
    case teamMembersOfSchool
}

/// The outcome of one eligibility line; raw values are the wire enum's numbers.
public enum CriterionStatus: Int32, CaseIterable, Hashable, Sendable {
    /// 符合.
    case met = 1
    /// 不符合, and no approved waiver covers it: blocks qualification review.
    case notMet
    /// Not satisfied, but covered by a waiver the bureau approved.
    case waived
    /// Only experts can judge it; does not block review.
    case needsExpertJudgement
    /// Does not apply to this candidate.
    case notApplicable
}

/// One figure an eligibility line used: an actual value or a threshold.
public struct EligibilityFigure: Hashable, Sendable {
    /// snake_case, e.g. `age_years`, `max_age_years`.
    public var name: String
    public var number: Double?
    /// The value as text when it is not a number, e.g. `TITLE_RANK_ASSOCIATE_SENIOR`.
    public var text: String
    /// e.g. `years`, `months`; empty when unitless.
    public var unit: String

    public init(name: String, number: Double? = nil, text: String = "", unit: String = "") {
        self.name = name
        self.number = number
        self.text = text
        self.unit = unit
    }
}

/// One criterion of an eligibility check, with its status and the figures used (逐条说明).
public struct EligibilityLine: Hashable, Sendable {
    public var criterion: EligibilityCriterion
    public var status: CriterionStatus
    /// Whether an approved waiver may cover it (一般 / 特别优秀的可放宽).
    public var waivable: Bool
    /// The rule as applied, e.g. "age ≤ 50 at the reference date 2024-03-01".
    public var rule: String
    /// The plan clause, e.g. "二(二)1(1)".
    public var planClause: String
    public var figures: [EligibilityFigure]
    /// Ids of the projects, awards or honours that satisfied it.
    public var evidenceIDs: [String]
    /// For team lines about one member: the member's teacher id (empty for enterprise members).
    public var memberTeacherID: String
    /// For team lines about one member: the member's name.
    public var memberName: String
    /// The nomination's waiver for this criterion, if one was requested.
    public var waiverID: String
    public var waiverState: WaiverState?
    /// The approved justification when `status` is `.waived`.
    public var waiverJustification: String
    /// One sentence, e.g. "age 52 exceeds 50 for MASTER_TEACHER and no approved exception".
    public var explanation: String

    public init(
        criterion: EligibilityCriterion, status: CriterionStatus, waivable: Bool, rule: String, planClause: String,
        figures: [EligibilityFigure] = [], evidenceIDs: [String] = [], memberTeacherID: String = "",
        memberName: String = "", waiverID: String = "", waiverState: WaiverState? = nil,
        waiverJustification: String = "", explanation: String
    ) {
        self.criterion = criterion
        self.status = status
        self.waivable = waivable
        self.rule = rule
        self.planClause = planClause
        self.figures = figures
        self.evidenceIDs = evidenceIDs
        self.memberTeacherID = memberTeacherID
        self.memberName = memberName
        self.waiverID = waiverID
        self.waiverState = waiverState
        self.waiverJustification = waiverJustification
        self.explanation = explanation
    }
}

/// The result of an eligibility check of a teacher or team for a tier (资格条件审查).
public struct EligibilityResult: Hashable, Sendable {
    /// Who was checked.
    public enum Subject: Hashable, Sendable {
        case teacher(id: String)
        case team(id: String)
    }

    public var tier: Tier
    public var subject: Subject
    /// The round whose configuration was used; empty for a check outside a round.
    public var roundID: String
    public var referenceDate: CivilDate
    public var roundConfigVersion: Int64
    /// The registry revision of the teacher or team checked.
    public var subjectRevision: Int64
    public var checkedAtUnixMilliseconds: Int64
    /// One line per criterion that applies to the tier, in criterion order.
    public var lines: [EligibilityLine]

    public init(
        tier: Tier, subject: Subject, roundID: String, referenceDate: CivilDate, roundConfigVersion: Int64,
        subjectRevision: Int64, checkedAtUnixMilliseconds: Int64, lines: [EligibilityLine]
    ) {
        self.tier = tier
        self.subject = subject
        self.roundID = roundID
        self.referenceDate = referenceDate
        self.roundConfigVersion = roundConfigVersion
        self.subjectRevision = subjectRevision
        self.checkedAtUnixMilliseconds = checkedAtUnixMilliseconds
        self.lines = lines
    }

    /// True when no line is `.notMet`: every hard criterion is met, waived or not applicable.
    public var hardCriteriaSatisfied: Bool { !lines.contains { $0.status == .notMet } }
}
