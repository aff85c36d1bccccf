import Craftsman
import Testing

@Suite struct ScoringTotalTests {
    let rubric = ScoringRubric(items: [
        RubricItem(code: "teaching", name: "教育教学能力", weightPercent: 40, guidance: ""),
        RubricItem(code: "research", name: "教科研能力", weightPercent: 35, guidance: ""),
        RubricItem(code: "ethics", name: "师德师风", weightPercent: 25, guidance: ""),
    ])

    func scores(_ teaching: Double, _ research: Double, _ ethics: Double) -> [ItemScore] {
        [
            ItemScore(itemCode: "teaching", score: teaching), ItemScore(itemCode: "research", score: research),
            ItemScore(itemCode: "ethics", score: ethics),
        ]
    }

    /// The fields of the violations `total` reports, or none.
    func fields(_ scores: [ItemScore]) -> [String] {
        do {
            _ = try Scoring.total(of: scores, rubric: rubric)
            return []
        } catch {
            return error.violations.map(\.field)
        }
    }

    @Test func theTotalIsTheWeightedSumOverOneHundred() throws {
        // (90 × 40 + 80.5 × 35 + 70.25 × 25) / 100 = 81.7375.
        #expect(try Scoring.total(of: scores(90, 80.5, 70.25), rubric: rubric) == 81.7375)
        #expect(try Scoring.total(of: scores(90, 80.5, 70.25).reversed(), rubric: rubric) == 81.7375)
        #expect(try Scoring.total(of: scores(100, 100, 100), rubric: rubric) == 100)
        #expect(try Scoring.total(of: scores(0, 0, 0), rubric: rubric) == 0)
        #expect(try Scoring.total(of: scores(0.01, 0, 0), rubric: rubric) == 0.004)
    }

    @Test func everyItemExactlyOnce() throws {
        var unknown = scores(90, 80, 70)
        unknown.append(ItemScore(itemCode: "charisma", score: 50))
        #expect(fields(unknown) == ["item_scores[3].item_code"])
        var duplicate = scores(90, 80, 70)
        duplicate.insert(ItemScore(itemCode: "teaching", score: 10), at: 1)
        #expect(fields(duplicate) == ["item_scores[1].item_code"])
        let missing = Array(scores(90, 80, 70).dropLast())
        #expect(fields(missing) == ["item_scores"])
        let error = try #require(throws: DomainError.self) { try Scoring.total(of: missing, rubric: rubric) }
        #expect(error.violations.first?.value == "ethics")
        #expect(fields([]) == ["item_scores", "item_scores", "item_scores"])
    }

    @Test func scoresAreZeroToOneHundredWithAtMostTwoDecimals() throws {
        #expect(fields(scores(100.001, 80, 70)) == ["item_scores[0].score"])
        #expect(fields(scores(90, -0.01, 70)) == ["item_scores[1].score"])
        #expect(fields(scores(90, 80, 100.01)) == ["item_scores[2].score"])
        #expect(fields(scores(90, 80.155, 70)) == ["item_scores[1].score"])
        #expect(fields(scores(90, 80.15, 70)).isEmpty)
        #expect(fields(scores(90, 80.1, 70.09)).isEmpty)
        #expect(fields(scores(.nan, 80, .infinity)) == ["item_scores[0].score", "item_scores[2].score"])
        #expect(fields(scores(-.infinity, 80, 70)) == ["item_scores[0].score"])
        let error = try #require(throws: DomainError.self) { try Scoring.total(of: self.scores(90, 80.155, 70), rubric: rubric) }
        #expect(error.message == "item_scores[1].score: 80.155 must have at most two decimal places")
    }

    @Test func everyTwoDecimalScoreIsAcceptedExactly() throws {
        let single = ScoringRubric(items: [RubricItem(code: "overall", name: "综合评议", weightPercent: 100, guidance: "")])
        for hundredths in 0...10_000 {
            let score = Double(hundredths) / 100
            let total = try Scoring.total(of: [ItemScore(itemCode: "overall", score: score)], rubric: single)
            #expect(total == score)
        }
    }
}

@Suite struct ScoringAggregateTests {
    @Test func noScoresGiveNoValues() {
        let score = Scoring.aggregate([], rule: .defaults)
        #expect(
            score
                == AggregateScore(
                    scoreCount: 0, trimmed: false, finalScore: nil, untrimmedMean: nil, lowestScore: nil, highestScore: nil))
    }

    @Test func fourScoresAreNotTrimmedFiveAre() {
        let four = Scoring.aggregate([70, 100, 80, 90], rule: .defaults)
        #expect(
            four
                == AggregateScore(
                    scoreCount: 4, trimmed: false, finalScore: 85, untrimmedMean: 85, lowestScore: 70, highestScore: 100))
        let five = Scoring.aggregate([50, 82, 100, 80, 81], rule: .defaults)
        #expect(
            five
                == AggregateScore(
                    scoreCount: 5, trimmed: true, finalScore: 81, untrimmedMean: 78.6, lowestScore: 50, highestScore: 100))
    }

    @Test func customRules() {
        let dropLowestOnly = TrimmingRule(minScoresToTrim: 3, dropHighest: 0, dropLowest: 1)
        #expect(Scoring.aggregate([30, 10, 20], rule: dropLowestOnly).finalScore == 25)
        #expect(Scoring.aggregate([30, 10], rule: dropLowestOnly).finalScore == 20)
        let twoEachSide = TrimmingRule(minScoresToTrim: 7, dropHighest: 2, dropLowest: 2)
        let six = Scoring.aggregate([0, 10, 50, 60, 90, 100], rule: twoEachSide)
        #expect(six.trimmed == false)
        #expect(six.finalScore == 51.6667)
        let seven = Scoring.aggregate([0, 10, 50, 60, 70, 90, 100], rule: twoEachSide)
        #expect(seven.trimmed)
        #expect(seven.finalScore == 60)
        #expect(seven.untrimmedMean == 54.2857)
        let never = TrimmingRule(minScoresToTrim: 1, dropHighest: 0, dropLowest: 0)
        #expect(Scoring.aggregate([0, 100], rule: never) == Scoring.aggregate([0, 100], rule: .defaults))
    }

    @Test func valuesAreRoundedHalfUpToFourDecimals() {
        #expect(Scoring.aggregate([80, 80, 80.01], rule: .defaults).finalScore == 80.0033)
        #expect(Scoring.aggregate([80.0001, 80.0002], rule: .defaults).finalScore == 80.0002)
        #expect(Scoring.aggregate([80, 80.02], rule: .defaults).finalScore == 80.01)
    }

    @Test func totalsOutsideTheScaleAreClamped() {
        let score = Scoring.aggregate([-5, 130, .nan], rule: .defaults)
        #expect(score.lowestScore == 0)
        #expect(score.highestScore == 100)
        #expect(score.finalScore == 33.3333)
    }
}
