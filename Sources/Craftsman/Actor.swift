/// Who is calling: an account and the role and scope it acts in. Commands check it and refuse
/// with `permissionDenied` what the role may not do (domain.md §8).
public struct Actor: Hashable, Sendable {
    /// The role and its scope.
    public enum Role: Hashable, Sendable {
        /// 市人社局 / 就业促进中心: all data, every bureau decision.
        case bureauAdministrator
        /// 学校经办人: only the named school.
        case schoolOperator(schoolID: String)
        /// 专家: assigned items only; `affiliatedSchoolID` is never assigned (回避).
        case expert(affiliatedSchoolID: String?)
        /// 对接系统: read-only, named calls.
        case integrationSystem
        /// 审计: read-only, everything.
        case auditor
    }

    /// The account id, recorded on every change it makes.
    public var accountID: String
    public var role: Role

    public init(accountID: String, role: Role) {
        self.accountID = accountID
        self.role = role
    }

    /// The school a school operator acts for, or nil for every other role.
    public var schoolScope: String? {
        if case .schoolOperator(let schoolID) = role { schoolID } else { nil }
    }

    /// Whether the actor is the bureau.
    public var isBureau: Bool { role == .bureauAdministrator }
}
