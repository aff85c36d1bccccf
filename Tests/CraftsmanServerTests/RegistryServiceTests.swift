import CraftsmanClient
import CraftsmanDemo
import CraftsmanProto
import CraftsmanRPC
import Testing

@Suite struct RegistryServiceTests {
    @Test func teachersAreCreatedReadAndListedWithTheNationalIDMasked() async throws {
        try await withTemporaryDirectory { directory in
            try await withStoreServer(directory: directory) { server in
                let school = try #require(try await server.registry.createSchool(.init(school: Demo.schools(1)[0])).school)
                #expect(school.id == "S00000001" && school.revision == 1 && school.createdAtUnixMs == testNow)
                let inputs = Demo.teachers(5, schools: 1)
                var created: [Teacher] = []
                for input in inputs {
                    created.append(try #require(try await server.registry.createTeacher(.init(teacher: input)).teacher))
                }
                #expect(created.map(\.id) == (1...5).map { "T0000000\($0)" })
                let first = created[0]
                let fetched = try #require(try await server.registry.getTeacher(.init(teacherID: first.id)).teacher)
                #expect(fetched == first)
                #expect(fetched.name == inputs[0].name && fetched.birthDate == inputs[0].birthDate)
                #expect(fetched.researchProjects.count == inputs[0].researchProjects.count)
                let nationalID = try #require(inputs[0].nationalID)
                #expect(fetched.nationalIDMasked == String(nationalID.prefix(3)) + "***********" + String(nationalID.suffix(4)))
                // The whole number is found by an exact search, never shown.
                let found = try await server.registry.listTeachers(.init(filter: TeacherFilter(nationalID: nationalID)))
                #expect(found.teachers.map(\.id) == [first.id])
                #expect(!found.teachers[0].nationalIDMasked.contains(String(nationalID.dropFirst(3).prefix(8))))
            }
        }
    }

    @Test func listsArePagedInIDOrderAndFiltered() async throws {
        try await withTemporaryDirectory { directory in
            try await withStoreServer(directory: directory) { server in
                for input in Demo.schools(2) { _ = try await server.registry.createSchool(.init(school: input)) }
                for input in Demo.teachers(7, schools: 2) { _ = try await server.registry.createTeacher(.init(teacher: input)) }
                var ids: [String] = []
                var token = ""
                var pages = 0
                repeat {
                    let page = try await server.registry.listTeachers(.init(pageSize: 3, pageToken: token))
                    ids += page.teachers.map(\.id)
                    token = page.nextPageToken
                    pages += 1
                } while !token.isEmpty
                #expect(ids == (1...7).map { "T0000000\($0)" })
                #expect(pages == 3)
                // Demo teachers alternate between the two schools.
                let second = try await server.registry.listTeachers(.init(filter: TeacherFilter(schoolID: "S00000002")))
                #expect(second.teachers.map(\.id) == ["T00000002", "T00000004", "T00000006"])
                var streamed: [String] = []
                let stream = try await server.client.serverStream(
                    RegistryService.StreamTeachers.self, StreamTeachersRequest(filter: TeacherFilter(schoolID: "S00000001")))
                for try await teacher in stream {
                    streamed.append(teacher.id)
                }
                #expect(streamed == ["T00000001", "T00000003", "T00000005", "T00000007"])
                let schools = try await server.registry.listSchools(.init(pageSize: 1))
                #expect(schools.schools.map(\.id) == ["S00000001"] && !schools.nextPageToken.isEmpty)

                let badToken = await rpcError { try await server.registry.listTeachers(.init(pageToken: "abc")) }
                #expect(badToken?.code == .invalidArgument && badToken?.fieldViolations.first?.field == "page_token")
                let badSize = await rpcError { try await server.registry.listTeachers(.init(pageSize: 5000)) }
                #expect(badSize?.code == .invalidArgument && badSize?.message.contains("page_size: 5000") == true)
            }
        }
    }

    @Test func badInputIsRefusedNamingFieldValueAndRuleAndChangesNothing() async throws {
        try await withTemporaryDirectory { directory in
            try await withStoreServer(directory: directory) { server in
                _ = try await server.registry.createSchool(.init(school: Demo.schools(1)[0]))
                let valid = Demo.teachers(1, schools: 1)[0]
                _ = try await server.registry.createTeacher(.init(teacher: valid))
                let before = try #require(try await server.admin.getServerInfo(.init()).info)

                var noName = valid
                noName.name = ""
                noName.nationalID = nil
                var badDate = valid
                badDate.birthDate = CivilDate(year: 1980, month: 2, day: 30)
                badDate.nationalID = nil
                var badID = valid
                badID.nationalID = "110105198001010010"
                var unset = valid
                unset.titleRank = .unspecified
                unset.nationalID = nil
                var nulName = valid
                nulName.name = "张\u{1}伟"
                nulName.nationalID = nil
                let cases: [(TeacherInput, String, String)] = [
                    (noName, "teacher.name", "is required"),
                    (badDate, "teacher.birth_date", "is not a calendar date"),
                    (badID, "teacher.national_id", "check character"),
                    (unset, "teacher.title_rank", "is required"),
                    (nulName, "teacher.name", "control characters"),
                ]
                for (input, field, rule) in cases {
                    let error = try #require(await rpcError { try await server.registry.createTeacher(.init(teacher: input)) })
                    #expect(error.code == .invalidArgument, "\(field)")
                    let violation = try #require(error.fieldViolations.first { $0.field == field }, "\(error)")
                    #expect(violation.rule.contains(rule), "\(violation)")
                    #expect(error.message.contains(field))
                }
                // The same national ID twice.
                let duplicate = await rpcError { try await server.registry.createTeacher(.init(teacher: valid)) }
                #expect(duplicate?.code == .alreadyExists && duplicate?.message.contains("T00000001") == true)
                var unknownSchoolInput = valid
                unknownSchoolInput.schoolID = "S00000099"
                unknownSchoolInput.nationalID = nil
                let unknownSchool = unknownSchoolInput
                let missing = await rpcError { try await server.registry.createTeacher(.init(teacher: unknownSchool)) }
                #expect(missing?.code == .notFound && missing?.message.contains("S00000099") == true)
                let stale = await rpcError {
                    try await server.registry.updateTeacher(.init(teacherID: "T00000001", expectedRevision: 7, teacher: valid))
                }
                #expect(stale?.code == .aborted)
                let unknownTeacher = await rpcError { try await server.registry.getTeacher(.init(teacherID: "T1")) }
                #expect(unknownTeacher?.code == .notFound)

                let after = try #require(try await server.admin.getServerInfo(.init()).info)
                #expect(after.journalSequence == before.journalSequence)
                #expect(after.counts == before.counts)
            }
        }
    }

    @Test func updatesKeepTheNationalIDUnlessGivenAndBumpTheRevision() async throws {
        try await withTemporaryDirectory { directory in
            try await withStoreServer(directory: directory) { server in
                _ = try await server.registry.createSchool(.init(school: Demo.schools(1)[0]))
                let input = Demo.teachers(1, schools: 1)[0]
                let created = try #require(try await server.registry.createTeacher(.init(teacher: input)).teacher)
                var change = input
                change.nationalID = nil
                change.titleRank = .fullSenior
                let response = try await server.registry.updateTeacher(
                    .init(teacherID: created.id, expectedRevision: 1, teacher: change))
                let updated = try #require(response.teacher)
                #expect(updated.revision == 2 && updated.titleRank == .fullSenior)
                #expect(updated.nationalIDMasked == created.nationalIDMasked)
                #expect(updated.createdAtUnixMs == created.createdAtUnixMs)
            }
        }
    }
}
