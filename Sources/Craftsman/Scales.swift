// The ordered scales the registry records and the rules compare. Raw values are the wire
// enums' numbers, so that the server maps them without a table; 0 ("unspecified") has no case:
// an input that leaves one unset is refused by validation before it reaches the domain.

/// An ordered scale: later cases rank higher.
public protocol OrderedScale: RawRepresentable<Int32>, CaseIterable, Comparable, Hashable, Sendable {}

extension OrderedScale {
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Highest education (最高学历).
public enum EducationLevel: Int32, OrderedScale {
    case belowBachelor = 1, bachelor, master, doctorate
}

/// Professional title rank (职称).
public enum TitleRank: Int32, OrderedScale {
    case noTitle = 1, junior, intermediate, associateSenior, fullSenior
}

/// Vocational skill level (职业技能等级): 初级工 (5) < 中级工 (4) < 高级工 (3) < 技师 (2) < 高级技师 (1)
/// < 特级技师 < 首席技师.
public enum SkillLevel: Int32, OrderedScale {
    case noCertificate = 1, elementaryWorker, intermediateWorker, seniorWorker, technician, seniorTechnician
    case principalTechnician, chiefTechnician
}

/// The kind of course a teacher teaches.
public enum CourseKind: Int32, CaseIterable, Hashable, Sendable {
    /// 专业课.
    case professional = 1
    /// 文化基础课.
    case cultureFoundation
    /// 思政课.
    case ideology
}

/// The level of the body behind a project, award or honour (级别).
public enum AdministrativeLevel: Int32, OrderedScale {
    case school = 1, district, municipal, ministerial, national
}

/// A teacher's role in a research project.
public enum ResearchRole: Int32, OrderedScale {
    /// 参与.
    case participant = 1
    /// 主要参与.
    case mainParticipant
    /// 主持.
    case host
}

/// What an award was for.
public enum AwardKind: Int32, CaseIterable, Hashable, Sendable {
    case teachingResearchResult = 1, competitionContestant, competitionCoach
}

/// The rank of an award: 优秀奖 < 三等 < 二等 < 一等 < 特等.
public enum AwardRank: Int32, OrderedScale {
    case honourableMention = 1, third, second, first, special
}
