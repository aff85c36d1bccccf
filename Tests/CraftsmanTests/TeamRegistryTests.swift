import Craftsman
import Testing

@Suite struct TeamRegistryTests {
    static let now = RegistryTests.now

    /// Schools S1 and S2; teachers T1–T6 of S1 and T7 of S2.
    static func registry() throws -> Registry {
        var registry = try RegistryTests.registry()
        try registry.apply(try registry.planCreateSchool(SchoolDraft(name: "北京市电子信息技师学院", district: "海淀区"), now: now))
        for number in 1...7 {
            var draft = RegistryTests.draft()
            draft.nationalID = .keep
            draft.name = "教师\(number)"
            if number == 7 { draft.schoolID = "S00000002" }
            try registry.apply(try registry.planCreateTeacher(draft, now: now))
        }
        return registry
    }

    static func enterpriseMember() -> TeamDraft.MemberInput {
        var person = TeamDraft.EnterpriseMemberInput()
        person.name = "李工"
        person.employer = "北京奔驰汽车有限公司"
        person.position = "首席技师"
        person.titleRank = TitleRank.associateSenior.rawValue
        person.skillLevel = SkillLevel.seniorTechnician.rawValue
        person.ethicsAttestation = TeamDraft.AttestationInput(attested: true, statement: "师德师风考核合格")
        return TeamDraft.MemberInput(enterpriseMember: person, roles: [TeamMemberRole.enterpriseExpert.rawValue])
    }

    /// Leader T1; members T2 (class adviser), T3 (ideology), T4 (culture foundation) and an
    /// enterprise expert.
    static func draft() -> TeamDraft {
        var draft = TeamDraft()
        draft.schoolID = "S00000001"
        draft.name = "数控加工匠师团队"
        draft.majorName = "数控加工"
        draft.majorKind = MajorKind.integratedWorkStudy.rawValue
        draft.leaderTeacherID = "T00000001"
        draft.leaderRoles = [TeamMemberRole.integratedProfessionalTeacher.rawValue]
        draft.members = [
            .init(teacherID: "T00000002", roles: [TeamMemberRole.classAdviser.rawValue]),
            .init(teacherID: "T00000003", roles: [TeamMemberRole.ideologyTeacher.rawValue]),
            .init(teacherID: "T00000004", roles: [TeamMemberRole.cultureFoundationTeacher.rawValue]),
            enterpriseMember(),
        ]
        return draft
    }

    /// The error planning `draft` throws, if any.
    static func error(_ draft: TeamDraft, maxTeamSize: Int = 15) throws -> DomainError? {
        do {
            _ = try registry().planCreateTeam(draft, maxTeamSize: maxTeamSize, now: now)
            return nil
        } catch let error as DomainError {
            return error
        }
    }

    @Test func aValidTeamIsPlannedWithServerFieldsAndIndexed() throws {
        var registry = try Self.registry()
        let change = try registry.planCreateTeam(Self.draft(), maxTeamSize: 15, actorID: "A1", now: Self.now)
        guard case .teamCreated(let team) = change else { Issue.record("\(change)"); return }
        #expect(team.id == "TM00000001" && team.revision == 1 && team.createdAtUnixMilliseconds == Self.now)
        #expect(team.size == 5 && team.enterpriseMemberCount == 1 && team.teacherIDs == (1...4).map { "T0000000\($0)" })
        let attestation = try #require(team.members[3].enterpriseMember?.ethicsAttestation)
        #expect(attestation.attestedByAccountID == "A1" && attestation.attestedAtUnixMilliseconds == Self.now)
        #expect(registry.teamCount == 0)  // planning changes nothing
        try registry.apply(change)
        #expect(registry.team(id: "TM00000001") == team && registry.teamCount == 1)
        #expect(Array(registry.allTeams) == [team])
        #expect(registry.teams(containingTeacher: "T00000001") == ["TM00000001"])
        #expect(registry.teams(containingTeacher: "T00000004") == ["TM00000001"])
        #expect(registry.teams(containingTeacher: "T00000005").isEmpty)
        // Team ids and teacher ids do not mistake each other.
        #expect(registry.team(id: "T00000001") == nil && registry.teacher(id: "TM00000001") == nil)
    }

    /// One broken rule: how it breaks the valid draft, and the violation expected.
    struct Case: Sendable, CustomTestStringConvertible {
        var field: String
        var value: String
        var rule: String
        var maxTeamSize = 15
        var change: @Sendable (inout TeamDraft) -> Void

        var testDescription: String { "\(field) \(rule)" }
    }

    static let cases: [Case] = [
        Case(field: "team.school_id", value: "", rule: "is required") { $0.schoolID = "" },
        Case(field: "team.name", value: "", rule: "is required") { $0.name = "" },
        Case(field: "team.name", value: "\" 团队\"", rule: "white space") { $0.name = " 团队" },
        Case(field: "team.major_name", value: "", rule: "is required") { $0.majorName = "" },
        Case(field: "team.major_kind", value: "0", rule: "is required") { $0.majorKind = 0 },
        Case(field: "team.major_kind", value: "9", rule: "is not a known value") { $0.majorKind = 9 },
        Case(field: "team.leader_teacher_id", value: "", rule: "is required") { $0.leaderTeacherID = "" },
        Case(field: "team.leader_teacher_id", value: "T00000099", rule: "names no teacher") { $0.leaderTeacherID = "T00000099" },
        Case(field: "team.leader_teacher_id", value: "T00000007", rule: "is a teacher of school S00000002") {
            $0.leaderTeacherID = "T00000007"
        },
        Case(field: "team.leader_roles[1]", value: "4", rule: "repeats an earlier role") { $0.leaderRoles = [4, 4] },
        Case(field: "team.leader_roles[0]", value: "5", rule: "ENTERPRISE_EXPERT") { $0.leaderRoles = [5] },
        Case(field: "team.leader_roles[0]", value: "0", rule: "is required") { $0.leaderRoles = [0] },
        Case(field: "team.members[0]", value: "", rule: "needs a teacher_id or an enterprise_member") {
            $0.members[0].teacherID = ""
        },
        Case(field: "team.members[3].teacher_id", value: "T00000005", rule: "is given beside an enterprise_member") {
            $0.members[3].teacherID = "T00000005"
        },
        Case(field: "team.members[0].teacher_id", value: "T00000099", rule: "names no teacher") {
            $0.members[0].teacherID = "T00000099"
        },
        Case(field: "team.members[0].teacher_id", value: "T00000007", rule: "is a teacher of school S00000002") {
            $0.members[0].teacherID = "T00000007"
        },
        Case(field: "team.members[0].teacher_id", value: "T00000001", rule: "is the team's leader") {
            $0.members[0].teacherID = "T00000001"
        },
        Case(field: "team.members[1].teacher_id", value: "T00000002", rule: "already appears as members[0]") {
            $0.members[1].teacherID = "T00000002"
        },
        Case(field: "team.members[3].enterprise_member.name", value: "", rule: "is required") {
            $0.members[3].enterpriseMember?.name = ""
        },
        Case(field: "team.members[3].enterprise_member.employer", value: "", rule: "is required") {
            $0.members[3].enterpriseMember?.employer = ""
        },
        Case(field: "team.members[3].enterprise_member.title_rank", value: "0", rule: "is required") {
            $0.members[3].enterpriseMember?.titleRank = 0
        },
        Case(field: "team.members[3].enterprise_member.skill_level", value: "42", rule: "is not a known value") {
            $0.members[3].enterpriseMember?.skillLevel = 42
        },
        Case(field: "team.members[3].enterprise_member.ethics_attestation.statement", value: "\"合\\u{0}格\"", rule: "control") {
            $0.members[3].enterpriseMember?.ethicsAttestation?.statement = "合\u{0}格"
        },
        Case(field: "team.members[0].roles", value: "", rule: "needs at least one role") { $0.members[0].roles = [] },
        Case(field: "team.members[0].roles[1]", value: "1", rule: "repeats an earlier role") { $0.members[0].roles = [1, 1] },
        Case(field: "team.members[0].roles[1]", value: "5", rule: "never a teacher of the school") {
            $0.members[0].roles = [1, 5]
        },
        Case(field: "team.members[3].roles", value: "1, 4", rule: "must include ENTERPRISE_EXPERT (5)") {
            $0.members[3].roles = [1, 4]
        },
        Case(field: "team.members", value: "4 members", rule: "a team of 5 with the leader; at most 4", maxTeamSize: 4) { _ in },
    ]

    @Test(arguments: cases) func eachRuleIsRefusedNamingFieldValueAndRule(_ broken: Case) throws {
        var draft = Self.draft()
        broken.change(&draft)
        let error = try #require(try Self.error(draft, maxTeamSize: broken.maxTeamSize))
        #expect(error.code == .invalidArgument)
        #expect(error.violations.count == 1, "\(error.violations)")
        let violation = try #require(error.violations.first)
        #expect(violation.field == broken.field && violation.value == broken.value, "\(violation)")
        #expect(violation.rule.contains(broken.rule), "\(violation)")
        #expect(error.message.hasPrefix(broken.field + ": "))
    }

    @Test func everyViolationIsCollectedAtOnce() throws {
        var draft = Self.draft()
        draft.schoolID = "S00000099"
        draft.name = ""
        draft.majorKind = 0
        draft.members[2].roles = []
        let error = try #require(try Self.error(draft))
        #expect(error.code == .invalidArgument)
        #expect(
            error.violations.map(\.field) == [
                "team.name", "team.major_kind", "team.members[2].roles", "team.school_id",
            ])
        #expect(error.violations.last?.rule == "names no school")
        // An unknown school alone is not found; its teachers are not also reported.
        draft = Self.draft()
        draft.schoolID = "S00000099"
        let missing = try #require(try Self.error(draft))
        #expect(missing.code == .notFound && missing.message == "team.school_id: no school S00000099")
    }

    @Test func namesAreUniqueWithinASchool() throws {
        var registry = try Self.registry()
        try registry.apply(try registry.planCreateTeam(Self.draft(), maxTeamSize: 15, now: Self.now))
        var again = Self.draft()
        again.members = []
        again.leaderTeacherID = "T00000005"
        #expect {
            try registry.planCreateTeam(again, maxTeamSize: 15, now: Self.now)
        } throws: { error in
            let error = error as? DomainError
            return error?.code == .alreadyExists && error?.message.contains("TM00000001") == true
        }
        // The same name in another school is another team; a team keeps its own name on update.
        again.schoolID = "S00000002"
        again.leaderTeacherID = "T00000007"
        try registry.apply(try registry.planCreateTeam(again, maxTeamSize: 15, now: Self.now))
        #expect(registry.team(id: "TM00000002")?.name == Self.draft().name)
        _ = try registry.planUpdateTeam(id: "TM00000001", expectedRevision: 1, Self.draft(), maxTeamSize: 15, now: Self.now)
    }

    @Test func updatesCheckTheRevisionAndKeepUnchangedAttestations() throws {
        var registry = try Self.registry()
        try registry.apply(try registry.planCreateTeam(Self.draft(), maxTeamSize: 15, actorID: "A1", now: Self.now))
        #expect {
            try registry.planUpdateTeam(id: "TM00000001", expectedRevision: 2, Self.draft(), maxTeamSize: 15, now: Self.now)
        } throws: { ($0 as? DomainError)?.code == .aborted }
        #expect {
            try registry.planUpdateTeam(id: "TM00000009", expectedRevision: 0, Self.draft(), maxTeamSize: 15, now: Self.now)
        } throws: { ($0 as? DomainError)?.message == "team_id: no team TM00000009" }

        var update = Self.draft()
        update.majorKind = MajorKind.newOccupation.rawValue
        try registry.apply(
            try registry.planUpdateTeam(
                id: "TM00000001", expectedRevision: 1, update, maxTeamSize: 15, actorID: "A2", now: Self.now + 1))
        let team = try #require(registry.team(id: "TM00000001"))
        #expect(team.revision == 2 && team.majorKind == .newOccupation)
        #expect(team.createdAtUnixMilliseconds == Self.now && team.updatedAtUnixMilliseconds == Self.now + 1)
        // The enterprise member's attestation said the same: who and when are kept.
        #expect(team.members[3].enterpriseMember?.ethicsAttestation?.attestedByAccountID == "A1")

        update.members[3].enterpriseMember?.ethicsAttestation?.attested = false
        guard
            case .teamUpdated(let changed) = try registry.planUpdateTeam(
                id: "TM00000001", expectedRevision: 2, update, maxTeamSize: 15, actorID: "A2", now: Self.now + 2)
        else { return }
        let attestation = try #require(changed.members[3].enterpriseMember?.ethicsAttestation)
        #expect(
            !attestation.attested && attestation.attestedByAccountID == "A2"
                && attestation.attestedAtUnixMilliseconds == Self.now + 2)
    }

    @Test func theTeacherIndexFollowsUpdates() throws {
        var registry = try Self.registry()
        try registry.apply(try registry.planCreateTeam(Self.draft(), maxTeamSize: 15, now: Self.now))
        var second = Self.draft()
        second.name = "汽车维修匠师团队"
        second.leaderTeacherID = "T00000005"
        second.members = [.init(teacherID: "T00000002", roles: [TeamMemberRole.classAdviser.rawValue])]
        try registry.apply(try registry.planCreateTeam(second, maxTeamSize: 15, now: Self.now))
        #expect(registry.teams(containingTeacher: "T00000002") == ["TM00000001", "TM00000002"])
        #expect(registry.teams(containingTeacher: "T00000005") == ["TM00000002"])

        // T2 leaves the first team, T6 joins, and T5 hands the lead of the second to T6 as well.
        var update = Self.draft()
        update.members[0].teacherID = "T00000006"
        try registry.apply(
            try registry.planUpdateTeam(id: "TM00000001", expectedRevision: 1, update, maxTeamSize: 15, now: Self.now))
        second.leaderTeacherID = "T00000006"
        try registry.apply(
            try registry.planUpdateTeam(id: "TM00000002", expectedRevision: 1, second, maxTeamSize: 15, now: Self.now))
        #expect(registry.teams(containingTeacher: "T00000002") == ["TM00000002"])
        #expect(registry.teams(containingTeacher: "T00000006") == ["TM00000001", "TM00000002"])
        #expect(registry.teams(containingTeacher: "T00000005").isEmpty)

        let page = registry.teams(containingTeacher: "T00000006", after: 0, limit: 1) { _ in true }
        #expect(page.rows.map(\.id) == ["TM00000001"] && page.next == 1)
        let rest = registry.teams(containingTeacher: "T00000006", after: 1, limit: 1) { _ in true }
        #expect(rest.rows.map(\.id) == ["TM00000002"] && rest.next == nil)
        let all = registry.teams(after: 0, limit: 10) { $0.majorKind == .integratedWorkStudy }
        #expect(all.rows.count == 2 && all.next == nil)
    }

    @Test func aJournalThatDoesNotFitIsRefused() throws {
        var registry = try Self.registry()
        guard case .teamCreated(var team) = try registry.planCreateTeam(Self.draft(), maxTeamSize: 15, now: Self.now) else {
            return
        }
        team.id = "TM00000002"
        #expect(throws: DomainError.self) { try registry.apply(.teamCreated(team)) }
        #expect(throws: DomainError.self) { try registry.apply(.teamUpdated(team)) }
        #expect(registry.teamCount == 0 && registry.teams(containingTeacher: "T00000001").isEmpty)
    }
}
