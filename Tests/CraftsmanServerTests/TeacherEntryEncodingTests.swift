import Craftsman
import Testing

@testable import CraftsmanProto
@testable import CraftsmanServer

/// Teacher writes' journal entries encoded straight from the domain are protobuf-c's bytes for
/// the same entry built as wire structs; other changes, and strings holding NUL, are left to the
/// general path.
@Suite struct TeacherEntryEncodingTests {
    /// The entry as the general path builds it, encoded by protobuf-c.
    private static func generic(_ change: CraftsmanState.Change) throws -> [UInt8] {
        var entry = JournalEntry()
        entry.recordedAtUnixMs = change.recordedAtUnixMilliseconds
        entry.actorAccountID = change.actorAccountID
        entry.reason = change.reason
        guard case .registry(let registry) = change.changes[0] else {
            throw StoredValueError(description: "not a registry change")
        }
        entry.change = JournalEntry.Change(registry)
        return try ProtoCodec.encodeGenerically(entry)
    }

    @Test func entriesEqualProtobufCs() throws {
        var teachers = Array(try CraftsmanStateTests.state(teachers: 300).registry.allTeachers)
        teachers[3].nationalID = ""
        teachers[4].enterprisePracticeAsOf = nil
        teachers[5].ethicsAttestation = nil
        if !teachers[6].researchProjects.isEmpty { teachers[6].researchProjects[0].concludedYear = 0 }
        #expect(teachers.contains { !$0.awards.isEmpty && !$0.researchProjects.isEmpty && !$0.honours.isEmpty })
        for (index, teacher) in teachers.enumerated() {
            for registry in [RegistryChange.teacherCreated(teacher), .teacherUpdated(teacher)] {
                let change = CraftsmanState.Change(
                    changes: [.registry(registry)], recordedAtUnixMilliseconds: testNow + Int64(index),
                    actorAccountID: index % 2 == 0 ? "A00000007" : "", reason: index % 3 == 0 ? "补录教师信息" : "")
                let direct = try #require(TeacherEntryEncoding.bytes(of: change))
                #expect(direct == (try Self.generic(change)), "teacher \(teacher.id)")
                #expect(try CraftsmanState.encode(change) == direct)
                #expect(try CraftsmanState.decode(direct[...]) == change)
            }
        }
    }

    @Test func otherChangesAndNULAreLeftToTheGeneralPath() throws {
        let state = try CraftsmanStateTests.state(teachers: 200, teams: 1)
        let school = try #require(Array(state.registry.allSchools).first)
        let team = try #require(Array(state.registry.allTeams).first)
        for registry in [RegistryChange.schoolCreated(school), .teamCreated(team)] {
            #expect(
                TeacherEntryEncoding.bytes(of: CraftsmanState.Change(registry: registry, recordedAtUnixMilliseconds: 1)) == nil)
        }
        var teacher = try #require(state.registry.teacher(id: "T00000001"))
        teacher.name = "王\u{0}明"
        let change = CraftsmanState.Change(registry: .teacherCreated(teacher), recordedAtUnixMilliseconds: 1)
        #expect(TeacherEntryEncoding.bytes(of: change) == nil)
        #expect(throws: (any Error).self) { try CraftsmanState.encode(change) }
    }
}
