import Craftsman
import CraftsmanProto
import Testing

@testable import CraftsmanServer

/// Teacher write replies built from the journal entry's bytes are byte for byte the replies
/// encoding would give, and anything but such an entry gives nil (the caller then encodes).
@Suite struct TeacherReplySpliceTests {
    private static func entry(_ change: RegistryChange) throws -> [UInt8] {
        try CraftsmanState.encode(
            CraftsmanState.Change(
                changes: [.registry(change)], recordedAtUnixMilliseconds: testNow, actorAccountID: "A00000001",
                reason: "登记"))
    }

    @Test func repliesFromEntriesEqualEncodedReplies() throws {
        let state = try CraftsmanStateTests.state(teachers: 300)
        var teachers = Array(state.registry.allTeachers)
        // One without a national ID on file (no masked field at all).
        teachers[7].nationalID = ""
        #expect(teachers.contains { !$0.awards.isEmpty && !$0.researchProjects.isEmpty && !$0.honours.isEmpty })
        for teacher in teachers {
            let created = try #require(
                EncodedMessage<CreateTeacherResponse>(
                    journalEntry: try Self.entry(.teacherCreated(teacher)), nationalIDMasked: teacher.nationalIDMasked))
            #expect(created == (try EncodedMessage(CreateTeacherResponse(teacher: CraftsmanProto.Teacher(teacher)))))
            let updated = try #require(
                EncodedMessage<UpdateTeacherResponse>(
                    journalEntry: try Self.entry(.teacherUpdated(teacher)), nationalIDMasked: teacher.nationalIDMasked))
            #expect(updated == (try EncodedMessage(UpdateTeacherResponse(teacher: CraftsmanProto.Teacher(teacher)))))
        }
    }

    @Test func otherEntriesGiveNil() throws {
        let state = try CraftsmanStateTests.state(teachers: 200, teams: 1)
        let teacher = try #require(state.registry.teacher(id: "T00000001"))
        let masked = teacher.nationalIDMasked
        // The other kind of teacher write, a school, a team, and bytes that are no entry.
        #expect(
            EncodedMessage<CreateTeacherResponse>(
                journalEntry: try Self.entry(.teacherUpdated(teacher)), nationalIDMasked: masked) == nil)
        #expect(
            EncodedMessage<UpdateTeacherResponse>(
                journalEntry: try Self.entry(.teacherCreated(teacher)), nationalIDMasked: masked) == nil)
        let school = try #require(Array(state.registry.allSchools).first)
        #expect(
            EncodedMessage<CreateTeacherResponse>(journalEntry: try Self.entry(.schoolCreated(school)), nationalIDMasked: masked)
                == nil)
        let team = try #require(Array(state.registry.allTeams).first)
        #expect(
            EncodedMessage<CreateTeacherResponse>(journalEntry: try Self.entry(.teamCreated(team)), nationalIDMasked: masked)
                == nil)
        #expect(EncodedMessage<CreateTeacherResponse>(journalEntry: [], nationalIDMasked: masked) == nil)
        #expect(EncodedMessage<CreateTeacherResponse>(journalEntry: [0xFF, 0xFF, 0xFF], nationalIDMasked: masked) == nil)
    }

    /// A cut entry gives nil, or (cut at a field's end, after the teacher) the same reply.
    @Test func cutEntriesGiveNilOrTheSameReply() throws {
        let teacher = try #require(try CraftsmanStateTests.state(teachers: 2).registry.teacher(id: "T00000002"))
        let entry = try Self.entry(.teacherCreated(teacher))
        let whole = try EncodedMessage(CreateTeacherResponse(teacher: CraftsmanProto.Teacher(teacher)))
        for end in 0..<entry.count {
            let reply = EncodedMessage<CreateTeacherResponse>(
                journalEntry: Array(entry[..<end]), nationalIDMasked: teacher.nationalIDMasked)
            #expect(reply == nil || reply == whole, "cut at \(end) of \(entry.count)")
        }
    }

    /// Random changes to an entry's bytes never crash the splice.
    @Test func damagedEntriesNeverCrash() throws {
        let teacher = try #require(try CraftsmanStateTests.state(teachers: 1).registry.teacher(id: "T00000001"))
        let entry = try Self.entry(.teacherCreated(teacher))
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            var damaged = entry
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                damaged[Int.random(in: 0..<damaged.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            if let reply = EncodedMessage<CreateTeacherResponse>(journalEntry: damaged, nationalIDMasked: "1101**********0012") {
                _ = try? CreateTeacherResponse(serializedBytes: reply.bytes)
            }
        }
    }
}
