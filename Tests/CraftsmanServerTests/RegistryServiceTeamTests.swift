import CraftsmanClient
import CraftsmanProto
import CraftsmanRPC
import CraftsmanServer
import Testing

@Suite struct RegistryServiceTeamTests {
    /// Two demo schools with 30 teachers each; returns up to `teams` demo team inputs, not created.
    static func load(_ server: StoreServer, teams: Int) async throws -> [TeamInput] {
        for input in Demo.schools(2) { _ = try await server.registry.createSchool(.init(school: input)) }
        for input in Demo.teachers(60, schools: 2) { _ = try await server.registry.createTeacher(.init(teacher: input)) }
        return Demo.teams(teams, teachers: 60, schools: 2)
    }

    /// Every team of a listing, page by page.
    static func list(_ server: StoreServer, _ request: ListTeamsRequest) async throws -> (ids: [String], pages: Int) {
        var request = request
        var ids: [String] = []
        var pages = 0
        repeat {
            let page = try await server.registry.listTeams(request)
            ids += page.teams.map(\.id)
            request.pageToken = page.nextPageToken
            pages += 1
        } while !request.pageToken.isEmpty
        return (ids, pages)
    }

    @Test func teamsAreCreatedReadUpdatedAndListed() async throws {
        try await withTemporaryDirectory { directory in
            try await withStoreServer(directory: directory) { server in
                let inputs = try await Self.load(server, teams: 6)
                #expect(inputs.count == 6)
                var created: [Team] = []
                for input in inputs {
                    created.append(try #require(try await server.registry.createTeam(.init(team: input)).team))
                }
                #expect(created.map(\.id) == (1...6).map { "TM0000000\($0)" })
                #expect(created.allSatisfy { $0.revision == 1 && $0.createdAtUnixMs == testNow })
                #expect(TeamInput(editing: created[0]) == inputs[0].withStampedAttestations)
                let fetched = try #require(try await server.registry.getTeam(.init(teamID: "TM00000002")).team)
                #expect(fetched == created[1])
                let counts = try #require(try await server.admin.getServerInfo(.init()).info?.counts)
                #expect(counts.teams == 6)

                // Paging and filters.
                let all = try await Self.list(server, ListTeamsRequest(pageSize: 4))
                #expect(all.ids == created.map(\.id) && all.pages == 2)
                let second = try await Self.list(server, ListTeamsRequest(schoolID: "S00000002"))
                #expect(second.ids == created.filter { $0.schoolID == "S00000002" }.map(\.id) && !second.ids.isEmpty)
                let kinds: [MajorKind] = [.keySupported, .newOccupation]
                let byKind = try await Self.list(server, ListTeamsRequest(majorKinds: kinds, pageSize: 1))
                #expect(byKind.ids == created.filter { kinds.contains($0.majorKind) }.map(\.id))
                let member = try #require(created[2].members.compactMap(\.teacherID).first)
                let ofMember = try await Self.list(server, ListTeamsRequest(teacherID: member))
                #expect(ofMember.ids == ["TM00000003"])
                let ofLeader = try await Self.list(server, ListTeamsRequest(teacherID: created[2].leaderTeacherID))
                #expect(ofLeader.ids == ["TM00000003"])
                let elsewhere = try await server.registry.listTeams(ListTeamsRequest(schoolID: "S00000009", teacherID: member))
                #expect(elsewhere.teams.isEmpty && elsewhere.nextPageToken.isEmpty)

                // The member leaves: the team is updated and no longer found by that teacher.
                var changed = created[2]
                changed.members.removeAll { $0.teacherID == member }
                let request = UpdateTeamRequest(teamID: changed.id, expectedRevision: 1, team: TeamInput(editing: changed))
                let updated = try #require(try await server.registry.updateTeam(request).team)
                #expect(updated.revision == 2 && updated.members.count == created[2].members.count - 1)
                #expect(updated.createdAtUnixMs == created[2].createdAtUnixMs)
                #expect(try await server.registry.listTeams(ListTeamsRequest(teacherID: member)).teams.isEmpty)
            }
        }
    }

    @Test func badInputIsRefusedNamingFieldValueAndRuleAndChangesNothing() async throws {
        try await withTemporaryDirectory { directory in
            try await withStoreServer(directory: directory) { server in
                let valid = try #require(try await Self.load(server, teams: 1).first)
                _ = try await server.registry.createTeam(.init(team: valid))
                let before = try #require(try await server.admin.getServerInfo(.init()).info)

                var renamed = valid
                renamed.name = "另一个匠师团队"
                var unset = renamed
                unset.majorKind = .unspecified
                var otherSchool = renamed
                otherSchool.leaderTeacherID = "T00000002"  // demo teachers alternate: T2 is of school 2
                var noRoles = renamed
                noRoles.members[0].roles = []
                var expertTeacher = renamed
                expertTeacher.members[0].roles.append(.enterpriseExpert)
                var nobody = renamed
                nobody.members[1].person = nil
                var tooMany = renamed
                tooMany.members += Array(
                    repeating: TeamMember(roles: [.classAdviser], person: .teacherID("T00000001")), count: 15)
                let cases: [(TeamInput, String, String, String)] = [
                    (unset, "team.major_kind", "0", "is required"),
                    (otherSchool, "team.leader_teacher_id", "T00000002", "is a teacher of school S00000002"),
                    (noRoles, "team.members[0].roles", "", "needs at least one role"),
                    (expertTeacher, "team.members[0].roles[\(valid.members[0].roles.count)]", "5", "ENTERPRISE_EXPERT"),
                    (nobody, "team.members[1]", "", "needs a teacher_id or an enterprise_member"),
                    (tooMany, "team.members", "\(valid.members.count + 15) members", "at most 15 people"),
                ]
                for (input, field, value, rule) in cases {
                    let error = try #require(await rpcError { try await server.registry.createTeam(.init(team: input)) })
                    #expect(error.code == .invalidArgument, "\(field)")
                    let violation = try #require(error.fieldViolations.first { $0.field == field }, "\(error)")
                    #expect(violation.value == value && violation.rule.contains(rule), "\(violation)")
                }
                let duplicate = await rpcError { try await server.registry.createTeam(.init(team: valid)) }
                #expect(duplicate?.code == .alreadyExists && duplicate?.message.contains("TM00000001") == true)
                let stale = await rpcError {
                    try await server.registry.updateTeam(.init(teamID: "TM00000001", expectedRevision: 7, team: valid))
                }
                #expect(stale?.code == .aborted)
                let unknown = await rpcError { try await server.registry.getTeam(.init(teamID: "TM00000042")) }
                #expect(unknown?.code == .notFound && unknown?.message == "team_id: no team TM00000042")
                let unknownUpdate = await rpcError {
                    try await server.registry.updateTeam(.init(teamID: "TM00000042", team: valid))
                }
                #expect(unknownUpdate?.code == .notFound && unknownUpdate?.message == "team_id: no team TM00000042")
                var unknownSchoolInput = valid
                unknownSchoolInput.schoolID = "S00000099"
                let unknownSchool = unknownSchoolInput  // a var captured by the closure crashes the 6.3 compiler
                let missing = await rpcError { try await server.registry.createTeam(.init(team: unknownSchool)) }
                #expect(missing?.code == .notFound && missing?.message.contains("S00000099") == true)
                let empty = await rpcError { try await server.registry.createTeam(.init()) }
                #expect(empty?.code == .invalidArgument && (empty?.fieldViolations.count ?? 0) >= 4)
                let badToken = await rpcError { try await server.registry.listTeams(.init(pageToken: "x")) }
                #expect(badToken?.code == .invalidArgument && badToken?.fieldViolations.first?.field == "page_token")
                let badSize = await rpcError { try await server.registry.listTeams(.init(pageSize: -1)) }
                #expect(badSize?.code == .invalidArgument && badSize?.fieldViolations.first?.field == "page_size")

                let after = try #require(try await server.admin.getServerInfo(.init()).info)
                #expect(after.journalSequence == before.journalSequence)
                #expect(after.counts == before.counts)
            }
        }
    }
}

extension TeamMember {
    var teacherID: String? {
        if case .teacherID(let id)? = person { id } else { nil }
    }
}

extension TeamInput {
    /// The input as the server returns it: enterprise members' attestations carry who (the
    /// bootstrap administrator, as no account is named) and when (the test clock).
    var withStampedAttestations: TeamInput {
        var input = self
        for index in input.members.indices {
            guard case .enterpriseMember(var person)? = input.members[index].person else { continue }
            person.ethicsAttestation?.attestedAtUnixMs = testNow
            person.ethicsAttestation?.attestedByAccountID = CraftsmanServices.bootstrapActor.accountID
            input.members[index].person = .enterpriseMember(person)
        }
        return input
    }
}
