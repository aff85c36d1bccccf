/// Where a round is in its state machine; raw values are the wire enum's numbers. A round
/// moves forward one step at a time, by explicit calls; `confirmed` and `cancelled` are terminal.
public enum RoundState: Int32, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    /// Being configured (草拟).
    case draft = 1
    /// Schools nominate, publicise and submit (归口推荐).
    case nomination
    /// The bureau reviews qualification and decides waivers (资格审核、形式审核).
    case qualificationReview
    /// Experts score (专家综合评议).
    case evaluation
    /// Ranking frozen and the provisional list drawn up (初定).
    case provisionalList
    /// The provisional list is under public notice (公示).
    case publicNotice
    /// Confirmed (正式确定). Terminal.
    case confirmed
    /// Cancelled before confirmation. Terminal.
    case cancelled

    /// The wire name, e.g. `NOMINATION`, used in messages people read.
    public var description: String {
        switch self {
        case .draft: "DRAFT"
        case .nomination: "NOMINATION"
        case .qualificationReview: "QUALIFICATION_REVIEW"
        case .evaluation: "EVALUATION"
        case .provisionalList: "PROVISIONAL_LIST"
        case .publicNotice: "PUBLIC_NOTICE"
        case .confirmed: "CONFIRMED"
        case .cancelled: "CANCELLED"
        }
    }

    public var isTerminal: Bool { self == .confirmed || self == .cancelled }
}

/// A selection round (选拔批次), held every two years.
public struct Round: Hashable, Sendable {
    /// Server-assigned, `R` and eight digits; never reused.
    public var id: String
    /// Unique among rounds that are not cancelled.
    public var year: Int32
    public var state: RoundState
    public var config: RoundConfig
    /// 1 on creation, +1 on every configuration change.
    public var configVersion: Int64
    public var stateChangedAtUnixMilliseconds: Int64
    /// Why it was cancelled; empty otherwise.
    public var cancelReason: String
    public var createdAtUnixMilliseconds: Int64
    public var updatedAtUnixMilliseconds: Int64
    /// 1 on creation, +1 on every change of state or configuration.
    public var revision: Int64

    public init(
        id: String, year: Int32, state: RoundState, config: RoundConfig, configVersion: Int64,
        stateChangedAtUnixMilliseconds: Int64, cancelReason: String, createdAtUnixMilliseconds: Int64,
        updatedAtUnixMilliseconds: Int64, revision: Int64
    ) {
        self.id = id
        self.year = year
        self.state = state
        self.config = config
        self.configVersion = configVersion
        self.stateChangedAtUnixMilliseconds = stateChangedAtUnixMilliseconds
        self.cancelReason = cancelReason
        self.createdAtUnixMilliseconds = createdAtUnixMilliseconds
        self.updatedAtUnixMilliseconds = updatedAtUnixMilliseconds
        self.revision = revision
    }
}

/// One kept version of a round's configuration.
public struct RoundConfigVersion: Hashable, Sendable {
    public var roundID: String
    public var version: Int64
    public var config: RoundConfig
    public var changedByAccountID: String
    public var changedAtUnixMilliseconds: Int64
    public var reason: String

    public init(
        roundID: String, version: Int64, config: RoundConfig, changedByAccountID: String, changedAtUnixMilliseconds: Int64,
        reason: String
    ) {
        self.roundID = roundID
        self.version = version
        self.config = config
        self.changedByAccountID = changedByAccountID
        self.changedAtUnixMilliseconds = changedAtUnixMilliseconds
        self.reason = reason
    }
}

/// One kept version of the program configuration.
public struct ProgramConfigVersion: Hashable, Sendable {
    public var version: Int64
    public var config: ProgramConfig
    public var changedByAccountID: String
    public var changedAtUnixMilliseconds: Int64
    public var reason: String

    public init(
        version: Int64, config: ProgramConfig, changedByAccountID: String, changedAtUnixMilliseconds: Int64, reason: String
    ) {
        self.version = version
        self.config = config
        self.changedByAccountID = changedByAccountID
        self.changedAtUnixMilliseconds = changedAtUnixMilliseconds
        self.reason = reason
    }
}
