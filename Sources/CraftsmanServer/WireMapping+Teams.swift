import Craftsman
import CraftsmanProto

// Teams between the domain and the wire; see WireMapping.swift.

extension CraftsmanProto.Team {
    init(_ team: Craftsman.Team) {
        self.init(
            id: team.id, schoolID: team.schoolID, name: team.name, majorName: team.majorName, majorKind: wire(team.majorKind),
            leaderTeacherID: team.leaderTeacherID, leaderRoles: team.leaderRoles.map { wire($0) },
            members: team.members.map(CraftsmanProto.TeamMember.init), createdAtUnixMs: team.createdAtUnixMilliseconds,
            updatedAtUnixMs: team.updatedAtUnixMilliseconds, revision: team.revision)
    }

    /// The domain team a stored one holds.
    ///
    /// - Throws: `StoredValueError` naming the field when the stored value breaks a rule.
    func domain() throws -> Craftsman.Team {
        let field = "team \(id)"
        return Craftsman.Team(
            id: id, schoolID: schoolID, name: name, majorName: majorName, majorKind: try scale(majorKind, field + ".major_kind"),
            leaderTeacherID: leaderTeacherID, leaderRoles: try leaderRoles.map { try scale($0, field + ".leader_roles") },
            members: try members.enumerated().map { index, member in try member.domain("\(field).members[\(index)]") },
            createdAtUnixMilliseconds: createdAtUnixMs, updatedAtUnixMilliseconds: updatedAtUnixMs, revision: revision)
    }
}

extension CraftsmanProto.TeamMember {
    init(_ member: Craftsman.TeamMember) {
        let person: Person =
            switch member.person {
            case .teacher(let id): .teacherID(id)
            case .enterprise(let enterprise):
                .enterpriseMember(
                    CraftsmanProto.EnterpriseMember(
                        name: enterprise.name, employer: enterprise.employer, position: enterprise.position,
                        titleRank: wire(enterprise.titleRank), skillLevel: wire(enterprise.skillLevel),
                        ethicsAttestation: enterprise.ethicsAttestation.map(CraftsmanProto.Attestation.init)))
            }
        self.init(roles: member.roles.map { wire($0) }, person: person)
    }

    func domain(_ field: String) throws -> Craftsman.TeamMember {
        let person: Craftsman.TeamMember.Person
        switch self.person {
        case .teacherID(let id)?:
            person = .teacher(id: id)
        case .enterpriseMember(let enterprise)?:
            person = .enterprise(
                Craftsman.EnterpriseMember(
                    name: enterprise.name, employer: enterprise.employer, position: enterprise.position,
                    titleRank: try scale(enterprise.titleRank, field + ".enterprise_member.title_rank"),
                    skillLevel: try scale(enterprise.skillLevel, field + ".enterprise_member.skill_level"),
                    ethicsAttestation: enterprise.ethicsAttestation?.domain))
        case nil:
            throw StoredValueError(description: "\(field): a stored member is neither a teacher nor an enterprise member")
        }
        return Craftsman.TeamMember(person: person, roles: try roles.map { try scale($0, field + ".roles") })
    }
}

extension TeamInput {
    /// The input as a draft for the domain's validation: enums as their raw numbers, so that the
    /// domain refuses an unset one naming the field.
    var draft: TeamDraft {
        var draft = TeamDraft()
        draft.schoolID = schoolID
        draft.name = name
        draft.majorName = majorName
        draft.majorKind = majorKind.rawValue
        draft.leaderTeacherID = leaderTeacherID
        draft.leaderRoles = leaderRoles.map(\.rawValue)
        draft.members = members.map { member in
            var input = TeamDraft.MemberInput(roles: member.roles.map(\.rawValue))
            switch member.person {
            case .teacherID(let id)?:
                input.teacherID = id
            case .enterpriseMember(let enterprise)?:
                var given = TeamDraft.EnterpriseMemberInput()
                given.name = enterprise.name
                given.employer = enterprise.employer
                given.position = enterprise.position
                given.titleRank = enterprise.titleRank.rawValue
                given.skillLevel = enterprise.skillLevel.rawValue
                given.ethicsAttestation = enterprise.ethicsAttestation?.draft
                input.enterpriseMember = given
            case nil:
                break
            }
            return input
        }
        return draft
    }
}
