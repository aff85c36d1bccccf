/// The state of a cultivation project; raw values are the wire enum's numbers.
public enum ProjectState: Int32, CaseIterable, Hashable, Sendable {
    /// Plan and task book being drafted and reviewed (方案编制).
    case planning = 1
    /// 培养中.
    case inCultivation
    /// 通过结项验收.
    case passed
    /// 未通过结项验收. Terminal.
    case failedAcceptance
    /// 淘汰退出. Terminal.
    case eliminated
    /// 取消培养资格. Terminal.
    case disqualified
}

/// A cultivation project (培养项目): one confirmed nominee of a round. Created on confirmation;
/// plans, assessments and certificates build on it later.
public struct CultivationProject: Hashable, Sendable {
    /// Server-assigned, `P` and eight digits.
    public var id: String
    public var roundID: String
    public var nominationID: String
    public var tier: Tier
    public var schoolID: String
    public var subject: EligibilityResult.Subject
    public var state: ProjectState
    public var startsOn: CivilDate
    public var cultivationYears: Int32
    public var plannedEndOn: CivilDate
    /// The certificate issued on passing final acceptance; empty until issued.
    public var certificateID: String
    public var createdAtUnixMilliseconds: Int64
    public var updatedAtUnixMilliseconds: Int64
    public var revision: Int64

    public init(
        id: String, roundID: String, nominationID: String, tier: Tier, schoolID: String, subject: EligibilityResult.Subject,
        state: ProjectState, startsOn: CivilDate, cultivationYears: Int32, plannedEndOn: CivilDate,
        certificateID: String, createdAtUnixMilliseconds: Int64, updatedAtUnixMilliseconds: Int64, revision: Int64
    ) {
        self.id = id
        self.roundID = roundID
        self.nominationID = nominationID
        self.tier = tier
        self.schoolID = schoolID
        self.subject = subject
        self.state = state
        self.startsOn = startsOn
        self.cultivationYears = cultivationYears
        self.plannedEndOn = plannedEndOn
        self.certificateID = certificateID
        self.createdAtUnixMilliseconds = createdAtUnixMilliseconds
        self.updatedAtUnixMilliseconds = updatedAtUnixMilliseconds
        self.revision = revision
    }
}
