import Craftsman
import Testing

@Suite struct EligibilityTeamTests {
    typealias Fixture = EligibilityFixture
    static let schoolID = "S00000001"

    /// A team and the registry its teachers live in.
    struct Setup {
        var team: Team
        var teachers: [String: Teacher]
        var rule = TeamRule.defaults
        var waivers: [Waiver] = []

        /// A valid team of `teacherMembers + experts + 1` people: the leader (an integrated
        /// professional teacher), teacher members covering the other three required roles (then
        /// more integrated professional teachers), and `experts` attested enterprise experts.
        init(teacherMembers: Int = 3, experts: Int = 0) {
            var teachers: [String: Teacher] = [:]
            var members: [TeamMember] = []
            let roles: [TeamMemberRole] = [.classAdviser, .ideologyTeacher, .cultureFoundationTeacher]
            for index in 0...teacherMembers {
                let id = "T0000010\(index)"
                teachers[id] = Fixture.teacher(id: id, schoolID: EligibilityTeamTests.schoolID, name: "教师\(index)")
                if index > 0 {
                    let role = index <= roles.count ? roles[index - 1] : .integratedProfessionalTeacher
                    members.append(TeamMember(person: .teacher(id: id), roles: [role]))
                }
            }
            for index in 0..<experts {
                let expert = EnterpriseMember(
                    name: "专家\(index)", employer: "北京精雕科技", position: "总工程师", titleRank: .fullSenior,
                    skillLevel: .noCertificate, ethicsAttestation: Fixture.attested)
                members.append(TeamMember(person: .enterprise(expert), roles: [.enterpriseExpert]))
            }
            team = Team(
                id: "M00000001", schoolID: EligibilityTeamTests.schoolID, name: "数控匠师团队", majorName: "数控加工",
                majorKind: .integratedWorkStudy, leaderTeacherID: "T00000100", leaderRoles: [.integratedProfessionalTeacher],
                members: members, createdAtUnixMilliseconds: 1, updatedAtUnixMilliseconds: 1, revision: 1)
            self.teachers = teachers
        }

        func lines() -> [EligibilityLine] {
            Eligibility.lines(
                for: team, teachers: { teachers[$0] }, rule: rule, referenceDate: Fixture.referenceDate, waivers: waivers)
        }

        func lines(_ criterion: EligibilityCriterion) -> [EligibilityLine] {
            lines().filter { $0.criterion == criterion }
        }

        func line(_ criterion: EligibilityCriterion) throws -> EligibilityLine {
            let matching = lines(criterion)
            try #require(matching.count == 1, "\(criterion): \(matching.count) lines")
            return matching[0]
        }

        func result() -> EligibilityResult {
            EligibilityResult(
                tier: .team, subject: .team(id: team.id), roundID: "R1", referenceDate: Fixture.referenceDate,
                roundConfigVersion: 1, subjectRevision: 1, checkedAtUnixMilliseconds: 0, lines: lines())
        }
    }

    @Test func aValidTeamMeetsEveryCriterionInOrder() {
        let setup = Setup(teacherMembers: 3, experts: 1)
        let lines = setup.lines()
        #expect(
            lines.map(\.criterion) == [
                .expertJudgement, .teamSize, .teamEnterpriseShare, .teamRoleCoverage, .teamMajor, .teamLeaderTitleOrSkill,
                .teamMemberEthics, .teamMembersOfSchool,
            ])
        for line in lines {
            #expect(line.status == (line.criterion == .expertJudgement ? .needsExpertJudgement : .met), "\(line)")
            #expect(!line.waivable && line.planClause.contains("二(") && !line.rule.isEmpty && !line.explanation.isEmpty)
        }
        #expect(setup.result().hardCriteriaSatisfied)
    }

    @Test func planClausesFollowThePlan() throws {
        let setup = Setup()
        #expect(try setup.line(.teamSize).planClause == "二(二)4(4)")
        #expect(try setup.line(.teamEnterpriseShare).planClause == "二(二)4(4)")
        #expect(try setup.line(.teamRoleCoverage).planClause == "二(二)4(4)")
        #expect(try setup.line(.teamMajor).planClause == "二(二)4(2)")
        #expect(try setup.line(.teamLeaderTitleOrSkill).planClause == "二(二)4(5)")
        #expect(try setup.line(.teamMemberEthics).planClause == "二(二)4(1)")
        #expect(try setup.line(.expertJudgement).planClause == "二(二)4(2)(3)(4)(5)")
        #expect(try setup.line(.expertJudgement).status == .needsExpertJudgement)
    }

    // MARK: Size and enterprise share

    @Test func aTeamOf15IsAllowedAndOf16IsNot() throws {
        let fifteen = try Setup(teacherMembers: 14).line(.teamSize)
        #expect(fifteen.status == .met && fifteen.number("team_size") == 15 && fifteen.number("max_team_size") == 15)
        var sixteen = Setup(teacherMembers: 15)
        let line = try sixteen.line(.teamSize)
        #expect(line.status == .notMet && line.number("team_size") == 16)
        #expect(!sixteen.result().hardCriteriaSatisfied)
        sixteen.rule.maxTeamSize = 16
        #expect(try sixteen.line(.teamSize).status == .met)
        #expect(sixteen.result().hardCriteriaSatisfied)
    }

    static let shares: [(teacherMembers: Int, experts: Int, met: Bool, maxExperts: Double)] = [
        (10, 4, true, 4),  // 15 people: 4 × 3 = 12 < 15
        (9, 5, false, 4),  // 15 people: 5 × 3 = 15, not < 15
        (4, 1, true, 1),  // 6 people: 3 < 6
        (3, 2, false, 1),  // 6 people: 6, not < 6
        (3, 0, true, 1),  // 4 people, no experts
    ]

    @Test(arguments: shares)
    func enterpriseExpertsMustBeFewerThanAThird(share: (teacherMembers: Int, experts: Int, met: Bool, maxExperts: Double))
        throws
    {
        let setup = Setup(teacherMembers: share.teacherMembers, experts: share.experts)
        let line = try setup.line(.teamEnterpriseShare)
        #expect(line.status == (share.met ? .met : .notMet))
        #expect(line.number("enterprise_experts") == Double(share.experts))
        #expect(line.number("team_size") == Double(setup.team.size))
        #expect(line.number("max_enterprise_experts") == share.maxExperts && line.text("max_enterprise_share") == "1/3")
    }

    @Test func theShareFollowsTheRoundsRule() throws {
        var setup = Setup(teacherMembers: 3, experts: 2)  // 6 people, 2 experts
        #expect(try setup.line(.teamEnterpriseShare).status == .notMet)
        setup.rule.enterpriseExpertShareNumerator = 1
        setup.rule.enterpriseExpertShareDenominator = 2  // 2 × 2 = 4 < 6
        let line = try setup.line(.teamEnterpriseShare)
        #expect(line.status == .met && line.number("max_enterprise_experts") == 2 && line.text("max_enterprise_share") == "1/2")
    }

    // MARK: Roles, major and leader

    @Test func missingRolesAreNamed() throws {
        var setup = Setup()
        setup.team.members[1].roles = [.integratedProfessionalTeacher]  // was the ideology teacher
        setup.team.members[2].roles = [.integratedProfessionalTeacher]  // was the culture-foundation teacher
        let line = try setup.line(.teamRoleCoverage)
        #expect(line.status == .notMet)
        #expect(line.text("missing_roles") == "TEAM_MEMBER_ROLE_IDEOLOGY_TEACHER, TEAM_MEMBER_ROLE_CULTURE_FOUNDATION_TEACHER")
        #expect(line.explanation.contains("TEAM_MEMBER_ROLE_IDEOLOGY_TEACHER"))
        // A role the leader plays counts.
        setup.team.leaderRoles = [.integratedProfessionalTeacher, .ideologyTeacher, .cultureFoundationTeacher]
        #expect(try setup.line(.teamRoleCoverage).status == .met)
        setup.team.leaderRoles = []
        setup.team.members[1].roles = [.classAdviser]
        setup.team.members[2].roles = [.classAdviser]
        #expect(
            try setup.line(.teamRoleCoverage).text("missing_roles") == "TEAM_MEMBER_ROLE_IDEOLOGY_TEACHER, "
                + "TEAM_MEMBER_ROLE_CULTURE_FOUNDATION_TEACHER, TEAM_MEMBER_ROLE_INTEGRATED_PROFESSIONAL_TEACHER")
    }

    @Test func theMajorIsRecorded() throws {
        var setup = Setup()
        setup.team.majorKind = .newOccupation
        let line = try setup.line(.teamMajor)
        #expect(
            line.status == .met && line.text("major_kind") == "MAJOR_KIND_NEW_OCCUPATION" && line.text("major_name") == "数控加工")
    }

    @Test func theLeaderNeedsTheTitleOrTheSkill() throws {
        var setup = Setup()
        setup.teachers["T00000100"]?.titleRank = .intermediate
        setup.teachers["T00000100"]?.skillLevel = .technician
        let line = try setup.line(.teamLeaderTitleOrSkill)
        #expect(line.status == .notMet && line.memberTeacherID == "T00000100" && line.memberName == "教师0")
        #expect(line.text("title_rank") == "TITLE_RANK_INTERMEDIATE" && line.text("skill_level") == "SKILL_LEVEL_TECHNICIAN")
        setup.teachers["T00000100"]?.skillLevel = .seniorTechnician
        #expect(try setup.line(.teamLeaderTitleOrSkill).status == .met)
        setup.teachers["T00000100"]?.skillLevel = .noCertificate
        setup.teachers["T00000100"]?.titleRank = .associateSenior
        #expect(try setup.line(.teamLeaderTitleOrSkill).status == .met)
    }

    @Test func aMissingLeaderFailsTheLeaderRule() throws {
        var setup = Setup()
        setup.teachers["T00000100"] = nil
        let line = try setup.line(.teamLeaderTitleOrSkill)
        #expect(line.status == .notMet && line.memberTeacherID == "T00000100" && line.explanation.contains("not a registered"))
    }

    // MARK: Members

    @Test func everyUnattestedMemberGetsALine() {
        var setup = Setup(teacherMembers: 3, experts: 2)
        setup.teachers["T00000102"]?.ethicsAttestation = nil
        guard case .enterprise(var expert) = setup.team.members[4].person else {
            Issue.record("member 4 is not an enterprise member")
            return
        }
        expert.ethicsAttestation = Attestation(
            attested: false, statement: "", attestedByAccountID: "", attestedAtUnixMilliseconds: 0)
        setup.team.members[4].person = .enterprise(expert)
        let lines = setup.lines(.teamMemberEthics)
        #expect(lines.map(\.status) == [.notMet, .notMet])
        #expect(lines.map(\.memberTeacherID) == ["T00000102", ""])
        #expect(lines.map(\.memberName) == ["教师2", "专家1"])
        #expect(lines.allSatisfy { $0.text("ethics_attested") == "false" })
        #expect(!setup.result().hardCriteriaSatisfied)
    }

    @Test func membersMustBeInPostAtTheTeamsSchool() {
        var setup = Setup(teacherMembers: 4)
        setup.teachers["T00000101"]?.schoolID = "S00000002"
        setup.teachers["T00000103"]?.employedInPost = false
        setup.teachers["T00000104"]?.schoolID = "S00000003"
        setup.teachers["T00000104"]?.employedInPost = false
        let lines = setup.lines(.teamMembersOfSchool)
        #expect(lines.map(\.status) == [.notMet, .notMet, .notMet])
        #expect(lines.map(\.memberTeacherID) == ["T00000101", "T00000103", "T00000104"])
        #expect(lines[0].text("school_id") == "S00000002" && lines[0].text("team_school_id") == "S00000001")
        #expect(lines[0].explanation.contains("S00000002") && !lines[0].explanation.contains("in post"))
        #expect(lines[1].text("employed_in_post") == "false" && lines[1].explanation.contains("not employed and in post"))
        #expect(lines[2].explanation.contains("S00000003") && lines[2].explanation.contains("not employed"))
        #expect(!setup.result().hardCriteriaSatisfied)
    }

    @Test func aMissingTeacherIsNamed() {
        var setup = Setup()
        setup.teachers["T00000103"] = nil
        let school = setup.lines(.teamMembersOfSchool)
        #expect(school.map(\.status) == [.notMet] && school.map(\.memberTeacherID) == ["T00000103"])
        #expect(school.first?.explanation.contains("T00000103") == true)
        // Nobody can attest the ethics of a teacher who is not on file.
        let ethics = setup.lines(.teamMemberEthics)
        #expect(ethics.map(\.status) == [.notMet] && ethics.map(\.memberTeacherID) == ["T00000103"])
    }

    @Test func theLeaderIsAMemberOfTheSchoolToo() {
        var setup = Setup()
        setup.teachers["T00000100"]?.employedInPost = false
        let lines = setup.lines(.teamMembersOfSchool)
        #expect(lines.map(\.status) == [.notMet] && lines.map(\.memberTeacherID) == ["T00000100"])
    }

    @Test func noTeamCriterionCanBeWaived() throws {
        var setup = Setup(teacherMembers: 15)
        setup.waivers = [Fixture.waiver(.teamSize, .approved)]
        let line = try setup.line(.teamSize)
        #expect(line.status == .notMet && !line.waivable && line.waiverID == "W1" && line.waiverJustification.isEmpty)
        #expect(!setup.result().hardCriteriaSatisfied)
    }
}
