extension Registry {
    /// Plans the creation of a team.
    ///
    /// - Parameters:
    ///   - maxTeamSize: the most people a team may have, leader included (the round's ``TeamRule``).
    ///   - actorID: the account recording it, stored on new ethics attestations of enterprise members.
    ///   - now: the server's clock, ms since the Unix epoch.
    /// - Throws: `invalidArgument` naming every bad field; `notFound` for an unknown school when
    ///   nothing else is wrong; `alreadyExists` for a name another team of the school has.
    public func planCreateTeam(_ draft: TeamDraft, maxTeamSize: Int, actorID: String = "", now: Int64) throws(DomainError)
        -> RegistryChange
    {
        var team = try validate(draft, existing: nil, maxTeamSize: maxTeamSize, actorID: actorID, now: now)
        team.id = nextTeamID
        try checkNameUnique(team)
        return .teamCreated(team)
    }

    /// Plans a change to team `id`, which must still be at `expectedRevision` (0: any). The draft
    /// replaces every editable field; an enterprise member's attestation that says the same as
    /// before (same name, employer, attested and statement) keeps who recorded it and when.
    ///
    /// - Throws: as ``planCreateTeam(_:maxTeamSize:actorID:now:)``; also `notFound` for an unknown
    ///   team and `aborted` for a stale revision.
    public func planUpdateTeam(
        id: String, expectedRevision: Int64, _ draft: TeamDraft, maxTeamSize: Int, actorID: String = "", now: Int64
    ) throws(DomainError) -> RegistryChange {
        guard let existing = team(id: id) else { throw DomainError(.notFound, "team_id: no team \(id)") }
        if expectedRevision != 0 && expectedRevision != existing.revision {
            throw DomainError(
                .aborted, "team \(id) is at revision \(existing.revision), not \(expectedRevision); read it again and retry")
        }
        let team = try validate(draft, existing: existing, maxTeamSize: maxTeamSize, actorID: actorID, now: now)
        try checkNameUnique(team)
        return .teamUpdated(team)
    }

    private func checkNameUnique(_ team: Team) throws(DomainError) {
        guard let other = teamID(named: team.name, inSchool: team.schoolID), other != team.id else { return }
        throw DomainError(
            .alreadyExists, "team.name: \(team.name) is already the name of team \(other) of school \(team.schoolID)")
    }

    // MARK: - Validation

    // swiftlint:disable:next function_body_length
    private func validate(
        _ draft: TeamDraft, existing: Team?, maxTeamSize: Int, actorID: String, now: Int64
    ) throws(DomainError) -> Team {
        var violations = Violations()
        let field = "team."
        // The school the people must belong to; nil while unknown, so that an unknown school is
        // reported once rather than against every teacher.
        let schoolID = school(id: draft.schoolID)?.id
        if draft.schoolID.isEmpty { violations.add(field + "school_id", "", "is required") }
        TextRule.required.check(draft.name, field: field + "name", maxLength: 100, into: &violations)
        TextRule.required.check(draft.majorName, field: field + "major_name", maxLength: 50, into: &violations)
        let majorKind: MajorKind? = Self.scale(draft.majorKind, field: field + "major_kind", into: &violations)
        if draft.leaderTeacherID.isEmpty {
            violations.add(field + "leader_teacher_id", "", "is required")
        } else {
            checkTeacher(draft.leaderTeacherID, field: field + "leader_teacher_id", schoolID: schoolID, into: &violations)
        }
        let leaderRoles = Self.roles(draft.leaderRoles, field: field + "leader_roles", of: .leader, into: &violations)
        var members: [TeamMember] = []
        var firstIndexOfTeacher: [String: Int] = [:]
        for (index, input) in draft.members.enumerated() {
            let path = field + "members[\(index)]"
            var person: TeamMember.Person?
            var kind: PersonKind?  // nil while the member is in doubt
            switch (input.teacherID, input.enterpriseMember) {
            case ("", nil):
                violations.add(path, "", "needs a teacher_id or an enterprise_member")
            case (let id, nil):
                checkTeacher(id, field: path + ".teacher_id", schoolID: schoolID, into: &violations)
                if id == draft.leaderTeacherID {
                    violations.add(path + ".teacher_id", id, "is the team's leader, who is not listed again as a member")
                } else if let first = firstIndexOfTeacher[id] {
                    violations.add(path + ".teacher_id", id, "already appears as members[\(first)]")
                } else {
                    firstIndexOfTeacher[id] = index
                }
                person = .teacher(id: id)
                kind = .teacher
            case ("", let enterprise?):
                let previous = existing?.members.lazy.compactMap(\.enterpriseMember).first {
                    $0.name == enterprise.name && $0.employer == enterprise.employer
                }
                person = Self.enterpriseMember(
                    enterprise, field: path + ".enterprise_member", previous: previous, actorID: actorID, now: now,
                    into: &violations
                ).map { .enterprise($0) }
                kind = .enterprise
            case (let id, _?):
                violations.add(path + ".teacher_id", id, "is given beside an enterprise_member; a member is one or the other")
            }
            let roles = Self.roles(input.roles, field: path + ".roles", of: kind, into: &violations)
            if let person { members.append(TeamMember(person: person, roles: roles)) }
        }
        if 1 + draft.members.count > maxTeamSize {
            violations.add(
                field + "members", "\(draft.members.count) members",
                "make a team of \(1 + draft.members.count) with the leader; at most \(maxTeamSize) people are allowed")
        }
        if !draft.schoolID.isEmpty && schoolID == nil {
            if violations.list.isEmpty { throw DomainError(.notFound, "team.school_id: no school \(draft.schoolID)") }
            violations.add(field + "school_id", draft.schoolID, "names no school")
        }
        try violations.check()
        guard let majorKind else {
            throw DomainError(.invalidArgument, "team: incomplete")  // unreachable: a nil added a violation
        }
        return Team(
            id: existing?.id ?? "", schoolID: draft.schoolID, name: draft.name, majorName: draft.majorName, majorKind: majorKind,
            leaderTeacherID: draft.leaderTeacherID, leaderRoles: leaderRoles, members: members,
            createdAtUnixMilliseconds: existing?.createdAtUnixMilliseconds ?? now, updatedAtUnixMilliseconds: now,
            revision: (existing?.revision ?? 0) + 1)
    }

    /// Adds a violation unless `id` names a teacher, of school `schoolID` when that is known.
    private func checkTeacher(_ id: String, field: String, schoolID: String?, into violations: inout Violations) {
        guard let teacher = teacher(id: id) else {
            violations.add(field, id, "names no teacher")
            return
        }
        if let schoolID, teacher.schoolID != schoolID {
            violations.add(field, id, "is a teacher of school \(teacher.schoolID), not of the team's school \(schoolID)")
        }
    }

    private static func enterpriseMember(
        _ input: TeamDraft.EnterpriseMemberInput, field: String, previous: EnterpriseMember?, actorID: String, now: Int64,
        into violations: inout Violations
    ) -> EnterpriseMember? {
        TextRule.required.check(input.name, field: field + ".name", maxLength: 50, into: &violations)
        TextRule.required.check(input.employer, field: field + ".employer", maxLength: 100, into: &violations)
        TextRule.optional.check(input.position, field: field + ".position", maxLength: 50, into: &violations)
        let title: TitleRank? = scale(input.titleRank, field: field + ".title_rank", into: &violations)
        let skill: SkillLevel? = scale(input.skillLevel, field: field + ".skill_level", into: &violations)
        let attestation = attestation(
            input.ethicsAttestation, previous: previous?.ethicsAttestation, field: field + ".ethics_attestation",
            actorID: actorID, now: now, into: &violations)
        guard let title, let skill else { return nil }
        return EnterpriseMember(
            name: input.name, employer: input.employer, position: input.position, titleRank: title, skillLevel: skill,
            ethicsAttestation: attestation)
    }

    /// Who a person in a team is, for the rules on roles.
    private enum PersonKind {
        /// The leader: roles optional, never `enterpriseExpert`.
        case leader
        /// A member who is a teacher of the school: at least one role, never `enterpriseExpert`.
        case teacher
        /// An enterprise member: at least one role, `enterpriseExpert` among them.
        case enterprise
    }

    /// The roles given, each known and none twice, checked against who the person is; `kind` nil
    /// (a member in doubt, already refused) checks only the roles themselves.
    private static func roles(
        _ raw: [Int32], field: String, of kind: PersonKind?, into violations: inout Violations
    ) -> [TeamMemberRole] {
        let expert = TeamMemberRole.enterpriseExpert
        var roles: [TeamMemberRole] = []
        for (index, value) in raw.enumerated() {
            guard let role: TeamMemberRole = scale(value, field: "\(field)[\(index)]", into: &violations) else { continue }
            if roles.contains(role) {
                violations.add("\(field)[\(index)]", "\(value)", "repeats an earlier role")
                continue
            }
            if role == expert && (kind == .leader || kind == .teacher) {
                violations.add(
                    "\(field)[\(index)]", "\(value)",
                    "is ENTERPRISE_EXPERT, which only an enterprise member has, never a teacher of the school")
            }
            roles.append(role)
        }
        if raw.isEmpty && kind != .leader {
            violations.add(field, "", "needs at least one role")
        } else if kind == .enterprise && !raw.contains(expert.rawValue) {
            violations.add(
                field, raw.map(String.init).joined(separator: ", "),
                "must include ENTERPRISE_EXPERT (\(expert.rawValue)) for an enterprise member")
        }
        return roles
    }
}
