import Craftsman
import CraftsmanDemo
import Testing

/// Teams in a round: nominated as a whole, one nominated team per person, a person not both
/// nominated alone and in a team, and a frozen composition once publicised.
@Suite struct SelectionTeamTests {
    /// A team of school 1 led by `leader` with `members`, covering the four roles.
    static func team(_ name: String, leader: String, members: [String]) -> TeamDraft {
        var draft = TeamDraft()
        draft.schoolID = "S00000001"
        draft.name = name
        draft.majorName = "数控加工"
        draft.majorKind = MajorKind.integratedWorkStudy.rawValue
        draft.leaderTeacherID = leader
        draft.leaderRoles = [TeamMemberRole.integratedProfessionalTeacher.rawValue]
        let roles: [TeamMemberRole] = [
            .classAdviser, .ideologyTeacher, .cultureFoundationTeacher, .integratedProfessionalTeacher,
        ]
        draft.members = members.enumerated().map { index, id in
            TeamDraft.MemberInput(teacherID: id, roles: [roles[index % roles.count].rawValue])
        }
        return draft
    }

    /// An open round and six teachers of school 1, the first five of them a team.
    static func openRoundWithTeam(_ world: inout SelectionWorld) throws -> (Round, [String], Team) {
        let round = try world.round()
        try world.apply(
            world.model.planOpenRound(roundID: round.id, expectedRevision: 0, reason: "", actor: world.bureau, now: world.now))
        let people = try (1...6).map { try world.teacher("教师\($0)") }
        let change = try world.model.planCreateTeam(
            Self.team("数控名师团队", leader: people[0], members: Array(people[1...4])), now: world.now)
        try world.model.apply(.registry(change))
        guard case .teamCreated(let team) = change else { throw DomainError(.notFound, "no team created: \(change)") }
        return (round, people, team)
    }

    @Test func aTeamIsNominatedOnceAndItsPeopleOnlyOnce() throws {
        var world = try SelectionWorld()
        let (round, people, team) = try Self.openRoundWithTeam(&world)

        // A member nominated alone first: the team cannot then be nominated.
        let alone = try world.apply(
            world.model.planCreateNomination(
                roundID: round.id, tier: .keyTeacher, subject: .teacher(id: people[2]), materials: [], schoolRecommendation: "",
                waivers: [], actor: world.operatorA, now: world.now))
        let blocked = world.refusal { () throws(DomainError) in
            try world.model.planCreateNomination(
                roundID: round.id, tier: .team, subject: .team(id: team.id), materials: [], schoolRecommendation: "", waivers: [],
                actor: world.operatorA, now: world.now)
        }
        #expect(blocked?.code == .failedPrecondition)
        #expect(blocked?.message.contains(people[2]) == true && blocked?.message.contains(alone.id) == true)
        try world.apply(
            world.model.planWithdrawNomination(
                id: alone.id, expectedRevision: 0, reason: "随团队推荐", actor: world.operatorA, now: world.now))

        // A team takes TEAM and only TEAM.
        let wrongTier = world.refusal { () throws(DomainError) in
            try world.model.planCreateNomination(
                roundID: round.id, tier: .masterTeacher, subject: .team(id: team.id), materials: [], schoolRecommendation: "",
                waivers: [], actor: world.operatorA, now: world.now)
        }
        #expect(wrongTier?.code == .invalidArgument)
        let nominated = try world.apply(
            world.model.planCreateNomination(
                roundID: round.id, tier: .team, subject: .team(id: team.id), materials: [], schoolRecommendation: "", waivers: [],
                actor: world.operatorA, now: world.now))
        #expect(nominated.eligibility.lines.contains { $0.criterion == .teamSize && $0.status == .met })
        #expect(nominated.eligibility.lines.contains { $0.criterion == .teamRoleCoverage && $0.status == .met })

        // Its leader cannot also be nominated alone, nor lead a second nominated team.
        let leaderAlone = world.refusal { () throws(DomainError) in
            try world.model.planCreateNomination(
                roundID: round.id, tier: .masterTeacher, subject: .teacher(id: people[0]), materials: [],
                schoolRecommendation: "",
                waivers: [], actor: world.operatorA, now: world.now)
        }
        #expect(leaderAlone?.message.contains(nominated.id) == true)
        let second = try world.model.planCreateTeam(Self.team("第二团队", leader: people[5], members: [people[1]]), now: world.now)
        try world.model.apply(.registry(second))
        guard case .teamCreated(let secondTeam) = second else { return }
        let twoTeams = world.refusal { () throws(DomainError) in
            try world.model.planCreateNomination(
                roundID: round.id, tier: .team, subject: .team(id: secondTeam.id), materials: [], schoolRecommendation: "",
                waivers: [], actor: world.operatorA, now: world.now)
        }
        #expect(twoTeams?.message.contains(people[1]) == true)

        // Before publicity the team may change; once publicised, its composition is frozen.
        let renamed = try world.model.planUpdateTeam(
            id: team.id, expectedRevision: 0, Self.team("数控名师团队（调整）", leader: people[0], members: Array(people[1...4])),
            now: world.now)
        try world.model.apply(.registry(renamed))
        try world.apply(
            world.model.planRecordSchoolPublicity(
                id: nominated.id, startsOn: CivilDate(unixMilliseconds: world.now), wherePublished: "校园网", actor: world.operatorA,
                now: world.now))
        let frozen = world.refusal { () throws(DomainError) in
            try world.model.planUpdateTeam(
                id: team.id, expectedRevision: 0, Self.team("再改", leader: people[0], members: Array(people[1...3])),
                now: world.now)
        }
        #expect(frozen?.code == .failedPrecondition)
        #expect(frozen?.message.contains("IN_SCHOOL_PUBLICITY") == true)
    }

    @Test func aTeamIsFrozenWhileItsRoundIsInProgressOrItIsInCultivation() throws {
        var world = try SelectionWorld()
        let (round, people, team) = try Self.openRoundWithTeam(&world)
        let nominated = try world.apply(
            world.model.planCreateNomination(
                roundID: round.id, tier: .team, subject: .team(id: team.id), materials: [], schoolRecommendation: "", waivers: [],
                actor: world.operatorA, now: world.now))
        try world.publicise(nominated.id)
        func refusedUpdate() -> DomainError? {
            world.refusal { () throws(DomainError) in
                try world.model.planUpdateTeam(
                    id: team.id, expectedRevision: 0, Self.team("数控名师团队", leader: people[0], members: Array(people[1...3])),
                    now: world.now)
            }
        }
        #expect(refusedUpdate()?.code == .failedPrecondition)

        // The round cancelled: the publicised nomination no longer holds the team.
        try world.apply(
            world.model.planCancelRound(roundID: round.id, expectedRevision: 0, reason: "停办", actor: world.bureau, now: world.now)
        )
        #expect(refusedUpdate() == nil)

        // A round confirmed with the team left NOT_SELECTED: the school may change it for a
        // later round; but a confirmed team, in cultivation, stays as selected.
        try world.force(round.id, into: .confirmed)
        var nomination = world.nomination(nominated.id)
        nomination.state = .notSelected
        try world.model.apply(.selection(.nominationPut(nomination)))
        #expect(refusedUpdate() == nil)
        nomination.state = .confirmed
        try world.model.apply(.selection(.nominationPut(nomination)))
        #expect(refusedUpdate()?.message.contains("CONFIRMED") == true)
    }

    @Test func theRoundInProgressSetsTheTeamSizeLimit() throws {
        var world = try SelectionWorld()
        var round = try world.round()
        var config = round.config
        config.teamRule.maxTeamSize = 4
        round = try world.apply(
            world.model.planUpdateRoundConfig(
                roundID: round.id, expectedConfigVersion: 1, config: config, reason: "团队规模", actor: world.bureau, now: world.now))
        try world.apply(
            world.model.planOpenRound(roundID: round.id, expectedRevision: 0, reason: "", actor: world.bureau, now: world.now))
        let people = try (1...5).map { try world.teacher("教师\($0)") }
        #expect(world.model.teamRuleInForce.maxTeamSize == 4)
        let tooBig = world.refusal { () throws(DomainError) in
            try world.model.planCreateTeam(Self.team("大团队", leader: people[0], members: Array(people[1...4])), now: world.now)
        }
        #expect(tooBig?.code == .invalidArgument)
        #expect(tooBig?.message.contains("4") == true)
    }
}
