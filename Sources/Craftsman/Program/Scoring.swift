/// One expert's score of one rubric item (评分细则项得分).
public struct ItemScore: Hashable, Sendable {
    /// The rubric item's code, e.g. `teaching`.
    public var itemCode: String
    /// 0–100 inclusive, at most two decimal places.
    public var score: Double

    public init(itemCode: String, score: Double) {
        self.itemCode = itemCode
        self.score = score
    }
}

/// A nominee's aggregated score (综合得分) under the round's trimming rule, as shown. The values
/// are in points, rounded to four decimal places; ``Ranking`` orders by the exact values.
public struct AggregateScore: Hashable, Sendable {
    /// How many expert totals there are.
    public var scoreCount: Int
    /// Whether any totals were dropped under the trimming rule.
    public var trimmed: Bool
    /// The trimmed mean (the plain mean when not trimmed); nil with no scores.
    public var finalScore: Double?
    /// The mean of all totals; nil with no scores.
    public var untrimmedMean: Double?
    /// The lowest total; nil with no scores.
    public var lowestScore: Double?
    /// The highest total; nil with no scores.
    public var highestScore: Double?

    public init(
        scoreCount: Int, trimmed: Bool, finalScore: Double?, untrimmedMean: Double?, lowestScore: Double?,
        highestScore: Double?
    ) {
        self.scoreCount = scoreCount
        self.trimmed = trimmed
        self.finalScore = finalScore
        self.untrimmedMean = untrimmedMean
        self.lowestScore = lowestScore
        self.highestScore = highestScore
    }
}

/// Expert scoring (专家综合评议): an expert's weighted total over a rubric, and the trimmed mean of
/// the experts' totals.
///
/// Floating point never decides an order: item scores are read as whole hundredths, a total is a
/// whole number of ten-thousandths (Σ hundredths × weight percent), and means are exact
/// rationals. `Double`s appear only at the edges, as the wire carries them.
///
/// ```swift
/// let total = try Scoring.total(of: [ItemScore(itemCode: "overall", score: 87.5)], rubric: rubric)
/// let score = Scoring.aggregate([total, 90, 78.25, 88, 91], rule: .defaults)  // drops 91 and 78.25
/// ```
public enum Scoring {
    /// Checks an expert's item scores against the tier's rubric (every item exactly once, no
    /// unknown codes, 0–100, at most two decimal places, finite) and returns the weighted total
    /// Σ(score × weight) / 100.
    ///
    /// The total is exact in ten-thousandths of a point (the `Double` nearest to it).
    ///
    /// - Parameters:
    ///   - scores: The expert's scores, in any order.
    ///   - rubric: The tier's rubric, validated (weights summing to 100).
    /// - Returns: The weighted total, 0–100.
    /// - Throws: `DomainError` (`invalidArgument`) naming every `item_scores[i].score` and
    ///   `item_scores[i].item_code` that breaks a rule, and every item left unscored.
    public static func total(of scores: [ItemScore], rubric: ScoringRubric) throws(DomainError) -> Double {
        Double(try tenThousandths(of: scores, rubric: rubric)) / 10_000
    }

    /// Combines expert totals under the trimming rule: with at least `minScoresToTrim` totals,
    /// the `dropHighest` highest and `dropLowest` lowest are dropped and the rest averaged;
    /// with fewer, all are averaged.
    ///
    /// Totals are read to the nearest ten-thousandth, as ``total(of:rubric:)`` makes them;
    /// totals outside 0…100 are clamped to it, and NaN reads as 0.
    ///
    /// - Parameters:
    ///   - totals: The experts' totals, in any order.
    ///   - rule: The round's trimming rule.
    /// - Returns: The aggregate, rounded to four decimal places for display.
    public static func aggregate(_ totals: [Double], rule: TrimmingRule) -> AggregateScore {
        ExactAggregate(totals: totals.map(tenThousandths(ofTotal:)), rule: rule).display
    }

    /// The weighted total in ten-thousandths of a point, e.g. 875_000 for 87.5.
    static func tenThousandths(of scores: [ItemScore], rubric: ScoringRubric) throws(DomainError) -> Int64 {
        var violations = Violations()
        let weights = Dictionary(rubric.items.map { ($0.code, Int64($0.weightPercent)) }, uniquingKeysWith: { first, _ in first })
        var firstIndexOfCode: [String: Int] = [:]
        var total: Int64 = 0
        for (index, item) in scores.enumerated() {
            let field = "item_scores[\(index)]"
            let hundredths = Self.hundredths(item.score, field: field + ".score", into: &violations)
            guard let weight = weights[item.itemCode] else {
                let codes = rubric.items.map(\.code).joined(separator: ", ")
                violations.add(field + ".item_code", item.itemCode, "is not an item of the rubric (\(codes))")
                continue
            }
            if let earlier = firstIndexOfCode[item.itemCode] {
                violations.add(field + ".item_code", item.itemCode, "repeats item_scores[\(earlier)]; score each item once")
                continue
            }
            firstIndexOfCode[item.itemCode] = index
            if let hundredths {
                let (sum, overflow) = total.addingReportingOverflow(hundredths * weight)
                if overflow {
                    violations.add(field + ".score", "\(item.score)", "makes the weighted total overflow")
                } else {
                    total = sum
                }
            }
        }
        for item in rubric.items where firstIndexOfCode[item.code] == nil {
            violations.add("item_scores", item.code, "has no score for this rubric item; every item is scored exactly once")
        }
        try violations.check()
        return total
    }

    /// A score as whole hundredths, or nil with a violation when it is not finite, not 0–100, or
    /// has more than two decimal places.
    private static func hundredths(_ score: Double, field: String, into violations: inout Violations) -> Int64? {
        guard score.isFinite else {
            violations.add(field, "\(score)", "must be a finite number from 0 to 100")
            return nil
        }
        guard score >= 0 && score <= 100 else {
            violations.add(field, "\(score)", "must be from 0 to 100")
            return nil
        }
        let hundredths = (score * 100).rounded()
        // Division is correctly rounded, so this holds exactly for the Double nearest to a
        // number of two decimal places (80.15), and for no other.
        guard hundredths / 100 == score else {
            violations.add(field, "\(score)", "must have at most two decimal places")
            return nil
        }
        return Int64(hundredths)
    }

    /// A total in ten-thousandths: the nearest one, clamped to 0…100 points; NaN reads as 0.
    static func tenThousandths(ofTotal total: Double) -> Int64 {
        guard !total.isNaN else { return 0 }
        return Int64((min(max(total, 0), 100) * 10_000).rounded())
    }
}
