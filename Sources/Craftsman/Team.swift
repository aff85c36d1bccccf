/// The kind of major a team is formed in (团队所在专业类型).
public enum MajorKind: Int32, CaseIterable, Hashable, Sendable {
    /// 工学一体化技能人才培养模式建设专业.
    case integratedWorkStudy = 1
    /// 北京市重点支持领域专业.
    case keySupported
    /// 新职业领域专业.
    case newOccupation
}

/// A role a person plays in a team (团队成员角色); a member may hold several.
public enum TeamMemberRole: Int32, CaseIterable, Hashable, Sendable {
    /// 班主任.
    case classAdviser = 1
    /// 思政课教师.
    case ideologyTeacher
    /// 文化基础课教师.
    case cultureFoundationTeacher
    /// 专业一体化教师.
    case integratedProfessionalTeacher
    /// 行业企业专业人员: only for members who are not teachers of the school.
    case enterpriseExpert
}

/// An industry or enterprise professional in a team (行业企业专业人员), not in the teacher registry.
public struct EnterpriseMember: Hashable, Sendable {
    public var name: String
    public var employer: String
    public var position: String
    public var titleRank: TitleRank
    public var skillLevel: SkillLevel
    public var ethicsAttestation: Attestation?

    public init(
        name: String, employer: String, position: String, titleRank: TitleRank, skillLevel: SkillLevel,
        ethicsAttestation: Attestation?
    ) {
        self.name = name
        self.employer = employer
        self.position = position
        self.titleRank = titleRank
        self.skillLevel = skillLevel
        self.ethicsAttestation = ethicsAttestation
    }
}

/// A core member of a team other than its leader (核心成员).
public struct TeamMember: Hashable, Sendable {
    /// Who the member is: a registered teacher of the team's school, or an enterprise member.
    public enum Person: Hashable, Sendable {
        case teacher(id: String)
        case enterprise(EnterpriseMember)
    }

    public var person: Person
    /// At least one; `enterpriseExpert` exactly when the person is an enterprise member.
    public var roles: [TeamMemberRole]

    public init(person: Person, roles: [TeamMemberRole]) {
        self.person = person
        self.roles = roles
    }

    /// The member's teacher id, or nil for an enterprise member.
    public var teacherID: String? {
        if case .teacher(let id) = person { id } else { nil }
    }

    /// The member's enterprise details, or nil for a teacher of the school.
    public var enterpriseMember: EnterpriseMember? {
        if case .enterprise(let member) = person { member } else { nil }
    }
}

/// An outstanding craftsman teacher team (优秀匠师团队): a leader and core members, formed in one
/// major of one school. Its size is 1 (the leader) + `members.count`.
public struct Team: Hashable, Sendable {
    /// Server-assigned, `TM` and eight digits; never reused.
    public var id: String
    public var schoolID: String
    public var name: String
    public var majorName: String
    public var majorKind: MajorKind
    /// A teacher of the team's school.
    public var leaderTeacherID: String
    /// Roles the leader also plays, counted for role coverage.
    public var leaderRoles: [TeamMemberRole]
    public var members: [TeamMember]
    public var createdAtUnixMilliseconds: Int64
    public var updatedAtUnixMilliseconds: Int64
    /// 1 on creation, +1 on every change.
    public var revision: Int64

    public init(
        id: String, schoolID: String, name: String, majorName: String, majorKind: MajorKind, leaderTeacherID: String,
        leaderRoles: [TeamMemberRole], members: [TeamMember], createdAtUnixMilliseconds: Int64,
        updatedAtUnixMilliseconds: Int64, revision: Int64
    ) {
        self.id = id
        self.schoolID = schoolID
        self.name = name
        self.majorName = majorName
        self.majorKind = majorKind
        self.leaderTeacherID = leaderTeacherID
        self.leaderRoles = leaderRoles
        self.members = members
        self.createdAtUnixMilliseconds = createdAtUnixMilliseconds
        self.updatedAtUnixMilliseconds = updatedAtUnixMilliseconds
        self.revision = revision
    }

    /// People in the team, leader included.
    public var size: Int { 1 + members.count }

    /// The ids of every registered teacher in the team, leader first.
    public var teacherIDs: [String] { [leaderTeacherID] + members.compactMap(\.teacherID) }

    /// How many members are enterprise experts.
    public var enterpriseMemberCount: Int {
        members.count { if case .enterprise = $0.person { true } else { false } }
    }
}
