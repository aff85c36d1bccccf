import Craftsman
import Testing

/// One way to break a round configuration, and the fields that must be named, in order.
struct RoundConfigBreak: Sendable, CustomTestStringConvertible {
    let fields: [String]
    let change: @Sendable (inout RoundConfig) -> Void

    init(_ fields: String..., change: @escaping @Sendable (inout RoundConfig) -> Void) {
        self.fields = fields
        self.change = change
    }

    var testDescription: String { fields.joined(separator: ", ") }
}

/// The defaults with a nomination window: 2026-03-01 to 2026-04-01, Beijing time.
let validRoundConfig: RoundConfig = {
    var config = RoundConfig.defaults
    config.nominationOpensAtUnixMilliseconds = CivilDate(year: 2026, month: 3, day: 1)!.startUnixMilliseconds
    config.nominationClosesAtUnixMilliseconds = CivilDate(year: 2026, month: 4, day: 1)!.startUnixMilliseconds
    return config
}()

/// The violations `validate` reports, or none.
func violations(of config: RoundConfig, year: Int32 = 2026) -> [DomainError.Violation] {
    do {
        try config.validate(year: year)
        return []
    } catch {
        #expect(error.code == .invalidArgument)
        return error.violations
    }
}

func rubric(_ weights: [(String, Int32)]) -> ScoringRubric {
    ScoringRubric(items: weights.map { RubricItem(code: $0.0, name: "项目\($0.0)", weightPercent: $0.1, guidance: "") })
}

@Suite struct RoundConfigValidationTests {
    @Test func theDefaultsPassOnceTheWindowIsFilled() {
        #expect(violations(of: validRoundConfig).isEmpty)
        let unfilled = violations(of: RoundConfig.defaults).map(\.field)
        #expect(unfilled == ["config.nomination_opens_at_unix_ms", "config.nomination_closes_at_unix_ms"])
    }

    static let breaks: [RoundConfigBreak] = [
        RoundConfigBreak("config.quotas[TIER_TEAM]") { $0.quotas[.team] = nil },
        RoundConfigBreak("config.quotas[TIER_TEAM].quota") { $0.quotas[.team] = 0 },
        RoundConfigBreak("config.quotas[TIER_MASTER_TEACHER].quota") { $0.quotas[.masterTeacher] = 1001 },
        RoundConfigBreak("config.quotas[TIER_KEY_TEACHER].quota") { $0.quotas[.keyTeacher] = -3 },
        RoundConfigBreak("config.nomination_opens_at_unix_ms") {
            $0.nominationOpensAtUnixMilliseconds = -5
            $0.nominationClosesAtUnixMilliseconds = 10
        },
        RoundConfigBreak("config.nomination_closes_at_unix_ms") {
            $0.nominationClosesAtUnixMilliseconds = $0.nominationOpensAtUnixMilliseconds
        },
        RoundConfigBreak("config.submission_closes_at_unix_ms") {
            $0.submissionClosesAtUnixMilliseconds = $0.nominationOpensAtUnixMilliseconds
        },
        RoundConfigBreak("config.reference_date") { $0.referenceDate = CivilDate(year: 2028, month: 1, day: 1) },
        RoundConfigBreak("config.reference_date") { $0.referenceDate = CivilDate(year: 2024, month: 12, day: 31) },
        RoundConfigBreak("config.school_publicity_working_days") { $0.schoolPublicityWorkingDays = 0 },
        RoundConfigBreak("config.school_publicity_working_days") { $0.schoolPublicityWorkingDays = 31 },
        RoundConfigBreak("config.public_notice_working_days") { $0.publicNoticeWorkingDays = -1 },
        RoundConfigBreak("config.rubrics[TIER_KEY_TEACHER]") { $0.rubrics[.keyTeacher] = nil },
        RoundConfigBreak("config.rubrics[TIER_MASTER_TEACHER].items") { $0.rubrics[.masterTeacher] = ScoringRubric(items: []) },
        RoundConfigBreak("config.rubrics[TIER_MASTER_TEACHER].items") {
            $0.rubrics[.masterTeacher] = rubric((0..<51).map { ("item_\($0)", $0 < 49 ? 2 : 1) })
        },
        RoundConfigBreak("config.rubrics[TIER_LEAD_TEACHER].items") {
            $0.rubrics[.leadTeacher] = rubric([("a", 50), ("b", 40)])
        },
        RoundConfigBreak("config.rubrics[TIER_TEAM].items[1].code") { $0.rubrics[.team] = rubric([("same", 50), ("same", 50)]) },
        RoundConfigBreak("config.rubrics[TIER_TEAM].items[0].code") { $0.rubrics[.team] = rubric([("", 100)]) },
        RoundConfigBreak("config.rubrics[TIER_TEAM].items[0].code") { $0.rubrics[.team] = rubric([("Teaching", 100)]) },
        RoundConfigBreak("config.rubrics[TIER_TEAM].items[0].code") { $0.rubrics[.team] = rubric([("教学", 100)]) },
        RoundConfigBreak("config.rubrics[TIER_TEAM].items[0].code") {
            $0.rubrics[.team] = rubric([(String(repeating: "a", count: 33), 100)])
        },
        RoundConfigBreak("config.rubrics[TIER_TEAM].items[0].name") {
            $0.rubrics[.team] = ScoringRubric(items: [RubricItem(code: "overall", name: "", weightPercent: 100, guidance: "")])
        },
        RoundConfigBreak("config.rubrics[TIER_TEAM].items[0].guidance") {
            $0.rubrics[.team] = ScoringRubric(items: [RubricItem(code: "overall", name: "综合", weightPercent: 100, guidance: " x")]
            )
        },
        RoundConfigBreak("config.rubrics[TIER_MASTER_TEACHER].items[1].weight_percent") {
            $0.rubrics[.masterTeacher] = rubric([("a", 100), ("b", 0)])
        },
        RoundConfigBreak(
            "config.rubrics[TIER_MASTER_TEACHER].items[0].weight_percent",
            "config.rubrics[TIER_MASTER_TEACHER].items[1].weight_percent"
        ) {
            $0.rubrics[.masterTeacher] = rubric([("a", 101), ("b", -1)])
        },
        RoundConfigBreak("config.trimming.min_scores_to_trim") { $0.trimming.minScoresToTrim = 0 },
        RoundConfigBreak("config.trimming.drop_highest") { $0.trimming.dropHighest = -1 },
        RoundConfigBreak("config.trimming.drop_lowest") { $0.trimming.dropLowest = -1 },
        RoundConfigBreak("config.trimming") { $0.trimming = TrimmingRule(minScoresToTrim: 5, dropHighest: 3, dropLowest: 2) },
        RoundConfigBreak("config.tie_break_order[2]") { $0.tieBreakOrder = [.lowestScore, .submittedAt, .lowestScore] },
        RoundConfigBreak("config.tie_break_order[0]") { $0.tieBreakOrder = [.nominationID, .submittedAt] },
        RoundConfigBreak("config.elimination.min_annual_completion_permille") { $0.elimination.minAnnualCompletionPermille = -1 },
        RoundConfigBreak("config.elimination.min_annual_completion_permille") {
            $0.elimination.minAnnualCompletionPermille = 1001
        },
        RoundConfigBreak("config.team_rule.max_team_size") { $0.teamRule.maxTeamSize = 1 },
        RoundConfigBreak("config.team_rule.max_team_size") { $0.teamRule.maxTeamSize = 51 },
        RoundConfigBreak("config.team_rule.enterprise_expert_share_numerator") { $0.teamRule.enterpriseExpertShareNumerator = 0 },
        RoundConfigBreak("config.team_rule.enterprise_expert_share_numerator") {
            $0.teamRule = TeamRule(maxTeamSize: 15, enterpriseExpertShareNumerator: 3, enterpriseExpertShareDenominator: 3)
        },
        RoundConfigBreak("config.team_rule.enterprise_expert_share_denominator") {
            $0.teamRule = TeamRule(maxTeamSize: 15, enterpriseExpertShareNumerator: 1, enterpriseExpertShareDenominator: 101)
        },
        RoundConfigBreak("config.cultivation_years") { $0.cultivationYears = 1 },
        RoundConfigBreak("config.cultivation_years") { $0.cultivationYears = 4 },
    ]

    @Test(arguments: breaks) func everyRuleIsRefusedNamingTheField(_ broken: RoundConfigBreak) {
        var config = validRoundConfig
        broken.change(&config)
        let found = violations(of: config)
        #expect(found.map(\.field) == broken.fields)
        for violation in found {
            #expect(!violation.rule.isEmpty)
        }
    }

    @Test func everyViolationIsReportedAtOnce() throws {
        var config = validRoundConfig
        config.quotas[.team] = 0
        config.cultivationYears = 5
        config.teamRule.maxTeamSize = 0
        let error = try #require(throws: DomainError.self) { try config.validate(year: 2026) }
        #expect(error.violations.count == 3)
        #expect(error.message == "config.quotas[TIER_TEAM].quota: 0 must be from 1 to 1000 (and 2 more)")
    }

    @Test func theLimitsThemselvesAreAccepted() {
        var config = validRoundConfig
        config.quotas = [.masterTeacher: 1, .leadTeacher: 1000, .keyTeacher: 30, .team: 8]
        config.referenceDate = CivilDate(year: 2025, month: 1, day: 1)
        config.submissionClosesAtUnixMilliseconds = config.nominationOpensAtUnixMilliseconds + 1
        config.schoolPublicityWorkingDays = 1
        config.publicNoticeWorkingDays = 30
        config.rubrics[.masterTeacher] = rubric((0..<50).map { ("item_\($0)", 2) })
        config.rubrics[.team] = rubric([(String(repeating: "z", count: 32), 1), ("a_9", 99)])
        config.trimming = TrimmingRule(minScoresToTrim: 3, dropHighest: 2, dropLowest: 0)
        config.tieBreakOrder = []
        config.elimination = EliminationRule(minAnnualCompletionPermille: nil, maxEliminatingMidTermRating: nil)
        config.teamRule = TeamRule(maxTeamSize: 50, enterpriseExpertShareNumerator: 99, enterpriseExpertShareDenominator: 100)
        config.cultivationYears = 2
        #expect(violations(of: config).isEmpty)
        config.referenceDate = CivilDate(year: 2027, month: 12, day: 31)
        config.tieBreakOrder = [.submittedAt, .nominationID]
        config.elimination.minAnnualCompletionPermille = 1000
        config.trimming = TrimmingRule(minScoresToTrim: 1, dropHighest: 0, dropLowest: 0)
        #expect(violations(of: config).isEmpty)
    }

    @Test func violationsNameTheValueAndTheRule() throws {
        var config = validRoundConfig
        config.rubrics[.masterTeacher] = rubric([("teaching", 60), ("research", 30)])
        let found = violations(of: config)
        let sum = try #require(found.first)
        #expect(sum.value == "weights summing to 90")
        #expect(sum.rule == "must have weights summing to exactly 100")
        config = validRoundConfig
        config.tieBreakOrder = [.untrimmedMean, .untrimmedMean]
        #expect(violations(of: config).first?.value == "TIE_BREAK_KEY_UNTRIMMED_MEAN")
    }
}
