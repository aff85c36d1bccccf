import Craftsman
import CraftsmanDemo
import CraftsmanServer
import CraftsmanStore
import Foundation
import Testing

@Suite struct CraftsmanStateTests {
    /// A state with `teachers` demo teachers over 20 schools, built through the journal's path.
    static func state(teachers: Int) throws -> CraftsmanState {
        var state = CraftsmanState()
        for draft in DemoRegistry.schools(count: 20) {
            let change = try state.registry.planCreateSchool(draft, now: testNow)
            try state.apply(CraftsmanState.Change(registry: change, recordedAtUnixMilliseconds: testNow))
        }
        for draft in DemoRegistry.teachers(count: teachers, schoolCount: 20, today: Demo.today) {
            let change = try state.registry.planCreateTeacher(draft, now: testNow)
            try state.apply(CraftsmanState.Change(registry: change, recordedAtUnixMilliseconds: testNow))
        }
        return state
    }

    @Test func aSnapshotEncodedAndDecodedInParallelPartsKeepsEveryTeacherInOrder() throws {
        // Enough teachers for several parts on any machine (a part is at least 2,048).
        let state = try Self.state(teachers: 4200)
        let payload = try state.snapshotPayload().flatMap { $0 }
        let loaded = try CraftsmanState(snapshotPayload: payload[...])
        #expect(try loaded.digest() == (try state.digest()))
        #expect(Array(loaded.registry.allTeachers.map(\.id)) == (1...4200).map { "T" + String(format: "%08d", $0) })
        #expect(Array(loaded.registry.allTeachers) == Array(state.registry.allTeachers))
    }

    @Test func journalEntriesRoundTrip() throws {
        let state = try Self.state(teachers: 3)
        let teacher = try #require(state.registry.teacher(id: "T00000002"))
        let change = CraftsmanState.Change(registry: .teacherUpdated(teacher), recordedAtUnixMilliseconds: 42)
        #expect(try CraftsmanState.decode(try CraftsmanState.encode(change)[...]) == change)
    }

    @Test func aCutSnapshotPayloadIsRefused() throws {
        let payload = try Self.state(teachers: 3).snapshotPayload().flatMap { $0 }
        // The last teacher cut short.
        var reader = payload
        reader.removeLast(10)
        #expect(throws: (any Error).self) { try CraftsmanState(snapshotPayload: reader[...]) }
    }
}
