import Craftsman
import CraftsmanClient
import CraftsmanDemo
import CraftsmanProto
import CraftsmanRPC
import CraftsmanServer
import Testing

/// Who may see and change the registry: the bureau everything, a school operator only their own
/// school's teachers and teams, the other roles read.
@Suite struct RegistryAccessTests {
    @Test func aSchoolOperatorSeesAndChangesOnlyTheirOwnSchool() async throws {
        try await withTemporaryDirectory { directory in
            try await withStoreServer(directory: directory) { server in
                let registry = server.registry
                for draft in DemoRegistry.schools(count: 2) {
                    _ = try await registry.createSchool(.init(school: SchoolInput(draft)))
                }
                func account(_ login: String, _ role: AccountRole, school: String = "") async throws -> CallOptions {
                    let input = AccountInput(loginName: login, displayName: login, role: role, scopeSchoolID: school)
                    let id = try await server.accounts.createAccount(.init(account: input)).account!.id
                    return CallOptions(metadata: Metadata([(CraftsmanServices.accountMetadataKey, id)]))
                }
                let schoolA = try await account("op-a", .schoolOperator, school: "S00000001")
                let schoolB = try await account("op-b", .schoolOperator, school: "S00000002")
                let expert = try await account("expert", .expert)
                let auditor = try await account("auditor", .auditor)

                // Schools are the bureau's.
                let school = await rpcError {
                    try await registry.createSchool(.init(school: .init(name: "新学校", district: "朝阳区")), options: schoolA)
                }
                #expect(school?.code == .permissionDenied)

                // Teachers: each school registers its own.
                let own = TeacherInput(DemoRegistry.exemplaryTeacher(name: "李强", schoolID: "S00000001"))
                let teacher = try await registry.createTeacher(.init(teacher: own), options: schoolA).teacher!
                #expect(teacher.ethicsAttestation?.attestedByAccountID == schoolA.metadata[CraftsmanServices.accountMetadataKey])
                let foreign = await rpcError { try await registry.createTeacher(.init(teacher: own), options: schoolB) }
                #expect(foreign?.code == .permissionDenied)
                #expect(foreign?.message.contains("S00000001") == true)
                for options in [expert, auditor] {
                    #expect(
                        await rpcError { try await registry.createTeacher(.init(teacher: own), options: options) }?.code
                            == .permissionDenied)
                }
                var moved = own
                moved.schoolID = "S00000002"
                let move = await rpcError {
                    try await registry.updateTeacher(.init(teacherID: teacher.id, teacher: moved), options: schoolB)
                }
                #expect(move?.code == .permissionDenied)
                #expect(try await registry.getTeacher(.init(teacherID: teacher.id), options: schoolA).teacher?.revision == 1)

                // Another school's teacher is not revealed to exist; lists show only one's own.
                let hidden = await rpcError { try await registry.getTeacher(.init(teacherID: teacher.id), options: schoolB) }
                #expect(hidden?.code == .notFound)
                #expect(try await registry.listTeachers(.init(), options: schoolB).teachers.isEmpty)
                #expect(try await registry.listTeachers(.init(), options: schoolA).teachers.map(\.id) == [teacher.id])
                #expect(try await registry.getTeacher(.init(teacherID: teacher.id), options: auditor).teacher?.id == teacher.id)
            }
        }
    }
}
