import Craftsman
import CraftsmanClient
import CraftsmanDemo
import CraftsmanProto
import CraftsmanRPC
import CraftsmanServer
import Testing

/// GetTeacher answers from replies kept encoded: never an old revision, the same after a
/// restart, and never to a school operator of another school.
@Suite struct TeacherRepliesTests {
    /// Every teacher as GetTeacher shows it, in id order.
    private func readAll(_ server: StoreServer, count: Int) async throws -> [CraftsmanProto.Teacher] {
        var teachers: [CraftsmanProto.Teacher] = []
        for number in 1...count {
            let id = "T" + String(repeating: "0", count: 8 - String(number).count) + String(number)
            teachers.append(try #require(try await server.registry.getTeacher(.init(teacherID: id)).teacher))
        }
        return teachers
    }

    @Test func aReadAfterAnUpdateShowsTheNewRevisionAndARestartGivesTheSameAnswers() async throws {
        try await withTemporaryDirectory { directory in
            let inputs = Demo.teachers(5, schools: 2)
            let before = try await withStoreServer(directory: directory) { server in
                for school in Demo.schools(2) { _ = try await server.registry.createSchool(.init(school: school)) }
                var created: [CraftsmanProto.Teacher] = []
                for input in inputs {
                    created.append(try #require(try await server.registry.createTeacher(.init(teacher: input)).teacher))
                }
                // Read once (the replies are kept), then change one teacher and read again.
                #expect(try await readAll(server, count: inputs.count) == created)
                var change = inputs[2]
                change.name = "王小明"
                let updated = try #require(
                    try await server.registry.updateTeacher(.init(teacherID: created[2].id, expectedRevision: 1, teacher: change))
                        .teacher)
                let read = try await readAll(server, count: inputs.count)
                #expect(read[2] == updated)
                #expect(read[2].revision == 2 && read[2].name == "王小明")
                #expect(read[2].nationalIDMasked == created[2].nationalIDMasked && !read[2].nationalIDMasked.isEmpty)
                #expect(Array(read[..<2] + read[3...]) == Array(created[..<2] + created[3...]))
                return read
            }
            // Journal replay.
            let replayed = try await withStoreServer(directory: directory) { server in
                let read = try await readAll(server, count: inputs.count)
                _ = try await server.store.takeSnapshot()
                return read
            }
            #expect(replayed == before)
            // Snapshot load.
            let loaded = try await withStoreServer(directory: directory) { server in
                try await readAll(server, count: inputs.count)
            }
            #expect(loaded == before)
        }
    }

    @Test func aSchoolOperatorOfAnotherSchoolGetsNotFoundAfterTheReplyIsKept() async throws {
        try await withTemporaryDirectory { directory in
            try await withStoreServer(directory: directory) { server in
                for school in Demo.schools(2) { _ = try await server.registry.createSchool(.init(school: school)) }
                let input = TeacherInput(DemoRegistry.exemplaryTeacher(name: "李强", schoolID: "S00000001"))
                let teacher = try #require(try await server.registry.createTeacher(.init(teacher: input)).teacher)
                func operator_(of school: String) async throws -> CallOptions {
                    let account = AccountInput(
                        loginName: "op-\(school.lowercased())", displayName: "op", role: .schoolOperator, scopeSchoolID: school)
                    let id = try await server.accounts.createAccount(.init(account: account)).account!.id
                    return CallOptions(metadata: Metadata([(CraftsmanServices.accountMetadataKey, id)]))
                }
                let own = try await operator_(of: "S00000001")
                let other = try await operator_(of: "S00000002")
                // The bureau's read keeps the reply; the scope is checked on every read after it.
                #expect(try await server.registry.getTeacher(.init(teacherID: teacher.id)).teacher == teacher)
                for _ in 0..<2 {
                    let hidden = await rpcError {
                        try await server.registry.getTeacher(.init(teacherID: teacher.id), options: other)
                    }
                    #expect(hidden?.code == .notFound)
                    #expect(hidden?.message == "teacher_id: no teacher \(teacher.id)")
                    #expect(try await server.registry.getTeacher(.init(teacherID: teacher.id), options: own).teacher == teacher)
                }
                // Moved to the other school: now the other operator sees it, and the first does not.
                var moved = input
                moved.schoolID = "S00000002"
                _ = try await server.registry.updateTeacher(.init(teacherID: teacher.id, teacher: moved))
                #expect(
                    try await server.registry.getTeacher(.init(teacherID: teacher.id), options: other).teacher?.schoolID
                        == "S00000002")
                #expect(
                    await rpcError { try await server.registry.getTeacher(.init(teacherID: teacher.id), options: own) }?.code
                        == .notFound)
            }
        }
    }
}
