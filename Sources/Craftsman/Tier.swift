/// The four tiers (类别) the program selects and cultivates. Raw values are the wire enum's
/// numbers. Not an ordered scale: a team is not "above" a master teacher.
public enum Tier: Int32, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    /// 工匠名师.
    case masterTeacher = 1
    /// 匠师带头人.
    case leadTeacher
    /// 优秀骨干匠师.
    case keyTeacher
    /// 优秀匠师团队.
    case team

    /// Whether nominees of this tier are single teachers (every tier but `team`).
    public var isIndividual: Bool { self != .team }

    /// The wire name, e.g. `MASTER_TEACHER`, used in messages people read.
    public var description: String {
        switch self {
        case .masterTeacher: "MASTER_TEACHER"
        case .leadTeacher: "LEAD_TEACHER"
        case .keyTeacher: "KEY_TEACHER"
        case .team: "TEAM"
        }
    }
}
