import Craftsman
import CraftsmanDemo
import Testing

@Suite struct DemoTeamsTests {
    /// The demo registry of `schools` schools and `teachers` teachers, with up to `teams` teams
    /// created through the domain's commands.
    static func registry(schools: Int, teachers: Int, teams: Int) throws -> Registry {
        var registry = Registry()
        for draft in DemoRegistry.schools(count: schools) {
            try registry.apply(try registry.planCreateSchool(draft, now: testNow))
        }
        let teacherDrafts = DemoRegistry.teachers(count: teachers, schoolCount: schools, today: Demo.today)
        for draft in teacherDrafts { try registry.apply(try registry.planCreateTeacher(draft, now: testNow)) }
        for draft in DemoRegistry.teams(count: teams, teachers: teacherDrafts) {
            try registry.apply(
                try registry.planCreateTeam(draft, maxTeamSize: Int(TeamRule.defaults.maxTeamSize), now: testNow))
        }
        return registry
    }

    @Test func demoTeamsAreValidPlausibleAndDeterministic() throws {
        let registry = try Self.registry(schools: 12, teachers: 600, teams: 24)
        let teams = Array(registry.allTeams)
        #expect(teams.count == 24)
        #expect(Array(try Self.registry(schools: 12, teachers: 600, teams: 24).allTeams) == teams)

        let rule = TeamRule.defaults
        var teachersSeen: Set<String> = []
        for team in teams {
            #expect(team.size <= Int(rule.maxTeamSize))
            #expect((0...3).contains(team.enterpriseMemberCount))
            for id in team.teacherIDs {
                #expect(registry.teacher(id: id)?.schoolID == team.schoolID)
                #expect(teachersSeen.insert(id).inserted, "\(id) is in two demo teams")
            }
        }
        // Most teams are what the program asks for; some are deliberately not.
        func leaderQualifies(_ team: Team) -> Bool {
            guard let leader = registry.teacher(id: team.leaderTeacherID) else { return false }
            return leader.titleRank >= .associateSenior || leader.skillLevel >= .seniorTechnician
        }
        func coversEveryRole(_ team: Team) -> Bool {
            let roles = Set(team.leaderRoles + team.members.flatMap(\.roles))
            return roles.isSuperset(of: [
                .classAdviser, .ideologyTeacher, .cultureFoundationTeacher, .integratedProfessionalTeacher,
            ])
        }
        func expertsUnderAThird(_ team: Team) -> Bool {
            Int32(team.enterpriseMemberCount) * rule.enterpriseExpertShareDenominator
                < Int32(team.size) * rule.enterpriseExpertShareNumerator
        }
        let sized = teams.filter { (5...14).contains($0.members.count - $0.enterpriseMemberCount) }
        let perfect = teams.filter { leaderQualifies($0) && coversEveryRole($0) && expertsUnderAThird($0) }
        #expect(sized.count >= 21, "\(sized.count) of 24 have 5 to 14 teacher members")
        #expect(teams.filter(leaderQualifies).count >= 20)
        // Ideology teachers are few (1 in 13 demo teachers): some schools have none to spare.
        #expect(teams.filter(coversEveryRole).count >= 16)
        #expect((15..<24).contains(perfect.count), "\(perfect.count) of 24 meet every composition rule")
        #expect(teams.contains { $0.enterpriseMemberCount == 0 } && teams.contains { $0.enterpriseMemberCount >= 2 })
        #expect(Set(teams.map(\.majorKind)).count == 3)
    }

    @Test func theSchoolsRunningOutOfTeachersEndTheTeams() throws {
        // 2 schools of 10 teachers: one team each leaves fewer than 6 in either.
        let teams = Array(try Self.registry(schools: 2, teachers: 20, teams: 10).allTeams)
        #expect((2...3).contains(teams.count))
        #expect(Set(teams.map(\.schoolID)) == ["S00000001", "S00000002"])
    }
}
