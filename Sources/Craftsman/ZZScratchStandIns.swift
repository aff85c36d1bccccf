// TEMPORARY stand-ins so this branch type-checks before the helpers' work is merged. Never committed.
public struct ItemScore: Hashable, Sendable {
    public var itemCode: String; public var score: Double;
    public init(itemCode: String, score: Double) { self.itemCode = itemCode; self.score = score }
}
public struct AggregateScore: Hashable, Sendable {
    public var scoreCount: Int; public var trimmed: Bool; public var finalScore: Double?; public var untrimmedMean: Double?;
    public var lowestScore: Double?; public var highestScore: Double?
}
public enum Scoring {
    public static func total(of scores: [ItemScore], rubric: ScoringRubric) throws(DomainError) -> Double { fatalError() }
}
public struct RankingCandidate: Hashable, Sendable {
    public var nominationID: String; public var schoolID: String; public var submittedAtUnixMilliseconds: Int64;
    public var totals: [Double];
    public init(nominationID: String, schoolID: String, submittedAtUnixMilliseconds: Int64, totals: [Double]) { fatalError() }
}
public struct RankedEntry: Hashable, Sendable {
    public var rank: Int; public var nominationID: String; public var schoolID: String; public var score: AggregateScore;
    public var withinQuota: Bool; public var tieBrokenBy: TieBreakKey?; public var submittedAtUnixMilliseconds: Int64
}
public enum Ranking {
    public static func rank(_ candidates: [RankingCandidate], rule: TrimmingRule, tieBreakOrder: [TieBreakKey], quota: Int)
        -> [RankedEntry]
    { fatalError() }
}
public struct WorkingDayCalendar: Sendable {
    public init(_ config: ProgramConfig) {}; public func isWorkingDay(_ date: CivilDate) -> Bool { fatalError() };
    public func lastDay(ofPeriodStartingOn start: CivilDate, workingDays: Int32) -> CivilDate { fatalError() }
}
extension Registry { public func team(id: String) -> Team? { fatalError() } }
extension ProgramConfig { func validate() throws(DomainError) {} }
extension RoundConfig { func validate(year: Int32) throws(DomainError) {} }
extension CivilDate { func adding(days: Int) -> CivilDate { fatalError() } }
