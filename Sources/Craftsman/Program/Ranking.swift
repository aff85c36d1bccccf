/// A nominee to be ranked: the nomination, its experts' totals and when it was submitted.
public struct RankingCandidate: Hashable, Sendable {
    /// Unique within the ranking.
    public var nominationID: String
    public var schoolID: String
    /// When the school submitted the nomination to the bureau (报送), for the `submittedAt` key.
    public var submittedAtUnixMilliseconds: Int64
    /// The experts' totals (``Scoring/total(of:rubric:)``), in any order; empty with no scores yet.
    public var totals: [Double]

    public init(nominationID: String, schoolID: String, submittedAtUnixMilliseconds: Int64, totals: [Double]) {
        self.nominationID = nominationID
        self.schoolID = schoolID
        self.submittedAtUnixMilliseconds = submittedAtUnixMilliseconds
        self.totals = totals
    }
}

/// One place in a tier's ranking.
public struct RankedEntry: Hashable, Sendable {
    /// 1 for the best; distinct for every entry.
    public var rank: Int
    public var nominationID: String
    public var schoolID: String
    public var score: AggregateScore
    /// Whether `rank` is within the quota.
    public var withinQuota: Bool
    /// When the final score equals that of the entry just above (two nominees without scores
    /// count as equal), the key that ordered the two; nil when the scores differ.
    public var tieBrokenBy: TieBreakKey?
    public var submittedAtUnixMilliseconds: Int64

    public init(
        rank: Int, nominationID: String, schoolID: String, score: AggregateScore, withinQuota: Bool,
        tieBrokenBy: TieBreakKey?, submittedAtUnixMilliseconds: Int64
    ) {
        self.rank = rank
        self.nominationID = nominationID
        self.schoolID = schoolID
        self.score = score
        self.withinQuota = withinQuota
        self.tieBrokenBy = tieBrokenBy
        self.submittedAtUnixMilliseconds = submittedAtUnixMilliseconds
    }
}

/// The ranking of one tier's nominees (排序), and the documented, deterministic tie-break rule
/// the plan asks for (同分排序规则).
///
/// **The rule.** Nominees are ordered by final score (the trimmed mean of their experts'
/// totals), highest first; nominees with no scores come after every scored one. Nominees whose
/// final scores are equal — compared exactly, as rational numbers, never as rounded `Double`s —
/// are ordered by the round's tie-break keys, in the order configured, the first key on which
/// they differ deciding:
///
/// - `untrimmedMean`: the higher mean of all totals first;
/// - `lowestScore`: the higher lowest total first (broader agreement among experts);
/// - `submittedAt`: the earlier submission to the bureau first;
/// - `nominationID`: the smaller nomination id first, comparing the UTF-8 bytes.
///
/// `nominationID` is always applied last (it is implied when the order omits it; keys after it,
/// or repeated keys, are ignored), so the order is total and does not depend on the input's
/// order. Nominees without scores are ordered among themselves by the same keys (the score keys
/// cannot separate them). Ranks run 1…n without gaps or shared places; the first `quota` entries
/// are within quota, so where a tie straddles the quota the tie-break decides who is in.
///
/// ```swift
/// let entries = Ranking.rank(candidates, rule: config.trimming, tieBreakOrder: config.tieBreakOrder, quota: 5)
/// ```
public enum Ranking {
    /// Ranks `candidates` by the rule above.
    ///
    /// - Parameters:
    ///   - candidates: The tier's nominees that passed review; nomination ids are unique (were
    ///     two equal, their order would be the input's).
    ///   - rule: The round's trimming rule.
    ///   - tieBreakOrder: The round's tie-break keys, in the order applied.
    ///   - quota: The round's quota for the tier; 0 or less puts nobody within quota.
    /// - Returns: One entry per candidate, best first, ranked 1…n.
    public static func rank(
        _ candidates: [RankingCandidate], rule: TrimmingRule, tieBreakOrder: [TieBreakKey], quota: Int
    ) -> [RankedEntry] {
        let keys = effectiveKeys(tieBreakOrder)
        let prepared = candidates.enumerated().map { index, candidate in
            Prepared(
                candidate: candidate, index: index,
                score: ExactAggregate(totals: candidate.totals.map(Scoring.tenThousandths(ofTotal:)), rule: rule))
        }
        let ordered = prepared.sorted { a, b in
            if a.score.finalScore != b.score.finalScore { return ranksHigher(a.score.finalScore, b.score.finalScore) }
            if let decided = decide(a, b, keys: keys) { return decided.firstGoesFirst }
            return a.index < b.index
        }
        return ordered.enumerated().map { offset, entry in
            var tieBrokenBy: TieBreakKey? = nil
            if offset > 0 {
                let above = ordered[offset - 1]
                if above.score.finalScore == entry.score.finalScore {
                    tieBrokenBy = decide(above, entry, keys: keys)?.key ?? .nominationID
                }
            }
            return RankedEntry(
                rank: offset + 1, nominationID: entry.candidate.nominationID, schoolID: entry.candidate.schoolID,
                score: entry.score.display, withinQuota: offset < quota, tieBrokenBy: tieBrokenBy,
                submittedAtUnixMilliseconds: entry.candidate.submittedAtUnixMilliseconds)
        }
    }

    /// A candidate with its exact aggregate and its place in the input.
    private struct Prepared {
        var candidate: RankingCandidate
        var index: Int
        var score: ExactAggregate
    }

    /// The keys as applied: each once, in order, ending with `nominationID`.
    private static func effectiveKeys(_ order: [TieBreakKey]) -> [TieBreakKey] {
        var keys: [TieBreakKey] = []
        for key in order where !keys.contains(key) {
            keys.append(key)
            if key == .nominationID { return keys }
        }
        keys.append(.nominationID)
        return keys
    }

    /// The first key on which `a` and `b` differ and whether it puts `a` first; nil when they
    /// differ on none (equal nomination ids).
    private static func decide(_ a: Prepared, _ b: Prepared, keys: [TieBreakKey]) -> (key: TieBreakKey, firstGoesFirst: Bool)? {
        for key in keys {
            switch key {
            case .untrimmedMean:
                if a.score.untrimmedMean != b.score.untrimmedMean {
                    return (key, ranksHigher(a.score.untrimmedMean, b.score.untrimmedMean))
                }
            case .lowestScore:
                if a.score.lowestScore != b.score.lowestScore {
                    return (key, ranksHigher(a.score.lowestScore, b.score.lowestScore))
                }
            case .submittedAt:
                let (first, second) = (a.candidate.submittedAtUnixMilliseconds, b.candidate.submittedAtUnixMilliseconds)
                if first != second { return (key, first < second) }
            case .nominationID:
                let (first, second) = (a.candidate.nominationID, b.candidate.nominationID)
                // String == compares canonical equivalence; the rule compares bytes.
                if !first.utf8.elementsEqual(second.utf8) { return (key, first.utf8.lexicographicallyPrecedes(second.utf8)) }
            }
        }
        return nil
    }

    /// Whether `a` goes before `b` when higher values rank first and absent ones last.
    private static func ranksHigher<Value: Comparable>(_ a: Value?, _ b: Value?) -> Bool {
        switch (a, b) {
        case let (a?, b?): a > b
        case (.some, nil): true
        case (nil, _): false
        }
    }
}
