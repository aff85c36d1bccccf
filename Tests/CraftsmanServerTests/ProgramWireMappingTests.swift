import Craftsman
import CraftsmanProto
import Testing

@testable import CraftsmanServer

@Suite struct ProgramWireMappingTests {
    /// The defaults with a nomination window, as the wire carries them.
    var validWire: CraftsmanProto.RoundConfig {
        var config = Craftsman.RoundConfig.defaults
        config.nominationOpensAtUnixMilliseconds = 1_772_294_400_000
        config.nominationClosesAtUnixMilliseconds = 1_774_972_800_000
        return CraftsmanProto.RoundConfig(config)
    }

    /// The violations `validated(year:)` reports, or none.
    func violations(_ change: (inout CraftsmanProto.RoundConfig) -> Void) -> [DomainError.Violation] {
        var wire = validWire
        change(&wire)
        do {
            _ = try wire.validated(year: 2026)
            return []
        } catch {
            #expect(error.code == .invalidArgument)
            return error.violations
        }
    }

    @Test func theRoundDefaultsSurviveARoundTrip() throws {
        let defaults = Craftsman.RoundConfig.defaults
        let wire = CraftsmanProto.RoundConfig(defaults)
        #expect(wire.quotas.map(\.tier) == [.masterTeacher, .leadTeacher, .keyTeacher, .team])
        #expect(wire.quotas.map(\.quota) == [5, 15, 30, 8])
        #expect(wire.rubrics.map(\.tier) == [.masterTeacher, .leadTeacher, .keyTeacher, .team])
        #expect(wire.rubrics[0].items == [CraftsmanProto.RubricItem(code: "overall", name: "综合评议", weightPercent: 100)])
        #expect(wire.trimming == CraftsmanProto.TrimmingRule(minScoresToTrim: 5, dropHighest: 1, dropLowest: 1))
        #expect(wire.tieBreakOrder == [.untrimmedMean, .lowestScore, .submittedAt, .nominationID])
        #expect(
            wire.elimination
                == CraftsmanProto.EliminationRule(minAnnualCompletionPermille: 600, maxEliminatingMidTermRating: .fail))
        #expect(
            wire.teamRule
                == CraftsmanProto.TeamRule(
                    maxTeamSize: 15, enterpriseExpertShareNumerator: 1, enterpriseExpertShareDenominator: 3))
        #expect(wire.cultivationYears == 3)
        #expect(wire.referenceDate == nil)
        #expect(wire.submissionClosesAtUnixMs == nil)
        #expect(try wire.domain() == defaults)
        // Through the bytes as well.
        let bytes = try wire.serializedBytes()
        let decoded = try bytes.withUnsafeBytes { try CraftsmanProto.RoundConfig(serializedBytes: $0, limits: .default) }
        #expect(try decoded.domain() == defaults)
    }

    @Test func everyOptionalPartSurvivesARoundTrip() throws {
        var config = try validWire.validated(year: 2026)
        config.referenceDate = CivilDate(year: 2026, month: 3, day: 9)
        config.submissionClosesAtUnixMilliseconds = config.nominationClosesAtUnixMilliseconds + 1
        config.elimination = EliminationRule(minAnnualCompletionPermille: nil, maxEliminatingMidTermRating: nil)
        config.tieBreakOrder = [.submittedAt]
        config.rubrics[.team] = ScoringRubric(items: [
            RubricItem(code: "teamwork", name: "团队协作", weightPercent: 70, guidance: "看成果"),
            RubricItem(code: "output", name: "成果", weightPercent: 30, guidance: ""),
        ])
        #expect(try CraftsmanProto.RoundConfig(config).validated(year: 2026) == config)
        config.elimination = EliminationRule(minAnnualCompletionPermille: 0, maxEliminatingMidTermRating: .good)
        #expect(try CraftsmanProto.RoundConfig(config).validated(year: 2026) == config)
    }

    @Test func theDefaultsNeedTheWindowFilled() throws {
        let error = try #require(throws: DomainError.self) {
            try CraftsmanProto.RoundConfig(Craftsman.RoundConfig.defaults).validated(year: 2026)
        }
        #expect(error.violations.map(\.field) == ["config.nomination_opens_at_unix_ms", "config.nomination_closes_at_unix_ms"])
    }

    @Test func wireProblemsAreNamed() {
        #expect(
            violations { $0.quotas[3].tier = .unspecified }.map(\.field) == ["config.quotas[3].tier", "config.quotas[TIER_TEAM]"])
        let duplicate = violations { $0.quotas.append(CraftsmanProto.TierQuota(tier: .leadTeacher, quota: 99)) }
        #expect(duplicate.map(\.field) == ["config.quotas[4].tier"])
        #expect(duplicate.first?.value == "TIER_LEAD_TEACHER")
        #expect(duplicate.first?.rule == "repeats config.quotas[1]; one entry per tier")
        #expect(violations { $0.rubrics.removeFirst() }.map(\.field) == ["config.rubrics[TIER_MASTER_TEACHER]"])
        #expect(
            violations { $0.rubrics[1].tier = .masterTeacher }.map(\.field) == [
                "config.rubrics[1].tier", "config.rubrics[TIER_LEAD_TEACHER]",
            ])
        #expect(
            violations { $0.referenceDate = CraftsmanProto.CivilDate(year: 2026, month: 0, day: 0) }.map(\.field) == [
                "config.reference_date.month", "config.reference_date.day",
            ])
        let notADate = violations { $0.referenceDate = CraftsmanProto.CivilDate(year: 2026, month: 2, day: 29) }
        #expect(notADate.map(\.field) == ["config.reference_date"])
        #expect(notADate.first?.value == "2026-2-29")
        let unspecifiedKey = violations { $0.tieBreakOrder.insert(.unspecified, at: 1) }
        #expect(unspecifiedKey.map(\.field) == ["config.tie_break_order[1]"])
        #expect(unspecifiedKey.first?.value == "TIE_BREAK_KEY_UNSPECIFIED")
        #expect(
            violations { $0.elimination?.maxEliminatingMidTermRating = .unspecified }.map(\.field) == [
                "config.elimination.max_eliminating_mid_term_rating"
            ])
        #expect(violations { $0.trimming = nil }.map(\.field) == ["config.trimming"])
        #expect(violations { $0.elimination = nil }.map(\.field) == ["config.elimination"])
        #expect(violations { $0.teamRule = nil }.map(\.field) == ["config.team_rule"])
    }

    @Test func wireAndDomainViolationsAreReportedTogether() {
        let found = violations {
            $0.quotas[0].tier = .unspecified
            $0.cultivationYears = 7
            $0.rubrics[2].items[0].weightPercent = 0
        }
        #expect(
            found.map(\.field) == [
                "config.quotas[0].tier", "config.quotas[TIER_MASTER_TEACHER]",
                "config.rubrics[TIER_KEY_TEACHER].items[0].weight_percent", "config.rubrics[TIER_KEY_TEACHER].items",
                "config.cultivation_years",
            ])
    }

    @Test func theProgramDefaultsSurviveARoundTrip() throws {
        var program = Craftsman.ProgramConfig.defaults
        #expect(try CraftsmanProto.ProgramConfig(program).validated() == program)
        program.holidays = [CivilDate(year: 2024, month: 10, day: 7)!, CivilDate(year: 2024, month: 10, day: 1)!]
        program.makeupWorkingDays = [CivilDate(year: 2024, month: 9, day: 29)!]
        let wire = CraftsmanProto.ProgramConfig(program)
        #expect(wire.targets.map(\.target) == [20, 60, 120, 30])
        #expect(wire.holidays.map(\.day) == [1, 7])
        #expect(try wire.validated() == program)
    }

    @Test func programWireProblemsAreNamed() throws {
        var wire = CraftsmanProto.ProgramConfig(Craftsman.ProgramConfig.defaults)
        wire.targets[2].tier = .unspecified
        wire.holidays = [
            CraftsmanProto.CivilDate(year: 2024, month: 10, day: 1), CraftsmanProto.CivilDate(year: 2024, month: 10, day: 1),
            CraftsmanProto.CivilDate(year: 0, month: 10, day: 2),
        ]
        wire.makeupWorkingDays = [CraftsmanProto.CivilDate(year: 2024, month: 10, day: 2)]
        let error = try #require(throws: DomainError.self) { try wire.validated() }
        #expect(
            error.violations.map(\.field) == [
                "config.targets[2].tier", "config.holidays[1]", "config.holidays[2].year", "config.targets[TIER_KEY_TEACHER]",
                "config.makeup_working_days",
            ])
    }

    @Test func scoresAndRankingsMapToTheWire() {
        let entries = Ranking.rank(
            [
                RankingCandidate(nominationID: "N2", schoolID: "S1", submittedAtUnixMilliseconds: 5, totals: [80]),
                RankingCandidate(nominationID: "N1", schoolID: "S2", submittedAtUnixMilliseconds: 6, totals: [80]),
                RankingCandidate(nominationID: "N3", schoolID: "S3", submittedAtUnixMilliseconds: 7, totals: []),
            ], rule: .defaults, tieBreakOrder: TieBreakKey.defaultOrder, quota: 1)
        let wire = entries.map(CraftsmanProto.RankingEntry.init)
        #expect(
            wire[1]
                == CraftsmanProto.RankingEntry(
                    rank: 2, nominationID: "N1", schoolID: "S2",
                    score: CraftsmanProto.AggregateScore(
                        nominationID: "N1", scoreCount: 1, trimmed: false, finalScore: 80, untrimmedMean: 80, lowestScore: 80,
                        highestScore: 80), withinQuota: false, submittedAtUnixMs: 6, tieBrokenBy: .submittedAt))
        #expect(wire[0].tieBrokenBy == nil)
        #expect(wire[0].withinQuota)
        #expect(wire[2].score == CraftsmanProto.AggregateScore(nominationID: "N3", scoreCount: 0))
    }
}
