/// The configuration of one selection round (选拔批次配置): program data the bureau sets, never
/// constants in code. Every change makes a new version; every version is kept.
///
/// ``RoundConfig/defaults(year:)`` holds the plan's documented defaults; the nomination window
/// must still be filled in.
public struct RoundConfig: Hashable, Sendable {
    /// The date ages and years are computed at (基准日); nil means the Beijing date of
    /// `nominationOpensAtUnixMilliseconds`.
    public var referenceDate: CivilDate?
    /// The most nominees of each tier the provisional list may hold (名额, "about" in the plan).
    public var quotas: [Tier: Int32]
    /// Start of the nomination window, inclusive.
    public var nominationOpensAtUnixMilliseconds: Int64
    /// End of the nomination window, exclusive.
    public var nominationClosesAtUnixMilliseconds: Int64
    /// Deadline for schools to submit (报送), exclusive; nil: until nominations are closed.
    public var submissionClosesAtUnixMilliseconds: Int64?
    /// Length of each school publicity (学校公示), in working days.
    public var schoolPublicityWorkingDays: Int32
    /// Length of each public notice (公示) of the provisional list, in working days.
    public var publicNoticeWorkingDays: Int32
    /// The scoring rubric of each tier.
    public var rubrics: [Tier: ScoringRubric]
    public var trimming: TrimmingRule
    /// Tie-break keys in the order applied; `nominationID` is implied last.
    public var tieBreakOrder: [TieBreakKey]
    public var elimination: EliminationRule
    public var teamRule: TeamRule
    /// Years of cultivation for this batch, 2 or 3.
    public var cultivationYears: Int32

    public init(
        referenceDate: CivilDate?, quotas: [Tier: Int32], nominationOpensAtUnixMilliseconds: Int64,
        nominationClosesAtUnixMilliseconds: Int64, submissionClosesAtUnixMilliseconds: Int64?,
        schoolPublicityWorkingDays: Int32, publicNoticeWorkingDays: Int32, rubrics: [Tier: ScoringRubric],
        trimming: TrimmingRule, tieBreakOrder: [TieBreakKey], elimination: EliminationRule, teamRule: TeamRule,
        cultivationYears: Int32
    ) {
        self.referenceDate = referenceDate
        self.quotas = quotas
        self.nominationOpensAtUnixMilliseconds = nominationOpensAtUnixMilliseconds
        self.nominationClosesAtUnixMilliseconds = nominationClosesAtUnixMilliseconds
        self.submissionClosesAtUnixMilliseconds = submissionClosesAtUnixMilliseconds
        self.schoolPublicityWorkingDays = schoolPublicityWorkingDays
        self.publicNoticeWorkingDays = publicNoticeWorkingDays
        self.rubrics = rubrics
        self.trimming = trimming
        self.tieBreakOrder = tieBreakOrder
        self.elimination = elimination
        self.teamRule = teamRule
        self.cultivationYears = cultivationYears
    }

    /// The reference date in force: the configured one, or the Beijing date the window opens.
    public var effectiveReferenceDate: CivilDate {
        referenceDate ?? CivilDate(unixMilliseconds: nominationOpensAtUnixMilliseconds)
    }

    /// The documented defaults: quotas 5 / 15 / 30 / 8, publicity 5 working days each, trimming
    /// 5 / 1 / 1, the default tie-break order, elimination below 60% or at a failed mid-term,
    /// teams of at most 15 with enterprise experts under one third, 3 cultivation years, one
    /// single-item rubric per tier, and an empty nomination window (both ends 0).
    public static var defaults: RoundConfig {
        RoundConfig(
            referenceDate: nil,
            quotas: [.masterTeacher: 5, .leadTeacher: 15, .keyTeacher: 30, .team: 8],
            nominationOpensAtUnixMilliseconds: 0, nominationClosesAtUnixMilliseconds: 0,
            submissionClosesAtUnixMilliseconds: nil, schoolPublicityWorkingDays: 5, publicNoticeWorkingDays: 5,
            rubrics: Dictionary(
                uniqueKeysWithValues: Tier.allCases.map { tier in
                    (tier, ScoringRubric(items: [RubricItem(code: "overall", name: "综合评议", weightPercent: 100, guidance: "")]))
                }),
            trimming: .defaults, tieBreakOrder: TieBreakKey.defaultOrder, elimination: .defaults, teamRule: .defaults,
            cultivationYears: 3)
    }
}

/// One weighted item of a scoring rubric (评分细则项).
public struct RubricItem: Hashable, Sendable {
    /// Unique within the rubric, e.g. `teaching`.
    public var code: String
    public var name: String
    /// The weights of one rubric sum to 100.
    public var weightPercent: Int32
    public var guidance: String

    public init(code: String, name: String, weightPercent: Int32, guidance: String) {
        self.code = code
        self.name = name
        self.weightPercent = weightPercent
        self.guidance = guidance
    }
}

/// A tier's scoring rubric: an expert scores every item 0–100; the expert's total is
/// Σ(score × weight) / 100.
public struct ScoringRubric: Hashable, Sendable {
    public var items: [RubricItem]

    public init(items: [RubricItem]) { self.items = items }
}

/// How expert totals are trimmed (去掉最高分和最低分): with at least `minScoresToTrim` totals,
/// drop the `dropHighest` highest and `dropLowest` lowest and average the rest; with fewer,
/// average all.
public struct TrimmingRule: Hashable, Sendable {
    public var minScoresToTrim: Int32
    public var dropHighest: Int32
    public var dropLowest: Int32

    public init(minScoresToTrim: Int32, dropHighest: Int32, dropLowest: Int32) {
        self.minScoresToTrim = minScoresToTrim
        self.dropHighest = dropHighest
        self.dropLowest = dropLowest
    }

    /// 5 / 1 / 1.
    public static let defaults = TrimmingRule(minScoresToTrim: 5, dropHighest: 1, dropLowest: 1)
}

/// A key that orders nominees with equal final scores; raw values are the wire enum's numbers.
public enum TieBreakKey: Int32, CaseIterable, Hashable, Sendable {
    /// Higher untrimmed mean first.
    case untrimmedMean = 1
    /// Higher lowest total first.
    case lowestScore
    /// Earlier submission to the bureau first.
    case submittedAt
    /// Smaller nomination id first; always applied last, so the order is total.
    case nominationID

    /// Untrimmed mean, lowest score, submission time, nomination id.
    public static let defaultOrder: [TieBreakKey] = [.untrimmedMean, .lowestScore, .submittedAt, .nominationID]
}

/// A rating at an annual inspection or mid-term evaluation; later cases rank higher.
public enum AssessmentRating: Int32, OrderedScale {
    /// 不合格.
    case fail = 1
    /// 合格.
    case pass
    /// 良好.
    case good
    /// 优秀.
    case excellent
}

/// When the system proposes eliminating a cultivation project (淘汰退出规则).
public struct EliminationRule: Hashable, Sendable {
    /// Annual completion below this (‰) proposes elimination; nil: never.
    public var minAnnualCompletionPermille: Int32?
    /// A mid-term rating at or below this proposes elimination; nil: never.
    public var maxEliminatingMidTermRating: AssessmentRating?

    public init(minAnnualCompletionPermille: Int32?, maxEliminatingMidTermRating: AssessmentRating?) {
        self.minAnnualCompletionPermille = minAnnualCompletionPermille
        self.maxEliminatingMidTermRating = maxEliminatingMidTermRating
    }

    /// Below 600‰, or a failed mid-term.
    public static let defaults = EliminationRule(minAnnualCompletionPermille: 600, maxEliminatingMidTermRating: .fail)
}

/// Composition limits for teams (团队构成要求).
public struct TeamRule: Hashable, Sendable {
    /// The most people in a team, leader included.
    public var maxTeamSize: Int32
    /// Enterprise experts must be strictly fewer than `numerator / denominator` of the team:
    /// experts × denominator < size × numerator.
    public var enterpriseExpertShareNumerator: Int32
    public var enterpriseExpertShareDenominator: Int32

    public init(maxTeamSize: Int32, enterpriseExpertShareNumerator: Int32, enterpriseExpertShareDenominator: Int32) {
        self.maxTeamSize = maxTeamSize
        self.enterpriseExpertShareNumerator = enterpriseExpertShareNumerator
        self.enterpriseExpertShareDenominator = enterpriseExpertShareDenominator
    }

    /// At most 15 people; enterprise experts under one third.
    public static let defaults = TeamRule(maxTeamSize: 15, enterpriseExpertShareNumerator: 1, enterpriseExpertShareDenominator: 3)
}
