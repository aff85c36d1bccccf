import Craftsman
import Testing

@Suite struct RankingTests {
    func candidate(_ id: String, _ totals: [Double], submitted: Int64 = 1_000, school: String = "S00000001") -> RankingCandidate {
        RankingCandidate(nominationID: id, schoolID: school, submittedAtUnixMilliseconds: submitted, totals: totals)
    }

    func rank(
        _ candidates: [RankingCandidate], order: [TieBreakKey] = TieBreakKey.defaultOrder, quota: Int = 10,
        rule: TrimmingRule = .defaults
    ) -> [RankedEntry] {
        Ranking.rank(candidates, rule: rule, tieBreakOrder: order, quota: quota)
    }

    @Test func higherFinalScoresRankFirstWithDistinctRanks() {
        let entries = rank([candidate("N3", [70]), candidate("N1", [90]), candidate("N2", [80])], quota: 2)
        #expect(entries.map(\.nominationID) == ["N1", "N2", "N3"])
        #expect(entries.map(\.rank) == [1, 2, 3])
        #expect(entries.map(\.withinQuota) == [true, true, false])
        #expect(entries.map(\.tieBrokenBy) == [nil, nil, nil])
        #expect(entries[0].score.finalScore == 90)
        #expect(entries[0].schoolID == "S00000001")
        #expect(entries[0].submittedAtUnixMilliseconds == 1_000)
    }

    @Test func theUntrimmedMeanBreaksATieFirst() {
        // Both trim to 80; untrimmed means 81 and 80.
        let entries = rank([candidate("N1", [75, 80, 80, 80, 85]), candidate("N2", [70, 80, 80, 80, 95])])
        #expect(entries.map(\.nominationID) == ["N2", "N1"])
        #expect(entries.map(\.tieBrokenBy) == [nil, .untrimmedMean])
    }

    @Test func thenTheLowestScore() {
        // Both trim to 80 with untrimmed mean 80; lowest 70 and 75.
        let entries = rank([candidate("N1", [70, 80, 80, 80, 90]), candidate("N2", [75, 80, 80, 80, 85])])
        #expect(entries.map(\.nominationID) == ["N2", "N1"])
        #expect(entries[1].tieBrokenBy == .lowestScore)
    }

    @Test func thenTheEarlierSubmission() {
        let entries = rank([candidate("N1", [80, 90], submitted: 2_000), candidate("N2", [90, 80], submitted: 1_999)])
        #expect(entries.map(\.nominationID) == ["N2", "N1"])
        #expect(entries[1].tieBrokenBy == .submittedAt)
    }

    @Test func allEqualFallsToTheNominationIDByteWise() {
        let candidates = [candidate("N-b", [80]), candidate("N-B", [80]), candidate("N-a", [80])]
        let entries = rank(candidates)
        // Byte-wise: "B" (0x42) before "a" (0x61) before "b" (0x62).
        #expect(entries.map(\.nominationID) == ["N-B", "N-a", "N-b"])
        #expect(entries.map(\.tieBrokenBy) == [nil, .nominationID, .nominationID])
        #expect(rank(Array(candidates.reversed())) == entries)
        // Canonically equal strings that differ in bytes are still ordered by their bytes.
        let composed = candidate("N\u{E9}", [80])
        let decomposed = candidate("Ne\u{301}", [80])
        #expect(rank([composed, decomposed]).map(\.nominationID.utf8.count) == [4, 3])
        #expect(rank([decomposed, composed]).map(\.nominationID.utf8.count) == [4, 3])
    }

    @Test func theConfiguredOrderDecides() {
        // N1 has the higher untrimmed mean, N2 the higher lowest score, N3 the earliest submission.
        let candidates = [
            candidate("N1", [70, 80, 80, 80, 95], submitted: 3_000), candidate("N2", [75, 80, 80, 80, 85], submitted: 2_000),
            candidate("N3", [72, 80, 80, 80, 90], submitted: 1_000),
        ]
        #expect(rank(candidates, order: [.untrimmedMean]).map(\.nominationID) == ["N1", "N3", "N2"])
        #expect(rank(candidates, order: [.lowestScore]).map(\.nominationID) == ["N2", "N3", "N1"])
        #expect(rank(candidates, order: [.submittedAt]).map(\.nominationID) == ["N3", "N2", "N1"])
        #expect(rank(candidates, order: [.submittedAt]).map(\.tieBrokenBy) == [nil, .submittedAt, .submittedAt])
        // The nomination id always decides where it stands; keys after it are never reached.
        #expect(rank(candidates, order: []).map(\.nominationID) == ["N1", "N2", "N3"])
        #expect(rank(candidates, order: [.nominationID, .submittedAt]).map(\.nominationID) == ["N1", "N2", "N3"])
        #expect(rank(candidates, order: [.lowestScore, .lowestScore]).map(\.tieBrokenBy) == [nil, .lowestScore, .lowestScore])
    }

    @Test func nomineesWithoutScoresComeLast() {
        let entries = rank(
            [
                candidate("N1", [], submitted: 5), candidate("N2", [10]), candidate("N3", [], submitted: 4),
                candidate("N4", [95]),
            ], quota: 3)
        #expect(entries.map(\.nominationID) == ["N4", "N2", "N3", "N1"])
        #expect(entries.map(\.tieBrokenBy) == [nil, nil, nil, .submittedAt])
        #expect(entries.map(\.withinQuota) == [true, true, true, false])
        #expect(entries[2].score.scoreCount == 0)
        #expect(entries[2].score.finalScore == nil)
    }

    @Test func theTieBreakDecidesWhoIsWithinQuota() {
        let entries = rank(
            [candidate("N1", [90]), candidate("N2", [80, 90]), candidate("N3", [85, 85]), candidate("N4", [70])], quota: 2)
        // N2 and N3 tie at 85 with the same untrimmed mean; N3's lowest total is higher.
        #expect(entries.map(\.nominationID) == ["N1", "N3", "N2", "N4"])
        #expect(entries.map(\.withinQuota) == [true, true, false, false])
        #expect(entries[2].tieBrokenBy == .lowestScore)
        #expect(rank([candidate("N1", [90])], quota: 0).map(\.withinQuota) == [false])
    }

    @Test func floatingPointNeverDecidesATie() {
        // As Doubles (80.0 + 80.02) / 2 is 80.00999999999999, below 80.01; exactly, both means are 80.01.
        let low = [candidate("N2", [80.0, 80.02], submitted: 1), candidate("N1", [80.01, 80.01], submitted: 2)]
        let lowEntries = rank(low, order: [.untrimmedMean, .submittedAt])
        #expect(lowEntries.map(\.nominationID) == ["N2", "N1"])
        #expect(lowEntries[1].tieBrokenBy == .submittedAt)
        #expect(lowEntries.map(\.score.finalScore) == [80.01, 80.01])
        // (50.0 + 50.02) / 2 is 50.010000000000005 as Doubles, above 50.01.
        let high = [candidate("N2", [50.0, 50.02], submitted: 2), candidate("N1", [50.01, 50.01], submitted: 1)]
        #expect(rank(high, order: [.submittedAt]).map(\.nominationID) == ["N1", "N2"])
        #expect(rank(high, order: [.submittedAt])[1].tieBrokenBy == .submittedAt)
        // Trimmed means of five, equal as rationals.
        let trimmed = [
            candidate("N2", [60, 70.1, 70.2, 70.3, 99], submitted: 2), candidate("N1", [60, 70.2, 70.2, 70.2, 99], submitted: 1),
        ]
        #expect(rank(trimmed, order: [.untrimmedMean, .lowestScore, .submittedAt]).map(\.nominationID) == ["N1", "N2"])
        #expect(rank(trimmed)[1].tieBrokenBy == .submittedAt)
    }

    @Test func emptyInputRanksNothing() {
        #expect(rank([]).isEmpty)
    }
}
