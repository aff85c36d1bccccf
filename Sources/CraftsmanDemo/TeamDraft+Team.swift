import Craftsman

extension TeamDraft {
    /// The draft that leaves `team` as it is: what a school edits to update a team.
    init(_ team: Team) {
        self.init()
        schoolID = team.schoolID
        name = team.name
        majorName = team.majorName
        majorKind = team.majorKind.rawValue
        leaderTeacherID = team.leaderTeacherID
        leaderRoles = team.leaderRoles.map(\.rawValue)
        members = team.members.map { member in
            let roles = member.roles.map(\.rawValue)
            switch member.person {
            case .teacher(let id):
                return MemberInput(teacherID: id, roles: roles)
            case .enterprise(let person):
                var input = EnterpriseMemberInput()
                (input.name, input.employer, input.position) = (person.name, person.employer, person.position)
                (input.titleRank, input.skillLevel) = (person.titleRank.rawValue, person.skillLevel.rawValue)
                input.ethicsAttestation = person.ethicsAttestation.map {
                    AttestationInput(attested: $0.attested, statement: $0.statement)
                }
                return MemberInput(enterpriseMember: input, roles: roles)
            }
        }
    }
}
