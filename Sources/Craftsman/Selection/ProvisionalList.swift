/// A public notice (公示) of provisional-list entries; each promotion gets a supplementary one.
public struct PublicNotice: Hashable, Sendable {
    /// Server-assigned, `PN` and eight digits.
    public var id: String
    public var roundID: String
    public var title: String
    public var period: PublicityPeriod
    public var nominationIDs: [String]
    public var supplementary: Bool

    public init(
        id: String, roundID: String, title: String, period: PublicityPeriod, nominationIDs: [String], supplementary: Bool
    ) {
        self.id = id
        self.roundID = roundID
        self.title = title
        self.period = period
        self.nominationIDs = nominationIDs
        self.supplementary = supplementary
    }
}

/// The state of a provisional-list entry; raw values are the wire enum's numbers.
public enum ProvisionalEntryState: Int32, CaseIterable, Hashable, Sendable {
    case listed = 1
    case removed
    case confirmed
}

/// One entry of the provisional list.
public struct ProvisionalListEntry: Hashable, Sendable {
    public var nominationID: String
    public var tier: Tier
    public var schoolID: String
    /// Place in the frozen ranking.
    public var rank: Int32
    public var finalScore: Double?
    public var state: ProvisionalEntryState
    /// Moved up (递补) in place of a removed entry.
    public var promoted: Bool
    public var replacesNominationID: String
    /// The notice covering it; empty until published.
    public var noticeID: String
    public var removalReason: String

    public init(
        nominationID: String, tier: Tier, schoolID: String, rank: Int32, finalScore: Double?, state: ProvisionalEntryState,
        promoted: Bool, replacesNominationID: String, noticeID: String, removalReason: String
    ) {
        self.nominationID = nominationID
        self.tier = tier
        self.schoolID = schoolID
        self.rank = rank
        self.finalScore = finalScore
        self.state = state
        self.promoted = promoted
        self.replacesNominationID = replacesNominationID
        self.noticeID = noticeID
        self.removalReason = removalReason
    }
}

/// A frozen ranking entry kept with the provisional list, so promotion follows the rank the
/// list was drawn from.
public struct FrozenRanking: Hashable, Sendable {
    public var tier: Tier
    public var entries: [RankedEntry]
    public var roundConfigVersion: Int64
    public var computedAtUnixMilliseconds: Int64

    public init(tier: Tier, entries: [RankedEntry], roundConfigVersion: Int64, computedAtUnixMilliseconds: Int64) {
        self.tier = tier
        self.entries = entries
        self.roundConfigVersion = roundConfigVersion
        self.computedAtUnixMilliseconds = computedAtUnixMilliseconds
    }
}

/// The provisional list of a round (初定名单) with its notices and the rankings it was drawn from.
public struct ProvisionalList: Hashable, Sendable {
    public var roundID: String
    /// By tier, then rank.
    public var entries: [ProvisionalListEntry]
    public var notices: [PublicNotice]
    /// The frozen ranking of each tier.
    public var rankings: [FrozenRanking]
    public var draftedByAccountID: String
    public var draftedAtUnixMilliseconds: Int64
    public var updatedAtUnixMilliseconds: Int64
    public var revision: Int64

    public init(
        roundID: String, entries: [ProvisionalListEntry], notices: [PublicNotice], rankings: [FrozenRanking],
        draftedByAccountID: String, draftedAtUnixMilliseconds: Int64, updatedAtUnixMilliseconds: Int64, revision: Int64
    ) {
        self.roundID = roundID
        self.entries = entries
        self.notices = notices
        self.rankings = rankings
        self.draftedByAccountID = draftedByAccountID
        self.draftedAtUnixMilliseconds = draftedAtUnixMilliseconds
        self.updatedAtUnixMilliseconds = updatedAtUnixMilliseconds
        self.revision = revision
    }
}
