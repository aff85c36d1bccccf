import Craftsman

// Teams (优秀匠师团队) in the demo program: registered by the schools' operators with their
// teachers, brought up to date before each round and nominated for TEAM before the individuals.

extension DemoGenerator {
    /// Each school's operator registers its teams: ``DemoRegistry/teams(count:teachers:seed:)``'s
    /// drafts up to the `total`-th (the drafts of a larger count begin with those of a smaller
    /// one), those not taken yet. The drafts name teachers by position; they get the ids the
    /// teachers got. A teacher already in a registered team is left out of a new one, and a
    /// draft whose leader is, skipped.
    mutating func registerTeams(upTo total: Int, reason: String) throws {
        precondition(teacherDrafts.count == teacherIDs.count, "a teacher id per draft")
        let ids = teacherIDs
        func id(_ positional: String) -> String {
            guard let position = Int(positional.dropFirst()), ids.indices.contains(position - 1) else { return positional }
            return ids[position - 1]
        }
        let drafts = DemoRegistry.teams(count: total, teachers: teacherDrafts, seed: seed).dropFirst(teamDraftsTaken)
        teamDraftsTaken = max(teamDraftsTaken, total)
        var inTeams = Set(model.registry.allTeams.flatMap(\.teacherIDs))
        for var draft in drafts {
            draft.leaderTeacherID = id(draft.leaderTeacherID)
            for index in draft.members.indices where !draft.members[index].teacherID.isEmpty {
                draft.members[index].teacherID = id(draft.members[index].teacherID)
            }
            guard !inTeams.contains(draft.leaderTeacherID) else { continue }
            draft.members.removeAll { !$0.teacherID.isEmpty && inTeams.contains($0.teacherID) }
            inTeams.insert(draft.leaderTeacherID)
            inTeams.formUnion(draft.members.map(\.teacherID).filter { !$0.isEmpty })
            tick(600...2400)
            let actor = operators[draft.schoolID]!
            try record(
                actor, "\(reason)：\(draft.name)",
                Planned([.registry(try model.planCreateTeam(draft, actorID: actor.accountID, now: clock.now))], ()))
        }
    }

    /// The teams schools put forward for TEAM, about 2.2–3 times the quota (at most three in
    /// four of the teams not in cultivation) and a few per school at most: mostly teams that
    /// meet every hard criterion, some that do not. A school brings each team it considers up
    /// to date first (``refresh(_:round:)``), before any nomination of the round.
    mutating func chooseTeams(round: Round) throws -> [DemoCandidate] {
        let cultivated = cultivatedTeams
        let teams = model.registry.allTeams.filter { !cultivated.contains($0.id) }
        let quota = Double(round.config.quotas[.team] ?? 0)
        let target = min(Int((quota * Double.random(in: 2.2...3, using: &random)).rounded()), teams.count * 3 / 4)
        guard target > 0 else { return [] }
        let cap = max(1, Int((Double(target) * 1.5 / Double(schoolCount)).rounded(.up)))
        let reference = round.config.effectiveReferenceDate
        let ranked = teams.map { ($0, teamStrength($0, at: reference) + Double.random(in: 0..<4, using: &random)) }
            .sorted { ($0.1, $1.0.id) > ($1.1, $0.0.id) }
        // The teachers who may join a team: in post, attested, in no team and not in cultivation.
        let inTeams = Set(model.registry.allTeams.flatMap(\.teacherIDs)).union(cultivatedTeachers)
        var free = Dictionary(
            grouping: model.registry.allTeachers.filter { Self.fit($0) && !inTeams.contains($0.id) }, by: \.schoolID)
        var eligible: [DemoCandidate] = []
        var imperfect: [DemoCandidate] = []
        for (team, strength) in ranked {
            if eligible.count >= target && imperfect.count >= max(2, target / 4) { break }
            let team = try refresh(team, round: round, free: &free[team.schoolID, default: []])
            let result = try model.checkEligibility(
                roundID: round.id, tier: .team, subject: .team(id: team.id), actor: bureau, now: clock.now)
            let candidate = DemoCandidate(team: team, strength: strength)
            if result.lines.contains(where: { $0.status == .notMet }) {
                imperfect.append(candidate)
            } else {
                eligible.append(candidate)
            }
        }
        var chosen: [DemoCandidate] = []
        var perSchool: [String: Int] = [:]
        for (pool, share) in [(eligible, 0.82), (imperfect, 0.18)] {
            var left = max(1, Int((Double(target) * share).rounded()))
            for candidate in pool where left > 0 && perSchool[candidate.schoolID, default: 0] < cap {
                perSchool[candidate.schoolID, default: 0] += 1
                chosen.append(candidate)
                left -= 1
            }
        }
        return chosen
    }

    /// A team as its school brings it up to date before a round: teachers no longer in post or
    /// without an ethics attestation leave it (the leader stays); after a review that found roles
    /// missing, a member takes the class adviser's role and free teachers of the missing courses
    /// join; and now and then another teacher of the school in no team joins. The change is
    /// recorded through ``Model/planUpdateTeam(id:expectedRevision:_:actorID:now:)``; the team as
    /// it is afterwards.
    private mutating func refresh(_ team: Team, round: Round, free: inout [Teacher]) throws -> Team {
        let maxSize = Int(model.teamRuleInForce.maxTeamSize)
        var draft = TeamDraft(team)
        draft.members.removeAll { member in
            !member.teacherID.isEmpty && !(model.registry.teacher(id: member.teacherID).map(Self.fit) ?? false)
        }
        var reasons: [String] = []
        let left = team.members.count - draft.members.count
        if left > 0 { reasons.append("\(left)名不在岗或师德考核未完成的教师调出团队") }
        func join(_ teacher: Teacher) {
            draft.members.append(TeamDraft.MemberInput(teacherID: teacher.id, roles: [Self.role(of: teacher).rawValue]))
            free.removeAll { $0.id == teacher.id }
            reasons.append("\(teacher.name)（\(teacher.subjectTaught)）加入团队")
        }
        let failedOn = Set(
            model.selection.allNominations.filter { $0.teamID == team.id && $0.state == .failedReview }
                .flatMap(\.eligibility.lines).filter { $0.status == .notMet }.map(\.criterion))
        if failedOn.contains(.teamRoleCoverage) {
            var held = Set((draft.leaderRoles + draft.members.flatMap(\.roles)).compactMap(TeamMemberRole.init(rawValue:)))
            if !held.contains(.classAdviser), let index = draft.members.lastIndex(where: { !$0.teacherID.isEmpty }) {
                draft.members[index].roles.insert(TeamMemberRole.classAdviser.rawValue, at: 0)
                held.insert(.classAdviser)
                reasons.append("明确班主任成员")
            }
            for role in [TeamMemberRole.ideologyTeacher, .cultureFoundationTeacher] where !held.contains(role) {
                guard 1 + draft.members.count < maxSize, let teacher = free.first(where: { Self.role(of: $0) == role }) else {
                    continue
                }
                join(teacher)
            }
        }
        if 1 + draft.members.count < maxSize && random.chance(0.4) && !free.isEmpty {
            // Preferably a teacher of the team's major.
            let ofMajor = free.filter { $0.subjectTaught == team.majorName }
            join(random.pick(ofMajor.isEmpty ? free : ofMajor))
        }
        guard !reasons.isEmpty else { return team }
        tick(600...1800)
        let actor = operators[team.schoolID]!
        try record(
            actor, "调整\(team.name)核心成员：" + reasons.joined(separator: "，"),
            Planned(
                [
                    .registry(
                        try model.planUpdateTeam(
                            id: team.id, expectedRevision: team.revision, draft, actorID: actor.accountID, now: clock.now))
                ], ()))
        return model.registry.team(id: team.id)!
    }

    /// Whether a teacher may be in a team the school nominates: in post, ethics attested.
    static func fit(_ teacher: Teacher) -> Bool { teacher.employedInPost && teacher.ethicsAttestation?.attested == true }

    /// The role a teacher's course gives them in a team.
    static func role(of teacher: Teacher) -> TeamMemberRole {
        switch teacher.courseKind {
        case .ideology: .ideologyTeacher
        case .cultureFoundation: .cultureFoundationTeacher
        case .professional: .integratedProfessionalTeacher
        }
    }

    /// The teams in cultivation since an earlier round.
    var cultivatedTeams: Set<String> {
        Set(model.selection.allProjects.compactMap { project in if case .team(let id) = project.subject { id } else { nil } })
    }

    /// How strong a team's record is: its leader's and its teacher members' on average, equally
    /// weighted, and a little for each enterprise member.
    func teamStrength(_ team: Team, at date: CivilDate) -> Double {
        let leader = model.registry.teacher(id: team.leaderTeacherID).map { Self.strength(of: $0, at: date) } ?? 0
        let members = team.members.compactMap(\.teacherID).compactMap(model.registry.teacher(id:)).map {
            Self.strength(of: $0, at: date)
        }
        let mean = members.isEmpty ? 0 : members.reduce(0, +) / Double(members.count)
        return (leader + mean) / 2 + Double(team.enterpriseMemberCount)
    }

    /// How strong a nominee's record is: a teacher's or a team's; nil when it is not registered.
    func subjectStrength(_ subject: EligibilityResult.Subject, at date: CivilDate) -> Double? {
        switch subject {
        case .teacher(let id): model.registry.teacher(id: id).map { Self.strength(of: $0, at: date) }
        case .team(let id): model.registry.team(id: id).map { teamStrength($0, at: date) }
        }
    }
}
