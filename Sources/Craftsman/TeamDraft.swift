/// The editable fields of a team as a caller sent them, before validation: the major kind, roles
/// and scales are the raw wire numbers, so that a refusal can quote the value given.
///
/// ```swift
/// var draft = TeamDraft()
/// draft.schoolID = "S00000001"
/// draft.name = "数控加工匠师团队"
/// draft.majorName = "数控加工"
/// draft.majorKind = MajorKind.integratedWorkStudy.rawValue
/// draft.leaderTeacherID = "T00000001"
/// draft.members = [TeamDraft.MemberInput(teacherID: "T00000002", roles: [TeamMemberRole.classAdviser.rawValue])]
/// let change = try registry.planCreateTeam(draft, maxTeamSize: 15, now: now)
/// ```
public struct TeamDraft: Sendable {
    /// The school's ethics attestation of a person, as given; who and when are set by the server.
    public typealias AttestationInput = TeacherDraft.AttestationInput

    /// An industry or enterprise professional as given.
    public struct EnterpriseMemberInput: Sendable {
        public var name = "", employer = "", position = ""
        public var titleRank: Int32 = 0, skillLevel: Int32 = 0
        public var ethicsAttestation: AttestationInput?
        public init() {}
    }

    /// A core member as given: a registered teacher (by id) or an enterprise member, exactly one.
    public struct MemberInput: Sendable {
        /// A registered teacher's id; empty when the member is an enterprise member.
        public var teacherID = ""
        public var enterpriseMember: EnterpriseMemberInput?
        public var roles: [Int32] = []

        public init(teacherID: String = "", enterpriseMember: EnterpriseMemberInput? = nil, roles: [Int32] = []) {
            self.teacherID = teacherID
            self.enterpriseMember = enterpriseMember
            self.roles = roles
        }
    }

    public var schoolID = ""
    public var name = ""
    public var majorName = ""
    public var majorKind: Int32 = 0
    public var leaderTeacherID = ""
    public var leaderRoles: [Int32] = []
    public var members: [MemberInput] = []

    public init() {}
}
