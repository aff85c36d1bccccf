/// A score as an exact rational number of ten-thousandths of a point (`numerator /
/// denominator`), kept in lowest terms so that equal values are equal representations.
///
/// Expert totals are whole ten-thousandths (Σ item hundredths × weight percent), and a mean of
/// them is a rational; comparing means as `Double`s would let rounding decide ties that the
/// tie-break rule should decide, so they are compared by cross-multiplication instead.
struct ScoreValue: Hashable, Comparable, Sendable {
    /// Ten-thousandths of a point, before dividing by `denominator`; never negative.
    let numerator: Int64
    /// Always at least 1.
    let denominator: Int64

    /// A whole number of ten-thousandths, e.g. 801_500 for 80.15.
    init(tenThousandths: Int64) {
        numerator = tenThousandths
        denominator = 1
    }

    /// The mean of totals summing to `sum` ten-thousandths over `count` totals (`count` ≥ 1).
    init(sum: Int64, count: Int64) {
        let divisor = ScoreValue.greatestCommonDivisor(sum, count)
        numerator = sum / divisor
        denominator = count / divisor
    }

    static func < (lhs: ScoreValue, rhs: ScoreValue) -> Bool {
        // 128-bit products: exact for any Int64 operands.
        let left = lhs.numerator.multipliedFullWidth(by: rhs.denominator)
        let right = rhs.numerator.multipliedFullWidth(by: lhs.denominator)
        return (left.high, left.low) < (right.high, right.low)
    }

    /// The value in points, rounded half up to four decimal places, for display.
    var points: Double {
        let rounded = (2 * numerator + denominator) / (2 * denominator)
        return Double(rounded) / 10_000
    }

    private static func greatestCommonDivisor(_ a: Int64, _ b: Int64) -> Int64 {
        var (a, b) = (a.magnitude, b.magnitude)
        while b != 0 { (a, b) = (b, a % b) }
        return a == 0 ? 1 : Int64(a)
    }
}

/// An ``AggregateScore`` with its values exact, for ranking.
struct ExactAggregate: Hashable, Sendable {
    var scoreCount: Int
    var trimmed: Bool
    var finalScore: ScoreValue?
    var untrimmedMean: ScoreValue?
    /// Ten-thousandths of a point.
    var lowestScore: Int64?
    /// Ten-thousandths of a point.
    var highestScore: Int64?

    /// Combines totals in ten-thousandths (each 0...1_000_000) under `rule`.
    ///
    /// A rule that would drop every total, or negative drop counts (both refused by
    /// ``RoundConfig/validate(year:)``), is read as dropping nothing.
    init(totals: [Int64], rule: TrimmingRule) {
        scoreCount = totals.count
        guard !totals.isEmpty else {
            trimmed = false
            return
        }
        let sorted = totals.sorted()
        let count = sorted.count
        let dropHighest = Int(max(0, rule.dropHighest))
        let dropLowest = Int(max(0, rule.dropLowest))
        let trims = count >= Int(rule.minScoresToTrim) && dropHighest + dropLowest > 0 && dropHighest + dropLowest < count
        let kept = trims ? sorted[dropLowest..<(count - dropHighest)] : sorted[...]
        trimmed = trims
        finalScore = ScoreValue(sum: kept.reduce(0, +), count: Int64(kept.count))
        untrimmedMean = ScoreValue(sum: sorted.reduce(0, +), count: Int64(count))
        lowestScore = sorted.first
        highestScore = sorted.last
    }

    /// The score as shown: values in points, rounded to four decimal places.
    var display: AggregateScore {
        AggregateScore(
            scoreCount: scoreCount, trimmed: trimmed, finalScore: finalScore?.points, untrimmedMean: untrimmedMean?.points,
            lowestScore: lowestScore.map { ScoreValue(tenThousandths: $0).points },
            highestScore: highestScore.map { ScoreValue(tenThousandths: $0).points })
    }
}
